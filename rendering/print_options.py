"""Print settings of a run's figures: a width (column, text, inches, millimetres), grayscale, a PGF preamble."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from theme import COLUMN_WIDTH_IN, DOUBLE_WIDTH_IN

__all__ = ["FigureWidth", "PrintOptions", "parse_width", "NAMED_WIDTHS", "LEAST_WIDTH_IN", "MOST_WIDTH_IN"]

NAMED_WIDTHS = {"column": COLUMN_WIDTH_IN, "text": DOUBLE_WIDTH_IN}
LEAST_WIDTH_IN = 2.0  # narrower, a figure's text (in points) has no room left for the plot
MOST_WIDTH_IN = 50.0
_MM_PER_IN = 25.4
_WIDTH = re.compile(r"(\d+(?:\.\d*)?|\.\d+)\s*(in|mm)", re.IGNORECASE)


@dataclass(frozen=True)
class FigureWidth:
    """A figure width in inches and its ``tag``, the folder its figures go in (``column``, ``89mm``)."""

    inches: float
    tag: str


def parse_width(text: str) -> FigureWidth:
    """``column`` (3.5 in), ``text`` (7.2 in), or a number with ``in`` or ``mm``; a one-line ValueError otherwise."""
    word = str(text).strip().lower()
    if word in NAMED_WIDTHS:
        return FigureWidth(NAMED_WIDTHS[word], word)
    match = _WIDTH.fullmatch(word)
    if match is None:
        raise ValueError(f"{text!r} is not a width: give column, text, or a number with in or mm (3.5in, 89mm)")
    value, unit = float(match.group(1)), match.group(2).lower()
    inches = value / _MM_PER_IN if unit == "mm" else value
    if not LEAST_WIDTH_IN <= inches <= MOST_WIDTH_IN:
        raise ValueError(f"{text!r} is outside {LEAST_WIDTH_IN:g}in to {MOST_WIDTH_IN:g}in "
                         f"({LEAST_WIDTH_IN * _MM_PER_IN:g}mm to {MOST_WIDTH_IN * _MM_PER_IN:g}mm)")
    for name, named in NAMED_WIDTHS.items():
        if abs(inches - named) < 1e-9:
            return FigureWidth(named, name)
    return FigureWidth(inches, f"{value:g}{unit}")


@dataclass(frozen=True)
class PrintOptions:
    """How a run's figures are printed; the defaults are each template's own width, in colour, no preamble."""

    width: FigureWidth | None = None
    grayscale: bool = False
    pgf_preamble: str = ""

    def make_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for a ``make_…`` figure function (only those that differ from its defaults)."""
        kwargs: dict[str, Any] = {}
        if self.width is not None:
            kwargs["width"] = self.width.inches
        if self.grayscale:
            kwargs["grayscale"] = True
        return kwargs

    def inputs(self, fmt: str) -> dict[str, Any]:
        """What of these settings shapes an output of format ``fmt``: part of its inputs' hash."""
        found: dict[str, Any] = dict(self.make_kwargs())
        if fmt == "pgf" and self.pgf_preamble:
            found["pgf_preamble"] = self.pgf_preamble
        return found

    def place(self, name: str, suffix: str, fmt: str) -> str:
        """A figure's path inside ``--out``: ``figures/[<width tag>/]<name><suffix>[_gray].<fmt>``."""
        folder = f"figures/{self.width.tag}" if self.width is not None else "figures"
        return f"{folder}/{name}{suffix}{'_gray' if self.grayscale else ''}.{fmt}"
