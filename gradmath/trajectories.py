"""Descent results: one start's Trajectory, and Trajectories, many starts as arrays with a leading start axis."""

from __future__ import annotations

import operator
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import numpy as np

from . import _checks

__all__ = ["Trajectory", "Trajectories"]


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

    def __post_init__(self) -> None:
        sizes: dict[str, int] = {}
        _checks.shaped(self.points, "Trajectory.points", ("m", "n"), sizes)
        _checks.shaped(self.values, "Trajectory.values", ("m",), sizes)
        _checks.shaped(self.gradients, "Trajectory.gradients", ("m", "n"), sizes)
        if sizes["m"] == 0:
            raise ValueError("Trajectory.points must hold at least the start; got 0 points")
        converged = _checks.flag(self.converged, "Trajectory.converged")
        diverged = _checks.flag(self.diverged, "Trajectory.diverged")
        _checks.flag(self.left_domain, "Trajectory.left_domain")
        if converged and diverged:
            raise ValueError("Trajectory cannot have both converged and diverged")
        if self.stopped_at is not None:
            _checks.whole(self.stopped_at, "Trajectory.stopped_at", 0, sizes["m"] - 1, "the last index")

    @property
    def final(self) -> np.ndarray:
        """The last point, shape (n,)."""
        return self.points[-1]

    @property
    def steps(self) -> int:
        """Number of steps taken (points minus one)."""
        return len(self.points) - 1

    def worse_than_start(self, goal: str = "min") -> int | None:
        """The index of the first point whose value is worse than the start's (above it when the goal
        is "min", below it when "max"; a non-finite value is worse), or None when none is."""
        if goal not in ("min", "max"):
            raise ValueError(f"goal must be 'min' or 'max'; got {goal!r}")
        v = np.asarray(self.values, dtype=float)
        worse = ~np.isfinite(v) | ((v > v[0]) if goal == "min" else (v < v[0]))
        worse[0] = False
        return int(np.argmax(worse)) if worse.any() else None


@dataclass(frozen=True, eq=False)
class Trajectories(Sequence[Trajectory]):
    """The paths of k starts run together over s steps, as arrays with a leading start axis.

    ``points`` (k, s+1, n), ``values`` (k, s+1) and ``gradients`` (k, s+1, n) hold every start's
    path; rows past a start's ``last`` index repeat its last point. Per start: ``last``, ``converged``,
    ``diverged``, ``left_domain`` (k,), ``finals`` (k, n) and ``final_values`` (k,). The arrays are
    read-only views of the run. It is also a sequence of Trajectory: ``len``, iteration and
    ``paths[j]`` (negative too) give start j's path trimmed to its own length, as a fresh Trajectory;
    a slice gives the Trajectories of those starts.
    """

    points: np.ndarray = field(repr=False)
    values: np.ndarray = field(repr=False)
    gradients: np.ndarray = field(repr=False)
    last: np.ndarray = field(repr=False)
    converged: np.ndarray = field(repr=False)
    diverged: np.ndarray = field(repr=False)
    left_domain: np.ndarray = field(repr=False)
    finals: np.ndarray = field(repr=False)
    final_values: np.ndarray = field(repr=False)

    def __post_init__(self) -> None:
        sizes: dict[str, int] = {}
        for name, dims, kind in (
            ("points", ("k", "t", "n"), "real"),
            ("values", ("k", "t"), "real"),
            ("gradients", ("k", "t", "n"), "real"),
            ("last", ("k",), "int"),
            ("converged", ("k",), "bool"),
            ("diverged", ("k",), "bool"),
            ("left_domain", ("k",), "bool"),
            ("finals", ("k", "n"), "real"),
            ("final_values", ("k",), "real"),
        ):
            arr = _checks.shaped(getattr(self, name), f"Trajectories.{name}", dims, sizes, kind)
            if arr.flags.writeable:
                arr = arr.view()
                arr.flags.writeable = False
            object.__setattr__(self, name, arr)
        if sizes["t"] == 0:
            raise ValueError("Trajectories.points must hold at least each start; got 0 points per start")
        if self.last.size and not (0 <= self.last.min() and self.last.max() < sizes["t"]):
            raise ValueError(f"Trajectories.last must lie in [0, {sizes['t'] - 1}]; got {_checks.shown(self.last)}")
        if np.any(self.converged & self.diverged):
            raise ValueError("Trajectories: no start can have both converged and diverged")

    @property
    def lengths(self) -> np.ndarray:
        """Number of points of each start's own path, (k,)."""
        return self.last + 1

    @property
    def steps(self) -> int:
        """Number of steps the batch ran (rows minus one); a start may have stopped earlier."""
        return self.points.shape[1] - 1

    def __len__(self) -> int:
        return self.points.shape[0]

    @overload
    def __getitem__(self, index: int) -> Trajectory: ...

    @overload
    def __getitem__(self, index: slice) -> Trajectories: ...

    def __getitem__(self, index: Any) -> Trajectory | Trajectories:
        if isinstance(index, slice):
            return Trajectories(*(getattr(self, name)[index] for name in _FIELDS))
        if isinstance(index, (bool, np.bool_)):
            raise TypeError(f"index must be an int or a slice; got {_checks.kind_of(index)}")
        try:
            j = operator.index(index)
        except TypeError:
            raise TypeError(f"index must be an int or a slice; got {_checks.kind_of(index)}") from None
        k = len(self)
        if not -k <= j < k:
            raise IndexError(f"index must lie in [{-k}, {k - 1}] for {k} starts; got {j}")
        j %= k
        m = int(self.last[j]) + 1
        stopped = bool(self.converged[j] or self.diverged[j])
        return Trajectory(
            points=self.points[j, :m].copy(),
            values=self.values[j, :m].copy(),
            gradients=self.gradients[j, :m].copy(),
            converged=bool(self.converged[j]),
            diverged=bool(self.diverged[j]),
            stopped_at=m - 1 if stopped else None,
            left_domain=bool(self.left_domain[j]),
        )

    def __iter__(self) -> Iterator[Trajectory]:
        for j in range(len(self)):
            yield self[j]

    def __repr__(self) -> str:
        k, t, n = self.points.shape
        return (f"Trajectories({k} starts × {t - 1} steps in {n} variables: {int(self.converged.sum())} converged, "
                f"{int(self.diverged.sum())} diverged)")


_FIELDS = ("points", "values", "gradients", "last", "converged", "diverged", "left_domain", "finals", "final_values")
