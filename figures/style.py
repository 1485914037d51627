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
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.textpath import TextToPath  # noqa: E402

from theme import COLUMN_WIDTH_IN, DOUBLE_WIDTH_IN, FONT_FAMILY, LIGHT, LINESTYLES, MARKERS, Theme  # noqa: E402

__all__ = ["Look", "look", "rc_params", "styled", "new_figure", "figure_height", "panel_grid", "legend_columns",
           "legend_below", "wrapped", "SVG_HASHSALT"]

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


TEXT_ROOM_IN = 0.8
"""Height a figure's text (titles, labels, ticks, a legend row) takes whatever its width: set in
points, it does not scale with the figure."""


def figure_height(native_width: float, native_height: float, width: float, *, least_aspect: float = 0.0) -> float:
    """The height of a figure drawn ``native_width`` × ``native_height`` inches when it is ``width``
    wide instead: its plotting area scales with the width (narrower, it stays at least
    ``least_aspect`` times as high as wide), the text's room does not."""
    room = min(TEXT_ROOM_IN, native_height / 2)
    least = least_aspect * width if width < native_width else 0.0
    return room + max((native_height - room) * width / native_width, least)


PANEL_MIN_IN = 2.3
"""The narrowest a panel may be beside another: narrower figures put their panels in fewer columns."""


def panel_grid(width: float | None, panels: int, *, most_columns: int | None = None,
               least_width: float = PANEL_MIN_IN) -> tuple[int, int]:
    """(rows, columns) for ``panels`` panels in a figure ``width`` inches wide: side by side (up to
    ``most_columns``) while each keeps ``least_width``, else in as many rows as they need; at the
    template's native width (``width`` None) as many side by side as ``most_columns`` allows."""
    columns = min(panels, most_columns or panels)
    if width is not None:
        columns = max(1, min(columns, int(width / least_width + 1e-9)))
    return -(-panels // columns), columns


def new_figure(native: Literal["single", "double"] = "single", aspect: float = 0.75, *,
               width: float | None = None, panels: int = 1, least_aspect: float = 0.0,
               height: float | None = None, **kw: object) -> Figure:
    """A constrained-layout Figure one book column (3.5 in) or the full text width (7.2 in) wide,
    ``aspect`` times as high, for ``panels`` panels side by side.

    ``width`` (inches) overrides the native width: each panel keeps its text's room and scales its
    plotting area (``figure_height``, at least ``least_aspect`` times as high as wide), and panels too narrow to stand side by side stack
    (``panel_grid``, which the template asks for its rows and columns). A template that works out
    its own ``height`` (inches) for the width gives it.
    """
    native_width = COLUMN_WIDTH_IN if native == "single" else DOUBLE_WIDTH_IN
    w = native_width if width is None else float(width)
    if not w > 0:
        raise ValueError(f"width must be a positive number of inches; got {width!r}")
    rows, columns = panel_grid(width, panels)
    cell = figure_height(native_width / panels, native_width * aspect, w / columns, least_aspect=least_aspect)
    height = rows * cell if height is None else height
    return Figure(figsize=(w, height), layout="constrained", **kw)


def legend_columns(labels: list[str], fig: Figure, *, most: int = 3) -> int:
    """How many legend columns fit the figure's width for these labels (about 0.55 em a character;
    a mathtext label counts as wide as it is drawn, not as its source)."""
    if not labels:
        return 1
    size = matplotlib.rcParams["legend.fontsize"]
    char_pt = 0.55 * float(size if isinstance(size, (int, float)) else matplotlib.rcParams["font.size"])
    measure = TextToPath().get_text_width_height_descent
    prop = FontProperties(size=char_pt / 0.55)

    def chars(label: str) -> float:
        return measure(label, prop, ismath=True)[0] / char_pt if _is_math(label) else len(label)

    longest = max(chars(label) for label in labels) + 4  # the handle and the gap
    width_pt = fig.get_figwidth() * 72
    return max(1, min(most, len(labels), int(width_pt // (longest * char_pt))))


def wrapped(text: str, width: float, size: float) -> str:
    """``text`` broken at spaces into lines that, drawn at ``size`` points, are at most ``width`` inches wide."""
    prop = FontProperties(size=size)
    measure = TextToPath().get_text_width_height_descent
    lines: list[str] = []
    for word in text.split(" "):
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and measure(joined, prop, ismath=False)[0] > width * 72:
            lines.append(word)
        else:
            lines[-1:] = [joined]
    return "\n".join(lines)


def _is_math(text: str) -> bool:
    """Whether mathtext parses ``text``: an even number of unescaped dollars."""
    return text.replace(r"\$", "").count("$") >= 2 and text.replace(r"\$", "").count("$") % 2 == 0


def legend_below(fig: Figure, *axes: Axes, most: int = 3) -> None:
    """One legend under the figure for the labelled artists of ``axes`` (none: nothing drawn)."""
    handles, labels = [], []
    for ax in axes:
        h, lab = ax.get_legend_handles_labels()
        handles += h
        labels += lab
    if labels:
        size = float(matplotlib.rcParams["legend.fontsize"]) - 0.5
        room = fig.get_figwidth() - 0.5  # inches for an entry's text: the figure less the handle and margins
        labels = [label if _is_math(label) else wrapped(label, room, size) for label in labels]
        fig.legend(handles, labels, loc="outside lower center", ncols=legend_columns(labels, fig, most=most),
                   fontsize=size)
