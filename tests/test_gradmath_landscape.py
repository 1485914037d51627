"""Landscape: shapes of value/gradient/Hessian, domain checks, validation and immutability."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import gradmath as gm
from gradmath import LANDSCAPES, Landscape, get_landscape

ALL = list(LANDSCAPES.values())


def inside(ls: Landscape, frac: float) -> np.ndarray:
    """A point a fraction ``frac`` of the way across each axis of the domain."""
    b = ls.bounds
    return b[:, 0] + frac * (b[:, 1] - b[:, 0])


@pytest.mark.parametrize("ls", ALL, ids=lambda ls: ls.name)
def test_shapes_one_point_and_grid(ls):
    n = ls.n
    p = inside(ls, 0.37)
    assert np.shape(ls.value(p)) == ()
    assert ls.gradient(p).shape == (n,)
    assert ls.hessian(p).shape == (n, n)
    pts = np.stack([np.full((4, 3), c) for c in p]) + 0.01 * np.arange(12).reshape(4, 3) / 12
    assert ls.value(pts).shape == (4, 3)
    assert ls.gradient(pts).shape == (n, 4, 3)
    assert ls.hessian(pts).shape == (n, n, 4, 3)
    # a grid gives the same numbers as the points one at a time
    np.testing.assert_allclose(ls.gradient(pts)[:, 2, 1], ls.gradient(pts[:, 2, 1]), rtol=1e-13)
    np.testing.assert_allclose(ls.value(pts)[3, 0], ls.value(pts[:, 3, 0]), rtol=1e-13)
    np.testing.assert_allclose(ls.hessian(pts)[..., 1, 2], ls.hessian(pts[:, 1, 2]), rtol=1e-13)


@pytest.mark.parametrize("ls", ALL, ids=lambda ls: ls.name)
def test_metadata_is_consistent(ls):
    assert ls.n == len(ls.variables) == len(ls.symbols) == len(ls.domain)
    assert ls.goal in ("min", "max")
    assert ls.sign == (1.0 if ls.goal == "max" else -1.0)
    assert ls.bounds.shape == (ls.n, 2)
    assert ls.title and ls.latex and ls.description
    for point in [*ls.notable.values(), *ls.starts]:
        assert len(point) == ls.n
        assert all(isinstance(c, float) for c in point)
        assert bool(ls.contains(point))  # every named point and start lies in the domain
    if ls.lesson_rate is not None:
        assert ls.lesson_rate > 0 and ls.lesson_steps >= 1


@pytest.mark.parametrize("ls", ALL, ids=lambda ls: ls.name)
def test_notable_optima_are_critical(ls):
    for name, point in ls.notable.items():
        if name in ("minimum", "maximum", "saddle", "local_minimum", "global_minimum", "nearest_minimum", "lesson_minimum"):
            grad = ls.gradient(point)
            scale = 1 + np.abs(ls.value(point))
            assert np.linalg.norm(grad) < 1e-7 * scale, (ls.name, name, grad)


def test_goal_matches_optimum_kind():
    for ls in ALL:
        if "maximum" in ls.notable:
            assert ls.goal == "max", ls.name
            assert np.all(np.linalg.eigvalsh(ls.hessian(ls.notable["maximum"])) < 0)
        if "minimum" in ls.notable:
            assert ls.goal == "min", ls.name
            assert np.all(np.linalg.eigvalsh(ls.hessian(ls.notable["minimum"])) > 0)


def test_contains():
    c = LANDSCAPES["colonel_loss"]
    pts = np.array([[0, 50, 100, 101, -1], [0, 30, 60, 10, 10]])
    assert c.contains(pts).tolist() == [True, True, True, False, False]
    assert bool(c.contains((50, 30))) and not bool(c.contains((50, 61)))


def test_edge_slack():
    c = LANDSCAPES["colonel_loss"]
    # a hair outside the edge (less than 1e-4 of the span) still evaluates, for finite differences
    assert c.value((100 + 1e-3, 60)) == pytest.approx(2500 + 900, rel=1e-4)
    with pytest.raises(ValueError):
        c.value((100.1, 60))


def test_get_landscape():
    assert get_landscape("bowl") is LANDSCAPES["bowl"]
    with pytest.raises(ValueError, match=r"landscape must be one of colonel_loss, ceo_profit, .*; got 'nope'"):
        get_landscape("nope")


def test_frozen():
    bowl = LANDSCAPES["bowl"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        bowl.goal = "max"  # type: ignore[misc]
    with pytest.raises(TypeError):
        bowl.notable["minimum"] = (1.0, 1.0)  # type: ignore[index]
    with pytest.raises(TypeError):
        LANDSCAPES["weight_update"].data["x"] = (0.0, 0.0)  # type: ignore[index]
    assert isinstance(bowl.starts, tuple) and isinstance(bowl.starts[0], tuple)


def test_notable_is_a_copy_of_the_callers_dict():
    source = {"minimum": [0, 0]}
    ls = dataclasses.replace(LANDSCAPES["bowl"], notable=source)
    source["minimum"][0] = 5
    source["other"] = [1, 1]
    assert ls.notable == {"minimum": (0.0, 0.0)}


def make(**changes):
    base = dict(
        name="t", title="T", latex="x", variables=("x", "y"), symbols=("x", "y"), domain=((0, 1), (0, 1)),
        goal="min", f=lambda p: p[0], grad=lambda p: p, hess=lambda p: p,
    )
    base.update(changes)
    return Landscape(**base)


def test_validation():
    assert make().n == 2
    with pytest.raises(ValueError, match="goal must be 'min' or 'max'; got 'up'"):
        make(goal="up")
    with pytest.raises(ValueError, match="one entry each"):
        make(symbols=("x",))
    with pytest.raises(ValueError, match=r"low < high; got \(1, 1\)"):
        make(domain=((0, 1), (1, 1)))
    with pytest.raises(ValueError, match="point 'peak' needs 2 coordinates"):
        make(notable={"peak": (1, 2, 3)})
    with pytest.raises(ValueError, match="point 'start' needs 2 coordinates"):
        make(starts=((1,),))


def test_quadratic_rejects_asymmetric():
    from gradmath.shapes import quadratic

    with pytest.raises(ValueError, match="A must be symmetric"):
        quadratic([[1, 2], [0, 1]], [0, 0])


def test_public_api():
    for name in gm.__all__:
        assert hasattr(gm, name), name
    assert gm.METHODS == ("gd", "momentum", "nesterov", "adam")
