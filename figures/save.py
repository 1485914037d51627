"""The one place figures are saved: vector or 300-dpi PNG, reproducible bytes, atomic writes."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.text import Text

from .style import SVG_HASHSALT

__all__ = ["FORMATS", "save_figure"]

FORMATS = ("pdf", "svg", "png")

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


def save_figure(fig: Figure, path: str | os.PathLike[str], fmt: str, *, dpi: int = 300, usetex: bool = False) -> Path:
    """Write ``fig`` as ``fmt`` (pdf, svg or png) to ``path`` atomically.

    Saving the same figure twice gives identical bytes. ``usetex`` typesets every text with LaTeX
    (needs a TeX installation); the default is matplotlib's mathtext.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}; got {fmt!r}")
    target = Path(path)
    rc: dict[str, object] = dict(_PRINT_RC)
    if usetex:
        _prepare_usetex(fig)
        rc["text.latex.preamble"] = _LATEX_PREAMBLE
    handle, tmp = _create_hidden(target)
    try:
        with os.fdopen(handle, "wb") as out, rc_context(rc):
            fig.savefig(out, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _create_hidden(target: Path) -> tuple[int, Path]:
    """A new hidden file beside ``target`` whose mode follows the umask (mkstemp's is always 0600)."""
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666), tmp
        except FileExistsError:
            continue
