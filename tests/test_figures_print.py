"""Print output of figures.save: fonts embedded as TrueType, true minus signs, PGF for LaTeX books."""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from figures.save import save_figure
from lessons import LessonEntry, builtin_lessons

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
