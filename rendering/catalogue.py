"""The catalogue: the entries of lesson files (the built-in ones by default), and selection by name or glob."""

from __future__ import annotations

import fnmatch
import importlib
import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Iterable, Sequence

__all__ = [
    "PROJECT_ROOT",
    "CATALOGUE_ENV",
    "SceneEntry",
    "FigureEntry",
    "Catalogue",
    "load_catalogue",
    "select",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_ENV = "GRADVIZ_CATALOGUE"


@dataclass(frozen=True)
class SceneEntry:
    """A scene class given by module (for a Python catalogue module, e.g. the tests' stand-ins)."""

    name: str
    module: str
    cls: str
    description: str
    kind: str = "scene"
    theme: str | None = None

    @property
    def attr(self) -> str:
        return self.cls


@dataclass(frozen=True)
class FigureEntry:
    """A ``make_…`` figure function given by module (for a Python catalogue module)."""

    name: str
    module: str
    function: str
    description: str
    alt_text: str
    width: str = "single"
    kind: str = "figure"
    theme: str | None = None

    @property
    def attr(self) -> str:
        return self.function


@dataclass(frozen=True)
class Catalogue:
    """The ordered scene and figure entries, and the folders their modules are found in."""

    scenes: tuple[Any, ...]
    figures: tuple[Any, ...]
    roots: tuple[Path, ...] = (PROJECT_ROOT,)

    def kind_of(self, entry: Any) -> str:
        return entry.kind

    def entries(self, kind: str = "all") -> tuple[Any, ...]:
        """Entries of one kind: "scenes", "figures" or "all" (scenes first)."""
        if kind == "scenes":
            return self.scenes
        if kind == "figures":
            return self.figures
        return self.scenes + self.figures


def _ensure_path(folder: Path) -> None:
    """Put ``folder`` first on ``sys.path`` (spawned workers inherit it)."""
    if sys.path[:1] != [str(folder)]:
        if str(folder) in sys.path:
            sys.path.remove(str(folder))
        sys.path.insert(0, str(folder))


def _import_alternative(spec: str) -> tuple[ModuleType, Path]:
    """Import a catalogue given as a module name or as the path of a ``.py`` file."""
    if spec.endswith(".py") or os.sep in spec:
        path = Path(spec).resolve()
        if not path.is_file():
            raise ValueError(f"catalogue file not found: {spec}")
        _ensure_path(path.parent)
        module_spec = importlib.util.spec_from_file_location(f"_gradviz_catalogue_{abs(hash(path))}", path)
        assert module_spec is not None and module_spec.loader is not None
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
        return module, path.parent
    module = importlib.import_module(spec)
    return module, Path(module.__file__ or ".").resolve().parent


def load_catalogue(spec: str | None = None, lessons: Sequence[str | Path] = ()) -> Catalogue:
    """The entries of lesson files (``lessons``; none given: the built-in ones), or of an
    alternative Python catalogue (``spec`` or $GRADVIZ_CATALOGUE).

    A lesson file that cannot be used raises ``lessons.LessonError`` (one line). An alternative
    catalogue is a module (dotted name or ``.py`` path) defining ``SCENES`` and/or ``FIGURES``
    (``SceneEntry``/``FigureEntry``); its folder joins the project root as a place to find local modules.
    """
    _ensure_path(PROJECT_ROOT)
    spec = spec or os.environ.get(CATALOGUE_ENV) or None
    if spec is None or lessons:
        from lessons import builtin_lessons, load_lessons

        loaded = load_lessons(list(lessons)) if lessons else builtin_lessons()
        scenes = tuple(e for lesson in loaded for e in lesson.scenes)
        figures = tuple(e for lesson in loaded for e in lesson.figures)
        return Catalogue(scenes, figures)
    module, folder = _import_alternative(spec)
    roots = (PROJECT_ROOT,) if folder == PROJECT_ROOT else (folder, PROJECT_ROOT)
    return Catalogue(tuple(getattr(module, "SCENES", ())), tuple(getattr(module, "FIGURES", ())), roots)


def select(entries: Sequence[Any], patterns: Iterable[str], *, what: str = "scene or figure") -> list[Any]:
    """Entries whose names match any pattern (exact name or shell glob), in catalogue order.

    No patterns selects everything. A pattern that matches nothing raises ``ValueError``.
    """
    patterns = list(patterns)
    if not patterns:
        return list(entries)
    chosen: set[str] = set()
    for pattern in patterns:
        hits = [e.name for e in entries if fnmatch.fnmatchcase(e.name, pattern)]
        if not hits:
            kind = "glob" if any(c in pattern for c in "*?[") else "name"
            raise ValueError(f"no {what} matches the {kind} {pattern!r} (see `gradviz list`)")
        chosen.update(hits)
    return [e for e in entries if e.name in chosen]
