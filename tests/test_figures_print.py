"""Print output: fonts embedded as TrueType, true minus signs, column and text widths, PGF for LaTeX books."""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from figures.layout import layout_problems
from figures.save import companion_files, save_figure
from figures.style import figure_height, new_figure, panel_grid
from lessons import LessonEntry, builtin_lessons
from theme import COLUMN_WIDTH_IN, DOUBLE_WIDTH_IN

FIGURES: tuple[LessonEntry, ...] = tuple(e for lesson in builtin_lessons() for e in lesson.figures)
POPPLER = shutil.which("pdffonts") and shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="pdffonts/pdftotext (poppler-utils) are not installed")


def build(entry: LessonEntry, **kw: object) -> Figure:
    return getattr(importlib.import_module(entry.module), entry.attr)(entry.params, **kw)


def entry_named(name: str) -> LessonEntry:
    return next(e for e in FIGURES if e.name == name)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every built-in figure saved once as PDF."""
    folder = tmp_path_factory.mktemp("pdfs")
    return {e.name: save_figure(build(e), folder / f"{e.name}.pdf", "pdf") for e in FIGURES}


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table: one dict per font with its type and whether it is embedded."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    header, rule, *rows = lines
    starts = [m.start() for m in re.finditer(r"-+", rule)]
    names = ["name", "type", "encoding", "emb", "sub", "uni", "object", "id"]
    fonts = []
    for row in rows:
        cells = [row[a:b].strip() for a, b in zip(starts, [*starts[1:], None])]
        fonts.append(dict(zip(names, cells)))
    return fonts


@needs_poppler
@pytest.mark.parametrize("entry", FIGURES, ids=lambda e: e.name)
def test_pdf_fonts_are_embedded_truetype_never_type3(entry: LessonEntry, pdfs: dict[str, Path]):
    fonts = pdf_fonts(pdfs[entry.name])
    assert fonts, "a figure with text has fonts"
    for font in fonts:
        assert font["emb"] == "yes", font
        assert font["type"] in ("TrueType", "CID TrueType"), font


@needs_poppler
@pytest.mark.parametrize("entry", FIGURES, ids=lambda e: e.name)
def test_negative_numbers_have_true_minus_signs(entry: LessonEntry, pdfs: dict[str, Path]):
    text = subprocess.run(["pdftotext", str(pdfs[entry.name]), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert not re.search(r"(?<![\w)\]])-\s?\d", text), re.findall(r".{0,12}-\s?\d.{0,6}", text)


@needs_poppler
def test_a_negative_tick_is_a_unicode_minus(pdfs: dict[str, Path]):
    text = subprocess.run(["pdftotext", str(pdfs["nonconvex_1d"]), "-"], capture_output=True, text=True,
                          check=True).stdout
    ticks = [line for line in text.splitlines() if re.fullmatch(r"\u2212\d+(\.\d+)?", line.strip())]
    assert ticks, "nonconvex_1d has negative y ticks (its curve dips below zero)"


# --- widths ------------------------------------------------------------------------------------

@pytest.mark.parametrize("entry", FIGURES, ids=lambda e: e.name)
def test_layout_is_clean_at_column_and_text_width(entry: LessonEntry):
    for width in (COLUMN_WIDTH_IN, DOUBLE_WIDTH_IN):
        fig = build(entry, width=width)
        assert fig.get_figwidth() == pytest.approx(width)
        assert 0.25 * width < fig.get_figheight() < 9.5, (width, fig.get_figheight())  # fits a page
        assert layout_problems(fig, f"{entry.name} at {width} in") == []


def test_panels_stand_side_by_side_while_they_fit_and_stack_when_not():
    assert panel_grid(None, 2) == (1, 2) and panel_grid(None, 4, most_columns=2) == (2, 2)
    assert panel_grid(DOUBLE_WIDTH_IN, 3) == (1, 3)
    assert panel_grid(COLUMN_WIDTH_IN, 2) == (2, 1) and panel_grid(COLUMN_WIDTH_IN, 1) == (1, 1)
    assert panel_grid(5.0, 4) == (2, 2)


def test_a_width_keeps_the_texts_room_and_scales_the_plotting_area():
    native = new_figure("double", aspect=0.4)
    assert tuple(native.get_size_inches()) == pytest.approx((7.2, 2.88))
    assert new_figure("double", aspect=0.4, width=7.2).get_figheight() == pytest.approx(2.88)
    narrow = new_figure("double", aspect=0.4, width=3.6).get_figheight()
    assert narrow == pytest.approx(0.8 + (2.88 - 0.8) / 2)  # the text's 0.8 in stays, the rest halves
    stacked = new_figure("double", aspect=0.4, width=3.5, panels=2).get_figheight()
    assert stacked == pytest.approx(2 * figure_height(3.6, 2.88, 3.5))  # two panels, each nearly its old size
    assert new_figure("double", aspect=0.2, width=3.5, least_aspect=0.5).get_figheight() == pytest.approx(0.72 + 1.75)
    with pytest.raises(ValueError, match="width must be a positive number of inches"):
        new_figure(width=0)


# --- PGF ---------------------------------------------------------------------------------------

needs_pdflatex = pytest.mark.skipif(not shutil.which("pdflatex"), reason="pdflatex is not installed: PGF needs it")
HELVETICA = r"\usepackage[T1]{fontenc}\usepackage{helvet}"


def compile_latex(folder: Path, preamble: str, body: str) -> Path:
    """A small LaTeX document compiled with pdflatex in ``folder``; returns its PDF."""
    (folder / "doc.tex").write_text("\n".join([r"\documentclass{article}", r"\usepackage{pgf}", preamble,
                                               r"\begin{document}", body, r"\end{document}"]))
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=folder,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:]
    return folder / "doc.pdf"


@needs_pdflatex
def test_pgf_compiles_inside_a_latex_document_in_its_fonts(tmp_path: Path):
    """A figure with a raster part, Unicode symbols, a price and negative ticks, at column width."""
    fig = build(entry_named("gradient_magnitude"), width=COLUMN_WIDTH_IN)  # its heat map is a raster
    out = save_figure(fig, tmp_path / "heat.pgf", "pgf", pgf_preamble=HELVETICA)
    images = companion_files(out)
    assert [p.name for p in images] == ["heat-img0.png", "heat-img1.png"]  # the map and its colour bar
    text = out.read_text("utf-8")
    body = [line for line in text.splitlines() if not line.startswith("%")]
    assert all(line.isascii() for line in body) and not any(r"\mathdefault" in line for line in body)
    assert "{3.500000in}" in text  # as wide as the column
    assert sorted(p.name for p in tmp_path.iterdir()) == ["heat-img0.png", "heat-img1.png", "heat.pgf"]  # nothing half-written
    pdf = compile_latex(tmp_path, HELVETICA, r"\input{heat.pgf}")
    if POPPLER:
        fonts = [f["name"] for f in pdf_fonts(pdf)]
        assert any("NimbusSan" in name or "Helvetica" in name for name in fonts), fonts  # the document's sans
        assert not any("DejaVu" in name for name in fonts), fonts
        words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Gradient magnitude" in words


@needs_pdflatex
def test_pgf_is_byte_for_byte_reproducible_and_the_preamble_counts(tmp_path: Path):
    entry = entry_named("constrained_optima")  # a price: "($k)" has a lone dollar
    first = save_figure(build(entry), tmp_path / "a.pgf", "pgf").read_bytes()
    second = save_figure(build(entry), tmp_path / "b.pgf", "pgf").read_bytes()
    assert first == second
    assert rb"\textdollar{}k" in first
    other = save_figure(build(entry), tmp_path / "c.pgf", "pgf", pgf_preamble=HELVETICA).read_bytes()
    assert other != first and b"helvet" in other  # measured in the document's fonts
    fig = build(entry)

    def written() -> list[str]:  # titles, labels, legends: what the template wrote (ticks follow the fonts)
        ticks = {id(t) for ax in fig.axes for t in [*ax.get_xticklabels(), *ax.get_yticklabels()]}
        return [t.get_text() for t in fig.findobj(Text) if id(t) not in ticks and t.get_text()]

    before = written()
    save_figure(fig, tmp_path / "d.pgf", "pgf")
    assert written() == before and any("$" in text for text in before)  # the figure is left as it was


# --- grayscale ---------------------------------------------------------------------------------

@pytest.mark.parametrize("entry", FIGURES, ids=lambda e: e.name)
def test_grayscale_legends_tell_lines_apart_by_style_and_marker(entry: LessonEntry):
    """In grayscale colour carries nothing: each line a legend names differs in line style or marker."""
    fig = build(entry, grayscale=True)
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend() is not None)]
    for legend in legends:
        lines = [(handle.get_linestyle(), handle.get_marker(), text.get_text())
                 for handle, text in zip(legend.legend_handles, legend.get_texts()) if isinstance(handle, Line2D)]
        looks = [(style, marker) for style, marker, _ in lines]
        assert len(set(looks)) == len(looks), lines
