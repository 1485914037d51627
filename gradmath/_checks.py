"""Argument checks shared by gradmath: coerce array-likes and raise one-line ValueErrors."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["as_points", "as_start", "positive", "positive_int", "finite"]


def as_points(p: Any, n: int, name: str = "p") -> np.ndarray:
    """Coerce ``p`` to a float64 array of shape ``(n, ...)`` (components first)."""
    arr = np.asarray(p, dtype=float)
    if n == 1 and arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim == 0 or arr.shape[0] != n:
        raise ValueError(
            f"{name} must have {n} component{'s' if n != 1 else ''} first "
            f"(shape ({n},) or ({n}, ...)); got shape {arr.shape}"
        )
    return arr


def as_start(start: Any, n: int) -> tuple[np.ndarray, bool]:
    """Coerce a start to shape ``(k, n)``; also say whether one point (not a batch) was given."""
    arr = np.asarray(start, dtype=float)
    single = arr.ndim <= 1
    if n == 1 and arr.ndim == 1 and arr.shape[0] != 1:
        arr, single = arr.reshape(-1, 1), False  # many 1-D starts given flat
    arr = np.atleast_2d(arr.reshape(1, -1) if arr.ndim == 0 else arr)
    if arr.ndim != 2 or arr.shape[1] != n:
        raise ValueError(
            f"start must have {n} coordinate{'s' if n != 1 else ''} (shape ({n},) or (k, {n})); "
            f"got shape {np.shape(start)}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError("start must be finite; it contains NaN or infinity")
    return arr, single


def positive(value: float, name: str) -> float:
    """Return ``value`` as a float, or raise if it is not a finite number > 0."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number > 0; got {value!r}") from None
    if not np.isfinite(x) or x <= 0:
        raise ValueError(f"{name} must be a finite number > 0; got {value!r}")
    return x


def positive_int(value: int, name: str, minimum: int = 1) -> int:
    """Return ``value`` as an int, or raise if it is not a whole number >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}; got {value!r}")
    return int(value)


def finite(arr: np.ndarray, name: str) -> np.ndarray:
    """Raise if ``arr`` holds NaN or infinity."""
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite; it contains NaN or infinity")
    return arr
