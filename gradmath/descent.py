"""Gradient descent and ascent (plain, momentum, Nesterov, Adam), many starts at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from ._checks import as_start, positive, positive_int
from .constraints import Box, Budget
from .landscape import DOMAIN_SLACK, Landscape

__all__ = ["Trajectory", "descend", "BatchRun", "run_batch", "METHODS", "Method"]

Method = Literal["gd", "momentum", "nesterov", "adam"]
METHODS: tuple[str, ...] = ("gd", "momentum", "nesterov", "adam")


@dataclass(frozen=True)
class Trajectory:
    """The path of one start: points (m, n), values (m,), gradients (m, n) at those points.

    ``stopped_at`` is the index of the last point when the run stopped early because it
    converged or diverged, and ``None`` when it used every step.
    """

    points: np.ndarray
    values: np.ndarray
    gradients: np.ndarray
    converged: bool
    diverged: bool
    stopped_at: int | None
    left_domain: bool = False  # some point lies outside the landscape's domain

    @property
    def final(self) -> np.ndarray:
        """The last point, shape (n,)."""
        return self.points[-1]

    @property
    def steps(self) -> int:
        """Number of steps taken (points minus one)."""
        return len(self.points) - 1


def _gradient_mapping(x, g, sign, lr, constraint):
    """Length of the (projected) step per unit rate: |∇f| without a constraint."""
    if constraint is None:
        return np.sqrt(np.einsum("ij,ij->i", g, g))
    return np.linalg.norm(constraint.project(x + lr * sign * g) - x, axis=1) / lr


def _outside_by(x: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """How far each row of x lies outside the domain box, in units of the domain's span (0 inside)."""
    span = bounds[:, 1] - bounds[:, 0]
    gap = np.maximum(bounds[:, 0] - x, x - bounds[:, 1]) / span
    return np.max(np.maximum(gap, 0.0), axis=1)


def descend(
    landscape: Landscape,
    start: Any,
    *,
    learning_rate: float,
    steps: int,
    method: Method = "gd",
    tol: float = 1e-6,
    constraint: Box | Budget | None = None,
    momentum: float = 0.9,
    beta1: float = 0.9,
    beta2: float = 0.999,
    epsilon: float = 1e-8,
    escape: float = 100.0,
) -> Trajectory | tuple[Trajectory, ...]:
    """Walk against the gradient (with it when the goal is "max") from ``start``.

    ``start`` is one point (n,) or many (k, n); many starts run vectorised and return a tuple of
    trajectories. A run stops when the (projected) gradient is shorter than ``tol`` (converged), or
    when it diverges: a non-finite value, or a point more than ``escape`` domain-widths outside the
    domain. A start outside the domain raises ValueError; a run may leave it (``left_domain``) but
    converges only on it. ``constraint`` projects every step back onto a box or budget set. Starts that stop
    are frozen while the others go on, so a batch costs what its slowest start costs.
    """
    run = run_batch(landscape, start, learning_rate=learning_rate, steps=steps, method=method, tol=tol,
                    constraint=constraint, momentum=momentum, beta1=beta1, beta2=beta2, epsilon=epsilon,
                    escape=escape)
    points, values, grads, last = run.points, run.values, run.gradients, run.last
    converged, diverged, bounds = run.converged, run.diverged, landscape.bounds
    trajectories = tuple(
        _trajectory(points[: last[j] + 1, j], values[: last[j] + 1, j], grads[: last[j] + 1, j],
                    bool(converged[j]), bool(diverged[j]), bounds)
        for j in range(len(last))
    )
    return trajectories[0] if run.single else trajectories


@dataclass(frozen=True)
class BatchRun:
    """Raw arrays of a vectorised run of k starts over s steps.

    With ``keep_path``: points (s+1, k, n), values (s+1, k), gradients (s+1, k, n), where rows past
    a start's ``last`` index repeat its last point; without it those three are ``None``.
    Always: ``finals`` (k, n), ``final_values`` (k,), ``last``, ``converged``, ``diverged`` (k,).
    """

    points: np.ndarray | None
    values: np.ndarray | None
    gradients: np.ndarray | None
    finals: np.ndarray
    final_values: np.ndarray
    last: np.ndarray
    converged: np.ndarray
    diverged: np.ndarray
    single: bool


