"""Numerical gradients, directional derivatives and the compass profile."""

from __future__ import annotations

import numpy as np
import pytest

from gradmath import LANDSCAPES, directional_derivative, directional_profile, numerical_gradient


def test_numerical_gradient_one_point():
    ceo = LANDSCAPES["ceo_profit"]
    np.testing.assert_allclose(numerical_gradient(ceo.value, [2.0, 3.0]), [6, 2], atol=1e-8)


def test_numerical_gradient_grid_matches_pointwise():
    heat = LANDSCAPES["heat_map"]
    pts = np.stack(np.meshgrid(np.linspace(-3, 4, 5), np.linspace(-2, 3, 4)))
    grid_grad = numerical_gradient(heat.value, pts)
    assert grid_grad.shape == (2, 4, 5)
    np.testing.assert_allclose(grid_grad[:, 2, 3], numerical_gradient(heat.value, pts[:, 2, 3]), rtol=1e-12)
    np.testing.assert_allclose(grid_grad, heat.gradient(pts), rtol=1e-6, atol=1e-8)


def test_numerical_gradient_one_variable():
    mm = LANDSCAPES["multimodal"]
    # L'(x) = cos x + 0.2x
    np.testing.assert_allclose(numerical_gradient(mm.value, [1.0]), [np.cos(1.0) + 0.2], rtol=1e-9)


def test_numerical_gradient_error_is_second_order():
    f = lambda p: np.exp(p[0])  # noqa: E731
    err = [abs(numerical_gradient(f, [0.0], h=h)[0] - 1) for h in (1e-2, 1e-3)]
    # central differences: error h²/6, so ten times smaller h gives about 100 times smaller error
    assert err[0] == pytest.approx(1e-4 / 6, rel=1e-2)
    assert 80 < err[0] / err[1] < 120


def test_directional_derivative_basics():
    g = np.array([3.0, 4.0])
    assert float(directional_derivative(g, g)) == pytest.approx(5.0)  # |∇f| along ∇f
    assert float(directional_derivative(g, [-4, 3])) == pytest.approx(0.0, abs=1e-15)  # level
    assert float(directional_derivative(g, [-3, -4])) == pytest.approx(-5.0)  # steepest descent
    assert float(directional_derivative(g, [10, 0])) == pytest.approx(3.0)  # length does not matter


def test_directional_derivative_many_gradients():
    grads = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 2.0]])  # (2, 3): three gradients
    np.testing.assert_allclose(directional_derivative(grads, [1, 1]), np.array([1, 1, 4]) / np.sqrt(2))


def test_directional_profile_ceo():
    ceo = LANDSCAPES["ceo_profit"]
    prof = directional_profile(ceo, (2, 3), samples=360)
    assert prof.angles.shape == prof.derivatives.shape == (360,)
    assert prof.angles[0] == 0 and prof.angles[-1] < 2 * np.pi
    np.testing.assert_allclose(prof.gradient, [6, 2])
    # |∇P| = √40, heading atan2(2, 6)
    assert prof.steepest_rate == pytest.approx(np.sqrt(40))
    assert prof.steepest_angle == pytest.approx(np.arctan2(2, 6))
    np.testing.assert_allclose(prof.derivatives, np.sqrt(40) * np.cos(prof.angles - np.arctan2(2, 6)), atol=1e-12)
    assert prof.derivatives.max() <= prof.steepest_rate + 1e-12
    assert prof.derivatives.max() == pytest.approx(prof.steepest_rate, rel=1e-4)
    for level in prof.level_angles:
        assert 0 <= level < 2 * np.pi
        assert float(directional_derivative(prof.gradient, [np.cos(level), np.sin(level)])) == pytest.approx(0, abs=1e-12)
    assert abs(prof.level_angles[1] - prof.level_angles[0]) == pytest.approx(np.pi)


def test_directional_profile_angle_in_range_for_negative_heading():
    colonel = LANDSCAPES["colonel_loss"]
    prof = directional_profile(colonel, (20, 10))  # ∇L = (−60, −40): heading in the third quadrant
    assert np.pi < prof.steepest_angle < 1.5 * np.pi
    assert prof.steepest_rate == pytest.approx(np.hypot(60, 40))
