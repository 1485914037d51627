"""Every worked number of the two gradient lessons, asserted against gradmath (the truth where the lesson errs)."""

from __future__ import annotations

import numpy as np
import pytest

import gradmath as gm
from gradmath import LANDSCAPES, critical_points, descend, directional_derivative, numerical_gradient

COLONEL = LANDSCAPES["colonel_loss"]
HEAT = LANDSCAPES["heat_map"]


def kinds(landscape):
    return [(c.kind, c.point) for c in critical_points(landscape)]


# --- Lesson 1 (the Colonel) -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("point", "expected"),
    [
        # ∂L/∂p = 2(p − 50), ∂L/∂s = 2(s − 30)
        ((20, 10), (-60, -40)),
        ((50, 30), (0, 0)),
        ((80, 50), (60, 40)),
        ((30, 60), (-40, 60)),
    ],
)
def test_colonel_gradient_table(point, expected):
    assert COLONEL.gradient(point).tolist() == list(map(float, expected))


def test_colonel_loss_values():
    # L(20, 10) = 30² + 20² = 1300; L(50, 30) = 0
    assert COLONEL.value((20, 10)) == 1300.0
    assert COLONEL.value((50, 30)) == 0.0


def lesson_gradient_2d(personnel, supplies, optimal_p=50, optimal_s=30):
    """The lesson's own gradient_2d, copied."""
    return np.array([2 * (personnel - optimal_p), 2 * (supplies - optimal_s)])


def lesson_gradient_descent_2d(start, learning_rate=0.1, num_steps=20):
    """The lesson's own gradient_descent_2d, copied."""
    path = [start]
    current = np.array(start, dtype=float)
    for _ in range(num_steps):
        grad = lesson_gradient_2d(current[0], current[1])
        current = current - learning_rate * grad
        path.append(current.copy())
    return np.array(path)


@pytest.mark.parametrize("start", COLONEL.starts)
def test_colonel_descent_from_lesson_starts(start):
    assert COLONEL.starts == ((10, 10), (90, 50), (30, 55), (80, 5))
    assert (COLONEL.lesson_rate, COLONEL.lesson_steps) == (0.05, 30)
    path = descend(COLONEL, start, learning_rate=0.05, steps=30)
    # Each step multiplies the offset from (50, 30) by 1 − 0.05·2 = 0.9: p_t = 50 + (p0 − 50)·0.9^t.
    t = np.arange(31)[:, None]
    closed = np.array([50.0, 30.0]) + (np.array(start) - [50.0, 30.0]) * 0.9**t
    np.testing.assert_allclose(path.points, closed, rtol=0, atol=1e-10)
    np.testing.assert_allclose(path.points, lesson_gradient_descent_2d(start, 0.05, 30), rtol=0, atol=1e-12)
    # Near, not at, the minimum: 0.9^30 ≈ 0.042 of the starting offset is left.
    assert not path.converged and path.stopped_at is None
    assert 0.04 * np.linalg.norm(np.subtract(start, (50, 30))) < np.linalg.norm(path.final - (50, 30))
    assert np.all(np.diff(path.values) < 0)


def test_exercise_quadratic_gradient():
    ex = LANDSCAPES["exercise_quadratic"]
    # ∂f/∂x = 2x + 2y = 6, ∂f/∂y = 2x + 6y = 14 at (1, 2); descend along (−6, −14)
    assert ex.gradient((1, 2)).tolist() == [6.0, 14.0]
    np.testing.assert_allclose(numerical_gradient(ex.value, np.array([1.0, 2.0])), [6, 14], atol=1e-6)


