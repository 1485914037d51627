"""GradientCompass: the compass needle is the gradient; the directional derivative sweeps the full circle."""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Create,
    MathTex,
    Dot,
    Line,
    ORIGIN,
    FadeIn,
    FadeOut,
    Star,
    Text,
    ValueTracker,
    VGroup,
    always_redraw,
    linear,
)

import gradmath
from gradmath import Landscape
from scenes.common import (
    WORDS_BESIDE_MATHS, GradvizScene, LandscapeMap, SidePanel, compass_rose, map_at_left, outlined,
    trajectory_path
)
from scenes.layout import around, clear_direction, labels, place_clear, safe_box, set_role
from scenes.text import MATH_FONT, LiveNumber, fmt

__all__ = ["GradientCompass"]


class GradientCompass(GradvizScene):
    """A compass at the hiker's feet: the needle is ∇f, a heading û sweeps, ∇f·û is traced."""

    template = "gradient_compass"
    math_scale = 1.15  # LaTeX glyphs run smaller than Pango text of the same size
    readable_text = True  # orange or yellow text darkened on the light theme
    landscape: Landscape
    point: tuple[float, float]
    learning_rate: float
    steps: int
    tol: float  # the walk stops once |∇f| < tol: the needle has shrunk to nothing
    compass_radius: float = 0.7  # screen units
    map_size: tuple[float, float] = (6.3, 5.4)
    plot_height: float = 2.2
    sweep_speed: float = 1.6  # seconds per radian of the heading's sweep
    walk_time: float = 8.0
    mark_gap: float = 0.12  # step marks closer than this (screen units) to the previous one are left out

    def setup(self) -> None:
        super().setup()
        self.profile = gradmath.directional_profile(self.landscape, self.point)
        self.gradient_at_point = self.profile.gradient
        path = gradmath.descend(self.landscape, self.point, learning_rate=self.learning_rate,
                                steps=self.steps, tol=self.tol)
        bounds = self.landscape.bounds
        kept, left = gradmath.clip_at_exit(path.points, bounds[:, 0], bounds[:, 1])
        if left:  # the walk leaves the map (a saddle, an unbounded slope): it ends where it crosses the edge
            path = gradmath.Trajectory(kept, self.landscape.value(kept.T), self.landscape.gradient(kept.T).T,
                                       converged=False, diverged=False, stopped_at=len(kept) - 1, left_domain=True)
        self.path = path
        self.gradient_norms = np.hypot(*self.path.gradients.T)

    def needle_scale(self) -> tuple[float, bool]:
        """Screen units per unit of |∇f| for the needle, and whether some needle of the walk is capped:
        one scale at the start and on the whole walk, so lengths compare, the longest ``NEEDLE_REACH``
        of the dial; where the walk gets over ``NEEDLE_RANGE`` times steeper than the start, the
        needle is capped at ``NEEDLE_CAP`` of the dial (and the narration says so)."""
        steepest = self.profile.steepest_rate
        longest = min(float(np.max(self.gradient_norms, initial=steepest)), NEEDLE_RANGE * steepest)
        scale = NEEDLE_REACH * self.compass_radius / longest if longest > 0 else 0.0
        return scale, bool(np.max(self.gradient_norms, initial=0.0) * scale > NEEDLE_CAP * self.compass_radius)

    def rate_along(self, angle: float) -> float:
        """∇f·û at the compass point for heading ``angle`` (radians), from gradmath."""
        return float(gradmath.directional_derivative(self.gradient_at_point, [np.cos(angle), np.sin(angle)]))

    def _live_row(self, value: float, colour: Any, *parts: str) -> tuple[VGroup, LiveNumber]:
        """A line of ``parts`` (as ``mixed``: words, maths, …; the last is maths ending in "=") then a
        live number in the maths font on the same baseline: the last part is typeset with a trailing
        0 that marks where the number's first digit sits, then drops it."""
        *head, last = parts
        line = self.mixed(*head, rf"{last} 0")
        name = line[-1]
        glyphs = name[0] if isinstance(name, MathTex) else name
        digit = glyphs[-1]
        glyphs.remove(digit)
        number = LiveNumber(value, decimals=2, look=self.look, size=self.look.label_size * self.math_scale,
                            color=self.look.readable(colour), font=MATH_FONT)
        number.shift([digit.get_left()[0] - number.get_left()[0], digit.get_bottom()[1] - number.get_bottom()[1], 0])
        return VGroup(line, number), number

    def construct(self) -> None:
        look, ls, profile = self.look, self.landscape, self.profile
        f = ls.function_symbol
        g = self.gradient_at_point
        at = _pt(self.point)
        steepest = profile.steepest_rate
        up = ls.goal == "max"
        needle_scale, capped = self.needle_scale()

        # Beat 1 (title frame): the compass at the hiker's feet; its needle is the gradient.
        field, over = map_at_left(ls, look=look, width=self.map_size[0], height=self.map_size[1])
        box = field.frame.border
        centre = field.to_screen(self.point)
        start = Dot(centre, radius=0.11, color=look.start, stroke_color=look.outline(look.start), stroke_width=3)
        rose = compass_rose(self.compass_radius, look=look).move_to(centre)
        for letter in (m for m in rose if isinstance(m, Text)):  # N E S W outside the ring read on dark terrain too
            letter.add_background_rectangle(color=look.background, buff=0.03,
                                            opacity=look.backdrop_opacity(letter.get_color()))
        _follow(rose, centre, _box(box))
        position = ValueTracker(0.0)  # index along the walk, fractional between steps

        def here() -> np.ndarray:
            return self._walk_point(position.get_value())

        def needle_now() -> VGroup:  # from the rose's centre: the rose stays on the map, beside an edge too
            tail = _rose_centre(rose)
            length = needle_scale * np.array([*ls.gradient(here()), 0.0])
            size = np.linalg.norm(length)
            if size > NEEDLE_CAP * self.compass_radius:  # capped at the dial
                length *= NEEDLE_CAP * self.compass_radius / size
            return _needle(tail, tail + length, look.gradient, look.stroke + 2, look)

        needle = needle_now()  # static until the walk: a redrawn needle would make every later layer redraw
        panel_left = over.get_right()[0] + 0.5
        title = self.label("The gradient is a compass", size="title")
        self.panel = SidePanel(title, panel_left)
        self.panel.row(self.math(ls.latex, size=look.label_size, color=look.muted), buff=0.3)
        self.panel.row(self.math(rf"\nabla {f}{at} = [{fmt(g[0])}, {fmt(g[1])}]", color=look.gradient))
        norm_row, norm = self._live_row(steepest, look.gradient, "", rf"\lvert\nabla {f}{at}\rvert =")
        self.panel.row(norm_row)
        rate_row, rate = self._live_row(self.rate_along(0.0), look.foreground, "", rf"\nabla {f}{at} \cdot \hat{{u}} =")
        self.panel.row(rate_row, buff=0.35)
        plot, ticks, x_name = self._plot(steepest, rate_row, title)
        ghost = VGroup(plot, ticks, x_name).copy().set_opacity(0.4)  # the empty graph, waiting for beat 2
        way = np.array([g[0], g[1], 0.0]) / (float(np.hypot(*g)) or 1.0)
        rim = _rose_centre(rose) + self.compass_radius * way  # by the dial's rim where the needle points
        needle_label = place_clear(self.math(rf"\nabla {f}", color=look.gradient), rim,
                                   avoid=[rose, needle, over, ghost], directions=around(way), buff=0.12, margin=0.08,
                                   within=_inset(_box(box), 0.08))  # its backdrop inside the map too
        labels(needle_label, needle)
        needle_label.add_background_rectangle(color=look.background, buff=0.06,
                                              opacity=look.backdrop_opacity(needle_label.get_color()))
        walker = Dot(centre, radius=0.06, color=look.foreground, stroke_color=look.background, stroke_width=2)
        self.add(field, over, rose, start, walker, needle, ghost, *self.panel[:3])
        self.narrate(f"At the hiker's feet lies a compass. Its needle is the gradient, ∇{f}{at} = "
                     f"[{fmt(g[0])}, {fmt(g[1])}]: it points the steepest way up, and its length says how steep.", 8)
        self.play(FadeIn(needle_label), run_time=1)
        self.play(FadeIn(norm_row), run_time=1)

        # Beat 2: a heading û; the slope that way is ∇f·û, read off live and plotted against the heading.
        heading = ValueTracker(0.0)  # radians

        def u_now() -> VGroup:
            a, tail = heading.get_value(), _rose_centre(rose)
            return _needle(tail, tail + 0.95 * self.compass_radius * np.array([np.cos(a), np.sin(a), 0.0]),
                           look.foreground, look.stroke)

        u_arrow = always_redraw(u_now)
        tracer = always_redraw(lambda: Dot(plot.c2p(np.degrees(heading.get_value()), self.rate_along(heading.get_value())),
                                           radius=0.07, color=look.foreground, stroke_color=look.background, stroke_width=2))
        rate.add_updater(lambda m: m.set_value(self.rate_along(heading.get_value())))
        degrees = np.degrees(profile.angles)
        curve = plot.plot_line_graph(np.append(degrees, 360.0), np.append(profile.derivatives, profile.derivatives[0]),
                                     add_vertex_dots=False, line_color=look.foreground, stroke_width=look.stroke)["line_graph"]
        set_role(curve, "path")
        self.narrate(f"Turn to any heading û. The slope you would feel that way is the dot product ∇{f}·û; "
                     "the graph plots it against the heading.", 7)
        self.play(FadeOut(needle_label, ghost), FadeIn(plot, ticks, x_name), run_time=1.2)
        self.add(u_arrow, tracer)  # redrawn every frame: shown at once (a FadeIn of them leaves a stray dot)
        self.play(FadeIn(rate_row), run_time=1)

        # Beats 3–6: the sweep stops where the slope is steepest, level, falls fastest, level again.
        turn = 2 * np.pi
        along, opposite = profile.steepest_angle % turn, (profile.steepest_angle + np.pi) % turn
        stops = sorted([(along, "along"), (opposite, "opposite")] + [(a % turn, "level") for a in profile.level_angles])
        texts = {  # narration, label on the plot (the start's: tagged with its point), colour
            "along": (f"Along the gradient the ground climbs fastest: {fmt(steepest)}, the length of ∇{f}.",
                      rf"\lvert\nabla {f}{at}\rvert = {fmt(steepest)}", look.ascent),
            "level": ("At right angles to the gradient the ground is level: the slope is zero.", "0", look.foreground),
            "opposite": (f"Straight against the gradient it falls fastest: minus {fmt(steepest)}.",
                         rf"-{fmt(steepest)}", look.descent),
        }
        seen_level, done, spots = False, 0.0, VGroup()
        axis_lines = VGroup(*(set_role(axis.copy(), "path") for axis in (plot.x_axis, plot.y_axis)))  # labels keep off them
        for angle, kind in stops:
            words, tex, colour = texts[kind]
            if kind == "level" and seen_level:
                words = "At the other right angle it is level again: every heading between climbs or falls."
            seen_level = seen_level or kind == "level"
            self.narrate(words, 4)
            self.play(heading.animate.set_value(angle), Create(_partial(curve, done, angle)),
                      run_time=max(0.6, self.sweep_speed * (angle - done)), rate_func=linear)
            spot = Dot(plot.c2p(np.degrees(angle), self.rate_along(angle)), radius=0.08,
                       color=look.muted if kind == "level" else colour,
                       stroke_color=look.outline(look.muted if kind == "level" else colour), stroke_width=2)
            tag = self.math(tex, size=look.small_size * 1.15, color=colour)
            place_clear(tag, spot, avoid=[curve, spot, spots, ticks, axis_lines], margin=0.08,
                        directions=around(UP if kind == "along" else DOWN if kind == "opposite" else RIGHT + DOWN),
                        within=(plot.get_left()[0] + 0.15, plot.get_right()[0], plot.get_bottom()[1],
                                rate_row.get_bottom()[1] - 0.1))
            labels(tag, spot)
            spots.add(spot, tag)
            self.play(FadeIn(spot, scale=2), FadeIn(tag), run_time=0.7)
            done = angle
        self.play(heading.animate.set_value(turn), Create(_partial(curve, done, turn)),
                  run_time=max(0.3, self.sweep_speed * (turn - done)), rate_func=linear)

        # Beat 7: the compass walks along the needle (against it, down); the panel reads the slope where it is.
        last = len(self.path.points) - 1
        trail = outlined(trajectory_path(field, self.path, color=look.ascent if up else look.descent), look=look)
        for part in trail:  # drawn over a background-coloured edge: it reads on any terrain
            set_role(part, "path")
        marks = self._step_marks(field, look.ascent if up else look.descent)
        marks.add_updater(lambda m: [d.set_opacity(1.0 if d.step <= position.get_value() + 1e-9 else 0.0)
                                     for d in m])
        # the rows named for the start give way to rows for where the compass is ("here")
        norm_here, norm = self._live_row(steepest, look.gradient, "", rf"\lvert\nabla {f}\rvert", "here", "=")
        rate_here, rate = self._live_row(self.rate_along(0.0), look.foreground, "", rf"\nabla {f} \cdot \hat{{u}}", "here",
                                         "=")
        for old, new in ((norm_row, norm_here), (rate_row, rate_here)):
            new.align_to(old, LEFT).shift((old[0][0].get_bottom()[1] - new[0][0].get_bottom()[1]) * UP)
        norm.add_updater(lambda m: m.set_value(np.hypot(*ls.gradient(here()))))
        rose.add_updater(lambda m: _follow(m, field.to_screen(here()), _box(box)))
        walker.add_updater(lambda m: m.move_to(field.to_screen(here())))
        needle.add_updater(lambda m: m.become(needle_now()))
        # where the rose must stand aside (the walker near an edge), a thin line ties it to the walker it reads
        tether = Line(ORIGIN, RIGHT, stroke_color=look.muted, stroke_width=2).set_opacity(0)
        tether.add_updater(lambda m: _tie(m, _rose_centre(rose), field.to_screen(here()), self.compass_radius))
        rate.clear_updaters()
        rate.add_updater(lambda m: m.set_value(float(gradmath.directional_derivative(ls.gradient(here()), [1.0, 0.0]))))
        self.narrate(self._walk_words(f, capped), 7)
        still = tracer.copy().clear_updaters()  # the graph is the start's; û (east) and ∇f·û walk on
        self.remove(tracer)
        self.add(still)
        self.play(FadeOut(still, norm_row, rate_row), FadeIn(norm_here, rate_here), run_time=0.6)
        self.add(marks)
        self.add(tether)
        self.bring_to_front(rose, u_arrow, needle, tether, walker)
        self.play(position.animate.set_value(last), Create(trail, lag_ratio=0), run_time=self.walk_time, rate_func=linear)
        for m in (rose, norm, needle, marks, rate, u_arrow, walker, tether):
            m.clear_updaters()

        # Beat 8: the end of the walk: the optimum (or where the walk stopped short).
        final = self.path.final
        arrived = self.path.converged
        end = "the top" if up else "the bottom"
        size = look.label_size
        if arrived:
            words = (f"At {end}, {_pt(final)}, the gradient is zero: no heading goes {'up' if up else 'down'}, "
                     "and the compass has nothing left to say.")
            lines = (self.mixed("top" if up else "bottom", _pt(final), size=size),)  # |∇f| here = 0: the panel
        elif self.path.left_domain:
            words = f"After {last} steps the walk reaches the edge of the map at {_pt(final)}, still going."
            lines = (self.label("edge of the map", size=size * WORDS_BESIDE_MATHS),
                     self.mixed(f"after {last} steps", _pt(final), size=size))
        else:
            words = f"After {last} steps the walk stops at {_pt(final)}, not yet at {end}."
            lines = (self.mixed(f"after {last} steps", _pt(final), size=size),)
        self.narrate(words, 6)
        colour = look.optimum if arrived else look.foreground
        goal = (Star(outer_radius=0.2, color=colour, fill_opacity=1, stroke_color=look.outline(colour), stroke_width=2)
                if arrived else Dot(radius=0.1, color=colour, stroke_color=look.outline(colour), stroke_width=2))
        goal.move_to(field.to_screen(final))
        for line in lines:
            line.set_color(look.readable(colour))
        summit = VGroup(*lines)
        summit.arrange(DOWN, buff=0.12, aligned_edge=LEFT)
        on_screen = [trail, marks, start, goal, walker, *(m for m in self.mobjects if m not in (rose, needle, u_arrow))]
        placed = clear_direction(summit, goal, avoid=on_screen, directions=around(UP), within=_box(box))
        if placed is None:  # no room on the map: on one line, anywhere clear near the end of the walk
            summit.arrange(RIGHT, buff=0.25)
            placed = clear_direction(summit, goal, avoid=on_screen, directions=around(UP))
        if placed is None:  # smaller, on the map or anywhere clear
            summit.arrange(DOWN, buff=0.12, aligned_edge=LEFT).scale(0.8)
            placed = clear_direction(summit, goal, avoid=on_screen, directions=around(UP), within=_box(box))
        if placed is None:  # nowhere clear: on the map, beside the goal, as near as it fits
            place_clear(summit, goal, avoid=on_screen, directions=around(UP), within=_box(box))
        summit.add_background_rectangle(color=look.background, buff=0.06,
                                        opacity=look.backdrop_opacity(look.readable(colour)))
        for line in lines:
            for part in (line if isinstance(line, VGroup) and not isinstance(line, MathTex) else [line]):
                labels(part, goal)
        self.play(FadeOut(rose, needle, u_arrow), run_time=1)
        self.add(goal)
        self.bring_to_front(trail, marks, walker)  # the goal under the walk's end: its last steps show
        self.play(FadeIn(goal, scale=2), FadeIn(summit), run_time=1)
        self.hold_summary()

    def _walk_words(self, f: str, capped: bool) -> str:
        """The walk's narration, from the walk: where it ends (the optimum, the map's edge, short of it) and
        whether the gradient shrank or grew on the way."""
        up = self.landscape.goal == "max"
        where, end = ("uphill, along the needle", "the top") if up else ("downhill, against the needle", "the bottom")
        last, norms = len(self.path.points) - 1, self.gradient_norms
        start = f"Now walk {where}, {last} small steps, û still facing east."
        if self.path.converged:
            change = f"As {end} flattens, the needle and the slope ∇{f}·û shrink to nothing."
        elif norms[-1] > norms[0]:
            change = (f"The ground gets steeper: the needle grows from {fmt(norms[0])} to {fmt(norms[-1])}"
                      + (" (drawn at most the dial's size)" if capped else "")
                      + (", and the walk runs off the map." if self.path.left_domain else "."))
        else:
            change = (f"The needle shrinks from {fmt(norms[0])} to {fmt(norms[-1])}"
                      + (", and the walk runs off the map." if self.path.left_domain else f", short of {end}."))
        return f"{start} {change}"

    def _plot(self, steepest: float, above: Any, title: Any, height: float | None = None) -> tuple[Axes, VGroup, Any]:
        """Axes for ∇f·û against the heading (0°–360°), the slope axis symmetric and with room for labels,
        under ``above`` and aligned with ``title``: ``plot_height`` tall, less where the safe frame ends sooner."""
        look = self.look
        top = _round_above(1.6 * steepest) if steepest > 0 else 1.0  # room for the labels above and below
        sample = self.label("−00", size=look.small_size * 0.85)  # room for the slope ticks
        last = self.label("360°", size=look.small_size * 0.85)  # and for half the last heading
        width = self.panel.width_available - sample.width - 0.45 - last.width / 2
        plot = Axes(x_range=[0, 360, 90], y_range=[-top, top, top], x_length=width, y_length=height or self.plot_height,
                    tips=False, axis_config={"color": look.muted, "stroke_width": 2})
        crowded = width / 4 < self.label("270°", size=look.small_size * 0.85).width + 0.3  # every other heading
        ticks = VGroup(*(self.label(f"{d}°", size=look.small_size * 0.85, color=look.muted)
                         .next_to(plot.c2p(d, -top), DOWN, buff=sample.height / 2 + 0.1)  # below the −top tick
                         for d in ((0, 180, 360) if crowded else (0, 90, 180, 270, 360))))
        ticks.add(*(self.label(fmt(v), size=look.small_size * 0.85, color=look.muted)
                    .next_to(plot.c2p(0, v), LEFT, buff=0.15) for v in (-top, 0, top)))
        x_name = self.label("heading of û", size="small", color=look.muted).next_to(ticks, DOWN, buff=0.1)
        x_name.align_to(plot, RIGHT)
        VGroup(plot, ticks, x_name).next_to(above, DOWN, buff=0.3).align_to(title, LEFT)
        short = safe_box()[2] - x_name.get_bottom()[1]  # how far it reaches into the caption area
        if short > 0 and height is None:
            return self._plot(steepest, above, title, height=max(1.0, self.plot_height - short - 0.02))
        return plot, ticks, x_name

    def _step_marks(self, field: LandscapeMap, colour: Any) -> VGroup:
        """A dot at every step of the walk, leaving out those that would crowd the previous one."""
        marks, last = VGroup(), None
        for k, p in enumerate(self.path.points[1:], start=1):
            at = field.to_screen(p)
            if last is not None and np.linalg.norm(at - last) < self.mark_gap:
                continue
            dot = Dot(at, radius=0.055, color=colour, stroke_color=self.look.outline(colour), stroke_width=2)
            dot.step = k
            dot.set_opacity(0.0)
            marks.add(dot)
            last = at
        return marks

    def _walk_point(self, s: float) -> np.ndarray:
        """The walk at fractional step ``s``: straight between gradmath's consecutive points."""
        pts = self.path.points
        k = int(np.clip(np.floor(s), 0, len(pts) - 2)) if len(pts) > 1 else 0
        t = float(np.clip(s - k, 0.0, 1.0))
        return pts[k] if len(pts) == 1 else (1 - t) * pts[k] + t * pts[k + 1]


