"""Shared scene building blocks: the base scene, a landscape map, paths, gradient arrows, fog, compass.

Scenes ask gradmath for numbers in ``setup()`` and use these helpers only to put them on screen;
nothing here computes mathematics beyond mapping coordinates and colouring a grid of values.
"""

from __future__ import annotations

from datetime import timedelta

from typing import Any, Callable

import numpy as np
from manim import (
    DEGREES,
    DL,
    DOWN,
    LEFT,
    ORIGIN,
    RESAMPLING_ALGORITHMS,
    RIGHT,
    UP,
    UR,
    Annulus,
    Arrow,
    Axes,
    Camera,
    Circle,
    Difference,
    Intersection,
    Dot,
    Group,
    ImageMobject,
    Line,
    MathTex,
    Mobject,
    Rectangle,
    Scene,
    VGroup,
    VMobject,
    Wait,
    config,
)
from manim.mobject.types.image_mobject import AbstractImageMobject
from PIL import Image

from gradmath import Grid, Landscape, Trajectory, clip_at_exit, clip_to_box, gradient_field, smooth_labels
from theme import DARK, Theme

from .captions import caption_pieces
from .style import SceneTheme, resolve_theme, scene_theme
from .text import label_text, math_tex

__all__ = [
    "READING_SPEED",
    "reading_time",
    "GradvizScene",
    "GradvizCamera",
    "LandscapeMap",
    "trajectory_path",
    "gradient_arrow",
    "Fog",
    "compass_rose",
    "title_card",
    "panel_backdrop",
    "nice_step",
    "function_symbol",
    "series_colours",
    "labels_image",
    "clip_to_domain",
    "edge_frame",
    "outlined",
    "map_at_left",
    "SidePanel",
]


class GradvizCamera(Camera):
    """The cairo Camera, drawing axis-aligned ImageMobjects itself.

    Manim 0.22's own image path calls ``Image.fromarray(float_array, mode="RGBA")``, which Pillow
    ≥ 11 rejects; unrotated images (all gradviz uses) are scaled and composited here instead.
    """

    def display_image_mobject(self, image_mobject: AbstractImageMobject, pixel_array: np.ndarray) -> None:
        corners = self.points_to_subpixel_coords(image_mobject, image_mobject.points)  # UL, UR, DL, DR
        (x0, y0), (x1, _), (_, y1) = corners[0], corners[1], corners[2]
        if not (np.isclose(corners[0][1], corners[1][1]) and np.isclose(corners[0][0], corners[2][0])):
            super().display_image_mobject(image_mobject, pixel_array)  # rotated: manim's own path
            return
        left, top = int(round(min(x0, x1))), int(round(min(y0, y1)))
        width, height = int(round(max(x0, x1))) - left, int(round(max(y0, y1))) - top
        if width <= 0 or height <= 0:
            return
        source = np.asarray(image_mobject.get_pixel_array(), dtype=np.uint8)
        if x1 < x0:
            source = source[:, ::-1]
        if y1 < y0:
            source = source[::-1]
        sub = Image.fromarray(np.ascontiguousarray(source)).resize(
            (width, height), resample=image_mobject.resampling_algorithm)
        frame_h, frame_w = pixel_array.shape[:2]
        x0, y0 = max(left, 0), max(top, 0)
        x1, y1 = min(left + width, frame_w), min(top + height, frame_h)
        if x1 <= x0 or y1 <= y0:
            return
        # composite only the covered box (a full-frame composite costs ~30 ms per 1080p frame)
        region = Image.fromarray(np.ascontiguousarray(pixel_array[y0:y1, x0:x1]))
        crop = sub.crop((x0 - left, y0 - top, x1 - left, y1 - top))
        pixel_array[y0:y1, x0:x1] = np.asarray(Image.alpha_composite(region, crop))


def pure_updater(updater: Callable[..., Any]) -> Callable[..., Any]:
    """Mark ``updater`` a pure function of the present state: no ``dt``, nothing kept from earlier
    frames, everything it updates set from scratch. A chunked render may then skip a play it runs
    in in one step instead of frame by frame (rendering.chunk_render.PURE_UPDATER)."""
    updater.pure_updater = True  # type: ignore[attr-defined]
    return updater


