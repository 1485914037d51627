"""Tests of the scenes beyond the lessons (LearningRate, DescentOnSurface, OptimizerRace, GradientFromData)
and their plot helpers: the numbers they hold are gradmath's, they render, their frames look right."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("manim")
av = pytest.importorskip("av")
Image = pytest.importorskip("PIL.Image")

import gradmath  # noqa: E402
from manim import Dot, Scene, ValueTracker  # noqa: E402
from scenes.common import LandscapeMap  # noqa: E402
from scenes.descent_on_surface import DescentOnSurface  # noqa: E402
from scenes.gradient_from_data import GradientFromData  # noqa: E402
from scenes.learning_rate import LearningRate  # noqa: E402
from scenes.optimizer_race import OptimizerRace  # noqa: E402
from scenes.plots import DigitCounter, LossAxes, partial_points, sig, traced_path  # noqa: E402
from scenes.style import scene_theme  # noqa: E402
from scenes.text import NO_LATEX_ENV, reset_latex_warning  # noqa: E402
from theme import LIGHT  # noqa: E402

REFERENCE = Path(__file__).with_name("reference")


# --- plot helpers ------------------------------------------------------------------------------------
def test_partial_points_interpolates_and_clamps():
    pts = np.array([[0.0, 0.0], [2.0, 0.0], [2.0, 4.0]])
    assert np.allclose(partial_points(pts, 0), [[0, 0]])
    assert np.allclose(partial_points(pts, 1.5), [[0, 0], [2, 0], [2, 2]])
    assert np.allclose(partial_points(pts, 99), pts)
    assert np.allclose(partial_points(pts, -3), [[0, 0]])


def test_sig_uses_significant_figures_and_a_true_minus():
    assert sig(-0.000581213) == "−0.000581"
    assert sig(475.6015) == "476"
    assert sig(3.853e-05, 2) == "3.9 × 10⁻⁵"  # never code notation (3.9e-05)
    assert sig(12345.6) == "12,300"


def test_digit_counter_shows_the_value_right_aligned():
    look = scene_theme()
    counter = DigitCounter(4, look=look)
    glyph = {d: DigitCounter(1, look=look).set_value(d).places[0] for d in range(10)}

    def looks_like(place, d):  # same size as the reference glyph, drawn (not the invisible blank)
        return (np.isclose(place.width, glyph[d].width, atol=1e-3) and np.isclose(place.height, glyph[d].height, atol=1e-3)
                and place.family_members_with_points()[0].get_fill_opacity() > 0)

    counter.set_value(307)
    assert counter.shown == [" ", "3", "0", "7"]
    assert all(looks_like(p, d) for p, d in zip(counter.places[1:], (3, 0, 7)))
    assert counter.places[0].family_members_with_points()[0].get_fill_opacity() == 0
    centres = [p.get_center().copy() for p in counter.places]
    counter.set_value(12345)  # clamped to what four digits hold
    assert counter.value == 9999 and counter.shown == ["9"] * 4
    assert all(looks_like(p, 9) for p in counter.places)
    assert np.allclose([p.get_center() for p in counter.places], centres, atol=1e-6)  # the places stay put
    counter.set_value(7)
    assert counter.shown == [" ", " ", " ", "7"] and looks_like(counter.places[3], 7)


def test_digit_counter_shows_the_same_points_whatever_values_came_before():
    """What a counter draws depends on its value alone (a chunked render jumps straight to a play's
    last value where a whole render counts through every one)."""
    look = scene_theme()
    counted, jumped = DigitCounter(3, look=look), DigitCounter(3, look=look)
    for value in range(0, 131, 7):
        counted.set_value(value)
    counted.set_value(130)
    jumped.set_value(130)
    assert np.array_equal(counted.get_all_points(), jumped.get_all_points())


class _CountingScene(Scene):
    """A counter faded in, then counting 0 → 38 in one play (``counting``) or shown at each value in
    turn outside any play (the reference frames)."""

    counting = True

    def construct(self) -> None:
        from manim import FadeIn, linear

        self.camera.background_color = scene_theme().background
        counter, step = DigitCounter(2, look=scene_theme(), size=60), ValueTracker(0.0)
        if self.counting:
            self.play(FadeIn(counter), run_time=0.4)
            counter.add_updater(lambda m: m.set_value(int(step.get_value())))
            self.play(step.animate.set_value(38), run_time=4, rate_func=linear)
        else:
            self.add(counter)
            for value in range(39):
                counter.set_value(value)
                self.wait(0.2)


def _frames(scene: Scene) -> list[np.ndarray]:
    import av

    with av.open(str(scene.renderer.file_writer.movie_file_path)) as container:
        return [f.to_ndarray(format="gray").astype(float) for f in container.decode(video=0)]


def test_a_counting_counter_draws_only_its_value(render_tiny):
    """Every frame of a play that counts shows one value, as a counter set to it outside a play
    draws it: no glyph of an earlier value left under the new one."""
    size = {"pixel_width": 384, "pixel_height": 216}
    shown = _frames(render_tiny(type("Counting", (_CountingScene,), {"counting": True}), movie=True, **size))[2:]
    values = _frames(render_tiny(type("Values", (_CountingScene,), {"counting": False}), movie=True, **size))
    best = [min(range(len(values)), key=lambda v: float(np.abs(frame - values[v]).mean())) for frame in shown]
    worst = max(float(np.abs(frame - values[v]).mean()) for frame, v in zip(shown, best))
    assert worst < 0.5, f"a frame matches no value's picture (mean difference {worst:.2f})"
    assert best == sorted(best) and best[-1] >= 34 and len(set(best)) >= 15, best  # it counts, in order


def test_loss_axes_clip_the_curve_to_its_decades():
    axes = LossAxes(10, look=scene_theme(), decades=(-2, 2))
    falling = 10.0 ** -np.arange(11)  # 1, 0.1, … leaves the plot below 1e-2 after step 2
    curve = axes.curve(falling, color="#FFFFFF")
    assert curve.clipped
    floor = axes.point(0, 1e-2)[1]
    assert np.isclose(curve.get_bottom()[1], floor, atol=1e-6)
    assert np.isclose(curve.get_right()[0], axes.point(2, 1)[0], atol=1e-6)
    short = axes.curve(falling, 1.5, color="#FFFFFF")
    assert not short.clipped and np.isclose(short.get_right()[0], axes.point(1.5, 1)[0], atol=1e-6)


def test_traced_path_follows_its_tracker():
    screen = np.array([[0.0, 0, 0], [1, 0, 0], [1, 1, 0]])
    step = ValueTracker(0)
    trail = traced_path(screen, step, color="#FFFFFF", stroke_width=2)
    step.set_value(1.5)
    trail.update()
    assert np.allclose(trail.head.get_center(), [1, 0.5, 0])
    assert np.allclose(trail.path.get_end(), [1, 0.5, 0])


# --- the numbers each scene holds are gradmath's ------------------------------------------------------
def assert_subtitles_in_order(scene) -> None:
    """One subtitle per beat: each ends before the next starts, the last within the video."""
    cues = scene.narration
    assert cues and all(text.strip() for _, text, _ in cues)
    for (start, _, length), (following, _, _) in zip(cues, cues[1:]):
        assert start + length <= following + 1e-6
    assert cues[-1][0] + cues[-1][2] <= scene.renderer.time + 1e-6


def test_learning_rate_runs_are_gradmaths(render_tiny):
    scene = render_tiny(LearningRate, dry_run=True)
    assert_subtitles_in_order(scene)
    timid, right, bold = scene.trajectories
    assert scene.rates == (0.02, 0.2, 0.31) and scene.start == (-2.5, 1.5)  # the lesson file's experiment
    for rate, run in zip(scene.rates, scene.trajectories):
        expected = gradmath.descend(gradmath.EXERCISE_QUADRATIC, scene.start, learning_rate=rate,
                                    steps=scene.steps, tol=scene.tol)
        np.testing.assert_allclose(run.points, expected.points, rtol=1e-12)  # the formula, typed in the lesson file,
        np.testing.assert_allclose(run.values, expected.values, rtol=1e-12)  # is the hand-written landscape
    # too timid: still descending; just right: converged early; too bold: oscillates, then leaves the map
    assert not timid.converged and not timid.left_domain and timid.values[-1] < timid.values[0]
    assert right.converged and right.steps < scene.steps
    assert bold.left_domain and bold.values[-1] > 10 * bold.values[0]
    assert min(bold.values) < bold.values[0]  # a few hopeful steps first
    signs = np.sign(np.diff(bold.points[:, 1]))
    assert (signs[1:] != signs[:-1]).mean() > 0.8  # the steep direction zigzags
    colours = [scene.look.series_color(i) for i in range(3)]
    mark, text, colour = scene.verdict(bold, colours[2])
    assert mark == "✗" and text.startswith("diverges") and colour == colours[2]  # its column's colour, not the warning's
    assert f"step {scene.left_map_at(bold)}" in text and sig(bold.values[-1]) in text
    assert f"path drawn to step {bold.worse_than_start()}," in text  # the map shows the run only that far
    assert scene.verdict(right, colours[1])[::2] == ("✓", scene.look.optimum)  # converged at the optimum: its colour
    assert scene.verdict(timid, colours[0])[::2] == ("…", colours[0])
    assert len(scene.narration) == 4 + len(scene.rates)  # rule, start, rates, the run, one verdict per rate
    assert scene.gap_scale  # the runs that settle settle at the minimum: |f − f*| on a log scale, as in the figure


def _lesson_scene(lesson: str, name: str) -> type:
    from lessons import load_lesson

    entry = next(e for e in load_lesson(Path(__file__).parent / "lessons" / lesson).scenes if e.name == name)
    import importlib

    base = getattr(importlib.import_module(entry.module), entry.attr)
    return type(base.__name__, (base,), {"params": entry.params})


def test_learning_rate_says_diverges_only_for_runs_that_do(render_tiny):
    """On the pass, rate 0.05 slides off the map with f falling at every step: it leaves the map, it
    does not diverge; 0.4 and 1.1 diverge (gradmath's flag). Each loss panel gets its own range
    (the runs' ranges differ 10⁴-fold), and the narration says so."""
    scene = render_tiny(_lesson_scene("scene_layouts.toml", "pass_learning_rate"), dry_run=True)
    slow, fast, faster = scene.trajectories
    assert slow.left_domain and not slow.diverged and fast.diverged and faster.diverged
    colours = [scene.look.series_color(i) for i in range(3)]
    mark, text, colour = scene.verdict(slow, colours[0])
    assert mark == "→" and "diverges" not in text and "still falling" in text and colour == colours[0]
    assert text.count(f"step {slow.steps}") == 1  # left at its last step: said once
    assert scene.verdict(fast, colours[1])[0] == "✗"
    assert scene.own_scales and any("each on its own scale" in said for _, said, _ in scene.narration)
    assert scene.optimum is None and [sig(v) for v in scene.saddles[0].point] == ["−0.3", "0"]  # marked instead
    assert any("only a saddle at (−0.3, 0)" in said for _, said, _ in scene.narration)


def test_loss_axes_ticks_are_pango_powers_of_ten_clear_of_their_marks():
    look = scene_theme()
    axes = LossAxes(30, look=look, decades=(-6, 3), step_tick=10)
    assert axes.x_label is not None and axes.x_label.text == "step"
    texts = [t.text for t in axes.ticks]
    assert "10⁻⁶" in texts and "10³" in texts  # one font: Pango superscripts, no LaTeX
    mark_end = axes.c2p(0, -6)[0] - axes.TICK_LENGTH  # where the y axis's tick marks end on the left
    powers = [t for t in axes.ticks if t.text.startswith("10") and len(t.text) > 2]
    assert len(powers) == 4 and all(t.get_right()[0] < mark_end - 0.05 for t in powers)
    assert all(t.get_top()[1] < axes.c2p(0, -6)[1] - axes.TICK_LENGTH - 0.05 for t in axes.ticks if t not in powers)


def test_optimizer_race_matches_the_verified_rates(render_tiny):
    scene = render_tiny(OptimizerRace, dry_run=True)
    assert_subtitles_in_order(scene)
    runs = scene.trajectories
    assert list(runs) == ["gd", "momentum", "nesterov", "adam"]
    assert not runs["gd"].converged and runs["gd"].steps == 3000
    for method in ("momentum", "nesterov", "adam"):
        assert runs[method].converged and runs[method].steps <= 2000
        assert np.allclose(runs[method].final, gradmath.ROSENBROCK.notable["minimum"], atol=1e-3)
    expected = gradmath.descend(gradmath.ROSENBROCK, (-1.2, 1.0), learning_rate=0.05, steps=3000,
                                method="adam", tol=1e-4)
    np.testing.assert_allclose(runs["adam"].points, expected.points, rtol=1e-9, atol=1e-12)  # the typed formula
    saddle = scene.saddle_trajectories
    assert scene.saddle_point.kind == "saddle" and np.allclose(scene.saddle_point.point, [0, 0])
    assert not saddle["gd"].left_domain  # stalls near the saddle
    assert all(saddle[m].left_domain for m in ("momentum", "nesterov", "adam"))  # escape
    at, board, text = scene.saddle_status(saddle["momentum"])
    assert text == f"escaped at step {at}" and board == f"escaped, step {at}" and 0 < at < scene.saddle_steps
    assert scene.arrivals == [-1, 0, 0, 0]  # GD ends short of the one minimum (1, 1); the others reach it
    assert scene.valley_status(runs["gd"], -1) == (3000, "not there after 3000", "not there after 3000 steps")
    n = runs["adam"].steps  # the board's line is short (the board is never scaled down for it), the narration full
    assert scene.valley_status(runs["adam"], 0) == (n, f"arrived, step {n}", f"arrived at the minimum at step {n}")


def test_optimizer_race_draws_heads_above_trails_and_slow_trails_on_top(render_tiny):
    """Every head above every trail; the longest trail at the bottom, so a short one (a slow runner) stays
    visible; the saddle's marker is no dot (a runner's head is one); log colour bands only where they spread."""
    from scenes.optimizer_race import log_colours, saddle_glyph

    scene = render_tiny(OptimizerRace, dry_run=True)
    where = LandscapeMap(scene.valley, look=scene.look, resolution=40)
    group = scene.runners(where, scene.trajectories, ValueTracker(3000))
    trails, marks, heads = group
    assert len(trails) == len(marks) == len(heads) == 4
    assert all(isinstance(h, Dot) for h in heads) and not any(h in t.get_family() for t in trails for h in heads)
    group.update()
    lengths = [sum(np.linalg.norm(np.diff(t[1].points[:, :2], axis=0), axis=1)) for t in trails]
    assert lengths == sorted(lengths, reverse=True) and group.order[-1] == 0  # gradient descent, the slowest, on top
    assert len(marks[0]) <= 27  # thinned: every steps/25-th step
    assert not isinstance(saddle_glyph(scene.look), Dot)
    assert log_colours(gradmath.ROSENBROCK) and not log_colours(scene.saddle)


def test_optimizer_race_calls_every_optimum_of_the_best_value_a_goal():
    """Four wells has two minima tied for the lowest value: both are the goal, neither is "local"."""
    from scenes.optimizer_race import _tied_best

    wells = gradmath.Landscape.from_formula("(x^2 - 4)^2/8 + (y^2 - 1)^2 + x*y/4", domain=[[-3, 3], [-2, 2]])
    found = gradmath.optima(wells)
    assert len(found) == 4 and _tied_best(found) == 2
    assert np.allclose(sorted(o.point[0] for o in found[:2]), [-2.063, 2.063], atol=1e-3)
    assert _tied_best(gradmath.optima(gradmath.ROSENBROCK)) == 1 and _tied_best(()) == 0


@pytest.mark.parametrize(("largest", "power"), [(0.0, 0), (0.002, 0), (472_000.0, 0), (1e6, 6), (3.2e7, 7),
                                                (4e-4, -4)])
def test_learning_rate_ticks_share_one_power_of_ten_outside_the_written_out_range(largest, power):
    from scenes.learning_rate import _common_power

    assert _common_power(largest) == power


def test_gradient_from_data_shows_the_stratagem_gradient(render_tiny):
    scene = render_tiny(GradientFromData, dry_run=True)
    assert_subtitles_in_order(scene)
    expected = gradmath.stratagem_gradient()
    assert np.array_equal(scene.coefficients, expected.coefficients)
    assert scene.features == expected.features
    assert scene.r_squared == pytest.approx(0.024, abs=0.001)
    assert np.allclose(scene.coefficients, [0.00294, 0.00307, 0.00061, 0.00081, -0.00058], atol=1e-5)
    assert np.array_equal(scene.scatter_y, gradmath.load_stratagem().progress_delta)
    assert len(scene.narration) >= 6 and any("2.4 percent" in text for _, text, _ in scene.narration)
    # strongest first, as the figure; each bar in the colour of its sign
    assert [name for name, _ in scene.ranked] == [name for name, _ in expected.ranked()]
    assert scene.sign_colour(0.1) == scene.look.ascent and scene.sign_colour(-0.1) == scene.look.descent


def test_descent_on_surface_lifts_gradmath_paths(render_tiny):
    scene = render_tiny(DescentOnSurface, dry_run=True)
    assert_subtitles_in_order(scene)
    ls = gradmath.COLONEL_LOSS
    expected = gradmath.descend(ls, np.array(ls.starts), learning_rate=0.05, steps=30)
    assert len(scene.trajectories) == 4
    for run, ref in zip(scene.trajectories, expected):
        assert np.array_equal(run.points, ref.points)
        assert np.allclose(run.values, ls.value(run.points.T))  # the path lies on the surface
        assert not run.converged and np.linalg.norm(run.final - [50, 30]) < 5  # near, not at
    assert scene.top == pytest.approx(float(ls.value([0.0, 0.0])))


def test_descent_on_surface_on_the_gorge_ticks_every_axis_twice_and_says_on_the_way(render_tiny):
    """The gorge: every axis of the box has at least two tick numbers, none at a corner (where it could
    belong to either axis), the start board shows whole losses in full, and runs short of the minimum
    are "still on the way"."""
    from scenes.descent_on_surface import _ticks

    assert list(_ticks(-5, 5, skip=(-5, 5))) == [-4, -2, 0, 2, 4]  # not just 0
    assert len(_ticks(0.0, 980.0, skip=(0.0,))) >= 2  # not just 500
    scene = render_tiny(_lesson_scene("scene_layouts.toml", "gorge_descent_on_surface"), dry_run=True)
    (x0, x1), (y0, y1) = scene.landscape.domain
    by_axis = {axis: [t.text for t, _, _, a in scene.text_anchors if a == axis] for axis in (0, 1, 2)}
    assert all(len(v) >= 2 for v in by_axis.values()), by_axis
    assert sig(x0) not in by_axis[0] and sig(y0) not in by_axis[1]  # the shared front corner is nobody's
    lines = scene.outcome_lines()
    assert "2 of 3 still on the way" in lines and not any("no minimum" in line for line in lines)


def test_descent_on_surface_writes_whole_losses_in_full(render_tiny):
    scene = render_tiny(DescentOnSurface, dry_run=True)
    assert [sig(v) for v in (run.values[0] for run in scene.trajectories)] == ["2,000", "2,000", "1,025", "1,525"]


def test_step_marks_leave_out_marks_piled_on_the_last_shown():
    from scenes.plots import step_marks

    points = np.array([[0, 0, 0], [1, 0, 0], [1.01, 0, 0], [1.02, 0, 0], [2, 0, 0], [2.01, 0, 0]], dtype=float)
    marks = step_marks(points, ValueTracker(5), color="#FFFFFF", outline="#000000", radius=0.05)
    assert list(marks.kept) == [True, True, False, False, False, True]  # the last always shows; the one before gives way
    marks.update()
    assert [d.get_fill_opacity() for d in marks] == [1, 1, 0, 0, 0, 1]
    assert all(step_marks(points, ValueTracker(0), color="#FFFFFF", outline="#000000", min_gap=0).kept)


# --- renders -----------------------------------------------------------------------------------------
def test_learning_rate_movie_frames_size_and_subtitles(render_tiny):
    scene = render_tiny(LearningRate, movie=True)
    movie = scene.output_plan.primary_artifact
    with av.open(str(movie)) as container:
        stream = container.streams.video[0]
        frames = [f for f in container.decode(stream)]
    assert (frames[0].width, frames[0].height) == (192, 108)
    duration = scene.renderer.time
    assert abs(len(frames) - duration * 5) <= 2
    assert 45 <= duration <= 120
    last = frames[-1].to_ndarray(format="rgb24")
    assert last.std() > 10  # something is drawn
    srt = scene.output_plan.subcaption_file.read_text(encoding="utf-8")
    assert srt.count("-->") >= len(scene.narration) == 7  # a beat longer than two caption lines is several cues
    assert "Too timid, rate 0.02: still on the way after 30 steps, f = 1.17." in srt


def _mean_difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(float) - b.astype(float)).mean())


