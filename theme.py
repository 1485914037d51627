"""The one gradviz theme: palette, fonts and sizes shared by scenes and figures.

Plain data only (no manim, no matplotlib): ``scenes/`` and ``figures/`` translate it into their
own settings. Colours follow the Okabe–Ito palette, which stays distinguishable under the common
forms of colour blindness; every meaning has a name (``descent``, ``ascent``, ``fog`` …) so that
a path is "the descent colour" everywhere, never "blue" in one place and "#0072B2" in another.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = [
    "Theme",
    "DARK",
    "LIGHT",
    "THEMES",
    "get_theme",
    "LINESTYLES",
    "MARKERS",
    "FONT_FAMILY",
    "MONO_FAMILY",
    "COLUMN_WIDTH_IN",
    "DOUBLE_WIDTH_IN",
    "MINUS",
    "format_number",
]

MINUS = "\u2212"
"""The true minus sign: never a hyphen in front of a number on screen or on the page."""

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

# Series colours (optimisers, starts, rates) never take a reserved meaning's colour (start, optimum,
# saddle, gradient and ascent, descent): the Okabe–Ito hues left over (vermillion), the foreground,
# and colours from Paul Tol's schemes chosen by a colour-blindness simulation (tests/test_theme.py):
# every pair stays at least ΔE 15 apart under normal, protan, deutan and tritan vision.
SERIES_EXTRA = {
    "royal_blue": "#3366CC",  # dark theme
    "purple": "#AA4499",  # Tol muted, dark theme
    "indigo": "#332288",  # Tol muted, light theme
    "wine": "#882255",  # Tol muted, light theme
}

FONT_FAMILY = "DejaVu Sans"
MONO_FAMILY = "DejaVu Sans Mono"

# Book column widths in inches (single column, full text width).
COLUMN_WIDTH_IN = 3.5
DOUBLE_WIDTH_IN = 7.2

# Grayscale-safe encodings: meaning carried by line style and marker, not colour alone.
LINESTYLES = ("solid", "dashed", "dashdot", "dotted", (0, (5, 1, 1, 1, 1, 1)))
MARKERS = ("o", "s", "^", "D", "v", "P")


@dataclass(frozen=True)
class Theme:
    """A named set of colours, fonts and sizes; scenes and figures read it, never copy it."""

    name: str
    background: str
    foreground: str
    muted: str
    grid: str
    descent: str  # paths that go downhill, the negative gradient
    ascent: str  # paths that go uphill: they follow the gradient, so they share its colour
    gradient: str  # the gradient vector itself, the compass needle
    optimum: str  # minima, maxima, the goal
    start: str  # starting points
    saddle: str  # saddle points, the "neither" case
    warning: str  # divergence, overshoot
    fog: str  # the hiker's fog
    terrain_cmap: str  # sequential colour map for landscapes (perceptually uniform, CVD-safe)
    magnitude_cmap: str  # sequential colour map for |grad f|
    series: tuple[str, ...]  # several paths at once, in order; never a reserved meaning's colour
    # sizes: figures in points, scenes in Manim font-size units
    font_size_pt: float = 8.0
    title_size_pt: float = 9.0
    small_size_pt: float = 7.0
    line_width_pt: float = 1.2
    scene_title_size: float = 40.0
    scene_label_size: float = 30.0
    scene_small_size: float = 24.0
    scene_stroke: float = 4.0

    @property
    def reserved(self) -> dict[str, str]:
        """The colours that belong to a meaning; no series colour may equal or resemble them."""
        return {"start": self.start, "optimum": self.optimum, "saddle": self.saddle,
                "gradient": self.gradient, "ascent": self.ascent, "descent": self.descent}

    def series_color(self, index: int) -> str:
        """The ``index``-th series colour (cycling)."""
        return self.series[index % len(self.series)]

    def with_overrides(self, **changes: object) -> Theme:
        """Return a copy with some fields replaced (variants override attributes)."""
        return replace(self, **changes)


DARK = Theme(
    name="dark",
    background="#14181F",
    foreground="#EDEFF2",
    muted="#8A93A3",
    grid="#2C3340",
    descent=OKABE_ITO["sky_blue"],
    ascent=OKABE_ITO["orange"],
    gradient=OKABE_ITO["orange"],
    optimum=OKABE_ITO["bluish_green"],
    start=OKABE_ITO["yellow"],
    saddle=OKABE_ITO["reddish_purple"],
    warning=OKABE_ITO["vermillion"],
    fog="#5B6472",
    terrain_cmap="cividis",
    magnitude_cmap="magma",
    series=(SERIES_EXTRA["royal_blue"], OKABE_ITO["vermillion"], "#EDEFF2", SERIES_EXTRA["purple"]),
)

LIGHT = Theme(
    name="light",
    background="#FFFFFF",
    foreground="#1A1A1A",
    muted="#6B6B6B",
    grid="#DDDDDD",
    descent=OKABE_ITO["blue"],
    ascent=OKABE_ITO["orange"],
    gradient=OKABE_ITO["orange"],
    optimum=OKABE_ITO["bluish_green"],
    start=OKABE_ITO["yellow"],
    saddle=OKABE_ITO["reddish_purple"],
    warning=OKABE_ITO["vermillion"],
    fog="#C9CDD3",
    terrain_cmap="cividis",
    magnitude_cmap="magma",
    series=(SERIES_EXTRA["indigo"], OKABE_ITO["vermillion"], "#1A1A1A", SERIES_EXTRA["wine"]),
)

THEMES: dict[str, Theme] = {"dark": DARK, "light": LIGHT}


def get_theme(name: str) -> Theme:
    """Look a theme up by name, with a one-line error naming the choices."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}; got {name!r}") from None