READING_SPEED = 15.0
"""Characters per second a subtitle may ask a viewer to read (at most 15: the usual guideline for adults)."""


def reading_time(text: str) -> float:
    """Seconds a subtitle must stay on screen to be read: ``len(text) / READING_SPEED``, at least 1.5."""
    return max(1.5, len(text) / READING_SPEED)


class GradvizScene(Scene):
    """Base scene: theme, background, narration (subtitles), text helpers.

    The theme is the class attribute ``theme`` when a subclass sets it (the CLI's light variant
    does), otherwise ``$GRADVIZ_THEME`` ("dark"/"light", for the plain ``manim`` command), otherwise
    DARK; it is read in ``setup()``, never at import.

    A template scene names its ``template``; its lesson entry's parameters (``params``, set by the
    CLI, else the first built-in entry of the template) become attributes of the same names in
    ``setup()``. Subclasses compute their numbers in ``setup()`` (call ``super().setup()`` first) and write
    ``construct`` as commented beats. ``self.look`` is the SceneTheme in Manim colours.
    """

    theme: Theme = DARK
    template: str = ""  # the lesson template this scene renders (a name in lessons.TEMPLATES)
    params: Any = None  # the lesson entry's parameters; None: the first built-in entry of ``template``
    layout_check: bool = False  # check the layout after every animation (scenes.layout); tests set it
    summary_hold: float = 2.0  # seconds the last frame (the summary) is held at least
    math_scale: float = 1.0  # ``math``'s default size, times the theme's label size (LaTeX runs small)
    readable_text: bool = False  # coloured text of ``label``/``math`` made legible on the background

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("camera_class", GradvizCamera)
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        self.theme = type(self).theme if self._theme_chosen() else resolve_theme(type(self).theme)
        self.look: SceneTheme = scene_theme(self.theme)
        self.camera.background_color = self.look.background
        self.narration: list[tuple[float, str, float]] = []  # (start time, text, duration)
        self.layout_report: list[str] = []  # with layout_check: "animation N: problem", in order
        self._last_play: tuple[bool, float] = (False, 0.0)  # (a plain wait?, its run time)
        self._problems_seen: set[str] = set()
        if self.params is None and self.template:
            from lessons import default_params

            self.params = default_params(self.template)
        if self.params is not None:  # each parameter becomes an attribute: self.landscape, self.start …
            for name in type(self.params).model_fields:
                setattr(self, name, getattr(self.params, name))

    @classmethod
    def _theme_chosen(cls) -> bool:
        """True when a subclass sets ``theme`` itself (the CLI's light variant): it beats $GRADVIZ_THEME."""
        return any("theme" in vars(k) for k in cls.__mro__ if k is not GradvizScene and issubclass(k, GradvizScene))

    def narrate(self, text: str, duration: float) -> None:
        """Add a subtitle for the beat starting now (Manim writes them as an .srt beside the video).

        The previous subtitle first gets its reading time (``reading_time``): if the previous beat
        was quicker, the scene holds still until it can be read. Then it is cut where this one
        starts, so subtitles never overlap; the last one is cut (or waited for) at the end. A text
        longer than two caption lines is shown as several cues in turn (``caption_pieces``), each
        for its reading time, the last until the beat ends; ``narration`` keeps one entry per beat.
        """
        self._close_subtitle()
        start, offset = float(self.renderer.time), 0.0
        pieces = caption_pieces(text) or [text]  # cues of two caption lines at most, one after another at reading speed
        for piece in pieces[:-1]:
            self.add_subcaption(piece, duration=reading_time(piece), offset=offset)
            offset += reading_time(piece)
        last = max(float(duration), reading_time(text)) - offset
        last = max(last, reading_time(pieces[-1]))
        self.add_subcaption(pieces[-1], duration=last, offset=offset)
        self._last_cue = (start + offset, pieces[-1])
        self.narration.append((start, text, offset + last))

    def play(self, *animations: Any, **kwargs: Any) -> None:
        """Manim's ``play``; with ``layout_check``, the frame is checked before the first and after each."""
        index = self.renderer.num_plays
        if self.layout_check and index == 0 and not self._texts_on_screen():
            self.layout_report.append("animation 0: the scene opens on a frame without a title")
        super().play(*animations, **kwargs)
        waits = [a for a in animations if isinstance(a, Wait)]
        self._last_play = (len(waits) == len(animations) and not kwargs, sum(w.run_time for w in waits))
        if self.layout_check:
            from .layout import layout_problems

            for problem in layout_problems(self.mobjects, background=self.look.background, camera=self.camera):
                if problem not in self._problems_seen:  # each problem once, at the animation it appears
                    self._problems_seen.add(problem)
                    self.layout_report.append(f"animation {index}: {problem}")

    def _texts_on_screen(self) -> bool:
        from .layout import screen_units

        return any(u.role == "text" for u in screen_units(self.mobjects, self.look.background, self.camera))

    def until_cue_ends(self) -> None:
        """Wait until the subtitle now showing has been on screen for its whole duration (a note that
        goes with it stays while it is read)."""
        if self.narration:
            begun, _, duration = self.narration[-1]
            rest = begun + duration - float(self.renderer.time)
            if rest > 1e-6:
                self.wait(rest)

    def hold_summary(self) -> None:
        """End on the summary: hold the last frame ``summary_hold`` seconds (after the last subtitle)."""
        self._close_subtitle()
        self.wait(self.summary_hold)

    def tear_down(self) -> None:
        self._close_subtitle()
        if self.layout_check:
            plain_wait, held = self._last_play
            if not plain_wait or held < self.summary_hold - 1e-6:
                self.layout_report.append(f"end: the last frame is held {held:.1f} s, not the summary's {self.summary_hold:g} s")
        super().tear_down()

    def _close_subtitle(self) -> None:
        """Hold until the last subtitle has been on screen for its reading time, then end it now."""
        if not self.narration:
            return
        start, text, duration = self.narration[-1]
        cue_start, cue_text = self._last_cue
        hold = max(cue_start + reading_time(cue_text), start + reading_time(text)) - float(self.renderer.time)
        if hold > 1e-9:  # whole frames, rounded up (Manim floors a wait: int(5.4 / 0.2) is 26 frames, not 27)
            self.wait((np.ceil(hold * config.frame_rate - 1e-6) + 0.5) / config.frame_rate)
        now = float(self.renderer.time)
        if start + duration > now:  # the beat's last cue ends now
            self.narration[-1] = (start, text, now - start)
            cues = self.renderer.file_writer.subcaptions
            if cues:
                cues[-1].end = timedelta(seconds=now)

    def label(self, text: str, **kwargs: Any):
        """``label_text`` in this scene's theme."""
        return label_text(text, look=self.look, **self._text_style(kwargs))

    def math(self, *parts: str, **kwargs: Any):
        """``math_tex`` in this scene's theme (MathTex, or the Pango fallback)."""
        kwargs.setdefault("size", self.look.label_size * self.math_scale)
        return math_tex(*parts, look=self.look, **self._text_style(kwargs))

    def mixed(self, *parts: str, size: str | float | None = None, color: Any = None, buff: float = 0.14) -> VGroup:
        """One line of words and maths, alternating (words first; "" to start with maths): the words in
        the text font (``label``), the maths in ``math``, all on one baseline. The maths get ``size``
        (default the label size) times ``math_scale``, as ``math`` does; the words ``WORDS_BESIDE_MATHS``
        of it, so that their letters stand as tall as the maths'."""
        base = self.look.size(size if size is not None else "label")
        words_size, maths_size = base * WORDS_BESIDE_MATHS, base * self.math_scale
        line = VGroup()
        for k, part in enumerate(parts):
            if not part:
                continue
            if k % 2 == 0:
                piece = self.label(part, size=words_size, color=color)
                ink = [g for g, ch in zip(piece, part.replace(" ", "")) if ch not in _DESCENDERS]
                piece.baseline = (ink[0] if ink else piece).get_bottom()[1]
            else:  # typeset after an "x", whose foot is the baseline, then the x is dropped
                piece = self.math(r"x\," + part, size=maths_size, color=color)
                glyphs = piece[0] if isinstance(piece, MathTex) else piece
                reference = glyphs[0]
                glyphs.remove(reference)
                piece.baseline = reference.get_bottom()[1]
            piece.baseline -= piece.get_y()  # from its centre
            if len(line):
                piece.next_to(line, RIGHT, buff=buff)
                piece.shift((line[0].get_y() + line[0].baseline - piece.get_y() - piece.baseline) * UP)
            line.add(piece)
        return line

    def _text_style(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        if self.readable_text and kwargs.get("color") is not None:
            kwargs["color"] = self.look.readable(kwargs["color"])
        return kwargs

    def title_card(self, title: str, subtitle: str | None = None) -> VGroup:
        """``title_card`` in this scene's theme."""
        return title_card(title, subtitle, look=self.look)


_DESCENDERS = "gjpqyQ,;()[]{}|/@$"  # glyphs reaching below the baseline
WORDS_BESIDE_MATHS = 0.8
"""Words beside maths (``GradvizScene.mixed``) at this share of the maths' size: the text font's
letters stand taller than LaTeX's at one size."""


def function_symbol(landscape: Landscape) -> str:
    """The letter a landscape's formula names its function with: "P" for ``P(x, y) = …``."""
    return landscape.function_symbol


def series_colours(look: SceneTheme) -> list[Any]:
    """The theme's series colours in the order scenes give them to peaks, starts and runs."""
    order = (0, 3, 1, 2, 4, 5)
    return [look.series[i % len(look.series)] for i in order]


def panel_backdrop(left: float, *, look: SceneTheme | None = None) -> Rectangle:
    """A background-coloured block from x = ``left`` to the frame's right edge, full height: put it
    above the fog and below a side panel of text so the text never sits on fog."""
    look = look or scene_theme()
    width = config.frame_width / 2 - left
    block = Rectangle(width=width, height=config.frame_height, fill_color=look.background, fill_opacity=1, stroke_width=0)
    return block.move_to([left + width / 2, 0, 0])


def title_card(title: str, subtitle: str | None = None, *, look: SceneTheme | None = None) -> VGroup:
    """A title (and an optional muted subtitle) stacked at the top edge of the frame."""
    look = look or scene_theme()
    parts = [label_text(title, look=look, size="title")]
    if subtitle:
        parts.append(label_text(subtitle, look=look, size="small", color=look.muted))
    from .layout import fit_to_safe, to_safe_edge

    card = VGroup(*parts).arrange(DOWN, buff=0.15)
    return to_safe_edge(fit_to_safe(card), UP)


class LandscapeMap(Group):
    """Axes over a 2-D landscape's domain, equal units on both axes, with a filled contour image.

    ``to_screen`` maps landscape coordinates (shape (2,) or (m, 2)) to Manim points, so arrows keep
    their true directions. The image is built once from a gradmath grid (values coloured by the
    theme's terrain map, in ``bands`` flat bands), plus thin level lines at the band edges.
    Fits in a ``width`` × ``height`` box; call ``move_to``/``to_edge`` as with any mobject.
    """

    def __init__(self, landscape: Landscape, *, look: SceneTheme | None = None, width: float = 7.0,
                 height: float = 6.0, resolution: int = 240, bands: int = 12, level_lines: bool = True,
                 axis_labels: bool = True, tick_step: float | tuple[float, float] | None = None) -> None:
        super().__init__()
        if landscape.n != 2:
            raise ValueError(f"LandscapeMap needs a 2-variable landscape; {landscape.name} has {landscape.n}")
        self.landscape, self.look = landscape, look or scene_theme()
        (x0, x1), (y0, y1) = landscape.domain
        unit = min(width / (x1 - x0), height / (y1 - y0))
        steps = tick_step if isinstance(tick_step, tuple) else (tick_step, tick_step)
        self.axes = Axes(
            x_range=[x0, x1, steps[0] or nice_step(x1 - x0)], y_range=[y0, y1, steps[1] or nice_step(y1 - y0)],
            x_length=unit * (x1 - x0), y_length=unit * (y1 - y0), tips=False,
            axis_config={"color": self.look.muted, "stroke_width": 2, "include_numbers": False},
        )
        self.frame = edge_frame(self.axes, look=self.look)
        self.tick_labels = self.frame.tick_labels
        self.field = gradient_field(landscape, resolution)
        self.terrain = self._terrain_image(bands)
        self.add(self.terrain)
        self.levels = self._level_lines(bands) if level_lines else VGroup()
        self.add(self.levels, self.axes, self.frame)
        self.axis_labels = VGroup()
        if axis_labels:
            xl = label_text(landscape.variables[0], look=self.look, size="small", color=self.look.muted)
            yl = label_text(landscape.variables[1], look=self.look, size="small", color=self.look.muted)
            xl.next_to(self.frame, DOWN, buff=0.1)
            yl.rotate(90 * DEGREES).next_to(self.frame, LEFT, buff=0.1)
            self.axis_labels.add(xl, yl)
            self.add(self.axis_labels)

    @property
    def unit(self) -> float:
        """Screen length of one landscape unit (same on both axes)."""
        return float(self.axes.x_axis.get_unit_size())

    def to_screen(self, p: Any) -> np.ndarray:
        """Landscape point(s) (2,) or (m, 2) → Manim point(s) (3,) or (m, 3)."""
        arr = np.asarray(p, dtype=float)
        if arr.ndim == 1:
            return self.axes.c2p(arr[0], arr[1])
        return np.array([self.axes.c2p(x, y) for x, y in arr])

    def vector_to_screen(self, v: Any, scale: float = 1.0) -> np.ndarray:
        """A landscape-space vector (2,) as a Manim displacement (3,), times ``scale``."""
        return np.array([v[0], v[1], 0.0]) * self.unit * scale

    def _terrain_image(self, bands: int) -> ImageMobject:
        values = self.field.values
        lo, hi = float(np.min(values)), float(np.max(values))
        scaled = (values - lo) / (hi - lo) if hi > lo else np.zeros_like(values)
        banded = (np.minimum(np.floor(scaled * bands), bands - 1) + 0.5) / bands
        rgba = self.look.terrain_rgba(banded)[::-1]  # image rows run top-down, y runs up
        self.band_edges = lo + (hi - lo) * np.arange(1, bands) / bands
        return _fit_image(rgba, self.axes, "nearest")

    def _level_lines(self, bands: int) -> VGroup:
        import contourpy  # matplotlib's contouring engine: only draws the levels of gradmath's grid

        g: Grid = self.field.grid
        step = max(1, len(g.x) // 120)  # ~120 samples per axis are plenty for smooth lines, and draw fast
        gen = contourpy.contour_generator(g.x[::step], g.y[::step], self.field.values[::step, ::step],
                                          line_type="Separate")
        lines = VGroup()
        for level in self.band_edges:
            for seg in gen.lines(level):
                if len(seg) < 2:
                    continue
                curve = VMobject(stroke_color=self.look.background, stroke_width=1.2, stroke_opacity=0.55)
                curve.set_points_smoothly(self.to_screen(seg)) if len(seg) > 3 else curve.set_points_as_corners(self.to_screen(seg))
                lines.add(curve)
        return lines


def map_at_left(landscape: Landscape, *, look: SceneTheme, width: float, height: float) -> tuple[LandscapeMap, VGroup]:
    """A LandscapeMap at the caption-safe frame's left edge, centred in its height, and its frame,
    ticks and axis names taken out of it (``over``): add ``over`` after the fog (or anything drawn
    over the terrain) so the axes stay readable."""
    from .layout import safe_box

    field = LandscapeMap(landscape, look=look, width=width, height=height)
    over = VGroup(field.frame, field.axis_labels)
    field.remove(field.frame, field.axis_labels)
    whole = Group(field, over)
    left, _, bottom, top = safe_box()
    whole.shift([left - whole.get_left()[0], (bottom + top) / 2 - whole.get_center()[1], 0])
    return field, over


class SidePanel(VGroup):
    """Rows of text beside a map: ``title`` at the safe frame's top, from x = ``left`` to the safe
    frame's right edge; ``row(line)`` puts each new line under the last, left-aligned, shrunk to fit."""

    def __init__(self, title: Mobject, left: float, *, gap: float = 0.24) -> None:
        from .layout import safe_box

        super().__init__()
        _, right, _, top = safe_box()
        self.width_available, self.gap = right - left, gap
        if title.width > self.width_available:
            title.scale_to_fit_width(self.width_available)
        self.add(title.move_to([left, top, 0], aligned_edge=LEFT + UP))

    def row(self, line: Mobject, buff: float | None = None) -> Mobject:
        """Put ``line`` under the last row (``buff`` apart, default the panel's gap); returns it."""
        if line.width > self.width_available:
            line.scale_to_fit_width(self.width_available)
        line.next_to(self[-1], DOWN, buff=self.gap if buff is None else buff).align_to(self[0], LEFT)
        self.add(line)
        return line


def edge_frame(axes: Axes, *, look: SceneTheme | None = None, tick_size: float = 0.08) -> VGroup:
    """Hide ``axes``' lines (they cross at the origin) and draw a frame instead: a border around the
    plotting box, ticks on its bottom and left edges at the axes' steps, and Pango tick numbers.

    Keep ``axes`` in the same group as the frame (invisible) so ``axes.c2p`` still maps points.
    The returned VGroup has ``.border``, ``.ticks`` and ``.tick_labels``.
    """
    look = look or scene_theme()
    axes.x_axis.set_stroke(opacity=0)
    axes.y_axis.set_stroke(opacity=0)
    (x0, x1, xs), (y0, y1, ys) = axes.x_range[:3], axes.y_range[:3]
    lower, upper = axes.c2p(x0, y0), axes.c2p(x1, y1)
    border = Rectangle(width=upper[0] - lower[0], height=upper[1] - lower[1], stroke_color=look.muted,
                       stroke_width=2).move_to((lower + upper) / 2)
    ticks, labels = VGroup(), VGroup()
    small = look.small_size * 0.7
    for value in _tick_values(x0, x1, xs):
        at = axes.c2p(value, y0)
        ticks.add(Line(at, at + tick_size * DOWN, stroke_color=look.muted, stroke_width=2))
        labels.add(label_text(_tick_text(value), look=look, size=small, color=look.muted).next_to(at, DOWN, buff=0.14))
    for value in _tick_values(y0, y1, ys):
        at = axes.c2p(x0, value)
        ticks.add(Line(at, at + tick_size * LEFT, stroke_color=look.muted, stroke_width=2))
        labels.add(label_text(_tick_text(value), look=look, size=small, color=look.muted).next_to(at, LEFT, buff=0.14))
    frame = VGroup(border, ticks, labels)
    frame.border, frame.ticks, frame.tick_labels = border, ticks, labels
    return frame


def _tick_values(lo: float, hi: float, step: float) -> np.ndarray:
    first = np.ceil(lo / step - 1e-9) * step
    return np.arange(first, hi + step * 1e-6, step)


def _tick_text(value: float) -> str:
    text = f"{int(round(value))}" if abs(value - round(value)) < 1e-9 else f"{value:g}"
    return text.replace("-", "−")


def nice_step(span: float) -> float:
    """A round tick step giving about 5–10 ticks over ``span``."""
    raw = span / 6
    mag = 10 ** np.floor(np.log10(raw))
    return float(min((m * mag for m in (1, 2, 5, 10)), key=lambda s: abs(span / s - 7)))


def _fit_image(rgba: np.ndarray, axes: Axes, resampling: str) -> ImageMobject:
    image = ImageMobject(np.ascontiguousarray(rgba))
    image.set_resampling_algorithm(RESAMPLING_ALGORITHMS[resampling])
    lower = axes.c2p(axes.x_range[0], axes.y_range[0])
    upper = axes.c2p(axes.x_range[1], axes.y_range[1])
    image.stretch_to_fit_width(upper[0] - lower[0]).stretch_to_fit_height(upper[1] - lower[1])
    return image.move_to((lower + upper) / 2)


def labels_image(labels: np.ndarray, colors: list[Any], axes: Axes, *, opacity: float = 0.85,
                 none_color: Any = None) -> ImageMobject:
    """An integer label grid (ny, nx) (row j = y[j], as gradmath's Basins) as an image on ``axes``.

    Label i gets ``colors[i]`` (ManimColor); −1 gets ``none_color`` or stays transparent. The grid
    is drawn four times finer with smooth region edges (``gradmath.smooth_labels``), not as the
    coarse grid's staircase.
    """
    labels = smooth_labels(labels, 4)
    ny, nx = labels.shape
    rgba = np.zeros((ny, nx, 4), dtype=np.uint8)
    for i, colour in enumerate(colors):
        rgba[labels == i] = [*(np.array(colour.to_rgb()) * 255).round().astype(int), round(255 * opacity)]
    if none_color is not None:
        rgba[labels < 0] = [*(np.array(none_color.to_rgb()) * 255).round().astype(int), round(255 * opacity)]
    return _fit_image(rgba[::-1], axes, "nearest")


def trajectory_path(where: LandscapeMap, trajectory: Trajectory | np.ndarray, *, color: Any,
                    stroke_width: float | None = None, clip: bool = True) -> VMobject:
    """The path of a gradmath Trajectory (or points (m, 2)) as corners on the map.

    With ``clip`` the polyline stops where it first leaves the domain, at the domain's edge;
    ``path.left_map`` tells whether it did, ``path.exit_point`` (Manim point) where.
    """
    points = np.asarray(getattr(trajectory, "points", trajectory), dtype=float)
    kept, left = points, False
    if clip:
        bounds = where.landscape.bounds
        kept, left = clip_at_exit(points, bounds[:, 0], bounds[:, 1])
    path = VMobject(stroke_color=color, stroke_width=where.look.stroke if stroke_width is None else stroke_width)
    screen = where.to_screen(kept) if len(kept) else np.zeros((0, 3))
    if len(screen) >= 2:
        path.set_points_as_corners(screen)
    elif len(screen) == 1:
        path.set_points_as_corners([screen[0], screen[0]])
    path.left_map = left
    path.exit_point = screen[-1] if left and len(screen) else None
    return path


def clip_to_domain(where: LandscapeMap, points: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The pieces of a polyline (m, 2) inside the map's domain and the points where it leaves
    (``gradmath.clip_to_box``)."""
    return clip_to_box(points, where.landscape.bounds)


def outlined(path: VMobject, *, look: SceneTheme | None = None, width: float = 3.0) -> VGroup:
    """``path`` over a slightly wider copy in the background colour, so it reads on any terrain."""
    look = look or scene_theme()
    under = path.copy().set_stroke(color=look.background, width=path.get_stroke_width() + width, opacity=0.8)
    return VGroup(under, path)


def gradient_arrow(where: LandscapeMap, point: Any, vector: Any, *, scale: float = 1.0, color: Any = None,
                   label: VMobject | None = None, label_buff: float = 0.15, backdrop: bool = True,
                   **arrow_options: Any) -> VGroup:
    """An arrow from ``point`` along ``vector`` (landscape units × ``scale``) with an optional label
    placed beyond the tip (on a background-coloured backdrop opaque enough for the label to read on
    any terrain). Returns VGroup(arrow[, label]); ``group.arrow`` is the Arrow, ``group.label`` the
    label. ``arrow_options`` go to Manim's Arrow (e.g. ``max_stroke_width_to_length_ratio`` so a
    short arrow keeps its width)."""
    look = where.look
    start = where.to_screen(point)
    end = start + where.vector_to_screen(vector, scale)
    options = {"max_tip_length_to_length_ratio": 0.3, "tip_length": 0.22, **arrow_options}
    arrow = Arrow(start, end, buff=0, color=look.gradient if color is None else color,
                  stroke_width=look.stroke + 1, **options)
    group = VGroup(arrow)
    group.arrow = arrow
    if label is not None:
        direction = end - start
        norm = np.linalg.norm(direction)
        direction = direction / norm if norm > 0 else RIGHT
        if backdrop:
            label.add_background_rectangle(color=look.background, opacity=look.backdrop_opacity(label.get_color()),
                                           buff=0.08)
        label.next_to(end, direction if abs(direction[0]) < 0.5 else np.sign(direction[0]) * RIGHT, buff=label_buff)
        group.add(label)
        group.label = label
    return group


class Fog(VGroup):
    """A layer of fog with a clear circular window of ``radius`` around ``center``.

    Without ``region`` it covers the whole frame and is built once (a large rectangle minus a
    circle, plus soft-edged rings): move it with ``fog.move_to(point)`` / ``fog.animate.move_to``.
    With ``region`` (any mobject; its bounding box is fogged) the fog stays inside that box, so
    text beside it stays clear and static; move the window with ``fog.move_window(point)``, e.g.
    from an updater following the hiker (one cheap boolean operation per frame).
    ``fog.window_center`` is the window's centre either way.
    """

    def __init__(self, center: Any = ORIGIN, *, radius: float = 0.9, look: SceneTheme | None = None,
                 opacity: float = 0.97, softness: int = 4, region: Mobject | None = None) -> None:
        super().__init__()
        self.look, self.radius, self.opacity = look or scene_theme(), radius, opacity
        self.region = None if region is None else (region.get_corner(DL), region.get_corner(UR))
        self.rings = VGroup(*(
            Annulus(inner_radius=radius * (1 - (k + 1) * 0.08), outer_radius=radius * (1 - k * 0.08),
                    fill_color=self.look.fog, fill_opacity=opacity * (softness - k) / (softness + 1), stroke_width=0)
            for k in range(softness)
        ))
        if self.region is None:
            size = 2.2 * max(config.frame_width, config.frame_height) + 2 * radius
            self.blanket = self._blanket(Rectangle(width=size, height=size), ORIGIN)
            self.add(self.blanket, self.rings)
            self.move_to(center)
        else:
            self.blanket = self._blanket(self._region_area(), np.asarray(center, dtype=float))
            self.add(self.blanket, self.rings)
            self._ring_shapes = [ring.copy() for ring in self.rings]  # centred on the origin
            self._place_rings(np.asarray(center, dtype=float))

    def _blanket(self, area: VMobject, centre: np.ndarray) -> VMobject:
        return Difference(area, Circle(radius=self.radius * 1.001).move_to(centre),
                          fill_color=self.look.fog, fill_opacity=self.opacity, stroke_width=0)

    def move_window(self, point: Any) -> Fog:
        """Put the window at ``point``; a region-bound fog re-cuts its blanket, a full-frame one moves."""
        point = np.asarray(point, dtype=float)
        if self.region is None:
            return self.move_to(point)
        self.blanket.set_points(self._blanket(self._region_area(), point).points)
        self._place_rings(point)
        return self

    def _place_rings(self, point: np.ndarray) -> None:
        """The soft rings around ``point``, cut to the region where they reach past it (never drawn beside it)."""
        low, high = self.region
        inside = np.all(point[:2] - self.radius >= low[:2]) and np.all(point[:2] + self.radius <= high[:2])
        for ring, shape in zip(self.rings, self._ring_shapes):
            placed = shape.copy().shift(point)
            ring.set_points(placed.points if inside else Intersection(placed, self._region_area()).points)
        self._window = point

    def _region_area(self) -> Rectangle:
        low, high = self.region
        return Rectangle(width=high[0] - low[0], height=high[1] - low[1]).move_to((low + high) / 2)

    @property
    def window_center(self) -> np.ndarray:
        return self._window if self.region is not None else self.get_center()


def compass_rose(radius: float = 0.8, *, look: SceneTheme | None = None, letters: bool = True,
                 backdrop_opacity: float = 0.5) -> VGroup:
    """A compass rose: a ring (filled with the background colour at ``backdrop_opacity`` so it reads
    on any terrain), 16 ticks (long at N/E/S/W) and the letters N E S W just outside the ring."""
    look = look or scene_theme()
    ring = Circle(radius=radius, stroke_color=look.foreground, stroke_width=2, stroke_opacity=0.8,
                  fill_color=look.background, fill_opacity=backdrop_opacity)
    ticks = VGroup()
    for k in range(16):
        angle = k * np.pi / 8
        inner = radius * (0.78 if k % 4 == 0 else 0.9)
        d = np.array([np.cos(angle), np.sin(angle), 0.0])
        ticks.add(Line(inner * d, radius * d, stroke_color=look.foreground, stroke_width=2 if k % 4 == 0 else 1))
    rose = VGroup(ring, ticks)
    if letters:
        for text, d in (("E", RIGHT), ("N", UP), ("W", LEFT), ("S", DOWN)):
            letter = label_text(text, look=look, size=look.small_size * 0.7, color=look.foreground)
            rose.add(letter.move_to(d * (radius + 0.2)))
    rose.add(Dot(ORIGIN, radius=0.04, color=look.foreground))
    return rose