@pytest.mark.parametrize("cls, name", [(GradientFromData, "gradient_from_data"), (LearningRate, "learning_rate")])
def test_last_frame_without_latex_matches_reference(cls, name, render_tiny, monkeypatch, caplog):
    """The Pango fallback (the default LaTeX path is rendered by the other tests): one warning line,
    no traceback, and a last frame like the committed reference (Pango text: independent of TeX)."""
    monkeypatch.setenv(NO_LATEX_ENV, "1")
    reset_latex_warning()
    with caplog.at_level(logging.WARNING, logger="gradviz.scenes"):
        scene = render_tiny(cls, last_frame=True, pixel_width=384, pixel_height=216)
    warnings = [r.getMessage() for r in caplog.records if r.name == "gradviz.scenes"]
    assert len(warnings) == 1 and "\n" not in warnings[0] and NO_LATEX_ENV in warnings[0]
    image = np.asarray(Image.open(scene.output_plan.primary_artifact).convert("RGB"))
    if os.environ.get("GRADVIZ_UPDATE_REFERENCES") == "1":  # after a deliberate change: look at the new file
        Image.fromarray(image).save(REFERENCE / f"{name}_last.png")
    reference = np.asarray(Image.open(REFERENCE / f"{name}_last.png").convert("RGB"))
    assert image.shape == reference.shape == (216, 384, 3)
    assert _mean_difference(image, reference) < 3.0


def test_light_theme_variant(render_tiny, monkeypatch):
    monkeypatch.setenv(NO_LATEX_ENV, "1")

    class LightLevers(GradientFromData):
        theme = LIGHT

    scene = render_tiny(LightLevers, last_frame=True)
    image = np.asarray(Image.open(scene.output_plan.primary_artifact).convert("RGB"))
    corner = image[2, 2]
    assert np.allclose(corner, [255, 255, 255], atol=2)  # LIGHT's background
    assert scene.look.gradient.to_hex().upper() == LIGHT.gradient.upper()
