"""Every registered scene: importable, 15–60 s long, subtitles that can be read and never overlap."""

from __future__ import annotations

import importlib

import pytest

from scenes.catalogue import SCENES
from scenes.common import reading_time

FRAME = 1 / 5  # conftest's TINY frame rate: a hold rounds to whole frames


def scene_class(entry):
    return getattr(importlib.import_module(entry.module), entry.cls)


@pytest.mark.parametrize("entry", SCENES, ids=[e.name for e in SCENES])
def test_scene_is_15_to_60_seconds_with_readable_subtitles(entry, render_tiny):
    scene = render_tiny(scene_class(entry), dry_run=True)
    length = scene.renderer.time
    assert 15 <= length <= 60, f"{entry.name} lasts {length:.1f} s"
    cues = scene.narration
    assert len(cues) >= 3 and all(text.strip() for _, text, _ in cues)
    for (start, text, shown), (following, _, _) in zip(cues, [*cues[1:], (length, "", 0)]):
        assert start + shown <= following + 1e-6, f"{text!r} overlaps what follows"
        assert shown >= reading_time(text) - FRAME, f"{text!r} shows {shown:.1f} s, needs {reading_time(text):.1f} s"
    subtitles = scene.renderer.file_writer.subcaptions
    assert [s.content for s in subtitles] == [text for _, text, _ in cues]
    assert all(s.end.total_seconds() == pytest.approx(start + shown) for s, (start, _, shown) in zip(subtitles, cues))


def test_every_entry_names_a_scene_in_its_module():
    from manim import Scene

    assert len({e.name for e in SCENES}) == len(SCENES) == 7
    for entry in SCENES:
        assert issubclass(scene_class(entry), Scene) and entry.description.strip()