def run_batch(
    landscape: Landscape,
    start: Any,
    *,
    learning_rate: float,
    steps: int,
    method: Method = "gd",
    tol: float = 1e-6,
    constraint: Box | Budget | None = None,
    momentum: float = 0.9,
    beta1: float = 0.9,
    beta2: float = 0.999,
    epsilon: float = 1e-8,
    escape: float = 100.0,
    keep_path: bool = True,
) -> BatchRun:
    """The engine behind ``descend``: same arguments, raw arrays out (for basins and benchmarks).

    ``keep_path=False`` keeps only where each start ended, for runs over large grids.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
    lr = positive(learning_rate, "learning_rate")
    steps = positive_int(steps, "steps", minimum=0)
    tol = positive(tol, "tol")
    escape = positive(escape, "escape")
    epsilon = positive(epsilon, "epsilon")
    for name, value in (("momentum", momentum), ("beta1", beta1), ("beta2", beta2)):
        if not 0 <= value < 1:
            raise ValueError(f"{name} must lie in [0, 1); got {value!r}")
    x0, single = as_start(start, landscape.n)
    landscape.check(x0.T, "start")
    if constraint is not None:
        constraint.check(landscape.n)
        x0 = constraint.project(x0)
    k, n = x0.shape
    sign, bounds = landscape.sign, landscape.bounds

    def grad(x: np.ndarray) -> np.ndarray:
        return landscape.grad(x.T).T

    centre, span = bounds.mean(axis=1), bounds[:, 1] - bounds[:, 0]
    reach = span / 2 + escape * span  # farther than this from the centre: escaped
    inside = span / 2 * (1 + 2 * DOMAIN_SLACK)  # within this of the centre: on the map

    def verdict(x: np.ndarray, f: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # A non-finite point makes f or ∇f non-finite too, and a non-finite ∇f a non-finite step.
        # A flat spot off the map (a cold plateau) is not convergence: only points on it count.
        step = _gradient_mapping(x, g, sign, lr, constraint)
        bad = ~np.isfinite(f + step)
        on_map = step < tol
        for i in range(n):  # column by column: numpy reduces a short last axis slowly
            off = np.abs(x[:, i] - centre[i])
            bad |= off > reach[i]
            on_map &= off <= inside[i]
        return bad, ~bad & on_map

    history = (steps + 1) if keep_path else 1
    points, grads, values = np.empty((history, k, n)), np.empty((history, k, n)), np.empty((history, k))
    last = np.full(k, steps)
    with np.errstate(all="ignore"):
        x, g = x0.copy(), grad(x0)
        f = landscape.f(x.T)
        points[0], grads[0], values[0] = x, g, f
        diverged, converged = verdict(x, f, g)
        last[diverged | converged] = 0
        velocity, second = np.zeros_like(x), np.zeros_like(x)
        # idx is None while every start is still running: no gathering needed
        idx = np.flatnonzero(~(converged | diverged)) if (converged | diverged).any() else None
        for t in range(1, steps + 1):
            if idx is not None and idx.size == 0:
                break
            rows = slice(None) if idx is None else idx
            xa, va, sa = _step(method, x[rows], g[rows], grad, sign, lr, t, velocity[rows], second[rows],
                               momentum, beta1, beta2, epsilon)
            if constraint is not None:
                xa = constraint.project(xa)
            ga = grad(xa)
            fa = landscape.f(xa.T)
            if idx is None:
                x, g, f, velocity, second = xa, ga, fa, va, sa
            else:
                x[idx], g[idx], f[idx], velocity[idx], second[idx] = xa, ga, fa, va, sa
            if keep_path:
                points[t], grads[t], values[t] = x, g, f
            bad, done = verdict(xa, fa, ga)
            stopped = bad | done
            if stopped.any():
                where = np.flatnonzero(stopped) if idx is None else idx[stopped]
                diverged[where] |= bad[stopped]
                converged[where] |= done[stopped]
                last[where] = t
                idx = np.flatnonzero(~(converged | diverged))
    early = np.flatnonzero(last < steps)
    if keep_path and early.size:  # steps after a start stopped hold its last point
        after = np.arange(steps + 1)[:, None] > last[None, early]
        for arr in (points, grads, values):
            held = arr[last[early], early]
            arr[:, early] = np.where(after.reshape(after.shape + (1,) * (arr.ndim - 2)), held, arr[:, early])
    return BatchRun(points if keep_path else None, values if keep_path else None, grads if keep_path else None,
                    x, f, last, converged, diverged, single)


def _step(method, x, g, grad, sign, lr, t, velocity, second, momentum, beta1, beta2, epsilon):
    """One update of the chosen method; returns the new point and optimiser state."""
    if method == "gd":
        return x + lr * sign * g, velocity, second
    if method == "momentum":
        velocity = momentum * velocity + sign * g
        return x + lr * velocity, velocity, second
    if method == "nesterov":
        look_ahead = grad(x + lr * momentum * velocity)
        velocity = momentum * velocity + sign * look_ahead
        return x + lr * velocity, velocity, second
    # adam
    velocity = beta1 * velocity + (1 - beta1) * sign * g
    second = beta2 * second + (1 - beta2) * g * g
    m_hat = velocity / (1 - beta1**t)
    v_hat = second / (1 - beta2**t)
    return x + lr * m_hat / (np.sqrt(v_hat) + epsilon), velocity, second


def _trajectory(points, values, gradients, converged, diverged, bounds) -> Trajectory:
    stopped = converged or diverged
    return Trajectory(
        points=points.copy(),
        values=values.copy(),
        gradients=gradients.copy(),
        converged=converged,
        diverged=diverged,
        stopped_at=len(points) - 1 if stopped else None,
        left_domain=bool(np.any(_outside_by(points, bounds) > 0)),
    )