def test_multimodal_lesson_starts():
    mm = LANDSCAPES["multimodal"]
    glob, loc = mm.notable["global_minimum"][0], mm.notable["local_minimum"][0]
    # L' = cos x + 0.2x = 0 at both minima, L'' = −sin x + 0.2 > 0 there
    for x in (glob, loc):
        assert abs(np.cos(x) + 0.2 * x) < 1e-9 and -np.sin(x) + 0.2 > 0
    paths = descend(mm, [[-5], [-2], [0], [3]], learning_rate=0.1, steps=50)
    finals = [p.final[0] for p in paths]
    # −5, −2, 0 roll to the global minimum, 3 to the local one (50 steps: close, not exact)
    assert [abs(f - glob) < 0.05 for f in finals] == [True, True, True, False]
    assert abs(finals[3] - loc) < 0.05
    # and the lesson's own loop gives the same numbers
    for start, final in zip((-5, -2, 0, 3), finals):
        x = start
        for _ in range(50):
            x = x - 0.1 * (np.cos(x) + 0.2 * x)
        assert final == pytest.approx(x, abs=1e-12)


def test_multimodal_critical_points():
    found = critical_points(LANDSCAPES["multimodal"])
    assert [c.kind for c in found] == ["minimum", "minimum", "maximum"]
    np.testing.assert_allclose([c.point[0] for c in found], [-1.3064400, 3.8374671, 1.9774], atol=1e-4)
    assert found[0].value < found[1].value  # the left valley is the global one


# --- Lesson 2 (the CEO) ----------------------------------------------------------------------------

def test_ceo_gradient_and_peak():
    ceo = LANDSCAPES["ceo_profit"]
    # ∂P/∂x = −2x + 10 = 6 at x = 2; ∂P/∂y = −2y + 8 = 2 at y = 3
    assert ceo.gradient((2, 3)).tolist() == [6.0, 2.0]
    assert ceo.value((2, 3)) == 31.0  # −4 − 9 + 20 + 24
    assert ceo.value((5, 4)) == 41.0
    path = descend(ceo, (2, 3), learning_rate=0.1, steps=200)
    assert path.converged and np.allclose(path.final, (5, 4), atol=1e-6)
    assert np.all(np.diff(path.values) > 0)  # ascent: goal "max"


def test_polynomial_example():
    poly = LANDSCAPES["polynomial_3x2"]
    # 6x + 2y = 10, 2x + 3y² = 14 at (1, 2)
    assert poly.gradient((1, 2)).tolist() == [10.0, 14.0]


@pytest.mark.parametrize("point", [(1.0, 1.0), (0.5, -1.5), (-1.2, 0.7)])
def test_mixed_terms_formula(point):
    g = LANDSCAPES["mixed_terms"]
    x, y = point
    by_hand = [2 * x * y**3 + y * np.exp(x * y), 3 * x**2 * y**2 + x * np.exp(x * y)]
    np.testing.assert_allclose(g.gradient(point), by_hand, rtol=1e-14)
    np.testing.assert_allclose(numerical_gradient(g.value, np.array(point)), by_hand, rtol=1e-7)
    if point == (1.0, 1.0):
        np.testing.assert_allclose(g.gradient(point), [2 + np.e, 3 + np.e])


def lesson_mse_gradients(w, b, x, y):
    """The lesson's own mse_gradients, copied."""
    n = len(x)
    errors = w * x + b - y
    return np.array([(2 / n) * np.sum(errors * x), (2 / n) * np.sum(errors)])


def test_mse_example():
    mse = LANDSCAPES["mse_line"]
    # errors at (w, b) = (0.5, 1): −0.5, −2, −2.5, −1, −1.5; Σe = −7.5, Σe·x = −23.5; times 2/5
    np.testing.assert_allclose(mse.gradient((0.5, 1.0)), [-9.4, -3.0], rtol=1e-14)
    x, y = np.array(mse.data["x"]), np.array(mse.data["y"])
    np.testing.assert_allclose(mse.gradient((0.5, 1.0)), lesson_mse_gradients(0.5, 1.0, x, y), rtol=1e-14)
    # least squares line of the five points: slope 0.6, intercept 2.2 (np.polyfit)
    np.testing.assert_allclose(np.polyfit(x, y, 1), mse.notable["minimum"], rtol=1e-12)
    np.testing.assert_allclose(mse.gradient(mse.notable["minimum"]), [0, 0], atol=1e-12)


