"""gradmath's geometry: optima, the attractor a run reached, paths clipped to a box."""

from __future__ import annotations

import numpy as np
import pytest

import gradmath
from gradmath import HEAT_MAP, MULTIMODAL, ROSENBROCK, attractor_of, clip_at_exit, clip_to_box, optima


def test_clip_at_exit_stops_at_the_box_edge():
    pts = np.array([[0.0, 0.0], [0.5, 0.5], [3.0, 0.5], [0.0, 0.0]])
    kept, left = clip_at_exit(pts, (-1, -1), (1, 1))
    assert left
    assert np.allclose(kept, [[0, 0], [0.5, 0.5], [1.0, 0.5]])
    inside, left = clip_at_exit(pts[:2], (-1, -1), (1, 1))
    assert not left and np.allclose(inside, pts[:2])
    start_outside, left = clip_at_exit([[2.0, 0.0], [0.0, 0.0]], (-1, -1), (1, 1))
    assert left and start_outside.tolist() == [[2.0, 0.0]]


def test_clip_to_box_keeps_every_piece_inside_and_where_it_left():
    box = np.array([[-1.0, 1.0], [-1.0, 1.0]])
    path = np.array([[0.0, 0.0], [3.0, 0.0], [3.0, 0.5], [0.0, 0.5], [0.0, 5.0]])  # out, back in, out
    pieces, exits = clip_to_box(path, box)
    assert [p.tolist() for p in pieces] == [[[0.0, 0.0], [1.0, 0.0]], [[1.0, 0.5], [0.0, 0.5], [0.0, 1.0]]]
    assert [e.tolist() for e in exits] == [[1.0, 0.0], [0.0, 1.0]]
    assert clip_to_box([[5.0, 5.0], [6.0, 6.0]], box) == ([], [])
    nan_gap, _ = clip_to_box([[0.0, 0.0], [np.nan, 0.0], [0.5, 0.5]], box)
    assert nan_gap == []  # a segment with a non-finite end is not drawn


def test_optima_are_the_goals_kind_best_first():
    peaks = optima(HEAT_MAP)
    assert [round(p.value, 2) for p in peaks] == [80.07, 62.9]
    valleys = optima(MULTIMODAL)
    assert valleys[0].point[0] == pytest.approx(-1.306440008369511) and valleys[1].point[0] == pytest.approx(3.837467, abs=1e-6)
    (only,) = optima(ROSENBROCK)
    assert np.allclose(only.point, [1, 1])


def test_attractor_of_uses_the_rule_basins_labels_by():
    peaks = optima(HEAT_MAP)
    runs = gradmath.descend(HEAT_MAP, np.array(HEAT_MAP.starts), learning_rate=0.02, steps=200)
    reached = attractor_of(np.array([r.final for r in runs]), peaks, HEAT_MAP)
    assert reached.tolist() == [1, 0, 1, 0, 1]
    found = gradmath.basins(HEAT_MAP, 21, learning_rate=0.02, steps=300)
    order = [next(i for i, a in enumerate(found.attractors) if np.allclose(a.point, p.point)) for p in peaks]
    labels = attractor_of(found.finals.reshape(2, -1).T, tuple(found.attractors), HEAT_MAP)
    assert np.array_equal(labels.reshape(found.labels.shape), found.labels) and sorted(order) == [0, 1]
    far = attractor_of([[7.9, -4.9]], peaks, HEAT_MAP)
    assert far.tolist() == [-1] and attractor_of([[0.0, 0.0]], (), HEAT_MAP).tolist() == [-1]


def test_optima_find_the_shallow_minimum_of_peaks():
    peaks = gradmath.Landscape.from_formula(
        "3(1 - x)^2*exp(-x^2 - (y + 1)^2) - 10(x/5 - x^3 - y^5)*exp(-x^2 - y^2) - 1/3*exp(-(x + 1)^2 - y^2)",
        domain=[[-3, 3], [-3, 3]])
    found = optima(peaks)
    assert len(found) == 3 and found[0].value == pytest.approx(-6.551, abs=1e-3)
    assert any(np.allclose(c.point, [0.296446, 0.320196], atol=1e-5) for c in found)


