"""Feasible sets for projected descent: a box, and a budget (fixed total within a box)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

import numpy as np

from ._checks import budget_text, finite, most_items, number, real_array, shown, whole

__all__ = ["Box", "Budget", "Constraint"]

@dataclass(frozen=True)
class Box:
    """Each coordinate kept within [lower, upper] (finite scalars or one value per variable)."""

    lower: float | tuple[float, ...]
    upper: float | tuple[float, ...]

    def __post_init__(self) -> None:
        lower, upper = _bounds("Box", self.lower, self.upper, infinite_upper=False)
        object.__setattr__(self, "lower", lower)
        object.__setattr__(self, "upper", upper)

    # Budget and Box share check(n) and project(points) — the interface descend relies on.

    def check(self, n: int) -> None:
        """Raise a one-line ValueError unless the bounds fit n variables."""
        _fit("Box", self.lower, self.upper, _variables(n))

    def project(self, points: Any) -> np.ndarray:
        """Nearest feasible points; ``points`` has shape (k, n)."""
        return self._project(_points(self, points))

    def _project(self, points: np.ndarray) -> np.ndarray:
        return np.clip(points, np.asarray(self.lower), np.asarray(self.upper))


@dataclass(frozen=True)
class Budget:
    """Coordinates that add up to ``total``, each within [lower, upper]: a spending plan.

    ``total`` and ``lower`` are finite; ``upper`` may be +inf (the default: no cap but the total).
    """

    total: float
    lower: float | tuple[float, ...] = 0.0
    upper: float | tuple[float, ...] = np.inf

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", number(self.total, "Budget total"))
        lower, upper = _bounds("Budget", self.lower, self.upper, infinite_upper=True)
        object.__setattr__(self, "lower", lower)
        object.__setattr__(self, "upper", upper)

    def check(self, n: int) -> None:
        """Raise a one-line ValueError unless the bounds fit n variables and the total is reachable."""
        lower, upper = _fit("Budget", self.lower, self.upper, _variables(n))
        if not np.isfinite(lower.sum()):
            raise ValueError(f"Budget lower must add up to a finite number over {n} variables; got lower={self.lower}")
        if not lower.sum() <= self.total <= upper.sum():
            raise ValueError(
                f"Budget total {self.total:g} cannot be met within lower={self.lower}, upper={self.upper}: "
                f"allowed range [{lower.sum():g}, {upper.sum():g}]"
            )

    def project(self, points: Any) -> np.ndarray:
        """Euclidean projection onto the budget set, exactly, for k points (k, n) at once."""
        return self._project(_points(self, points))

    def _project(self, points: np.ndarray) -> np.ndarray:
        """The projection of y is clip(y − τ, lower, upper) where the common shift τ makes the sum
        equal ``total``. That sum is piecewise linear and falling in τ with breakpoints y − lower and
        y − upper, so τ is found by sorting the breakpoints and interpolating on one segment.
        """
        k, n = points.shape
        lower = np.broadcast_to(np.asarray(self.lower, float), (n,))
        upper = np.broadcast_to(np.asarray(self.upper, float), (n,))
        # Work relative to each row's largest coordinate, so that huge coordinates do not swamp the
        # bounds: the shift τ then stays within `reach`, and coordinates farther below end at their
        # lower bound whatever they are (clamping them keeps the arithmetic finite).
        reach = abs(self.total) + 2 * float(np.abs(lower).sum()) + 1.0
        with np.errstate(over="ignore"):
            y = np.maximum(points - points.max(axis=1, keepdims=True), -4 * reach)
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


def _bound(kind: str, name: str, value: Any, infinite: bool) -> float | tuple[float, ...]:
    """One bound: a number, or a non-empty 1-D sequence of numbers; NaN never, +inf only if allowed."""
    label = f"{kind} {name}"
    allowed = "finite or +inf" if infinite else "finite"
    arr = real_array(value, label, f"one number or one per variable ({allowed})")
    if arr.ndim > 1 or arr.size == 0:
        raise ValueError(f"{label} must be one number or a non-empty list of numbers; got {shown(value)}")
    if np.any(np.isnan(arr)) or np.any(np.isneginf(arr)) or (not infinite and np.any(np.isinf(arr))):
        raise ValueError(f"{label} must be {allowed}; got {shown(value)}")
    return float(arr) if arr.ndim == 0 else tuple(arr.tolist())


def _bounds(kind: str, lower: Any, upper: Any, infinite_upper: bool) -> tuple[float | tuple[float, ...], float | tuple[float, ...]]:
    lo, hi = _bound(kind, "lower", lower, False), _bound(kind, "upper", upper, infinite_upper)
    a, b = np.asarray(lo), np.asarray(hi)
    if a.ndim == b.ndim == 1 and a.shape != b.shape:
        raise ValueError(f"{kind} lower and upper must have as many values; got {a.size} and {b.size}")
    if np.any(a > b):
        raise ValueError(f"{kind} needs lower <= upper; got lower={lo}, upper={hi}")
    return lo, hi


def _fit(kind: str, lower: object, upper: object, n: int) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = np.asarray(lower, float), np.asarray(upper, float)
    for name, arr in (("lower", lo), ("upper", hi)):
        if arr.ndim == 1 and arr.shape[0] != n:
            raise ValueError(f"{kind} {name} must be one number or {n} numbers (one per variable); got {arr.tolist()}")
    return np.broadcast_to(lo, (n,)), np.broadcast_to(hi, (n,))


def _variables(n: Any) -> int:
    """The number of variables a constraint is checked against."""
    return whole(n, "n", 1, most_items(8 * 8), f"variables within {budget_text()}")


def _points(constraint: Box | Budget, points: Any) -> np.ndarray:
    """Validate the points to project: finite, shape (k, n), and bounds that fit n."""
    y = real_array(points, "points", "real numbers of shape (k, n)")
    if y.ndim != 2 or y.shape[1] == 0:
        raise ValueError(f"points must have shape (k, n), one row per point; got shape {y.shape}")
    finite(y, "points")
    constraint.check(y.shape[1])
    return y


Constraint = Union[Box, Budget]
