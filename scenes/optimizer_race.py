"""OptimizerRace: GD, momentum, Nesterov and Adam race down Rosenbrock's valley, then past a saddle."""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # the plain `manim` command loads us by path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from types import SimpleNamespace

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Dot, FadeIn, FadeOut, ValueTracker, VGroup, linear

from gradmath import ROSENBROCK, SADDLE, CriticalPoint, Landscape, Trajectory, critical_points, descend
from scenes.common import GradvizScene, LandscapeMap
from scenes.plots import DigitCounter, LogLandscapeMap, clip_polyline, copyable_map, legend, traced_path

__all__ = ["OptimizerRace"]

METHOD_NAMES = {"gd": "gradient descent", "momentum": "momentum", "nesterov": "Nesterov", "adam": "Adam"}


def _race(landscape: Landscape, racers: tuple[tuple[str, float], ...], steps: int, tol: float,
          momentum: float) -> dict[str, Trajectory]:
    """One gradmath run per (method, rate) from the landscape's first start."""
    return {method: descend(landscape, landscape.starts[0], learning_rate=rate, steps=steps, method=method,
                            tol=tol, momentum=momentum)
            for method, rate in racers}


class OptimizerRace(GradvizScene):
    """Four optimisers from one start, stepping in lockstep under one step counter."""

    valley: Landscape = ROSENBROCK
    racers: tuple[tuple[str, float], ...] = (("gd", 1e-3), ("momentum", 1e-3), ("nesterov", 1e-3), ("adam", 0.05))
    race_steps: int = 3000
    saddle: Landscape = SADDLE
    saddle_racers: tuple[tuple[str, float], ...] = (("gd", 0.01), ("momentum", 0.01), ("nesterov", 0.01),
                                                     ("adam", 0.05))
    saddle_steps: int = 150
    tol: float = 1e-4
    momentum: float = 0.9
    race_time: float = 14.0
    shortest_segment: float = 0.4  # seconds; status lines closer together than this appear together
    saddle_time: float = 8.0

    def setup(self) -> None:
        super().setup()
        self.trajectories = _race(self.valley, self.racers, self.race_steps, self.tol, self.momentum)
        self.saddle_trajectories = _race(self.saddle, self.saddle_racers, self.saddle_steps, self.tol, self.momentum)
        self.saddle_point: CriticalPoint = next(c for c in critical_points(self.saddle) if c.kind == "saddle")

    # --- what each runner's status line says (from its gradmath flags) --------------------------------
    def valley_status(self, run: Trajectory) -> tuple[int, str]:
        """(step at which the status appears, text)."""
        if run.converged:
            return run.steps, f"reached the minimum at step {run.steps}"
        return run.steps, f"not there after {run.steps} steps"

    def saddle_status(self, run: Trajectory) -> tuple[int, str]:
        outside = ~np.asarray(self.saddle.contains(run.points.T))
        if outside.any():
            return int(np.argmax(outside)), f"escaped at step {int(np.argmax(outside))}"
        return run.steps, f"still near the saddle at step {run.steps}"

    def runners(self, where: LandscapeMap, runs: dict[str, Trajectory], step: ValueTracker) -> VGroup:
        """A traced path per run on ``where``, clipped to the map, following ``step``."""
        bounds = where.landscape.bounds
        group = VGroup()
        for i, run in enumerate(runs.values()):
            kept, _ = clip_polyline(run.points, bounds[:, 0], bounds[:, 1])
            group.add(traced_path(where.to_screen(kept), step, color=self.look.series_color(i),
                                  stroke_width=self.look.stroke - 1, head_radius=0.08, min_gap=0.01,
                                  outline=self.look.background))
        return group

    def board(self, racers: tuple[tuple[str, float], ...], statuses: list[tuple[int, str]]) -> tuple[VGroup, list]:
        """Legend rows (colour, method, rate), and under each a status line to show at its step.

        Returns (rows, [(step, status), …]); the status lines are kept out of ``rows`` so that they
        join the scene only when their step is reached (text costs a frame nothing until then).
        """
        look = self.look
        names = [f"{METHOD_NAMES[m]}   η = {rate:g}" + (f", μ = {self.momentum:g}" if m in ("momentum", "nesterov")
                                                      else "") for m, rate in racers]
        key = legend([(name, look.series_color(i)) for i, name in enumerate(names)], look=look)
        rows = key.rows.arrange(DOWN, aligned_edge=LEFT, buff=0.62)
        shown = [(at, self.label(text, size=look.small_size * 0.8, color=look.muted)) for at, text in statuses]
        return rows, shown

    def race(self, where: LandscapeMap, racers: tuple[tuple[str, float], ...], runs: dict[str, Trajectory],
             statuses: list[tuple[int, str]]) -> SimpleNamespace:
        """The parts of one race on ``where``: step tracker, trails, a static panel (legend, the word
        "step"), the counter and the status lines (placed beside the map, not yet in the scene)."""
        step = ValueTracker(0.0)
        counter = DigitCounter(4, look=self.look, size=self.look.label_size)
        counter.add_updater(lambda m: m.set_value(int(step.get_value())))
        word = self.label("step", size="label", color=self.look.muted)
        clock = VGroup(word, counter).arrange(RIGHT, buff=0.2)
        rows, shown = self.board(racers, statuses)
        VGroup(clock, rows).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        for row, (_, status) in zip(rows, shown):
            status.next_to(row[1], DOWN, buff=0.08, aligned_edge=LEFT)
        panel = VGroup(word, rows)
        everything = VGroup(panel, counter, *(mob for _, mob in shown))
        everything.next_to(where, RIGHT, buff=1.0).align_to(where, UP)
        return SimpleNamespace(step=step, trails=self.runners(where, runs, step), panel=panel, counter=counter,
                               statuses=shown)

    def run(self, race: SimpleNamespace, steps: int, run_time: float, ease: float) -> None:
        """Play the race to ``steps``; step(u) = steps · u^ease for time fraction u. Status lines join
        the scene when their step is reached (the race is played in segments between those steps)."""
        self.add(race.trails, race.counter)  # drawn after (and so above) the static map and panel
        stops = sorted({min(at, steps) for at, _ in race.statuses} | {steps})
        done = 0
        for stop in stops:
            u0, u1 = (done / steps) ** (1 / ease), (stop / steps) ** (1 / ease)
            if stop < steps and run_time * (u1 - u0) < self.shortest_segment:
                continue  # too close to the next stop: its status joins there
            if stop > done:

                def rate(t: float, u0: float = u0, u1: float = u1, a: int = done, b: int = stop) -> float:
                    return (steps * (u0 + t * (u1 - u0)) ** ease - a) / (b - a)

                self.play(race.step.animate.set_value(stop), run_time=run_time * (u1 - u0), rate_func=rate)
                done = stop
            self.add(*(mob for at, mob in race.statuses if at <= stop))

    def construct(self) -> None:
        look = self.look
        # --- beat 1: the valley, the start, the finish ----------------------------------------------
        title = self.title_card("Four optimisers, one valley", "Rosenbrock: " + "f = (1 − x)² + 100 (y − x²)²")
        where = copyable_map(LogLandscapeMap(self.valley, look=look, width=5.4, height=5.4, resolution=160, bands=12,
                                             axis_labels=False))
        where.to_edge(LEFT, buff=0.9).to_edge(DOWN, buff=0.45)
        goal = self.valley.notable["minimum"]
        marks = VGroup(Dot(where.to_screen(self.valley.starts[0]), color=look.start, radius=0.08),
                       Dot(where.to_screen(goal), color=look.optimum, radius=0.08))
        self.narrate("Rosenbrock's valley: easy to fall into, slow to follow to the minimum at (1, 1).", 3)
        self.play(FadeIn(title), FadeIn(where), FadeIn(marks), run_time=2)
        self.wait(1)

        # --- beat 2: the race, one shared step counter -----------------------------------------------
        race = self.race(where, self.racers, self.trajectories,
                         [self.valley_status(r) for r in self.trajectories.values()])
        self.play(FadeIn(race.panel), FadeIn(race.counter), run_time=1)
        self.narrate("They start together. Momentum and Nesterov gather speed along the valley floor; "
                     "Adam rescales every coordinate; plain gradient descent crawls.", self.race_time)
        self.run(race, self.race_steps, self.race_time, ease=2.0)  # the first steps are the eventful ones
        self.wait(2)

        # --- beat 3: a saddle -----------------------------------------------------------------------
        race.trails.clear_updaters()
        race.counter.clear_updaters()
        saddle_map = copyable_map(LandscapeMap(self.saddle, look=look, width=5.4, height=5.4, resolution=120,
                                               bands=12, axis_labels=False)).move_to(where)
        heading = self.title_card("… and a saddle", "f = x² − y²: downhill in y, uphill in x")
        point = Dot(saddle_map.to_screen(self.saddle_point.point), color=look.saddle, radius=0.09)
        start = Dot(saddle_map.to_screen(self.saddle.starts[0]), color=look.start, radius=0.08)
        self.play(*(FadeOut(m) for m in (race.trails, marks, where, race.panel, race.counter, title,
                                          *(status for _, status in race.statuses))), run_time=1)
        self.narrate("A saddle: the start lies almost exactly on the ridge line y = 0, where the "
                     "gradient points straight at the saddle.", 2.5)
        self.play(FadeIn(heading), FadeIn(saddle_map), FadeIn(point), FadeIn(start), run_time=1.5)
        saddle = self.race(saddle_map, self.saddle_racers, self.saddle_trajectories,
                           [self.saddle_status(r) for r in self.saddle_trajectories.values()])
        self.play(FadeIn(saddle.panel), FadeIn(saddle.counter), run_time=1)
        self.narrate("Gradient descent slows to a crawl near the saddle, where the gradient vanishes. "
                     "Momentum carries on and escapes; Adam slides off sideways.", self.saddle_time)
        self.run(saddle, self.saddle_steps, self.saddle_time, ease=1.0)
        saddle.trails.clear_updaters()
        saddle.counter.clear_updaters()
        self.wait(2.5)
