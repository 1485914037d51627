"""Every figure of the built-in lessons builds, saves in PDF, SVG and PNG, reproducibly, and draws gradmath's data."""

from __future__ import annotations

import ast
import os
import importlib
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

from figures.layout import layout_problems
from figures.save import FORMATS, save_figure
from lessons import TEMPLATES, LessonEntry, builtin_lessons
from theme import COLUMN_WIDTH_IN, DARK, DOUBLE_WIDTH_IN

FIGURES_DIR = Path(__file__).resolve().parent.parent / "figures"
DIRECT = tuple(f for f in FORMATS if f != "pgf")  # PGF goes through LaTeX: tests/test_figures_print.py


FIGURES: tuple[LessonEntry, ...] = tuple(e for lesson in builtin_lessons() for e in lesson.figures)


def build(entry: LessonEntry, **kw: object) -> Figure:
    return getattr(importlib.import_module(entry.module), entry.attr)(entry.params, **kw)


def entry_named(name: str) -> LessonEntry:
    return next(e for e in FIGURES if e.name == name)


@pytest.fixture(scope="module")
def built() -> dict[str, Figure]:
    return {e.name: build(e) for e in FIGURES}


# --- the registry ------------------------------------------------------------------------------

def test_entry_names_are_unique_and_alt_texts_are_one_sentence():
    names = [e.name for e in FIGURES]
    assert len(names) == len(set(names))
    for e in FIGURES:
        assert e.alt_text.endswith(".") and "\n" not in e.alt_text and e.alt_text.count(". ") == 0, e.name
        assert 40 < len(e.alt_text) < 450 and e.description
        assert e.template.width in ("single", "double")


def test_every_figure_template_is_used_by_a_built_in_lesson():
    used = {e.template.name for e in FIGURES}
    assert used == {t.name for t in TEMPLATES.values() if t.kind == "figure"}


def test_every_make_function_is_a_template():
    registered = {(t.module, t.attr) for t in TEMPLATES.values() if t.kind == "figure"}
    found = set()
    for path in FIGURES_DIR.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("make_") and node.name != "make_figure":
                found.add((f"figures.{path.stem}", node.name))
    assert found == registered


# --- building and saving -----------------------------------------------------------------------

@pytest.mark.parametrize("entry", FIGURES, ids=lambda e: e.name)
def test_builds_and_saves_in_every_format(entry: FigureEntry, built: dict[str, Figure], tmp_path: Path):
    fig = built[entry.name]
    width_in = COLUMN_WIDTH_IN if entry.template.width == "single" else DOUBLE_WIDTH_IN
    assert fig.get_figwidth() == pytest.approx(width_in)
    for fmt in DIRECT:
        out = save_figure(fig, tmp_path / f"{entry.name}.{fmt}", fmt, dpi=40)
        data = out.read_bytes()
        assert len(data) > 1000
        if fmt == "pdf":
            assert data.startswith(b"%PDF") and b"CreationDate" not in data
        elif fmt == "svg":
            root = ET.fromstring(data)
            assert root.tag.endswith("svg") and b"<dc:date>" not in data
        else:
            with Image.open(out) as img:
                w, h = img.size
                assert abs(w - fig.get_figwidth() * 40) < 1 and abs(h - fig.get_figheight() * 40) < 1
                pixels = np.asarray(img.convert("L"), dtype=float)
                assert pixels.std() > 10  # something is drawn
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{entry.name}.{f}" for f in DIRECT)


@pytest.mark.parametrize("entry", FIGURES, ids=lambda e: e.name)
def test_layout_is_clean_in_light_dark_and_grayscale(entry: LessonEntry):
    for variant in ({}, {"theme": DARK}, {"grayscale": True}):
        assert layout_problems(build(entry, **variant), entry.name) == [], variant


@pytest.mark.parametrize("name", ["descent_paths", "heat_map_navigation", "stratagem_gradient"])
def test_saving_is_byte_for_byte_reproducible(name: str, tmp_path: Path):
    entry = entry_named(name)
    for fmt in DIRECT:
        first = save_figure(build(entry), tmp_path / f"a.{fmt}", fmt, dpi=50).read_bytes()
        second = save_figure(build(entry), tmp_path / f"b.{fmt}", fmt, dpi=50).read_bytes()
        assert first == second, fmt


def test_unknown_format_is_refused_and_nothing_is_written(tmp_path: Path):
    fig = build(FIGURES[0])
    with pytest.raises(ValueError, match="fmt must be one of pdf, svg, png"):
        save_figure(fig, tmp_path / "x.jpg", "jpg")
    assert list(tmp_path.iterdir()) == []


def test_failed_save_leaves_no_partial_file(tmp_path: Path):
    fig = build(FIGURES[0])
    fig.text(0.5, 0.5, r"$\unknowncommand$")  # mathtext cannot parse it: the save fails mid-way
    with pytest.raises(ValueError):
        save_figure(fig, tmp_path / "broken.png", "png", dpi=30)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["learning_rates", "stratagem_scatter"])
