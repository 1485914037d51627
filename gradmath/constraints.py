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

    def project(self, points: np.ndarray) -> np.ndarray:
        """Nearest feasible points; ``points`` has shape (k, n)."""
        return np.clip(points, np.asarray(self.lower, float), np.asarray(self.upper, float))


@dataclass(frozen=True)
class Budget:
    """Coordinates that add up to ``total``, each within [lower, upper]: a spending plan."""

    total: float
    lower: float | tuple[float, ...] = 0.0
    upper: float | tuple[float, ...] = np.inf

    def project(self, points: np.ndarray, iterations: int = 80) -> np.ndarray:
        """Euclidean projection onto the budget set, by bisection on the common shift τ.

        The projection of y is clip(y − τ, lower, upper) with τ chosen so the sum is ``total``;
        the sum falls monotonically in τ, so bisection finds τ for all k points at once.
        """
        y = np.asarray(points, dtype=float)
        lower = np.broadcast_to(np.asarray(self.lower, float), y.shape)
        upper = np.broadcast_to(np.asarray(self.upper, float), y.shape)
        if np.sum(lower[0]) > self.total or np.sum(upper[0]) < self.total:
            raise ValueError(f"Budget total {self.total:g} cannot be met within lower={self.lower}, upper={self.upper}")
        finite_upper = np.where(np.isfinite(upper), upper, y)
        lo = np.min(y - finite_upper, axis=1) - abs(self.total) - 1.0
        hi = np.max(y - lower, axis=1) + 1.0
        for _ in range(iterations):
            tau = 0.5 * (lo + hi)
            too_much = np.clip(y - tau[:, None], lower, upper).sum(axis=1) > self.total
            lo = np.where(too_much, tau, lo)
            hi = np.where(too_much, hi, tau)
        return np.clip(y - (0.5 * (lo + hi))[:, None], lower, upper)


Constraint = Union[Box, Budget]
