"""LearningRate: one bowl, three learning rates side by side — too timid, just right, too bold — with loss curves."""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # the plain `manim` command loads us by path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from typing import Any

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Dot, FadeIn, Group, GrowFromCenter, LaggedStart, ValueTracker, VGroup, linear

from gradmath import Landscape, Trajectory, attractor_of, clip_at_exit, critical_points, descend, optima
from scenes.common import GradvizScene, LandscapeMap, pure_updater
from scenes.layout import safe_box, set_role
from scenes.plots import (BoxAxes, DigitCounter, LossAxes, coarse_step, copyable_map, goes_on_head, loss_decades,
                          point_text, sig, step_marks, traced_path)

__all__ = ["LearningRate"]

VERDICT_GAP = 0.15  # between a column's loss panel and its verdict
TICK_SCALE = 0.95  # the loss panels' tick numbers, of the theme's small size (before the columns are fitted)


def _verdict_scale(verdict: Any, width: float, factor: float) -> float:
    """The scale of a verdict under a column ``width`` wide before the columns are scaled by
    ``factor``: a little larger than the columns' own text, never wider than its column, never enlarged."""
    return min(1.0, 1.15 * factor, factor * width / verdict.width)


def _common_power(largest: float) -> int:
    """The power of ten an axis's ticks are divided by, so that all read alike: 0 in the range the
    number formatter writes out (10⁻³ ≤ |tick| < 10⁶), else the largest tick's."""
    return 0 if largest == 0 or 1e-3 <= largest < 1e6 else int(np.floor(np.log10(largest)))


