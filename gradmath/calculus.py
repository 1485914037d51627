"""Numerical gradients, directional derivatives and the compass profile of one point."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _checks
from .landscape import Landscape

__all__ = [
    "numerical_gradient",
    "directional_derivative",
    "DirectionalProfile",
    "directional_profile",
]


def numerical_gradient(f: Callable[[np.ndarray], Any], p: Any, h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of ``f`` at ``p`` (shape (n,) or (n, ...)), vectorised over points.

    ``f`` takes components-first points like a Landscape's ``value`` and returns one finite value per
    point. Each quotient divides by the step actually taken, (p + h) − (p − h) in floating point, so
    large coordinates do not skew it; where p ± h rounds back to p, ``h`` is refused. Error is O(h²).
    """
    f = _checks.function(f, "f")
    h = _checks.positive(h, "h")
    arr = _checks.real_array(p, "p", "real numbers, components first (shape (n,) or (n, ...))")
    if arr.ndim == 0 or arr.shape[0] == 0:
        raise ValueError(f"p must have its components first (shape (n,) or (n, ...)); got shape {arr.shape}")
    _checks.finite(arr, "p")
    n = arr.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):
        up, down = arr + h, arr - h
        taken = up - down
    if not np.all(np.isfinite(taken)) or np.any(taken == 0):
        raise ValueError(f"h must be large enough that p ± h differs from p; got h = {h:g} for |p| up to "
                         f"{float(np.max(np.abs(arr))):g}")
    grad = np.empty_like(arr)
    for i in range(n):
        ahead, behind = arr.copy(), arr.copy()
        ahead[i], behind[i] = up[i], down[i]
        with np.errstate(over="ignore", invalid="ignore"):
            grad[i] = (_values(f, ahead, arr.shape, h) - _values(f, behind, arr.shape, h)) / taken[i]
    if not np.all(np.isfinite(grad)):
        raise ValueError("f's difference quotient near p must be finite; it overflows float64")
    return grad


def _values(f: Callable[[np.ndarray], Any], q: np.ndarray, shape: tuple[int, ...], h: float) -> np.ndarray:
    """f(q) checked: real, one finite value per point. f's own one-line errors say where it was called."""
    try:
        value = f(q)
    except (ValueError, TypeError) as exc:
        if type(exc) not in (ValueError, TypeError):
            raise
        raise type(exc)(f"f(p ± h) with h = {h:g}: {' '.join(str(exc).split())}") from exc
    out = _checks.real_array(value, "f(p)", "real numbers, one per point")
    if out.shape != shape[1:]:
        raise ValueError(f"f(p) must have one value per point: shape {shape[1:]} for p of shape {shape}; "
                         f"got shape {out.shape}")
    return _checks.finite(out, "f(p)")


def directional_derivative(gradient: Any, direction: Any) -> np.ndarray:
    """∇f · û: the rate of climb along ``direction`` (normalised here), for one or many gradients.

    ``gradient`` has shape (n,) or (n, ...); ``direction`` has shape (n,) and must not be zero. Both
    are scaled by powers of two before the arithmetic (exactly), so a direction of 1e308 or 1e-320
    and gradients near float64's limits give the right answer; a result beyond float64 raises.
    """
    d = _checks.real_array(direction, "direction", "one vector of real numbers (shape (n,))")
    if d.ndim != 1 or d.size == 0:
        raise ValueError(f"direction must be one vector of shape (n,); got shape {d.shape}")
    if not np.all(np.isfinite(d)) or not np.any(d):
        raise ValueError(f"direction must be a finite, non-zero vector; got {_checks.shown(d)}")
    g = _checks.finite(_checks.as_points(gradient, d.shape[0], "gradient"), "gradient")
    u = np.ldexp(d, -np.frexp(np.max(np.abs(d)))[1])  # largest component in [0.5, 1): no overflow, no underflow
    u /= np.linalg.norm(u)
    exponent = np.frexp(np.max(np.abs(g), axis=0))[1]  # per gradient
    with np.errstate(over="ignore"):
        out = np.asarray(np.ldexp(np.tensordot(u, np.ldexp(g, -exponent), axes=1), exponent))
    if not np.all(np.isfinite(out)):
        raise ValueError("gradient is too large: its component along direction overflows float64")
    return out


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
    landscape = _checks.landscape(landscape)
    if landscape.n != 2:
        raise ValueError(f"directional_profile needs a 2-variable landscape; {landscape.name} has {landscape.n}")
    samples = _checks.whole(samples, "samples", 3, _checks.most_items(8 * 8), f"within {_checks.budget_text()}")
    p = _checks.as_points(point, 2, "point")
    if p.ndim != 1:
        raise ValueError(f"point must be one point of shape (2,); got shape {p.shape}")
    g = landscape.grad(landscape.check(p, "point"))
    angles = np.linspace(0.0, 2 * np.pi, samples, endpoint=False)
    units = np.stack([np.cos(angles), np.sin(angles)])
    return DirectionalProfile(point=p, gradient=g, angles=angles, derivatives=g @ units)
