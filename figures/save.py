"""The one place figures are saved: vector or 300-dpi PNG, reproducible bytes, atomic writes."""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from matplotlib import rc_context
from matplotlib.backends.backend_pgf import LatexError
from matplotlib.figure import Figure
from matplotlib.text import Text

from .style import SVG_HASHSALT

__all__ = ["FORMATS", "save_figure", "companion_files"]

FORMATS = ("pdf", "svg", "png", "pgf")

# Dates and software versions would change the bytes from run to run and machine to machine.
_METADATA = {
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
    "svg": {"Date": None, "Creator": None},
    "png": {"Software": None},
}


# Read when the file is written, not when the figure is built: fonts embedded as TrueType (Type 42),
# never Type 3 bitmaps-as-programs that some print shops refuse, and true minus signs on every axis.
_PRINT_RC: dict[str, object] = {
    "svg.hashsalt": SVG_HASHSALT,
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "axes.unicode_minus": True,
}


# The labels use a few Unicode symbols that mathtext draws directly; LaTeX needs them mapped.
_UNICODE_FOR_LATEX = {
    "∇": r"\ensuremath{\nabla}", "Δ": r"\ensuremath{\Delta}", "−": "-", "²": r"\ensuremath{^2}",
    "û": r"\ensuremath{\hat{u}}", "·": r"\ensuremath{\cdot}", "θ": r"\ensuremath{\theta}", "°": r"\ensuremath{^\circ}",
    "α": r"\ensuremath{\alpha}", "β": r"\ensuremath{\beta}", "γ": r"\ensuremath{\gamma}", "→": r"\ensuremath{\to}",
    "≈": r"\ensuremath{\approx}", "×": r"\ensuremath{\times}",
    **{sup: rf"\ensuremath{{^{{{digit}}}}}" for sup, digit in zip("⁰¹³⁴⁵⁶⁷⁸⁹⁻", "013456789-")},
}
_LATEX_PREAMBLE = "\\usepackage{newunicodechar}" + "".join(
    f"\\newunicodechar{{{char}}}{{{tex}}}" for char, tex in _UNICODE_FOR_LATEX.items()
)


def _prepare_usetex(fig: Figure) -> None:
    """Switch every text to LaTeX in Computer Modern; a lone dollar (a price, not maths) and % are
    escaped. Texts already switched are left alone, so saving twice gives the same figure."""
    for text in fig.findobj(Text):
        if text.get_usetex():
            continue
        text.set_fontfamily("serif")
        s = text.get_text()
        if s.count("$") % 2:
            s = s.replace("$", r"\ensuremath{\$}")  # text-mode \$ needs a font cm-super-minimal lacks
        text.set_text(s.replace("%", r"\%"))
        text.set_usetex(True)


def save_figure(fig: Figure, path: str | os.PathLike[str], fmt: str, *, dpi: int = 300, usetex: bool = False,
                pgf_preamble: str = "") -> Path:
    """Write ``fig`` as ``fmt`` (pdf, svg, png or pgf) to ``path`` atomically.

    Saving the same figure twice gives identical bytes. ``usetex`` typesets every text with LaTeX
    (needs a TeX installation); the default is matplotlib's mathtext. PGF (for ``\\input`` in a
    LaTeX document, measured with pdflatex) leaves the fonts to the document: ``pgf_preamble`` is
    the document's preamble (its font packages), so the text is laid out in the fonts it will be
    set in; raster parts go beside it as ``<name>-img<n>.png`` (``companion_files``).
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}; got {fmt!r}")
    target = Path(path)
    rc: dict[str, object] = dict(_PRINT_RC)
    if usetex:
        _prepare_usetex(fig)
        rc["text.latex.preamble"] = _LATEX_PREAMBLE
    if fmt == "pgf":
        rc.update({"pgf.texsystem": "pdflatex", "pgf.rcfonts": False,
                   "pgf.preamble": "\n".join(part for part in (pgf_preamble.strip(), _LATEX_PREAMBLE) if part)})
        return _save_pgf(fig, target, rc, dpi)
    handle, tmp = _create_hidden(target)
    try:
        with os.fdopen(handle, "wb") as out, rc_context(rc):
            fig.savefig(out, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def companion_files(path: str | os.PathLike[str]) -> list[Path]:
    """The files a saved figure needs beside it: a PGF's raster images (none for other formats)."""
    target = Path(path)
    if target.suffix != ".pgf":
        return []
    return sorted(target.parent.glob(f"{glob.escape(target.stem)}-img*.png"))


def _save_pgf(fig: Figure, target: Path, rc: dict[str, object], dpi: int) -> Path:
    """Draw the PGF (and its images, which it names after its file) in a hidden folder beside
    ``target``, make it portable, then move the images and, last, the PGF into place."""
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent))
    try:
        staged = folder / target.name
        with rc_context(rc), _escaped_dollars(fig):
            try:
                fig.savefig(staged, format="pgf", dpi=dpi)
            except (LatexError, ValueError) as exc:  # LaTeX's own complaint, on one line
                complaint = next((line for line in str(exc).splitlines() if line.startswith("!")), None)
                if complaint is None:
                    raise
                raise RuntimeError(f"pdflatex could not set the figure's text (check the PGF preamble): "
                                   f"{complaint.lstrip('! ')}") from None
        staged.write_text(_portable_pgf(staged.read_text("utf-8")), "utf-8")
        for image in companion_files(staged):
            os.replace(image, target.parent / image.name)
        os.replace(staged, target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return target


@contextmanager
def _escaped_dollars(fig: Figure) -> Iterator[None]:
    """While saving, a lone dollar (a price, not maths) is a LaTeX ``\\$``; the texts are restored after."""
    changed = [(text, text.get_text()) for text in fig.findobj(Text) if text.get_text().count("$") % 2]
    for text, s in changed:
        text.set_text(s.replace("$", r"\textdollar{}"))  # matplotlib would read "\$" back as "$"
    try:
        yield
    finally:
        for text, s in changed:
            text.set_text(s)


_PGF_UNICODE = {**_UNICODE_FOR_LATEX, "−": r"\ensuremath{-}"}


def _portable_pgf(source: str) -> str:
    """The PGF as any LaTeX document can ``\\input`` it with just ``\\usepackage{pgf}``: Unicode
    symbols written as LaTeX commands, matplotlib's ``\\mathdefault`` dropped (comments left alone)."""
    lines = source.splitlines(keepends=True)
    return "".join(line if line.startswith("%") else
                   "".join(_PGF_UNICODE.get(c, c) for c in line.replace(r"\mathdefault{", "{")) for line in lines)


def _create_hidden(target: Path) -> tuple[int, Path]:
    """A new hidden file beside ``target`` whose mode follows the umask (mkstemp's is always 0600)."""
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666), tmp
        except FileExistsError:
            continue
