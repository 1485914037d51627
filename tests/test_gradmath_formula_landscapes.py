"""Landscape.from_formula: the lessons' landscapes re-typed as text, standard test functions' critical
points, exact derivatives against finite differences and sympy, and the rest of gradmath on top."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gradmath import (
    LANDSCAPES,
    FormulaError,
    Landscape,
    basins,
    critical_points,
    descend,
    directional_derivative,
    directional_profile,
    gradient_field,
    numerical_gradient,
    parse_formula,
    run_batch,
)
from gradmath.formula import ParsedFormula
from gradmath.formula_numpy import compile_formula, differentiate

# --- the 22 hand-written landscapes, re-typed ----------------------------------------------------------
def mse(name: str) -> str:
    """The mean squared error of the line w·x + b, its sum written out over the landscape's data."""
    data = LANDSCAPES[name].data
    terms = [f"({x:g}w + b - {y:g})^2" for x, y in zip(data["x"], data["y"])]
    return f"({' + '.join(terms)}) / {len(terms)}"


# Note 2x*y, not 2xy: a name is a run of letters and digits, so "xy" would be one variable.
RETYPED: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "colonel_loss": ("(p - 50)^2 + (s - 30)^2", ("p", "s")),
    "ceo_profit": ("-x^2 - y^2 + 10x + 8y", None),
    "polynomial_3x2": ("3x^2 + 2x*y + y^3", None),
    "mixed_terms": ("x^2 y^3 + e^(x*y)", None),
    "mse_line": (mse("mse_line"), ("w", "b")),
    "revenue": ("100x + 80y - x^2 - y^2 - 0.5x*y", None),
    "gpa": ("sqrt(x) + sqrt(y) + sqrt(z) - 0.01(x^2 + y^2 + z^2)", None),
    "recommender": ("(alpha - 0.6)^2 + (beta - 0.3)^2 + (gamma - 0.8)^2 + 0.1alpha*beta", None),
    "bowl": ("x^2 + y^2", None),
    "profit_practice": ("50x + 40y - x^2 - y^2 - 0.5x*y", None),
    "marketing_budget": ("50(100sqrt(g) + 80sqrt(i) + 10sqrt(g*i)) - 1000(g + i)", None),
    "weight_update": ("(3w1 + 4w2 - 10)^2", None),
    "heat_map": ("80e^(-((x-3)^2 + (y-2)^2)/10) + 60e^(-((x+2)^2 + (y+1)^2)/5)", None),
    "portfolio_sharpe": ("(0.15a + 0.08(1 - a)) / sqrt(0.04a^2 + 0.01(1 - a)^2 + 0.01a*(1 - a))", None),
    "practice_quadratic": ("3x^2 + 4x*y - y^2 + 5", None),
    "practice_exponential": ("x^2 e^y", None),
    "practice_hill": ("-x^2 - 2y^2 + 4x + 8y - 10", None),
    "mse_practice": (mse("mse_practice"), ("w", "b")),
    "exercise_quadratic": ("x^2 + 2x*y + 3y^2", None),
    "multimodal": ("sin(x) + 0.1x^2 - 2", None),
    "saddle": ("x^2 - y^2", None),
    "rosenbrock": ("(1 - x)^2 + 100(y - x^2)^2", None),
}


def retyped(name: str) -> Landscape:
    hand = LANDSCAPES[name]
    text, variables = RETYPED[name]
    return Landscape.from_formula(text, domain=hand.domain, goal=hand.goal, variables=variables, name=name)


FORMULAS = {name: retyped(name) for name in RETYPED}


def test_every_landscape_is_retyped():
    assert set(RETYPED) == set(LANDSCAPES)


def test_mse_is_written_out():
    assert mse("mse_practice") == "((1w + b - 3)^2 + (2w + b - 5)^2 + (3w + b - 7)^2) / 3"


unit = st.lists(st.floats(0.0, 1.0, allow_nan=False), min_size=3, max_size=3)


@pytest.mark.parametrize("name", list(RETYPED))
@settings(max_examples=30, deadline=None)
@given(fracs=unit)
def test_retyped_landscape_agrees_with_the_hand_written_one(name, fracs):
    hand, typed = LANDSCAPES[name], FORMULAS[name]
    b = hand.bounds
    p = b[:, 0] + np.asarray(fracs[: hand.n]) * (b[:, 1] - b[:, 0])
    for method in ("value", "gradient", "hessian"):
        expected = np.asarray(getattr(hand, method)(p))
        actual = np.asarray(getattr(typed, method)(p))
        assert actual.shape == expected.shape
        np.testing.assert_allclose(actual, expected, rtol=1e-9, atol=1e-12 * (1 + np.max(np.abs(expected))))


