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


SCENES: tuple[SceneEntry, ...] = ()
