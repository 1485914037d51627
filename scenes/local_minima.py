"""LocalMinima: runs from several starts reach different optima; a rate that overshoots; the basins; balls rolling into valleys."""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # the plain `manim` command loads us by path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    Cross,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    Indicate,
    LaggedStart,
    Mobject,
    ValueTracker,
    VGroup,
    VMobject,
)

import gradmath
from gradmath import Landscape, clip_at_exit, farthest_inside, whole_percents
from scenes.common import (GradvizScene, LandscapeMap, clip_to_domain, edge_frame, function_symbol, labels_image, nice_step,
                           pure_updater)
from scenes.layout import NEAR_ENOUGH, fit_into, labels, place_without_problems, safe_box, set_role
from scenes.plots import DigitCounter, copyable_map, formula_card, point_text, sig, step_marks, traced_path
from scenes.text import latex_to_plain

__all__ = ["LocalMinima"]


def _padded(points: np.ndarray, length: int) -> np.ndarray:
    """Repeat the last point so every path has ``length`` points (paths then grow in step)."""
    return np.vstack([points, np.repeat(points[-1:], length - len(points), axis=0)])


def _percent(whole: int) -> str:
    """A whole percent as the figure prints it: ``37 %``."""
    return f"{whole} %"


class LocalMinima(GradvizScene):
    """Which peak (valley) you reach depends on where you start — and on a step size that converges.

    Optima are numbered and coloured as in the ``heat_map_navigation`` figure of the same
    experiment: in the order of ``gradmath.basins``' attractors, series colour i for optimum i.
    """

    template = "local_minima"
    landscape: Landscape
    starts: tuple[tuple[float, float], ...]
    learning_rate: float
    steps: int
    tol: float
    basin_steps: int
    basin_resolution: int
    overshoot_rate: float | None  # a rate that is too large, shown failing on one path
    overshoot_steps: int  # of its run shown: enough to see the overshoot
    line: Any  # LineRun (landscape, starts, learning_rate, steps) of the balls, or None
    climb_time: float = 10.0  # seconds for the runs at the good rate

    def setup(self) -> None:
        super().setup()
        ls = self.landscape
        self.starts = np.array(self.starts)
        self.basins = gradmath.basins(ls, self.basin_resolution, learning_rate=self.learning_rate, steps=self.basin_steps)
        self.peaks = list(self.basins.attractors)  # the figure's order: optimum i is "peak i + 1"
        self.basin_shares = [self.basins.share(i) for i in range(len(self.peaks))]
        # whole percents of the basins, then of the starts that reach none: they sum to 100 (as the figure's)
        self.percents = whole_percents([*self.basin_shares, self.basins.share(-1)])
        self.paths = gradmath.descend(ls, self.starts, learning_rate=self.learning_rate, steps=self.steps, tol=self.tol)
        self.reached = [int(r) for r in gradmath.attractor_of(np.array([p.final for p in self.paths]),
                                                               tuple(self.peaks), ls)]
        self.wild = None  # the one overshooting run shown: the one that bounces farthest on the map, as the figure's
        if self.overshoot_rate is not None:
            wild = gradmath.descend(ls, self.starts, learning_rate=self.overshoot_rate, steps=self.overshoot_steps)
            self.wild_start = farthest_inside([w.points for w in wild], ls.bounds[:, 0], ls.bounds[:, 1])
            self.wild = wild[self.wild_start]
        if self.line is not None:  # the 1-D part
            run = self.line
            self.valleys = list(gradmath.optima(run.landscape))  # best first: the global one is valley 0
            self.ball_rate, self.ball_steps = run.learning_rate, run.steps
            self.balls = gradmath.descend(run.landscape, np.array(run.starts), learning_rate=run.learning_rate, steps=run.steps)
            self.ball_valleys = [int(v) for v in gradmath.attractor_of(np.array([b.final for b in self.balls]),
                                                                       tuple(self.valleys), run.landscape)]

    @property
    def word(self) -> str:
        return "peak" if self.landscape.goal == "max" else "valley"

    def construct(self) -> None:
        self.heat_map_part()
        if self.line is not None:
            self.rolling_balls_part()
        self.hold_summary()

    # --- the map -------------------------------------------------------------------------------------
    def heat_map_part(self) -> None:
        look, ls, word = self.look, self.landscape, self.word
        left, right, bottom, top = safe_box()
        title = self.title_card(f"Which {word}? It depends where you start", ls.title)
        self.add(title)
        field = copyable_map(LandscapeMap(ls, look=look, width=7.6, height=6.0))
        colours = [look.series_color(i) for i in range(len(self.peaks))]
        # the table: one row per optimum, a column per beat (runs that reach it, the share of its basin);
        # each row starts with a swatch of its colour, outlined, so a row in the foreground colour reads as a series
        rows = [[Dot(radius=0.09, color=colours[i], stroke_color=look.outline(colours[i]), stroke_width=2),
                 self.label(f"{word} {i + 1}", size="small", color=colours[i]),
                 self.label(sig(p.value), size="small", color=colours[i]),
                 self.label(f"{sum(r == i for r in self.reached)} of {len(self.starts)}", size="small", color=colours[i]),
                 self.label(_percent(self.percents[i]), size="small", color=colours[i])]
                for i, p in enumerate(self.peaks)]
        heads = [VGroup(), VGroup(), self.label(function_symbol(ls), size="small", color=look.muted),
                 self.label("runs", size="small", color=look.muted),
                 self.label("basin", size="small", color=look.muted)]
        # the map leaves the table its natural width (a wide map would shrink it to unreadable text),
        # down to 55 % of the frame for the map
        natural = sum(max(row[j].width for row in [heads, *rows]) for j in range(len(heads))) + 0.3 * (len(heads) - 1)
        fit_into(field, left, max(min(1.5, right - natural - 0.45), left + 0.55 * (right - left)),
                 bottom, title.get_bottom()[1] - 0.25)
        self.field = field
        panel_left = field.get_right()[0] + 0.45
        self.colours = colours

        # paths, marks, start dots: built first, so that labels can be placed clear of them
        self.step = ValueTracker(0.0)
        length = max(len(p.points) for p in self.paths)
        self.trails, self.marks = VGroup(), VGroup()
        for p, r in zip(self.paths, self.reached):
            colour = colours[r] if r >= 0 else look.muted
            screen = field.to_screen(_padded(p.points, length))
            self.trails.add(set_role(traced_path(screen, self.step, color=colour, stroke_width=look.stroke - 1,
                                                 head_radius=0.06, outline=look.background), "path"))
            self.marks.add(step_marks(field.to_screen(p.points), self.step, color=colour, outline=look.background))
        starts = VGroup(*(Dot(field.to_screen(s), radius=0.08, color=look.start, stroke_color=look.outline(look.start),
                              stroke_width=2) for s in self.starts))
        final_paths = VGroup()  # what the trails and step marks will cover at the end, and the overshoot
        self.step.set_value(length)
        for part in (*self.trails, *self.marks):
            part.update()
            final_paths.add(part.copy().clear_updaters())
        for trail in final_paths[:len(self.trails)]:  # as wide as the basin beat will draw their outlines
            trail[0].set_stroke(width=look.stroke + 4, opacity=1.0)
        self.step.set_value(0.0)
        for part in (*self.trails, *self.marks):
            part.update()
        if self.wild is not None:  # the overshooting run, shown later: its numbers must not cover it either
            pieces, _ = clip_to_domain(field, self.wild.points[: self.overshoot_steps + 1])
            final_paths.add(*(set_role(self._dashed_line(field.to_screen(piece)), "path")
                              for piece in pieces if len(piece) > 1))
        peak_marks, numbers = VGroup(), VGroup()
        for i, peak in enumerate(self.peaks):
            dot = Dot(field.to_screen(peak.point), radius=0.11, color=look.optimum, stroke_color=look.outline(look.optimum),
                      stroke_width=2.5)
            peak_marks.add(dot)
        for i, dot in enumerate(peak_marks):  # named as in the table ("peak 1"), never a bare number like a step's;
            for name in (f"{word} {i + 1}", f"{word[0].upper()}{i + 1}"):  # "P1" where "peak 1" finds no clear spot
                number = self.label(name, size=look.small_size * 0.8, color=look.foreground, weight="BOLD")
                number.add_background_rectangle(color=look.background, opacity=0.75, buff=0.05)
                if _place_on_map(labels(number, dot), dot, [field, final_paths, starts, peak_marks, numbers],
                                 field.frame.border, background=look.background):
                    break
            numbers.add(number)

        table = self._table([heads, *rows], panel_left, right, title.get_bottom()[1] - 0.3)
        self.rows, self.heads = rows, heads
        below = table.get_bottom()[1] - 0.4
        self.note_box = (panel_left, right, below)

        # Beat 1: the landscape and its optima
        found = ", ".join(f"{word} {i + 1} at {point_text(p.point)}" for i, p in enumerate(self.peaks))
        self.narrate(f"{ls.title}. The goal is the highest point." if ls.goal == "max" else
                     f"{ls.title}. The goal is the lowest point.", 3)
        centre = (left + right) / 2 - field.get_center()[0]  # alone, the map stands in the middle
        field.shift(centre * RIGHT)
        self.play(FadeIn(field), run_time=1.5)
        self.narrate(f"It has {len(self.peaks)} {word}s: {found}." if self.peaks else f"It has no {word} inside the map.", 4)
        self.play(field.animate.shift(centre * LEFT), run_time=0.8)  # to its place beside the table
        self.play(LaggedStart(*(GrowFromCenter(d) for d in peak_marks), lag_ratio=0.3), FadeIn(numbers),
                  FadeIn(heads[2]), FadeIn(VGroup(*(m for row in rows for m in row[:3]))), run_time=1.5)
        self.wait(1.5)

        # Beat 2: the starting points
        self.narrate(f"{len(self.starts)} climbers start from these points." if ls.goal == "max" else
                     f"{len(self.starts)} runs start from these points.", 3)
        self.play(LaggedStart(*(GrowFromCenter(d) for d in starts), lag_ratio=0.2), run_time=1.5)
        self.wait(1)

        # Beat 3: every run at the good rate, step marks showing the steps shrink
        steps_taken = max(p.steps for p in self.paths)
        rule = self.label(f"{'ascent' if ls.goal == 'max' else 'descent'} at rate {sig(self.learning_rate)}, step",
                          size="small", color=look.muted)
        counter = DigitCounter(len(str(steps_taken)), look=look, size=look.small_size, color=look.foreground)
        clock = VGroup(rule, counter).arrange(RIGHT, buff=0.15)
        self._note(clock)
        counter.add_updater(pure_updater(lambda m: m.set_value(int(self.step.get_value() + 1e-6))))
        self.narrate(f"Each takes steps along the gradient at rate {sig(self.learning_rate)}. "
                     "The steps shrink as the slope flattens.", self.climb_time + 0.6)
        self.play(FadeIn(clock), run_time=0.6)
        self.add(self.trails, self.marks, starts, peak_marks, numbers, counter)
        self.play(self.step.animate.set_value(steps_taken), run_time=self.climb_time, rate_func=_ease_out)
        for mob in (*self.trails, *self.marks, counter):
            mob.update()  # the last frame's value (floating point: 31.99999 is step 32)
            mob.clear_updaters()

        # Beat 4: who reached what
        arrivals = "; ".join(f"{_reach(sum(r == i for r in self.reached))} {word} {i + 1}" for i in range(len(self.peaks))
                             if any(r == i for r in self.reached))
        lost = sum(r < 0 for r in self.reached)
        self.narrate(f"Each path takes the colour of the {word} it reaches: {arrivals}"
                     + (f"; {_reach(lost)} none." if lost else "."), 4)
        self.play(FadeIn(heads[3]), FadeIn(VGroup(*(row[3] for row in rows))), run_time=1)
        self.wait(2)
        self.play(FadeOut(clock), run_time=0.5)

        if self.wild is not None:
            self.overshoot_beat(field, starts, peak_marks, numbers)
        self.basin_beat(field, starts, peak_marks, numbers)

    def _table(self, cells: list[list[Mobject]], left: float, right: float, top: float) -> VGroup:
        """Place rows of cells as a left-aligned table between ``left`` and ``right`` below ``top``."""
        widths = [max(row[j].width for row in cells) for j in range(len(cells[0]))]
        gap, height = 0.3, max(m.height for row in cells for m in row if m.width) + 0.16
        scale = min(1.0, (right - left - gap * (len(widths) - 1)) / sum(widths))
        x = left
        for j, width in enumerate(widths):
            for i, row in enumerate(cells):
                if row[j].width:
                    row[j].scale(scale).move_to([x, top - (i + 0.5) * height * scale, 0], aligned_edge=LEFT)
            x += (width + gap) * scale
        return VGroup(*(m for row in cells for m in row if m.width))

    def _note(self, note: Mobject) -> Mobject:
        """Put a text of the current beat in the panel under the table (scaled to its width)."""
        left, right, top = self.note_box
        if note.width > right - left:
            note.scale((right - left) / note.width)
        return note.move_to([left, top, 0], aligned_edge=LEFT + UP)

    def _exit_cross(self, field: LandscapeMap, exit_point: Any) -> Mobject:
        """The cross where a path leaves the map, moved just inside the map's edge so that it never
        reaches over the tick labels outside the map."""
        cross = set_role(Cross(scale_factor=0.12, stroke_color=self.look.warning, stroke_width=5), "marker")
        (x0, x1), (y0, y1) = self.landscape.domain
        low, high = field.to_screen((x0, y0)), field.to_screen((x1, y1))
        half = np.array([cross.width, cross.height, 0]) / 2
        return cross.move_to(np.clip(field.to_screen(exit_point), low + half, high - half))

    # --- a rate too large ---------------------------------------------------------------------------------
    def overshoot_beat(self, field, starts, peak_marks, numbers) -> None:
        """The run at the rate too large, drawn so that it reads as no basin's run: dashed, in the
        foreground colour (not a series colour), its steps tagged "step k", a warning ✕ where it leaves."""
        look, ls, run = self.look, self.landscape, self.wild
        shown = run.points[: self.overshoot_steps + 1]
        inside = np.asarray(ls.contains(shown.T))
        leaves = not inside.all()
        first_out = int(np.argmax(~inside)) if leaves else None
        last = first_out if leaves else min(len(shown) - 1, 10)  # at most ten hops are numbered
        hops, crosses = [], VGroup()
        for k in range(1, last + 1):
            pieces, exits = clip_to_domain(field, shown[k - 1:k + 1])
            hops.append(VGroup(*(set_role(self._dashed_line(field.to_screen(piece)), "path")
                                 for piece in pieces if len(piece) > 1)))
            crosses.add(*(self._exit_cross(field, e) for e in exits))
        wild = VGroup(*hops)
        own_start = starts[self.wild_start]  # step 0 is the run's own start marker
        others = VGroup(*(d for i, d in enumerate(starts) if i != self.wild_start))
        dots, tags = VGroup(), VGroup()
        for p in shown[1: last + (0 if leaves else 1)]:
            dots.add(Dot(field.to_screen(p), radius=0.06, color=look.foreground, stroke_color=look.outline(look.foreground),
                         stroke_width=2))
        for k, dot in enumerate(dots, start=1):
            tag = self.label(f"step {k}", size=look.small_size * 0.7, color=look.foreground, slant="ITALIC")
            tag.add_background_rectangle(color=look.background, opacity=0.75, buff=0.03)
            clear = place_without_problems(labels(tag, dot), dot.get_center(),
                                           [field, wild, crosses, dots, tags, peak_marks, numbers, own_start], buff=0.05,
                                           farther=NEAR_ENOUGH[:1], background=look.background)
            tags.add(tag if clear else VGroup())  # a tag with no clear spot is left out
        start = point_text(run.points[0])
        swatch = self._dashed_line(np.array([[0, 0, 0], [0.5, 0, 0]]))
        head = VGroup(swatch, self.label(f"rate {sig(self.overshoot_rate)} from {start}", size="small",
                                         color=look.warning)).arrange(RIGHT, buff=0.15)
        if leaves:
            fate = [f"step {first_out} lands at", f"{point_text(run.points[first_out])}: off the map"]
            said = f"Step {first_out} lands at {point_text(run.points[first_out])}, far off the map."
        else:
            reached = int(gradmath.attractor_of(run.final, tuple(self.peaks), ls)[0]) if self.peaks else -1
            fate = [f"after {len(shown) - 1} steps:", f"on no {self.word}" if reached < 0 else f"near {self.word} {reached + 1}"]
            said = f"After {len(shown) - 1} steps it has " + (f"settled on no {self.word}." if reached < 0 else
                                                               f"zig-zagged to {self.word} {reached + 1}.")
        lines = _stacked([self.label(line, size="small", color=look.foreground) for line in fate])
        note = VGroup(head, lines).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        self._note(note)
        self.narrate(f"Now the rate {sig(self.overshoot_rate)}, from {start}: each step is "
                     f"{sig(self.overshoot_rate / self.learning_rate)} times longer.", 4)
        self.play(FadeOut(self.trails, self.marks, others), run_time=1)
        self.play(FadeIn(head), Indicate(own_start, color=look.start), run_time=0.8)
        self.narrate("Each dot is one step, dashed between them: watch where they land.", 4)
        for k, hop in enumerate(hops, start=1):
            landing = [GrowFromCenter(dots[k - 1]), FadeIn(tags[k - 1])] if k <= len(dots) else [FadeIn(crosses)]
            self.play(Create(hop, lag_ratio=0), run_time=0.7)
            self.play(*landing, run_time=0.4)
        self.narrate(said, 4)
        self.play(FadeIn(lines), run_time=0.6)
        self.wait(2.5)
        self.until_cue_ends()  # the note stays while its subtitle is read
        self.play(FadeOut(wild, crosses, dots, tags, note), run_time=0.8)
        self.play(FadeIn(self.trails, self.marks, others), run_time=0.8)

    def _dashed_line(self, screen: np.ndarray) -> VGroup:
        """A dashed polyline in the foreground colour over a solid, wider background-coloured one:
        the overshooting run, which must not look like a run of any basin (those are solid, in series colours)."""
        solid = VMobject(stroke_color=self.look.foreground, stroke_width=self.look.stroke - 1).set_points_as_corners(screen)
        under = solid.copy().set_stroke(color=self.look.background, width=self.look.stroke + 2, opacity=0.8)
        length = float(np.sum(np.linalg.norm(np.diff(screen, axis=0), axis=1)))
        dashes = DashedVMobject(solid, num_dashes=max(2, int(length / 0.14)), dashed_ratio=0.6)
        return VGroup(under, dashes)

    # --- the basins -----------------------------------------------------------------------------------------
    def basin_beat(self, field, starts, peak_marks, numbers) -> None:
        look, word = self.look, self.word
        image = labels_image(self.basins.labels, self.colours, field.axes)
        shares = VGroup(*(row[4] for row in self.rows))
        undecided = self.percents[-1] if self.peaks else 100
        n = self.basins.labels.shape
        rest = None
        if undecided:
            rest = self._note(self.label(f"no {word} within {self.basin_steps} steps: {_percent(undecided)}",
                                         size="small", color=look.muted))
        self.narrate(f"Now run from every point of a {n[1]} by {n[0]} grid, and colour it by the {word} it reaches.", 5)
        self.add(image, field.levels, field.frame, self.trails, self.marks, starts, peak_marks, numbers)
        image.set_opacity(0)
        # the terrain recedes as the basins come in, so that each basin shows its own hue (over the
        # terrain's dark end, or on a dark ground, a thin vermillion veil reads brown: there the
        # tint stays near the hue's own lightness, as in the figure); the level lines keep the landscape.
        # A run lies on its own basin's colour: its background-coloured outline widens and turns opaque,
        # so the run reads as a line on its basin (a foreground outline would make it look like the dashed run)
        tint = 0.8 if look.name == "dark" else 0.6
        rims = [trail[0].animate.set_stroke(width=look.stroke + 4, opacity=1.0) for trail in self.trails]
        self.play(image.animate.set_opacity(tint), field.terrain.animate.set_opacity(0.2), *rims, run_time=2)
        listed = ", ".join(f"{word} {i + 1} {self.percents[i]} percent" for i in range(len(self.peaks)))
        self.narrate(f"These are the basins of attraction: {listed} of the map"
                     + (f"; {undecided} percent reaches no {word}." if undecided else ".") if self.peaks else
                     f"No run settles on a {word}: there are no basins to colour.", 5)
        self.play(FadeIn(self.heads[4]), FadeIn(shares), *([FadeIn(rest)] if rest else []), run_time=1.2)
        self.wait(3)
        if self.line is not None:
            self.until_cue_ends()
            self.play(*(FadeOut(m) for m in self.mobjects), run_time=1)
        elif self.peaks:  # the end: what the map says, held
            self.narrate(f"Same rate, different starts: where a run starts decides which of the {len(self.peaks)} "
                         f"{word}s it reaches.", 5)
            verdict = self.label(f"the start decides the {word}", size="small", color=look.foreground)
            verdict.next_to(rest if rest is not None else VGroup(*self.rows[-1]), DOWN, buff=0.35, aligned_edge=LEFT)
            verdict.align_to(VGroup(*self.rows[-1]), LEFT)
            self.play(FadeIn(verdict), run_time=0.8)
            self.wait(2)

    # --- one dimension ------------------------------------------------------------------------------------
    def rolling_balls_part(self) -> None:
        look, line = self.look, self.line.landscape
        left, right, bottom, top = safe_box()
        (x0, x1), = line.domain
        xs = np.linspace(x0, x1, 400)
        ys = line.value(xs[None])
        spread = float(np.ptp(ys)) or 1.0
        tick = nice_step(1.4 * spread)
        lo = tick * np.floor((ys.min() - 0.35 * spread) / tick)  # room for the valleys' names below
        hi = tick * np.ceil((ys.max() + 0.05 * spread) / tick)
        axes = Axes(x_range=[x0, x1, nice_step(x1 - x0)], y_range=[lo, hi, tick], x_length=11.0, y_length=4.6,
                    tips=False, axis_config={"color": look.muted, "stroke_width": 2})
        frame = edge_frame(axes, look=look)
        plot = VGroup(axes, frame)
        title = formula_card("Balls rolling into valleys", None, line.latex, look=look)
        verdict_top = title.get_bottom()[1] - 0.15
        fit_into(plot, left + 0.6, right, bottom + 0.35, verdict_top - 0.55)
        # the axes' names, as the figure's: x under the bottom edge, L(x) beside the left one
        name_x = self.label(line.symbols[0], size=look.small_size * 0.8, color=look.muted)
        name_y = self.label(f"{function_symbol(line)}({line.symbols[0]})", size=look.small_size * 0.8, color=look.muted)
        name_x.next_to(frame.tick_labels, DOWN, buff=0.1).set_x(axes.get_center()[0])
        name_y.rotate(np.pi / 2).next_to(frame.tick_labels, LEFT, buff=0.12).set_y(axes.get_center()[1])
        plot.add(name_x, name_y)
        curve = set_role(VMobject(stroke_color=look.foreground, stroke_width=look.stroke), "path")
        curve.set_points_smoothly([axes.c2p(x, y) for x, y in zip(xs, ys)])

        # Beat 5: one dimension, several valleys
        self.add(title)
        kinds = ["global minimum"] + ["local minimum"] * (len(self.valleys) - 1)
        self.narrate(f"In one dimension: {latex_to_plain(line.latex)}.", 3)
        self.play(FadeIn(plot), Create(curve), run_time=2)
        marks = VGroup()
        for kind, v in zip(kinds, self.valleys):
            dot = Dot(axes.c2p(float(v.point[0]), v.value), radius=0.08, color=look.optimum, stroke_color=look.background,
                      stroke_width=2)
            name = _stacked([self.label(text, size=look.small_size * 0.8, color=look.muted)
                             for text in (kind, f"{line.symbols[0]} = {sig(v.point[0], 4)}")], gap=0.08)
            if place_without_problems(labels(name, dot), dot.get_center(), [plot, curve, marks], buff=0.3,
                           directions=[DOWN], background=look.background) or kind.startswith("global"):
                marks.add(VGroup(dot, name))
            else:  # no room for its name between its neighbours: the marker alone
                marks.add(dot)
        self.narrate(f"It has {len(self.valleys)} valleys; the lowest is the global minimum." if len(self.valleys) > 1 else
                     "It has one valley: the global minimum.", 4)
        self.play(FadeIn(marks), run_time=1)
        self.wait(1.5)

        # Beat 6: balls start at the entry's points and roll (gradient descent at its rate)
        step = ValueTracker(0.0)
        radius = 0.12
        colours = [look.series_color(i) for i in range(len(self.balls))]

        def place(ball: Dot, points: np.ndarray) -> None:
            s = step.get_value()
            k = int(min(np.floor(s), len(points) - 2))
            t = min(s - k, 1.0)
            x = (1 - t) * points[k, 0] + t * points[k + 1, 0]
            ball.move_to(axes.c2p(x, float(line.value([x]))) + radius * UP)

        balls, tags = VGroup(), VGroup()
        for i, path in enumerate(self.balls):
            # outlined in the colour that contrasts with its fill: a ball in the curve's colour still reads on it
            ball = Dot(radius=radius, color=colours[i], stroke_color=look.outline(colours[i]), stroke_width=3)
            kept, _ = clip_at_exit(path.points, line.bounds[:, 0], line.bounds[:, 1])  # a ball that rolls off stops at the edge
            kept = np.vstack([kept, kept[-1:]]) if len(kept) < 2 else kept
            place(ball, kept)
            ball.add_updater(lambda m, kept=kept: place(m, kept))
            balls.add(ball)
            tag = labels(self.label(sig(path.points[0, 0]), size="small", color=colours[i]), ball)
            place_without_problems(tag, ball.get_center(), [plot, curve, marks, balls, tags], buff=0.12 + radius,
                        directions=[UP, UP + LEFT, UP + RIGHT, LEFT, RIGHT], background=look.background)
            tags.add(tag)
        self.narrate(f"{len(self.balls)} balls start at {', '.join(sig(b.points[0, 0]) for b in self.balls)}.", 3)
        self.play(LaggedStart(*(GrowFromCenter(b) for b in balls), lag_ratio=0.2), FadeIn(tags), run_time=1.5)
        self.wait(1)
        self.narrate(f"They follow the slope down: rate {sig(self.ball_rate)}, {self.ball_steps} steps.", 6)
        self.play(FadeOut(tags), run_time=0.5)
        self.play(step.animate.set_value(max(b.steps for b in self.balls)), run_time=6, rate_func=_ease_out)
        for ball in balls:
            ball.clear_updaters()

        # Beat 7: where they ended: the balls of one valley stack up in it
        moves = []
        for i, v in enumerate(self.valleys):
            for k, j in enumerate([j for j, w in enumerate(self.ball_valleys) if w == i]):
                moves.append(balls[j].animate.move_to(axes.c2p(float(v.point[0]), v.value) + (1 + 2.1 * k) * radius * UP))
        n_global = sum(v == 0 for v in self.ball_valleys)
        others = len(self.balls) - n_global
        verdict = self.label(f"{n_global} of {len(self.balls)} reach the global minimum"
                             + (f", {others} {'stops' if others == 1 else 'stop'} elsewhere" if others else ""), size="small")
        verdict.move_to([0, verdict_top - verdict.height / 2, 0])
        self.narrate(f"{n_global} of {len(self.balls)} balls settle in the global minimum"
                     + (f"; {others} {'stops' if others == 1 else 'stop'} in another valley: where you start decides."
                        if others else "."), 5)
        self.play(*moves, FadeIn(verdict), run_time=1.2)
        self.wait(3)