def test_mse_practice():
    mse = LANDSCAPES["mse_practice"]
    # errors −1, −2, −3: ∂L/∂w = ⅔(−1 − 4 − 9) = −28/3, ∂L/∂b = ⅔(−6) = −4
    np.testing.assert_allclose(mse.gradient((1, 1)), [-28 / 3, -4], rtol=1e-14)
    assert mse.value((2, 1)) == pytest.approx(0, abs=1e-12)  # y = 2x + 1 fits exactly
    (only,) = critical_points(mse)
    assert only.kind == "minimum" and np.allclose(only.point, (2, 1))


def test_revenue():
    rev = LANDSCAPES["revenue"]
    # 100 − 40 − 7.5 = 52.5, 80 − 30 − 10 = 40
    assert rev.gradient((20, 15)).tolist() == [52.5, 40.0]
    optimal = np.linalg.solve([[2, 0.5], [0.5, 2]], [100, 80])  # as in the lesson
    np.testing.assert_allclose(optimal, (128 / 3, 88 / 3))
    assert np.round(optimal, 2).tolist() == [42.67, 29.33]
    (peak,) = critical_points(rev)
    assert peak.kind == "maximum"
    np.testing.assert_allclose(peak.point, optimal, atol=1e-9)


def test_gpa_gradient():
    gpa = LANDSCAPES["gpa"]
    # 0.5/√x − 0.02x: 0.1581 − 0.2, 0.1443 − 0.24, 0.1768 − 0.16
    grad = gpa.gradient((10, 12, 8))
    assert np.round(grad, 3).tolist() == [-0.042, -0.096, 0.017]
    np.testing.assert_allclose(grad, 0.5 / np.sqrt([10, 12, 8]) - 0.02 * np.array([10, 12, 8]), rtol=1e-14)


def test_gpa_budget_optimum():
    gpa = LANDSCAPES["gpa"]
    # With x + y + z = 30 and a symmetric concave G, the best plan is 10 h each.
    path = descend(gpa, (10, 12, 8), learning_rate=10.0, steps=500, constraint=gpa.constraint)
    assert path.converged
    np.testing.assert_allclose(path.final, (10, 10, 10), atol=1e-4)
    np.testing.assert_allclose(path.points.sum(axis=1), 30, atol=1e-9)
    # unconstrained peak: 0.5/√x = 0.02x ⇒ x = 25^(2/3) ≈ 8.55
    (peak,) = critical_points(gpa)
    np.testing.assert_allclose(peak.point, [25 ** (2 / 3)] * 3, rtol=1e-9)


def lesson_recommender(steps=15):
    """The lesson's loop, returning the params it prints (after updates 1, 6, 11) and the final ones."""
    params = np.array([0.2, 0.5, 0.4])
    printed = []
    for step in range(steps):
        a, b, c = params
        grad = np.array([2 * (a - 0.6) + 0.1 * b, 2 * (b - 0.3) + 0.1 * a, 2 * (c - 0.8)])
        params = params - 0.1 * grad
        if step % 5 == 0:
            printed.append(params.copy())
    return printed, params


