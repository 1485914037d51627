"""The lesson scenes: their numbers come from gradmath, they render (both text paths), and look as before."""

from __future__ import annotations

import os
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

import gradmath
from gradmath import CEO_PROFIT, HEAT_MAP, MULTIMODAL
from rendering.subtitles import parse_srt
from scenes.gradient_compass import GradientCompass
from scenes.hiker_in_fog import HikerInFog
from scenes.local_minima import LocalMinima
from scenes.text import NO_LATEX_ENV, latex_available, reset_latex_warning
from theme import LIGHT

REFERENCE = Path(__file__).resolve().parent / "reference"
UPDATE = os.environ.get("GRADVIZ_UPDATE_REFERENCES") == "1"
SCENES = (HikerInFog, GradientCompass, LocalMinima)


def prepared(cls: type, **attrs):
    """An instance with ``setup()`` run (its numbers computed), without rendering anything."""
    scene = type(cls.__name__, (cls,), attrs)() if attrs else cls()
    scene.setup()
    return scene


# --- numbers: everything shown comes from gradmath ----------------------------------------------

def test_hiker_numbers_are_the_lessons():
    scene = prepared(HikerInFog)
    assert scene.gradient_at_start.tolist() == [6.0, 2.0]  # ∇P(2, 3) = [6, 2]
    assert scene.value_at_start == 31.0
    expected = gradmath.descend(CEO_PROFIT, [2, 3], learning_rate=scene.learning_rate, steps=scene.steps)
    np.testing.assert_array_equal(scene.path.points, expected.points)
    assert np.all(np.diff(scene.path.values) > 0)  # every step climbs
    assert scene.path.steps >= 5  # a few visible steps
    np.testing.assert_allclose(scene.summit.point, [5, 4], atol=1e-9)
    assert scene.summit.value == pytest.approx(41)
    assert 40.9 < scene.path.values[-1] < 41  # near, not at, the top


def test_hiker_variant_by_parameters():
    from lessons import default_params

    variant = default_params("hiker_in_fog").model_copy(update={"start": (8.0, 1.0), "learning_rate": 0.1})
    scene = prepared(HikerInFog, params=variant)
    np.testing.assert_allclose(scene.gradient_at_start, CEO_PROFIT.gradient([8.0, 1.0]))
    assert scene.path.points[0].tolist() == [8.0, 1.0]


def test_compass_numbers_are_gradmaths():
    scene = prepared(GradientCompass)
    profile = gradmath.directional_profile(CEO_PROFIT, (2, 3))
    np.testing.assert_array_equal(scene.profile.derivatives, profile.derivatives)
    assert scene.rate_along(profile.steepest_angle) == pytest.approx(np.hypot(6, 2))
    assert scene.rate_along(profile.steepest_angle + np.pi) == pytest.approx(-np.hypot(6, 2))
    for angle in profile.level_angles:
        assert scene.rate_along(angle) == pytest.approx(0, abs=1e-12)
    assert scene.path.converged and scene.gradient_norms[-1] < scene.tol  # the needle shrinks to nothing
    assert scene.gradient_norms[0] == pytest.approx(np.hypot(6, 2))
    assert np.all(np.diff(scene.gradient_norms) < 0)


def test_local_minima_numbers_are_gradmaths():
    scene = prepared(LocalMinima)
    # numbered and coloured as in the heat_map_navigation figure: in the order of gradmath's basins
    direct = gradmath.basins(HEAT_MAP, scene.basin_resolution, learning_rate=0.02, steps=scene.basin_steps)
    assert [p.value for p in scene.peaks] == pytest.approx([a.value for a in direct.attractors])
    assert scene.peaks[0].value == pytest.approx(62.90, abs=0.01)
    assert scene.peaks[1].value == pytest.approx(80.07, abs=0.01)
    # the lead's verified outcome at rate 0.02: peak 62.9, 80, 62.9, 80, 62.9 from (0,0), (5,0), (−3,0), (0,3), (0,−3)
    assert scene.reached == [0, 1, 0, 1, 0]
    assert all(p.converged and p.steps < 60 for p in scene.paths)
    assert scene.basin_shares == pytest.approx([direct.share(i) for i in range(len(direct.attractors))])
    # whole percents that sum to 100 (largest remainder), the starts that reach no peak last: as the figure's legend
    assert scene.percents == [37, 62, 1] and sum(scene.percents) == 100
    # the lesson's 0.5, shown on the run the figure shows (the one that bounces farthest on the map):
    # (0, −3)'s fourth step lands far off the map
    from figures.heat_map_navigation import navigation
    from lessons import builtin_lessons
    figure = next(e for lesson in builtin_lessons() for e in lesson.figures if e.name == "heat_map_navigation")
    assert scene.overshoot_rate == HEAT_MAP.lesson_rate == figure.params.overshoot_rate
    assert scene.overshoot_steps == figure.params.overshoot_steps
    np.testing.assert_array_equal(scene.wild.points, navigation(figure.params).wild.points)
    assert scene.wild.points[0].tolist() == [0.0, -3.0]
    inside = HEAT_MAP.contains(scene.wild.points[:5].T)
    assert inside[:4].all() and not inside[4]
    # 1-D: the lesson's rate 0.1 sends −5, −2, 0 to the global minimum and 3 to the local one
    assert scene.ball_rate == MULTIMODAL.lesson_rate
    assert scene.ball_valleys == [0, 0, 0, 1]
    assert scene.valleys[0].point[0] == pytest.approx(-1.3064, abs=1e-4)
    assert scene.valleys[1].point[0] == pytest.approx(3.8375, abs=1e-4)