_SIDES = [np.array(d, dtype=float) for d in ((1, 1, 0), (1, 0, 0), (0, 1, 0), (-1, 1, 0), (-1, 0, 0), (1, -1, 0),
                                              (0, -1, 0), (-1, -1, 0))]


def _place_on_map(name: Mobject, dot: Dot, obstacles: list, border: Mobject, *, background: Any) -> bool:
    """Put a marker's ``name`` beside ``dot`` where it adds no layout problem and stays within the
    map's ``border`` left to right (the panel beside the map fills in later: a name reaching into it
    would sit under the panel's texts); else wherever it adds no problem (``place_without_problems``).
    Returns False when no spot is clear."""
    x0, x1 = border.get_left()[0], border.get_right()[0]
    for gap in (0.06, *(g + dot.radius for g in (*NEAR_ENOUGH, 0.45, 0.65))):
        for side in _SIDES:
            if place_without_problems(name, dot.get_center(), obstacles, buff=gap, directions=[side], background=background) \
                    and name.get_left()[0] >= x0 - 1e-6 and name.get_right()[0] <= x1 + 1e-6:
                return True
    return place_without_problems(name, dot.get_center(), obstacles, buff=0.06,
                                  farther=[g + dot.radius for g in NEAR_ENOUGH], background=background)


def _stacked(lines: list[Mobject], gap: float = 0.1) -> VGroup:
    """Lines of text one under the other, left-aligned, ``gap`` apart (a Pango "\\n" sets them touching)."""
    return VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=gap)


def _reach(n: int) -> str:
    """"1 reaches", "3 reach"."""
    return f"{n} reaches" if n == 1 else f"{n} reach"


def _ease_out(t: float) -> float:
    """Fast first steps, slow last ones (like the runs themselves): 1 − (1 − t)²."""
    return 1 - (1 - t) ** 2