def test_recommender_path():
    rec = LANDSCAPES["recommender"]
    path = descend(rec, (0.2, 0.5, 0.4), learning_rate=0.1, steps=15)
    printed, final = lesson_recommender()
    # the lesson prints "Step 0/5/10" after the update, i.e. points 1, 6 and 11
    shown = [[float(f"{v:.2f}") for v in path.points[i]] for i in (1, 6, 11)]
    assert shown == [[0.28, 0.46, 0.48], [0.48, 0.34, 0.70], [0.55, 0.30, 0.77]]
    np.testing.assert_allclose(path.points[[1, 6, 11]], printed, atol=1e-14)
    np.testing.assert_allclose(path.final, final, atol=1e-14)
    assert np.round(path.final, 2).tolist() == [0.57, 0.28, 0.79]
    # The lesson calls this "Optimal Settings"; it is not: the minimum solves α = 0.6 − 0.05β,
    # β = 0.3 − 0.05α, γ = 0.8, i.e. (0.5865, 0.2707, 0.8), and ∇E is still ≈ 0.03 long.
    minimum = np.linalg.solve([[2, 0.1], [0.1, 2]], [1.2, 0.6])
    np.testing.assert_allclose(rec.notable["minimum"], [*minimum, 0.8], rtol=1e-12)
    assert not path.converged
    assert np.linalg.norm(path.final - rec.notable["minimum"]) > 0.01
    assert np.linalg.norm(path.gradients[-1]) > 0.01


def test_directional_example():
    # ∇f = [39, 40] toward north-east: (39 + 40)/√2 = 55.86
    rate = directional_derivative([39, 40], [1, 1])
    assert float(rate) == pytest.approx(79 / np.sqrt(2), rel=1e-14)
    assert round(float(rate), 2) == 55.86


def test_hessian_example_bowl():
    bowl = LANDSCAPES["bowl"]
    h = bowl.hessian((0.3, -1.2))
    assert h.tolist() == [[2.0, 0.0], [0.0, 2.0]]
    assert sorted(np.linalg.eigvals(h).tolist()) == [2.0, 2.0]
    (only,) = critical_points(bowl)
    assert only.kind == "minimum" and only.eigenvalues.tolist() == [2.0, 2.0]


def test_profit_practice():
    prof = LANDSCAPES["profit_practice"]
    # 50 − 2x − 0.5y = 0, 40 − 2y − 0.5x = 0 ⇒ (64/3, 44/3)
    optimum = np.linalg.solve([[2, 0.5], [0.5, 2]], [50, 40])
    np.testing.assert_allclose(optimum, (64 / 3, 44 / 3))
    (peak,) = critical_points(prof)
    assert peak.kind == "maximum"
    np.testing.assert_allclose(peak.point, optimum, atol=1e-9)
    # H = [[−2, −0.5], [−0.5, −2]]: eigenvalues −2 ∓ 0.5
    np.testing.assert_allclose(peak.eigenvalues, [-2.5, -1.5])


def lesson_marketing_gradient(g, i, revenue_per_conv=50):
    return np.array([
        revenue_per_conv * (50 / np.sqrt(g) + 5 * np.sqrt(i / g)) - 1000,
        revenue_per_conv * (40 / np.sqrt(i) + 5 * np.sqrt(g / i)) - 1000,
    ])


def test_marketing_gradient_at_equal_split():
    mk = LANDSCAPES["marketing_budget"]
    # 50·(50/5 + 5) − 1000 = −250; 50·(40/5 + 5) − 1000 = −350
    np.testing.assert_allclose(mk.gradient((25, 25)), [-250, -350], rtol=1e-14)


def test_marketing_budget_optimum():
    mk = LANDSCAPES["marketing_budget"]
    # On g + i = 50 the best g solves ∂P/∂g = ∂P/∂i; bisection on the lesson's own gradient:
    lo, hi = 1.0, 49.0
    for _ in range(100):
        mid = (lo + hi) / 2
        d = lesson_marketing_gradient(mid, 50 - mid)
        lo, hi = (mid, hi) if d[0] > d[1] else (lo, mid)
    g_star = (lo + hi) / 2
    assert g_star == pytest.approx(27.626, abs=1e-3)
    np.testing.assert_allclose(mk.notable["budget_maximum"], (g_star, 50 - g_star), atol=1e-5)
    path = descend(mk, (25, 25), learning_rate=0.01, steps=500, constraint=mk.constraint)
    assert path.converged
    np.testing.assert_allclose(path.final, (g_star, 50 - g_star), atol=1e-3)
    np.testing.assert_allclose(path.points.sum(axis=1), 50, atol=1e-9)  # every point spends the budget
    assert float(mk.value(path.final)) == pytest.approx(7631.5, abs=0.1)


