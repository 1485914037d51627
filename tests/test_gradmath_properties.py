"""Property tests (hypothesis): analytic derivatives, directional derivatives, monotone descent."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradmath import LANDSCAPES, Landscape, descend, directional_derivative, directional_profile, numerical_gradient

ALL = list(LANDSCAPES.values())
MARGIN = 0.02  # stay this fraction of the span inside each edge
FEW = settings(max_examples=40, deadline=None)

fractions = st.floats(min_value=MARGIN, max_value=1 - MARGIN, allow_nan=False)


def point_in(ls: Landscape, fracs) -> np.ndarray:
    b = ls.bounds
    return b[:, 0] + np.asarray(fracs[: ls.n]) * (b[:, 1] - b[:, 0])


unit_cube = st.lists(fractions, min_size=3, max_size=3)


def close(actual, expected, scale):
    """Central differences carry O(h²) truncation and O(ε·|f|/h) rounding: relative plus absolute."""
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-6 * scale)


@pytest.mark.parametrize("ls", ALL, ids=lambda ls: ls.name)
@FEW
@given(fracs=unit_cube)
def test_gradient_matches_numerical(ls, fracs):
    p = point_in(ls, fracs)
    scale = 1 + abs(float(ls.value(p)))
    close(ls.gradient(p), numerical_gradient(ls.value, p), scale)


@pytest.mark.parametrize("ls", ALL, ids=lambda ls: ls.name)
@FEW
@given(fracs=unit_cube)
def test_hessian_matches_jacobian_of_gradient(ls, fracs):
    p = point_in(ls, fracs)
    hess = ls.hessian(p)
    jac = np.stack([numerical_gradient(lambda q, i=i: ls.gradient(q)[i], p) for i in range(ls.n)])
    scale = 1 + float(np.max(np.abs(ls.gradient(p)))) + float(np.max(np.abs(hess)))
    close(hess, jac, scale)
    np.testing.assert_allclose(hess, hess.T, rtol=1e-12, atol=1e-12 * scale)


@pytest.mark.parametrize("ls", ALL, ids=lambda ls: ls.name)
@settings(max_examples=10, deadline=None)
@given(fracs=unit_cube)
def test_grid_evaluation_matches_points(ls, fracs):
    p = point_in(ls, fracs)
    q = point_in(ls, [1 - f for f in fracs])
    both = np.stack([p, q], axis=1)  # (n, 2)
    np.testing.assert_allclose(ls.gradient(both), np.stack([ls.gradient(p), ls.gradient(q)], axis=1), rtol=1e-13, atol=1e-15)


TWO_D = [ls for ls in ALL if ls.n == 2]


@pytest.mark.parametrize("ls", TWO_D, ids=lambda ls: ls.name)
@settings(max_examples=25, deadline=None)
@given(fracs=unit_cube, angle=st.floats(0, 2 * np.pi))
def test_directional_derivative_maximal_along_gradient(ls, fracs, angle):
    p = point_in(ls, fracs)
    g = ls.gradient(p)
    norm = float(np.linalg.norm(g))
    rate = float(directional_derivative(g, [np.cos(angle), np.sin(angle)]))
    assert rate <= norm * (1 + 1e-12) + 1e-12  # no heading climbs faster than the gradient
    if norm > 1e-9:
        assert float(directional_derivative(g, g)) == pytest.approx(norm, rel=1e-12)
        assert float(directional_derivative(g, [-g[1], g[0]])) == pytest.approx(0, abs=1e-12 * norm)
        assert float(directional_derivative(g, -g)) == pytest.approx(-norm, rel=1e-12)
        # and it is the numerical slope of f along the heading
        u = np.array([np.cos(angle), np.sin(angle)])
        h = 1e-6 * float(np.min(ls.bounds[:, 1] - ls.bounds[:, 0]))
        slope = (float(ls.value(p + h * u)) - float(ls.value(p - h * u))) / (2 * h)
        assert slope == pytest.approx(rate, rel=1e-4, abs=1e-6 * (1 + abs(float(ls.value(p)))))


@pytest.mark.parametrize("ls", TWO_D, ids=lambda ls: ls.name)
@settings(max_examples=10, deadline=None)
@given(fracs=unit_cube)
def test_profile_peaks_at_gradient_heading(ls, fracs):
    prof = directional_profile(ls, point_in(ls, fracs), samples=720)
    assert prof.derivatives.max() <= prof.steepest_rate * (1 + 1e-12) + 1e-12
    assert prof.derivatives.max() >= prof.steepest_rate * np.cos(np.pi / 720) - 1e-12
    assert prof.derivatives.min() == pytest.approx(-prof.derivatives.max(), rel=1e-4, abs=1e-12)


# Convex (or concave, for "max") quadratics: with rate ≤ 1/λmax each step improves the objective.
QUADRATIC = [
    "colonel_loss", "ceo_profit", "revenue", "recommender", "bowl", "profit_practice",
    "weight_update", "practice_hill", "mse_practice", "mse_line", "exercise_quadratic",
]


@pytest.mark.parametrize("name", QUADRATIC)
@settings(max_examples=25, deadline=None)
@given(fracs=unit_cube, share=st.floats(0.05, 1.0))
def test_small_step_descent_never_gets_worse(name, fracs, share):
    ls = LANDSCAPES[name]
    p = point_in(ls, fracs)
    lam = float(np.max(np.abs(np.linalg.eigvalsh(ls.hessian(p)))))
    path = descend(ls, p, learning_rate=share / lam, steps=40)
    change = np.diff(path.values) * (-ls.sign)  # ≤ 0 means better
    assert np.all(change <= 1e-12 * (1 + np.abs(path.values[:-1])))
    assert not path.diverged


@pytest.mark.parametrize("name", ["gpa", "portfolio_sharpe"])
@settings(max_examples=15, deadline=None)
@given(fracs=unit_cube)
def test_small_step_ascent_on_concave_never_gets_worse(name, fracs):
    ls = LANDSCAPES[name]
    p = point_in(ls, fracs)
    path = descend(ls, p, learning_rate=0.05, steps=20, constraint=ls.constraint)  # projected: budget / box
    assert ls.constraint is not None
    assert np.all(np.diff(path.values) >= -1e-12)