NEEDLE_REACH = 0.85  # the longest needle of the scene (the start's, or the walk's up to NEEDLE_RANGE × it), in dial radii
NEEDLE_RANGE = 3.0  # the needle's scale serves |∇f| up to this many times the start's; longer needles are capped
NEEDLE_CAP = 0.95  # ... at this many dial radii


def _needle(tail: np.ndarray, tip: np.ndarray, colour, width: float, look: Any = None) -> VGroup:
    """An arrow from tail to tip (with ``look``, over a background-coloured edge: it reads on any
    terrain); below 1e-3 screen units only a dot remains (no zero-length arrow)."""
    if np.linalg.norm(tip - tail) < 1e-3:
        return VGroup(Dot(tail, radius=0.03, color=colour))
    arrow = Arrow(tail, tip, buff=0, color=colour, stroke_width=width, max_tip_length_to_length_ratio=0.35,
                  tip_length=0.2, max_stroke_width_to_length_ratio=40)
    if look is None:
        return VGroup(arrow)
    edge = arrow.copy().set_stroke(color=look.background, width=width + 4, opacity=0.8)
    edge.tip.set_fill(opacity=0)
    return VGroup(edge, arrow)


def _partial(curve, start: float, end: float):
    """The piece of the traced profile curve between two headings (radians)."""
    a, b = start / (2 * np.pi), end / (2 * np.pi)
    piece = curve.copy().pointwise_become_partial(curve, a, b) if b > a else curve.copy().set_opacity(0)
    return set_role(piece, "path")


