"""The shared theme as matplotlib settings: rcParams, column sizes and grayscale-safe encodings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import matplotlib

matplotlib.use("Agg")  # headless, before anything draws

from cycler import cycler  # noqa: E402
from matplotlib import rc_context  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from theme import COLUMN_WIDTH_IN, DOUBLE_WIDTH_IN, FONT_FAMILY, LIGHT, LINESTYLES, MARKERS, Theme  # noqa: E402

__all__ = ["Look", "look", "rc_params", "styled", "new_figure", "legend_columns", "legend_below", "SVG_HASHSALT"]

SVG_HASHSALT = "gradviz"
GRAYS = ("#000000", "#555555", "#888888", "#333333", "#AAAAAA", "#222222")


@dataclass(frozen=True)
class Look:
    """How one figure encodes meaning: the theme plus whether colour may carry it."""

    theme: Theme
    grayscale: bool

    def series(self, i: int) -> dict[str, object]:
        """Colour, line style and marker of the i-th series (all three vary in grayscale)."""
        colours = GRAYS if self.grayscale else self.theme.series
        return {
            "color": colours[i % len(colours)],
            "linestyle": LINESTYLES[i % len(LINESTYLES)] if self.grayscale else "solid",
            "marker": MARKERS[i % len(MARKERS)],
        }

    def colour(self, meaning: str) -> str:
        """A theme colour by meaning ("descent", "optimum" …); gray shades in grayscale."""
        if self.grayscale:
            return {"optimum": "#000000", "warning": "#444444", "start": "#FFFFFF", "saddle": "#888888"}.get(
                meaning, "#222222"
            )
        return getattr(self.theme, meaning)

    @property
    def terrain(self) -> str:
        """Sequential colour map for landscapes."""
        return "Greys" if self.grayscale else self.theme.terrain_cmap

    @property
    def magnitude(self) -> str:
        """Sequential colour map for |∇f|."""
        return "Greys" if self.grayscale else self.theme.magnitude_cmap


def look(theme: Theme = LIGHT, grayscale: bool = False) -> Look:
    """Bundle a theme and the grayscale switch."""
    return Look(theme=theme, grayscale=grayscale)


def rc_params(theme: Theme = LIGHT, grayscale: bool = False) -> dict[str, object]:
    """rcParams for print: theme fonts, sizes and colours; mathtext, not LaTeX, by default."""
    lk = look(theme, grayscale)
    cycle = cycler(color=[lk.series(i)["color"] for i in range(4)]) + cycler(
        linestyle=[lk.series(i)["linestyle"] for i in range(4)]
    )
    fg, bg = theme.foreground, theme.background
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [FONT_FAMILY],
        "font.size": theme.font_size_pt,
        "axes.titlesize": theme.title_size_pt,
        "axes.labelsize": theme.font_size_pt,
        "xtick.labelsize": theme.small_size_pt,
        "ytick.labelsize": theme.small_size_pt,
        "legend.fontsize": theme.small_size_pt,
        "legend.frameon": False,
        "lines.linewidth": theme.line_width_pt,
        "lines.markersize": 4,
        "mathtext.fontset": "dejavusans",
        "text.usetex": False,
        "text.color": fg,
        "axes.labelcolor": fg,
        "axes.edgecolor": theme.muted,
        "axes.facecolor": bg,
        "axes.prop_cycle": cycle,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.color": fg,
        "ytick.color": fg,
        "grid.color": theme.grid,
        "figure.facecolor": bg,
        "savefig.facecolor": bg,
        "figure.dpi": 100,
        "svg.hashsalt": SVG_HASHSALT,
        "svg.fonttype": "path",
        "pdf.fonttype": 42,
        "image.cmap": lk.terrain,
        "contour.negative_linestyle": "solid",  # a dashed negative level means nothing on a landscape
    }


@contextmanager
def styled(theme: Theme = LIGHT, grayscale: bool = False) -> Iterator[Look]:
    """Build (and later save) a figure inside this context so every artist takes the theme."""
    with rc_context(rc_params(theme, grayscale)):
        yield look(theme, grayscale)


def new_figure(width: Literal["single", "double"] = "single", aspect: float = 0.75, **kw: object) -> Figure:
    """A constrained-layout Figure one book column (3.5 in) or the full text width (7.2 in) wide."""
    w = COLUMN_WIDTH_IN if width == "single" else DOUBLE_WIDTH_IN
    return Figure(figsize=(w, w * aspect), layout="constrained", **kw)


def legend_columns(labels: list[str], fig: Figure, *, most: int = 3) -> int:
    """How many legend columns fit the figure's width for these labels (about 0.55 em a character)."""
    if not labels:
        return 1
    longest = max(len(label) for label in labels) + 4  # the handle and the gap
    width_pt = fig.get_figwidth() * 72
    char_pt = 0.55 * float(matplotlib.rcParams["legend.fontsize"] if isinstance(
        matplotlib.rcParams["legend.fontsize"], (int, float)) else matplotlib.rcParams["font.size"])
    return max(1, min(most, len(labels), int(width_pt // (longest * char_pt))))



def legend_below(fig: Figure, *axes: Axes, most: int = 3) -> None:
    """One legend under the figure for the labelled artists of ``axes`` (none: nothing drawn)."""
    handles, labels = [], []
    for ax in axes:
        h, lab = ax.get_legend_handles_labels()
        handles += h
        labels += lab
    if labels:
        fig.legend(handles, labels, loc="outside lower center", ncols=legend_columns(labels, fig, most=most),
                   fontsize=float(matplotlib.rcParams["legend.fontsize"]) - 0.5)
