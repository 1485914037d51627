"""Geometry that is mathematics: paths clipped to a box, whole or piece by piece; region grids with smooth edges."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from . import _checks as check

__all__ = ["clip_to_box", "clip_at_exit", "farthest_inside", "whole_percents", "box_smoothed", "smooth_labels"]

def clip_at_exit(points: Any, lower: Any, upper: Any) -> tuple[np.ndarray, bool]:
    """The polyline (m, d) up to where it first leaves the box [lower, upper], the crossing point
    included; and whether it left. A path that starts outside keeps only its first point."""
    pts, lo, hi = _polyline(points), check.real_array(lower, "lower"), check.real_array(upper, "upper")
    for name, bound in (("lower", lo), ("upper", hi)):
        if bound.ndim > 1 or (bound.ndim == 1 and bound.shape[0] != pts.shape[1]) or np.any(np.isnan(bound)):
            raise ValueError(f"{name} must be one number or {pts.shape[1]} numbers (one per coordinate); "
                             f"got {check.shown(bound)}")
    if np.any(lo > hi):
        raise ValueError(f"lower must not exceed upper; got lower={check.shown(lo)}, upper={check.shown(hi)}")
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
    pts = _polyline(points)
    box = check.real_array(bounds, "bounds")
    if box.shape != (pts.shape[1], 2) or not np.all(np.isfinite(box)) or np.any(box[:, 0] > box[:, 1]):
        raise ValueError(f"bounds must be ({pts.shape[1]}, 2) finite (low, high) pairs with low <= high; "
                         f"got {check.shown(bounds)}")
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


def farthest_inside(paths: Any, lower: Any, upper: Any) -> int:
    """The index of the path (each (m, d) points) that travels farthest inside the box [lower, upper]
    before it first leaves it (``clip_at_exit``): of runs at a rate too large, the one whose bounces
    show best (a start on a flat stretch that barely moves shows nothing). The first on a tie; −1 for none."""
    if isinstance(paths, (str, bytes)) or not isinstance(paths, Iterable):
        raise TypeError(f"paths must be a sequence of point arrays (m, d); got {check.shown(paths)}")
    best, travelled = -1, -1.0
    for i, points in enumerate(paths):
        try:
            kept = clip_at_exit(points, lower, upper)[0]
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"paths[{i}]: {exc}") from None
        length = float(np.sum(np.linalg.norm(np.diff(kept, axis=0), axis=1))) if len(kept) > 1 else 0.0
        if length > travelled:
            best, travelled = i, length
    return best


def whole_percents(shares: Any) -> list[int]:
    """Shares (fractions summing to 1) as whole percents that sum to 100: each share's floor, then one
    more to the largest remainders (the largest-remainder method), so that 36.8 + 62.5 + 0.7 prints
    as 37 + 62 + 1, never 37 + 63 + 1 = 101. Shares that do not sum to 1 are scaled to."""
    values = check.real_array(shares, "shares")
    if values.ndim != 1 or np.any(values < 0) or not np.all(np.isfinite(values)):
        raise ValueError(f"shares must be finite fractions >= 0, one per part; got {check.shown(shares)}")
    if values.size == 0 or float(values.max()) <= 0:
        return [0] * len(values)
    values = values / float(values.max())  # no overflow in the sum, whatever the scale
    exact = 100.0 * values / float(values.sum())
    whole = np.floor(exact + 1e-9).astype(int)
    order = np.argsort(-(exact - whole), kind="stable")
    whole[order[: 100 - int(whole.sum())]] += 1
    return [int(w) for w in whole]


def _polyline(points: Any) -> np.ndarray:
    """A path as a float array (m, d), m ≥ 0 points of d ≥ 1 coordinates (NaN allowed: a gap)."""
    pts = check.real_array(points, "points")
    if pts.ndim != 2 or pts.shape[1] < 1:
        raise ValueError(f"points must have shape (m, d): one row per point; got shape {pts.shape}")
    return pts


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


def box_smoothed(field: Any, passes: int = 2) -> np.ndarray:
    """A 2-D field averaged with its 8 neighbours ``passes`` times (edges repeated): the 0.5 level
    of a region's indicator then runs smoothly between grid points instead of along cell edges."""
    out = check.real_array(field, "field")
    if out.ndim != 2:
        raise ValueError(f"field must be a 2-D grid; got {out.ndim} dimensions")
    passes = check.whole(passes, "passes", 0, 100, "a few")
    for _ in range(passes):
        padded = np.pad(out, 1, mode="edge")
        out = sum(padded[1 + dy:padded.shape[0] - 1 + dy, 1 + dx:padded.shape[1] - 1 + dx]
                  for dy in (-1, 0, 1) for dx in (-1, 0, 1)) / 9.0
    return out


def _upsampled(field: np.ndarray, factor: int) -> np.ndarray:
    """Bilinear resampling of a (ny, nx) field of cell values to (ny·factor, nx·factor) cells."""
    def axis_weights(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        at = np.clip((np.arange(n * factor) + 0.5) / factor - 0.5, 0, n - 1)
        low = np.floor(at).astype(int)
        return low, np.minimum(low + 1, n - 1), at - low

    (y0, y1, wy), (x0, x1, wx) = axis_weights(field.shape[0]), axis_weights(field.shape[1])
    rows = field[y0] * (1 - wy)[:, None] + field[y1] * wy[:, None]
    return rows[:, x0] * (1 - wx)[None, :] + rows[:, x1] * wx[None, :]


def smooth_labels(labels: Any, factor: int = 4, passes: int = 2) -> np.ndarray:
    """An integer label grid (ny, nx) drawn ``factor`` times finer with smooth region edges: each
    label's indicator is box-smoothed (:func:`box_smoothed`) and resampled bilinearly, and each
    fine cell takes the label whose indicator is largest there. Regions keep their places and sizes
    (to a cell); only the staircase of the coarse grid's edges goes. A label whose cells are too few
    to survive the smoothing keeps them as they were (it is still seen)."""
    try:
        grid_labels = np.asarray(labels)
    except (ValueError, TypeError):
        grid_labels = np.asarray(None)
    if grid_labels.ndim != 2 or grid_labels.size == 0 or not np.issubdtype(grid_labels.dtype, np.integer):
        raise ValueError(f"labels must be a non-empty 2-D grid of integers; got {check.shown(labels)}")
    factor = check.whole(factor, "factor", 1, 64, "a small factor")
    values = np.unique(grid_labels)
    if len(values) > 64:
        raise ValueError(f"labels must take at most 64 different values (regions); got {len(values)}")
    stacked = np.stack([_upsampled(box_smoothed((grid_labels == v).astype(float), passes), factor) for v in values])
    fine = values[np.argmax(stacked, axis=0)]
    coarse = np.kron(grid_labels, np.ones((factor, factor), dtype=grid_labels.dtype))
    for v in values:
        if not np.any(fine == v):
            fine[coarse == v] = v
    return fine
