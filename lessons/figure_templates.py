"""Parameters of the figure templates: what a lesson entry may set for each figure, with defaults."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .params import CsvFile, Line, Map, Params, Point, PointOf, Rate, Steps
from .scene_templates import BasinsRun, LineRun, Race, RatesRun, StartsRun

__all__ = [
    "ContourGradientParams",
    "LossSurfaceParams",
    "ContourAndSurfaceParams",
    "DescentPathsParams",
    "GradientMagnitudeParams",
    "Nonconvex1DParams",
    "HeatMapNavigationParams",
    "DirectionalProfileParams",
    "HessianClassificationParams",
    "LearningRatesParams",
    "OptimizerComparisonParams",
    "BudgetRun",
    "IntervalRun",
    "ConstrainedOptimaParams",
    "DataScatterParams",
    "DataGradientParams",
]


class ContourGradientParams(Params):
    """A contour map with unit gradient arrows pointing uphill and the optima marked."""

    landscape: Map = Field(description="a 2-variable landscape")
    arrows: int = Field(8, ge=3, le=20, description="gradient arrows per axis")


class LossSurfaceParams(Params):
    """The landscape as a 3-D surface with its optima marked."""

    landscape: Map = Field(description="a 2-variable landscape")


class ContourAndSurfaceParams(Params):
    """The contour map with gradient arrows beside the 3-D surface."""

    landscape: Map = Field(description="a 2-variable landscape")
    arrows: int = Field(8, ge=3, le=20, description="gradient arrows per axis")


class DescentPathsParams(StartsRun):
    """Descent (ascent) paths from several starts over the contours."""


class GradientMagnitudeParams(Params):
    """|∇f| as a heat map, with a slice through the optimum."""

    landscape: Map = Field(description="a 2-variable landscape")
    slice_at: float | None = Field(None, allow_inf_nan=False,
                                   description="the second variable's value of the slice (default: through the optimum)")


class Nonconvex1DParams(LineRun):
    """A 1-variable landscape: starts, where descent takes them, and the valleys they reach."""


class HeatMapNavigationParams(BasinsRun):
    """Runs from several starts over the basins of the optima, and what a too-large rate does."""


class DirectionalProfileParams(Params):
    """The directional derivative ∇f·û at one point over every heading, polar and Cartesian."""

    landscape: Map = Field(description="a 2-variable landscape")
    point: Annotated[Point, PointOf()] = Field(description="where the headings are taken")


class HessianClassificationParams(Params):
    """Critical points side by side, classified by their Hessian's eigenvalues."""

    landscapes: tuple[Map, ...] = Field(description="one to four 2-variable landscapes", min_length=1, max_length=4)


class LearningRatesParams(RatesRun):
    """The same descent with different learning rates: paths and loss curves."""


class OptimizerComparisonParams(Race):
    """Optimisers from one start: their paths and their distance to the optimum per step."""


class BudgetRun(Params):
    """Projected ascent (descent) of a 2-variable landscape along x + y = total."""

    landscape: Map = Field(description="a 2-variable landscape")
    total: float = Field(allow_inf_nan=False, description="the budget: x + y = total")
    start: Annotated[Point, PointOf()] = Field(description="a split of the budget")
    learning_rate: Rate = Field(description="a rate that converges")
    steps: Steps = Field(2000, description="steps of the run")
    short_rate: Rate | None = Field(None, description="a rate that stops short (none: not shown)")
    short_steps: Steps = Field(100, description="steps of the run that stops short")


class IntervalRun(Params):
    """Projected ascent (descent) of a 1-variable landscape on its domain."""

    landscape: Line = Field(description="a 1-variable landscape")
    start: Annotated[Point, PointOf()] = Field(description="the start")
    learning_rate: Rate = Field(description="step = rate × derivative")
    steps: Steps = Field(50, description="steps of the run")


class ConstrainedOptimaParams(Params):
    """Optima under constraints: a landscape along a budget line and one on an interval."""

    budget: BudgetRun = Field(description="the budget panel")
    interval: IntervalRun = Field(description="the interval panel")


class DataScatterParams(Params):
    """Scatter plots of the target against each feature column of a CSV file, by category."""

    data: CsvFile = Field(description="a CSV file, relative to the lesson file")
    target: str = Field(description="the column on the vertical axes")
    features: tuple[str, ...] = Field(description="one to six columns, one panel each", min_length=1, max_length=6)
    category: str | None = Field(None, description="a column whose values colour the points (none: one colour)")


class DataGradientParams(Params):
    """A linear model on standardised columns of a CSV file: its slopes as the gradient."""

    data: CsvFile = Field(description="a CSV file, relative to the lesson file")
    target: str = Field(description="the column to predict")
    features: tuple[str, ...] = Field(description="the input columns, 1 to 12", min_length=1, max_length=12)
