"""Critical points by Newton's method, classified by the Hessian, and basins of attraction."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Literal

import numpy as np

from ._checks import positive_int
from .descent import Method, run_batch
from .fields import Grid, grid
from .landscape import Landscape

__all__ = ["CriticalPoint", "classify", "critical_points", "Basins", "basins"]

Kind = Literal["minimum", "maximum", "saddle", "degenerate"]


@dataclass(frozen=True)
class CriticalPoint:
    """A point where ∇f = 0, with the Hessian's eigenvalues and what they make of it."""

    point: np.ndarray  # (n,)
    value: float
    eigenvalues: np.ndarray  # (n,), ascending
    kind: Kind


def classify(eigenvalues: np.ndarray, rtol: float = 1e-9) -> Kind:
    """Minimum if all eigenvalues > 0, maximum if all < 0, saddle if mixed, degenerate if one is ~0."""
    ev = np.asarray(eigenvalues, dtype=float)
    scale = max(float(np.max(np.abs(ev))), 1e-300)
    if np.any(np.abs(ev) <= rtol * scale):
        return "degenerate"
    if np.all(ev > 0):
        return "minimum"
    if np.all(ev < 0):
        return "maximum"
    return "saddle"


def critical_points(
    landscape: Landscape,
    *,
    seeds: int = 9,
    iterations: int = 60,
    tol: float = 1e-9,
) -> tuple[CriticalPoint, ...]:
    """Run Newton's method on ∇f = 0 from a grid of ``seeds`` per axis; keep, dedupe and classify
    the roots that land inside the domain. Sorted by kind, then by value."""
    seeds = positive_int(seeds, "seeds", minimum=1)
    b = landscape.bounds
    n = landscape.n
    span = b[:, 1] - b[:, 0]
    axes = [np.linspace(lo, hi, seeds + 2)[1:-1] for lo, hi in b]
    x = np.array(list(product(*axes)), dtype=float).T  # (n, k)
    with np.errstate(all="ignore"):
        for _ in range(iterations):
            g = landscape.grad(x)
            h = np.moveaxis(landscape.hess(x), -1, 0)  # (k, n, n)
            alive = np.all(np.isfinite(g), axis=0) & np.all(np.isfinite(h), axis=(1, 2))
            alive &= np.all(np.abs(x - b.mean(axis=1)[:, None]) < 10 * span[:, None], axis=0)
            x[:, ~alive] = np.nan  # wandered off or overflowed: drop
            step = np.einsum("kij,jk->ik", np.linalg.pinv(np.where(alive[:, None, None], h, 0.0)), np.where(alive, g, 0.0))
            x = x - step
        g = landscape.grad(x)
    scale = np.max(np.abs(landscape.f(landscape.bounds.mean(axis=1)[:, None]))) + 1.0
    ok = np.all(np.isfinite(x), axis=0) & np.all((x >= b[:, :1]) & (x <= b[:, 1:]), axis=0)
    ok &= np.linalg.norm(np.nan_to_num(g, nan=np.inf) / scale, axis=0) < np.sqrt(tol)
    found: list[np.ndarray] = []
    for p in x[:, ok].T:
        if all(np.max(np.abs(p - q) / span) > 1e-6 for q in found):
            found.append(p)
    result = []
    for p in found:
        p = _polish(landscape, p)
        ev = np.linalg.eigvalsh(landscape.hess(p))
        result.append(CriticalPoint(point=p, value=float(landscape.f(p)), eigenvalues=ev, kind=classify(ev)))
    order = {"minimum": 0, "maximum": 1, "saddle": 2, "degenerate": 3}
    return tuple(sorted(result, key=lambda c: (order[c.kind], c.value, tuple(c.point))))


def _polish(landscape: Landscape, p: np.ndarray, iterations: int = 5) -> np.ndarray:
    """A few more Newton steps on one root, for full precision."""
    for _ in range(iterations):
        p = p - np.linalg.pinv(landscape.hess(p)) @ landscape.grad(p)
    return p


@dataclass(frozen=True)
class Basins:
    """Which attractor descent (or ascent) reaches from each start of a grid.

    ``labels[j, i]`` indexes ``attractors`` for the start ``grid.points[:, j, i]``, or is −1 when
    that run diverged, left the domain or ended away from every attractor.
    """

    grid: Grid
    labels: np.ndarray  # (ny, nx) int
    attractors: tuple[CriticalPoint, ...]
    finals: np.ndarray  # (2, ny, nx) where each run ended

    def share(self, index: int) -> float:
        """Fraction of the starts that reach attractor ``index``."""
        return float(np.mean(self.labels == index))


def basins(
    landscape: Landscape,
    resolution: int | tuple[int, int] = 101,
    *,
    learning_rate: float,
    steps: int = 500,
    method: Method = "gd",
    radius: float = 0.02,
) -> Basins:
    """Run descent (ascent when the goal is "max") from every point of a grid over a 2-D domain and
    label each start by the minimum (maximum) it ends within ``radius`` domain-widths of."""
    g = grid(landscape, resolution)
    ny, nx = g.points.shape[1:]
    starts = g.points.reshape(2, -1).T
    run = run_batch(landscape, starts, learning_rate=learning_rate, steps=steps, method=method, keep_path=False)
    wanted = "maximum" if landscape.goal == "max" else "minimum"
    attractors = tuple(c for c in critical_points(landscape) if c.kind == wanted)
    finals = run.finals  # (k, 2)
    labels = np.full(len(starts), -1)
    if attractors:
        span = landscape.bounds[:, 1] - landscape.bounds[:, 0]
        where = np.stack([c.point for c in attractors])  # (a, 2)
        dist = np.max(np.abs(finals[:, None, :] - where[None]) / span, axis=2)  # (k, a)
        nearest = np.argmin(np.nan_to_num(dist, nan=np.inf), axis=1)
        close = np.take_along_axis(dist, nearest[:, None], axis=1)[:, 0] <= radius
        labels = np.where(close & ~run.diverged, nearest, -1)
    return Basins(grid=g, labels=labels.reshape(ny, nx), attractors=attractors, finals=finals.T.reshape(2, ny, nx))
