"""Critical points by Newton's method, classified by the Hessian, and basins of attraction."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any, Literal

import numpy as np

from . import _checks
from .descent import Method, run_batch
from .fields import Grid, grid
from .landscape import Landscape

__all__ = ["CriticalPoint", "classify", "critical_points", "Basins", "basins", "optima", "attractor_of", "ATTRACTOR_RADIUS", "OPTIMA_SEEDS"]

Kind = Literal["minimum", "maximum", "saddle", "degenerate"]
KINDS: tuple[str, ...] = ("minimum", "maximum", "saddle", "degenerate")
BASIN_BYTES = 40 * 8  # per grid point: the grid, and one start's share of a lean run (x, ∇f, state, temporaries)
NEWTON_ITERATIONS = 10_000  # Newton's method converges in tens of iterations or not at all


@dataclass(frozen=True)
class CriticalPoint:
    """A point where ∇f = 0, with the Hessian's eigenvalues and what they make of it."""

    point: np.ndarray  # (n,)
    value: float
    eigenvalues: np.ndarray  # (n,), ascending
    kind: Kind

    def __post_init__(self) -> None:
        sizes: dict[str, int] = {}
        _checks.shaped(self.point, "CriticalPoint.point", ("n",), sizes)
        _checks.shaped(self.eigenvalues, "CriticalPoint.eigenvalues", ("n",), sizes)
        _checks.number(self.value, "CriticalPoint.value")
        _checks.choice(self.kind, "CriticalPoint.kind", KINDS)