@pytest.mark.parametrize("name", list(RETYPED))
def test_retyped_landscape_agrees_on_a_grid(name):
    hand, typed = LANDSCAPES[name], FORMULAS[name]
    b = hand.bounds
    axes = np.meshgrid(*[np.linspace(lo, hi, 7) for lo, hi in b], indexing="ij")
    grid = np.stack(axes)  # (n, 7, ..., 7)
    for method in ("value", "gradient", "hessian"):
        expected = getattr(hand, method)(grid)
        actual = getattr(typed, method)(grid)
        assert actual.shape == expected.shape
        np.testing.assert_allclose(actual, expected, rtol=1e-9, atol=1e-12 * (1 + np.max(np.abs(expected))))


def test_retyped_fields_of_the_landscape():
    typed = FORMULAS["recommender"]
    assert typed.name == "recommender" and typed.goal == "min" and typed.n == 3
    assert typed.symbols == (r"\alpha", r"\beta", r"\gamma") == LANDSCAPES["recommender"].symbols
    assert typed.variables == ("alpha", "beta", "gamma")  # labels default to the names
    assert FORMULAS["weight_update"].symbols == ("w_{1}", "w_{2}")
    assert FORMULAS["colonel_loss"].latex == r"f(p, s) = \left(p - 50\right)^{2} + \left(s - 30\right)^{2}"


# --- the landscape's fields ----------------------------------------------------------------------------
HIMMELBLAU = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"


def test_defaults_and_fields():
    ls = Landscape.from_formula(HIMMELBLAU, domain=[(-5, 5), (-5, 5)])
    assert ls.name == "formula" and ls.title == HIMMELBLAU and ls.formula == HIMMELBLAU
    assert ls.variables == ("x", "y") and ls.symbols == ("x", "y") and ls.goal == "min"
    assert ls.latex == r"f(x, y) = \left(x + y^{2} - 7\right)^{2} + \left(x^{2} + y - 11\right)^{2}"
    assert ls.domain == ((-5.0, 5.0), (-5.0, 5.0))
    assert HIMMELBLAU in ls.description
    for f in dataclasses.fields(ls):  # nothing of sympy is kept
        assert not isinstance(getattr(ls, f.name), sympy.Basic), f.name
    assert LANDSCAPES["rosenbrock"].formula is None


def test_name_title_labels_goal():
    ls = Landscape.from_formula("a*b - a^2 - b^2", domain={"b": (-1, 1), "a": (-2, 2)}, goal="max",
                                name="hill", title="A hill", labels=("price a", "spend b"))
    assert (ls.name, ls.title, ls.goal, ls.variables) == ("hill", "A hill", "max", ("price a", "spend b"))
    assert ls.domain == ((-2.0, 2.0), (-1.0, 1.0))  # mapped onto the variables' order


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"domain": [(-1, 1)]}, r"one \[low, high\] pair per variable \(x, y\); got 1"),
        ({"domain": [(-1, 1), (2, 1)]}, r"domain of y needs low < high; got \[2, 1\]"),
        ({"domain": [(-1, 1), (0, np.inf)]}, "domain of y must be finite"),
        ({"domain": [(-1, 1), (0, np.nan)]}, "domain of y must be finite"),
        ({"domain": [(-1, 1), "ab"]}, "domain of y must be a pair"),
        ({"domain": [(-1, 1), (0, 1, 2)]}, "domain of y must be a pair"),
        ({"domain": {"x": (0, 1)}}, r"domain needs a \[low, high\] pair for y"),
        ({"domain": {"x": (0, 1), "y": (0, 1), "z": (0, 1)}}, "domain names z"),
        ({"domain": [(-1, 1)] * 2, "goal": "maximise"}, "goal must be 'min' or 'max'"),
        ({"domain": [(-1, 1)] * 2, "labels": ("x",)}, "labels must be 2 strings"),
    ],
)
def test_bad_arguments_are_one_line_value_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Landscape.from_formula("x*y", **kwargs)


def test_a_bare_pair_will_do_for_one_variable():
    assert Landscape.from_formula("x^2", domain=(-1, 2)).domain == ((-1.0, 2.0),)


