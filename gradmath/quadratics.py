"""The lessons' quadratic landscapes: losses, profits and practice problems with exact optima."""

from __future__ import annotations

from .landscape import Landscape
from .shapes import least_squares_line, quadratic

__all__ = [
    "COLONEL_LOSS",
    "CEO_PROFIT",
    "REVENUE",
    "PROFIT_PRACTICE",
    "RECOMMENDER",
    "WEIGHT_UPDATE",
    "MSE_LINE",
    "MSE_PRACTICE",
    "PRACTICE_QUADRATIC",
    "PRACTICE_HILL",
    "EXERCISE_QUADRATIC",
    "BOWL",
    "SADDLE",
]

COLONEL_LOSS = Landscape(
    name="colonel_loss",
    title="The Colonel's loss",
    latex=r"L(p, s) = (p - 50)^2 + (s - 30)^2",
    variables=("personnel committed", "supply level"),
    symbols=("p", "s"),
    domain=((0.0, 100.0), (0.0, 60.0)),
    goal="min",
    # L = p² - 100p + 2500 + s² - 60s + 900
    **quadratic([[2, 0], [0, 2]], [-100, -60], 3400.0),
    notable={"minimum": (50, 30), "probe_a": (20, 10), "probe_b": (80, 50), "probe_c": (30, 60)},
    starts=((10, 10), (90, 50), (30, 55), (80, 5)),
    lesson_rate=0.05,
    lesson_steps=30,
    description="Quadratic siege loss in personnel and supplies, minimum at (50, 30).",
)

CEO_PROFIT = Landscape(
    name="ceo_profit",
    title="The CEO's profit",
    latex=r"P(x, y) = -x^2 - y^2 + 10x + 8y",
    variables=("price x", "ad spend y"),
    symbols=("x", "y"),
    domain=((0.0, 10.0), (0.0, 8.0)),
    goal="max",
    **quadratic([[-2, 0], [0, -2]], [10, 8]),
    notable={"start": (2, 3), "maximum": (5, 4)},
    starts=((2, 3),),
    description="Profit over price and ad spend; the hiker starts at (2, 3) where ∇P = [6, 2].",
)

REVENUE = Landscape(
    name="revenue",
    title="Revenue from ads and quality",
    latex=r"R(x, y) = 100x + 80y - x^2 - y^2 - 0.5xy",
    variables=("ad budget x ($k)", "quality investment y ($k)"),
    symbols=("x", "y"),
    domain=((0.0, 80.0), (0.0, 60.0)),
    goal="max",
    **quadratic([[-2, -0.5], [-0.5, -2]], [100, 80]),
    notable={"current": (20, 15), "maximum": (128 / 3, 88 / 3)},
    starts=((20, 15),),
    description="Revenue over ad and quality budgets, maximum at (42.67, 29.33).",
)

PROFIT_PRACTICE = Landscape(
    name="profit_practice",
    title="Practice: profit optimisation",
    latex=r"P(x, y) = 50x + 40y - x^2 - y^2 - 0.5xy",
    variables=("x", "y"),
    symbols=("x", "y"),
    domain=((0.0, 40.0), (0.0, 30.0)),
    goal="max",
    **quadratic([[-2, -0.5], [-0.5, -2]], [50, 40]),
    notable={"maximum": (64 / 3, 44 / 3)},
    description="Practice exercise 1: maximum at (21.33, 14.67), Hessian eigenvalues −1.5 and −2.5.",
)

RECOMMENDER = Landscape(
    name="recommender",
    title="Recommender error",
    latex=r"E(\alpha, \beta, \gamma) = (\alpha - 0.6)^2 + (\beta - 0.3)^2 + (\gamma - 0.8)^2 + 0.1\alpha\beta",
    variables=("recency weight α", "popularity weight β", "personalisation weight γ"),
    symbols=(r"\alpha", r"\beta", r"\gamma"),
    domain=((0.0, 1.0), (0.0, 1.0), (0.0, 1.0)),
    goal="min",
    **quadratic([[2, 0.1, 0], [0.1, 2, 0], [0, 0, 2]], [-1.2, -0.6, -1.6], 1.09),
    # ∇E = 0: α = 0.6 − 0.05β, β = 0.3 − 0.05α, γ = 0.8.
    notable={"start": (0.2, 0.5, 0.4), "minimum": (0.585 / 0.9975, (0.3 - 0.03) / 0.9975, 0.8)},
    starts=((0.2, 0.5, 0.4),),
    lesson_rate=0.1,
    lesson_steps=15,
    description="Three recommender knobs; 15 steps at rate 0.1 get close to, not onto, the minimum.",
)

# L(w) = (w·x − t)² for x = (3, 4), t = 10: A = 2xxᵀ, b = −2tx, c = t².
WEIGHT_UPDATE = Landscape(
    name="weight_update",
    title="One neuron, one data point",
    latex=r"L(w_1, w_2) = (3w_1 + 4w_2 - 10)^2",
    variables=("weight w1", "weight w2"),
    symbols=("w_1", "w_2"),
    domain=((-2.0, 4.0), (-2.0, 4.0)),
    goal="min",
    **quadratic([[18, 24], [24, 32]], [-60, -80], 100.0),
    # Every w on 3w1 + 4w2 = 10 is a minimum; descent from (1, 1) reaches the nearest one.
    notable={"start": (1, 1), "nearest_minimum": (1.36, 1.48), "lesson_minimum": (1.0, 1.75)},
    starts=((1, 1),),
    lesson_rate=0.1,
    lesson_steps=6,
    data={"x": (3.0, 4.0), "target": (10.0,)},
    description="Loss of y = w·x on x = (3, 4), target 10; stable only for rates below 0.04.",
)

