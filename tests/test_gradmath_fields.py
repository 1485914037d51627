"""Grids over a domain and the gradient field on them."""

from __future__ import annotations

import numpy as np
import pytest

from gradmath import LANDSCAPES, gradient_field, grid


def test_grid_layout():
    c = LANDSCAPES["colonel_loss"]
    g = grid(c, (5, 3))
    np.testing.assert_allclose(g.x, [0, 25, 50, 75, 100])
    np.testing.assert_allclose(g.y, [0, 30, 60])
    assert g.points.shape == (2, 3, 5)
    # points[0][j, i] = x[i], points[1][j, i] = y[j]
    assert g.points[0, 2, 1] == 25 and g.points[1, 2, 1] == 60
    assert grid(c, 11).points.shape == (2, 11, 11)


def test_gradient_field_values():
    c = LANDSCAPES["colonel_loss"]
    field = gradient_field(c, (5, 3))
    assert field.values.shape == field.magnitude.shape == (3, 5)
    assert field.gradients.shape == (2, 3, 5)
    x, y = field.grid.points
    # L = (p − 50)² + (s − 30)², ∇L = (2(p − 50), 2(s − 30))
    np.testing.assert_allclose(field.values, (x - 50) ** 2 + (y - 30) ** 2)
    np.testing.assert_allclose(field.gradients, [2 * (x - 50), 2 * (y - 30)])
    np.testing.assert_allclose(field.magnitude, 2 * np.hypot(x - 50, y - 30))
    assert field.magnitude[1, 2] == 0  # (50, 30) is on the grid: zero at the minimum


@pytest.mark.parametrize("name", [n for n, ls in LANDSCAPES.items() if ls.n == 2])
def test_gradient_field_matches_pointwise(name):
    ls = LANDSCAPES[name]
    field = gradient_field(ls, (7, 6))
    for j, i in [(0, 0), (5, 6), (2, 3)]:
        p = field.grid.points[:, j, i]
        np.testing.assert_allclose(field.gradients[:, j, i], ls.gradient(p), rtol=1e-12, atol=1e-12)
        assert field.values[j, i] == pytest.approx(float(ls.value(p)), rel=1e-12, abs=1e-12)
    assert np.all(np.isfinite(field.gradients))


def test_grid_rejects_other_dimensions():
    with pytest.raises(ValueError, match="grid needs a 2-variable landscape; gpa has 3"):
        grid(LANDSCAPES["gpa"])
    with pytest.raises(ValueError, match="grid needs a 2-variable landscape; multimodal has 1"):
        gradient_field(LANDSCAPES["multimodal"])


@pytest.mark.parametrize(
    ("bad", "error"),
    [(1, ValueError), (0, ValueError), (-3, ValueError), (2.5, TypeError), ((10,), ValueError), ((10, 1), ValueError),
     (True, TypeError)],
)
def test_grid_rejects_bad_resolution(bad, error):
    with pytest.raises(error, match="resolution must"):
        grid(LANDSCAPES["bowl"], bad)


def test_grids_are_shared_and_read_only():
    colonel = LANDSCAPES["colonel_loss"]
    first, again = grid(colonel, 40), grid(colonel, (40, 40))
    assert first.points is again.points  # built once per domain and resolution
    with pytest.raises(ValueError, match="read-only"):
        first.points[0, 0, 0] = 1.0
    assert grid(colonel, 41).points.shape == (2, 41, 41)