def test_formula_errors_pass_through():
    with pytest.raises(FormulaError, match="column 2"):
        Landscape.from_formula("x.real", domain=[(0, 1)])


@pytest.mark.parametrize(
    ("text", "domain", "variables"),
    [
        ("sin(x) + 0.1x^2 - 2", [(-6, 6)], None),
        (HIMMELBLAU, [(-5, 5)] * 2, None),
        ("x^2 + y^2 + z^2 - 2x*y*z", [(-2, 2)] * 3, None),
        ("w1*w2*w3*w4 + w1^2", [(-1, 1)] * 4, None),
    ],
)
def test_shapes_components_first(text, domain, variables):
    ls = Landscape.from_formula(text, domain=domain, variables=variables)
    n = ls.n
    point = np.full(n, 0.3)
    assert np.shape(ls.value(point)) == () and ls.gradient(point).shape == (n,) and ls.hessian(point).shape == (n, n)
    grid = np.full((n, 4, 5), 0.3)
    assert ls.value(grid).shape == (4, 5)
    assert ls.gradient(grid).shape == (n, 4, 5) and ls.hessian(grid).shape == (n, n, 4, 5)
    np.testing.assert_allclose(ls.hessian(grid)[..., 2, 3], ls.hessian(point), rtol=1e-14)


def test_constant_parts_broadcast_to_the_input():
    ls = Landscape.from_formula("5", domain=[(0, 1), (0, 1)], variables=("x", "y"))
    grid = np.zeros((2, 3, 4))
    assert ls.value(grid).shape == (3, 4) and np.all(ls.value(grid) == 5)
    assert ls.gradient(grid).shape == (2, 3, 4) and not ls.gradient(grid).any()
    bowl = Landscape.from_formula("x^2 + 3y^2", domain=[(0, 1), (0, 1)])
    np.testing.assert_array_equal(bowl.hessian(grid)[:, :, 1, 2], [[2, 0], [0, 6]])
    assert bowl.f(np.zeros(2)) == 0.0


def test_results_are_fresh_arrays():
    ls = Landscape.from_formula("x + 0*y", domain=[(0, 1), (0, 1)])  # f is the input's row
    p = np.array([[0.5, 0.25], [0.1, 0.2]])
    v = ls.value(p)
    v[:] = 9
    assert p[0, 0] == 0.5


# --- standard test functions: their critical points, found and classified ----------------------------
def _check(found, expected, tol=1e-5):
    """Every expected (kind, point, value) is found once, and nothing else is."""
    assert len(found) == len(expected), [(c.kind, c.point.round(4).tolist()) for c in found]
    for kind, point, value in expected:
        near = [c for c in found if np.max(np.abs(c.point - point)) < tol]
        assert len(near) == 1, (kind, point)
        assert near[0].kind == kind, (kind, point, near[0].kind)
        assert near[0].value == pytest.approx(value, abs=1e-3), (kind, point)  # published to 3 decimals


