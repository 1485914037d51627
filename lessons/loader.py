"""Read a lesson file: TOML in, validated entries with resolved landscapes out, or one-line errors."""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Mapping

from pydantic import BaseModel, ValidationError

from gradmath import Landscape

from .params import Dims, Params, PointOf, markers
from .schema import ENTRY_KEYS, EntrySpec, LandscapeSpec, LessonSpec
from .templates import Kind, Template, closest, get_template

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["LessonError", "Lesson", "LessonEntry", "load_lesson", "load_lessons", "build_landscape",
           "params_from_payload", "MAX_LESSON_BYTES"]

MAX_LESSON_BYTES = 1_000_000


class LessonError(ValueError):
    """A lesson file that cannot be used: one line naming the file, the entry and the problem."""


@dataclass(frozen=True)
class LessonEntry:
    """One scene or figure of a lesson: its template, validated parameters and what it depends on."""

    kind: Kind
    index: int  # position among the lesson's scenes (or figures)
    name: str
    template: Template
    params: Params
    description: str
    given_alt_text: str | None  # the lesson's own alt text, if it writes one
    theme: str | None
    lesson: str  # the lesson file's path
    payload: Mapping[str, Any] = field(repr=False)  # JSON-able: rebuilds ``params`` in a worker

    @cached_property
    def alt_text(self) -> str:
        """The lesson's alt text or, for a figure, the one its template writes from what it draws
        (``figures.<template>.alt_text_<template>``, imported when first asked); else the description."""
        if self.given_alt_text:
            return self.given_alt_text
        if self.kind != "figure":
            return self.description
        import importlib

        return getattr(importlib.import_module(self.module), self.template.alt_attr)(self.params)

    @property
    def module(self) -> str:
        return self.template.module

    @property
    def attr(self) -> str:
        return self.template.attr

    @property
    def where(self) -> str:
        return f"{self.kind}s[{self.index}]"

    def inputs(self) -> dict[str, Any]:
        """What this entry's outputs depend on besides code: its table, its landscapes, its data files."""
        files = {str(p): hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in _paths(self.params)}
        return {"template": self.payload["template"], "params": self.payload["params"],
                "landscapes": self.payload["landscapes"], "files": files}


@dataclass(frozen=True)
class Lesson:
    """A loaded lesson: its title and theme, its landscapes and its entries in file order."""

    path: Path
    title: str
    theme: str | None
    landscapes: Mapping[str, Landscape]
    scenes: tuple[LessonEntry, ...]
    figures: tuple[LessonEntry, ...]

    def entries(self) -> tuple[LessonEntry, ...]:
        return self.scenes + self.figures