def test_grayscale_variant_carries_no_colour(name: str, tmp_path: Path):
    entry = entry_named(name)
    out = save_figure(build(entry, grayscale=True), tmp_path / "g.png", "png", dpi=40)
    with Image.open(out) as img:
        hsv = np.asarray(img.convert("RGB").convert("HSV"), dtype=float)
    assert np.percentile(hsv[..., 1], 99) < 20  # (nearly) no saturated pixel
    colour = save_figure(build(entry), tmp_path / "c.png", "png", dpi=40)
    with Image.open(colour) as img:
        assert np.percentile(np.asarray(img.convert("HSV"), dtype=float)[..., 1], 99) > 100


def test_dark_theme_has_a_dark_background(tmp_path: Path):
    out = save_figure(build(FIGURES[0], theme=DARK), tmp_path / "d.png", "png", dpi=40)
    with Image.open(out) as img:
        corner = np.asarray(img.convert("L"))[:5, :5]
    assert corner.mean() < 60


def test_usetex_option_typesets_with_latex(tmp_path: Path):
    fig = build(entry_named("stratagem_gradient"))
    out = save_figure(fig, tmp_path / "tex.pdf", "pdf", usetex=True)
    assert out.read_bytes().startswith(b"%PDF")
    texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_usetex")) if t.get_text()]
    assert texts and all(t.get_usetex() for t in texts)


# --- reference images --------------------------------------------------------------------------

REFERENCE = Path(__file__).resolve().parent / "reference"


@pytest.mark.parametrize("name", ["contour_gradient", "descent_paths", "directional_profile", "stratagem_gradient"])
def test_matches_reference_png(name: str, tmp_path: Path):
    """Regenerate the references with GRADVIZ_UPDATE_REFERENCES=1 after an intended change."""
    entry = entry_named(name)
    out = save_figure(build(entry), tmp_path / f"{name}.png", "png", dpi=40)
    ref = REFERENCE / f"figure_{name}.png"
    if os.environ.get("GRADVIZ_UPDATE_REFERENCES") == "1":
        ref.write_bytes(out.read_bytes())
        pytest.skip("reference written")
    with Image.open(out) as a, Image.open(ref) as b:
        assert a.size == b.size
        diff = np.abs(np.asarray(a.convert("RGB"), float) - np.asarray(b.convert("RGB"), float))
    assert diff.mean() < 2.0, f"mean abs difference {diff.mean():.2f} per channel"


# --- the data drawn is gradmath's --------------------------------------------------------------

def _lines(fig: Figure):
    return [line for ax in fig.axes for line in ax.get_lines()]


def test_descent_paths_draw_gradmaths_trajectories(built):
    from figures.draw import descents

    drawn = [np.column_stack(line.get_data()) for line in _lines(built["descent_paths"])]
    for path in descents(entry_named("descent_paths").params):
        assert any(d.shape == path.points.shape and np.array_equal(d, path.points) for d in drawn)
        assert path.steps == 30 and not path.converged  # the lesson's 30 steps end near, not at, (50, 30)


def test_heat_map_navigation_paths_reach_gradmaths_peaks(built):
    from figures.draw import descents

    drawn = [np.column_stack(line.get_data()) for line in _lines(built["heat_map_navigation"])]
    for path in descents(entry_named("heat_map_navigation").params):
        assert path.converged
        assert any(np.array_equal(d, path.points) for d in drawn)


def test_directional_profile_curve_is_gradmaths(built):
    from figures.directional_profile import profile

    prof = profile(entry_named("directional_profile").params)
    ys = [line.get_ydata() for line in _lines(built["directional_profile"])]
    assert any(len(y) == len(prof.derivatives) and np.allclose(y, prof.derivatives) for y in ys)
    assert prof.gradient.tolist() == [6.0, 2.0] and prof.steepest_rate == pytest.approx(np.sqrt(40))


def test_stratagem_bars_are_the_coefficients(built):
    from gradmath import stratagem_gradient

    ax = built["stratagem_gradient"].axes[0]
    widths = sorted(p.get_width() for p in ax.patches)
    assert np.allclose(widths, sorted(stratagem_gradient().coefficients))


def test_learning_rates_show_the_three_regimes():
    from figures.learning_rates import rate_runs

    (_, _, timid), (_, _, good), (_, _, bold) = rate_runs(entry_named("learning_rates").params)
    assert timid.values[-1] > 1e-2 > good.values[-1]
    assert bold.values[-1] > bold.values[0] and bold.left_domain


def test_constrained_optima_are_gradmaths():
    from figures.constrained_optima import budget_runs, interval_run

    params = entry_named("constrained_optima").params
    (budget, short), portfolio = budget_runs(params.budget), interval_run(params.interval)
    assert short.final[0] == pytest.approx(26.6, abs=0.05)  # the lesson's 100 steps at 0.0005 stop short
    assert budget.converged and budget.final.sum() == pytest.approx(50)
    assert budget.final[0] == pytest.approx(27.626, abs=1e-2)
    assert portfolio.final[0] == pytest.approx(22 / 71, abs=1e-4)