STANDARD = {
    "himmelblau": (HIMMELBLAU, [(-5, 5), (-5, 5)], {}, [
        ("minimum", (3, 2), 0), ("minimum", (-2.805118, 3.131312), 0),
        ("minimum", (-3.779310, -3.283186), 0), ("minimum", (3.584428, -1.848126), 0),
        ("maximum", (-0.270845, -0.923039), 181.617),
        ("saddle", (3.385154, 0.073852), 13.311926), ("saddle", (0.086678, 2.884255), 67.71915),
        ("saddle", (-3.073026, -0.081353), 104.015163), ("saddle", (-0.127961, -1.953715), 178.337239),
    ]),
    "rosenbrock": ("(1 - x)^2 + 100(y - x^2)^2", [(-2, 2), (-1, 3)], {}, [("minimum", (1, 1), 0)]),
    "booth": ("(x + 2y - 7)^2 + (2x + y - 5)^2", [(-10, 10), (-10, 10)], {}, [("minimum", (1, 3), 0)]),
    # Two global minima ±(0.0898, −0.7126) at −1.0316, four more minima, two maxima, seven saddles
    # (checked against sign changes of both partial derivatives on a 3001 × 3001 grid).
    "six_hump_camel": ("(4 - 2.1x^2 + x^4/3)x^2 + x*y + (-4 + 4y^2)y^2", [(-3, 3), (-2, 2)], {}, [
        ("minimum", (0.089842, -0.712656), -1.031628), ("minimum", (-0.089842, 0.712656), -1.031628),
        ("minimum", (-1.703607, 0.796084), -0.215464), ("minimum", (1.703607, -0.796084), -0.215464),
        ("minimum", (-1.607105, -0.568651), 2.10425), ("minimum", (1.607105, 0.568651), 2.10425),
        ("maximum", (-1.23023, -0.162335), 2.496295), ("maximum", (1.23023, 0.162335), 2.496295),
        ("saddle", (0, 0), 0), ("saddle", (1.109205, -0.768268), 0.543719),
        ("saddle", (-1.109205, 0.768268), 0.543719), ("saddle", (1.638068, 0.228674), 2.229357),
        ("saddle", (-1.638068, -0.228674), 2.229357), ("saddle", (1.29607, 0.605084), 2.229471),
        ("saddle", (-1.29607, -0.605084), 2.229471),
    ]),
    "mccormick": ("sin(x + y) + (x - y)^2 - 1.5x + 2.5y + 1", [(-1.5, 4), (-3, 4)], {}, [
        ("minimum", (-0.547198, -1.547198), -1.913223), ("minimum", (2.594395, 1.594395), 1.22837),
        ("saddle", (1.547198, 0.547198), 1.913223),
    ]),
    # MATLAB's peaks: the default 9 seeds per axis miss the shallow minimum near (0.296, 0.320).
    "peaks": ("3(1-x)^2 e^(-x^2 - (y+1)^2) - 10(x/5 - x^3 - y^5) e^(-x^2-y^2) - 1/3 e^(-(x+1)^2 - y^2)",
              [(-3, 3), (-3, 3)], {"seeds": 15}, [
        ("maximum", (-0.009318, 1.581368), 8.106214), ("maximum", (-0.460025, -0.629197), 3.776581),
        ("maximum", (1.285685, -0.004848), 3.59249), ("minimum", (0.228279, -1.625535), -6.551133),
        ("minimum", (-1.347396, 0.204519), -3.049849), ("minimum", (0.296446, 0.320196), -0.064936),
        ("saddle", (0.416323, -0.394145), 0.408548), ("saddle", (-0.265938, 0.46674), 0.788293),
        ("saddle", (1.098273, 0.854461), 2.249192),
    ]),
    "beale": ("(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2", [(-4.5, 4.5)] * 2, {}, [
        ("minimum", (3, 0.5), 0), ("saddle", (0, 1), 14.203125), ("saddle", (0.100538, -2.644514), 9.864512),
    ]),
    "cubic_3d": ("x^2 + y^2 + z^2 - 2x*y*z", [(-2, 2)] * 3, {}, [
        ("minimum", (0, 0, 0), 0), ("saddle", (1, 1, 1), 1), ("saddle", (1, -1, -1), 1),
        ("saddle", (-1, 1, -1), 1), ("saddle", (-1, -1, 1), 1),
    ]),
}


@pytest.mark.parametrize("name", list(STANDARD))
def test_standard_functions_critical_points(name):
    text, domain, kwargs, expected = STANDARD[name]
    ls = Landscape.from_formula(text, domain=domain)
    _check(critical_points(ls, **kwargs), expected)


def test_published_optima():
    mccormick = Landscape.from_formula(STANDARD["mccormick"][0], domain=STANDARD["mccormick"][1])
    best = min(critical_points(mccormick), key=lambda c: c.value)
    np.testing.assert_allclose(best.point, (-0.54719, -1.54719), atol=1e-5)
    assert best.value == pytest.approx(-1.9133, abs=1e-4)
    camel = Landscape.from_formula(STANDARD["six_hump_camel"][0], domain=STANDARD["six_hump_camel"][1])
    assert min(c.value for c in critical_points(camel)) == pytest.approx(-1.0316, abs=1e-4)
    peaks = Landscape.from_formula(STANDARD["peaks"][0], domain=STANDARD["peaks"][1])
    found = critical_points(peaks, seeds=15)
    top, bottom = max(found, key=lambda c: c.value), min(found, key=lambda c: c.value)
    assert top.value == pytest.approx(8.106, abs=1e-3) and bottom.value == pytest.approx(-6.551, abs=1e-3)
    np.testing.assert_allclose(top.point, (-0.0093, 1.5814), atol=1e-4)
    np.testing.assert_allclose(bottom.point, (0.228, -1.626), atol=1e-3)