# --- rendering ---------------------------------------------------------------------------------

@pytest.mark.parametrize("cls", SCENES, ids=lambda c: c.__name__)
def test_scene_runs_with_the_pango_fallback(cls, render_tiny, monkeypatch, caplog):
    monkeypatch.setenv(NO_LATEX_ENV, "1")
    reset_latex_warning()
    with caplog.at_level("WARNING", logger="gradviz.scenes"):
        scene = render_tiny(cls, dry_run=True)
    warnings = [r for r in caplog.records if r.name == "gradviz.scenes"]
    assert len(warnings) == 1 and "\n" not in warnings[0].getMessage()
    assert 45 <= scene.renderer.time <= 120  # every scene: 45–120 s, one idea per beat
    assert len(scene.narration) >= 5


def test_hiker_movie_has_frames_size_and_subtitles(render_tiny, manim_media_dir):
    scene = render_tiny(HikerInFog, movie=True)
    movies = [p for p in manim_media_dir.rglob("HikerInFog.mp4") if "partial" not in str(p)]
    assert len(movies) == 1
    with av.open(str(movies[0])) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        assert (stream.width, stream.height) == (192, 108)
    assert abs(frames - scene.renderer.time * 5) <= 2
    srt = movies[0].with_suffix(".srt").read_text(encoding="utf-8")
    shown = " ".join(cue.text for cue in parse_srt(srt))  # a long beat comes as several caption-sized cues
    for _, text, _ in scene.narration:
        assert " ".join(text.split()) in shown
    assert "[6, 2]" in srt


def _last_frame(render_tiny, media: Path, cls: type) -> np.ndarray:
    render_tiny(cls, last_frame=True)
    (png,) = media.rglob("*.png")
    return np.asarray(Image.open(png).convert("RGB"), dtype=np.int16)


@pytest.mark.skipif(not latex_available(), reason="reference frames are drawn with LaTeX")
@pytest.mark.parametrize("cls, theme", [(HikerInFog, None), (LocalMinima, None), (GradientCompass, LIGHT)],
                         ids=["HikerInFog-dark", "LocalMinima-dark", "GradientCompass-light"])
def test_last_frame_matches_reference(cls, theme, render_tiny, manim_media_dir, caplog):
    scene_cls = type(cls.__name__, (cls,), {"theme": theme}) if theme else cls
    reset_latex_warning()
    with caplog.at_level("WARNING", logger="gradviz.scenes"):
        frame = _last_frame(render_tiny, manim_media_dir, scene_cls)
    assert not [r for r in caplog.records if r.name == "gradviz.scenes"], "LaTeX path expected"
    assert frame.shape == (108, 192, 3)
    name = f"{cls.__name__}_{(theme or cls.theme).name}.png"
    if theme is LIGHT:  # the light variant really is light: its corner is the theme's background
        assert tuple(frame[2, 2]) == tuple(int(LIGHT.background[i:i + 2], 16) for i in (1, 3, 5))
    if UPDATE:
        REFERENCE.mkdir(exist_ok=True)
        Image.fromarray(frame.astype(np.uint8)).save(REFERENCE / name)
    reference = np.asarray(Image.open(REFERENCE / name).convert("RGB"), dtype=np.int16)
    difference = np.abs(frame - reference).max(axis=2)
    assert np.mean(difference > 48) < 0.01, f"{name}: {np.mean(difference > 48):.1%} of pixels changed"
    assert np.std(frame) > 10  # not a blank frame
