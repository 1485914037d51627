"""OptimizerRace: GD, momentum, Nesterov and Adam race down Rosenbrock's valley, then past a saddle."""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # the plain `manim` command loads us by path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from types import SimpleNamespace

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Dot, FadeIn, FadeOut, GrowFromCenter, LaggedStart, ValueTracker, VGroup, VMobject

from gradmath import (METHOD_NAMES, CriticalPoint, Landscape, Trajectory, attractor_of, clip_at_exit, critical_points,
                      descend, optima)
from scenes.common import GradvizScene, LandscapeMap
from scenes.layout import fit_into, labels, place_without_problems, safe_box, set_role
from scenes.plots import DigitCounter, LogLandscapeMap, copyable_map, formula_card, legend, point_text, traced_path

__all__ = ["OptimizerRace"]

METHOD_IDEAS = {  # what each method does, in one line
    "gd": "steps straight against the gradient",
    "momentum": "keeps a velocity that builds up downhill",
    "nesterov": "momentum that measures the slope one step ahead",
    "adam": "scales each coordinate's step by its recent gradients",
}


def _race(landscape: Landscape, start: tuple[float, ...], racers: tuple[tuple[str, float], ...], steps: int,
          tol: float, momentum: float) -> dict[str, Trajectory]:
    """One gradmath run per (method, rate) from ``start``, keyed by method ("adam 2" when a method races twice)."""
    methods = [method for method, _ in racers]
    return {(method if methods.count(method) == 1 else f"{method} {i + 1}"):
            descend(landscape, start, learning_rate=rate, steps=steps, method=method, tol=tol, momentum=momentum)
            for i, (method, rate) in enumerate(racers)}


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
            f"the {'global' if index == 0 else 'local'} {kind} {where}"

    def valley_status(self, run: Trajectory, arrival: int = 0) -> tuple[int, str]:
        """(step at which the status appears, text)."""
        if run.converged:
            kind = "maximum" if self.valley.goal == "max" else "minimum"
            at = "" if arrival < 0 else ("the " if len(self.optima) == 1 else
                                        "the global " if arrival == 0 else "a local ") + kind + " "
            return run.steps, (f"arrived at {at}at step {run.steps}" if at else f"stopped at step {run.steps}")
        if run.left_domain or run.diverged:
            return run.steps, f"left the map by step {run.steps}"
        return run.steps, f"not there after {run.steps} steps"

    def saddle_status(self, run: Trajectory) -> tuple[int, str]:
        outside = ~np.asarray(self.saddle.contains(run.points.T))
        if outside.any():
            return int(np.argmax(outside)), f"escaped at step {int(np.argmax(outside))}"
        return run.steps, f"still near it at step {run.steps}"

    def runners(self, where: LandscapeMap, runs: dict[str, Trajectory], step: ValueTracker) -> VGroup:
        """A traced path per run on ``where``, clipped to the map, following ``step``."""
        bounds = where.landscape.bounds
        group = VGroup()
        for i, run in enumerate(runs.values()):
            kept, _ = clip_at_exit(run.points, bounds[:, 0], bounds[:, 1])
            group.add(set_role(traced_path(where.to_screen(kept), step, color=self.look.series_color(i),
                                           stroke_width=self.look.stroke - 1, head_radius=0.08, min_gap=0.01,
                                           outline=self.look.background), "path"))
        return group

    def race(self, where: LandscapeMap, racers: tuple[tuple[str, float], ...], runs: dict[str, Trajectory],
             statuses: list[tuple[int, str]], steps: int, top: float) -> SimpleNamespace:
        """The parts of one race on ``where``: step tracker, trails, the step counter, the legend rows
        (a method, its rate and what it does) and under each its status line (hidden until its step)."""
        look = self.look
        step = ValueTracker(0.0)
        counter = DigitCounter(len(str(steps)), look=look, size=look.label_size)
        counter.add_updater(lambda m: m.set_value(int(step.get_value())))
        word = self.label("step", size="label", color=look.muted)
        clock = VGroup(word, counter).arrange(RIGHT, buff=0.2)
        names = [f"{METHOD_NAMES[m]}   η = {rate:g}" + (f", μ = {self.momentum:g}" if m in ("momentum", "nesterov")
                                                      else "") for m, rate in racers]
        key = legend([(name, look.series_color(i)) for i, name in enumerate(names)], look=look)
        rows = key.rows
        ideas = [self.label(METHOD_IDEAS[m], size=look.small_size * 0.8, color=look.muted) for m, _ in racers]
        shown = [self.label(text, size=look.small_size * 0.8, color=look.series_color(i))
                 for i, (_, text) in enumerate(statuses)]
        blocks = VGroup(*(VGroup(row, idea, status) for row, idea, status in zip(rows, ideas, shown)))
        for row, idea, status in blocks:
            idea.next_to(row[1], DOWN, buff=0.08, aligned_edge=LEFT)
            status.move_to(idea, aligned_edge=LEFT)  # the status replaces the idea once the race is on
        blocks.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        board = VGroup(clock, blocks).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        left, right, bottom, _ = safe_box()
        x0 = where.get_right()[0] + 0.5
        scale = min(1.0, (right - x0) / board.width, (top - bottom) / board.height)
        board.scale(scale).move_to([x0, top, 0], aligned_edge=LEFT + UP)
        for status in shown:
            status.set_opacity(0)
            status.alpha = 0.0
        return SimpleNamespace(step=step, trails=self.runners(where, runs, step), clock=clock, counter=counter,
                               rows=rows, ideas=VGroup(*ideas), statuses=VGroup(*shown),
                               arrive=[at for at, _ in statuses], steps=steps)

    def run(self, race: SimpleNamespace, run_time: float, ease: float) -> None:
        """Play the race: step(u) = steps · u^ease for time fraction u; each status line fades in
        when its runner's step is reached."""

        def arrive(group: VGroup, dt: float) -> None:
            now = race.step.get_value()
            for status, at in zip(group, race.arrive):
                if now >= at and status.alpha < 1:
                    status.alpha = min(1.0, status.alpha + dt / self.fade_time)
                    status.set_opacity(status.alpha)

        race.statuses.add_updater(arrive)
        self.add(race.trails, race.counter, race.statuses)  # above the static map and board
        self.play(race.step.animate.set_value(race.steps), run_time=run_time, rate_func=lambda t: t ** ease)
        self.wait(self.fade_time)  # the last status finishes fading in
        for mob in (race.statuses, race.trails, race.counter):
            mob.clear_updaters()

    def introduce(self, race: SimpleNamespace, racers: tuple[tuple[str, float], ...]) -> None:
        """One row of the board per beat: the method, its rate, what it does."""
        self.play(FadeIn(race.clock), run_time=0.6)
        for (method, rate), row, idea in zip(racers, race.rows, race.ideas):
            self.narrate(f"{METHOD_NAMES[method].capitalize()}, rate {rate:g}, {METHOD_IDEAS[method]}.", 2.5)
            self.play(FadeIn(row), FadeIn(idea), run_time=0.6)
            self.wait(0.8)

    def courses(self, where: LandscapeMap, runs: dict[str, Trajectory]) -> VGroup:
        """The whole path of every run, clipped to the map (not shown: what labels must stay clear of)."""
        bounds = where.landscape.bounds
        group = VGroup()
        for run in runs.values():
            kept, _ = clip_at_exit(run.points, bounds[:, 0], bounds[:, 1])
            if len(kept) > 1:
                group.add(set_role(VMobject().set_points_as_corners(where.to_screen(kept)), "path"))
        return group

    def markers(self, where: LandscapeMap) -> tuple[VGroup, VGroup]:
        """The start and the optima (the goal first), outlined, and their labels (clear of the paths to come)."""
        look = self.look
        courses = self.courses(where, self.trajectories)
        start = Dot(where.to_screen(self.start), color=look.start, radius=0.09, stroke_color=look.background, stroke_width=2)
        spots = VGroup(*(Dot(where.to_screen(o.point), color=look.optimum, radius=0.1 if i == 0 else 0.07,
                             stroke_color=look.background, stroke_width=2) for i, o in enumerate(self.optima[:6])))
        names = VGroup()
        for text, mark in [("start", start), *(("goal" if i == 0 else "local", m) for i, m in enumerate(spots))]:
            name = labels(self.label(text, size=look.small_size * 0.8, color=look.foreground), mark)
            name.add_background_rectangle(color=look.background, opacity=0.7, buff=0.04)
            if place_without_problems(name, mark.get_center(), [where, courses, start, spots, names], buff=0.08 + mark.radius,
                           background=look.background):
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
        where = copyable_map(LogLandscapeMap(self.valley, look=look, width=5.4, height=5.4, resolution=160, bands=12,
                                             axis_labels=False))
        fit_into(where, left + 0.4, left + 0.4 + min(6.0, below - bottom), bottom, below)
        where.align_to([left + 0.4, 0, 0], LEFT)
        marks, names = self.markers(where)
        self.narrate(f"{self.valley.title}, coloured on a log scale so the valley floor shows.", 3.5)
        self.play(FadeIn(where), run_time=1.5)
        goal = (f"The goal is the {'maximum' if self.valley.goal == 'max' else 'minimum'} at {point_text(self.goal)}"
                if self.goal is not None else "It has no optimum inside the map")
        others = len(self.optima) - 1
        self.narrate(f"Every runner starts at {point_text(self.start)}. {goal}"
                     + (f", and there {'is' if others == 1 else 'are'} {others} local "
                        f"{'one' if others == 1 else 'ones'} besides." if others > 0 else "."), 4)
        self.play(LaggedStart(*(GrowFromCenter(m) for m in (marks[0], *marks[1])), lag_ratio=0.3), FadeIn(names),
                  run_time=1.5)
        self.wait(1.5)

        # --- beat 2: the runners, one by one ------------------------------------------------------------
        runs = list(self.trajectories.values())
        statuses = [self.valley_status(r, a) for r, a in zip(runs, self.arrivals)]
        race = self.race(where, self.racers, self.trajectories, statuses, self.race_steps, below)
        self.introduce(race, self.racers)

        # --- beat 3: the race, one shared step counter --------------------------------------------------
        self.narrate(f"They race, one step at a time, {self.race_steps} steps at most. "
                     "The first steps are the eventful ones: watch them slowly.", self.race_time)
        self.play(FadeOut(race.ideas), run_time=0.5)
        self.run(race, self.race_time, ease=2.0)

        # --- beat 4: the verdict ---------------------------------------------------------------------------
        said = [f"{METHOD_NAMES[m]} {text}" for (m, _), (_, text) in zip(self.racers, statuses)]
        self.narrate(said[0][0].upper() + said[0][1:] + ("; " + "; ".join(said[1:]) if len(said) > 1 else "") + ".", 5)
        self.wait(3)
        arrived = sorted((run.steps, METHOD_NAMES[m]) for (m, _), run, a in zip(self.racers, runs, self.arrivals)
                         if run.converged and a == 0)
        self.narrate(f"First to reach the goal: {arrived[0][1]}, at step {arrived[0][0]}." if arrived else
                     "None of them reaches the goal.", 3)
        self.wait(1)

        if self.saddle_point is not None:
            self.play(*(FadeOut(m) for m in (race.trails, marks, names, where, race.clock, race.rows, race.statuses)),
                      run_time=1)
            self.play(FadeOut(title), run_time=0.5)
            self.saddle_beat(below)
        self.hold_summary()

    def saddle_beat(self, below: float) -> None:
        """Beat 5: a saddle (or a flat critical point): which runners escape it."""
        look, point = self.look, self.saddle_point
        left, right, bottom, top = safe_box()
        kind = "saddle" if point.kind == "saddle" else "flat critical point"
        heading = formula_card(f"… and a {kind}", self.saddle.title, self.saddle.latex, look=look)
        saddle_map = copyable_map(LandscapeMap(self.saddle, look=look, width=5.4, height=5.4, resolution=120,
                                               bands=12, axis_labels=False))
        fit_into(saddle_map, left + 0.4, left + 0.4 + min(6.0, below - bottom), bottom, below)
        saddle_map.align_to([left + 0.4, 0, 0], LEFT)
        mark = Dot(saddle_map.to_screen(point.point), color=look.saddle, radius=0.1, stroke_color=look.background,
                   stroke_width=2)
        start = Dot(saddle_map.to_screen(self.saddle_start), color=look.start, radius=0.09, stroke_color=look.background,
                    stroke_width=2)
        names = VGroup()
        for text, m in ((kind, mark), ("start", start)):
            name = labels(self.label(text, size=look.small_size * 0.8, color=look.foreground), m)
            name.add_background_rectangle(color=look.background, opacity=0.7, buff=0.04)
            if place_without_problems(name, m.get_center(), [saddle_map, self.courses(saddle_map, self.saddle_trajectories), mark,
                                                  start, names], buff=0.08 + m.radius,
                           directions=[UP, DOWN, LEFT, RIGHT, UP + RIGHT, UP + LEFT], background=look.background):
                names.add(name)
        s = point.point
        self.narrate(f"A saddle at {point_text(s)}: downhill one way, uphill the other, and the gradient vanishes on it."
                     if point.kind == "saddle" else
                     f"A flat point at {point_text(s)}: the gradient vanishes, and the Hessian cannot tell its kind.", 5)
        self.add(heading)
        self.play(FadeIn(saddle_map), run_time=1.2)
        self.play(GrowFromCenter(mark), GrowFromCenter(start), FadeIn(names), run_time=1)
        self.wait(1.5)
        statuses = [self.saddle_status(r) for r in self.saddle_trajectories.values()]
        race = self.race(saddle_map, self.saddle_racers, self.saddle_trajectories, statuses, self.saddle_steps, below)
        self.narrate(f"The runners start at {point_text(self.saddle_start)}, just off the {kind}.", 3)
        self.play(FadeIn(race.clock), FadeIn(race.rows), run_time=1)
        self.wait(1)
        self.narrate("Which of them gets away?", self.saddle_time)
        self.run(race, self.saddle_time, ease=1.0)
        said = [f"{METHOD_NAMES[m]} {text}" for (m, _), (_, text) in zip(self.saddle_racers, statuses)]
        self.narrate(said[0][0].upper() + said[0][1:] + ("; " + "; ".join(said[1:]) if len(said) > 1 else "") + ".", 5)
        self.wait(3)