def test_one_dimensional_formula_matches_multimodal():
    typed, hand = FORMULAS["multimodal"], LANDSCAPES["multimodal"]
    a, b = critical_points(typed), critical_points(hand)
    assert [c.kind for c in a] == [c.kind for c in b] == ["minimum", "minimum", "maximum"]
    for x, y in zip(a, b):
        np.testing.assert_allclose(x.point, y.point, atol=1e-12)
    np.testing.assert_allclose(a[0].point, hand.notable["global_minimum"], atol=1e-12)


# --- the rest of gradmath works on formula landscapes unchanged --------------------------------------
def test_fields_descent_and_basins_match_the_hand_written_landscape():
    typed, hand = FORMULAS["heat_map"], LANDSCAPES["heat_map"]
    a, b = gradient_field(typed, 60), gradient_field(hand, 60)
    np.testing.assert_allclose(a.values, b.values, rtol=1e-12)
    np.testing.assert_allclose(a.gradients, b.gradients, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(a.magnitude, b.magnitude, rtol=1e-9, atol=1e-12)
    for method in ("gd", "momentum", "nesterov", "adam"):
        pa = descend(typed, hand.starts, learning_rate=0.05, steps=40, method=method)
        pb = descend(hand, hand.starts, learning_rate=0.05, steps=40, method=method)
        for x, y in zip(pa, pb):
            assert (x.converged, x.diverged) == (y.converged, y.diverged)
            np.testing.assert_allclose(x.points, y.points, rtol=1e-8, atol=1e-10)
    ra = run_batch(typed, hand.starts, learning_rate=0.1, steps=40, keep_path=False)
    rb = run_batch(hand, hand.starts, learning_rate=0.1, steps=40, keep_path=False)
    np.testing.assert_allclose(ra.finals, rb.finals, rtol=1e-8)
    ba, bb = basins(typed, 31, learning_rate=0.5, steps=200), basins(hand, 31, learning_rate=0.5, steps=200)
    assert len(ba.attractors) == len(bb.attractors) == 2
    assert np.mean(ba.labels == bb.labels) > 0.99


def test_directional_tools_on_a_formula():
    typed, hand = FORMULAS["ceo_profit"], LANDSCAPES["ceo_profit"]
    assert typed.gradient([2, 3]).tolist() == [6.0, 2.0]
    assert directional_derivative(typed.gradient([2, 3]), [1, 1]) == pytest.approx(8 / np.sqrt(2))
    pa, pb = directional_profile(typed, [2, 3], samples=36), directional_profile(hand, [2, 3], samples=36)
    np.testing.assert_allclose(pa.derivatives, pb.derivatives, atol=1e-12)
    np.testing.assert_allclose(numerical_gradient(typed.value, [2.0, 3.0]), [6, 2], atol=1e-6)


def test_descent_on_the_formula_rosenbrock_follows_the_hand_written_one():
    typed, hand = FORMULAS["rosenbrock"], LANDSCAPES["rosenbrock"]
    a = descend(typed, (-1.2, 1.0), learning_rate=1e-3, steps=2000)
    b = descend(hand, (-1.2, 1.0), learning_rate=1e-3, steps=2000)
    np.testing.assert_allclose(a.points, b.points, rtol=1e-7, atol=1e-9)


# --- exact derivatives: finite differences along random directions, and sympy's diff ------------------
_LEAVES = ["x", "y", "z", "0.5", "2", "1.5x", "x*y", "(y - 0.3)"]
_UNARY = ["sin({})", "cos({})", "tanh({})", "atan({})", "exp(0.3*{})", "sqrt(1 + ({})^2)", "log(2 + sin({}))",
          "sinh(0.2*{})", "cosh(0.2*{})", "({})^2", "({})^3", "-({})"]
_BINARY = ["{} + {}", "{} - {}", "{} * {}", "{} / (2 + ({})^2)", "({})^2 * {}", "(1.5 + tanh({}))^({})"]


def random_formula(rng: np.random.Generator, depth: int) -> str:
    """A smooth random formula in x, y, z (defined everywhere), from a small grammar."""
    if depth == 0 or rng.random() < 0.2:
        return str(rng.choice(_LEAVES))
    if rng.random() < 0.5:
        return str(rng.choice(_UNARY)).format(random_formula(rng, depth - 1))
    return str(rng.choice(_BINARY)).format(random_formula(rng, depth - 1), random_formula(rng, depth - 1))


def check_derivatives(ls: Landscape, rng: np.random.Generator, points: int = 5, h: float = 1e-5) -> None:
    """Central differences of f and ∇f along random unit directions match ∇f·u and H·u."""
    for _ in range(points):
        p = rng.uniform(-1, 1, ls.n)
        u = rng.normal(size=ls.n)
        u /= np.linalg.norm(u)
        slope = (ls.f(p + h * u) - ls.f(p - h * u)) / (2 * h)
        bend = (ls.grad(p + h * u) - ls.grad(p - h * u)) / (2 * h)
        g, H = ls.grad(p), ls.hess(p)
        scale = 1 + abs(float(ls.f(p))) + np.max(np.abs(g))
        assert slope == pytest.approx(float(g @ u), rel=1e-6, abs=1e-7 * scale)
        np.testing.assert_allclose(bend, H @ u, rtol=1e-5, atol=1e-6 * (scale + np.max(np.abs(H))))
        np.testing.assert_allclose(H, H.T, rtol=1e-12, atol=1e-12 * np.max(np.abs(H)))


@pytest.mark.parametrize("seed", range(12))
def test_random_formulas_derivatives_match_finite_differences(seed):
    rng = np.random.default_rng(seed)
    for _ in range(4):
        text = random_formula(rng, 4)
        ls = Landscape.from_formula(text, domain=[(-2, 2)] * 3, variables=("x", "y", "z"))
        check_derivatives(ls, rng)


@pytest.mark.parametrize("seed", range(6))
def test_random_formulas_derivatives_match_sympy_diff(seed):
    """Our chain rule (memoised, unsorted) against sympy.diff of the same expression."""
    rng = np.random.default_rng(100 + seed)
    points = rng.uniform(-1, 1, (3, 5))
    for _ in range(3):
        parsed = parse_formula(random_formula(rng, 3), ("x", "y", "z"))
        grad, hess = differentiate(parsed)
        for i, v in enumerate(parsed.symbols):
            ours = _evaluate(parsed, grad[i], points)
            theirs = _evaluate(parsed, sympy.diff(parsed.expression, v), points)
            np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)
            for j, w in enumerate(parsed.symbols):
                ours = _evaluate(parsed, hess[i][j], points)
                theirs = _evaluate(parsed, sympy.diff(parsed.expression, v, w), points)
                np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-10)


