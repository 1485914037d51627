"""Parameters of the scene templates: what a lesson entry may set for each scene, with defaults."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .params import CsvFile, Line, Map, Params, Point, PointOf, Points, Racer, Rate, Steps, Tolerance

__all__ = [
    "HikerInFogParams",
    "GradientCompassParams",
    "LineRun",
    "StartsRun",
    "BasinsRun",
    "LocalMinimaParams",
    "RatesRun",
    "Race",
    "LearningRateParams",
    "DescentOnSurfaceParams",
    "OptimizerRaceParams",
    "GradientFromDataParams",
    "DEFAULT_RACERS",
]

DEFAULT_RACERS = (
    Racer(method="gd", learning_rate=1e-3),
    Racer(method="momentum", learning_rate=1e-3),
    Racer(method="nesterov", learning_rate=1e-3),
    Racer(method="adam", learning_rate=0.05),
)


class HikerInFogParams(Params):
    """A hiker in fog feels each partial derivative, combines them into the gradient and climbs (or descends)."""

    landscape: Map = Field(description="a 2-variable landscape")
    start: Annotated[Point, PointOf()] = Field(description="where the hiker stands")
    learning_rate: Rate = Field(0.1, description="step = rate × gradient")
    steps: Steps = Field(8, le=60, description="steps of the walk (at most 60)")


class GradientCompassParams(Params):
    """A compass whose needle is the gradient; a heading sweeps the circle while ∇f·û is traced."""

    landscape: Map = Field(description="a 2-variable landscape")
    point: Annotated[Point, PointOf()] = Field(description="where the compass stands")
    learning_rate: Rate = Field(0.1, description="rate of the walk to the optimum at the end")
    steps: Steps = Field(80, description="longest walk")
    tol: Tolerance = Field(1e-3, description="the walk stops once |∇f| is below this")


class LineRun(Params):
    """Descent (ascent) on a 1-variable landscape from several starts."""

    landscape: Line = Field(description="a 1-variable landscape")
    starts: Annotated[Points, PointOf()] = Field(description="starting points, up to 6", max_length=6)
    learning_rate: Rate = Field(description="step = rate × derivative")
    steps: Steps = Field(50, le=5000, description="steps of each run")


class BasinsRun(Params):
    """Runs from several starts, the basins of the optima, and a rate that is too large."""

    landscape: Map = Field(description="a 2-variable landscape with several optima")
    starts: Annotated[Points, PointOf()] = Field(description="starting points, up to 6", max_length=6)
    learning_rate: Rate = Field(description="a rate that converges")
    steps: Steps = Field(200, le=5000, description="steps of each run")
    tol: Tolerance = Field(1e-3, description="a run stops once |∇f| is below this")
    basin_steps: Steps = Field(300, le=5000, description="steps of each run of the basin map")
    basin_resolution: int = Field(101, ge=21, le=401, description="basin map samples per axis")
    overshoot_rate: Rate | None = Field(None, description="a rate that is too large, shown failing (none: skip)")
    overshoot_steps: Steps = Field(8, le=5000, description="steps of the overshooting runs")


class LocalMinimaParams(BasinsRun):
    """Descent (ascent) from several starts finds different optima; the basins; an overshooting rate; balls on a curve."""

    overshoot_steps: Steps = Field(8, le=60, description="steps of the overshooting runs shown")
    line: LineRun | None = Field(None, description="balls rolling on a 1-variable landscape, a table or the name "
                                                   "of an experiment (none: skip)")


class RatesRun(Params):
    """The same descent with different learning rates from one start."""

    landscape: Map = Field(description="a 2-variable landscape")
    start: Annotated[Point, PointOf()] = Field(description="the common start")
    rates: tuple[Rate, ...] = Field(description="two to four learning rates", min_length=2, max_length=4)
    names: tuple[str, ...] | None = Field(None, description="a short name per rate (default: 'rate 0.1')")
    steps: Steps = Field(30, le=500, description="steps of each run")
    tol: Tolerance = Field(1e-2, description="a run has converged once |∇f| is below this")


class LearningRateParams(RatesRun):
    """The same descent with different learning rates side by side: crawling, converging, oscillating."""


class StartsRun(Params):
    """Descent (ascent) on a 2-variable landscape from several starts."""

    landscape: Map = Field(description="a 2-variable landscape")
    starts: Annotated[Points, PointOf()] = Field(description="starting points, up to 6", max_length=6)
    learning_rate: Rate = Field(description="step = rate × gradient")
    steps: Steps = Field(30, le=500, description="steps of each run")


class DescentOnSurfaceParams(StartsRun):
    """Descent paths riding the landscape drawn as a 3-D surface while the camera orbits."""


class Race(Params):
    """Optimisers from one start with the same step budget."""

    landscape: Map = Field(description="a 2-variable landscape (a narrow valley shows the differences)")
    start: Annotated[Point, PointOf()] = Field(description="the common start")
    racers: tuple[Racer, ...] = Field(DEFAULT_RACERS, min_length=1, max_length=6,
                                      description="methods and their learning rates")
    steps: Steps = Field(3000, description="steps of the race")
    tol: Tolerance = Field(1e-4, description="a racer has arrived once its step is below this")
    momentum: float = Field(0.9, ge=0, lt=1, description="momentum of momentum and Nesterov")


class OptimizerRaceParams(Race):
    """Optimisers race from one start under one step counter; then, optionally, past a saddle."""

    saddle: Map | None = Field(None, description="a 2-variable landscape with a saddle (none: skip)")
    saddle_start: Annotated[Point, PointOf("saddle")] | None = Field(None, description="the start near the saddle")
    saddle_racers: tuple[Racer, ...] | None = Field(None, max_length=6, description="racers past the saddle "
                                                    "(default: the race's)")
    saddle_steps: Steps = Field(150, description="steps past the saddle")


class GradientFromDataParams(Params):
    """A linear model on standardised columns of a CSV file: its slopes, grown into bars, are the gradient."""

    data: CsvFile = Field(description="a CSV file, relative to the lesson file")
    target: str = Field(description="the column to predict")
    features: tuple[str, ...] = Field(description="the input columns, 1 to 8", min_length=1, max_length=8)
    scatter_feature: str | None = Field(None, description="the column shown against the target first "
                                                          "(default: the strongest)")
