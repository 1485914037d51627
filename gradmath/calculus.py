"""Numerical gradients, directional derivatives and the compass profile of one point."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._checks import as_points, positive, positive_int
from .landscape import Landscape

__all__ = [
    "numerical_gradient",
    "directional_derivative",
    "DirectionalProfile",
    "directional_profile",
]


def numerical_gradient(f: Callable[[np.ndarray], Any], p: Any, h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of ``f`` at ``p`` (shape (n,) or (n, ...)), vectorised over points.

    ``f`` takes components-first points like a Landscape's ``value``. Error is O(h²).
    """
    h = positive(h, "h")
    arr = np.asarray(p, dtype=float)
    if arr.ndim == 0:
        raise ValueError(f"p must have its components first (shape (n,) or (n, ...)); got shape {arr.shape}")
    n = arr.shape[0]
    grad = np.empty_like(arr)
    for i in range(n):
        step = np.zeros((n,) + (1,) * (arr.ndim - 1))
        step[i] = h
        grad[i] = (np.asarray(f(arr + step)) - np.asarray(f(arr - step))) / (2 * h)
    return grad


def directional_derivative(gradient: Any, direction: Any) -> np.ndarray:
    """∇f · û: the rate of climb along ``direction`` (normalised here), for one or many gradients.

    ``gradient`` has shape (n,) or (n, ...); ``direction`` has shape (n,) and must not be zero.
    """
    d = np.asarray(direction, dtype=float)
    if d.ndim != 1:
        raise ValueError(f"direction must be one vector of shape (n,); got shape {d.shape}")
    g = as_points(gradient, d.shape[0], "gradient")
    norm = np.linalg.norm(d)
    if not np.isfinite(norm) or norm == 0:
        raise ValueError("direction must be a finite, non-zero vector")
    return np.tensordot(d / norm, g, axes=1)


@dataclass(frozen=True)
class DirectionalProfile:
    """The directional derivative at one 2-D point for every heading angle (radians, from +x)."""

    point: np.ndarray  # (2,)
    gradient: np.ndarray  # (2,)
    angles: np.ndarray  # (m,) in [0, 2π)
    derivatives: np.ndarray  # (m,) ∇f·û(θ) = |∇f| cos(θ − θ_∇f)

    @property
    def steepest_angle(self) -> float:
        """Heading of the gradient: where the climb is fastest."""
        return float(np.arctan2(self.gradient[1], self.gradient[0]) % (2 * np.pi))

    @property
    def steepest_rate(self) -> float:
        """|∇f|: the largest directional derivative."""
        return float(np.hypot(*self.gradient))

    @property
    def level_angles(self) -> tuple[float, float]:
        """The two headings perpendicular to ∇f, where the ground is level (rate zero)."""
        a = self.steepest_angle
        return ((a + np.pi / 2) % (2 * np.pi), (a + 3 * np.pi / 2) % (2 * np.pi))


def directional_profile(landscape: Landscape, point: Any, samples: int = 361) -> DirectionalProfile:
    """Sweep a unit direction through the full circle at ``point`` of a 2-D landscape."""
    if landscape.n != 2:
        raise ValueError(f"directional_profile needs a 2-variable landscape; {landscape.name} has {landscape.n}")
    samples = positive_int(samples, "samples", minimum=3)
    p = as_points(point, 2, "point")
    if p.ndim != 1:
        raise ValueError(f"point must be one point of shape (2,); got shape {p.shape}")
    g = landscape.gradient(p)
    angles = np.linspace(0.0, 2 * np.pi, samples, endpoint=False)
    units = np.stack([np.cos(angles), np.sin(angles)])
    return DirectionalProfile(point=p, gradient=g, angles=angles, derivatives=g @ units)
