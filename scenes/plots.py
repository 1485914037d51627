"""Drawing helpers of the scenes beyond the lessons: log-scale loss axes, partial and clipped paths, legends."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any

import numpy as np
from gradmath import clip_at_exit
from theme import _SUPERSCRIPT, format_number
from manim import DOWN, LEFT, RIGHT, UP, Axes, Dot, Line, Polygon, ValueTracker, VectorizedPoint, VGroup, VMobject

from .common import LandscapeMap, pure_updater
from .style import SceneTheme
from .text import label_text, math_tex

__all__ = [
    "copyable_map",
    "LogLandscapeMap",
    "partial_points",
    "polyline",
    "traced_path",
    "step_marks",
    "goes_on_head",
    "DigitCounter",
    "BoxAxes",
    "LossAxes",
    "loss_decades",
    "power_of_ten",
    "legend",
    "sig",
    "point_text",
    "coarse_step",
    "formula_card",
]


class _SharedLandscape:
    """A gradmath Landscape that copies of a mobject share instead of deep-copying.

    Landscapes are immutable but hold ``MappingProxyType`` fields, which ``copy.deepcopy`` (and so
    every Manim animation that copies a mobject) cannot handle.
    """

    __slots__ = ("_landscape",)

    def __init__(self, landscape: Any) -> None:
        object.__setattr__(self, "_landscape", landscape)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._landscape, name)

    def __deepcopy__(self, memo: dict) -> _SharedLandscape:
        return self


def copyable_map(where: Any) -> Any:
    """Let a LandscapeMap be copied (FadeIn, ``.animate``) by sharing its landscape; returns it."""
    if not isinstance(where.landscape, _SharedLandscape):
        where.landscape = _SharedLandscape(where.landscape)
    return where


class LogLandscapeMap(LandscapeMap):
    """A LandscapeMap whose colour bands and level lines are spaced evenly in log₁₀(f − min f),
    over ``decades`` decades below the maximum: narrow valleys such as Rosenbrock's show their floor."""

    decades: float = 4.0

    def _terrain_image(self, bands: int) -> Any:
        field = self.field
        lo, hi = float(np.min(field.values)), float(np.max(field.values))
        floor = (hi - lo) * 10.0**-self.decades
        self.field = replace(field, values=np.log10(field.values - lo + floor))
        try:
            image = super()._terrain_image(bands)
        finally:
            self.field = field
        self.band_edges = 10.0**self.band_edges + lo - floor  # back to f's own units for the level lines
        return image


def sig(value: float, digits: int = 3) -> str:
    """A number to ``digits`` significant figures for Pango text: ``theme.format_number`` (0.000613
    is 6.13 × 10⁻⁴, 7632 is 7,630, a true minus sign)."""
    return format_number(value, digits)


def point_text(p: Any) -> str:
    """A point as the figures write it, each coordinate by ``sig``: ``(2.25, −8.73)``."""
    return "(" + ", ".join(sig(v) for v in p) + ")"


def coarse_step(span: float, most: int = 4) -> float:
    """The smallest round step (1, 2, 5 × 10ᵏ) that puts at most ``most`` + 1 ticks over ``span``:
    ticks for small panels, where ``nice_step``'s 5–10 would crowd."""
    k = np.floor(np.log10(span / most))
    return float(min(m * 10**e for e in (k, k + 1) for m in (1, 2, 5) if span / (m * 10**e) <= most + 1e-9))


def partial_points(points: Any, t: float) -> np.ndarray:
    """The first ``t`` steps of a path (m, d): ``points[:⌊t⌋+1]`` plus the point a fraction
    ``t − ⌊t⌋`` of the way to the next one. ``t`` is clamped to [0, m − 1]."""
    pts = np.asarray(points, dtype=float)
    t = float(np.clip(t, 0.0, len(pts) - 1))
    k = int(np.floor(t))
    head = pts[: k + 1]
    frac = t - k
    if frac > 0 and k + 1 < len(pts):
        head = np.vstack([head, pts[k] + frac * (pts[k + 1] - pts[k])])
    return head


