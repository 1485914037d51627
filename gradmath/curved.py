"""The lessons' non-quadratic landscapes: peaks, valleys, budgets and ratios, with analytic derivatives."""

from __future__ import annotations

import numpy as np

from .constraints import Box, Budget
from .landscape import Landscape
from .shapes import stack_hessian

__all__ = [
    "GPA",
    "MARKETING_BUDGET",
    "HEAT_MAP",
    "PORTFOLIO_SHARPE",
    "MULTIMODAL",
    "POLYNOMIAL_3X2",
    "MIXED_TERMS",
    "PRACTICE_EXPONENTIAL",
    "ROSENBROCK",
]


# --- GPA: G = Σ √x_i − 0.01 Σ x_i² ---------------------------------------------------------------
def _gpa(p: np.ndarray) -> np.ndarray:
    return np.sum(np.sqrt(p), axis=0) - 0.01 * np.sum(p * p, axis=0)


def _gpa_grad(p: np.ndarray) -> np.ndarray:
    return 0.5 / np.sqrt(p) - 0.02 * p


def _gpa_hess(p: np.ndarray) -> np.ndarray:
    diag = -0.25 * p**-1.5 - 0.02
    return np.eye(3).reshape((3, 3) + (1,) * (p.ndim - 1)) * diag[None]


_GPA_PEAK = 25 ** (2 / 3)  # 0.5/√x = 0.02x  ⇒  x^{3/2} = 25
GPA = Landscape(
    name="gpa",
    title="Study hours and GPA",
    latex=r"G(x, y, z) = \sqrt{x} + \sqrt{y} + \sqrt{z} - 0.01(x^2 + y^2 + z^2)",
    variables=("math hours x", "English hours y", "science hours z"),
    symbols=("x", "y", "z"),
    domain=((0.25, 25.0),) * 3,
    goal="max",
    f=_gpa,
    grad=_gpa_grad,
    hess=_gpa_hess,
    notable={"current": (10, 12, 8), "maximum": (_GPA_PEAK,) * 3, "budget_maximum": (10, 10, 10)},
    starts=((10, 12, 8),),
    constraint=Budget(30.0, 0.25, 25.0),
    description="GPA over weekly study hours; unconstrained peak at 8.55 h each, 10 h each on a 30 h budget.",
)


# --- Marketing: P = 50·(100√g + 80√i + 10√(gi)) − 1000(g + i) -------------------------------------
def _marketing(p: np.ndarray) -> np.ndarray:
    g, i = p
    return 50 * (100 * np.sqrt(g) + 80 * np.sqrt(i) + 10 * np.sqrt(g * i)) - 1000 * (g + i)


def _marketing_grad(p: np.ndarray) -> np.ndarray:
    g, i = p
    return np.stack([50 * (50 / np.sqrt(g) + 5 * np.sqrt(i / g)) - 1000, 50 * (40 / np.sqrt(i) + 5 * np.sqrt(g / i)) - 1000])


def _marketing_hess(p: np.ndarray) -> np.ndarray:
    g, i = p
    gg = 50 * (-25 - 2.5 * np.sqrt(i)) * g**-1.5
    ii = 50 * (-20 - 2.5 * np.sqrt(g)) * i**-1.5
    gi = 50 * 2.5 / np.sqrt(g * i)
    return stack_hessian([[gg, gi], [gi, ii]], p)


MARKETING_BUDGET = Landscape(
    name="marketing_budget",
    title="Marketing budget: Google vs Instagram",
    latex=r"P(g, i) = 50\,(100\sqrt{g} + 80\sqrt{i} + 10\sqrt{gi}) - 1000\,(g + i)",
    variables=("Google spend g ($k)", "Instagram spend i ($k)"),
    symbols=("g", "i"),
    domain=((1.0, 49.0), (1.0, 49.0)),
    goal="max",
    f=_marketing,
    grad=_marketing_grad,
    hess=_marketing_hess,
    # On g + i = 50 the profit peaks where ∂P/∂g = ∂P/∂i (found by bisection; see tests).
    notable={"equal_split": (25, 25), "budget_maximum": (27.626224, 50 - 27.626224)},
    starts=((25, 25),),
    # The lesson moves g by 0.5·(∂P/∂g − ∂P/∂i)/2000 per step: projected ascent at rate 0.0005.
    lesson_rate=0.0005,
    lesson_steps=100,
    constraint=Budget(50.0, 1.0, 49.0),
    description="Profit of a $50k ad budget split between two channels; the best split is g ≈ 27.6k.",
)


# --- Heat map: two Gaussian heat sources ---------------------------------------------------------
_SOURCES = ((80.0, 3.0, 2.0, 10.0), (60.0, -2.0, -1.0, 5.0))  # (height, cx, cy, width s): h·exp(−r²/s)


