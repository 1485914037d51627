"""The Landscape: a function with its analytic gradient and Hessian, domain, goal and notable points."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from . import _checks
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
    same_units: bool | None = None  # whether the variables share a unit (None: see shares_units)

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
        name = _checks.text(self.name, "Landscape name", empty=False)
        for label in ("title", "latex", "description"):
            _checks.text(getattr(self, label), f"{name}: {label}")
        _checks.choice(self.goal, f"{name}: goal", ("min", "max"))
        variables = _checks.names(self.variables, f"{name}: variables")
        symbols = _checks.names(self.symbols, f"{name}: symbols")
        if not isinstance(self.domain, (tuple, list)):
            raise TypeError(f"{name}: domain must be a tuple of (low, high) pairs; got {_checks.kind_of(self.domain)}")
        if not (len(variables) == len(symbols) == len(self.domain)):
            raise ValueError(f"{name}: variables, symbols and domain must have one entry each")
        if not self.domain:
            raise ValueError(f"{name}: a landscape needs at least one variable; got an empty domain")
        domain = tuple(_checks.interval(pair, f"{name}: domain[{i}]") for i, pair in enumerate(self.domain))
        for label in ("f", "grad", "hess"):
            _checks.function(getattr(self, label), f"{name}: {label}")
        for label in ("notable", "data"):
            if not isinstance(getattr(self, label), Mapping):
                raise TypeError(f"{name}: {label} must be a mapping of names to points; got "
                                f"{_checks.kind_of(getattr(self, label))}")
        if not isinstance(self.starts, (tuple, list)):
            raise TypeError(f"{name}: starts must be a tuple of points; got {_checks.kind_of(self.starts)}")
        object.__setattr__(self, "variables", variables)
        object.__setattr__(self, "symbols", symbols)
        object.__setattr__(self, "domain", domain)

        def point(label: str, value: Any) -> tuple[float, ...]:  # n finite coordinates inside the domain
            arr = _checks.real_array(value, f"{name}: {label}", f"{self.n} real coordinates")
            if arr.ndim != 1 or len(arr) != self.n:
                raise ValueError(f"{name}: {label} needs {self.n} coordinates; got {_checks.shown(value)}")
            return tuple(self.check(arr, f"{name}: {label}").tolist())

        points = {_checks.text(k, f"{name}: notable key"): v for k, v in self.notable.items()}
        object.__setattr__(self, "notable", MappingProxyType({k: point(f"notable point {k!r}", v) for k, v in points.items()}))
        object.__setattr__(self, "starts", tuple(point("point 'start'", s) for s in self.starts))
        data = {_checks.text(k, f"{name}: data key"): v for k, v in self.data.items()}
        object.__setattr__(self, "data", MappingProxyType({k: _checks.series(v, f"{name}: data[{k!r}]") for k, v in data.items()}))
        if self.lesson_rate is not None:
            object.__setattr__(self, "lesson_rate", _checks.positive(self.lesson_rate, f"{name}: lesson_rate"))
        if self.lesson_steps is not None:
            _checks.whole(self.lesson_steps, f"{name}: lesson_steps", 1)
        _checks.constraint(self.constraint, self.n, f"{name}: constraint")

    @property
    def function_symbol(self) -> str:
        """The letter the formula names the function with: "P" for ``P(x, y) = …``, else "f"."""
        head = self.latex.split("(", 1)[0].strip()
        return head if head and len(head) <= 12 else "f"

    @property
    def shares_units(self) -> bool:
        """Whether one unit of every variable is as long as the others' (maps are drawn in equal
        aspect, so the gradient meets the contours at right angles): ``same_units`` when it is set,
        else whether the axes are labelled with the bare variable names (x, y), which carry no unit."""
        if self.same_units is not None:
            return bool(self.same_units)
        return all(label == symbol for label, symbol in zip(self.variables, self.symbols))

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
        """Return ``p`` as a float array (n, ...), or raise a one-line error naming ``name``: a
        TypeError unless it holds real numbers, a ValueError when it has the wrong shape, is not
        finite, or leaves the domain."""
        arr = as_points(p, self.n, _checks.text(name, "name"))
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