def polyline(points: Any, *, color: Any, stroke_width: float) -> VMobject:
    """Corners through Manim points (m, 3); a single point becomes a zero-length path."""
    pts = np.asarray(points, dtype=float)
    path = VMobject(stroke_color=color, stroke_width=stroke_width)
    if len(pts) == 1:
        pts = np.vstack([pts, pts])
    if len(pts):
        path.set_points_as_corners(pts)
    return path


def traced_path(screen: Any, tracker: ValueTracker, *, color: Any, stroke_width: float,
                head_radius: float = 0.07, min_gap: float = 0.0, outline: Any = None, outline_width: float = 3.0) -> VGroup:
    """VGroup(path, head) that follows ``tracker``: the first ``tracker`` steps of the Manim points
    ``screen`` (m, 3), computed once, so each frame only re-sets corners (no per-frame mapping).

    ``min_gap`` > 0 leaves out corners closer than that to the previous corner kept (long runs of
    tiny steps draw the same line with far fewer corners); the head is always exact. ``outline``
    (a colour, e.g. the background, or ``SceneTheme.outline`` of the path's colour) draws a line
    ``outline_width`` wider underneath, so the path reads on any terrain.
    """
    pts = np.asarray(screen, dtype=float)
    keep = np.arange(len(pts))
    if min_gap > 0 and len(pts) > 2:
        chosen, last = [0], pts[0]
        for i in range(1, len(pts)):
            if np.linalg.norm(pts[i] - last) >= min_gap:
                chosen.append(i)
                last = pts[i]
        keep = np.array(chosen)
    path = polyline(pts[:1], color=color, stroke_width=stroke_width)
    under = polyline(pts[:1], color=outline or color, stroke_width=stroke_width + outline_width)
    under.set_stroke(opacity=0.8 if outline is not None else 0.0)
    head = Dot(pts[0], radius=head_radius, color=color)

    def follow(group: VGroup) -> None:
        t = float(np.clip(tracker.get_value(), 0, len(pts) - 1))
        corners = pts[keep[: np.searchsorted(keep, t, side="right")]]
        end = partial_points(pts, t)[-1]
        path.set_points_as_corners(np.vstack([corners, end]))
        if outline is not None:
            under.set_points(path.points)
        head.move_to(end)

    group = VGroup(under, path, head) if outline is not None else VGroup(path, head)
    group.add_updater(pure_updater(follow))
    group.path, group.head = path, head
    return group


def step_marks(screen: Any, tracker: ValueTracker, *, color: Any, outline: Any, radius: float = 0.035,
               min_gap: float | None = None, every: int = 1) -> VGroup:
    """A small outlined dot at each point of ``screen`` (m, 3), each shown once ``tracker`` reaches
    its step: the step marks of a traced path (the updater only changes opacities when a step is passed).
    ``every`` > 1 marks only steps 0, every, 2·every … (a long run, thinned as a figure's ``markevery``).

    A mark closer than ``min_gap`` (default: the marks' diameter) to the previous mark shown is left
    out (an invisible dot keeps its place), so that a run creeping to a halt does not pile its marks
    into a smear; the first and the last are always shown. ``min_gap=0`` shows every mark."""
    pts = np.asarray(screen, dtype=float)[::every]
    gap = 2 * radius if min_gap is None else min_gap
    shown, last = np.ones(len(pts), dtype=bool), None
    for i, p in enumerate(pts):
        if last is not None and i < len(pts) - 1 and np.linalg.norm(p - last) < gap:
            shown[i] = False
        else:
            last = p
    before = np.flatnonzero(shown[:-1])
    if len(before) > 1 and np.linalg.norm(pts[-1] - pts[before[-1]]) < gap:
        shown[before[-1]] = False  # the last mark always shows: the one shown before it gives way
    dots = VGroup(*(Dot(p, radius=radius, color=color, stroke_color=outline, stroke_width=1) for p in pts))
    dots.kept = shown
    dots.set_opacity(0)
    dots.shown = 0

    def reveal(group: VGroup) -> None:
        count = int(np.clip(np.floor(tracker.get_value() / every + 1e-9) + 1, 0, len(group)))
        if count != group.shown:
            for i, dot in enumerate(group):
                seen = 1.0 if i < count and group.kept[i] else 0.0
                dot.set_fill(opacity=seen).set_stroke(opacity=seen)
            group.shown = count

    dots.add_updater(pure_updater(reveal))
    return dots


