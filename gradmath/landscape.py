"""The Landscape: a function with its analytic gradient and Hessian, domain, goal and notable points."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ._checks import as_points

if TYPE_CHECKING:
    from .constraints import Constraint

__all__ = ["Landscape", "ArrayFn"]

ArrayFn = Callable[[np.ndarray], np.ndarray]
"""A components-first function: input shape (n, ...) to output (...), (n, ...) or (n, n, ...)."""

# Points this close outside the domain (as a fraction of its span) still count as inside, so that
# finite differences and rounding at the edge do not raise.
DOMAIN_SLACK = 1e-4


@dataclass(frozen=True)
class Landscape:
    """A scalar function of n variables, as the lessons pose it.

    ``value``, ``gradient`` and ``hessian`` take points components-first: shape ``(n,)`` for one
    point or ``(n, ...)`` for a grid, and return shapes ``(...)``, ``(n, ...)`` and ``(n, n, ...)``.
    Points outside ``domain`` raise ``ValueError``.
    """

    name: str
    title: str
    latex: str  # the formula, LaTeX without dollar signs
    variables: tuple[str, ...]  # plain-text axis labels, one per variable
    symbols: tuple[str, ...]  # LaTeX symbols, one per variable
    domain: tuple[tuple[float, float], ...]  # (low, high) per variable: the lesson's region
    goal: Literal["min", "max"]
    f: ArrayFn = field(repr=False)
    grad: ArrayFn = field(repr=False)
    hess: ArrayFn = field(repr=False)
    notable: Mapping[str, tuple[float, ...]] = field(default_factory=dict)  # named points
    starts: tuple[tuple[float, ...], ...] = ()  # the lesson's starting points, in its order
    lesson_rate: float | None = None  # the learning rate the lesson uses (right or wrong)
    lesson_steps: int | None = None  # the number of steps the lesson takes
    constraint: Constraint | None = None  # the exercise's constraint, if it has one
    data: Mapping[str, tuple[float, ...]] = field(default_factory=dict)  # data behind the function
    description: str = ""
    formula: str | None = None  # the text a formula landscape was typed as (see from_formula)

    @classmethod
    def from_formula(
        cls,
        formula: str,
        *,
        domain: Sequence[Sequence[float]] | Mapping[str, Sequence[float]],
        goal: Literal["min", "max"] = "min",
        variables: Sequence[str] | None = None,
        name: str | None = None,
        title: str | None = None,
        labels: Sequence[str] | None = None,
    ) -> Landscape:
        """A landscape typed as text, e.g. ``"(x^2 + y - 11)^2 + (x + y^2 - 7)^2"``, with its exact
        gradient and Hessian (derived by sympy, evaluated by numpy; see ``gradmath.formula``).

        ``domain`` holds one (low, high) pair per variable (or maps names to pairs); ``variables``
        defaults to the formula's names in natural order, ``labels`` (plain-text axis labels) to the
        names, ``name`` to "formula" and ``title`` to the text. Raises ``FormulaError`` (a
        ValueError) for text it refuses, ValueError for a bad domain, goal or labels.
        """
        from .formula_numpy import formula_landscape

        return formula_landscape(formula, domain=domain, goal=goal, variables=variables, name=name, title=title,
                                 labels=labels)

    def __post_init__(self) -> None:
        if self.goal not in ("min", "max"):
            raise ValueError(f"goal must be 'min' or 'max'; got {self.goal!r}")
        if not (len(self.variables) == len(self.symbols) == len(self.domain)):
            raise ValueError(f"{self.name}: variables, symbols and domain must have one entry each")
        for low, high in self.domain:
            if not low < high:
                raise ValueError(f"{self.name}: each domain interval needs low < high; got {(low, high)}")
        as_floats = {k: tuple(map(float, v)) for k, v in self.notable.items()}
        object.__setattr__(self, "notable", MappingProxyType(as_floats))
        object.__setattr__(self, "starts", tuple(tuple(map(float, s)) for s in self.starts))
        object.__setattr__(self, "data", MappingProxyType({k: tuple(v) for k, v in self.data.items()}))
        for label, point in [*as_floats.items(), *(("start", s) for s in self.starts)]:
            if len(point) != self.n:
                raise ValueError(f"{self.name}: point {label!r} needs {self.n} coordinates; got {point}")

    @property
    def n(self) -> int:
        """Number of variables."""
        return len(self.domain)

    @property
    def sign(self) -> float:
        """+1 when the goal is a maximum (climb the gradient), -1 for a minimum (walk against it)."""
        return 1.0 if self.goal == "max" else -1.0

    @property
    def bounds(self) -> np.ndarray:
        """The domain as an array of shape (n, 2)."""
        return np.asarray(self.domain, dtype=float)

    def contains(self, p: Any) -> np.ndarray:
        """Boolean array: which points of ``p`` (shape (n, ...)) lie in the domain."""
        arr = as_points(p, self.n)
        low, high = self._limits(arr.ndim)
        return np.all((arr >= low) & (arr <= high), axis=0)

    def value(self, p: Any) -> np.ndarray:
        """f(p), shape (...)."""
        return self.f(self.check(p))

    def gradient(self, p: Any) -> np.ndarray:
        """∇f(p), shape (n, ...)."""
        return self.grad(self.check(p))

    def hessian(self, p: Any) -> np.ndarray:
        """The Hessian matrix at p, shape (n, n, ...)."""
        return self.hess(self.check(p))

    def _limits(self, ndim: int) -> tuple[np.ndarray, np.ndarray]:
        b = self.bounds
        slack = DOMAIN_SLACK * (b[:, 1] - b[:, 0])
        shape = (self.n,) + (1,) * (ndim - 1)
        return (b[:, 0] - slack).reshape(shape), (b[:, 1] + slack).reshape(shape)

    def check(self, p: Any, name: str = "p") -> np.ndarray:
        """Return ``p`` as a float array (n, ...), or raise a one-line ValueError naming ``name``
        when it has the wrong shape, is not finite, or leaves the domain."""
        arr = as_points(p, self.n, name)
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be finite; it contains NaN or infinity")
        low, high = self._limits(arr.ndim)
        outside = (arr < low) | (arr > high)
        if np.any(outside):
            i = int(np.argwhere(outside)[0][0])
            lo, hi = self.domain[i]
            bad = arr[i][outside[i]].flat[0]
            raise ValueError(
                f"{name}[{i}] ({self.variables[i]}) = {bad:g} is outside the domain of {self.name}: "
                f"allowed range [{lo:g}, {hi:g}]"
            )
        return arr
