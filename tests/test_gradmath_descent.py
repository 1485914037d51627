"""descend and run_batch: ascent, the four methods, constraints, divergence and batches."""

from __future__ import annotations

import numpy as np
import pytest

from gradmath import LANDSCAPES, METHODS, Box, Budget, Trajectories, Trajectory, descend, run_batch

COLONEL = LANDSCAPES["colonel_loss"]
BOWL = LANDSCAPES["bowl"]
HEAT = LANDSCAPES["heat_map"]


def test_trajectory_fields():
    path = descend(COLONEL, (10, 10), learning_rate=0.05, steps=30)
    assert path.points.shape == path.gradients.shape == (31, 2)
    assert path.values.shape == (31,) and path.steps == 30
    np.testing.assert_array_equal(path.final, path.points[-1])
    for p, v, g in zip(path.points[::7], path.values[::7], path.gradients[::7]):
        assert v == pytest.approx(float(COLONEL.value(p)))
        np.testing.assert_allclose(g, COLONEL.gradient(p))
    assert (path.converged, path.diverged, path.stopped_at, path.left_domain) == (False, False, None, False)


def test_gd_step_by_hand():
    path = descend(BOWL, (2.5, 1.5), learning_rate=0.1, steps=2)
    # ∇f = 2p: each step multiplies p by 1 − 0.2 = 0.8
    np.testing.assert_allclose(path.points, [[2.5, 1.5], [2.0, 1.2], [1.6, 0.96]], rtol=1e-15)


def test_ascent_for_max_goal():
    ceo = LANDSCAPES["ceo_profit"]
    path = descend(ceo, (2, 3), learning_rate=0.1, steps=1)
    # x + 0.1·∇P = (2, 3) + 0.1·(6, 2): walks WITH the gradient when the goal is "max"
    np.testing.assert_allclose(path.points[1], (2.6, 3.2))


def test_worse_than_start():
    # on x² (BOWL) at rate 1.1 each step multiplies p by 1 − 2.2 = −1.2: f drops never, so step 1 is worse
    grows = descend(BOWL, (1.0, 0.0), learning_rate=1.1, steps=3)
    assert grows.worse_than_start() == 1 and grows.worse_than_start("max") is None
    assert descend(BOWL, (2.5, 1.5), learning_rate=0.1, steps=5).worse_than_start() is None
    ceo = LANDSCAPES["ceo_profit"]
    assert descend(ceo, (2, 3), learning_rate=0.1, steps=5).worse_than_start("max") is None
    with pytest.raises(ValueError, match="goal"):
        grows.worse_than_start("down")


def test_convergence_and_early_stop():
    path = descend(BOWL, (2.5, 1.5), learning_rate=0.25, steps=500, tol=1e-8)
    assert path.converged and not path.diverged
    assert path.stopped_at == path.steps < 500
    assert np.linalg.norm(path.gradients[-1]) < 1e-8
    assert np.linalg.norm(path.gradients[-2]) >= 1e-8  # it stopped at the first point below tol


def test_start_at_optimum_takes_no_step():
    path = descend(COLONEL, (50, 30), learning_rate=0.05, steps=30)
    assert path.converged and path.stopped_at == 0 and path.points.shape == (1, 2)


def test_zero_steps():
    path = descend(COLONEL, (10, 10), learning_rate=0.05, steps=0)
    assert path.points.shape == (1, 2) and path.steps == 0


@pytest.mark.parametrize("method", METHODS)
def test_batch_equals_one_at_a_time(method):
    starts = np.array(HEAT.starts, dtype=float)
    together = descend(HEAT, starts, learning_rate=0.02, steps=150, method=method)
    assert isinstance(together, Trajectories) and len(together) == len(starts)
    for start, path in zip(starts, together):
        alone = descend(HEAT, start, learning_rate=0.02, steps=150, method=method)
        assert isinstance(path, Trajectory) and isinstance(alone, Trajectory)
        np.testing.assert_array_equal(path.points, alone.points)
        np.testing.assert_array_equal(path.values, alone.values)
        np.testing.assert_array_equal(path.gradients, alone.gradients)
        assert (path.converged, path.diverged, path.stopped_at, path.left_domain) == (
            alone.converged, alone.diverged, alone.stopped_at, alone.left_domain)


def test_batch_of_one_is_a_batch():
    out = descend(BOWL, [[1.0, 1.0]], learning_rate=0.1, steps=3)
    assert isinstance(out, Trajectories) and len(out) == 1
    assert isinstance(out[0], Trajectory) and out[0].points.shape == (4, 2)


# --- Trajectories: many starts as arrays with a leading start axis ---------------------------------

