"""The ordered registry of templates: every scene and figure a lesson entry can name."""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from . import figure_templates as fig
from . import scene_templates as sc
from .params import Params

__all__ = ["Template", "TEMPLATES", "get_template", "describe_parameters", "closest"]

Kind = Literal["scene", "figure"]


@dataclass(frozen=True)
class Template:
    """A scene class or a ``make_…`` figure function that renders any entry of its parameters."""

    name: str
    kind: Kind
    module: str  # importable module, e.g. "scenes.hiker_in_fog"
    attr: str  # the Scene class or the make_… function in that module
    params: type[Params]
    width: Literal["single", "double"] = "single"  # figures: one book column or the full text width

    @property
    def summary(self) -> str:
        return self.params.summary()

    @property
    def alt_attr(self) -> str:
        """A figure template's alt-text function in its module: ``alt_text_<name>(params) -> str``."""
        return f"alt_text_{self.name}"


def _scene(name: str, cls: str, params: type[Params]) -> Template:
    return Template(name, "scene", f"scenes.{name}", cls, params)


def _figure(name: str, params: type[Params], width: Literal["single", "double"] = "single") -> Template:
    return Template(name, "figure", f"figures.{name}", f"make_{name}", params, width)


TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        _scene("hiker_in_fog", "HikerInFog", sc.HikerInFogParams),
        _scene("gradient_compass", "GradientCompass", sc.GradientCompassParams),
        _scene("local_minima", "LocalMinima", sc.LocalMinimaParams),
        _scene("learning_rate", "LearningRate", sc.LearningRateParams),
        _scene("descent_on_surface", "DescentOnSurface", sc.DescentOnSurfaceParams),
        _scene("optimizer_race", "OptimizerRace", sc.OptimizerRaceParams),
        _scene("gradient_from_data", "GradientFromData", sc.GradientFromDataParams),
        _figure("contour_gradient", fig.ContourGradientParams),
        _figure("loss_surface", fig.LossSurfaceParams),
        _figure("contour_and_surface", fig.ContourAndSurfaceParams, "double"),
        _figure("descent_paths", fig.DescentPathsParams),
        _figure("gradient_magnitude", fig.GradientMagnitudeParams, "double"),
        _figure("nonconvex_1d", fig.Nonconvex1DParams, "double"),
        _figure("heat_map_navigation", fig.HeatMapNavigationParams, "double"),
        _figure("directional_profile", fig.DirectionalProfileParams, "double"),
        _figure("hessian_classification", fig.HessianClassificationParams, "double"),
        _figure("learning_rates", fig.LearningRatesParams, "double"),
        _figure("optimizer_comparison", fig.OptimizerComparisonParams, "double"),
        _figure("constrained_optima", fig.ConstrainedOptimaParams, "double"),
        _figure("data_scatter", fig.DataScatterParams, "double"),
        _figure("data_gradient", fig.DataGradientParams),
    )
}


def closest(word: str, choices: Any) -> str:
    """`` (did you mean 'x'?)`` for the nearest choice, or an empty string."""
    match = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def get_template(name: str, kind: Kind | None = None) -> Template:
    """A template by name (and kind), or a one-line ValueError naming the closest one."""
    template = TEMPLATES.get(name)
    if template is None or (kind is not None and template.kind != kind):
        names = [t.name for t in TEMPLATES.values() if kind is None or t.kind == kind]
        raise ValueError(f"unknown {kind or ''} template {name!r}{closest(name, names)}".replace("  ", " "))
    return template


def _type_name(info: FieldInfo) -> str:
    text = repr(info.annotation).replace("typing.", "").replace("NoneType", "None")
    for long, short in (("Annotated[Landscape", "landscape"), ("lessons.params.", ""), ("gradmath.landscape.", "")):
        text = text.replace(long, short)
    return text


def describe_parameters(params: type[Params]) -> list[tuple[str, str, str, str]]:
    """(name, type, default or "required", description) of each parameter, in declaration order."""
    rows = []
    for name, info in params.model_fields.items():
        if info.default is PydanticUndefined and info.default_factory is None:
            default = "required"
        else:
            value = info.get_default(call_default_factory=True)
            default = "none" if value is None else _plain(value)
        rows.append((name, _kind_of(info), default, info.description or ""))
    return rows


def _plain(value: Any) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    if isinstance(value, Params):
        return "{" + ", ".join(f"{k} = {_plain(v)}" for k, v in value.model_dump().items()) + "}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _kind_of(info: FieldInfo) -> str:
    """A short, readable type for `gradviz templates`."""
    return _describe(info.annotation, info.metadata)


def _describe(annotation: Any, metadata: list[Any] = ()) -> str:
    from pathlib import Path

    from gradmath import Landscape

    from .params import Dims, PointOf, markers

    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _describe(args[0], [*metadata, *args[1:]])
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        return _describe(rest[0], metadata) + (" or none" if len(rest) < len(args) else "")
    dims = [m.n for m in [*metadata, *markers(annotation, Dims)] if isinstance(m, Dims)]
    on = any(isinstance(m, PointOf) for m in metadata)
    if annotation is Landscape:
        return f"{dims[0]}-D landscape" if dims else "landscape"
    if origin is tuple:
        inner = _describe(args[0])
        if on or inner.startswith("list of numbers"):
            return "points" if inner.startswith("list") else ("point" if on else "list of numbers")
        return f"list of {inner}s" if not inner.startswith("{") else f"list of {inner}"
    if origin is typing.Literal:
        return "one of " + " | ".join(map(str, args))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "{" + ", ".join(annotation.model_fields) + "}"
    names = {int: "whole number", float: "number", str: "text", Path: "CSV file"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))
