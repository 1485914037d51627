"""Print options of a run: widths parsed and placed, grayscale and the PGF preamble in the inputs, a real PGF render."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from render import cli
from rendering.plan import output_path
from rendering.print_options import FigureWidth, PrintOptions, parse_width

WIDTHS = [
    ("column", 3.5, "column"), ("text", 7.2, "text"), ("Column", 3.5, "column"), ("3.5in", 3.5, "column"),
    ("7.2 in", 7.2, "text"), ("88.9mm", 3.5, "column"), ("89mm", 89 / 25.4, "89mm"), ("4in", 4.0, "4in"),
    ("5.50in", 5.5, "5.5in"), ("50in", 50.0, "50in"), ("140MM", 140 / 25.4, "140mm"),
]


@pytest.mark.parametrize(("text", "inches", "tag"), WIDTHS, ids=[w[0] for w in WIDTHS])
def test_widths_in_words_inches_and_millimetres(text: str, inches: float, tag: str) -> None:
    width = parse_width(text)
    assert width.inches == pytest.approx(inches) and width.tag == tag


@pytest.mark.parametrize("text", ["0in", "-3", "-3in", "5furlongs", "50.1in", "1300mm", "1in", "3.5", "", "in",
                                  "3.5in wide", "nan in", "1e3in"])
def test_bad_widths_are_one_line_errors(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_width(text)
    assert "\n" not in str(info.value) and repr(text) in str(info.value)


def test_each_width_and_grayscale_has_its_own_place_and_inputs() -> None:
    column = PrintOptions(width=FigureWidth(3.5, "column"))
    assert output_path("figure", "f", "pdf", "light", None, column) == "figures/column/f.pdf"
    gray = PrintOptions(width=FigureWidth(89 / 25.4, "89mm"), grayscale=True)
    assert output_path("figure", "f", "pgf", "dark", None, gray) == "figures/89mm/f_dark_gray.pgf"
    assert output_path("figure", "f", "pdf", "light", None, PrintOptions(grayscale=True)) == "figures/f_gray.pdf"
    assert PrintOptions().inputs("pdf") == {} and PrintOptions().make_kwargs() == {}
    preamble = PrintOptions(width=FigureWidth(3.5, "column"), pgf_preamble=r"\usepackage{lmodern}")
    assert preamble.inputs("pdf") == {"width": 3.5}  # a preamble does not touch a PDF
    assert preamble.inputs("pgf") == {"width": 3.5, "pgf_preamble": r"\usepackage{lmodern}"}
    assert PrintOptions(grayscale=True).make_kwargs() == {"grayscale": True}


@pytest.mark.skipif(not shutil.which("pdflatex"), reason="pdflatex is not installed: PGF needs it")
def test_pgf_and_pdf_at_column_width_in_grayscale(tmp_path: Path) -> None:
    """A real run: the PGF with its raster image, a changed preamble re-renders the PGF only."""
    out, preamble = tmp_path / "out", tmp_path / "book.tex"
    preamble.write_text(r"\usepackage[T1]{fontenc}\usepackage{helvet}" + "\n")
    args = ["figures", "gradient_magnitude", "--out", str(out), "--jobs", "1", "--figure-format", "pgf",
            "--figure-format", "pdf", "--figure-width", "column", "--grayscale", "--pgf-preamble", str(preamble)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    folder = out / "figures" / "column"
    assert sorted(p.name for p in folder.iterdir()) == [
        "gradient_magnitude_gray-img0.png", "gradient_magnitude_gray-img1.png", "gradient_magnitude_gray.pdf",
        "gradient_magnitude_gray.pgf"]
    assert r"\includegraphics" in (folder / "gradient_magnitude_gray.pgf").read_text()
    manifest = {o["path"]: o for o in json.loads((out / "manifest.json").read_text())["outputs"]}
    pdf = manifest["figures/column/gradient_magnitude_gray.pdf"]
    assert pdf["page_width_pt"] == pytest.approx(3.5 * 72)
    pgf = manifest["figures/column/gradient_magnitude_gray.pgf"]
    assert [c["path"] for c in pgf["companions"]] == ["figures/column/gradient_magnitude_gray-img0.png",
                                                      "figures/column/gradient_magnitude_gray-img1.png"]
    preamble.write_text(r"\usepackage[T1]{fontenc}\usepackage{helvet}\usepackage{amsmath}" + "\n")
    dry = CliRunner().invoke(cli, [*args, "--dry-run"])
    planned = [line.split() for line in dry.stdout.splitlines()[1:]]
    assert planned == [["figures/column/gradient_magnitude_gray.pgf", "[changed]"]]
    preamble.write_text(r"\usepackage{nosuchpackage}" + "\n")
    failed = CliRunner().invoke(cli, args)
    assert failed.exit_code == 1
    assert ("pdflatex could not set the figure's text (check the PGF preamble): LaTeX Error: File "
            "`nosuchpackage.sty' not found.") in " ".join(failed.stdout.split())
    assert sorted(p.name for p in folder.iterdir())[2:] == ["gradient_magnitude_gray.pdf",
                                                           "gradient_magnitude_gray.pgf"]  # the last good ones stay