def _where(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _problem(error: Mapping[str, Any], model: type[BaseModel] | None = None) -> str:
    kind, msg = error["type"], str(error["msg"])
    if kind == "extra_forbidden":
        known = list(model.model_fields) if model is not None else []
        return f"unknown parameter{closest(error['loc'][-1], known)}"
    if kind == "missing":
        return "missing: this key is required"
    msg = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    value = error.get("input")
    if kind not in ("value_error",) and value is not None and not isinstance(value, (dict, list)):
        msg += f"; got {value!r}"
    return msg.splitlines()[0]


def _first_error(exc: ValidationError, model: type[BaseModel] | None = None) -> tuple[tuple[Any, ...], str]:
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc = tuple(first["loc"])
    if first["type"] == "extra_forbidden" and model is not None:
        sub = model
        for part in loc[:-1]:  # the nested model the unknown key sits in
            field = sub.model_fields.get(part) if isinstance(part, str) else None
            if field is not None and isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
                sub = field.annotation
        model = sub
    problem = _problem(first, model)
    if len(errors) > 1:
        problem += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return loc, problem


def build_landscape(name: str, spec: LandscapeSpec | Mapping[str, Any]) -> Landscape:
    """A lesson's ``[landscapes.NAME]`` table as a Landscape (a formula, parsed, never evaluated)."""
    spec = spec if isinstance(spec, LandscapeSpec) else LandscapeSpec.model_validate(spec)
    return _cached_landscape(name, json.dumps(spec.model_dump(), sort_keys=True))


@lru_cache(maxsize=64)
def _cached_landscape(name: str, spec_json: str) -> Landscape:
    spec = LandscapeSpec.model_validate_json(spec_json)
    if spec.variables is not None and len(spec.variables) != len(spec.domain):
        raise ValueError(f"variables has {len(spec.variables)} names but domain has {len(spec.domain)} intervals")
    if spec.labels is not None and len(spec.labels) != len(spec.domain):
        raise ValueError(f"labels has {len(spec.labels)} entries but domain has {len(spec.domain)} intervals")
    landscape = Landscape.from_formula(spec.formula, domain=[tuple(d) for d in spec.domain], goal=spec.goal,
                                       variables=spec.variables, name=name, title=spec.title,
                                       labels=spec.labels)
    from dataclasses import replace

    if spec.symbol is not None and landscape.latex.startswith("f("):
        landscape = replace(landscape, latex=spec.symbol + landscape.latex[1:])
    if spec.same_units is not None:
        landscape = replace(landscape, same_units=spec.same_units)
    return landscape


def _read(path: Path) -> dict[str, Any]:
    try:
        if path.is_dir():
            raise LessonError(f"{path}: is a folder, not a lesson file")
        data = path.read_bytes()
    except OSError as exc:
        raise LessonError(f"{path}: cannot read the lesson file ({exc.strerror or exc})") from None
    if len(data) > MAX_LESSON_BYTES:
        raise LessonError(f"{path}: the lesson file is larger than {MAX_LESSON_BYTES:,} bytes")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise LessonError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise LessonError(f"{path}: not valid TOML: {str(exc).splitlines()[0]}") from None


def load_lesson(path: str | Path) -> Lesson:
    """Read and check a whole lesson file; any problem is a LessonError of one line."""
    path = Path(path)
    raw = _read(path)
    try:
        spec = LessonSpec.model_validate(raw)
    except ValidationError as exc:
        loc, problem = _first_error(exc, LessonSpec)
        if loc and loc[0] in ("scenes", "figures") and len(loc) == 1:
            problem = f"must be a list of tables ([[{loc[0]}]]); {problem}"
        if len(loc) == 1 and exc.errors()[0]["type"] == "extra_forbidden":
            problem = f"unknown key{closest(loc[0], LessonSpec.model_fields)}"
        raise LessonError(f"{path}: {_where(loc) or 'top level'}: {problem}") from None
    landscapes: dict[str, Landscape] = {}
    for name, table in spec.landscapes.items():
        try:
            landscapes[name] = build_landscape(name, table)
        except ValueError as exc:
            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise LessonError(f"{path}: landscapes.{name}: {text}") from None
    context = {"landscapes": landscapes, "base_dir": str(path.resolve().parent)}
    entries: dict[str, list[LessonEntry]] = {"scene": [], "figure": []}
    seen: dict[str, str] = {}
    for kind in ("scene", "figure"):
        for index, entry in enumerate(getattr(spec, f"{kind}s")):
            item = _entry(path, spec, kind, index, entry, context)
            if item.name in seen:
                raise LessonError(f"{path}: {item.where}.name: {item.name!r} is also the name of {seen[item.name]}; "
                                  f"give one of them another name")
            seen[item.name] = item.where
            entries[kind].append(item)
    return Lesson(path, spec.title, spec.theme, landscapes, tuple(entries["scene"]), tuple(entries["figure"]))


def _entry(path: Path, spec: LessonSpec, kind: Kind, index: int, entry: EntrySpec,
           context: Mapping[str, Any]) -> LessonEntry:
    where = f"{kind}s[{index}]"

    def fail(key: str, problem: str) -> LessonError:
        return LessonError(f"{path}: {where}{'.' + key if key else ''}: {problem}")

    try:
        template = get_template(entry.template, kind)
    except ValueError as exc:
        raise fail("template", str(exc)) from None
    values = entry.parameters()
    from_experiment: set[str] = set()
    if entry.experiment is not None:
        if entry.experiment not in spec.experiments:
            known = list(spec.experiments)
            raise fail("experiment", f"unknown experiment {entry.experiment!r}{closest(entry.experiment, known)}")
        shared = spec.experiments[entry.experiment]
        twice = sorted(set(shared) & set(values))
        if twice:
            raise fail(twice[0], f"also set by experiment {entry.experiment!r}: set it in one place")
        from_experiment = set(shared)
        values = {**shared, **values}
    for key, value in list(values.items()):
        if isinstance(value, str) and _takes_table(template.params, key):
            if value not in spec.experiments:
                raise fail(key, f"unknown experiment {value!r}{closest(value, list(spec.experiments))}")
            values[key] = dict(spec.experiments[value])
    try:
        params = template.params.model_validate(values, context=context)
    except ValidationError as exc:
        loc, problem = _first_error(exc, template.params)
        key = _where(loc)
        if loc and loc[0] in from_experiment:
            raise LessonError(f"{path}: experiments.{entry.experiment}.{key} (used by {where}): {problem}") from None
        raise fail(key, problem) from None
    for key, problem in _checks(params):
        if key.split(".")[0].split("[")[0] in from_experiment:
            raise LessonError(f"{path}: experiments.{entry.experiment}.{key} (used by {where}): {problem}")
        raise fail(key, problem)
    used = sorted({ls.name for ls in _landscapes(params)})
    first = getattr(params, "landscape", None)
    name = entry.name or (f"{first.name}_{template.name}" if isinstance(first, Landscape) else template.name)
    summary = template.summary
    description = entry.description or (f"{first.title}: {summary[0].lower()}{summary[1:]}"
                                        if isinstance(first, Landscape) else summary)
    payload = {
        "template": template.name,
        "params": json.loads(json.dumps(values)),
        "landscapes": {n: spec.landscapes[n].model_dump() for n in used if n in spec.landscapes},
        "base_dir": context["base_dir"],
    }
    return LessonEntry(kind, index, name, template, params, description, entry.alt_text,
                       spec.theme, str(path), payload)


def _takes_table(model: type[Params], key: str) -> bool:
    """Whether parameter ``key`` is a nested table (which a lesson may give as an experiment's name)."""
    info = model.model_fields.get(key)
    if info is None:
        return False
    import typing

    options = typing.get_args(info.annotation) or (info.annotation,)
    return any(isinstance(o, type) and issubclass(o, Params) for o in options)


def _fields(params: Params, prefix: str = ""):
    """(key, annotation, value) of every parameter, nested tables included."""
    for name, info in type(params).model_fields.items():
        value = getattr(params, name)
        yield f"{prefix}{name}", info, value
        if isinstance(value, Params):
            yield from _fields(value, f"{prefix}{name}.")


def _landscapes(params: Params) -> list[Landscape]:
    found = []
    for _, _, value in _fields(params):
        values = value if isinstance(value, tuple) else (value,)
        found.extend(v for v in values if isinstance(v, Landscape))
    return found


def _paths(params: Params) -> list[Path]:
    return [value for _, _, value in _fields(params) if isinstance(value, Path)]


def _checks(params: Params) -> list[tuple[str, str]]:
    """Problems pydantic cannot see: a landscape's number of variables, points on their landscape,
    columns of a CSV file."""
    problems: list[tuple[str, str]] = []
    for key, info, value in _fields(params):
        owner_key = key.rpartition(".")[0]
        for dims in _marks(info, Dims):
            for i, ls in enumerate(value if isinstance(value, tuple) else (value,)):
                if isinstance(ls, Landscape) and ls.n != dims.n:
                    at = f"{key}[{i}]" if isinstance(value, tuple) else key
                    problems.append((at, f"this template needs a landscape of {dims.n} variable"
                                         f"{'s' if dims.n != 1 else ''}; {ls.name!r} has {ls.n}"))
        for mark in _marks(info, PointOf):
            landscape = getattr(_owner(params, owner_key), mark.field, None)
            if value is None or not isinstance(landscape, Landscape):
                continue
            points = value if value and isinstance(value[0], tuple) else (value,)
            for i, point in enumerate(points):
                at = f"{key}[{i}]" if points is value else key
                problem = _point_problem(point, landscape)
                if problem:
                    problems.append((at, problem))
        if isinstance(value, Path):
            owner = _owner(params, owner_key)
            problems.extend(_column_problems(owner, value, owner_key))
    return problems


def _marks(info: Any, kind: type) -> list[Any]:
    """The Dims/PointOf markers of a field: pydantic keeps a top-level Annotated's in ``metadata``."""
    return [m for m in info.metadata if isinstance(m, kind)] + markers(info.annotation, kind)


def _owner(params: Params, key: str) -> Params:
    owner = params
    for part in filter(None, key.split(".")):
        owner = getattr(owner, part)
    return owner


def _point_problem(point: tuple[float, ...], landscape: Landscape) -> str | None:
    n = landscape.n
    if len(point) != n:
        names = ", ".join(landscape.variables) if n <= 4 else f"{n} numbers"
        return f"needs {n} coordinate{'s' if n != 1 else ''} ({names}) for landscape {landscape.name!r}; got {len(point)}"
    for value, (low, high), var in zip(point, landscape.domain, landscape.variables):
        if not low <= value <= high:
            return (f"{value:g} is outside the domain of {landscape.name!r}: {var} runs from {low:g} to {high:g}")
    return None


def _column_problems(owner: Params, path: Path, prefix: str) -> list[tuple[str, str]]:
    """Every column an entry names must be a column of its CSV file, with numbers where numbers are needed."""
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError) as exc:
        return [(f"{prefix}.data" if prefix else "data", f"cannot read {path.name}: {exc}")]
    problems = []
    dot = f"{prefix}." if prefix else ""
    for key in ("target", "features", "category", "scatter_feature"):
        value = getattr(owner, key, None)
        names = value if isinstance(value, tuple) else (value,)
        for i, column in enumerate(names):
            if column is not None and column not in header:
                at = f"{dot}{key}[{i}]" if isinstance(value, tuple) else f"{dot}{key}"
                problems.append((at, f"{path.name} has no column {column!r}{closest(column, header)}"))
    features = getattr(owner, "features", ())
    scatter = getattr(owner, "scatter_feature", None)
    if scatter is not None and scatter not in features:
        problems.append((f"{dot}scatter_feature", f"{scatter!r} is not one of the features"))
    return problems


def load_lessons(paths: list[str | Path]) -> list[Lesson]:
    """Several lesson files; entry names must differ across them (they name the output files)."""
    lessons = [load_lesson(p) for p in paths]
    owner: dict[str, str] = {}
    for lesson in lessons:
        for entry in lesson.entries():
            if entry.name in owner and owner[entry.name] != f"{lesson.path}: {entry.where}":
                raise LessonError(f"{lesson.path}: {entry.where}.name: {entry.name!r} is also the name of "
                                  f"{owner[entry.name]}; give one of them another name")
            owner[entry.name] = f"{lesson.path}: {entry.where}"
    return lessons


def params_from_payload(payload: Mapping[str, Any]) -> Params:
    """Rebuild an entry's parameters from its JSON payload (in a worker, on another machine)."""
    template = get_template(payload["template"])
    landscapes = {name: build_landscape(name, table) for name, table in payload["landscapes"].items()}
    context = {"landscapes": landscapes, "base_dir": payload.get("base_dir", ".")}
    return template.params.model_validate(dict(payload["params"]), context=context)
