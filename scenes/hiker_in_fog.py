"""HikerInFog: a hiker in fog feels each partial derivative, combines them into the gradient, and climbs (or descends)."""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromPoint,
    Line,
    MathTex,
    Star,
    Transform,
    VGroup,
)

import gradmath
from gradmath import Landscape

from scenes.common import (
    WORDS_BESIDE_MATHS, Fog, GradvizScene, LandscapeMap, SidePanel, gradient_arrow, map_at_left, pure_updater,
    trajectory_path
)
from scenes.layout import around, clear_direction, labels, place_clear, set_role
from scenes.text import fmt
from theme import format_number

__all__ = ["HikerInFog"]


class HikerInFog(GradvizScene):
    """A landscape hidden in fog; the hiker feels each slope, combines them into ∇f, and walks up
    it (a maximum) or down it (a minimum)."""

    template = "hiker_in_fog"
    math_scale = 1.15  # LaTeX glyphs run smaller than Pango text of the same size
    readable_text = True  # orange or yellow text darkened on the light theme
    landscape: Landscape
    start: tuple[float, float]
    learning_rate: float
    steps: int
    fog_radius: float = 1.35  # screen units
    map_size: tuple[float, float] = (6.3, 5.4)  # the plotting box the map fits in (screen units)
    walk_time: float = 12.0  # seconds the whole walk takes at most
    panel_gap: float = 0.24  # between the rows of the side panel
    feel_step: float = 0.3  # screen units the hiker steps east and north to feel the slopes

    def setup(self) -> None:
        super().setup()
        ls = self.landscape
        self.start_point = np.asarray(self.start, dtype=float)
        self.value_at_start = float(ls.value(self.start_point))
        self.gradient_at_start = ls.gradient(self.start_point)
        self.path = gradmath.descend(ls, self.start_point, learning_rate=self.learning_rate, steps=self.steps)
        inside = np.all((self.path.points >= ls.bounds[:, 0]) & (self.path.points <= ls.bounds[:, 1]), axis=1)
        self.walked = int(np.argmin(inside)) if not inside.all() else len(inside)  # points walked on the map
        steps = np.diff(self.path.points[:self.walked], axis=0)
        self.step_lengths = np.linalg.norm(steps, axis=1)
        # consecutive steps that turn back (their dot product is negative): the walk overshoots the floor
        self.reversals = int(np.sum(np.einsum("ij,ij->i", steps[:-1], steps[1:]) < 0)) if len(steps) > 1 else 0
        # the optimum the walk reached, else the nearest one (None on a landscape without one)
        found = gradmath.optima(ls)
        reached = int(gradmath.attractor_of(self.path.final, found, ls)[0]) if found else -1
        self.arrived = reached >= 0 and self.walked == len(self.path.points)
        span = ls.bounds[:, 1] - ls.bounds[:, 0]
        nearest = min(found, key=lambda c: float(np.max(np.abs(c.point - self.path.final) / span)), default=None)
        self.summit = found[reached] if reached >= 0 else nearest

    # --- layout ----------------------------------------------------------------------------------
    def _label_on_map(self, label: Any, anchor: Any, *, avoid: list, directions: tuple) -> Any:
        """A label on a translucent backdrop, placed clear of ``avoid`` (and of what is on screen) inside the
        map's box, else anywhere clear in the safe frame."""
        label.add_background_rectangle(color=self.look.background, buff=0.06,
                                       opacity=self.look.backdrop_opacity(label.get_color()))
        box = self.plot_box
        return place_clear(label, anchor, avoid=[*avoid, *self.mobjects], directions=directions, buff=0.12,
                           within=(box.get_left()[0], box.get_right()[0], box.get_bottom()[1], box.get_top()[1]))

    def construct(self) -> None:
        look, ls = self.look, self.landscape
        x_sym, y_sym = ls.symbols
        f = ls.function_symbol
        g0 = self.gradient_at_start
        up = ls.goal == "max"
        where = _point_text(self.start_point)

        # Beat 1 (title frame): the map exists, but fog hides it except around the hiker.
        field, over = map_at_left(ls, look=look, width=self.map_size[0], height=self.map_size[1])
        self.plot_box = field.frame.border
        start_screen = field.to_screen(self.start_point)
        fog = Fog(start_screen, radius=self.fog_radius, look=look, region=self.plot_box)
        start_mark = Dot(start_screen, radius=START_RADIUS, color=look.start, stroke_color=look.outline(look.start),
                         stroke_width=3)
        hiker = Dot(start_screen, radius=0.075, color=look.foreground, stroke_color=look.background, stroke_width=3)
        panel_left = over.get_right()[0] + 0.45
        title = self.label("A hiker in the fog", size="title")
        self.panel = SidePanel(title, panel_left, gap=self.panel_gap)
        formula = self.panel.row(self.math(ls.latex, size=look.label_size, color=look.muted))
        self.add(title, field, fog, over, start_mark, hiker)
        self.narrate(f"{ls.title}. Fog hides the whole landscape, except a small circle around the hiker at {where}.", 6)
        self.play(FadeIn(formula), run_time=1.5)
        height = self.panel.row(self.math(rf"{f}{where} = {fmt(self.value_at_start)}"))
        self.play(FadeIn(height), run_time=1)

        # Beat 2: step east and feel the slope: ∂f/∂x, drawn to its own scale (labelled).
        biggest = float(np.max(np.abs(g0)))
        part_scale = self.partial_scale(field)  # screen units per unit of slope
        arrow_scale = part_scale / field.unit
        east, north = np.array([g0[0], 0.0]), np.array([0.0, g0[1]])
        dx = self._arrow(field, self.start_point, east, arrow_scale, look.foreground)
        dy = self._arrow(field, self.start_point, north, arrow_scale, look.foreground)
        dx_label = self._label_on_map(self.math(rf"\partial {f}/\partial {x_sym} = {fmt(g0[0])}", size=MAP_TEXT),
                                      dx.tip, avoid=[start_mark, dx, dy, hiker.copy().shift(self.feel_step * UP)],
                                      directions=around(np.sign(g0[0]) * RIGHT if g0[0] else RIGHT))
        labels(dx_label, dx)
        self.narrate(f"One step east: the ground {_slope_words(g0[0], x_sym)}. That slope is the partial derivative "
                     f"∂{f}/∂{x_sym}, drawn as an arrow to its own scale.", 6)
        self.play(hiker.animate.shift(self.feel_step * RIGHT), run_time=0.6)
        self.play(hiker.animate.move_to(start_screen), _grow(dx), FadeIn(dx_label), run_time=1.2)
        px = self.math(rf"\partial {f}/\partial {x_sym} = {fmt(g0[0])}")
        py = self.math(rf"\partial {f}/\partial {y_sym} = {fmt(g0[1])}")
        partials = VGroup(px, py).arrange(RIGHT, buff=0.6)
        if partials.width > self.panel.width_available:
            partials.arrange(DOWN, buff=self.panel_gap, aligned_edge=LEFT)
        self.panel.row(partials)
        scale_bar = self.panel.row(self._scale_bar(biggest, part_scale))
        self.play(FadeIn(px), FadeIn(scale_bar), run_time=1)

        # Beat 3: step north: ∂f/∂y.
        dy_label = self._label_on_map(self.math(rf"\partial {f}/\partial {y_sym} = {fmt(g0[1])}", size=MAP_TEXT),
                                      dy.tip, avoid=[start_mark, dx, dx_label, dy],
                                      directions=around(np.sign(g0[1]) * UP if g0[1] else UP))
        labels(dy_label, dy)
        self.narrate(f"One step north: the ground {_slope_words(g0[1], y_sym)}. That is ∂{f}/∂{y_sym}.", 4)
        self.play(hiker.animate.shift(self.feel_step * UP), run_time=0.6)
        self.play(hiker.animate.move_to(start_screen), _grow(dy), FadeIn(dy_label), run_time=1.2)
        self.play(FadeIn(py), run_time=0.8)
        self.remove(px, py)
        self.add(partials)  # one panel row from now on

        # Beat 4: both slopes make one arrow, the gradient (the same scale: the parallelogram's diagonal).
        grad = self._arrow(field, self.start_point, g0, arrow_scale, look.gradient)
        moved = dy.copy()
        shift = dx.tip - start_screen
        grad_label = self._label_on_map(self.math(rf"\nabla {f}", size=MAP_TEXT, color=look.gradient), grad.tip,
                                        avoid=[start_mark, grad, dx, dy.copy().shift(shift)],
                                        directions=around(grad.tip - start_screen))
        labels(grad_label, grad)
        steepest = "up" if up else "up; the hiker wants down, so walks against it"
        self.narrate(f"Put the two arrows end to end: together they make one arrow, the gradient ∇{f}{where} = "
                     f"[{fmt(g0[0])}, {fmt(g0[1])}]. It points the steepest way {steepest}.", 8)
        self.play(FadeOut(dx_label, dy_label), moved.animate.shift(shift), run_time=1.2)
        self.play(_grow(grad), FadeIn(grad_label), run_time=1.2)
        grad_row = self.panel.row(self.math(rf"\nabla {f}{where} = [{fmt(g0[0])}, {fmt(g0[1])}]", color=look.gradient))
        # the partials' row is now said by the gradient's row (with its point): muted
        self.play(FadeIn(grad_row), FadeOut(dx, dy, moved), partials.animate.set_color(look.muted), run_time=1)

        # Beat 5: a step is rate × ∇f: the arrow shrinks (or turns round) to the step's length.
        sign = "+" if up else "-"
        rule = self.panel.row(self.math(rf"({x_sym}, {y_sym}) \leftarrow ({x_sym}, {y_sym}) {sign} "
                                   rf"{fmt(self.learning_rate)}\,\nabla {f}", color=look.muted))
        path_colour = look.ascent if up else look.descent
        direction = 1.0 if up else -1.0
        step = self._step_arrow(field, 0, direction, path_colour)
        way = "along" if up else "against"
        self.narrate(f"Each step moves {fmt(self.learning_rate)} times the gradient, {way} it: the arrow becomes "
                     "the first step.", 6)
        self.play(FadeIn(rule), FadeOut(grad_label), run_time=1)
        self.play(Transform(grad, step), run_time=1.5)
        self.remove(grad)
        self.add(step)

        # Beat 6: the walk: every position from gradmath.descend, a mark at every step (numbered when the
        # walk turns back on itself, so the order of the zig-zag reads).
        self.bring_to_back(*self.panel)  # static text behind the moving fog: drawn once, not per frame
        fog.add_updater(pure_updater(lambda m: m.move_window(hiker.get_center())))
        points, values = self.path.points, self.path.values
        end = "the top" if up else "the bottom"
        self.narrate(self._walk_words(end), 7)
        marks, numbers, counter = VGroup(), VGroup(), None
        whole = trajectory_path(field, points[:self.walked], color=path_colour)  # never shown: numbers keep off it
        peak = self._star(field)  # and off the optimum's star, shown later
        number_marks = self.reversals > 0
        per_step = min(1.1, self.walk_time / max(1, self.walked - 1))
        for k in range(1, self.walked):
            there = field.to_screen(points[k])
            segment = set_role(trajectory_path(field, points[k - 1:k + 1], color=path_colour), "path")
            under = set_role(segment.copy().set_stroke(color=look.background, width=look.stroke + 3, opacity=0.8), "path")
            mark = Dot(there, radius=0.065, color=path_colour, stroke_color=look.outline(path_colour), stroke_width=2.5)
            self.add(under, segment)
            self.bring_to_front(hiker)
            self.play(Create(under), Create(segment), hiker.animate.move_to(there), FadeOut(step),
                      run_time=0.75 * per_step)
            status = self.mixed(f"step {k}:", rf"{f} = {fmt(values[k], 3)}")
            status.scale_to_fit_width(min(status.width, self.panel.width_available))
            status.next_to(rule, DOWN, buff=self.panel_gap).align_to(rule, LEFT)
            if counter is not None:
                self.remove(counter)  # swapped at once: never morphed between digit strings
            self.add(status, mark)
            crowded = any(np.linalg.norm(there - m.get_center()) < NUMBER_ROOM for m in marks)
            number_marks = number_marks and not crowded  # numbered until the marks crowd together
            number = self._step_number(k, mark, avoid=[whole, start_mark, marks, numbers, peak]) if number_marks else None
            number_marks = number_marks and number is not None
            if number is not None:
                numbers.add(number)
                self.add(number)
            self.bring_to_front(hiker)
            counter = status
            marks.add(mark)
            step = self._step_arrow(field, k, direction, path_colour)
            if k + 1 < self.walked and step.length > 0.12:
                self.play(_grow(step), run_time=0.25 * per_step)
        if counter is not None:
            self.panel.add(counter)

        # Beat 7: the fog lifts: the map, the whole path, the optimum (under the path: the walk's end shows).
        fog.clear_updaters()
        top = self.summit
        reached = _point_text(points[self.walked - 1])
        moved_to = "climbed" if up else "walked down"
        trail = VGroup(*[m for m in self.mobjects if getattr(m, "gradviz_role", None) == "path"])
        if self.walked < len(points):
            words = f"The fog lifts: at {reached} the next step would leave the map."
        elif top is None:
            words = f"The fog lifts: the hiker {moved_to} to {reached}. This landscape has no {end[4:]} on the map."
        else:
            words = (f"The fog lifts: the hiker {moved_to} to {reached}, {'next to' if self.arrived else 'still short of'} "
                     f"{end} {_point_text(top.point)}, where {f} = {fmt(top.value)}.")
        self.narrate(words, 6)
        self.play(FadeOut(fog), run_time=2)
        if top is not None:
            peak_label = self._peak_label(top, f, up, peak, avoid=[trail, marks, numbers, start_mark, peak, hiker])
            self.add(peak)
            self.bring_to_front(trail, marks, numbers, hiker)  # the star under the walk: its last steps show
            self.play(FadeIn(peak, scale=2), FadeIn(peak_label), run_time=1)

        # Beat 8: the steps follow the slope: they shrink where the ground flattens.
        lengths = self.step_lengths
        if len(lengths) >= 2:
            shown = [_length(x) for x in lengths[:3]] + ([r"\dots", _length(lengths[-1])] if len(lengths) > 3 else [])
            row = self.panel.row(self.mixed("step lengths:", ", ".join(shown), color=path_colour))
            self.narrate(self._lengths_words(f), 7)
            self.play(FadeIn(row), run_time=1)
        self.hold_summary()

    def partial_scale(self, field: LandscapeMap) -> float:
        """Screen units per unit of slope for the partial-derivative and gradient arrows at the start:
        the larger partial about the fog's radius, stretched (up to twice that) so the smaller non-zero
        one reaches ``SHORTEST`` beyond the start mark, and capped so every arrow's tip stays
        ``ARROW_ROOM`` (or room for ∇f's label) inside the map's box (the three arrows' tips are the same
        two offsets)."""
        g0 = self.gradient_at_start
        size = np.abs(g0)
        biggest = float(size.max())
        if biggest == 0:
            return 1.0
        smallest = float(size[size > 0].min())
        scale = max(0.85 * self.fog_radius / biggest,
                    min((START_RADIUS + SHORTEST) / smallest, 2 * self.fog_radius / biggest))
        at = field.to_screen(self.start_point)
        label = self.math(rf"\nabla {self.landscape.function_symbol}", size=MAP_TEXT)  # ∇f's label beside its tip
        reserve = [max(ARROW_ROOM, side + LABEL_GAP) for side in (label.width, label.height)]
        box = self.plot_box
        for axis, (low, high) in enumerate(((box.get_left()[0], box.get_right()[0]),
                                            (box.get_bottom()[1], box.get_top()[1]))):
            if g0[axis]:
                room = (high - at[axis] if g0[axis] > 0 else at[axis] - low) - reserve[axis]
                scale = min(scale, max(room, 0.25) / abs(g0[axis]))
        return scale

    def _arrow(self, field: LandscapeMap, point: Any, vector: Any, scale: float, colour: Any) -> VGroup:
        """An arrow over a background-coloured edge (it reads on any terrain); short ones keep their width.
        ``.arrow`` is the arrow, ``.tip`` and ``.length`` its end and length on screen."""
        arrow = gradient_arrow(field, point, vector, scale=scale, color=colour, max_stroke_width_to_length_ratio=40,
                               max_tip_length_to_length_ratio=0.45).arrow
        edge = arrow.copy().set_stroke(color=self.look.background, width=arrow.get_stroke_width() + 4, opacity=0.8)
        edge.tip.set_fill(opacity=0)
        group = set_role(VGroup(edge, arrow), "arrow")
        group.arrow, group.tip, group.length = arrow, arrow.get_end(), arrow.get_length()
        return group

    def _star(self, field: LandscapeMap) -> VGroup:
        """The optimum's star (``summit``), or nothing on a landscape without one."""
        if self.summit is None:
            return VGroup()
        look = self.look
        return Star(outer_radius=0.2, color=look.optimum, fill_opacity=1, stroke_color=look.outline(look.optimum),
                    stroke_width=2).move_to(field.to_screen(self.summit.point))

    def _step_number(self, k: int, mark: Any, *, avoid: list) -> Any:
        """The step's number beside its mark, where it is clear of the whole walk and the other marks
        (inside the map); None where there is no such place."""
        number = self.label(str(k), size=self.look.small_size * 0.8)
        number.add_background_rectangle(color=self.look.background, buff=0.03,
                                        opacity=self.look.backdrop_opacity(self.look.foreground))
        box = self.plot_box
        placed = clear_direction(number, mark, avoid=[*avoid, *self.mobjects], buff=0.06,
                                 within=(box.get_left()[0], box.get_right()[0], box.get_bottom()[1], box.get_top()[1]))
        return labels(number, mark) if placed is not None else None

    def _walk_words(self, end: str) -> str:
        """The walk's narration, from its steps: shrinking, overshooting (turning back), or growing first."""
        lengths, pairs = self.step_lengths, max(1, len(self.step_lengths) - 1)
        line = "ridge" if self.landscape.goal == "max" else "floor"  # what a step that turns back has crossed
        shrinking = bool(np.all(np.diff(lengths) < 0))
        if self.reversals * 2 >= pairs:  # most steps turn back: the walk bounces between the walls
            size = ("the zig-zag narrows as it settles" if shrinking else
                    "the steps grow: each bounce throws it farther" if lengths[-1] > lengths[0] else
                    "the steps change length as it goes")
            return (f"Step, feel the slope, step again. The sides are steep, so each step overshoots the {line} and "
                    f"lands on the far side; {size}.")
        if self.reversals:
            return (f"Step, feel the slope, step again. {self.reversals} of the steps overshoot the {line} and "
                    "turn back.")
        if shrinking:
            return f"Step, feel the slope, step again. Near {end} the ground flattens, so every step is shorter than the one before."
        return f"Step, feel the slope, step again. Where the ground steepens the steps grow; near {end} they shrink."

    def _lengths_words(self, f: str) -> str:
        lengths = self.step_lengths
        rate = f"Each step is {fmt(self.learning_rate)} × ∇{f}"
        first, last = _length(lengths[0]), _length(lengths[-1])
        shrinking = bool(np.all(np.diff(lengths) < 0))
        if self.reversals * 2 >= max(1, len(lengths) - 1):
            trend = f"shrank from {first} to {last}" if lengths[-1] < lengths[0] else f"grew from {first} to {last}"
            return f"{rate}: on the steep sides that is too far, so it overshoots. The steps {trend}."
        if shrinking:
            return f"{rate}, and ∇{f} shrinks as the ground flattens: the steps went from {first} down to {last}."
        longest = _length(lengths[int(np.argmax(lengths))])
        return (f"{rate}, so it follows the slope: the steps grew to {longest} where the ground is steep, "
                f"then shrank to {last}.")

    def _peak_label(self, top: Any, f: str, up: bool, peak: Any, *, avoid: list) -> Any:
        """"max f(5, 4) = 41" beside the star on the map, on one line or two, where the map has room for
        it clear of the path; else the side panel's next row says it (never over the axes beside the map)."""
        look, word = self.look, "max" if up else "min"
        box = self.plot_box
        within = (box.get_left()[0], box.get_right()[0], box.get_bottom()[1], box.get_top()[1])
        where, value = f"{f}{_point_text(top.point)}", fmt(top.value)
        small = MAP_TEXT / self.math_scale  # maths of MAP_TEXT
        colour = look.readable(look.optimum)
        for lines in ([self.mixed(word, rf"{where} = {value}", size=small, color=colour)],
                      [self.mixed(word, rf"{f} = {value}", size=small, color=colour),
                       self.math(_point_text(top.point), size=MAP_TEXT, color=colour)]):
            for line in lines:
                for part in (line if isinstance(line, VGroup) and not isinstance(line, MathTex) else [line]):
                    labels(part, peak)
            label = VGroup(*lines).arrange(DOWN, buff=0.08, aligned_edge=LEFT)
            label.add_background_rectangle(color=look.background, opacity=look.backdrop_opacity(colour), buff=0.06)
            if clear_direction(label, peak, avoid=[*avoid, *self.mobjects], directions=around(UP + RIGHT),
                               buff=0.12, within=within) is not None:
                return label
        return self.panel.row(self.mixed(word, rf"{where} = {value}", color=look.optimum))

    def _scale_bar(self, biggest: float, part_scale: float) -> VGroup:
        """"arrows: |——| = s": the arrows' own scale, a round slope ``s`` and its length on screen."""
        look = self.look
        s = _round_below(biggest) if biggest > 0 else 1.0
        bar = Line(ORIGIN3, RIGHT * s * part_scale, stroke_color=look.foreground, stroke_width=3)
        ends = VGroup(*(Line(p + 0.1 * UP, p + 0.1 * DOWN, stroke_color=look.foreground, stroke_width=3)
                        for p in (bar.get_start(), bar.get_end())))
        name = self.label("arrows:", size=look.label_size * WORDS_BESIDE_MATHS, color=look.muted)
        value = self.math(rf"= {fmt(s)}")
        return VGroup(name, VGroup(bar, ends), value).arrange(RIGHT, buff=0.2)

    def _step_arrow(self, field: LandscapeMap, k: int, direction: float, colour: Any) -> Any:
        """The next step from point ``k``: ± rate × ∇f there, at the map's own scale."""
        return self._arrow(field, self.path.points[k], self.path.gradients[k] * direction, self.learning_rate, colour)


