"""Grids over a landscape's domain and the gradient field sampled on them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ._checks import positive_int
from .landscape import Landscape

__all__ = ["Grid", "grid", "GradientField", "gradient_field"]


@dataclass(frozen=True)
class Grid:
    """A regular grid over a 2-D domain; ``points[0][j, i] = x[i]``, ``points[1][j, i] = y[j]``."""

    x: np.ndarray  # (nx,)
    y: np.ndarray  # (ny,)
    points: np.ndarray  # (2, ny, nx), components first


def _resolution(resolution: int | tuple[int, int]) -> tuple[int, int]:
    if isinstance(resolution, tuple):
        if len(resolution) != 2:
            raise ValueError(f"resolution must be an int or a pair (nx, ny); got {resolution!r}")
        return positive_int(resolution[0], "resolution", 2), positive_int(resolution[1], "resolution", 2)
    r = positive_int(resolution, "resolution", 2)
    return r, r


def grid(landscape: Landscape, resolution: int | tuple[int, int] = 101) -> Grid:
    """An (nx × ny) grid spanning the whole domain of a 2-D landscape, edges included.

    Grids are read-only and shared: the same domain and resolution give the same arrays (a 500×500
    grid is 4 MB, and building it costs as much as evaluating a quadratic's gradient on it).
    """
    if landscape.n != 2:
        raise ValueError(f"grid needs a 2-variable landscape; {landscape.name} has {landscape.n}")
    nx, ny = _resolution(resolution)
    (x0, x1), (y0, y1) = landscape.domain
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


def gradient_field(landscape: Landscape, resolution: int | tuple[int, int] = 101) -> GradientField:
    """Sample f and ∇f on a grid over the domain in one vectorised call."""
    g = grid(landscape, resolution)  # on the domain by construction: no per-point check needed
    grads = landscape.grad(g.points)
    return GradientField(
        grid=g,
        values=landscape.f(g.points),
        gradients=grads,
        magnitude=_norm(grads),
    )


def _norm(vectors: np.ndarray) -> np.ndarray:
    """|v| over the leading axis with a single new array (allocations dominate on large grids)."""
    out = np.multiply(vectors[0], vectors[0])
    for component in vectors[1:]:
        out += component * component
    return np.sqrt(out, out=out)