def classify(eigenvalues: Any, rtol: float = 1e-9) -> Kind:
    """Minimum if all eigenvalues > 0, maximum if all < 0, saddle if mixed, degenerate if one is
    within ``rtol`` of the largest in size (or all are 0).

    ``eigenvalues`` is a 1-D array of eigenvalues (a single number is one), or a square matrix, which
    is taken as the Hessian: it must be symmetric, and its eigenvalues are computed and classified
    (with ``rtol`` at least 16·n·ε, the rounding they carry). Anything else (NaN, text, ragged or
    asymmetric input) raises.
    """
    what = "eigenvalues (shape (n,)) or a symmetric Hessian (shape (n, n))"
    ev = _checks.real_array(eigenvalues, "eigenvalues", f"real numbers: {what}")
    rtol = _checks.number(rtol, "rtol", low=0.0, high=1.0, high_open=True)
    if ev.ndim == 2:
        hessian = _checks.symmetric_matrix(ev, "eigenvalues", f"{what}: a symmetric matrix")
        scaled = np.ldexp(hessian, -np.frexp(np.max(np.abs(hessian)))[1])  # exact; the kind is scale-free
        ev = np.linalg.eigvalsh((scaled + scaled.T) / 2)
        rtol = max(rtol, 16 * len(ev) * np.finfo(float).eps)  # computed eigenvalues carry this much rounding
    ev = ev.reshape(1) if ev.ndim == 0 else ev
    if ev.ndim != 1 or ev.size == 0:
        raise ValueError(f"eigenvalues must be {what}; got shape {np.shape(eigenvalues)}")
    _checks.finite(ev, "eigenvalues")
    scale = float(np.max(np.abs(ev)))
    if scale == 0 or np.any(np.abs(ev) <= rtol * scale):
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
    the roots that land inside the domain. Sorted by kind, then by value.

    ``seeds`` ** n starting points must fit the memory budget; ``iterations`` lies in [1, 10,000];
    ``tol`` in (0, 1) bounds |∇f| relative to the size of f (as its square root).
    """
    landscape = _checks.landscape(landscape)
    n = landscape.n
    per_seed = 8 * (4 * n * n + 8 * n)
    most = max(1, int((_checks.MEMORY_BUDGET / per_seed) ** (1 / n)))  # the n-th root, then exact
    while (most + 1) ** n * per_seed <= _checks.MEMORY_BUDGET:
        most += 1
    while most > 1 and most**n * per_seed > _checks.MEMORY_BUDGET:
        most -= 1
    seeds = _checks.whole(seeds, "seeds", 1, most, f"{n} variables: seeds**{n} points within {_checks.budget_text()}")
    iterations = _checks.whole(iterations, "iterations", 1, NEWTON_ITERATIONS, "Newton's method converges in tens")
    tol = _checks.number(tol, "tol", low=0.0, high=1.0, low_open=True, high_open=True)
    b = landscape.bounds
    span = b[:, 1] - b[:, 0]
    axes = [np.linspace(lo, hi, seeds + 2)[1:-1] for lo, hi in b]
    x = np.array(list(product(*axes)), dtype=float).T  # (n, k)
    with np.errstate(all="ignore"):
        # the landscape's typical curvature: an eigenvalue a billion times smaller is zero (round-off
        # of a degenerate point, such as the monkey saddle's, would otherwise read as "mixed signs")
        sizes = np.max(np.abs(landscape.hess(x)), axis=(0, 1))
        curvature = float(np.median(sizes[np.isfinite(sizes)])) if np.any(np.isfinite(sizes)) else 0.0
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
    scale = scale if np.isfinite(scale) else 1.0
    ok = np.all(np.isfinite(x), axis=0) & np.all((x >= b[:, :1]) & (x <= b[:, 1:]), axis=0)
    ok &= np.linalg.norm(np.nan_to_num(g, nan=np.inf) / scale, axis=0) < np.sqrt(tol)
    found: list[np.ndarray] = []
    for p in x[:, ok].T:
        if all(np.max(np.abs(p - q) / span) > 1e-6 for q in found):
            found.append(p)
    result = []
    for p in found:
        p = _polish(landscape, p)
        with np.errstate(all="ignore"):
            hess, value = landscape.hess(p), float(landscape.f(p))
        if not (np.all(np.isfinite(hess)) and np.isfinite(value)):
            continue  # f or its Hessian is undefined there: not a point to classify
        ev = np.linalg.eigvalsh(hess)
        ev = np.where(np.abs(ev) <= 1e-9 * curvature, 0.0, ev)
        result.append(CriticalPoint(point=p, value=value, eigenvalues=ev, kind=classify(ev)))
    order = {"minimum": 0, "maximum": 1, "saddle": 2, "degenerate": 3}
    return tuple(sorted(result, key=lambda c: (order[c.kind], c.value, tuple(c.point))))


def _polish(landscape: Landscape, p: np.ndarray, iterations: int = 5) -> np.ndarray:
    """A few more Newton steps on one root, for full precision; each kept only while it stays in the
    domain and shrinks |∇f|."""
    with np.errstate(all="ignore"):
        size = float(np.linalg.norm(landscape.grad(p)))
        for _ in range(iterations):
            hess = landscape.hess(p)
            if not np.all(np.isfinite(hess)):
                break
            q = p - np.linalg.pinv(hess) @ landscape.grad(p)
            q_size = float(np.linalg.norm(landscape.grad(q))) if np.all(landscape.contains(q)) else np.nan
            if not q_size <= size:
                break
            p, size = q, q_size
    return p


OPTIMA_SEEDS = 15
"""Seeds per axis for a landscape's optima (and the attractors of its basins): 9 misses the shallow
minimum of MATLAB's peaks at (0.296, 0.320)."""

ATTRACTOR_RADIUS = 0.02
"""A run reached an attractor when it ends within this many domain widths of it (``basins``' rule)."""


def optima(landscape: Landscape, *, seeds: int | None = None) -> tuple[CriticalPoint, ...]:
    """The critical points of the goal's kind (minima, or maxima when the goal is "max"), best first.

    Newton from ``OPTIMA_SEEDS`` seeds per axis unless ``seeds`` is given."""
    landscape = _checks.landscape(landscape)
    wanted = "maximum" if landscape.goal == "max" else "minimum"
    found = [c for c in critical_points(landscape, seeds=OPTIMA_SEEDS if seeds is None else seeds) if c.kind == wanted]
    return tuple(sorted(found, key=lambda c: -landscape.sign * c.value))


