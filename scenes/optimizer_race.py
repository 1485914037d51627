"""OptimizerRace: GD, momentum, Nesterov and Adam race down Rosenbrock's valley, then past a saddle."""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # the plain `manim` command loads us by path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from types import SimpleNamespace

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Create, Dot, FadeIn, FadeOut, GrowFromCenter, LaggedStart, Polygon,
                   SurroundingRectangle, ValueTracker, VGroup)

from gradmath import (METHOD_NAMES, CriticalPoint, Landscape, Trajectory, attractor_of, clip_at_exit, critical_points,
                      descend, gradient_field, optima)
from scenes.common import GradvizScene, LandscapeMap, function_symbol, pure_updater
from scenes.layout import NEAR_ENOUGH, fit_into, labels, place_without_problems, safe_box, set_role
from scenes.plots import (DigitCounter, LogLandscapeMap, copyable_map, formula_card, legend, point_text, sig, step_marks,
                          traced_path)

__all__ = ["OptimizerRace"]

METHOD_IDEAS = {  # what each method does, in one line
    "gd": "steps straight against the gradient",
    "momentum": "keeps a velocity that builds up downhill",
    "nesterov": "momentum that measures the slope one step ahead",
    "adam": "scales each coordinate's step by its recent gradients",
}
SHORT_IDEAS = {  # the same, where the board beside a wide map has no room for the line above
    "gd": "straight down the slope",
    "momentum": "builds up speed downhill",
    "nesterov": "looks one step ahead",
    "adam": "a step size per coordinate",
}


def _race(landscape: Landscape, start: tuple[float, ...], racers: tuple[tuple[str, float], ...], steps: int,
          tol: float, momentum: float) -> dict[str, Trajectory]:
    """One gradmath run per (method, rate) from ``start``, keyed by method ("adam 2" when a method races twice)."""
    methods = [method for method, _ in racers]
    return {(method if methods.count(method) == 1 else f"{method} {i + 1}"):
            descend(landscape, start, learning_rate=rate, steps=steps, method=method, tol=tol, momentum=momentum)
            for i, (method, rate) in enumerate(racers)}


BOARD_ROOM = 4.8  # the width kept right of a map for the board of runners


def _map_width(landscape: Landscape, height: float) -> float:
    """The width of the map's box, ``height`` high: as before for a square domain (at most 6), wider
    for a wide one (its units are equal), leaving ``BOARD_ROOM`` for the board beside it."""
    (x0, x1), (y0, y1) = landscape.domain
    left, right, _, _ = safe_box()
    return min(right - left - 0.4 - 0.5 - BOARD_ROOM, max(min(6.0, height), height * (x1 - x0) / (y1 - y0)))


def _largest_band(values: np.ndarray, bands: int = 12) -> float:
    """The share of the map in the most crowded of ``bands`` equal colour bands of ``values``."""
    lo, hi = float(np.min(values)), float(np.max(values))
    if hi <= lo:
        return 1.0
    index = np.minimum(np.floor((values - lo) / (hi - lo) * bands), bands - 1).astype(int)
    return float(np.bincount(index.ravel(), minlength=bands).max() / index.size)


def log_colours(landscape: Landscape, decades: float = LogLandscapeMap.decades) -> bool:
    """Whether colour bands spaced in log(f − min f) spread ``landscape``'s values more evenly over
    the map than linear ones (a deep narrow valley such as Rosenbrock's); if not, linear bands."""
    values = gradient_field(landscape, 80).values
    lo, hi = float(np.min(values)), float(np.max(values))
    logged = np.log10(values - lo + (hi - lo) * 10.0**-decades)
    return _largest_band(logged) < _largest_band(values)