def format_number(value: float, significant: int = 3, *, decimals: int | None = None, latex: bool = False,
                  zero_below: float = 1e-12, grouping: bool = True) -> str:
    """The one number formatter of scenes and figures: how gradviz writes every number.

    ``significant`` figures (or a fixed number of ``decimals``), trailing zeros dropped (6 not 6.0,
    0.02, 6.32); a true minus sign; thousands grouped (7,632); very large or very small numbers as
    ``3.9 × 10⁻⁵``, never ``3.9e-05``; a whole number below 10⁶ in full, whatever ``significant``
    (the value 1025 is 1,025, a step count 1234 is 1,234, not 1,230); anything smaller than ``zero_below`` is 0 (round-off such as
    7.9e−31 at a minimum is 0). ``latex=True`` writes the same number for a LaTeX math source
    (``-3.9 \\times 10^{-5}``, ``7{,}632``).
    """
    minus = "-" if latex else MINUS
    x = float(value)
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return ("" if x > 0 else minus) + ("\\infty" if latex else "∞")
    if abs(x) < zero_below:
        return "0"
    sign = minus if x < 0 else ""
    x = abs(x)
    if decimals is None and (x >= 1e6 or x < 1e-4):
        mantissa, exponent = f"{x:.{max(significant - 1, 0)}e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
        if latex:
            return f"{sign}{mantissa} \\times 10^{{{int(exponent)}}}"
        return f"{sign}{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPT)}"
    if decimals is None and x < 1e6 and x == int(x):  # a whole number in full: 1,025, not 1,020
        text = f"{int(x)}"
    elif decimals is None:
        text = f"{x:.{significant}g}"
        if "e" in text:  # 3 significant figures of 12345 → 1.23e+04: write it out
            text = f"{round(x, significant - 1 - int(f'{x:e}'.split('e')[1])):.0f}"
    else:
        text = f"{x:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, _, frac = text.partition(".")
    if grouping and len(whole) > 3:
        whole = f"{int(whole):,}".replace(",", "{,}" if latex else ",")
    text = whole + ("." + frac if frac else "")
    return "0" if text in ("0", "") else sign + text