def test_marketing_lesson_loop_stops_short():
    mk = LANDSCAPES["marketing_budget"]
    g = 25.0  # the lesson's optimize_constrained, copied
    for _ in range(100):
        grad = lesson_marketing_gradient(g, 50 - g)
        g = float(np.clip(g + 0.5 * (grad[0] - grad[1]) / 2000, 1, 49))
    # projected ascent at rate 0.0005 is the same walk
    path = descend(mk, (25, 25), learning_rate=mk.lesson_rate, steps=mk.lesson_steps, constraint=mk.constraint)
    assert path.final[0] == pytest.approx(g, abs=1e-9)
    # the lesson reports this as "optimal"; it stops short at g ≈ 26.62 < 27.63
    assert round(g, 2) == 26.62 and not path.converged


def test_weight_update_diverges_at_lesson_rate():
    wu = LANDSCAPES["weight_update"]
    # ∂L/∂w = 2(3w1 + 4w2 − 10)·(3, 4) = (−18, −24) at (1, 1); the error e = 3w1 + 4w2 − 10 becomes
    # e − 0.1·2e·25 = −4e per step, so the loss grows ×16: 9, 144, 2304, …
    np.testing.assert_allclose(wu.gradient((1, 1)), [-18, -24])
    path = descend(wu, (1, 1), learning_rate=0.1, steps=200)
    np.testing.assert_allclose(path.values[:6], 9.0 * 16.0 ** np.arange(6), rtol=1e-12)
    assert path.values[5] == pytest.approx(9_437_184)
    # the lesson claims the loss "reduced"; it explodes, and descend says so instead of running on
    assert path.diverged and not path.converged
    assert path.stopped_at is not None and path.stopped_at < 200
    assert np.all(np.isfinite(path.points)) and np.all(np.isfinite(path.values))


def test_weight_update_stable_rate():
    wu = LANDSCAPES["weight_update"]
    # Hessian 2·(3, 4)(3, 4)ᵀ has eigenvalue 50: stable only for rate < 2/50 = 0.04
    assert np.linalg.eigvalsh(wu.hessian((0, 0))).max() == pytest.approx(50)
    path = descend(wu, (1, 1), learning_rate=0.02, steps=10)
    # 0.02·50 = 1: one step lands on the nearest minimum (1, 1) + 3·(3, 4)/25 = (1.36, 1.48)
    assert path.converged and path.steps == 1
    np.testing.assert_allclose(path.final, (1.36, 1.48), atol=1e-12)
    assert descend(wu, (1, 1), learning_rate=0.039, steps=2000).converged
    assert descend(wu, (1, 1), learning_rate=0.041, steps=2000).diverged
    # the lesson's "perfect weights" (1, 1.75) are a minimum too, just not the one descent finds
    assert wu.value((1, 1.75)) == 0.0


def lesson_gradient_T(x, y):
    peak1 = 80 * np.exp(-((x - 3) ** 2 + (y - 2) ** 2) / 10)
    peak2 = 60 * np.exp(-((x + 2) ** 2 + (y + 1) ** 2) / 5)
    return np.array([peak1 * (-(x - 3) / 5) + peak2 * (-(x + 2) / 2.5),
                     peak1 * (-(y - 2) / 5) + peak2 * (-(y + 1) / 2.5)])


def lesson_gradient_ascent(start_x, start_y, lr=0.5, steps=50):
    x, y = start_x, start_y
    for _ in range(steps):
        grad = lesson_gradient_T(x, y)
        x, y = x + lr * grad[0], y + lr * grad[1]
        if np.linalg.norm(grad) < 0.01:
            break
    return x, y


