"""Typed template parameters: landscape references, points, rates, runs; the base every template's
parameter model extends.

A lesson entry's table is validated by its template's model (pydantic) with a validation context
that holds the lesson's landscapes and folder. References (a landscape's name, a CSV file) are
resolved while validating, so a model instance holds ready objects: ``params.landscape`` is a
``gradmath.Landscape``, ``params.data`` an absolute path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    InstanceOf,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
)

from gradmath import METHODS, Landscape

__all__ = [
    "Params",
    "LandscapeRef",
    "Map",
    "Line",
    "Point",
    "Points",
    "Rate",
    "Steps",
    "Tolerance",
    "Method",
    "Racer",
    "CsvFile",
    "Dims",
    "PointOf",
    "markers",
]


@dataclass(frozen=True)
class Dims:
    """Marks a landscape parameter with the number of variables its template can draw."""

    n: int


@dataclass(frozen=True)
class PointOf:
    """Marks a point (or list of points) as lying on the landscape named by parameter ``field``."""

    field: str = "landscape"


def _resolve_landscape(value: Any, info: ValidationInfo) -> Landscape:
    if isinstance(value, Landscape):
        return value
    if not isinstance(value, str):
        raise ValueError(f"must name a landscape of the lesson (a string); got {value!r}")
    landscapes: Mapping[str, Landscape] = (info.context or {}).get("landscapes", {})
    if value not in landscapes:
        known = ", ".join(sorted(landscapes)) or "none defined"
        raise ValueError(f"unknown landscape {value!r} (the lesson defines: {known})")
    return landscapes[value]


def _landscape_name(value: Landscape) -> str:
    return value.name


LandscapeRef = Annotated[
    InstanceOf[Landscape],
    BeforeValidator(_resolve_landscape),
    PlainSerializer(_landscape_name),
    WithJsonSchema({"type": "string"}),
]
"""The name of one of the lesson's ``[landscapes.NAME]`` tables, resolved to the Landscape."""
Map = Annotated[LandscapeRef, Dims(2)]
"""A landscape of 2 variables (a map)."""
Line = Annotated[LandscapeRef, Dims(1)]
"""A landscape of 1 variable (a curve)."""


def _finite(value: float) -> float:
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("must be a finite number")
    return value


Coordinate = Annotated[float, AfterValidator(_finite)]
Point = Annotated[tuple[Coordinate, ...], Field(min_length=1)]
"""One point: one number per variable of its landscape, inside the landscape's domain."""
Points = Annotated[tuple[Point, ...], Field(min_length=1)]
"""Several points, e.g. the starts of a set of runs."""
Rate = Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)]
"""A learning rate (> 0)."""
Steps = Annotated[int, Field(ge=1, le=100_000)]
"""A number of steps (1 to 100,000)."""
Tolerance = Annotated[float, Field(gt=0, allow_inf_nan=False)]
"""Stop once the gradient is shorter than this."""
Method = Literal[METHODS]  # type: ignore[valid-type]
"""An optimiser: gd, momentum, nesterov or adam."""


class Racer(BaseModel):
    """One optimiser in a race: its method and learning rate."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    method: Method
    learning_rate: Rate


def _resolve_csv(value: Any, info: ValidationInfo) -> Path:
    if isinstance(value, Path):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be the path of a CSV file (a string); got {value!r}")
    base = Path((info.context or {}).get("base_dir", "."))
    path = Path(value) if Path(value).is_absolute() else base / value
    if not path.is_file():
        raise ValueError(f"no such file: {value} (paths are relative to the lesson file)")
    return path.resolve()


CsvFile = Annotated[
    Path,
    BeforeValidator(_resolve_csv),
    PlainSerializer(str),
    WithJsonSchema({"type": "string"}),
]
"""A CSV file, its path relative to the lesson file."""


class Params(BaseModel):
    """Base of every template's parameters: unknown keys are errors, instances are frozen.

    ``landscape`` fields declare how many variables they need with ``Dims(n)``; point fields name
    the landscape they lie on with ``PointOf(field)``. The loader checks both once the model is
    valid, so a message can name the exact key.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    @classmethod
    def summary(cls) -> str:
        """The template's one-line description: the first line of the model's docstring."""
        return (cls.__doc__ or "").strip().splitlines()[0]


def markers(annotation: Any, kind: type) -> list[Any]:
    """Every ``kind`` marker (Dims, PointOf) inside an annotation, through Optional, tuple and Annotated."""
    import typing

    found = []
    if typing.get_origin(annotation) is Annotated:
        base, *meta = typing.get_args(annotation)
        found.extend(m for m in meta if isinstance(m, kind))
        return found + markers(base, kind)
    for arg in typing.get_args(annotation):
        found.extend(markers(arg, kind))
    return found