def attractor_of(finals: Any, attractors: tuple[CriticalPoint, ...], landscape: Landscape, *,
                 radius: float = ATTRACTOR_RADIUS) -> np.ndarray:
    """For end points (k, n) (or one (n,)), the index of the attractor each lies within ``radius``
    domain widths of, or −1: the rule ``basins`` labels its grid by."""
    landscape = _checks.landscape(landscape)
    radius = _checks.number(radius, "radius", low=0.0, high=1.0, low_open=True)
    pts = _checks.real_array(finals, "finals")
    pts = pts.reshape(1, -1) if pts.ndim == 1 else pts
    if pts.ndim != 2 or pts.shape[1] != landscape.n:
        raise ValueError(f"finals must have shape ({landscape.n},) or (k, {landscape.n}); got shape {np.shape(finals)}")
    if not isinstance(attractors, (tuple, list)) or not all(isinstance(c, CriticalPoint) for c in attractors):
        raise TypeError(f"attractors must be a tuple of CriticalPoint; got {_checks.kind_of(attractors)}")
    if any(np.shape(c.point) != (landscape.n,) for c in attractors):
        raise ValueError(f"attractors must be points of {landscape.n} coordinates, like the landscape's")
    if not attractors:
        return np.full(len(pts), -1)
    span = landscape.bounds[:, 1] - landscape.bounds[:, 0]
    where = np.stack([np.asarray(c.point, dtype=float) for c in attractors])
    dist = np.max(np.abs(pts[:, None, :] - where[None]) / span, axis=2)
    dist = np.nan_to_num(dist, nan=np.inf)
    nearest = np.argmin(dist, axis=1)
    return np.where(dist[np.arange(len(pts)), nearest] <= radius, nearest, -1)


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

    def __post_init__(self) -> None:
        if not isinstance(self.grid, Grid):
            raise TypeError(f"Basins.grid must be a gradmath Grid; got {type(self.grid).__name__}")
        if not (isinstance(self.attractors, tuple) and all(isinstance(a, CriticalPoint) for a in self.attractors)):
            raise TypeError(f"Basins.attractors must be a tuple of CriticalPoint; got {_checks.kind_of(self.attractors)}")
        sizes = {"ny": len(self.grid.y), "nx": len(self.grid.x)}
        labels = _checks.shaped(self.labels, "Basins.labels", ("ny", "nx"), sizes, "int")
        _checks.shaped(self.finals, "Basins.finals", (2, "ny", "nx"), sizes)
        if labels.size and not (-1 <= labels.min() and labels.max() < len(self.attractors)):
            raise ValueError(f"Basins.labels must lie in [-1, {len(self.attractors) - 1}]; got {_checks.shown(labels)}")

    def share(self, index: int) -> float:
        """Fraction of the starts that reach attractor ``index`` (−1: the starts that reach none)."""
        index = _checks.whole(index, "index", -1, len(self.attractors) - 1, f"{len(self.attractors)} attractors")
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
    label each start by the minimum (maximum) it ends within ``radius`` domain-widths of (0 < radius <= 1)."""
    landscape = _checks.landscape(landscape)
    radius = _checks.number(radius, "radius", low=0.0, high=1.0, low_open=True)
    if landscape.n == 2:
        _checks.resolution(resolution, bytes_per_point=BASIN_BYTES)
    g = grid(landscape, resolution)
    ny, nx = g.points.shape[1:]
    starts = g.points.reshape(2, -1).T
    run = run_batch(landscape, starts, learning_rate=learning_rate, steps=steps, method=method, keep_path=False)
    wanted = "maximum" if landscape.goal == "max" else "minimum"
    attractors = tuple(c for c in critical_points(landscape, seeds=OPTIMA_SEEDS) if c.kind == wanted)
    finals = run.finals  # (k, 2)
    labels = np.where(run.diverged, -1, attractor_of(finals, attractors, landscape, radius=radius))
    return Basins(grid=g, labels=labels.reshape(ny, nx), attractors=attractors, finals=finals.T.reshape(2, ny, nx))