def saddle_glyph(look, radius: float = 0.13) -> VGroup:  # type: ignore[no-untyped-def]
    """The saddle's marker: an hourglass (two triangles tip to tip, the shape of a saddle's level
    lines crossing) in the saddle colour, outlined; never a dot, so no runner's head looks like it."""
    r = radius
    glyph = Polygon([-r, r, 0], [r, r, 0], [0, 0, 0], [r, -r, 0], [-r, -r, 0], [0, 0, 0], color=look.saddle,
                    fill_opacity=1.0, stroke_color=look.outline(look.saddle), stroke_width=2.5)
    glyph.radius = r
    return set_role(glyph, "marker")


def _tied_best(found: tuple[CriticalPoint, ...]) -> int:
    """How many of ``found`` (optima, best first) share the best value (to 1e-6 of it): all are the goal."""
    if not found:
        return 0
    best = found[0].value
    return sum(abs(o.value - best) <= 1e-6 * max(1.0, abs(best)) for o in found)


class OptimizerRace(GradvizScene):
    """Optimisers from one start, stepping in lockstep under one step counter; then a saddle."""

    template = "optimizer_race"
    landscape: Landscape  # the valley of the race
    start: tuple[float, float]
    steps: int
    saddle: Landscape | None
    saddle_start: tuple[float, float] | None
    saddle_steps: int
    tol: float
    momentum: float
    race_time: float = 20.0
    saddle_time: float = 10.0
    fade_time: float = 0.4  # a status line fades in over this many seconds when its runner arrives

    def setup(self) -> None:
        super().setup()
        self.valley, self.race_steps = self.landscape, self.steps
        self.racers = tuple((r.method, r.learning_rate) for r in self.params.racers)
        self.trajectories = _race(self.valley, self.start, self.racers, self.race_steps, self.tol, self.momentum)
        self.optima = optima(self.valley)  # best first: the goal, then the other minima (maxima)
        self.goal = np.array(self.optima[0].point) if self.optima else None
        self.goals = _tied_best(self.optima)  # the goal may be reached at several optima of the best value
        self.arrivals = [int(a) for a in attractor_of(np.array([run.final for run in self.trajectories.values()]),
                                                      tuple(self.optima), self.valley)] if self.optima else \
            [-1] * len(self.trajectories)
        self.saddle_point: CriticalPoint | None = None
        if self.saddle is not None and self.saddle_start is not None:
            self.saddle_racers = tuple((r.method, r.learning_rate) for r in (self.params.saddle_racers or self.params.racers))
            self.saddle_trajectories = _race(self.saddle, self.saddle_start, self.saddle_racers, self.saddle_steps,
                                             self.tol, self.momentum)
            points = critical_points(self.saddle)
            self.saddle_point = next((c for c in points if c.kind == "saddle"),
                                     next((c for c in points if c.kind == "degenerate"), None))

    # --- what each runner's status line says (from its gradmath flags) --------------------------------
    def optimum_name(self, index: int) -> str:
        kind = "maximum" if self.valley.goal == "max" else "minimum"
        if index < 0:
            return f"no {kind}"
        where = point_text(self.optima[index].point)
        return f"the {kind} {where}" if len(self.optima) == 1 else \
            f"the {'global' if index < self.goals else 'local'} {kind} {where}"

    def valley_status(self, run: Trajectory, arrival: int = 0) -> tuple[int, str, str]:
        """(step at which the status appears, the board's short line, what the narration says)."""
        if run.converged:
            kind = "maximum" if self.valley.goal == "max" else "minimum"
            short = kind[:3]
            at = "" if arrival < 0 else ("the " if len(self.optima) == 1 else "a local " if arrival >= self.goals else
                                        "the global " if self.goals == 1 else "a global ") + kind + " "
            board = ("stopped" if not at else "arrived" if len(self.optima) == 1 else
                     f"local {short}" if arrival >= self.goals else f"global {short}")
            return run.steps, f"{board}, step {run.steps}", (f"arrived at {at}at step {run.steps}" if at else
                                                              f"stopped at step {run.steps}")
        if run.left_domain or run.diverged:
            return run.steps, f"left the map, step {run.steps}", f"left the map by step {run.steps}"
        return run.steps, f"not there after {run.steps}", f"not there after {run.steps} steps"

    def saddle_status(self, run: Trajectory) -> tuple[int, str, str]:
        outside = ~np.asarray(self.saddle.contains(run.points.T))
        if outside.any():
            return int(np.argmax(outside)), f"escaped, step {int(np.argmax(outside))}", \
                f"escaped at step {int(np.argmax(outside))}"
        return run.steps, f"still near, step {run.steps}", f"still near it at step {run.steps}"

    def runners(self, where: LandscapeMap, runs: dict[str, Trajectory], step: ValueTracker) -> VGroup:
        """A traced path per run on ``where``, clipped to the map, following ``step``, with thinned step
        marks (every steps/25-th, as the figure's), drawn VGroup(trails, marks, heads): the longest trail
        at the bottom, so that a short one (a slow runner) stays visible on top of it; every head, an
        outlined dot, above every trail. ``group.order`` lists the runs' indices bottom to top."""
        look, bounds = self.look, where.landscape.bounds
        trails, marks, heads = [], [], []
        lengths = []
        for i, run in enumerate(runs.values()):
            kept, _ = clip_at_exit(run.points, bounds[:, 0], bounds[:, 1])
            screen = where.to_screen(kept)
            colour = look.series_color(i)
            trail = traced_path(screen, step, color=colour, stroke_width=look.stroke - 1, head_radius=0.08, min_gap=0.01,
                                outline=look.background)
            head = trail.head
            trail.remove(head)  # still moved by the trail's updater; drawn with the heads
            head.set_stroke(color=look.outline(colour), width=2)
            trails.append(set_role(trail, "path"))
            heads.append(head)
            marks.append(step_marks(screen, step, color=colour, outline=look.background, radius=0.03,
                                    every=max(1, run.steps // 25)))
            lengths.append(float(np.sum(np.linalg.norm(np.diff(screen, axis=0), axis=1))))
        order = [int(i) for i in np.argsort(lengths, kind="stable")[::-1]]
        group = VGroup(VGroup(*(trails[i] for i in order)), VGroup(*(marks[i] for i in order)),
                       VGroup(*(heads[i] for i in order)))
        group.order = order
        return group

    def race(self, where: LandscapeMap, racers: tuple[tuple[str, float], ...], runs: dict[str, Trajectory],
             statuses: list[tuple[int, str, str]], steps: int, top: float, rule: str = "") -> SimpleNamespace:
        """The parts of one race on ``where``: step tracker, trails, the step counter, the legend rows
        (a method, its rate and what it does) and under each its status line (hidden until its step)."""
        look = self.look
        step = ValueTracker(0.0)
        counter = DigitCounter(len(str(steps)), look=look, size=look.label_size)
        counter.add_updater(pure_updater(lambda m: m.set_value(int(step.get_value() + 1e-6))))
        word = self.label("step", size="label", color=look.muted)
        clock = VGroup(word, counter).arrange(RIGHT, buff=0.2)
        if rule:  # what a status line means, under the counter (the figure's rule: the same runs, the same flags)
            clock = VGroup(clock, self.label(rule, size=look.small_size * 0.8, color=look.muted)).arrange(
                DOWN, aligned_edge=LEFT, buff=0.12)
        names = [f"{METHOD_NAMES[m]}   η = {rate:g}" + (f", μ = {self.momentum:g}" if m in ("momentum", "nesterov")
                                                      else "") for m, rate in racers]
        key = legend([(name, look.series_color(i)) for i, name in enumerate(names)], look=look)
        rows = key.rows
        ideas = [self.label(METHOD_IDEAS[m], size=look.small_size * 0.8, color=look.muted) for m, _ in racers]
        shown = [self.label(text, size=look.small_size * 0.8, color=look.series_color(i))
                 for i, (_, text, _) in enumerate(statuses)]
        blocks = VGroup(*(VGroup(row, idea, status) for row, idea, status in zip(rows, ideas, shown)))
        for row, idea, status in blocks:
            idea.next_to(row[1], DOWN, buff=0.08, aligned_edge=LEFT)
            status.move_to(idea, aligned_edge=LEFT)  # the status replaces the idea once the race is on
        blocks.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        left, right, bottom, _ = safe_box()
        x0 = where.get_right()[0] + 0.5
        # the rows shrink to fit beside the map (the status lines are short for that: "global min, step 207");
        # the step counter keeps its size (it must not be scaled). An idea (shown only while its runner is
        # introduced) too long for the room shrinks alone, never the whole board for it
        lasting = max(VGroup(row, status).width for row, _, status in blocks)
        blocks_scale = min(1.0, (right - x0) / lasting, (top - bottom - clock.height - 0.35) / blocks.height)
        blocks.scale(blocks_scale)
        board = VGroup(clock, blocks).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        board.move_to([x0, top, 0], aligned_edge=LEFT + UP)
        for (method, _), (row, idea, _) in zip(racers, blocks):
            if idea.get_right()[0] > right:  # the short form at the same size, shrunk only if even that is too long
                short = self.label(SHORT_IDEAS[method], size=look.small_size * 0.8, color=look.muted)
                idea.become(short.scale(blocks_scale))
                idea.next_to(row[1], DOWN, buff=0.08 * blocks_scale, aligned_edge=LEFT)
            if idea.get_right()[0] > right:
                idea.scale_to_fit_width(right - row[1].get_left()[0]).align_to(row[1], LEFT)
        for status in shown:
            status.set_opacity(0)
            status.alpha = 0.0
        return SimpleNamespace(step=step, trails=self.runners(where, runs, step), clock=clock, counter=counter,
                               rows=rows, ideas=VGroup(*ideas), statuses=VGroup(*shown), blocks=blocks,
                               arrive=[at for at, _, _ in statuses], steps=steps)

    def run(self, race: SimpleNamespace, run_time: float, ease: float, markers: VGroup) -> None:
        """Play the race: step(u) = steps · u^ease for time fraction u; each status line fades in
        when its runner's step is reached. ``markers`` (start, goal, saddle) stay above the trails:
        a runner that arrives disappears into the goal instead of hiding it."""

        def arrive(group: VGroup, dt: float) -> None:
            now = race.step.get_value()
            for status, at in zip(group, race.arrive):
                if now >= at and status.alpha < 1:
                    status.alpha = min(1.0, status.alpha + dt / self.fade_time)
                    status.set_opacity(status.alpha)

        race.statuses.add_updater(arrive)
        self.add(race.trails, race.counter, race.statuses, markers)  # above the static map and board
        self.play(race.step.animate.set_value(race.steps), run_time=run_time, rate_func=lambda t: t ** ease)
        self.wait(self.fade_time)  # the last status finishes fading in
        for mob in (race.statuses, *race.trails.get_family(), race.counter):
            mob.update()
            mob.clear_updaters()

    def introduce(self, race: SimpleNamespace, racers: tuple[tuple[str, float], ...]) -> None:
        """One row of the board per beat: the method, its rate, what it does."""
        self.play(FadeIn(race.clock), run_time=0.6)
        for (method, rate), row, idea in zip(racers, race.rows, race.ideas):
            self.narrate(f"{METHOD_NAMES[method].capitalize()}, rate {rate:g}, {METHOD_IDEAS[method]}.", 2.5)
            self.play(row.animate.set_opacity(1.0), FadeIn(idea), run_time=0.6)
            self.wait(0.8)

    def courses(self, where: LandscapeMap, runs: dict[str, Trajectory]) -> VGroup:
        """Every run's trail as it ends, path and head (not shown: what labels must stay clear of)."""
        trails = self.runners(where, runs, ValueTracker(max(len(run.points) for run in runs.values())))
        trails.update()
        return trails.clear_updaters()

    def markers(self, where: LandscapeMap) -> tuple[VGroup, VGroup]:
        """The start and the optima (the goal first), outlined, and their labels (clear of the paths to come)."""
        look = self.look
        courses = self.courses(where, self.trajectories)
        start = Dot(where.to_screen(self.start), color=look.start, radius=0.1, stroke_color=look.outline(look.start),
                    stroke_width=3)
        spots = VGroup(*(Dot(where.to_screen(o.point), color=look.optimum, radius=0.1 if i < self.goals else 0.07,
                             stroke_color=look.outline(look.optimum), stroke_width=2) for i, o in enumerate(self.optima[:6])))
        names = VGroup()
        for text, mark in [("start", start), *(("goal" if i < self.goals else "local", m) for i, m in enumerate(spots))]:
            name = labels(self.label(text, size=look.small_size * 0.8, color=look.foreground), mark)
            name.add_background_rectangle(color=look.background, opacity=0.7, buff=0.04)
            if place_without_problems(name, mark.get_center(), [where, courses, start, spots, names], buff=0.08 + mark.radius,
                                      farther=[gap + mark.radius for gap in NEAR_ENOUGH], background=look.background):
                names.add(name)
        return VGroup(start, spots), names

    def construct(self) -> None:
        look = self.look
        left, right, bottom, top = safe_box()
        # --- beat 1: the valley, the start, the goal ----------------------------------------------------
        title = formula_card(f"{len(self.racers)} optimisers, one landscape", self.valley.title, self.valley.latex,
                             look=look)
        self.add(title)
        below = title.get_bottom()[1] - 0.25
        wide = _map_width(self.valley, below - bottom)
        logged = log_colours(self.valley)  # log bands only where they spread the colours more evenly
        kind_of_map = LogLandscapeMap if logged else LandscapeMap
        where = copyable_map(kind_of_map(self.valley, look=look, width=5.4 * wide / min(6.0, below - bottom),
                                         height=5.4, resolution=160, bands=12))
        fit_into(where, left + 0.4, left + 0.4 + wide, bottom, below)
        where.align_to([left + 0.4, 0, 0], LEFT)
        marks, names = self.markers(where)
        runs = list(self.trajectories.values())
        statuses = [self.valley_status(r, a) for r, a in zip(runs, self.arrivals)]
        symbol = function_symbol(self.valley)
        race = self.race(where, self.racers, self.trajectories, statuses, self.race_steps, below,
                         rule=f"arrived: |∇{symbol}| < {sig(self.tol)}")
        self.narrate(f"{self.valley.title}, coloured on a log scale so the valley floor shows." if logged else
                     f"{self.valley.title}: the colours mark its height.", 3.5)
        # the board's rows wait, faint, beside the map: the frame is balanced before the runners come in
        race.rows.set_opacity(0.25)
        self.play(FadeIn(where), FadeIn(race.rows), run_time=1.5)
        kind = "maximum" if self.valley.goal == "max" else "minimum"
        goal = ("It has no optimum inside the map" if self.goal is None else
                f"The goal is the {kind} at {point_text(self.goal)}" if self.goals == 1 else
                f"The goal is the {'highest' if self.valley.goal == 'max' else 'lowest'} value, reached at "
                + " and ".join(point_text(o.point) for o in self.optima[:self.goals]))
        others = len(self.optima) - self.goals
        self.narrate(f"Every runner starts at {point_text(self.start)}. {goal}"
                     + (f", and there {'is' if others == 1 else 'are'} {others} local "
                        f"{'one' if others == 1 else 'ones'} besides." if others > 0 else "."), 4)
        self.play(LaggedStart(*(GrowFromCenter(m) for m in (marks[0], *marks[1])), lag_ratio=0.3), FadeIn(names),
                  run_time=1.5)
        self.wait(1.5)

        # --- beat 2: the runners, one by one ------------------------------------------------------------
        self.introduce(race, self.racers)

        # --- beat 3: the race, one shared step counter --------------------------------------------------
        self.narrate(f"They race, one step at a time, {self.race_steps} steps at most. "
                     "The first steps are the eventful ones: watch them slowly.", self.race_time)
        self.play(FadeOut(race.ideas), run_time=0.5)
        self.run(race, self.race_time, ease=2.0, markers=marks)

        # --- beat 4: the verdict ---------------------------------------------------------------------------
        said = [f"{METHOD_NAMES[m]} {text}" for (m, _), (_, _, text) in zip(self.racers, statuses)]
        self.narrate(said[0][0].upper() + said[0][1:] + ("; " + "; ".join(said[1:]) if len(said) > 1 else "") + ".", 5)
        self.wait(3)
        arrived = sorted((run.steps, METHOD_NAMES[m]) for (m, _), run, a in zip(self.racers, runs, self.arrivals)
                         if run.converged and 0 <= a < self.goals)
        self.narrate(f"First to reach the goal: {arrived[0][1]}, at step {arrived[0][0]}." if arrived else
                     "None of them reaches the goal.", 3)
        if arrived:  # the winner's row and status, framed in its colour while the line is read
            first = next(i for i, (m, _) in enumerate(self.racers) if METHOD_NAMES[m] == arrived[0][1])
            winner = VGroup(race.rows[first], race.statuses[first])
            frame = SurroundingRectangle(winner, color=look.series_color(first), buff=0.08, stroke_width=2)
            self.play(Create(frame), run_time=0.6)
            self.wait(2.4)
        else:
            frame = VGroup()
            self.wait(3)

        if self.saddle_point is not None:
            self.until_cue_ends()
            self.play(*(FadeOut(m) for m in (race.trails, marks, names, where, race.clock, race.rows, race.statuses, frame)),
                      run_time=1)
            self.play(FadeOut(title), run_time=0.5)
            self.saddle_beat(below)
        self.hold_summary()

    def saddle_start_words(self, kind: str) -> str:
        """Where the runners start, in words true to the map: how far off the line that runs straight
        into the saddle (its Hessian's uphill-curving axis) when it has one, else how far from it."""
        point = np.asarray(self.saddle_point.point, dtype=float)
        start = np.asarray(self.saddle_start, dtype=float)
        curvatures, axes = np.linalg.eigh(np.asarray(self.saddle.hessian(point), dtype=float))
        where = f"The runners start at {point_text(self.saddle_start)}"
        if curvatures[0] < 0 < curvatures[-1]:  # off the line in by the downhill axis's share
            off = abs(float((start - point) @ axes[:, 0]))
            return f"{where}, only {sig(off)} off the line that runs straight into the {kind}."
        return f"{where}, {sig(float(np.linalg.norm(start - point)))} from the {kind}."

    def saddle_beat(self, below: float) -> None:
        """Beat 5: a saddle (or a flat critical point): which runners escape it."""
        look, point = self.look, self.saddle_point
        left, right, bottom, top = safe_box()
        kind = "saddle" if point.kind == "saddle" else "flat critical point"
        name = self.saddle.title
        heading = formula_card(f"… and a {kind}", None if kind in name.lower() else name, self.saddle.latex, look=look)
        wide = _map_width(self.saddle, below - bottom)
        kind_of_map = LogLandscapeMap if log_colours(self.saddle) else LandscapeMap
        saddle_map = copyable_map(kind_of_map(self.saddle, look=look, width=5.4 * wide / min(6.0, below - bottom),
                                              height=5.4, resolution=160, bands=12))
        fit_into(saddle_map, left + 0.4, left + 0.4 + wide, bottom, below)
        saddle_map.align_to([left + 0.4, 0, 0], LEFT)
        mark = saddle_glyph(look).move_to(saddle_map.to_screen(point.point))
        start = Dot(saddle_map.to_screen(self.saddle_start), color=look.start, radius=0.1,
                    stroke_color=look.outline(look.start), stroke_width=3)
        names = VGroup()
        for text, m in ((kind, mark), ("start", start)):
            name = labels(self.label(text, size=look.small_size * 0.8, color=look.foreground), m)
            name.add_background_rectangle(color=look.background, opacity=0.7, buff=0.04)
            if place_without_problems(name, m.get_center(), [saddle_map, self.courses(saddle_map, self.saddle_trajectories), mark,
                                                  start, names], buff=0.08 + m.radius,
                           directions=[UP, DOWN, LEFT, RIGHT, UP + RIGHT, UP + LEFT],
                           farther=[gap + m.radius for gap in NEAR_ENOUGH], background=look.background):
                names.add(name)
        statuses = [self.saddle_status(r) for r in self.saddle_trajectories.values()]
        race = self.race(saddle_map, self.saddle_racers, self.saddle_trajectories, statuses, self.saddle_steps, below,
                         rule="escaped: off the map")
        s = point.point
        self.narrate(f"A saddle at {point_text(s)}: downhill one way, uphill the other, and the gradient vanishes on it."
                     if point.kind == "saddle" else
                     f"A flat point at {point_text(s)}: the gradient vanishes, and the Hessian cannot tell its kind.", 5)
        self.add(heading)
        race.rows.set_opacity(0.25)
        self.play(FadeIn(saddle_map), FadeIn(race.rows), run_time=1.2)
        self.play(GrowFromCenter(mark), GrowFromCenter(start), FadeIn(names), run_time=1)
        self.wait(1.5)
        self.narrate(self.saddle_start_words(kind), 3)
        self.play(FadeIn(race.clock), *(row.animate.set_opacity(1.0) for row in race.rows), run_time=1)
        self.wait(1)
        self.narrate("Which of them gets away?", self.saddle_time)
        self.run(race, self.saddle_time, ease=1.0, markers=VGroup(mark, start))
        said = [f"{METHOD_NAMES[m]} {text}" for (m, _), (_, _, text) in zip(self.saddle_racers, statuses)]
        self.narrate(said[0][0].upper() + said[0][1:] + ("; " + "; ".join(said[1:]) if len(said) > 1 else "") + ".", 5)
        self.wait(3)
        # the summary: who got away, who stayed, held to the end
        escaped = [METHOD_NAMES[m] for (m, _), run in zip(self.saddle_racers, self.saddle_trajectories.values())
                   if not np.all(self.saddle.contains(np.asarray(run.points).T))]
        stayed = [METHOD_NAMES[m] for (m, _), run in zip(self.saddle_racers, self.saddle_trajectories.values())
                  if np.all(self.saddle.contains(np.asarray(run.points).T))]
        verdict = (f"all {len(escaped)} escape the {kind}" if not stayed else f"none escapes the {kind}" if not escaped else
                   f"{', '.join(escaped)} escape; {', '.join(stayed)} {'stays' if len(stayed) == 1 else 'stay'}")
        line = self.label(verdict, size=look.small_size * 0.8, color=look.foreground)
        if line.width > right - race.blocks.get_left()[0]:
            line.scale_to_fit_width(right - race.blocks.get_left()[0])
        line.next_to(race.blocks, DOWN, buff=0.35, aligned_edge=LEFT)
        if line.get_bottom()[1] < bottom:  # no room under the board: over the board's top, beside the counter
            line.next_to(race.clock, RIGHT, buff=0.4, aligned_edge=DOWN)
        slow = METHOD_NAMES["gd"] in stayed and escaped
        self.narrate(f"In short: {verdict}." + (f" Near the {kind} the gradient is tiny, and plain gradient descent "
                                                 "barely moves." if slow else ""), 5)
        self.play(FadeIn(line), run_time=0.8)
        self.wait(2)
