"""Every template on landscapes it was not written for (two lessons of them): scenes and figures render and lay out."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from figures.layout import layout_problems
from figures.save import save_figure
from lessons import BUILTIN_DIR, TEMPLATES, builtin_lessons, load_lesson
from scenes.common import reading_time
from theme import COLUMN_WIDTH_IN, DARK, DOUBLE_WIDTH_IN

LESSONS = (load_lesson(BUILTIN_DIR / "examples" / "test_functions.toml"),
           load_lesson(Path(__file__).resolve().parent / "lessons" / "more_landscapes.toml"))
FIGURES = [e for lesson in LESSONS for e in lesson.figures]
SCENES = [e for lesson in LESSONS for e in lesson.scenes]


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
def test_scene_template_on_a_new_landscape(entry, render_tiny):
    base = getattr(importlib.import_module(entry.module), entry.attr)
    scene = render_tiny(type(base.__name__, (base,), {"params": entry.params}), dry_run=True)
    length = scene.renderer.time
    floor = 45 if entry.template.name in {"local_minima", "learning_rate", "descent_on_surface", "optimizer_race"} else 15
    assert floor <= length <= 120, f"{entry.name} lasts {length:.1f} s"
    cues = scene.narration
    assert len(cues) >= 3
    for start, text, shown in cues:
        assert text.strip() and "nan" not in text.lower().split(), text
        assert shown >= reading_time(text) - 0.2, text
