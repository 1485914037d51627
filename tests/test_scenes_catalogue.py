"""Every scene template is a Manim scene used by a built-in lesson (their layout, pacing and subtitles:
tests/test_templates.py)."""

from __future__ import annotations

import importlib

from lessons import TEMPLATES, builtin_lessons

SCENES = tuple(e for lesson in builtin_lessons() for e in lesson.scenes)


def test_every_scene_template_is_a_scene_used_by_a_built_in_lesson():
    from manim import Scene

    scene_templates = {t.name for t in TEMPLATES.values() if t.kind == "scene"}
    assert {e.template.name for e in SCENES} == scene_templates
    assert len({e.name for e in SCENES}) == len(SCENES)
    for entry in SCENES:
        base = getattr(importlib.import_module(entry.module), entry.attr)
        assert issubclass(base, Scene) and base.template == entry.template.name and entry.description.strip()
