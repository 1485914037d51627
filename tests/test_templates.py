"""Every template on landscapes it was not written for (two lessons of them): scenes and figures render and lay out."""

from __future__ import annotations

import importlib
import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from figures.layout import layout_problems
from figures.save import save_figure
from lessons import BUILTIN_DIR, TEMPLATES, builtin_lessons, load_lesson
from scenes.captions import CAPTION_CHARS
from scenes.common import reading_time
from theme import COLUMN_WIDTH_IN, DARK, DOUBLE_WIDTH_IN

FRAME = 1 / 5  # conftest's TINY frame rate: a hold rounds to whole frames
LESSONS = (load_lesson(BUILTIN_DIR / "examples" / "test_functions.toml"),
           load_lesson(Path(__file__).resolve().parent / "lessons" / "more_landscapes.toml"))
FIGURES = [e for lesson in LESSONS for e in lesson.figures]
# scenes: on the built-in lessons, and each 2-D template on three landscapes it was not written for
# (among them a narrow valley, several minima and a saddle)
SCENE_LESSONS = (*builtin_lessons(), *LESSONS,
                 load_lesson(Path(__file__).resolve().parent / "lessons" / "scene_layouts.toml"))
SCENES = [e for lesson in SCENE_LESSONS for e in lesson.scenes]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.path.stem)
def test_each_lesson_uses_every_template_on_its_own_landscapes(lesson):
    assert {e.template.name for e in lesson.entries()} == set(TEMPLATES)
    builtin = {ls.formula for book in builtin_lessons() for ls in book.landscapes.values()}
    assert not builtin & {ls.formula for ls in lesson.landscapes.values()}  # not the landscapes they were written for


@pytest.mark.parametrize("entry", FIGURES, ids=lambda e: e.name)
def test_figure_template_on_a_new_landscape(entry, tmp_path: Path):
    """Light, dark and grayscale: it builds at its width, draws, and passes the layout check."""
    make = getattr(importlib.import_module(entry.module), entry.attr)
    width = COLUMN_WIDTH_IN if entry.template.width == "single" else DOUBLE_WIDTH_IN
    for variant in ({}, {"theme": DARK}, {"grayscale": True}):
        fig = make(entry.params, **variant)
        assert fig.get_figwidth() == pytest.approx(width)
        assert layout_problems(fig, entry.name) == []
        out = save_figure(fig, tmp_path / f"{entry.name}.png", "png", dpi=60)
        with Image.open(out) as image:
            assert np.asarray(image.convert("L"), dtype=float).std() > 10  # something is drawn


@pytest.mark.parametrize("entry", SCENES, ids=lambda e: e.name)
def test_scene_template_lays_out_and_paces_itself(entry, render_tiny):
    """After every animation: the caption-safe frame, no text over text or over a mark it does not
    label; a title on the first frame, a held summary at the end; 45–120 s; readable subtitles."""
    base = getattr(importlib.import_module(entry.module), entry.attr)
    scene = render_tiny(type(base.__name__, (base,), {"params": entry.params, "layout_check": True}), dry_run=True)
    assert scene.layout_report == [], f"{entry.name}: " + "; ".join(scene.layout_report[:8])
    length = scene.renderer.time
    assert 45 <= length <= 120, f"{entry.name} lasts {length:.1f} s"
    cues = scene.narration
    assert len(cues) >= 3
    for (start, text, shown), (following, _, _) in zip(cues, [*cues[1:], (length, "", 0)]):
        assert text.strip() and "nan" not in text.lower().split(), text
        assert start + shown <= following + 1e-6, f"{text!r} overlaps what follows"
        assert shown >= reading_time(text) - FRAME, f"{text!r} shows {shown:.1f} s, needs {reading_time(text):.1f} s"
    assert_caption_cues(scene.renderer.file_writer.subcaptions, cues)


def assert_caption_cues(subtitles: list, beats: list[tuple[float, str, float]]) -> None:
    """The .srt's cues: each at most two caption lines and on screen for its reading time, one after
    another without overlap; together, each beat's words in order, from its start to its end."""
    cues = [(s.start.total_seconds(), s.end.total_seconds(), s.content) for s in subtitles]
    for (start, end, text), (following, _, _) in zip(cues, [*cues[1:], (math.inf, 0, "")]):
        assert len(text) <= CAPTION_CHARS, f"{text!r} is longer than two caption lines"
        assert end - start >= reading_time(text) - FRAME, f"{text!r} shows {end - start:.2f} s"
        assert end <= following + 1e-6, f"{text!r} overlaps what follows"
    for start, text, shown in beats:
        mine = [cue for cue in cues if start - 1e-6 <= cue[0] < start + shown - 1e-6]
        assert " ".join(c[2] for c in mine) == " ".join(text.split()), text
        assert mine[0][0] == pytest.approx(start) and mine[-1][1] == pytest.approx(start + shown)
