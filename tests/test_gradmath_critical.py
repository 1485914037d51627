"""critical_points, classify and basins of attraction."""

from __future__ import annotations

import numpy as np
import pytest

from gradmath import LANDSCAPES, basins, classify, critical_points, descend

HEAT = LANDSCAPES["heat_map"]


def test_classify():
    assert classify([1.0, 2.0]) == "minimum"
    assert classify([-1.0, -2.0]) == "maximum"
    assert classify([-1.0, 2.0]) == "saddle"
    assert classify([0.0, 2.0]) == "degenerate"
    assert classify([1e-12, 2.0]) == "degenerate"
    assert classify([0.0, 0.0]) == "degenerate"
    assert classify([3.0]) == "minimum"


def test_critical_point_fields():
    (cp,) = critical_points(LANDSCAPES["colonel_loss"])
    assert cp.point.shape == (2,) and cp.eigenvalues.shape == (2,)
    np.testing.assert_allclose(cp.point, (50, 30), atol=1e-10)
    assert cp.value == pytest.approx(0, abs=1e-12) and cp.kind == "minimum"


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("polynomial_3x2", ["minimum", "saddle"]),
        ("practice_quadratic", ["saddle"]),
        ("heat_map", ["maximum", "maximum", "saddle"]),
        ("multimodal", ["minimum", "minimum", "maximum"]),
        ("saddle", ["saddle"]),
        ("mixed_terms", ["saddle"]),
        ("rosenbrock", ["minimum"]),
        ("ceo_profit", ["maximum"]),
        ("recommender", ["minimum"]),
        ("portfolio_sharpe", ["maximum"]),
    ],
)
def test_kinds(name, kinds):
    ls = LANDSCAPES[name]
    found = critical_points(ls)
    assert [c.kind for c in found] == kinds
    for c in found:
        assert bool(ls.contains(c.point))
        assert np.linalg.norm(ls.gradient(c.point)) < 1e-8 * (1 + abs(c.value))
        np.testing.assert_allclose(c.eigenvalues, np.linalg.eigvalsh(ls.hessian(c.point)))
        assert np.all(np.diff(c.eigenvalues) >= 0)  # ascending
        assert c.value == pytest.approx(float(ls.value(c.point)))


def test_mixed_terms_saddle_at_origin():
    (cp,) = critical_points(LANDSCAPES["mixed_terms"])
    # H(0, 0) = [[0, 1], [1, 0]]: eigenvalues ±1
    np.testing.assert_allclose(cp.point, (0, 0), atol=1e-12)
    np.testing.assert_allclose(cp.eigenvalues, [-1, 1])


def test_sorted_by_kind_then_value():
    found = critical_points(HEAT)
    maxima = [c for c in found if c.kind == "maximum"]
    assert maxima[0].value < maxima[1].value


def test_unconstrained_marketing_peak():
    (peak,) = critical_points(LANDSCAPES["marketing_budget"])
    assert peak.kind == "maximum"
    np.testing.assert_allclose(LANDSCAPES["marketing_budget"].gradient(peak.point), 0, atol=1e-8)
    # without the budget the best spend is small: (10.24, 7.84)
    np.testing.assert_allclose(peak.point, (10.24, 7.84), atol=1e-6)


def test_line_of_minima_is_degenerate():
    # every w on 3w1 + 4w2 = 10 is a minimum: Hessian eigenvalues 0 and 50
    found = critical_points(LANDSCAPES["weight_update"])
    assert found and all(c.kind == "degenerate" for c in found)
    for c in found:
        assert 3 * c.point[0] + 4 * c.point[1] == pytest.approx(10)
        np.testing.assert_allclose(c.eigenvalues, [0, 50], atol=1e-9)


def test_bad_seeds():
    with pytest.raises(ValueError, match="seeds must be a whole number >= 1"):
        critical_points(HEAT, seeds=0)


@pytest.fixture(scope="module")
def heat_basins():
    return basins(HEAT, 41, learning_rate=0.02, steps=500)


def test_basin_shapes(heat_basins):
    b = heat_basins
    assert b.labels.shape == (41, 41) and b.finals.shape == (2, 41, 41)
    assert b.grid.points.shape == (2, 41, 41)
    assert [a.kind for a in b.attractors] == ["maximum", "maximum"]
    assert set(np.unique(b.labels)) <= {-1, 0, 1}


def test_basin_shares(heat_basins):
    b = heat_basins
    # attractor 0 is the lower peak (−1.87, −0.92), attractor 1 the hot one (2.99, 1.99): ≈ 37 % / 63 %
    np.testing.assert_allclose(b.attractors[1].point, (2.9915, 1.9949), atol=1e-4)
    assert b.share(0) == pytest.approx(0.37, abs=0.02)
    assert b.share(1) == pytest.approx(0.63, abs=0.02)
    assert b.share(0) + b.share(1) + float(np.mean(b.labels == -1)) == pytest.approx(1.0)
    assert np.mean(b.labels == -1) < 0.03  # a few starts sit on the ridge or the cold edge


def test_basin_labels_agree_with_descend(heat_basins):
    b = heat_basins
    for j, i in [(0, 0), (40, 40), (20, 20), (10, 30), (30, 5), (5, 35)]:
        start = b.grid.points[:, j, i]
        path = descend(HEAT, start, learning_rate=0.02, steps=500)
        np.testing.assert_allclose(path.final, b.finals[:, j, i], rtol=1e-12, atol=1e-12)
        label = b.labels[j, i]
        if label >= 0:
            near = np.abs(path.final - b.attractors[label].point) / (HEAT.bounds[:, 1] - HEAT.bounds[:, 0])
            assert near.max() <= 0.02


def test_basins_1d_rejected():
    with pytest.raises(ValueError, match="2-variable"):
        basins(LANDSCAPES["multimodal"], 11, learning_rate=0.1)


def test_basins_for_a_minimum():
    poly = LANDSCAPES["polynomial_3x2"]
    b = basins(poly, 21, learning_rate=0.02, steps=500)
    (only,) = b.attractors
    np.testing.assert_allclose(only.point, (-2 / 27, 2 / 9), atol=1e-12)
    # y³ falls without bound: starts low on the map slide off it (label −1), high ones reach the minimum
    assert np.all(b.labels[0] == -1) and np.all(b.labels[-1] == 0)
    assert 0.4 < b.share(0) < 0.6
    low = descend(poly, b.grid.points[:, 0, 10], learning_rate=0.02, steps=500)
    assert low.left_domain and not low.converged
    high = descend(poly, b.grid.points[:, -1, 10], learning_rate=0.02, steps=500)
    np.testing.assert_allclose(high.final, only.point, atol=1e-3)