def goes_on_head(screen: Any, tracker: ValueTracker, *, color: Any, outline: Any, length: float = 0.2,
                 beyond: bool = False) -> Polygon:
    """An outlined arrowhead on the last segment of a path cut short (Manim points (m, 3), m ≥ 2),
    its tip on the last point, shown once ``tracker`` reaches that point: the run goes on from
    there (the scenes' form of the figures' arrowhead on a run drawn only until it grows worse).
    ``beyond``: its base on the last point and its tip ``length`` past it, in the segment's
    direction (clear of whatever the last segment crosses, e.g. the optimum of a bowl it overshoots)."""
    pts = np.asarray(screen, dtype=float)
    tip, before = pts[-1], pts[-2]
    way = (tip - before) / (np.linalg.norm(tip - before) or 1.0)
    if beyond:
        tip = tip + length * way
    side = np.array([-way[1], way[0], 0.0])
    head = Polygon(tip, tip - length * way + 0.45 * length * side, tip - length * way - 0.45 * length * side,
                   color=color, fill_opacity=1.0, stroke_color=outline, stroke_width=1.5)
    last = len(pts) - 1

    def show(mob: Polygon) -> None:
        seen = 1.0 if tracker.get_value() >= last - 1e-9 else 0.0
        if mob.get_fill_opacity() != seen:
            mob.set_fill(opacity=seen).set_stroke(opacity=seen)

    head.set_fill(opacity=0.0).set_stroke(opacity=0.0)
    head.add_updater(pure_updater(show))
    return head


@lru_cache(maxsize=16)
def _digit_glyphs(look: SceneTheme, size: float, color: Any) -> tuple[VMobject, ...]:
    """The ten digits in the theme's text font (the font of the words beside them), rendered once
    per look, size and colour."""
    return tuple(label_text(str(d), look=look, size=size, color=color) for d in range(10))


class DigitCounter(VGroup):
    """A non-negative integer in fixed-width places; each digit 0–9 is rendered once (Pango, no
    LaTeX) and ``set_value`` copies the right glyph's points into each place (the same mobjects: a
    play draws the mobjects it found when it began), so the counter may change every frame, and
    what it shows depends on its value alone, never on the values before (``become`` would re-sample
    the new glyph to the old one's points). Move it (``next_to``, ``to_corner``) but do not scale it.

    Each place's centre is an invisible point of the group: a digit is centred there, never on the
    ink of the digit before it (which would let the digits wander a little with every value)."""

    def __init__(self, digits: int, *, look: SceneTheme, size: float | None = None, color: Any = None) -> None:
        super().__init__()
        self.digits = digits
        self.glyphs = [g.copy() for g in _digit_glyphs(look, size or look.label_size, color)]
        self.blank = self.glyphs[0].copy().set_opacity(0)
        width = max(g.width for g in self.glyphs) * 1.05
        self.centres = VGroup(*(VectorizedPoint(RIGHT * width * i) for i in range(digits)))
        self.places = VGroup(*(self.glyphs[0].copy().move_to(RIGHT * width * i) for i in range(digits)))
        self.add(self.centres, self.places)
        self.shown = ["?"] * digits  # the character each place shows
        self.value = 0
        self.set_value(0)

    def set_value(self, value: int) -> DigitCounter:
        """Show ``value`` (clamped to what the digits can hold), right-aligned, no leading zeros."""
        value = int(min(max(value, 0), 10**self.digits - 1))
        text = str(value).rjust(self.digits)
        for i, (place, centre, char) in enumerate(zip(self.places, self.centres, text)):
            if char != self.shown[i]:
                source = self.blank if char == " " else self.glyphs[int(char)]
                for mine, theirs in zip(place.family_members_with_points(), source.family_members_with_points()):
                    mine.set_points(theirs.points.copy())  # exact points: no re-sampling to the old digit's
                    mine.match_style(theirs)
                place.move_to(centre.get_center())
                self.shown[i] = char
        self.value = value
        return self