def _bumps(p: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, float]]:
    x, y = p
    out = []
    for height, cx, cy, s in _SOURCES:
        dx, dy = x - cx, y - cy
        out.append((height * np.exp(-(dx * dx + dy * dy) / s), dx, dy, s))
    return out


def _heat(p: np.ndarray) -> np.ndarray:
    return sum(e for e, *_ in _bumps(p))


def _heat_grad(p: np.ndarray) -> np.ndarray:
    return sum(np.stack([-2 * dx / s * e, -2 * dy / s * e]) for e, dx, dy, s in _bumps(p))


def _heat_hess(p: np.ndarray) -> np.ndarray:
    total = 0.0
    for e, dx, dy, s in _bumps(p):
        xx = e * (4 * dx * dx / s**2 - 2 / s)
        yy = e * (4 * dy * dy / s**2 - 2 / s)
        xy = e * 4 * dx * dy / s**2
        total = total + stack_hessian([[xx, xy], [xy, yy]], p)
    return total


HEAT_MAP = Landscape(
    name="heat_map",
    title="Heat-map navigation: two heat sources",
    latex=r"T(x, y) = 80\,e^{-((x-3)^2 + (y-2)^2)/10} + 60\,e^{-((x+2)^2 + (y+1)^2)/5}",
    variables=("x", "y"),
    symbols=("x", "y"),
    domain=((-6.0, 8.0), (-5.0, 6.0)),
    goal="max",
    f=_heat,
    grad=_heat_grad,
    hess=_heat_hess,
    # The sources pull on each other: the true peaks sit a little off (3, 2) and (−2, −1).
    notable={"source_1": (3, 2), "source_2": (-2, -1)},
    starts=((0, 0), (5, 0), (-3, 0), (0, 3), (0, -3)),
    lesson_rate=0.5,  # far too large: near the peaks the step overshoots (rate × curvature ≫ 2)
    lesson_steps=50,
    description="Two Gaussian heat sources; ascent finds whichever peak's basin it starts in.",
)


