"""Feasible sets for projected descent: a box, and a budget (fixed total within a box)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

import numpy as np

__all__ = ["Box", "Budget", "Constraint"]


@dataclass(frozen=True)
class Box:
    """Each coordinate kept within [lower, upper] (scalars or one value per variable)."""

    lower: float | tuple[float, ...]
    upper: float | tuple[float, ...]

    def __post_init__(self) -> None:
        if np.any(np.asarray(self.lower, float) > np.asarray(self.upper, float)):
            raise ValueError(f"Box needs lower <= upper; got lower={self.lower}, upper={self.upper}")

    # Budget and Box share check(n) and project(points) — the interface descend relies on.

    def check(self, n: int) -> None:
        """Raise a one-line ValueError unless the bounds fit n variables."""
        _check_bounds("Box", self.lower, self.upper, n)

    def project(self, points: np.ndarray) -> np.ndarray:
        """Nearest feasible points; ``points`` has shape (k, n)."""
        return np.clip(points, np.asarray(self.lower, float), np.asarray(self.upper, float))


@dataclass(frozen=True)
class Budget:
    """Coordinates that add up to ``total``, each within [lower, upper]: a spending plan."""

    total: float
    lower: float | tuple[float, ...] = 0.0
    upper: float | tuple[float, ...] = np.inf

    def check(self, n: int) -> None:
        """Raise a one-line ValueError unless the bounds fit n variables and the total is reachable."""
        lower, upper = _check_bounds("Budget", self.lower, self.upper, n)
        if not lower.sum() <= self.total <= upper.sum():
            raise ValueError(
                f"Budget total {self.total:g} cannot be met within lower={self.lower}, upper={self.upper}: "
                f"allowed range [{lower.sum():g}, {upper.sum():g}]"
            )

    def project(self, points: np.ndarray) -> np.ndarray:
        """Euclidean projection onto the budget set, exactly, for k points (k, n) at once.

        The projection of y is clip(y − τ, lower, upper) where the common shift τ makes the sum
        equal ``total``. That sum is piecewise linear and falling in τ with breakpoints y − lower and
        y − upper, so τ is found by sorting the breakpoints and interpolating on one segment.
        """
        y = np.asarray(points, dtype=float)
        k, n = y.shape
        self.check(n)
        lower = np.broadcast_to(np.asarray(self.lower, float), (n,))
        upper = np.broadcast_to(np.asarray(self.upper, float), (n,))
        # No coordinate can exceed total − (the others' lower bounds): an equivalent finite cap.
        upper = np.minimum(upper, self.total - (lower.sum() - lower))
        breaks = np.sort(np.concatenate([y - upper, y - lower], axis=1), axis=1)  # (k, 2n)
        sums = np.clip(y[:, None, :] - breaks[:, :, None], lower, upper).sum(axis=2)  # falling
        j = np.argmax(sums <= self.total, axis=1)  # first breakpoint at or under the total
        rows = np.arange(k)
        t1, s1 = breaks[rows, j], sums[rows, j]
        t0, s0 = breaks[rows, np.maximum(j - 1, 0)], sums[rows, np.maximum(j - 1, 0)]
        with np.errstate(invalid="ignore", divide="ignore"):
            tau = np.where(s0 > s1, t0 + (s0 - self.total) * (t1 - t0) / (s0 - s1), t1)
        return np.clip(y - tau[:, None], lower, upper)


def _check_bounds(kind: str, lower: object, upper: object, n: int) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = np.asarray(lower, float), np.asarray(upper, float)
    for name, arr in (("lower", lo), ("upper", hi)):
        if arr.ndim > 1 or (arr.ndim == 1 and arr.shape[0] != n):
            raise ValueError(f"{kind} {name} must be one number or {n} numbers (one per variable); got {arr.tolist()}")
    return np.broadcast_to(lo, (n,)), np.broadcast_to(hi, (n,))


Constraint = Union[Box, Budget]