class BoxAxes(VGroup):
    """Axes with the x axis along the bottom and the y axis along the left, whatever the ranges
    (Manim's Axes cross at 0), with tick numbers as Pango text (no LaTeX needed).

    ``c2p(x, y)`` maps data coordinates to Manim points; ``tick_text`` formats a tick value, or
    ``y_tick_mobject`` builds a y tick label outright (e.g. powers of ten). Tick numbers stand
    ``tick_gap`` clear of the tick marks' ends. ``x_name`` (e.g. "step") names the x axis beside
    its last tick number (``x_label``, in the ticks' font and size).
    """

    TICK_LENGTH = 0.1  # how far Manim's tick marks reach either side of their axis

    def __init__(self, x_range: tuple[float, float, float], y_range: tuple[float, float, float], *,
                 look: SceneTheme, width: float, height: float, x_ticks: Any = None, y_ticks: Any = None,
                 tick_text: Callable[[float], str] = lambda v: sig(v, 3),
                 y_tick_mobject: Callable[[float], VMobject] | None = None, tick_size: float | None = None,
                 tick_gap: float = 0.08, x_name: str | None = None) -> None:
        super().__init__()
        (x0, x1, xs), (y0, y1, ys) = x_range, y_range
        self.origin = (x0, y0)
        self.axes = Axes(x_range=[0, x1 - x0, xs], y_range=[0, y1 - y0, ys], x_length=width, y_length=height,
                         tips=False, axis_config={"color": look.muted, "stroke_width": 2})
        size = tick_size or look.small_size * 0.7
        buff = self.TICK_LENGTH + tick_gap
        x_row, ticks = VGroup(), VGroup()
        for v in (np.arange(x0, x1 + xs / 2, xs) if x_ticks is None else x_ticks):
            x_row.add(label_text(tick_text(v), look=look, size=size, color=look.muted).next_to(self.c2p(v, y0), DOWN, buff=buff))
        ticks.add(*x_row)
        for v in (np.arange(y0, y1 + ys / 2, ys) if y_ticks is None else y_ticks):
            mob = y_tick_mobject(v) if y_tick_mobject else label_text(tick_text(v), look=look, size=size, color=look.muted)
            ticks.add(mob.next_to(self.c2p(x0, v), LEFT, buff=buff))
        self.ticks = ticks
        self.add(self.axes, ticks)
        self.x_label = None
        if x_name and len(x_row):
            last = max(x_row, key=lambda t: t.get_center()[0])
            self.x_label = label_text(x_name, look=look, size=size, color=look.muted)
            self.x_label.next_to(last, RIGHT, buff=0.2).align_to(last, DOWN)  # beside the last number, clear of the axis
            self.add(self.x_label)

    def c2p(self, x: float, y: float) -> np.ndarray:
        """The Manim point of data coordinates (x, y)."""
        return self.axes.c2p(x - self.origin[0], y - self.origin[1])


def power_of_ten(k: float) -> str:
    """10 to the whole power ``k`` as text for Pango, with superscript digits and a true minus: 10⁻³."""
    return "10" + str(int(round(k))).translate(_SUPERSCRIPT)


def loss_decades(runs: Any, landscape: Any, *, step: int = 3) -> tuple[int, int]:
    """Powers of ten (multiples of ``step``) that frame the loss curves of ``runs`` (values per
    step): from the smallest value a run reaches to two decades above the largest start."""
    starts = [abs(float(v[0])) for v in runs if len(v) and np.isfinite(v[0]) and v[0] != 0]
    lows = [float(np.min(np.abs(v[np.isfinite(v) & (v != 0)]))) for v in runs if np.any(np.isfinite(v) & (v != 0))]
    high = int(np.ceil(np.log10(max(starts, default=1.0)))) + 2
    low = max(int(np.floor(np.log10(max(min(lows, default=1e-6), 1e-12)))), high - 3 * step)
    return step * int(np.floor(low / step)), step * int(np.ceil(high / step))