# --- Portfolio: Sharpe ratio of a in stock A, 1 − a in stock B -----------------------------------
# R(a) = 0.15a + 0.08(1 − a);  V(a) = 0.04a² + 0.01(1 − a)² + 0.01a(1 − a) = 0.04a² − 0.01a + 0.01.
def _sharpe_parts(p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a = p[0]
    return 0.08 + 0.07 * a, 0.04 * a * a - 0.01 * a + 0.01, 0.08 * a - 0.01


def _sharpe(p: np.ndarray) -> np.ndarray:
    r, v, _ = _sharpe_parts(p)
    return r / np.sqrt(v)


def _sharpe_grad(p: np.ndarray) -> np.ndarray:
    r, v, dv = _sharpe_parts(p)
    return (0.07 / np.sqrt(v) - 0.5 * r * dv * v**-1.5)[None]


def _sharpe_hess(p: np.ndarray) -> np.ndarray:
    r, v, dv = _sharpe_parts(p)
    d2 = -0.07 * dv * v**-1.5 - 0.5 * r * 0.08 * v**-1.5 + 0.75 * r * dv * dv * v**-2.5
    return d2[None, None]


PORTFOLIO_SHARPE = Landscape(
    name="portfolio_sharpe",
    title="Portfolio: Sharpe ratio",
    latex=r"S(a) = \frac{0.15a + 0.08(1-a)}{\sqrt{0.04a^2 + 0.01(1-a)^2 + 0.01a(1-a)}}",
    variables=("fraction in stock A",),
    symbols=("a",),
    domain=((0.0, 1.0),),
    goal="max",
    f=_sharpe,
    grad=_sharpe_grad,
    hess=_sharpe_hess,
    # S'(a) = 0  ⇔  0.07·V = ½·R·V'  ⇔  a = 0.0011 / 0.00355 = 22/71.
    notable={"even_split": (0.5,), "maximum": (22 / 71,), "all_b": (0.0,), "all_a": (1.0,)},
    starts=((0.5,),),
    lesson_rate=0.5,
    lesson_steps=50,
    constraint=Box(0.0, 1.0),
    description="Risk-adjusted return of a two-stock mix; the best mix holds 31 % in stock A, not more.",
)


# --- One-dimensional non-convex loss ---------------------------------------------------------------
MULTIMODAL = Landscape(
    name="multimodal",
    title="A non-convex loss",
    latex=r"L(x) = \sin x + 0.1x^2 - 2",
    variables=("x",),
    symbols=("x",),
    domain=((-6.0, 6.0),),
    goal="min",
    f=lambda p: np.sin(p[0]) + 0.1 * p[0] ** 2 - 2,
    grad=lambda p: (np.cos(p[0]) + 0.2 * p[0])[None],
    hess=lambda p: (-np.sin(p[0]) + 0.2)[None, None],
    notable={"global_minimum": (-1.306440008369511,), "local_minimum": (3.837467106499049,)},
    starts=((-5,), (-2,), (0,), (3,)),
    lesson_rate=0.1,
    lesson_steps=50,
    description="Two valleys: starts left of x ≈ 1.97 roll to the global minimum, the rest to a local one.",
)


# --- Worked examples of partial derivatives ------------------------------------------------------
POLYNOMIAL_3X2 = Landscape(
    name="polynomial_3x2",
    title="Example: a cubic polynomial",
    latex=r"f(x, y) = 3x^2 + 2xy + y^3",
    variables=("x", "y"),
    symbols=("x", "y"),
    domain=((-2.0, 2.0), (-2.0, 2.0)),
    goal="min",
    f=lambda p: 3 * p[0] ** 2 + 2 * p[0] * p[1] + p[1] ** 3,
    grad=lambda p: np.stack([6 * p[0] + 2 * p[1], 2 * p[0] + 3 * p[1] ** 2]),
    hess=lambda p: stack_hessian([[6.0, 2.0], [2.0, 6 * p[1]]], p),
    notable={"probe": (1, 2), "saddle": (0, 0), "local_minimum": (-2 / 27, 2 / 9)},
    description="Example 1: ∇f(1, 2) = (10, 14); a saddle at the origin and a local minimum at (−2/27, 2/9).",
)

MIXED_TERMS = Landscape(
    name="mixed_terms",
    title="Example: mixed terms",
    latex=r"g(x, y) = x^2 y^3 + e^{xy}",
    variables=("x", "y"),
    symbols=("x", "y"),
    domain=((-2.0, 2.0), (-2.0, 2.0)),
    goal="min",
    f=lambda p: p[0] ** 2 * p[1] ** 3 + np.exp(p[0] * p[1]),
    grad=lambda p: np.stack(
        [2 * p[0] * p[1] ** 3 + p[1] * np.exp(p[0] * p[1]), 3 * p[0] ** 2 * p[1] ** 2 + p[0] * np.exp(p[0] * p[1])]
    ),
    hess=lambda p: stack_hessian(
        [
            [2 * p[1] ** 3 + p[1] ** 2 * np.exp(p[0] * p[1]), 6 * p[0] * p[1] ** 2 + (1 + p[0] * p[1]) * np.exp(p[0] * p[1])],
            [6 * p[0] * p[1] ** 2 + (1 + p[0] * p[1]) * np.exp(p[0] * p[1]), 6 * p[0] ** 2 * p[1] + p[0] ** 2 * np.exp(p[0] * p[1])],
        ],
        p,
    ),
    notable={"probe": (1, 1)},
    description="Example 2: ∂g/∂x = 2xy³ + y·e^{xy}, ∂g/∂y = 3x²y² + x·e^{xy} (chain rule).",
)

PRACTICE_EXPONENTIAL = Landscape(
    name="practice_exponential",
    title="Practice: x² eʸ",
    latex=r"g(x, y) = x^2 e^{y}",
    variables=("x", "y"),
    symbols=("x", "y"),
    domain=((-2.0, 2.0), (-2.0, 2.0)),
    goal="min",
    f=lambda p: p[0] ** 2 * np.exp(p[1]),
    grad=lambda p: np.stack([2 * p[0] * np.exp(p[1]), p[0] ** 2 * np.exp(p[1])]),
    hess=lambda p: stack_hessian(
        [[2 * np.exp(p[1]), 2 * p[0] * np.exp(p[1])], [2 * p[0] * np.exp(p[1]), p[0] ** 2 * np.exp(p[1])]], p
    ),
    notable={"probe": (1, 0)},
    description="Practice problem 2: ∇g = eʸ·(2x, x²).",
)


# --- The narrow curved valley for optimiser races --------------------------------------------------
ROSENBROCK = Landscape(
    name="rosenbrock",
    title="Rosenbrock's narrow valley",
    latex=r"f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2",
    variables=("x", "y"),
    symbols=("x", "y"),
    domain=((-2.0, 2.0), (-1.0, 3.0)),
    goal="min",
    f=lambda p: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2,
    grad=lambda p: np.stack([-2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] ** 2), 200 * (p[1] - p[0] ** 2)]),
    hess=lambda p: stack_hessian([[2 - 400 * p[1] + 1200 * p[0] ** 2, -400 * p[0]], [-400 * p[0], 200.0]], p),
    notable={"minimum": (1, 1)},
    starts=((-1.2, 1.0),),
    description="A banana-shaped valley: easy to fall into, slow to follow to the minimum at (1, 1).",
)