def _round_above(value: float) -> float:
    """The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ) not below ``value``."""
    mag = 10 ** np.floor(np.log10(value))
    return float(min(m * mag for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * mag >= value * (1 - 1e-9)))


def _box(mobject: Any) -> tuple[float, float, float, float]:
    """(left, right, bottom, top) of ``mobject``'s bounding box."""
    return mobject.get_left()[0], mobject.get_right()[0], mobject.get_bottom()[1], mobject.get_top()[1]


def _pt(p) -> str:
    return f"({fmt(p[0])}, {fmt(p[1])})"


def _follow(rose: Any, point: np.ndarray, box: tuple[float, float, float, float]) -> None:
    """Move ``rose`` to ``point``, as near as it can inside ``box``; where it has to stand aside (the
    walker near an edge) its letters N E S W are hidden: they would sit on the walk."""
    want = point - (_rose_centre(rose) - rose.get_center())  # the box's centre that puts the dial's on ``point``
    at = _inside(want, rose, box)
    rose.move_to(at)
    shown = np.linalg.norm(at[:2] - want[:2]) < 1e-6
    for letter in (m for m in rose if isinstance(m, Text)):
        backdrop = letter.background_rectangle
        if not hasattr(backdrop, "shown_opacity"):
            backdrop.shown_opacity = backdrop.get_fill_opacity()
        backdrop.set_fill(opacity=backdrop.shown_opacity if shown else 0.0)
        for glyph in letter.submobjects:
            if glyph is not backdrop:
                glyph.set_fill(opacity=1.0 if shown else 0.0)