class LossAxes(BoxAxes):
    """Loss against step with a log₁₀ value axis from 10^low to 10^high (``decades``).

    ``point(step, value)`` maps a (positive) loss onto the axes; ``curve(values, t)`` draws the
    first ``t`` steps, cut where the curve leaves the plotted decades (``curve.clipped``).
    """

    def __init__(self, steps: int, *, look: SceneTheme, width: float = 4.0, height: float = 2.0,
                 decades: tuple[int, int] = (-6, 3), decade_step: int = 3, symbol: str = "f",
                 step_tick: int | None = None, tick_size: float | None = None) -> None:
        low, high = decades
        small = tick_size or look.small_size * 0.9
        super().__init__((0, steps, step_tick or max(1, steps // 4)), (low, high, decade_step), look=look,
                         width=width, height=height, tick_text=lambda v: f"{v:g}", tick_size=small, x_name="step",
                         y_tick_mobject=lambda k: label_text(power_of_ten(k), look=look, size=small, color=look.muted))
        self.look, self.steps, self.decades = look, steps, decades
        self.y_label = math_tex(symbol, look=look, size=look.small_size * 1.1, color=look.muted)
        self.y_label.next_to(self.ticks, LEFT, buff=0.15)
        self.add(self.y_label)

    def point(self, step: float, value: float) -> np.ndarray:
        """Manim point of loss ``value`` (> 0) at ``step``."""
        return self.c2p(step, np.log10(value))

    def curve_points(self, values: Any) -> np.ndarray:
        """The loss curve of ``values`` as Manim points (one per step), cut where it leaves the
        plotted decades (the cut point included): feed it to ``traced_path`` to draw it step by step."""
        vals = np.asarray(values, dtype=float)
        low, high = self.decades
        with np.errstate(divide="ignore"):
            graph = np.column_stack([np.arange(len(vals)), np.log10(np.maximum(vals, 1e-300))])
        kept, self.last_clipped = clip_at_exit(graph, (0, low), (self.steps, high))
        return np.array([self.c2p(x, y) for x, y in kept])

    def curve(self, values: Any, t: float | None = None, *, color: Any, stroke_width: float | None = None) -> VMobject:
        """The loss curve of ``values`` up to step ``t`` (all of it by default), clipped to the axes."""
        screen = self.curve_points(values)
        path = polyline(screen if t is None else partial_points(screen, t), color=color,
                        stroke_width=self.look.stroke if stroke_width is None else stroke_width)
        path.clipped = self.last_clipped and (t is None or t >= len(screen) - 1)  # the drawn part was cut
        return path


def legend(entries: list[tuple[str, Any]], *, look: SceneTheme, size: float | None = None) -> VGroup:
    """Rows of a short line in each colour and its name; ``legend.rows[i]`` is VGroup(swatch, name)."""
    rows = VGroup()
    for name, colour in entries:
        swatch = Line(LEFT * 0.22, RIGHT * 0.22, stroke_color=colour, stroke_width=look.stroke + 2)
        text = label_text(name, look=look, size=size or look.small_size, color=look.foreground)
        rows.add(VGroup(swatch, text.next_to(swatch, RIGHT, buff=0.15)))
    rows.arrange(DOWN, aligned_edge=LEFT, buff=0.18)
    group = VGroup(rows)
    group.rows = rows
    return group


def formula_card(title: str, name: str | None, latex: str, *, look: SceneTheme) -> VGroup:
    """A title over a muted line naming a landscape and showing its formula as maths (MathTex, or
    the Pango fallback), fitted to and placed at the top of the caption-safe frame."""
    from .layout import fit_to_safe, to_safe_edge

    line = VGroup(*([label_text(f"{name}:", look=look, size="small", color=look.muted)] if name else []),
                  math_tex(latex, look=look, size="small", color=look.muted)).arrange(RIGHT, buff=0.2)
    head = label_text(title, look=look, size="title")
    card = VGroup(head, fit_to_safe(line)).arrange(DOWN, buff=0.15)
    return to_safe_edge(fit_to_safe(card), UP)