# Four starts on the bowl at rate 0.25 (each step multiplies p by 0.5): the origin converges at once,
# two converge later, one runs out of steps; a fifth at rate 0.25 on the weight-update loss diverges.
MIXED = np.array([[0.0, 0.0], [1e-7, 0.0], [2.5, 1.5], [-3.0, 3.0]])


@pytest.fixture(scope="module")
def mixed():
    return descend(BOWL, MIXED, learning_rate=0.25, steps=12, tol=1e-6)


def test_trajectories_shapes(mixed):
    k, s, n = len(MIXED), 12, 2
    assert mixed.points.shape == mixed.gradients.shape == (k, s + 1, n)
    assert mixed.values.shape == (k, s + 1)
    for name in ("last", "lengths", "converged", "diverged", "left_domain", "final_values"):
        assert getattr(mixed, name).shape == (k,), name
    assert mixed.finals.shape == (k, n) and mixed.steps == s
    assert mixed.converged.dtype == mixed.diverged.dtype == mixed.left_domain.dtype == bool
    assert len(mixed) == k and "4 starts" in repr(mixed)


def test_trajectories_flags_and_lengths(mixed):
    # |p| halves every step and |∇f| = 2|p| < 1e-6 stops a run: the origin at once, 1e-7 too,
    # (2.5, 1.5) after 23 halvings (more than 12 steps: it runs out), (−3, 3) likewise
    assert mixed.converged.tolist() == [True, True, False, False]
    assert not mixed.diverged.any() and not mixed.left_domain.any()
    assert mixed.last.tolist() == [0, 0, 12, 12] and mixed.lengths.tolist() == [1, 1, 13, 13]
    np.testing.assert_array_equal(mixed.finals, mixed.points[:, -1])
    np.testing.assert_array_equal(mixed.final_values, mixed.values[:, -1])
    np.testing.assert_allclose(mixed.points[2, 2], [2.5 / 4, 1.5 / 4], rtol=1e-15)


def test_trajectories_rows_past_the_end_hold_the_last_point(mixed):
    j = 1
    np.testing.assert_array_equal(mixed.points[j], np.broadcast_to(MIXED[j], (13, 2)))
    np.testing.assert_array_equal(mixed.values[j], np.full(13, mixed.values[j, 0]))


def test_trajectories_index_trims_to_each_start(mixed):
    first = mixed[1]
    assert isinstance(first, Trajectory)
    assert first.points.shape == (1, 2) and first.values.shape == (1,) and first.gradients.shape == (1, 2)
    assert first.converged and first.stopped_at == 0 and first.steps == 0
    full = mixed[2]
    assert full.points.shape == (13, 2) and full.stopped_at is None and not full.converged
    np.testing.assert_array_equal(mixed[-1].points, mixed.points[3])
    np.testing.assert_array_equal(mixed[-4].final, mixed[0].final)
    assert [p.steps for p in mixed] == [0, 0, 12, 12]
    assert mixed[0].final.tolist() == [0.0, 0.0]  # paths[0].final, as scenes use it


def test_trajectories_index_gives_independent_copies(mixed):
    path = mixed[2]
    path.points[0] = 99.0
    assert mixed.points[2, 0].tolist() == [2.5, 1.5]
    with pytest.raises(ValueError, match="read-only"):
        mixed.points[0, 0, 0] = 1.0


def test_trajectories_equal_per_start_runs():
    # Rosenbrock's arithmetic is elementwise, so a batch gives bit-identical paths. (A quadratic's
    # A @ p takes another BLAS kernel for one column than for k, and may differ in the last bit.)
    ro = LANDSCAPES["rosenbrock"]
    starts = np.array([[-1.2, 1.0], [0.5, 0.5], [1.9, 2.9], [1.0, 1.0]])
    for rate in (0.01, 0.001):  # 0.01: three diverge within 5 steps; 0.001: one wanders off the map
        batch = descend(ro, starts, learning_rate=rate, steps=300)
        for j, start in enumerate(starts):
            alone = descend(ro, start, learning_rate=rate, steps=300)
            path = batch[j]
            np.testing.assert_array_equal(path.points, alone.points)
            np.testing.assert_array_equal(path.gradients, alone.gradients)
            np.testing.assert_array_equal(path.values, alone.values)
            assert (path.converged, path.diverged, path.stopped_at, path.left_domain) == (
                alone.converged, alone.diverged, alone.stopped_at, alone.left_domain)
            assert batch.diverged[j] == alone.diverged and batch.left_domain[j] == alone.left_domain
            assert batch.last[j] == alone.steps
            np.testing.assert_array_equal(batch.finals[j], alone.final)
        assert batch.converged.tolist() == [False, False, False, True]  # (1, 1) is the minimum
        assert batch.diverged.tolist() == [rate == 0.01] * 3 + [False]
        assert batch.left_domain.tolist() == [rate == 0.01, rate == 0.01, True, False]


