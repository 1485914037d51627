"""Grids over a landscape's domain and the gradient field sampled on them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from . import _checks
from .landscape import Landscape

__all__ = ["Grid", "grid", "GradientField", "gradient_field"]

GRID_BYTES = 2 * 8  # per grid point: its two coordinates
FIELD_BYTES = 12 * 8  # per grid point: the grid, values, gradients, magnitudes and temporaries


@dataclass(frozen=True)
class Grid:
    """A regular grid over a 2-D domain; ``points[0][j, i] = x[i]``, ``points[1][j, i] = y[j]``."""

    x: np.ndarray  # (nx,)
    y: np.ndarray  # (ny,)
    points: np.ndarray  # (2, ny, nx), components first

    def __post_init__(self) -> None:
        sizes: dict[str, int] = {}
        _checks.shaped(self.x, "Grid.x", ("nx",), sizes)
        _checks.shaped(self.y, "Grid.y", ("ny",), sizes)
        _checks.shaped(self.points, "Grid.points", (2, "ny", "nx"), sizes)


def _landscape_2d(landscape: Any, what: str) -> Landscape:
    ls = _checks.landscape(landscape)
    if ls.n != 2:
        raise ValueError(f"{what} needs a 2-variable landscape; {ls.name} has {ls.n}")
    return ls


def grid(landscape: Landscape, resolution: int | tuple[int, int] = 101) -> Grid:
    """An (nx × ny) grid spanning the whole domain of a 2-D landscape, edges included.

    Grids are read-only and shared: the same domain and resolution give the same arrays (a 500×500
    grid is 4 MB, and building it costs as much as evaluating a quadratic's gradient on it).
    """
    ls = _landscape_2d(landscape, "grid")
    nx, ny = _checks.resolution(resolution, bytes_per_point=GRID_BYTES)
    (x0, x1), (y0, y1) = ls.domain
    return _shared_grid(float(x0), float(x1), float(y0), float(y1), nx, ny)


@lru_cache(maxsize=32)
def _shared_grid(x0: float, x1: float, y0: float, y1: float, nx: int, ny: int) -> Grid:
    x, y = np.linspace(x0, x1, nx), np.linspace(y0, y1, ny)
    points = np.empty((2, ny, nx))
    points[0] = x[None, :]
    points[1] = y[:, None]
    for array in (x, y, points):
        array.flags.writeable = False
    return Grid(x=x, y=y, points=points)


@dataclass(frozen=True)
class GradientField:
    """Values, gradients and gradient magnitudes of a landscape on a grid."""

    grid: Grid
    values: np.ndarray  # (ny, nx)
    gradients: np.ndarray  # (2, ny, nx)
    magnitude: np.ndarray  # (ny, nx), |∇f|

    def __post_init__(self) -> None:
        if not isinstance(self.grid, Grid):
            raise TypeError(f"GradientField.grid must be a gradmath Grid; got {type(self.grid).__name__}")
        sizes = {"ny": len(self.grid.y), "nx": len(self.grid.x)}
        _checks.shaped(self.values, "GradientField.values", ("ny", "nx"), sizes)
        _checks.shaped(self.gradients, "GradientField.gradients", (2, "ny", "nx"), sizes)
        _checks.shaped(self.magnitude, "GradientField.magnitude", ("ny", "nx"), sizes)


def gradient_field(landscape: Landscape, resolution: int | tuple[int, int] = 101) -> GradientField:
    """Sample f and ∇f on a grid over the domain in one vectorised call."""
    ls = _landscape_2d(landscape, "grid")
    _checks.resolution(resolution, bytes_per_point=FIELD_BYTES)
    g = grid(ls, resolution)  # on the domain by construction: no per-point check needed
    grads = ls.grad(g.points)
    return GradientField(
        grid=g,
        values=ls.f(g.points),
        gradients=grads,
        magnitude=_norm(grads),
    )


def _norm(vectors: np.ndarray) -> np.ndarray:
    """|v| over the leading axis with a single new array (allocations dominate on large grids)."""
    out = np.multiply(vectors[0], vectors[0])
    for component in vectors[1:]:
        out += component * component
    return np.sqrt(out, out=out)
