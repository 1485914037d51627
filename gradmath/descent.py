"""Gradient descent and ascent (plain, momentum, Nesterov, Adam), many starts at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, overload

import numpy as np

from . import _checks
from .constraints import Box, Budget
from .landscape import DOMAIN_SLACK, Landscape
from .trajectories import Trajectories, Trajectory

__all__ = ["Trajectory", "Trajectories", "descend", "BatchRun", "run_batch", "METHODS", "METHOD_NAMES", "Method"]

Method = Literal["gd", "momentum", "nesterov", "adam"]
METHODS: tuple[str, ...] = ("gd", "momentum", "nesterov", "adam")
METHOD_NAMES = {"gd": "gradient descent", "momentum": "momentum", "nesterov": "Nesterov", "adam": "Adam"}
"""Each method as scenes and figures write it in running text (capitalise it to start a sentence)."""


def _gradient_mapping(x, g, sign, lr, constraint):
    """Length of the (projected) step per unit rate: |∇f| without a constraint."""
    if constraint is None:
        return np.sqrt(np.einsum("ij,ij->i", g, g))
    return np.linalg.norm(constraint._project(x + lr * sign * g) - x, axis=1) / lr


# Types follow the start: one point gives a Trajectory, a sequence of points a Trajectories, an array
# either (its shape decides). On a 1-variable landscape a flat sequence of k numbers is k starts at
# run time; give such starts as (k, 1) for a precise type.
@overload
def descend(landscape: Landscape, start: float | Sequence[float], *, learning_rate: float, steps: int,
            method: Method = ..., tol: float = ..., constraint: Box | Budget | None = ..., momentum: float = ...,
            beta1: float = ..., beta2: float = ..., epsilon: float = ..., escape: float = ...) -> Trajectory: ...


@overload
def descend(landscape: Landscape, start: Sequence[Sequence[float]], *, learning_rate: float, steps: int,
            method: Method = ..., tol: float = ..., constraint: Box | Budget | None = ..., momentum: float = ...,
            beta1: float = ..., beta2: float = ..., epsilon: float = ..., escape: float = ...) -> Trajectories: ...


@overload
def descend(landscape: Landscape, start: np.ndarray, *, learning_rate: float, steps: int,
            method: Method = ..., tol: float = ..., constraint: Box | Budget | None = ..., momentum: float = ...,
            beta1: float = ..., beta2: float = ..., epsilon: float = ...,
            escape: float = ...) -> Trajectory | Trajectories: ...


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
) -> Trajectory | Trajectories:
    """Walk against the gradient (with it when the goal is "max") from ``start``.

    ``start`` is one point (n,), giving a Trajectory, or many (k, n), run vectorised and giving
    Trajectories (arrays with a leading start axis, also a sequence of Trajectory). A flat sequence
    of several numbers is several starts on a 1-variable landscape. A run stops when the (projected)
    gradient is shorter than ``tol`` (converged), or when it diverges: a non-finite value, or a point
    more than ``escape`` domain-widths outside the domain. A start outside the domain raises
    ValueError; a run may leave it (``left_domain``) but converges only on it. ``constraint``
    projects every step back onto a box or budget set. Starts that stop are frozen while the others
    go on, so a batch costs what its slowest start costs.
    """
    run = run_batch(landscape, start, learning_rate=learning_rate, steps=steps, method=method, tol=tol,
                    constraint=constraint, momentum=momentum, beta1=beta1, beta2=beta2, epsilon=epsilon,
                    escape=escape)
    assert run.points is not None and run.values is not None and run.gradients is not None
    paths = Trajectories(
        points=np.moveaxis(run.points, 1, 0),
        values=run.values.T,
        gradients=np.moveaxis(run.gradients, 1, 0),
        last=run.last,
        converged=run.converged,
        diverged=run.diverged,
        left_domain=_left_domain(run.points, landscape.bounds),
        finals=run.finals,
        final_values=run.final_values,
    )
    return paths[0] if run.single else paths


def _left_domain(points: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Which starts have a point outside the domain box, from the run's (s+1, k, n) points. Rows past
    a start's end repeat its last point, so the whole column answers for its own path."""
    out = np.zeros(points.shape[1], dtype=bool)
    for i, (low, high) in enumerate(bounds):  # column by column: numpy reduces a short last axis slowly
        column = points[:, :, i]
        out |= np.any((column < low) | (column > high), axis=0)
    return out


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

    def __post_init__(self) -> None:
        sizes: dict[str, int] = {}
        kept = [x is not None for x in (self.points, self.values, self.gradients)]
        if any(kept) and not all(kept):
            raise ValueError("BatchRun needs points, values and gradients all arrays or all None")
        if all(kept):
            _checks.shaped(self.points, "BatchRun.points", ("t", "k", "n"), sizes)
            _checks.shaped(self.values, "BatchRun.values", ("t", "k"), sizes)
            _checks.shaped(self.gradients, "BatchRun.gradients", ("t", "k", "n"), sizes)
        _checks.shaped(self.finals, "BatchRun.finals", ("k", "n"), sizes)
        _checks.shaped(self.final_values, "BatchRun.final_values", ("k",), sizes)
        _checks.shaped(self.last, "BatchRun.last", ("k",), sizes, "int")
        _checks.shaped(self.converged, "BatchRun.converged", ("k",), sizes, "bool")
        _checks.shaped(self.diverged, "BatchRun.diverged", ("k",), sizes, "bool")
        _checks.flag(self.single, "BatchRun.single")


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
    landscape = _checks.landscape(landscape)
    method = _checks.choice(method, "method", METHODS)  # type: ignore[assignment]
    lr = _checks.positive(learning_rate, "learning_rate")
    tol = _checks.positive(tol, "tol")
    escape = _checks.positive(escape, "escape")
    epsilon = _checks.positive(epsilon, "epsilon")
    momentum, beta1, beta2 = (_checks.number(value, name, low=0.0, high=1.0, high_open=True)
                              for name, value in (("momentum", momentum), ("beta1", beta1), ("beta2", beta2)))
    keep_path = _checks.flag(keep_path, "keep_path")
    x0, single = _checks.as_start(start, landscape.n)
    steps = _steps(steps, x0.shape[0], x0.shape[1], keep_path)
    landscape.check(x0.T, "start")
    constraint = _checks.constraint(constraint, landscape.n)
    if constraint is not None:
        x0 = constraint._project(x0)
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
                xa = constraint._project(xa)
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


def _steps(steps: Any, k: int, n: int, keep_path: bool) -> int:
    """The number of steps, within the memory budget: a kept path stores (steps + 1) rows of k points,
    values and gradients (plus a mask of them for ``left_domain``); a run also needs ~16 (k, n) arrays."""
    working = 16 * 8 * k * n
    if working > _checks.MEMORY_BUDGET:
        raise ValueError(f"start must hold at most {_checks.most_items(16 * 8 * n):,} points of {n} variables "
                         f"(within {_checks.budget_text()}); got {k:,}")
    if not keep_path:
        return _checks.whole(steps, "steps", 0)
    per_row = k * ((2 * n + 1) * 8 + n)
    most = (_checks.MEMORY_BUDGET - working) // per_row - 1
    return _checks.whole(steps, "steps", 0, most, f"for the paths of {k:,} start{'s' if k != 1 else ''} of {n} "
                                                 f"variable{'s' if n != 1 else ''} within {_checks.budget_text()}")


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
