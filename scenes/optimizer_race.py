"""OptimizerRace: GD, momentum, Nesterov and Adam race down Rosenbrock's valley, then past a saddle."""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # the plain `manim` command loads us by path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from types import SimpleNamespace

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Dot, FadeIn, FadeOut, ValueTracker, VGroup, linear

from gradmath import METHOD_NAMES, CriticalPoint, Landscape, Trajectory, clip_at_exit, critical_points, descend, optima
from scenes.common import GradvizScene, LandscapeMap
from scenes.plots import DigitCounter, LogLandscapeMap, copyable_map, legend, sig, traced_path
from scenes.text import latex_to_plain

__all__ = ["OptimizerRace"]



def _race(landscape: Landscape, start: tuple[float, ...], racers: tuple[tuple[str, float], ...], steps: int,
          tol: float, momentum: float) -> dict[str, Trajectory]:
    """One gradmath run per (method, rate) from ``start``, keyed by method ("adam 2" when a method races twice)."""
    methods = [method for method, _ in racers]
    return {(method if methods.count(method) == 1 else f"{method} {i + 1}"):
            descend(landscape, start, learning_rate=rate, steps=steps, method=method, tol=tol, momentum=momentum)
            for i, (method, rate) in enumerate(racers)}


class OptimizerRace(GradvizScene):
    """Four optimisers from one start, stepping in lockstep under one step counter."""

    template = "optimizer_race"
    landscape: Landscape  # the valley of the race
    start: tuple[float, float]
    steps: int
    saddle: Landscape | None
    saddle_start: tuple[float, float] | None
    saddle_steps: int
    tol: float
    momentum: float
    race_time: float = 14.0
    shortest_segment: float = 0.4  # seconds; status lines closer together than this appear together
    saddle_time: float = 8.0

    def setup(self) -> None:
        super().setup()
        self.valley, self.race_steps = self.landscape, self.steps
        self.racers = tuple((r.method, r.learning_rate) for r in self.params.racers)
        self.trajectories = _race(self.valley, self.start, self.racers, self.race_steps, self.tol, self.momentum)
        best = optima(self.valley)
        self.goal = np.array(best[0].point) if best else None
        self.saddle_point: CriticalPoint | None = None
        if self.saddle is not None and self.saddle_start is not None:
            self.saddle_racers = tuple((r.method, r.learning_rate) for r in (self.params.saddle_racers or self.params.racers))
            self.saddle_trajectories = _race(self.saddle, self.saddle_start, self.saddle_racers, self.saddle_steps,
                                             self.tol, self.momentum)
            self.saddle_point = next((c for c in critical_points(self.saddle) if c.kind == "saddle"), None)

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
            kept, _ = clip_at_exit(run.points, bounds[:, 0], bounds[:, 1])
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
        counter = DigitCounter(len(str(self.race_steps)), look=self.look, size=self.look.label_size)
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
        title = self.title_card(f"{len(self.racers)} optimisers, one landscape",
                                f"{self.valley.title}: {latex_to_plain(self.valley.latex)}")
        where = copyable_map(LogLandscapeMap(self.valley, look=look, width=5.4, height=5.4, resolution=160, bands=12,
                                             axis_labels=False))
        where.to_edge(LEFT, buff=0.9).to_edge(DOWN, buff=0.45)
        marks = VGroup(Dot(where.to_screen(self.start), color=look.start, radius=0.08))
        if self.goal is not None:
            marks.add(Dot(where.to_screen(self.goal), color=look.optimum, radius=0.08))
            self.narrate(f"{self.valley.title}: the optimum is at ({sig(self.goal[0])}, {sig(self.goal[1])}).", 3)
        else:
            self.narrate(f"{self.valley.title}.", 3)
        self.play(FadeIn(title), FadeIn(where), FadeIn(marks), run_time=2)
        self.wait(1)

        # --- beat 2: the race, one shared step counter -----------------------------------------------
        race = self.race(where, self.racers, self.trajectories,
                         [self.valley_status(r) for r in self.trajectories.values()])
        self.play(FadeIn(race.panel), FadeIn(race.counter), run_time=1)
        self.narrate("They start together, " + "; ".join(
            f"{METHOD_NAMES[m]} {self.valley_status(r)[1]}" for (m, _), r in zip(self.racers, self.trajectories.values()))
            + ".", self.race_time)
        self.run(race, self.race_steps, self.race_time, ease=2.0)  # the first steps are the eventful ones
        self.wait(2)

        race.trails.clear_updaters()
        race.counter.clear_updaters()
        if self.saddle_point is not None:
            self.saddle_beat(where, race, marks, title)
        else:  # the verdict of the race, held
            arrived = [(run.steps, METHOD_NAMES[m]) for (m, _), run in zip(self.racers, self.trajectories.values())
                       if run.converged]
            self.narrate(f"First to arrive: {min(arrived)[1]}, at step {min(arrived)[0]}." if arrived else
                         f"None of them arrives within {self.race_steps} steps.", 3)
            self.wait(3)

    def saddle_beat(self, where, race, marks, title) -> None:
        """Beat 3: a saddle."""
        look = self.look
        saddle_map = copyable_map(LandscapeMap(self.saddle, look=look, width=5.4, height=5.4, resolution=120,
                                               bands=12, axis_labels=False)).move_to(where)
        heading = self.title_card("… and a saddle", f"{self.saddle.title}: {latex_to_plain(self.saddle.latex)}")
        point = Dot(saddle_map.to_screen(self.saddle_point.point), color=look.saddle, radius=0.09)
        start = Dot(saddle_map.to_screen(self.saddle_start), color=look.start, radius=0.08)
        self.play(*(FadeOut(m) for m in (race.trails, marks, where, race.panel, race.counter, title,
                                          *(status for _, status in race.statuses))), run_time=1)
        s = self.saddle_point.point
        self.narrate(f"A saddle at ({sig(s[0])}, {sig(s[1])}): downhill one way, uphill the other, "
                     "and the gradient vanishes on it.", 2.5)
        self.play(FadeIn(heading), FadeIn(saddle_map), FadeIn(point), FadeIn(start), run_time=1.5)
        saddle = self.race(saddle_map, self.saddle_racers, self.saddle_trajectories,
                           [self.saddle_status(r) for r in self.saddle_trajectories.values()])
        self.play(FadeIn(saddle.panel), FadeIn(saddle.counter), run_time=1)
        self.narrate("; ".join(f"{METHOD_NAMES[m]} {self.saddle_status(r)[1]}".capitalize() if i == 0 else
                               f"{METHOD_NAMES[m]} {self.saddle_status(r)[1]}"
                               for i, ((m, _), r) in enumerate(zip(self.saddle_racers, self.saddle_trajectories.values())))
                     + ".", self.saddle_time)
        self.run(saddle, self.saddle_steps, self.saddle_time, ease=1.0)
        saddle.trails.clear_updaters()
        saddle.counter.clear_updaters()
        self.wait(2.5)
