"""OptimizerRace: GD, momentum, Nesterov and Adam race down Rosenbrock's valley, then past a saddle."""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # the plain `manim` command loads us by path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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
                                  stroke_width=self.look.stroke - 1, head_radius=0.08))
        return group

    def board(self, racers: tuple[tuple[str, float], ...], statuses: list[tuple[int, str]],
              step: ValueTracker) -> VGroup:
        """Legend rows (colour, method, rate) with a status line each that appears at its step."""
        look = self.look
        names = [f"{METHOD_NAMES[m]}   η = {rate:g}" + (f", μ = {self.momentum:g}" if m in ("momentum", "nesterov")
                                                      else "") for m, rate in racers]
        key = legend([(name, look.series_color(i)) for i, name in enumerate(names)], look=look)
        rows = VGroup()
        for row, (at, text) in zip(key.rows, statuses):
            status = self.label(text, size=look.small_size * 0.8, color=look.muted)
            status.next_to(row[1], DOWN, buff=0.08, aligned_edge=LEFT).set_opacity(0)
            status.add_updater(lambda m, at=at: m.set_opacity(1.0 if step.get_value() >= at else 0.0))
            rows.add(VGroup(row, status))
        return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.3)

    def race(self, where: LandscapeMap, racers: tuple[tuple[str, float], ...], runs: dict[str, Trajectory],
             statuses: list[tuple[int, str]]) -> tuple[ValueTracker, VGroup, VGroup]:
        """The moving parts of one race on ``where``: (step tracker, trails, panel with counter and board)."""
        step = ValueTracker(0.0)
        counter = DigitCounter(4, look=self.look, size=self.look.label_size)
        counter.add_updater(lambda m: m.set_value(int(step.get_value())))
        clock = VGroup(self.label("step", size="label", color=self.look.muted), counter).arrange(RIGHT, buff=0.2)
        panel = VGroup(clock, self.board(racers, statuses, step)).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        panel.next_to(where, RIGHT, buff=1.0).align_to(where, UP)
        return step, self.runners(where, runs, step), panel

    def construct(self) -> None:
        look = self.look
        # --- beat 1: the valley, the start, the finish ----------------------------------------------
        title = self.title_card("Four optimisers, one valley", "Rosenbrock: " + "f = (1 − x)² + 100 (y − x²)²")
        where = copyable_map(LogLandscapeMap(self.valley, look=look, width=5.4, height=5.4, resolution=200, bands=12,
                                             axis_labels=False))
        where.to_edge(LEFT, buff=0.9).to_edge(DOWN, buff=0.45)
        goal = self.valley.notable["minimum"]
        marks = VGroup(Dot(where.to_screen(self.valley.starts[0]), color=look.start, radius=0.08),
                       Dot(where.to_screen(goal), color=look.optimum, radius=0.08))
        self.narrate("Rosenbrock's valley: easy to fall into, slow to follow to the minimum at (1, 1).", 3)
        self.play(FadeIn(title), FadeIn(where), FadeIn(marks), run_time=2)
        self.wait(1)

        # --- beat 2: the race, one shared step counter -----------------------------------------------
        step, trails, panel = self.race(where, self.racers, self.trajectories,
                                        [self.valley_status(r) for r in self.trajectories.values()])
        self.add(trails)
        self.play(FadeIn(panel), run_time=1)
        self.narrate("They start together. Momentum and Nesterov gather speed along the valley floor; "
                     "Adam rescales every coordinate; plain gradient descent crawls.", self.race_time)
        self.play(step.animate.set_value(self.race_steps), run_time=self.race_time,
                  rate_func=lambda t: t * t)  # the first steps are the eventful ones
        self.wait(2)

        # --- beat 3: a saddle -----------------------------------------------------------------------
        for mob in (trails, panel):
            mob.clear_updaters(recursive=True)
        saddle_map = copyable_map(LandscapeMap(self.saddle, look=look, width=5.4, height=5.4, resolution=160,
                                               bands=12, axis_labels=False)).move_to(where)
        heading = self.title_card("… and a saddle", "f = x² − y²: downhill in y, uphill in x")
        point = Dot(saddle_map.to_screen(self.saddle_point.point), color=look.saddle, radius=0.09)
        start = Dot(saddle_map.to_screen(self.saddle.starts[0]), color=look.start, radius=0.08)
        self.play(FadeOut(trails), FadeOut(marks), FadeOut(where), FadeOut(panel), FadeOut(title), run_time=1)
        self.narrate("A saddle: the start lies almost exactly on the ridge line y = 0, where the "
                     "gradient points straight at the saddle.", 3)
        self.play(FadeIn(heading), FadeIn(saddle_map), FadeIn(point), FadeIn(start), run_time=1.5)
        step2, trails2, panel2 = self.race(saddle_map, self.saddle_racers, self.saddle_trajectories,
                                           [self.saddle_status(r) for r in self.saddle_trajectories.values()])
        self.add(trails2)
        self.play(FadeIn(panel2), run_time=1)
        self.narrate("Gradient descent slows to a crawl near the saddle, where the gradient vanishes. "
                     "Momentum carries on and escapes; Adam slides off sideways.", self.saddle_time)
        self.play(step2.animate.set_value(self.saddle_steps), run_time=self.saddle_time, rate_func=linear)
        self.wait(2.5)
        for mob in (trails2, panel2):
            mob.clear_updaters(recursive=True)