_LINE_X, _LINE_Y = (1.0, 2.0, 3.0, 4.0, 5.0), (2.0, 4.0, 5.0, 4.0, 5.0)
MSE_LINE = Landscape(
    name="mse_line",
    title="Fitting a line: mean squared error",
    latex=r"L(w, b) = \frac{1}{n}\sum_{i=1}^{n} (w x_i + b - y_i)^2",
    variables=("slope w", "intercept b"),
    symbols=("w", "b"),
    domain=((-1.0, 3.0), (-2.0, 5.0)),
    goal="min",
    **least_squares_line(_LINE_X, _LINE_Y),
    notable={"start": (0.5, 1.0), "minimum": (0.6, 2.2)},
    starts=((0.5, 1.0),),
    data={"x": _LINE_X, "y": _LINE_Y},
    description="MSE of a line through five points; at (0.5, 1) the gradient is (−9.4, −3.0).",
)

_PRACTICE_X, _PRACTICE_Y = (1.0, 2.0, 3.0), (3.0, 5.0, 7.0)
MSE_PRACTICE = Landscape(
    name="mse_practice",
    title="Practice: MSE on three points",
    latex=r"L(w, b) = \frac{1}{3}\sum_{i=1}^{3} (w x_i + b - y_i)^2",
    variables=("slope w", "intercept b"),
    symbols=("w", "b"),
    domain=((-1.0, 4.0), (-3.0, 4.0)),
    goal="min",
    **least_squares_line(_PRACTICE_X, _PRACTICE_Y),
    notable={"start": (1.0, 1.0), "minimum": (2.0, 1.0)},
    starts=((1.0, 1.0),),
    data={"x": _PRACTICE_X, "y": _PRACTICE_Y},
    description="Practice problem: at (1, 1) the gradient is (−28/3, −4); the line y = 2x + 1 fits exactly.",
)

PRACTICE_QUADRATIC = Landscape(
    name="practice_quadratic",
    title="Practice: a tilted saddle",
    latex=r"f(x, y) = 3x^2 + 4xy - y^2 + 5",
    variables=("x", "y"),
    symbols=("x", "y"),
    domain=((-3.0, 3.0), (-3.0, 3.0)),
    goal="min",
    **quadratic([[6, 4], [4, -2]], [0, 0], 5.0),
    notable={"probe": (1, 2), "saddle": (0, 0)},
    description="Practice problem 1: ∇f(1, 2) = (14, 0); its only critical point (0, 0) is a saddle.",
)

PRACTICE_HILL = Landscape(
    name="practice_hill",
    title="Practice: find the critical point",
    latex=r"h(x, y) = -x^2 - 2y^2 + 4x + 8y - 10",
    variables=("x", "y"),
    symbols=("x", "y"),
    domain=((-1.0, 5.0), (-1.0, 5.0)),
    goal="max",
    **quadratic([[-2, 0], [0, -4]], [4, 8], -10.0),
    notable={"maximum": (2, 2)},
    description="Practice problem 3: maximum at (2, 2) with h = 2; Hessian eigenvalues −2 and −4.",
)

EXERCISE_QUADRATIC = Landscape(
    name="exercise_quadratic",
    title="Exercise: gradient by hand",
    latex=r"f(x, y) = x^2 + 2xy + 3y^2",
    variables=("x", "y"),
    symbols=("x", "y"),
    domain=((-3.0, 3.0), (-3.0, 3.0)),
    goal="min",
    **quadratic([[2, 2], [2, 6]], [0, 0]),
    notable={"probe": (1, 2), "minimum": (0, 0)},
    starts=((1, 2),),
    description="Exercise 1: ∇f(1, 2) = (6, 14); to decrease f move along (−6, −14).",
)

BOWL = Landscape(
    name="bowl",
    title="A round bowl",
    latex=r"f(x, y) = x^2 + y^2",
    variables=("x", "y"),
    symbols=("x", "y"),
    domain=((-3.0, 3.0), (-3.0, 3.0)),
    goal="min",
    **quadratic([[2, 0], [0, 2]], [0, 0]),
    notable={"minimum": (0, 0)},
    starts=((2.5, 1.5),),
    description="The lesson's Hessian example: eigenvalues 2 and 2, a minimum; stable for rates below 1.",
)

SADDLE = Landscape(
    name="saddle",
    title="A saddle",
    latex=r"f(x, y) = x^2 - y^2",
    variables=("x", "y"),
    symbols=("x", "y"),
    domain=((-2.0, 2.0), (-2.0, 2.0)),
    goal="min",
    **quadratic([[2, 0], [0, -2]], [0, 0]),
    notable={"saddle": (0, 0)},
    starts=((1.8, 0.01),),
    description="Minimum along x, maximum along y: descent stalls near (0, 0) before sliding away.",
)
