"""The one place figures are saved: vector or 300-dpi PNG, reproducible bytes, atomic writes."""

from __future__ import annotations

import os
import tempfile
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


def save_figure(fig: Figure, path: str | os.PathLike[str], fmt: str, *, dpi: int = 300, usetex: bool = False) -> Path:
    """Write ``fig`` as ``fmt`` (pdf, svg or png) to ``path`` atomically.

    Saving the same figure twice gives identical bytes. ``usetex`` typesets every text with LaTeX
    (needs a TeX installation); the default is matplotlib's mathtext.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}; got {fmt!r}")
    target = Path(path)
    if usetex:
        for text in fig.findobj(Text):
            text.set_usetex(True)
    handle, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out, rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}):
            fig.savefig(out, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
