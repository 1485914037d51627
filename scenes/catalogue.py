"""The ordered registry of gradviz scenes; only render.py and the tests read it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SceneEntry", "SCENES"]


@dataclass(frozen=True)
class SceneEntry:
    """One scene: its CLI name, where its class lives, and a one-line description."""

    name: str  # snake_case CLI name, e.g. "hiker_in_fog"
    module: str  # importable module, e.g. "scenes.hiker_in_fog"
    cls: str  # the Manim Scene class in that module, e.g. "HikerInFog"
    description: str  # one line, shown by `gradviz list`


SCENES: tuple[SceneEntry, ...] = (
    SceneEntry("hiker_in_fog", "scenes.hiker_in_fog", "HikerInFog",
               "A hiker in fog feels ∂P/∂x and ∂P/∂y on the CEO's profit, combines them into ∇P and climbs."),
    SceneEntry("gradient_compass", "scenes.gradient_compass", "GradientCompass",
               "A compass needle is the gradient; the directional derivative sweeps the full circle."),
    SceneEntry("local_minima", "scenes.local_minima", "LocalMinima",
               "Ascent on two heat sources from five starts, the basins of attraction, balls rolling into valleys."),
    SceneEntry("learning_rate", "scenes.learning_rate", "LearningRate",
               "One bowl, three learning rates: too timid, just right, too bold, with their loss curves."),
    SceneEntry("descent_on_surface", "scenes.descent_on_surface", "DescentOnSurface",
               "A descent path riding a 3-D loss surface while the camera orbits."),
    SceneEntry("optimizer_race", "scenes.optimizer_race", "OptimizerRace",
               "GD, momentum, Nesterov and Adam race down Rosenbrock's valley and past a saddle."),
    SceneEntry("gradient_from_data", "scenes.gradient_from_data", "GradientFromData",
               "The stratagem data's standardised coefficients grow into the gradient of progress."),
)
