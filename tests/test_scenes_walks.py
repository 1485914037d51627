"""HikerInFog and GradientCompass on landscapes they were not written for: narration chosen from the
walk, arrows and the compass inside the map, labels readable on any terrain."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from manim import ManimColor

from lessons import load_lesson
from scenes.common import map_at_left
from scenes.gradient_compass import NEEDLE_CAP, GradientCompass, _inside
from scenes.hiker_in_fog import START_RADIUS, SHORTEST, HikerInFog
from scenes.style import _luminance, _ratio, scene_theme

LAYOUTS = load_lesson(Path(__file__).resolve().parent / "lessons" / "scene_layouts.toml")


def prepared(cls: type, entry_name: str | None = None):
    """``cls`` with its lesson entry's parameters (default: the built-in one) and ``setup()`` run."""
    attrs = {}
    if entry_name is not None:
        attrs["params"] = next(e for e in LAYOUTS.scenes if e.name == entry_name).params
    scene = type(cls.__name__, (cls,), attrs)()
    scene.setup()
    return scene


def test_hiker_says_the_gorge_walk_overshoots():
    gorge = prepared(HikerInFog, "gorge_hiker_in_fog")
    assert gorge.reversals == len(gorge.step_lengths) - 1  # every step turns back across the floor
    words = gorge._walk_words("the bottom")
    assert "overshoots the floor" in words and "flattens" not in words
    assert "overshoots" in gorge._lengths_words("f")
    profit = prepared(HikerInFog)  # the lesson's hill: no step turns back
    assert profit.reversals == 0
    assert "flattens" in profit._walk_words("the top") and "overshoot" not in profit._walk_words("the top")


@pytest.mark.parametrize("entry", [None, "gorge_hiker_in_fog"])
def test_hiker_arrows_stay_on_the_map(entry):
    scene = prepared(HikerInFog, entry)
    field, _ = map_at_left(scene.landscape, look=scene.look, width=scene.map_size[0], height=scene.map_size[1])
    scene.plot_box = box = field.frame.border
    scale = scene.partial_scale(field)
    start, g = field.to_screen(scene.start_point), scene.gradient_at_start
    tip = start + scale * np.array([g[0], g[1], 0.0])  # ∇f's tip; ∂f/∂x's and ∂f/∂y's share its x and y
    assert box.get_left()[0] + 0.3 <= tip[0] <= box.get_right()[0] - 0.3
    assert box.get_bottom()[1] + 0.3 <= tip[1] <= box.get_top()[1] - 0.3
    if entry is None:  # room on the lesson's map: ∂P/∂y = 2 reaches well beyond the start mark
        assert scale * min(abs(g)) >= START_RADIUS + SHORTEST - 1e-9


def test_compass_walk_words_follow_the_walk():
    saddle = prepared(GradientCompass, "pass_gradient_compass")
    assert saddle.path.left_domain and saddle.gradient_norms[-1] > saddle.gradient_norms[0]
    words = saddle._walk_words("f", capped=False)
    assert "shrink to nothing" not in words and "grows from 2.16 to 4.1" in words and "off the map" in words
    hill = prepared(GradientCompass)
    assert "shrink to nothing" in hill._walk_words("P", capped=False)


@pytest.mark.parametrize("entry", [None, "pass_gradient_compass"])
def test_compass_needle_stays_in_the_dial(entry):
    scene = prepared(GradientCompass, entry)
    scale, capped = scene.needle_scale()
    assert capped or np.max(scene.gradient_norms) * scale <= NEEDLE_CAP * scene.compass_radius
    assert scene.profile.steepest_rate * scale >= 0.25 * scene.compass_radius  # the start's needle still shows


def test_rose_is_kept_inside_the_map():
    from manim import Square

    rose = Square(side_length=1.0)
    box = (-5.0, 0.0, -2.0, 2.0)
    at = _inside(np.array([-0.1, 1.95, 0.0]), rose, box)
    assert at[0] == pytest.approx(-0.5) and at[1] == pytest.approx(1.5)


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_label_backdrops_keep_text_readable_on_any_terrain(theme):
    look = scene_theme(theme)
    back = np.asarray(look.background.to_rgb())
    for colour in (look.optimum, look.gradient, look.descent, look.foreground):
        ink = look.readable(colour)
        opacity = look.backdrop_opacity(ink)
        for t in look.terrain_rgba(np.linspace(0, 1, 9))[:, :3] / 255:
            mixed = opacity * back + (1 - opacity) * t
            assert _ratio(_luminance(ink), _luminance(ManimColor.from_rgb(mixed))) >= 4.5
