"""Lessons as data: lesson files (TOML) whose entries name a scene or figure template and its parameters.

``load_lesson(path)`` validates a file and resolves its landscapes (formulas, parsed, never
evaluated); ``BUILTIN_LESSONS`` are the two lessons gradviz grew from, its built-in catalogue.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .loader import Lesson, LessonEntry, LessonError, build_landscape, load_lesson, load_lessons, params_from_payload
from .params import Params
from .templates import TEMPLATES, Template, get_template

__all__ = [
    "Lesson",
    "LessonEntry",
    "LessonError",
    "Params",
    "Template",
    "TEMPLATES",
    "BUILTIN_DIR",
    "BUILTIN_LESSONS",
    "STARTER",
    "builtin_lessons",
    "default_params",
    "build_landscape",
    "get_template",
    "load_lesson",
    "load_lessons",
    "params_from_payload",
]

BUILTIN_DIR = Path(__file__).resolve().parent
BUILTIN_LESSONS: tuple[Path, ...] = (
    BUILTIN_DIR / "compass_in_the_fog.toml",
    BUILTIN_DIR / "multivariable_calculus.toml",
)
"""The built-in catalogue, in order: the Densworld lesson, then the course page."""
STARTER = BUILTIN_DIR / "starter.toml"
"""What `gradviz new` writes: a commented lesson that renders as it is."""


@lru_cache(maxsize=1)
def builtin_lessons() -> tuple[Lesson, ...]:
    """The built-in lessons, loaded once per process."""
    return tuple(load_lessons(list(BUILTIN_LESSONS)))


def default_params(template: str) -> Params:
    """The parameters of the first built-in entry of ``template``: what the plain ``manim`` command
    and a bare ``make_…()`` call show."""
    for lesson in builtin_lessons():
        for entry in lesson.entries():
            if entry.template.name == template:
                return entry.params
    raise LessonError(f"no built-in lesson uses the template {template!r}")