def test_trajectories_slices(mixed):
    tail = mixed[2:]
    assert isinstance(tail, Trajectories) and len(tail) == 2
    np.testing.assert_array_equal(tail.points, mixed.points[2:])
    np.testing.assert_array_equal(tail[0].points, mixed[2].points)
    assert len(mixed[5:]) == 0 and list(mixed[5:]) == []


def test_trajectories_bad_index(mixed):
    with pytest.raises(IndexError, match=r"index must lie in \[-4, 3\] for 4 starts; got 4"):
        mixed[4]
    with pytest.raises(TypeError, match="index must be an int or a slice; got str"):
        mixed["0"]
    with pytest.raises(TypeError, match="index must be an int or a slice"):
        mixed[True]


def test_trajectories_sequence_protocol(mixed):
    from collections.abc import Sequence

    assert isinstance(mixed, Sequence)
    assert [p.steps for p in reversed(mixed)] == [12, 12, 0, 0]
    paths = list(mixed)
    assert len(paths) == 4 and all(isinstance(p, Trajectory) for p in paths)


def test_one_variable_starts():
    mm = LANDSCAPES["multimodal"]
    single = descend(mm, 3.0, learning_rate=0.1, steps=5)
    assert single.points.shape == (6, 1)
    flat = descend(mm, [-5, -2, 0, 3], learning_rate=0.1, steps=5)
    assert len(flat) == 4
    np.testing.assert_array_equal(flat[3].points, single.points)


def test_run_batch_arrays():
    run = run_batch(COLONEL, np.array(COLONEL.starts), learning_rate=0.05, steps=30)
    assert run.points.shape == (31, 4, 2) and run.values.shape == (31, 4) and run.gradients.shape == (31, 4, 2)
    np.testing.assert_array_equal(run.finals, run.points[-1])
    assert run.last.tolist() == [30] * 4 and not run.single
    lean = run_batch(COLONEL, np.array(COLONEL.starts), learning_rate=0.05, steps=30, keep_path=False)
    assert lean.points is None and lean.values is None and lean.gradients is None
    np.testing.assert_array_equal(lean.finals, run.finals)
    np.testing.assert_array_equal(lean.final_values, run.final_values)


def test_run_batch_holds_stopped_rows():
    run = run_batch(BOWL, [[2.5, 1.5], [0.001, 0.0]], learning_rate=0.25, steps=60, tol=1e-6)
    # the second start converges early; later rows repeat its last point
    j = 1
    assert run.converged[j] and run.last[j] < 60
    np.testing.assert_array_equal(run.points[run.last[j]:, j], np.broadcast_to(run.finals[j], (61 - run.last[j], 2)))


def momentum_by_hand(grad, x, lr, mu, steps, nesterov=False):
    v = np.zeros_like(x)
    for _ in range(steps):
        g = grad(x + lr * mu * v) if nesterov else grad(x)
        v = mu * v - g
        x = x + lr * v
    return x


def adam_by_hand(grad, x, lr, steps, b1=0.9, b2=0.999, eps=1e-8):
    m = v = np.zeros_like(x)
    for t in range(1, steps + 1):
        g = grad(x)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        x = x - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    return x


def test_methods_by_hand():
    ro = LANDSCAPES["rosenbrock"]
    start = np.array([-1.2, 1.0])
    for method, expected in [
        ("momentum", momentum_by_hand(ro.gradient, start, 1e-3, 0.9, 40)),
        ("nesterov", momentum_by_hand(ro.gradient, start, 1e-3, 0.9, 40, nesterov=True)),
        ("adam", adam_by_hand(ro.gradient, start, 0.05, 40)),
    ]:
        rate = 0.05 if method == "adam" else 1e-3
        path = descend(ro, start, learning_rate=rate, steps=40, method=method, tol=1e-12)
        np.testing.assert_allclose(path.final, expected, rtol=1e-12, err_msg=method)


def test_methods_ascend_too():
    ceo = LANDSCAPES["ceo_profit"]
    for method in METHODS:
        rate = 0.2 if method == "adam" else 0.05
        path = descend(ceo, (2, 3), learning_rate=rate, steps=3000, method=method, tol=1e-6)
        assert path.converged, method
        np.testing.assert_allclose(path.final, (5, 4), atol=1e-4)


def test_box_constraint_keeps_points_feasible():
    box = Box(0.0, 1.0)
    pf = LANDSCAPES["portfolio_sharpe"]
    for start in [(0.0,), (0.5,), (1.0,), (0.9,)]:
        path = descend(pf, start, learning_rate=0.5, steps=200, constraint=box)
        assert np.all((path.points >= 0) & (path.points <= 1))
        assert path.converged
        np.testing.assert_allclose(path.final, [22 / 71], atol=1e-5)


