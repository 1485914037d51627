"""What figures say and how they mark it: alt text from the data drawn, marks and series by meaning."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from gradmath import METHOD_NAMES, basins, descend, optima, whole_percents
from lessons import BUILTIN_DIR, LessonEntry, builtin_lessons, load_lesson
from theme import DARK, LIGHT, MINUS, format_number as num

TEST_LESSONS = (load_lesson(BUILTIN_DIR / "examples" / "test_functions.toml"),
                load_lesson(Path(__file__).resolve().parent / "lessons" / "more_landscapes.toml"))
ALL = tuple(e for lesson in (*builtin_lessons(), *TEST_LESSONS) for e in lesson.figures)
MEANINGS = ("start", "optimum", "saddle")


def _named(template: str) -> list[LessonEntry]:
    return [e for e in ALL if e.template.name == template]


def _build(entry: LessonEntry, theme=LIGHT) -> Figure:  # type: ignore[no-untyped-def]
    return getattr(importlib.import_module(entry.module), entry.attr)(entry.params, theme=theme)


# --- alt text ----------------------------------------------------------------------------------

def test_every_template_writes_alt_text_one_sentence_true_minus():
    for e in ALL:
        text = e.alt_text
        assert text.endswith(".") and "\n" not in text and ". " not in text, e.name
        assert not re.search(r"(^|[\s(\[,=:])-\d", text), (e.name, text)  # a hyphen is never a minus


def test_alt_texts_differ_between_landscapes():
    for template in {e.template.name for e in ALL}:
        texts = [e.alt_text for e in _named(template)]
        assert len(set(texts)) == len(texts), template


def test_optimizer_comparison_alt_text_says_who_reaches_what_in_how_many_steps():
    for e in _named("optimizer_comparison"):
        p = e.params
        best = optima(p.landscape)
        for racer in p.racers:
            run = descend(p.landscape, p.start, learning_rate=racer.learning_rate, steps=p.steps, method=racer.method,
                          tol=p.tol, momentum=p.momentum)
            name = METHOD_NAMES[racer.method]
            if run.converged:
                assert f"{name} reaches" in e.alt_text and f"in {num(run.steps)} steps" in e.alt_text, e.alt_text
            else:
                gap = min(np.linalg.norm(run.final - b.point) for b in best)
                assert f"{name} stops {num(gap, 2)} away after {num(run.steps)} steps" in e.alt_text, e.alt_text


def test_rosenbrock_race_alt_text_reads_as_the_issue_asks():
    (e,) = [e for e in _named("optimizer_comparison") if e.params.landscape.name == "rosenbrock"]
    assert "Adam reaches (1, 1) in" in e.alt_text and "gradient descent stops" in e.alt_text


def test_heat_map_alt_text_gives_the_optima_and_their_basin_shares():
    for e in _named("heat_map_navigation"):
        p = e.params
        found = basins(p.landscape, p.basin_resolution, learning_rate=p.learning_rate, steps=p.basin_steps)
        whole = whole_percents([found.share(i) for i in range(len(found.attractors))] + [found.share(-1)])
        assert sum(whole) == 100
        for i, peak in enumerate(found.attractors):
            assert f"{num(peak.value)} at ({num(peak.point[0])}, {num(peak.point[1])})" in e.alt_text
            assert f"drains {whole[i]} %" in e.alt_text
        assert (f"{whole[-1]} % reaches no" in e.alt_text) == (whole[-1] > 0)


def test_surface_and_contour_alt_texts_name_the_optimum_drawn():
    for template in ("loss_surface", "contour_gradient", "contour_and_surface"):
        for e in _named(template):
            best = optima(e.params.landscape)
            if best:
                assert f"{num(best[0].value)} at ({num(best[0].point[0], zero_below=1e-9)}, " in e.alt_text, e.alt_text
            else:
                assert "no minimum" in e.alt_text or "no maximum" in e.alt_text


def test_negative_numbers_use_the_true_minus():
    texts = " ".join(e.alt_text for e in ALL)
    assert MINUS in texts


def test_a_lessons_own_alt_text_wins(tmp_path: Path):
    lesson = tmp_path / "l.toml"
    lesson.write_text('title = "t"\n[landscapes.b]\nformula = "x^2 + y^2"\ndomain = [[-1, 1], [-1, 1]]\n'
                      '[[figures]]\ntemplate = "contour_gradient"\nlandscape = "b"\nalt_text = "My words."\n'
                      '[[figures]]\ntemplate = "loss_surface"\nlandscape = "b"\n')
    own, generated = load_lesson(lesson).figures
    assert own.alt_text == "My words."
    assert generated.alt_text.startswith("3-D surface of") and "minimum 0 at (0, 0)" in generated.alt_text


# --- marks and series by meaning ---------------------------------------------------------------

def _marks(fig: Figure) -> list[tuple[str, str]]:
    """(meaning, face colour) of every artist tagged as a start, optimum or saddle."""
    found = []
    for artist in fig.findobj(lambda a: a.get_gid() in MEANINGS):
        if isinstance(artist, Line2D):
            found.append((artist.get_gid(), to_hex(artist.get_markerfacecolor())))
        else:
            found.extend((artist.get_gid(), to_hex(c)) for c in artist.get_facecolor())
    return found


@pytest.mark.parametrize("entry", [e for e in ALL if e.template.name not in ("data_scatter", "data_gradient")],
                         ids=lambda e: e.name)
def test_marks_take_their_meaning_colour_and_series_never_a_reserved_one(entry: LessonEntry):
    for theme in (LIGHT, DARK):
        fig = _build(entry, theme)
        reserved = {k: to_hex(v) for k, v in theme.reserved.items()}
        for meaning, colour in _marks(fig):
            assert colour == reserved[meaning], (entry.name, theme.name, meaning, colour)
        lines = [line for ax in fig.axes for line in ax.get_lines()]  # not the legends' copies of them
        series = [a for a in lines if a.get_gid() == "series"]
        for line in series:
            assert to_hex(line.get_color()) not in reserved.values(), (entry.name, theme.name, line.get_color())
        untagged_stars = [a for a in lines if a.get_marker() == "*" and a.get_gid() != "optimum"
                          and len(a.get_xdata())]
        assert not untagged_stars, entry.name  # a star always means an optimum


@pytest.mark.parametrize("entry", _named("data_scatter"), ids=lambda e: e.name)
def test_data_categories_are_a_series_never_a_reserved_colour(entry: LessonEntry):
    for theme in (LIGHT, DARK):
        fig = _build(entry, theme)
        reserved = {to_hex(v) for v in theme.reserved.values()}
        points = [c for ax in fig.axes for coll in ax.collections for c in coll.get_facecolor()]
        assert points and not {to_hex(c, keep_alpha=False) for c in points} & reserved, (entry.name, theme.name)


def test_figures_with_optima_or_starts_mark_them():
    for template in ("contour_gradient", "descent_paths", "learning_rates", "optimizer_comparison", "loss_surface"):
        for e in _named(template):
            meanings = {m for m, _ in _marks(_build(e))}
            if hasattr(e.params, "start") or hasattr(e.params, "starts"):
                assert "start" in meanings, e.name
            if optima(e.params.landscape):
                assert "optimum" in meanings, e.name


def test_learning_rates_start_is_not_the_diverging_runs_colour():
    for e in _named("learning_rates"):
        fig = _build(e)
        starts = {c for m, c in _marks(fig) if m == "start"}
        assert starts == {to_hex(LIGHT.start)}
        labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
        assert len(labels) == len(e.params.rates) and all("rate" in label for label in labels)


def test_optimizer_comparison_names_methods_as_the_scene_does():
    for e in _named("optimizer_comparison"):
        labels = [t.get_text() for legend in _build(e).legends for t in legend.get_texts()]
        for label, racer in zip(labels, e.params.racers):
            name = METHOD_NAMES[racer.method]
            assert label.startswith(name[:1].upper() + name[1:] + " ("), label


def test_heat_map_overshoot_is_one_numbered_path_and_one_legend_entry_per_meaning():
    for e in _named("heat_map_navigation"):
        if e.params.overshoot_rate is None:
            continue
        fig = _build(e)
        bad = fig.axes[1]
        assert len([a for a in bad.get_lines() if a.get_gid() == "series" and len(a.get_xdata()) > 1]) == 1
        numbers = [t.get_text() for t in bad.texts]
        assert numbers and numbers[0] == "1" and all(n.isdigit() for n in numbers)
        labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
        assert len(labels) == len(set(labels)) and sum("leave" in label for label in labels) <= 1


# --- equal aspect ------------------------------------------------------------------------------

def test_maps_are_square_where_the_variables_share_a_unit():
    for template in ("contour_gradient", "descent_paths", "heat_map_navigation", "optimizer_comparison"):
        for e in _named(template):
            ax = _build(e).axes[0]
            assert (ax.get_aspect() == 1.0) == e.params.landscape.shares_units, e.name


def test_same_units_rule():
    lesson = load_lesson(BUILTIN_DIR / "multivariable_calculus.toml")
    assert lesson.landscapes["heat"].shares_units  # x and y, no unit named
    assert not lesson.landscapes["profit"].shares_units  # price and ad spend


# --- what a figure shows at a glance ---------------------------------------------------------------

def test_a_run_that_grows_is_drawn_until_it_is_worse_than_its_start():
    from figures.learning_rates import rate_runs
    for e in _named("learning_rates"):
        fig = _build(e)
        drawn = [line for line in fig.axes[0].get_lines() if line.get_gid() == "series" and len(line.get_xdata()) > 1]
        for (_, _, run), line in zip(rate_runs(e.params), drawn):
            cut = run.worse_than_start(e.params.landscape.goal)
            if cut is None:
                continue
            xy = np.column_stack(line.get_data())
            later = run.points[cut + 1:]  # no step after the first one worse than the start is drawn
            assert not any(np.any(np.all(np.isclose(later, p), axis=1)) for p in xy if np.all(np.isfinite(p))), e.name


def test_optima_worse_than_the_best_are_smaller_stars():
    for e in _named("contour_gradient") + _named("descent_paths"):
        found = optima(e.params.landscape)
        stars = sorted({round(a.get_markersize(), 3) for ax in _build(e).axes for a in ax.get_lines()
                        if a.get_gid() == "optimum"})
        worse = [b for b in found if abs(b.value - found[0].value) > 1e-6 * max(1.0, abs(found[0].value))]
        assert len(stars) == (2 if worse else 1 if found else 0), (e.name, stars)


def test_nonconvex_1d_names_at_most_four_critical_points():
    for e in _named("nonconvex_1d"):
        named = [t for t in _build(e).axes[0].texts if "\n" in t.get_text()]
        assert 1 <= len(named) <= 4, e.name
