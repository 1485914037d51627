"""Every scene of the built-in lessons: importable, 15–120 s long (45 s for the paced ones), subtitles that can be read and never overlap."""

from __future__ import annotations

import importlib

import pytest

from lessons import TEMPLATES, builtin_lessons
from scenes.common import reading_time

FRAME = 1 / 5  # conftest's TINY frame rate: a hold rounds to whole frames
SCENES = tuple(e for lesson in builtin_lessons() for e in lesson.scenes)
PACED = {"local_minima", "learning_rate", "descent_on_surface", "optimizer_race"}  # 45–120 s, one idea per beat


def scene_class(entry):
    """The entry's template scene with the entry's parameters (what the CLI's worker makes)."""
    base = getattr(importlib.import_module(entry.module), entry.attr)
    return type(base.__name__, (base,), {"params": entry.params})


@pytest.mark.parametrize("entry", SCENES, ids=[e.name for e in SCENES])
def test_scene_length_and_readable_subtitles(entry, render_tiny):
    scene = render_tiny(scene_class(entry), dry_run=True)
    length = scene.renderer.time
    assert (45 if entry.template.name in PACED else 15) <= length <= 120, f"{entry.name} lasts {length:.1f} s"
    cues = scene.narration
    assert len(cues) >= 3 and all(text.strip() for _, text, _ in cues)
    for (start, text, shown), (following, _, _) in zip(cues, [*cues[1:], (length, "", 0)]):
        assert start + shown <= following + 1e-6, f"{text!r} overlaps what follows"
        assert shown >= reading_time(text) - FRAME, f"{text!r} shows {shown:.1f} s, needs {reading_time(text):.1f} s"
    subtitles = scene.renderer.file_writer.subcaptions
    assert [s.content for s in subtitles] == [text for _, text, _ in cues]
    assert all(s.end.total_seconds() == pytest.approx(start + shown) for s, (start, _, shown) in zip(subtitles, cues))


def test_every_scene_template_is_a_scene_used_by_a_built_in_lesson():
    from manim import Scene

    scene_templates = {t.name for t in TEMPLATES.values() if t.kind == "scene"}
    assert {e.template.name for e in SCENES} == scene_templates
    assert len({e.name for e in SCENES}) == len(SCENES)
    for entry in SCENES:
        base = getattr(importlib.import_module(entry.module), entry.attr)
        assert issubclass(base, Scene) and base.template == entry.template.name and entry.description.strip()