def test_a_degenerate_point_is_not_called_a_saddle_by_round_off():
    monkey = gradmath.Landscape.from_formula("x^3 - 3x*y^2", domain=[[-1.5, 1.5], [-1.5, 1.5]])
    (point,) = gradmath.critical_points(monkey)
    assert point.kind == "degenerate" and np.allclose(point.point, 0, atol=1e-9)
    assert optima(monkey) == ()


# --- region grids with smooth edges -----------------------------------------------------------------

def _disc(n: int, factor: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Labels of a disc (1) in a square (0) on an n·factor grid of cell centres, and the centres' radius."""
    at = (np.arange(n * factor) + 0.5) / factor
    xx, yy = np.meshgrid(at, at)
    radius = np.hypot(xx - n / 2, yy - n / 2)
    return (radius < n / 3).astype(int), radius


def test_smooth_labels_follow_the_true_edge_better_than_the_staircase() -> None:
    coarse, _ = _disc(24)
    truth, _ = _disc(24, 8)
    smooth = gradmath.smooth_labels(coarse, 8)
    staircase = np.kron(coarse, np.ones((8, 8), dtype=int))
    assert smooth.shape == truth.shape == (192, 192)
    assert (smooth != truth).mean() < 0.6 * (staircase != truth).mean()
    assert (smooth == 1).mean() == pytest.approx(np.pi / 9, rel=0.03)  # the disc keeps its area


def test_smooth_labels_keep_every_label_and_a_region_too_small_to_smooth() -> None:
    labels = np.zeros((10, 10), dtype=int)
    labels[:, 6:] = 1
    labels[2, 2] = -1  # one undecided cell
    smooth = gradmath.smooth_labels(labels, 4)
    assert set(np.unique(smooth)) == {-1, 0, 1}
    assert (smooth[8:12, 8:12] == -1).all()
    assert (smooth[:, :20] == 0).sum() > 0 and (smooth[:, 28:] == 1).all()


@pytest.mark.parametrize("bad, message", [(np.zeros(5, dtype=int), "2-D grid of integers"),
                                          (np.zeros((2, 2)), "2-D grid of integers"),
                                          (np.zeros((0, 3), dtype=int), "2-D grid of integers")])
def test_smooth_labels_refuse_what_is_not_a_label_grid(bad, message) -> None:
    with pytest.raises(ValueError, match=message):
        gradmath.smooth_labels(bad)


def test_box_smoothing_keeps_a_constant_and_spreads_a_step() -> None:
    np.testing.assert_allclose(gradmath.box_smoothed(np.full((5, 7), 3.0), 3), 3.0)
    step = np.repeat([[0.0] * 4 + [1.0] * 4], 6, axis=0)
    once = gradmath.box_smoothed(step, 1)
    np.testing.assert_allclose(once[:, 3], 1 / 3)
    np.testing.assert_allclose(once[:, 4], 2 / 3)
    with pytest.raises(ValueError, match="2-D grid"):
        gradmath.box_smoothed(np.zeros(4))


def test_whole_percents_sum_to_100_by_largest_remainder():
    assert gradmath.whole_percents([0.0073, 0.3676, 0.6251]) == [1, 37, 62]  # rounding each: 1 + 37 + 63 = 101
    assert gradmath.whole_percents([1 / 3] * 3) == [34, 33, 33]
    assert gradmath.whole_percents([0.5, 0.5, 0.0]) == [50, 50, 0]
    assert sum(gradmath.whole_percents(np.random.default_rng(1).random(7))) == 100
    with pytest.raises(ValueError):
        gradmath.whole_percents([0.5, -0.1])


def test_farthest_inside_picks_the_path_that_travels_farthest_before_it_leaves():
    lower, upper = np.array([0.0, 0.0]), np.array([1.0, 1.0])
    short = np.array([[0.5, 0.5], [0.5, 2.0]])  # 0.5 inside, then out
    long = np.array([[0.1, 0.1], [0.9, 0.1], [0.9, 0.9], [3.0, 3.0]])  # 1.6 inside
    back = np.array([[0.2, 0.2], [5.0, 0.2], [0.2, 0.3]])  # leaves at once: only up to the edge counts
    assert gradmath.farthest_inside([short, long, back], lower, upper) == 1
    assert gradmath.farthest_inside([], lower, upper) == -1
