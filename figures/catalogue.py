"""The ordered registry of gradviz figures with their alt texts; only render.py and the tests read it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["FigureEntry", "FIGURES"]


@dataclass(frozen=True)
class FigureEntry:
    """One figure: its CLI name, its ``make_…`` function, description, alt text and column width."""

    name: str  # snake_case CLI name, e.g. "contour_gradient"
    module: str  # importable module, e.g. "figures.contour_gradient"
    function: str  # the make_… function in that module, returning a Figure
    description: str  # one line, shown by `gradviz list`
    alt_text: str  # one sentence describing the picture for readers who cannot see it
    width: Literal["single", "double"] = "single"


FIGURES: tuple[FigureEntry, ...] = ()