ORIGIN3 = np.zeros(3)
MAP_TEXT = 30.0  # font size of the labels on the map
START_RADIUS = 0.13  # the start mark's radius (screen units)
NUMBER_ROOM = 0.35  # step marks are numbered while each lies this far (screen units) from the earlier ones
SHORTEST = 3 * START_RADIUS  # how far beyond the start mark the smaller partial's arrow reaches, where the map allows
ARROW_ROOM = 0.3  # the arrows' tips stay this far inside the map's box (screen units) ...
LABEL_GAP = 0.22  # ... or ∇f's label's width (height) and this gap, its backdrop and buffer: room for the label


def _grow(arrow: VGroup) -> GrowFromPoint:
    """GrowArrow for an arrow over its edge (``HikerInFog._arrow``): both grow from the tail."""
    return GrowFromPoint(arrow, arrow.arrow.get_start())


def _round_below(value: float) -> float:
    """The largest 1, 2 or 5 × 10ⁿ not above ``value``."""
    mag = 10 ** np.floor(np.log10(value))
    return float(max(m * mag for m in (1, 2, 5) if m * mag <= value * (1 + 1e-9)))


def _length(x: float) -> str:
    """A step's length to two significant figures (0.47, 0.0043): the last steps are tiny."""
    return format_number(x, 2)


def _point_text(p: np.ndarray) -> str:
    return f"({fmt(p[0])}, {fmt(p[1])})"


def _slope_words(slope: float, variable: str) -> str:
    """How the ground changes one step along an axis: "rises by 6 per unit of x"."""
    if slope == 0:
        return "is flat"
    return f"{'rises' if slope > 0 else 'falls'} by {fmt(abs(slope))} per unit of {variable}"
