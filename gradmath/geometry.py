"""Geometry that is mathematics: a landscape's optima, which attractor a path reached, paths clipped to a box."""

from __future__ import annotations

from typing import Any

import numpy as np

from .critical import CriticalPoint, critical_points
from .landscape import Landscape

__all__ = ["optima", "attractor_of", "clip_to_box", "clip_at_exit", "ATTRACTOR_RADIUS"]

ATTRACTOR_RADIUS = 0.02
"""A run reached an attractor when it ends within this many domain widths of it (``basins``' rule)."""


def optima(landscape: Landscape, *, seeds: int = 15) -> tuple[CriticalPoint, ...]:
    """The critical points of the goal's kind (minima, or maxima when the goal is "max"), best first.

    Newton from 15 × 15 seeds: 9 × 9 misses the shallow minimum of MATLAB's peaks at (0.296, 0.320)."""
    wanted = "maximum" if landscape.goal == "max" else "minimum"
    found = [c for c in critical_points(landscape, seeds=seeds) if c.kind == wanted]
    return tuple(sorted(found, key=lambda c: -landscape.sign * c.value))


def attractor_of(finals: Any, attractors: tuple[CriticalPoint, ...], landscape: Landscape, *,
                 radius: float = ATTRACTOR_RADIUS) -> np.ndarray:
    """For end points (k, n) (or one (n,)), the index of the attractor each lies within ``radius``
    domain widths of, or −1: the rule ``basins`` labels its grid by."""
    pts = np.atleast_2d(np.asarray(finals, dtype=float))
    if pts.shape[-1] != landscape.n and pts.shape[0] == landscape.n:
        pts = pts.T
    if not attractors:
        return np.full(len(pts), -1)
    span = landscape.bounds[:, 1] - landscape.bounds[:, 0]
    where = np.stack([np.asarray(c.point, dtype=float) for c in attractors])
    dist = np.max(np.abs(pts[:, None, :] - where[None]) / span, axis=2)
    dist = np.nan_to_num(dist, nan=np.inf)
    nearest = np.argmin(dist, axis=1)
    return np.where(dist[np.arange(len(pts)), nearest] <= radius, nearest, -1)


def clip_at_exit(points: Any, lower: Any, upper: Any) -> tuple[np.ndarray, bool]:
    """The polyline (m, d) up to where it first leaves the box [lower, upper], the crossing point
    included; and whether it left. A path that starts outside keeps only its first point."""
    pts = np.asarray(points, dtype=float)
    lo, hi = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
    inside = np.all((pts >= lo) & (pts <= hi), axis=1)
    if inside.all() or len(pts) == 0:
        return pts, False
    k = int(np.argmin(inside))
    if k == 0:
        return pts[:1], True
    a, b = pts[k - 1], pts[k]
    d = b - a
    with np.errstate(divide="ignore", invalid="ignore"):
        exits = np.where(d > 0, (hi - a) / d, np.where(d < 0, (lo - a) / d, np.inf))
    s = float(np.clip(np.min(exits), 0.0, 1.0))
    return np.vstack([pts[:k], a + s * d]), True


def clip_to_box(points: Any, bounds: Any) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Split a polyline (m, n) into its pieces inside the box ``bounds`` (n, 2).

    Returns (pieces, exits): each piece is a (k, n) array inside the box (segment ends clipped to
    its edge); ``exits`` are the edge points where the line leaves the box. A path that jumps off
    the map and comes back (a learning rate far too large) is drawn honestly, piece by piece.
    """
    pts = np.asarray(points, dtype=float)
    box = np.asarray(bounds, dtype=float)
    pieces: list[list[np.ndarray]] = []
    exits: list[np.ndarray] = []
    current: list[np.ndarray] = []
    for a, b in zip(pts[:-1], pts[1:]):
        clipped = _clip_segment(box, a, b)
        if clipped is None:
            continue
        ca, cb = clipped
        if not current or not np.allclose(current[-1], ca):
            if len(current) > 1:
                pieces.append(current)
            current = [ca]
        current.append(cb)
        if not np.allclose(cb, b):
            exits.append(cb)
    if len(current) > 1:
        pieces.append(current)
    return [np.array(p) for p in pieces], exits


def _clip_segment(bounds: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Liang–Barsky: the part of segment a→b inside the box ``bounds`` (n, 2), or None."""
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return None
    t0, t1, d = 0.0, 1.0, b - a
    for i in range(len(a)):
        for p, q in ((-d[i], a[i] - bounds[i, 0]), (d[i], bounds[i, 1] - a[i])):
            if p == 0:
                if q < 0:
                    return None
            else:
                t = q / p
                if p < 0:
                    t0 = max(t0, t)
                else:
                    t1 = min(t1, t)
    return (a + t0 * d, a + t1 * d) if t0 <= t1 else None