def _tie(line: Line, centre: np.ndarray, walker: np.ndarray, radius: float) -> None:
    """``line`` from the dial's centre to the walker when the rose stands more than a tenth of its
    radius aside (its needle reads the gradient at the walker, not where the dial is), else hidden."""
    if float(np.linalg.norm(walker[:2] - centre[:2])) <= 0.1 * radius:  # the dial is on the walker
        line.set_stroke(opacity=0.0)
        return
    line.put_start_and_end_on(np.array([centre[0], centre[1], 0.0]), np.array([walker[0], walker[1], 0.0]))
    line.set_stroke(opacity=0.9)


def _inset(box: tuple[float, float, float, float], by: float) -> tuple[float, float, float, float]:
    """A box (left, right, bottom, top) shrunk by ``by`` on every side."""
    left, right, bottom, top = box
    return left + by, right - by, bottom + by, top - by


def _rose_centre(rose: Any) -> np.ndarray:
    """The centre of a compass rose's dial (its letters may be lopsided with their backdrops)."""
    return rose[0].get_center()


def _inside(point: np.ndarray, mobject: Any, box: tuple[float, float, float, float]) -> np.ndarray:
    """Where to ``move_to`` ``mobject`` so that it sits as near ``point`` as it can inside ``box``
    (left, right, bottom, top) and inside the safe frame."""
    safe = safe_box()
    left, right = max(box[0], safe[0]), min(box[1], safe[1])
    bottom, top = max(box[2], safe[2]), min(box[3], safe[3])
    half_w, half_h = mobject.width / 2, mobject.height / 2
    return np.array([min(max(point[0], left + half_w), right - half_w),
                     min(max(point[1], bottom + half_h), top - half_h), 0.0])
