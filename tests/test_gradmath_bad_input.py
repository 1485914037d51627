"""Bad input: one-line ValueErrors that name the argument and what it may be."""

from __future__ import annotations

import re

import numpy as np
import pytest

from gradmath import (
    LANDSCAPES,
    Box,
    Budget,
    descend,
    directional_derivative,
    directional_profile,
    gradient_field,
    numerical_gradient,
    run_batch,
)

COLONEL = LANDSCAPES["colonel_loss"]


def raises(match: str):
    return pytest.raises(ValueError, match=match)


def one_line(excinfo) -> str:
    text = str(excinfo.value)
    assert "\n" not in text and text
    return text


@pytest.mark.parametrize("ls", LANDSCAPES.values(), ids=lambda ls: ls.name)
@pytest.mark.parametrize("method", ["value", "gradient", "hessian"])
def test_outside_domain(ls, method):
    lo, hi = ls.domain[-1]
    p = np.array([(a + b) / 2 for a, b in ls.domain])
    p[-1] = hi + 0.1 * (hi - lo)
    i = ls.n - 1
    with pytest.raises(ValueError) as excinfo:
        getattr(ls, method)(p)
    text = one_line(excinfo)
    assert text.startswith(f"p[{i}] ({ls.variables[i]}) = ")
    assert f"outside the domain of {ls.name}: allowed range [{lo:g}, {hi:g}]" in text


def test_outside_domain_on_a_grid():
    pts = np.stack(np.meshgrid(np.linspace(0, 100, 3), np.linspace(-5, 60, 4)))
    with raises(r"p\[1\] \(supply level\) = -5 is outside the domain of colonel_loss: allowed range \[0, 60\]"):
        COLONEL.value(pts)


@pytest.mark.parametrize("bad", [(np.nan, 1.0), (1.0, np.inf)])
def test_non_finite_point(bad):
    with raises("p must be finite; it contains NaN or infinity"):
        COLONEL.gradient(bad)


@pytest.mark.parametrize("bad", [(1, 2, 3), 5.0, [[1, 2, 3]]])
def test_point_of_wrong_dimension(bad):
    with raises(r"p must have 2 components first \(shape \(2,\) or \(2, ...\)\); got shape"):
        COLONEL.value(bad)


@pytest.mark.parametrize(
    ("rate", "error"),
    [(0, ValueError), (-0.1, ValueError), (np.nan, ValueError), (np.inf, ValueError), ("fast", TypeError), (None, TypeError)],
)
def test_bad_learning_rate(rate, error):
    # a value out of range is a ValueError; something that is not a number at all is a TypeError
    with pytest.raises(error) as excinfo:
        descend(COLONEL, (10, 10), learning_rate=rate, steps=5)
    assert re.match(r"learning_rate must be a finite number > 0; got ", one_line(excinfo))


@pytest.mark.parametrize("start", [(1, 2, 3), (1,), [[1, 2, 3], [4, 5, 6]], np.zeros((2, 2, 2))])
def test_start_of_wrong_dimension(start):
    with raises(r"start must have 2 coordinates \(shape \(2,\) or \(k, 2\)\); got shape"):
        descend(COLONEL, start, learning_rate=0.1, steps=5)


@pytest.mark.parametrize("start", [(np.nan, 10), [[10, 10], [np.inf, 1]]])
def test_non_finite_start(start):
    with raises("start must be finite; it contains NaN or infinity"):
        descend(COLONEL, start, learning_rate=0.1, steps=5)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"steps": -1}, r"steps must be a whole number >= 0; got -1"),
        ({"method": "sgd"}, r"method must be one of gd, momentum, nesterov, adam; got 'sgd'"),
        ({"tol": 0}, r"tol must be a finite number > 0; got 0"),
        ({"momentum": 1.0}, r"momentum must lie in \[0, 1\); got 1.0"),
        ({"beta1": -0.1}, r"beta1 must lie in \[0, 1\)"),
        ({"beta2": 1.5}, r"beta2 must lie in \[0, 1\)"),
        ({"epsilon": 0}, r"epsilon must be a finite number > 0"),
        ({"escape": -1}, r"escape must be a finite number > 0"),
    ],
)
def test_bad_descent_options(kwargs, message):
    args = {"learning_rate": 0.1, "steps": 5} | kwargs
    with raises(message):
        descend(COLONEL, (10, 10), **args)
    with raises(message):
        run_batch(COLONEL, (10, 10), **args)


@pytest.mark.parametrize(("steps", "message"), [(2.5, "got float 2.5"), (True, "got True")])
def test_steps_of_the_wrong_type(steps, message):
    for run in (descend, run_batch):
        with pytest.raises(TypeError, match=f"steps must be a whole number >= 0; {message}"):
            run(COLONEL, (10, 10), learning_rate=0.1, steps=steps)


def test_bad_direction():
    with raises("direction must be a finite, non-zero vector"):
        directional_derivative([1, 2], [0, 0])
    with raises("direction must be one vector of shape"):
        directional_derivative([1, 2], [[1, 0]])
    with raises("gradient must have 2 components"):
        directional_derivative([1, 2, 3], [1, 0])


def test_bad_profile():
    with raises("directional_profile needs a 2-variable landscape; gpa has 3"):
        directional_profile(LANDSCAPES["gpa"], (10, 10, 10))
    with raises(r"point must be one point of shape \(2,\)"):
        directional_profile(COLONEL, np.ones((2, 3)))
    with raises("samples must be a whole number >= 3"):
        directional_profile(COLONEL, (10, 10), samples=2)
    with raises("outside the domain of colonel_loss"):
        directional_profile(COLONEL, (200, 10))


def test_bad_numerical_gradient():
    with raises("h must be a finite number > 0"):
        numerical_gradient(COLONEL.value, [1.0, 1.0], h=0)
    with raises("p must have its components first"):
        numerical_gradient(COLONEL.value, 1.0)


def test_bad_constraints():
    with raises("Box needs lower <= upper"):
        Box(1.0, 0.0)
    with raises("Budget total 100 cannot be met"):
        Budget(100.0, 0.0, 40.0).project(np.array([[10.0, 10.0]]))
    with raises("Budget total 1 cannot be met"):
        Budget(1.0, 1.0, 5.0).project(np.array([[10.0, 10.0]]))


def test_bad_field_resolution():
    with raises("resolution must be a whole number >= 2; got 1"):
        gradient_field(COLONEL, 1)
