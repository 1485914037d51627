"""Every template on landscapes it was not written for: the test-functions lesson renders, scenes and figures."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from figures.layout import layout_problems
from figures.save import save_figure
from lessons import BUILTIN_DIR, TEMPLATES, load_lesson
from scenes.common import reading_time
from theme import COLUMN_WIDTH_IN, DARK, DOUBLE_WIDTH_IN

EXAMPLE = BUILTIN_DIR / "examples" / "test_functions.toml"
LESSON = load_lesson(EXAMPLE)


def test_the_example_uses_every_template():
    assert {e.template.name for e in LESSON.entries()} == set(TEMPLATES)


@pytest.mark.parametrize("entry", LESSON.figures, ids=lambda e: e.name)
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


@pytest.mark.parametrize("entry", LESSON.scenes, ids=lambda e: e.name)
def test_scene_template_on_a_new_landscape(entry, render_tiny):
    base = getattr(importlib.import_module(entry.module), entry.attr)
    scene = render_tiny(type(base.__name__, (base,), {"params": entry.params}), dry_run=True)
    length = scene.renderer.time
    assert 15 <= length <= 120, f"{entry.name} lasts {length:.1f} s"
    cues = scene.narration
    assert len(cues) >= 3
    for start, text, shown in cues:
        assert text.strip() and "nan" not in text.lower().split(), text
        assert shown >= reading_time(text) - 0.2, text
