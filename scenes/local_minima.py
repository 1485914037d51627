"""LocalMinima: runs from several starts reach different optima; the basins of attraction; balls rolling into valleys."""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    Axes,
    Create,
    Cross,
    Dot,
    FadeIn,
    FadeOut,
    Rectangle,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    config,
    linear,
)

import gradmath
from gradmath import Landscape, clip_at_exit
from scenes.common import GradvizScene, nice_step, function_symbol, series_colours, LandscapeMap, clip_to_domain, edge_frame, labels_image, outlined, trajectory_path
from scenes.text import fmt, latex_to_plain

__all__ = ["LocalMinima"]


def _padded(points: np.ndarray, length: int) -> np.ndarray:
    """Repeat the last point so every path has ``length`` points (paths then grow in step)."""
    return np.vstack([points, np.repeat(points[-1:], length - len(points), axis=0)])


class LocalMinima(GradvizScene):
    """Which peak (valley) you reach depends on where you start — and on a step size that converges."""

    template = "local_minima"
    landscape: Landscape
    starts: tuple[tuple[float, float], ...]
    learning_rate: float
    steps: int
    tol: float
    basin_steps: int
    basin_resolution: int
    overshoot_rate: float | None  # a rate that is too large, shown failing
    overshoot_steps: int  # of its run shown: enough to see the overshoot
    line: Any  # LineRun (landscape, starts, learning_rate, steps) of the balls, or None

    def setup(self) -> None:
        super().setup()
        ls = self.landscape
        self.starts = np.array(self.starts)
        # optima, best first: "peak 1" is the highest (the lowest valley when the goal is a minimum)
        self.peaks = list(gradmath.optima(ls))
        self.paths = gradmath.descend(ls, self.starts, learning_rate=self.learning_rate, steps=self.steps, tol=self.tol)
        self.reached = list(gradmath.attractor_of(np.array([p.final for p in self.paths]), tuple(self.peaks), ls))
        self.wild_paths = () if self.overshoot_rate is None else gradmath.descend(
            ls, self.starts, learning_rate=self.overshoot_rate, steps=self.overshoot_steps)
        self.basins = gradmath.basins(ls, self.basin_resolution, learning_rate=self.learning_rate, steps=self.basin_steps)
        order = [next(i for i, a in enumerate(self.basins.attractors) if np.allclose(a.point, p.point)) for p in self.peaks]
        self.basin_shares = [self.basins.share(i) for i in order]
        self.basin_labels = np.select([self.basins.labels == i for i in order], list(range(len(order))), -1)
        if self.line is not None:  # the 1-D part
            run = self.line
            self.valleys = list(gradmath.optima(run.landscape))
            self.ball_rate, self.ball_steps = run.learning_rate, run.steps
            self.balls = gradmath.descend(run.landscape, np.array(run.starts), learning_rate=run.learning_rate, steps=run.steps)
            self.ball_valleys = list(gradmath.attractor_of(np.array([b.final for b in self.balls]), tuple(self.valleys),
                                                           run.landscape))

    def construct(self) -> None:
        self.heat_map_part()
        if self.line is not None:
            self.rolling_balls_part()

    def heat_map_part(self) -> None:
        look, ls = self.look, self.landscape
        colours = series_colours(look)
        word = "peak" if ls.goal == "max" else "valley"
        shown = self.peaks[:len(colours)]  # one row (and colour) per optimum, at most six

        # Beat 1: the optima, the starting points. The side panel is a table, one row per optimum,
        # that gains a column per beat: its value, the runs that reach it, the share of its basin.
        title = self.label(f"Which {word}? It depends where you start", size="title").to_edge(UP, buff=0.3)
        field = LandscapeMap(ls, look=look, width=6.4, height=5.0).to_edge(LEFT, buff=0.9).shift(0.5 * DOWN)
        peak_marks, names = VGroup(), VGroup()
        for i, peak in enumerate(shown):
            dot = Dot(field.to_screen(peak.point), radius=0.1, color=colours[i], stroke_color=look.background, stroke_width=2)
            number = self.label(f"{i + 1}", size="small", color=colours[i]).next_to(dot, UP + RIGHT, buff=0.04)
            number.add_background_rectangle(color=look.background, opacity=0.6, buff=0.04)
            peak_marks.add(VGroup(dot, number))
            names.add(self.label(f"{word} {i + 1}: {function_symbol(ls)} = {fmt(peak.value)}", size="small",
                                 color=colours[i]))
        names.arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        runs_head = self.label("runs", size="small", color=look.muted)
        basin_head = self.label("basin", size="small", color=look.muted)
        heads = VGroup(runs_head, basin_head)
        panel_x = field.get_right()[0] + 0.5
        names.move_to([panel_x, 2.2, 0], aligned_edge=UL)
        runs_head.next_to(names, RIGHT, buff=0.5).align_to(names, UP).shift(0.45 * UP)
        basin_head.next_to(runs_head, RIGHT, buff=0.5)
        table = VGroup(names, heads)
        room = config.frame_width / 2 - 0.5 - panel_x
        self.cell_scale = min(1.0, (room - 0.2) / (table.width + 1.8))  # the two columns to come need ~1.8 units
        table.scale(self.cell_scale, about_edge=UL)
        start_dots = VGroup(*(Dot(field.to_screen(s), radius=0.08, color=look.start, stroke_color=look.background,
                                  stroke_width=2) for s in self.starts))
        self.narrate(f"{ls.title}: {len(self.peaks)} {word}s. Runs start from {len(self.starts)} points.", 4)
        self.add(field)
        self.play(Write(title), FadeIn(peak_marks, names), run_time=1.5)
        self.play(FadeIn(start_dots, scale=2), run_time=1)
        self.wait(1.5)

        # Beat 2: runs at a rate that converges; each path coloured by the optimum it reaches.
        rule = self.label(f"{'ascent' if ls.goal == 'max' else 'descent'}, rate {fmt(self.learning_rate)}", size="label")
        rule.scale(self.cell_scale).next_to(names, DOWN, buff=0.45).align_to(names, LEFT)
        length = max(len(p.points) for p in self.paths)
        paths = VGroup(*(outlined(trajectory_path(field, _padded(p.points, length),
                                                  color=colours[r] if 0 <= r < len(shown) else look.muted), look=look)
                         for p, r in zip(self.paths, self.reached)))
        counts = VGroup(*(self._cell(f"{sum(r == i for r in self.reached)} of {len(self.starts)}", row, runs_head, colours[i])
                          for i, row in enumerate(names)))
        steps_taken = max(p.steps for p in self.paths)
        settled = sum(r >= 0 for r in self.reached)
        outcome = "every run converges" if settled == len(self.reached) else f"{settled} of {len(self.reached)} runs converge"
        self.narrate(f"With rate {fmt(self.learning_rate)}, {outcome}, in at most {steps_taken} steps. "
                     f"Each path takes the colour of the {word} it reaches.", 6)
        self.play(FadeIn(rule), FadeIn(runs_head), run_time=0.6)
        self.play(*(Create(p) for p in paths), run_time=4, rate_func=linear)
        self.play(FadeIn(counts), run_time=0.8)
        self.wait(0.6)

        # Beat 3: a rate far too big (the lesson's own 0.5). Shown honestly, then put away.
        if self.wild_paths:
            self.overshoot_beat(field, paths, rule)

        # Beat 4: the basins of attraction: every start of a grid, coloured by the optimum it reaches.
        self.basin_beat(field, paths, peak_marks, start_dots, names, basin_head, rule, colours)

    def _cell(self, text: str, row, head, colour):
        """A table cell: ``text`` in its row (same height as the row's text), left-aligned under its column head."""
        cell = self.label(text, size="small", color=colour).scale(self.cell_scale)
        return cell.move_to([head.get_left()[0], row.get_center()[1], 0], aligned_edge=LEFT)

    def overshoot_beat(self, field, paths, rule) -> None:
        look, ls = self.look, self.landscape
        warn = self.label(f"rate {fmt(self.overshoot_rate)}: too large", size="label", color=look.warning)
        warn.scale(self.cell_scale).next_to(rule, DOWN, buff=0.35).align_to(rule, LEFT)
        wild, crosses = VGroup(), VGroup()
        for p in self.wild_paths:
            pieces, exits = clip_to_domain(field, p.points)
            for piece in pieces:
                wild.add(outlined(trajectory_path(field, piece, color=look.warning, stroke_width=look.stroke * 0.7, clip=False),
                                  look=look))
            crosses.add(*(Cross(scale_factor=0.12, stroke_color=look.warning, stroke_width=5).move_to(field.to_screen(e))
                          for e in exits))
        off = sum(bool(np.any(~np.asarray(ls.contains(p.points.T)))) for p in self.wild_paths)
        thrown = [s for s, p in zip(self.starts, self.wild_paths) if not ls.contains(p.final)]
        note = self.label(f"{off} of {len(self.starts)} overshoot off the map;\n"
                          f"{len(thrown)} end off it", size="small", color=look.warning)
        note.scale(self.cell_scale).next_to(warn, DOWN, buff=0.2).align_to(rule, LEFT)
        flown = f" and {off} of {len(self.starts)} runs fly off the map" if off else ""
        ended = f"; {len(thrown)} end outside it" if thrown else ""
        self.narrate(f"Rate {fmt(self.overshoot_rate)} is too big: the steps overshoot the optima{flown}{ended}.", 6)
        self.play(FadeIn(warn), paths.animate.set_stroke(opacity=0.25), run_time=0.7)
        self.play(Create(wild), FadeIn(crosses), run_time=2.5)
        self.play(FadeIn(note), run_time=0.6)
        self.wait(2.2)
        self.play(FadeOut(wild, crosses, warn, note), paths.animate.set_stroke(opacity=1), run_time=0.8)

    def basin_beat(self, field, paths, peak_marks, start_dots, names, basin_head, rule, colours) -> None:
        look = self.look
        basin_image = labels_image(self.basin_labels, colours, field.axes, opacity=0.55)
        shares = VGroup(*(self._cell(f"{100 * s:.0f} %", row, basin_head, colours[i])
                          for i, (row, s) in enumerate(zip(names, self.basin_shares))))
        undecided = 1 - sum(self.basin_shares)
        if undecided > 0.005:
            rest = self.label(f"no optimum within {self.basin_steps} steps: {100 * undecided:.0f} %", size="small",
                              color=look.muted).scale(self.cell_scale).next_to(rule, DOWN, buff=0.35).align_to(rule, LEFT)
            shares.add(rest)
        parts = [f"{100 * s:.0f}" for s in self.basin_shares]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        self.narrate(f"Colour every starting point by the optimum it reaches: these are the basins of attraction, "
                     f"about {listed} percent of the map." if parts else
                     "No run settles on an optimum: there are no basins to colour.", 6)
        self.add(basin_image, field.frame, paths, peak_marks, start_dots)  # basins over the terrain, under the paths
        basin_image.set_opacity(0)
        self.play(basin_image.animate.set_opacity(0.55), FadeIn(basin_head), FadeIn(shares), run_time=1.8)
        self.wait(3.5)
        curtain = Rectangle(width=config.frame_width + 1, height=config.frame_height + 1, stroke_width=0,
                            fill_color=look.background, fill_opacity=1)
        self.play(FadeIn(curtain), run_time=1)  # one rectangle fades in: the map is not redrawn per frame
        self.clear()

    def rolling_balls_part(self) -> None:
        look, line = self.look, self.line.landscape
        colours = series_colours(look)

        # Beat 5: one dimension: a loss with two valleys.
        (x0, x1), = line.domain
        xs = np.linspace(x0, x1, 400)
        ys = line.value(xs[None])
        spread = float(np.ptp(ys)) or 1.0
        tick = nice_step(1.4 * spread)
        lo = tick * np.floor((ys.min() - 0.35 * spread) / tick)  # room for the valleys' names below
        hi = tick * np.ceil((ys.max() + 0.05 * spread) / tick)
        axes = Axes(x_range=[x0, x1, nice_step(x1 - x0)], y_range=[lo, hi, tick], x_length=11.0,
                    y_length=4.6, tips=False,
                    axis_config={"color": look.muted, "stroke_width": 2}).shift(0.5 * DOWN + 0.3 * RIGHT)
        frame = edge_frame(axes, look=look)
        curve = VMobject(stroke_color=look.foreground, stroke_width=look.stroke)
        curve.set_points_smoothly([axes.c2p(x, y) for x, y in zip(xs, ys)])
        title = self.label("Balls rolling into valleys", size="title").to_edge(UP, buff=0.3)
        formula = self.math(line.latex, size="small", color=look.muted).next_to(title, DOWN, buff=0.2)
        ticks = VGroup(axes, frame)
        self.narrate(f"In one dimension, {latex_to_plain(line.latex)} has {len(self.valleys)} valleys.", 3.5)
        self.play(Write(title), FadeIn(formula, ticks), Create(curve), run_time=2)
        valley_marks = VGroup()
        names = ("global minimum",) + ("local minimum",) * len(self.valleys)
        for i, v in enumerate(self.valleys):
            x = float(v.point[0])
            mark = Dot(axes.c2p(x, v.value), radius=0.07, color=colours[i])
            name = self.label(f"{names[i]}\nx ≈ {fmt(x)}", size="small", color=colours[i])
            name.next_to(axes.c2p(x, v.value), DOWN, buff=0.3)
            valley_marks.add(VGroup(mark, name))
        self.play(FadeIn(valley_marks), run_time=1)
        self.wait(0.5)

        # Beat 6: balls start at the lesson's points and roll (gradient descent, the lesson's rate).
        step = ValueTracker(0.0)
        radius = 0.13

        def place(ball: Dot, points: np.ndarray) -> None:
            s = step.get_value()
            k = int(min(np.floor(s), len(points) - 2))
            t = min(s - k, 1.0)
            x = (1 - t) * points[k, 0] + t * points[k + 1, 0]
            ball.move_to(axes.c2p(x, float(line.value([x]))) + radius * UP)

        balls = VGroup()
        labels = VGroup()
        for path, v in zip(self.balls, self.ball_valleys):
            ball = Dot(radius=radius, color=colours[v] if v >= 0 else look.muted, stroke_color=look.background, stroke_width=2)
            kept, _ = clip_at_exit(path.points, line.bounds[:, 0], line.bounds[:, 1])  # a ball that rolls off stops at the edge
            kept = np.vstack([kept, kept[-1:]]) if len(kept) < 2 else kept
            place(ball, kept)
            ball.add_updater(lambda m, kept=kept: place(m, kept))
            balls.add(ball)
            start = self.label(fmt(path.points[0, 0]), size="small")
            labels.add(start.next_to(ball, UP, buff=0.15))
        self.narrate(f"{len(self.balls)} balls start at {', '.join(fmt(b.points[0, 0]) for b in self.balls)} and follow the slope down, "
                     f"rate {fmt(self.ball_rate)}, {self.ball_steps} steps.", 7)
        self.play(FadeIn(balls, labels), run_time=1)
        self.play(FadeOut(labels), run_time=0.4)
        self.play(step.animate.set_value(max(b.steps for b in self.balls)), run_time=5.5, rate_func=linear)
        for ball in balls:
            ball.clear_updaters()

        # Beat 7: where they ended.
        n_global = sum(v == 0 for v in self.ball_valleys)
        verdict = self.label(f"{n_global} reach the global minimum, {len(self.balls) - n_global} the local one: "
                             f"rate {fmt(self.ball_rate)} converges here", size="small")
        verdict.next_to(formula, DOWN, buff=0.2)  # clear of the caption area at the bottom
        self.narrate(f"{n_global} of {len(self.balls)} balls settle in the global minimum, "
                     f"{len(self.balls) - n_global} in a local valley.", 4)
        counts = VGroup()
        for i, v in enumerate(self.valleys):
            n = sum(j == i for j in self.ball_valleys)
            if n:
                counts.add(self.label(f"×{n}", size="small", color=colours[i]).next_to(axes.c2p(v.point[0], v.value), UP + RIGHT, buff=0.3))
        self.play(FadeIn(verdict, counts), run_time=0.8)
        self.wait(3)