class LearningRate(GradvizScene):
    """Descents of one landscape from one start; only the learning rate differs.

    The loss panel shows what the ``learning_rates`` figure of the same experiment shows: the gap to
    the optimum's value |f − f*| on a log scale when the runs that settle settle there (geometric
    convergence is a straight line), else f itself on a linear scale.
    """

    template = "learning_rate"
    landscape: Landscape
    start: tuple[float, float]
    rates: tuple[float, ...]
    names: tuple[str, ...] | None  # a short name per rate; None: "rate 0.1"
    steps: int
    tol: float  # converged once |∇f| < tol
    run_time: float = 20.0  # seconds for the runs, stepping together

    def setup(self) -> None:
        super().setup()
        self.named = self.names is not None and len(self.names) == len(self.rates)  # names besides the rates
        if not self.named:
            self.names = tuple(f"rate {r:g}" for r in self.rates)
        self.trajectories: tuple[Trajectory, ...] = tuple(
            descend(self.landscape, self.start, learning_rate=rate, steps=self.steps, tol=self.tol) for rate in self.rates
        )
        best = optima(self.landscape)
        self.optima = best
        self.optimum = best[0] if best else None
        self.floor = best[0].value if best else None
        # with no optimum on the map, its saddles are what the runs pass (a pass's col): marked instead
        self.saddles = () if best else tuple(c for c in critical_points(self.landscape) if c.kind == "saddle")
        settled = [float(r.values[-1]) for r in self.trajectories if r.converged]
        rise = max(abs(float(r.values[0]) - (self.floor or 0.0)) for r in self.trajectories) or 1.0
        self.gap_scale = self.floor is not None and all(abs(v - self.floor) <= 1e-3 * rise for v in settled)
        self.shown_values = [np.abs(r.values - self.floor) if self.gap_scale else r.values for r in self.trajectories]
        if self.gap_scale:
            self.decades = loss_decades(self.shown_values, self.landscape)

    @property
    def widen(self) -> float:
        """How much wider than square a column is: a wide domain (equal units) gets a wide map, up to 1.6×."""
        (x0, x1), (y0, y1) = self.landscape.domain
        return min(max((x1 - x0) / (y1 - y0), 1.0), 1.6)

    @property
    def kind(self) -> str:
        """What the runs look for: "minimum", or "maximum" when the goal is "max"."""
        return "maximum" if self.landscape.goal == "max" else "minimum"

    def left_map_at(self, run: Trajectory) -> int | None:
        """The first step whose point lies outside the landscape's domain, or None."""
        outside = ~np.asarray(self.landscape.contains(run.points.T))
        return int(np.argmax(outside)) if outside.any() else None

    def verdict(self, run: Trajectory, colour: Any) -> tuple[str, str, Any]:
        """What happened to one run, from its gradmath flags and values: a mark (✓ converged, ✗ diverges,
        → leaves the map, … not there yet), the words, and their colour — the column's own ``colour``,
        or the optimum's for a run that converged at the optimum.

        "diverges" only when gradmath says so or the run grows worse than its start (then its path is
        drawn only that far); a run that leaves the map still improving is said to leave it."""
        goal = self.landscape.goal
        way = np.diff(run.values) if goal == "min" else -np.diff(run.values)
        improving = bool(np.all(way <= 0))  # f falls (rises, for a maximum) at every step
        still = "still falling" if goal == "min" else "still rising"
        last = f"f = {sig(run.values[-1])} at step {run.steps}"
        where = self.left_map_at(run)
        worse = run.worse_than_start(goal)
        if run.diverged or worse is not None:
            lines = ["diverges" + (f": off the map at step {where}" if where is not None else ""), last]
            if worse is not None:
                lines.append(f"path drawn to step {worse},\nthe first worse than the start")
            return "✗", "\n".join(lines), colour
        if where is not None:
            if where == run.steps:
                return "→", f"leaves the map at step {where}\nf = {sig(run.values[-1])}" + (f", {still}" if improving else ""), colour
            return "→", f"leaves the map at step {where}\n{last}" + (f", {still}" if improving else ""), colour
        if run.converged:
            found = attractor_of(run.final, tuple(self.optima), self.landscape)[0] if self.optima else -1
            at = "" if found == 0 else f"\nat a local {self.kind}" if found > 0 else f"\nnot at a {self.kind}"
            return ("✓", f"converged at step {run.steps}{at}\n|∇f| < {self.tol:g}, f = {sig(run.values[-1], 2)}",
                    self.look.optimum if found == 0 else colour)
        return "…", f"{'still on the way' if improving else 'not converged'} after {run.steps} steps\nf = {sig(run.values[-1])}", colour

    @property
    def own_scales(self) -> bool:
        """True when the linear loss panels each get their own value range: the runs' ranges differ
        by more than a factor of 30 (one shared range would flatten the smaller runs to a line)."""
        if self.gap_scale:
            return False
        spans = [float(np.ptp(v[np.isfinite(v)])) if np.isfinite(v).any() else 0.0 for v in self.shown_values]
        spans = [s for s in spans if s > 0]
        return len(spans) > 1 and max(spans) > 30 * min(spans)

    def loss_axes(self, values_of: list[np.ndarray]) -> Any:
        """The loss panel of one column (log |f − f*|, or linear f framing the runs ``values_of``)."""
        look, tick = self.look, int(max(1, coarse_step(self.steps)))
        size = look.small_size * TICK_SCALE
        if self.gap_scale:
            axes = LossAxes(self.steps, look=look, width=2.3 * self.widen, height=1.3, decades=self.decades, step_tick=tick,
                            symbol=r"|f - f^*|" if self.floor != 0 else "f", tick_size=size)
            axes.points_of = axes.curve_points
            return axes
        values = np.concatenate([v[np.isfinite(v)] for v in values_of])
        start = max(float(v[0]) for v in values_of)
        low = float(np.min(values))
        span = abs(start - low) or 1.0
        step = coarse_step(1.6 * span, 3)
        y0, y1 = step * np.floor((low - 0.1 * span) / step), step * np.ceil((start + 0.5 * span) / step)
        power = _common_power(max(abs(y0), abs(y1)))  # one notation for every tick: f / 10⁶ in 0.5, 0, −0.5
        axes = BoxAxes((0, self.steps, tick), (y0, y1, step), look=look, width=2.3 * self.widen, height=1.3,
                       tick_text=lambda v: sig(v, 3) if abs(v) > 1e-9 * step else "0", tick_size=size, x_name="step",
                       y_tick_mobject=lambda v: self.label(sig(v / 10.0**power, 3) if abs(v) > 1e-9 * step else "0",
                                                           size=size, color=look.muted))
        symbol = "f" if power == 0 else rf"\frac{{f}}{{10^{{{power}}}}}"
        axes.add(self.math(symbol, size=look.small_size * 1.1, color=look.muted).next_to(axes.ticks, LEFT, buff=0.15))

        def points_of(vals: np.ndarray) -> np.ndarray:
            kept, _ = clip_at_exit(np.column_stack([np.arange(len(vals)), vals]), (0, y0), (self.steps, y1))
            return np.array([axes.c2p(x, y) for x, y in kept])

        axes.points_of = points_of
        return axes

    def construct(self) -> None:
        look, ls = self.look, self.landscape
        left, right, bottom, top = safe_box()
        # --- beat 1: the rule, the landscape ---------------------------------------------------------
        title = self.title_card(f"{len(self.rates)} learning rates, one landscape")
        rule = self.math(r"x_{k+1} = x_k - \eta\,\nabla f(x_k)", r"\qquad " + ls.latex, size="small")
        rule.next_to(title, DOWN, buff=0.15)
        if rule.width > right - left:
            rule.scale_to_fit_width(right - left)
        self.add(title)
        self.narrate("Gradient descent steps against the gradient, scaled by the learning rate eta.", 4)
        self.play(FadeIn(rule), run_time=1.2)
        self.wait(1)

        colours = [look.series_color(i) for i in range(len(self.rates))]
        maps, losses, headings, columns = [], [], [], Group()
        own = self.own_scales
        for i, (rate, name) in enumerate(zip(self.rates, self.names)):
            (x0, x1), (y0, y1) = ls.domain
            where = copyable_map(LandscapeMap(ls, look=look, width=2.4 * self.widen, height=2.4, resolution=120, bands=8,
                                              axis_labels=False, tick_step=(coarse_step(x1 - x0), coarse_step(y1 - y0))))
            loss = self.loss_axes([self.shown_values[i]] if own else self.shown_values)
            rate_text = self.math(rf"\eta = {rate:g}", size=look.small_size * 1.1, color=colours[i])
            heading = VGroup(self.label(name, size="small", color=colours[i]), rate_text).arrange(
                RIGHT, buff=0.3, aligned_edge=UP) if self.named else VGroup(rate_text)
            loss.next_to(where, DOWN, buff=0.35)
            loss.align_to(where.frame, RIGHT)
            column = Group(where, loss)
            heading.next_to(where, UP, buff=0.2)
            columns.add(Group(heading, column))
            maps.append(where), losses.append(loss), headings.append(heading)
        columns.arrange(RIGHT, buff=0.5, aligned_edge=UP)
        room_top = rule.get_bottom()[1] - 0.25
        said = [self.verdict(run, colour) for run, colour in zip(self.trajectories, colours)]
        verdicts = [self.label(f"{mark} {text}", size=look.small_size * 0.8, color=tone) for mark, text, tone in said]
        widths = [column.width for column in columns]
        factor = min(1.0, (right - left) / columns.width)
        # room under the columns for the tallest verdict at its size for this factor; the columns
        # take what is left (a smaller factor shrinks the verdicts too, so the room stays enough)
        room = max(v.height * _verdict_scale(v, w, factor) for v, w in zip(verdicts, widths)) + VERDICT_GAP + 0.05
        factor = min(factor, (room_top - bottom - room) / columns.height)
        for verdict, width in zip(verdicts, widths):
            verdict.scale(_verdict_scale(verdict, width, factor))
        columns.scale(factor)
        columns.move_to([0, room_top - columns.height / 2, 0])
        for column, heading in zip(columns[1:], headings[1:]):  # maps on one line, then headings above
            column[1].align_to(columns[0][1], UP)  # them on one line, whatever their letters (j, g descend)
            heading.align_to(headings[0], UP)
        starts = VGroup(*(Dot(m.to_screen(self.start), color=look.start, radius=0.07, stroke_color=look.outline(look.start),
                              stroke_width=2) for m in maps))
        goals = VGroup(*(Dot(m.to_screen(self.optimum.point), color=look.optimum, radius=0.07,
                             stroke_color=look.outline(look.optimum), stroke_width=2) for m in maps)) if self.optimum else VGroup()
        goals.add(*(Dot(m.to_screen(c.point), color=look.saddle, radius=0.07, stroke_color=look.outline(look.saddle),
                        stroke_width=2) for m in maps for c in self.saddles))

        # --- beat 2: one landscape, one start, the optimum ----------------------------------------------
        goal = (f"; the {self.kind} is at ({', '.join(sig(v) for v in self.optimum.point)})" if self.optimum else
                f"; there is no {self.kind} on the map, only {'a saddle' if len(self.saddles) == 1 else 'saddles'} at "
                f"{' and '.join(point_text(c.point) for c in self.saddles)}"
                if self.saddles else "")
        self.narrate(f"{len(self.rates)} maps of one landscape, one run on each: every run starts at "
                     f"({', '.join(sig(v) for v in self.start)}){goal}.", 5)
        self.play(LaggedStart(*(FadeIn(c) for c in columns), lag_ratio=0.2), run_time=2)
        self.play(*(GrowFromCenter(d) for d in (*starts, *goals)), run_time=0.8)
        self.wait(1.5)
        self.narrate("Only the learning rate differs: " + ", ".join(f"{name} {rate:g}" if self.named else name for name, rate
                                                                    in zip(self.names, self.rates)) + ".", 4)
        self.wait(3)

        # --- beat 3: the runs step together, loss curves below -------------------------------------------
        step = ValueTracker(0.0)
        moving, marks = VGroup(), VGroup()
        for where, loss, colour, run, values in zip(maps, losses, colours, self.trajectories, self.shown_values):
            # a run that grows is drawn until its first step worse than the start, then an arrowhead (as
            # in the figure): beyond it the path only retraces itself, wider and wider
            until = run.worse_than_start(ls.goal)
            shown = run.points if until is None else run.points[:until + 1]
            kept, exited = clip_at_exit(shown, ls.bounds[:, 0], ls.bounds[:, 1])
            screen = where.to_screen(kept)
            rim = look.outline(colour)  # the outline that contrasts with the path's own colour: it reads on any terrain
            trail = traced_path(screen, step, color=colour, stroke_width=look.stroke - 1, head_radius=0.05,
                                outline=rim, outline_width=2.0)
            moving.add(set_role(trail, "path"))
            marks.add(step_marks(screen, step, color=colour, outline=rim, radius=0.04))
            if until is not None and not exited and len(screen) >= 2:
                # the arrowhead past the last point drawn (the last segment may cross the optimum), and no
                # head dot once the path has reached it: the arrowhead says the run goes on
                box = where.frame
                tip = screen[-1] + 0.2 * (screen[-1] - screen[-2]) / (np.linalg.norm(screen[-1] - screen[-2]) or 1.0)
                inside = box.get_left()[0] <= tip[0] <= box.get_right()[0] and box.get_bottom()[1] <= tip[1] <= box.get_top()[1]
                marks.add(set_role(goes_on_head(screen, step, color=colour, outline=rim, beyond=inside), "path"))
                end = len(screen) - 1
                trail.head.add_updater(pure_updater(lambda m, end=end: m.set_opacity(0.0 if step.get_value() >= end - 1e-9 else 1.0)))
            moving.add(set_role(traced_path(loss.points_of(values), step, color=colour, stroke_width=look.stroke - 1.5,
                                            head_radius=0.04), "path"))
        word = self.label("step", size="small", color=look.muted)
        counter = DigitCounter(len(str(self.steps)), look=look, size=look.small_size, color=look.foreground)
        clock = VGroup(word, counter).arrange(RIGHT, buff=0.15)
        clock.next_to(title, RIGHT, buff=0.4)
        if clock.get_right()[0] > right:
            clock.move_to([right - clock.width / 2, title.get_center()[1], 0])
        counter.add_updater(pure_updater(lambda m: m.set_value(int(step.get_value()))))
        below = ("the gap to the optimum's value, on a log scale" if self.gap_scale else
                 "the value of f, each on its own scale" if own else "the value of f")
        self.narrate(f"They take {self.steps} steps together. Under each map, the loss curve: {below}.", self.run_time)
        self.play(FadeIn(clock), run_time=0.5)
        self.add(moving, marks, counter)
        self.add(starts, goals)  # the markers over the paths that cross them
        self.play(step.animate.set_value(self.steps), run_time=self.run_time, rate_func=linear)
        for mob in (*moving, *marks, counter):
            mob.clear_updaters()

        # --- beat 4: the verdicts, one per column, from gradmath's flags -----------------------------------
        for name, rate, (_, text, _), column, verdict in zip(self.names, self.rates, said, columns, verdicts):
            verdict.next_to(column, DOWN, buff=VERDICT_GAP)
            words = text.replace(":\n", ": ").replace(",\n", ", ").replace("\n", ", ")
            self.narrate(f"{name.capitalize()}{f', rate {rate:g}' if self.named else ''}: {words}.", 4)
            self.play(FadeIn(verdict, shift=0.1 * UP), run_time=0.8)
            self.wait(1.5)
        self.hold_summary()