def test_heat_map_gradient_matches_lesson():
    for p in [(0, 0), (5, 0), (-3, 0), (1.5, -2.5)]:
        np.testing.assert_allclose(HEAT.gradient(p), lesson_gradient_T(*p), rtol=1e-12, atol=1e-14)


def test_heat_map_peaks_and_saddle():
    found = critical_points(HEAT)
    assert [c.kind for c in found] == ["maximum", "maximum", "saddle"]
    low, high, saddle = found
    # the sources pull on each other: the peaks sit a little off (−2, −1) and (3, 2)
    np.testing.assert_allclose(high.point, (2.9915, 1.9949), atol=1e-4)
    np.testing.assert_allclose(low.point, (-1.8705, -0.9223), atol=1e-4)
    np.testing.assert_allclose(saddle.point, (0.124, 0.275), atol=1e-3)
    assert high.value == pytest.approx(80.07, abs=0.01) and low.value == pytest.approx(62.90, abs=0.01)


def test_heat_map_ascent_at_small_rate():
    high, low = (2.9915, 1.9949), (-1.8705, -0.9223)
    paths = descend(HEAT, np.array(HEAT.starts), learning_rate=0.02, steps=200)
    # (0,0)→peak 2, (5,0)→peak 1, (−3,0)→peak 2, (0,3)→peak 1, (0,−3)→peak 2
    expected = [low, high, low, high, low]
    for path, peak in zip(paths, expected):
        assert path.converged and path.steps < 60
        np.testing.assert_allclose(path.final, peak, atol=1e-3)
        assert not path.left_domain
        assert np.all(np.diff(path.values) > -1e-12)  # ascent never loses heat here


def test_heat_map_lesson_rate_is_too_big():
    assert HEAT.lesson_rate == 0.5
    path = descend(HEAT, (0, 0), learning_rate=0.5, steps=50, tol=0.01)
    # The lesson says every start reaches a peak. From (0, 0) the second step jumps off the map to
    # (2.25, −8.73) where the field is cold and flat (|∇T| < 0.01, the lesson's stopping rule).
    # gradmath does not call a flat spot off the map convergence: the walk drifts on, unconverged.
    np.testing.assert_allclose(path.points[2], (2.25, -8.73), atol=0.01)
    assert not HEAT.contains(path.points[2]) and path.left_domain
    assert np.linalg.norm(path.gradients[2]) < 0.01
    assert not path.converged and not path.diverged and path.steps == 50
    assert float(HEAT.f(path.final)) < 5
    # The lesson's loop tests the gradient after moving, so it stops one step past that cold spot.
    lx, ly = lesson_gradient_ascent(0, 0)
    np.testing.assert_allclose((lx, ly), path.points[3], atol=1e-12)
    other = descend(HEAT, (-3, 0), learning_rate=0.5, steps=50, tol=0.01)
    assert other.left_domain and float(HEAT.f(other.final)) < 5
    # the remaining starts never settle on a peak within the lesson's 50 steps
    for start in [(5, 0), (0, 3), (0, -3)]:
        bounce = descend(HEAT, start, learning_rate=0.5, steps=50, tol=0.01)
        assert not bounce.converged


def lesson_sharpe(a):
    b = 1 - a
    return (0.15 * a + 0.08 * b) / np.sqrt(0.04 * a**2 + 0.01 * b**2 + 0.01 * a * b)


