"""The gradviz theme translated for Manim: ManimColor palette, sizes, colour maps, theme choice."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from manim import ManimColor

from theme import DARK, FONT_FAMILY, MONO_FAMILY, Theme, get_theme

__all__ = ["SceneTheme", "scene_theme", "resolve_theme", "manim_color", "colormap_rgba", "THEME_ENV"]

THEME_ENV = "GRADVIZ_THEME"
"""Environment variable naming the theme ("dark" or "light") for the plain ``manim`` command."""


def manim_color(value: str | ManimColor) -> ManimColor:
    """A theme colour string ("#RRGGBB") as a ManimColor."""
    return ManimColor.parse(value)


@dataclass(frozen=True)
class SceneTheme:
    """A Theme in Manim units: every colour a ManimColor, sizes in Manim font-size units.

    Meaning-based names as in ``theme.Theme`` (``descent``, ``ascent``, ``gradient``, ``fog`` …);
    ``theme`` keeps the source for anything not translated here (e.g. ``terrain_cmap``).
    """

    theme: Theme
    background: ManimColor
    foreground: ManimColor
    muted: ManimColor
    grid: ManimColor
    descent: ManimColor
    ascent: ManimColor
    gradient: ManimColor
    optimum: ManimColor
    start: ManimColor
    saddle: ManimColor
    warning: ManimColor
    fog: ManimColor
    series: tuple[ManimColor, ...]
    font: str = FONT_FAMILY
    mono: str = MONO_FAMILY

    @property
    def name(self) -> str:
        """The theme's name ("dark" / "light")."""
        return self.theme.name

    @property
    def title_size(self) -> float:
        return self.theme.scene_title_size

    @property
    def label_size(self) -> float:
        return self.theme.scene_label_size

    @property
    def small_size(self) -> float:
        return self.theme.scene_small_size

    @property
    def stroke(self) -> float:
        """Stroke width of paths and arrows."""
        return self.theme.scene_stroke

    def size(self, size: str | float) -> float:
        """A font size by role ("title", "label", "small") or a number passed through."""
        if isinstance(size, str):
            sizes = {"title": self.title_size, "label": self.label_size, "small": self.small_size}
            if size not in sizes:
                raise ValueError(f"size must be one of {', '.join(sizes)} or a number; got {size!r}")
            return sizes[size]
        return float(size)

    def series_color(self, i: int) -> ManimColor:
        """The i-th colour of the series palette (cycles)."""
        return self.series[i % len(self.series)]

    def outline(self, colour: ManimColor) -> ManimColor:
        """A marker's outline: the background or the foreground, whichever differs more in luminance
        from its fill ``colour`` (a yellow start outlined white on yellow terrain would vanish)."""
        fill = _luminance(ManimColor(colour))
        far = max((self.background, self.foreground), key=lambda c: abs(_luminance(ManimColor(c)) - fill))
        return ManimColor(far)

    def readable(self, colour: ManimColor, contrast: float = 4.5) -> ManimColor:
        """``colour`` for text: darkened (lightened on a dark background) in small steps until it has
        ``contrast`` (WCAG ratio) against the background, so orange or yellow text reads on white."""
        background = _luminance(self.background)
        toward = ManimColor("#000000") if background > 0.5 else ManimColor("#FFFFFF")
        text = colour
        for k in range(1, 11):
            lo, hi = sorted((background, _luminance(text)))
            if (hi + 0.05) / (lo + 0.05) >= contrast:
                break
            text = colour.interpolate(toward, k / 10)
        return text

    def backdrop_opacity(self, text: ManimColor, contrast: float = 4.5) -> float:
        """The least opacity (in steps of 0.05) of a background-coloured box under ``text`` at which
        the text keeps ``contrast`` (WCAG ratio) over any colour of the terrain map showing through."""
        terrain = self.terrain_rgba(np.linspace(0.0, 1.0, 33))[:, :3] / 255.0
        back = np.asarray(self.background.to_rgb(), dtype=float)
        ink = _luminance(ManimColor(text))
        for opacity in np.arange(0.6, 1.0001, 0.05):
            worst = min(_ratio(ink, _luminance(ManimColor.from_rgb(opacity * back + (1 - opacity) * t)))
                        for t in terrain)
            if worst >= contrast:
                return float(round(opacity, 2))
        return 1.0

    def terrain_rgba(self, values01: np.ndarray) -> np.ndarray:
        """Values in [0, 1] through the theme's terrain colour map, as uint8 RGBA (..., 4)."""
        return colormap_rgba(self.theme.terrain_cmap, values01)


def _ratio(a: float, b: float) -> float:
    """WCAG contrast ratio of two relative luminances."""
    lo, hi = sorted((a, b))
    return (hi + 0.05) / (lo + 0.05)


def _luminance(colour: ManimColor) -> float:
    """WCAG relative luminance of a colour."""
    rgb = np.asarray(colour.to_rgb(), dtype=float)
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


_COLOR_FIELDS = ("background", "foreground", "muted", "grid", "descent", "ascent", "gradient",
                 "optimum", "start", "saddle", "warning", "fog")


@lru_cache(maxsize=None)
def _translate(theme: Theme) -> SceneTheme:
    colours = {name: manim_color(getattr(theme, name)) for name in _COLOR_FIELDS}
    return SceneTheme(theme=theme, series=tuple(manim_color(c) for c in theme.series), **colours)


def scene_theme(theme: Theme | str | None = None) -> SceneTheme:
    """Translate a Theme (or its name; default DARK) into Manim colours and sizes."""
    if theme is None:
        theme = DARK
    elif isinstance(theme, str):
        theme = get_theme(theme)
    return _translate(theme)


def resolve_theme(default: Theme) -> Theme:
    """The theme a scene renders with: ``$GRADVIZ_THEME`` when set (for the plain ``manim``
    command), otherwise the scene class's own ``theme``. Read at render time, never at import."""
    name = os.environ.get(THEME_ENV, "").strip().lower()
    return get_theme(name) if name else default


def colormap_rgba(name: str, values01: Any) -> np.ndarray:
    """Sample a named matplotlib colour map (the theme stores names) as uint8 RGBA (..., 4).

    Only ``matplotlib.colormaps`` is used (no pyplot, no global state). NaN maps to transparent.
    """
    from matplotlib import colormaps  # lazy: only scenes that draw colour maps pay for it

    v = np.asarray(values01, dtype=float)
    rgba = colormaps[name](np.clip(np.nan_to_num(v, nan=0.0), 0.0, 1.0), bytes=True)
    rgba[np.isnan(v)] = 0
    return rgba