def _evaluate(parsed: ParsedFormula, expression, points):
    return compile_formula(dataclasses.replace(parsed, expression=expression)).f(points)


# --- undefined derivatives: NaN or inf, never an exception or a warning --------------------------------
@pytest.mark.parametrize(
    ("text", "domain", "point"),
    [
        ("sqrt(x)", [(0, 4)], [0.0]),
        ("abs(x)", [(-1, 1)], [0.0]),
        ("log(x)", [(-2, 2)], [-1.0]),
        ("log(x)", [(-2, 2)], [0.0]),
        ("x^0.5 + y", [(-1, 1)] * 2, [-0.5, 0.0]),
        ("sqrt(x^2 + y^2)", [(-1, 1)] * 2, [0.0, 0.0]),
        ("abs(x) + abs(y)", [(-1, 1)] * 2, [0.0, 0.0]),
        ("abs(log(x))", [(0, 2)], [1.0]),
    ],
)
def test_undefined_derivatives_are_not_finite(text, domain, point):
    ls = Landscape.from_formula(text, domain=domain)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g, H = ls.gradient(point), ls.hessian(point)
        ls.value(point)
    assert not np.all(np.isfinite(g)) and not np.all(np.isfinite(H))


def test_derivatives_are_defined_next_to_the_undefined_points():
    ls = Landscape.from_formula("abs(x) + log(y)", domain=[(-1, 1), (-1, 1)])
    np.testing.assert_allclose(ls.gradient([-0.5, 0.5]), [-1, 2])
    np.testing.assert_allclose(ls.hessian([-0.5, 0.5]), [[0, 0], [0, -4]])
    assert np.isnan(ls.gradient([-0.5, -0.5])[1])  # log y is undefined for y < 0, and so is its slope


def test_descent_from_an_undefined_gradient_diverges():
    ls = Landscape.from_formula("abs(x) + abs(y)", domain=[(-1, 1), (-1, 1)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = descend(ls, [0.0, 0.0], learning_rate=0.1, steps=10)
    assert path.diverged and not path.converged and path.stopped_at == 0
    ok = descend(ls, [0.55, -0.35], learning_rate=0.1, steps=10)
    np.testing.assert_allclose(ok.points[1], [0.45, -0.25])