def test_portfolio():
    pf = LANDSCAPES["portfolio_sharpe"]
    for a in (0.0, 0.31, 0.5, 0.9):
        assert float(pf.value([a])) == pytest.approx(lesson_sharpe(a), rel=1e-14)
    # S'(a) = 0 ⇔ 0.07·V = ½·R·V' ⇔ a = 22/71
    np.testing.assert_allclose(pf.gradient([22 / 71]), [0], atol=1e-12)
    assert float(pf.value([22 / 71])) == pytest.approx(0.981, abs=1e-3)
    # The lesson claims the gradient moves 50/50 toward MORE stock A; S'(0.5) < 0: it moves toward B.
    assert pf.gradient([0.5])[0] < 0
    path = descend(pf, (0.5,), learning_rate=pf.lesson_rate, steps=pf.lesson_steps, constraint=pf.constraint)
    assert path.points[1, 0] < 0.5 and path.converged
    np.testing.assert_allclose(path.final, [22 / 71], atol=1e-5)
    assert np.all((path.points >= 0) & (path.points <= 1))
    # The lesson prints "Correlation: 0.5", but 0.01ab = 2ρ·0.2·0.1·ab means ρ = 0.25.
    rho = 0.01 / (2 * 0.2 * 0.1)
    assert rho == pytest.approx(0.25)


def test_practice_problem_1():
    pq = LANDSCAPES["practice_quadratic"]
    # 6x + 4y = 14, 4x − 2y = 0 at (1, 2)
    assert pq.gradient((1, 2)).tolist() == [14.0, 0.0]
    (only,) = critical_points(pq)
    # H = [[6, 4], [4, −2]]: eigenvalues 2 ± √32, one of each sign ⇒ the origin is a saddle
    assert only.kind == "saddle" and np.allclose(only.point, 0, atol=1e-12)
    np.testing.assert_allclose(only.eigenvalues, [2 - np.sqrt(32), 2 + np.sqrt(32)])


def test_practice_problem_2():
    pe = LANDSCAPES["practice_exponential"]
    for x, y in [(1, 0), (2, 1), (-1.5, -0.5)]:
        np.testing.assert_allclose(pe.gradient((x, y)), np.exp(y) * np.array([2 * x, x * x]), rtol=1e-14)
    assert pe.gradient((1, 0)).tolist() == [2.0, 1.0]


def test_practice_problem_3():
    ph = LANDSCAPES["practice_hill"]
    (peak,) = critical_points(ph)
    # −2x + 4 = 0, −4y + 8 = 0 ⇒ (2, 2); h = −4 − 8 + 8 + 16 − 10 = 2; H = diag(−2, −4)
    assert peak.kind == "maximum"
    np.testing.assert_allclose(peak.point, (2, 2), atol=1e-12)
    assert peak.value == pytest.approx(2.0)
    np.testing.assert_allclose(peak.eigenvalues, [-4, -2])


def test_polynomial_critical_points():
    found = critical_points(LANDSCAPES["polynomial_3x2"])
    # 6x + 2y = 0 ⇒ y = −3x; 2x + 27x² = 0 ⇒ x = 0 or −2/27. H = [[6, 2], [2, 6y]]:
    # det = −4 at the origin (saddle), det = 8 − 4 = 4 > 0 with trace > 0 at (−2/27, 2/9) (minimum).
    assert [c.kind for c in found] == ["minimum", "saddle"]
    np.testing.assert_allclose(found[0].point, (-2 / 27, 2 / 9), atol=1e-12)
    np.testing.assert_allclose(found[1].point, (0, 0), atol=1e-12)


def test_rosenbrock_optimiser_race():
    ro = LANDSCAPES["rosenbrock"]
    gd_path = descend(ro, (-1.2, 1), learning_rate=1e-3, steps=3000, tol=1e-4)
    assert not gd_path.converged  # plain descent crawls along the valley
    for method, rate in [("momentum", 1e-3), ("nesterov", 1e-3), ("adam", 0.05)]:
        path = descend(ro, (-1.2, 1), learning_rate=rate, steps=3000, tol=1e-4, method=method)
        assert path.converged and path.steps <= 2100, method
        np.testing.assert_allclose(path.final, (1, 1), atol=1e-3)


def test_landscape_registry_names_the_lessons():
    assert list(gm.LANDSCAPES)[:2] == ["colonel_loss", "ceo_profit"]
    assert len(gm.LANDSCAPES) == 22