def test_box_constraint_active_at_optimum():
    # the colonel's minimum (50, 30) lies outside the box [0, 40] × [0, 20]: the answer is its corner
    box = Box((0.0, 0.0), (40.0, 20.0))
    path = descend(COLONEL, (10, 10), learning_rate=0.1, steps=500, constraint=box)
    assert path.converged
    np.testing.assert_allclose(path.final, (40, 20), atol=1e-9)
    assert np.all(path.points <= [40, 20]) and np.all(path.points >= 0)


def test_budget_projection():
    b = Budget(50.0, 1.0, 49.0)
    pts = np.array([[25.0, 25.0], [60.0, 10.0], [-5.0, -5.0], [0.0, 100.0]])
    out = b.project(pts)
    np.testing.assert_allclose(out.sum(axis=1), 50, atol=1e-9)
    assert np.all((out >= 1) & (out <= 49))
    # Euclidean projection onto g + i = 50: shift both by the same amount
    np.testing.assert_allclose(out[0], [25, 25], atol=1e-9)
    np.testing.assert_allclose(out[1], [49, 1], atol=1e-9)  # (50, 0) then clipped into [1, 49]
    np.testing.assert_allclose(out[2], [25, 25], atol=1e-9)
    np.testing.assert_allclose(out[3], [1, 49], atol=1e-9)


def test_budget_projection_three_variables():
    b = Budget(30.0, 0.25, 25.0)
    # (11, 12, 9) spends 32: each coordinate gives up 2/3; (40, 0, 0) is clipped at 25 and the floor
    out = b.project(np.array([[10.0, 12.0, 8.0], [11.0, 12.0, 9.0], [40.0, 0.0, 0.0]]))
    np.testing.assert_allclose(out.sum(axis=1), 30, atol=1e-9)
    np.testing.assert_allclose(out[1], [11 - 2 / 3, 12 - 2 / 3, 9 - 2 / 3], atol=1e-9)
    np.testing.assert_allclose(out[2], [25, 2.5, 2.5], atol=1e-9)


def test_budget_descent_every_point_feasible():
    gpa = LANDSCAPES["gpa"]
    path = descend(gpa, (20, 5, 5), learning_rate=10.0, steps=300, constraint=gpa.constraint)
    np.testing.assert_allclose(path.points.sum(axis=1), 30, atol=1e-9)
    assert np.all(path.points >= 0.25) and np.all(path.points <= 25)
    assert path.converged
    np.testing.assert_allclose(path.final, (10, 10, 10), atol=1e-4)


def test_infeasible_start_is_projected():
    gpa = LANDSCAPES["gpa"]
    path = descend(gpa, (20, 20, 20), learning_rate=1.0, steps=1, constraint=gpa.constraint)
    np.testing.assert_allclose(path.points[0], (10, 10, 10), atol=1e-9)


def test_divergence_is_detected_and_finite():
    wu = LANDSCAPES["weight_update"]
    path = descend(wu, (1, 1), learning_rate=0.1, steps=1000)
    assert path.diverged and not path.converged and path.left_domain
    assert path.stopped_at == path.steps < 20
    assert np.all(np.isfinite(path.values))


def test_non_finite_value_is_divergence():
    gpa = LANDSCAPES["gpa"]
    path = descend(gpa, (10, 12, 8), learning_rate=500.0, steps=10)  # jumps to negative hours: √ is NaN
    assert path.diverged and path.steps == 1
    assert np.isnan(path.values[-1])


def test_left_domain_recorded_without_divergence():
    path = descend(HEAT, (0, 0), learning_rate=0.5, steps=50, tol=0.01)
    assert path.left_domain and not path.diverged
    inside = descend(HEAT, (0, 0), learning_rate=0.02, steps=50)
    assert not inside.left_domain


def test_saddle_stalls_then_slides():
    sd = LANDSCAPES["saddle"]
    path = descend(sd, (1.8, 0.01), learning_rate=0.1, steps=40)
    # x shrinks ×0.8, y grows ×1.2 per step
    np.testing.assert_allclose(path.points[20], (1.8 * 0.8**20, 0.01 * 1.2**20), rtol=1e-12)
    assert np.all(np.diff(path.values) < 0)


def test_descend_overloads_state_the_result_type():
    typing = pytest.importorskip("typing")
    if not hasattr(typing, "get_overloads"):  # Python 3.11+
        pytest.skip("typing.get_overloads needs Python 3.11")
    returns = [f.__annotations__["return"] for f in typing.get_overloads(descend)]
    assert returns == ["Trajectory", "Trajectories", "Trajectory | Trajectories"]
