"""descend and run_batch: ascent, the four methods, constraints, divergence and batches."""

from __future__ import annotations

import numpy as np
import pytest

from gradmath import LANDSCAPES, METHODS, Box, Budget, descend, run_batch

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
    assert isinstance(together, tuple) and len(together) == len(starts)
    for start, path in zip(starts, together):
        alone = descend(HEAT, start, learning_rate=0.02, steps=150, method=method)
        np.testing.assert_array_equal(path.points, alone.points)
        np.testing.assert_array_equal(path.values, alone.values)
        assert (path.converged, path.diverged, path.stopped_at) == (alone.converged, alone.diverged, alone.stopped_at)


def test_batch_of_one_is_a_tuple():
    out = descend(BOWL, [[1.0, 1.0]], learning_rate=0.1, steps=3)
    assert isinstance(out, tuple) and len(out) == 1


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
