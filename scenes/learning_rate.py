"""LearningRate: one bowl, three learning rates side by side — too timid, just right, too bold — with loss curves."""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # the plain `manim` command loads us by path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from manim import DOWN, RIGHT, UP, UR, Dot, FadeIn, Group, LaggedStart, ValueTracker, VGroup, Write, config, linear

from gradmath import Landscape, Trajectory, clip_at_exit, descend
from scenes.common import GradvizScene, LandscapeMap
from scenes.plots import DigitCounter, LossAxes, loss_decades, copyable_map, sig, traced_path

__all__ = ["LearningRate"]


class LearningRate(GradvizScene):
    """Three descents of one elongated bowl from one start; only the learning rate differs.

    The bowl f = x² + 2xy + 3y² (Hessian eigenvalues ≈ 1.17 and 6.83) makes the zigzag of a
    too-large rate visible; on the round bowl x² + y² every path is a straight line.
    """

    template = "learning_rate"
    landscape: Landscape
    start: tuple[float, float]
    rates: tuple[float, ...]
    names: tuple[str, ...] | None  # a short name per rate; None: "rate 0.1"
    steps: int
    tol: float  # converged once |∇f| < tol
    run_time: float = 12.0  # seconds for the three runs, stepping together

    def setup(self) -> None:
        super().setup()
        if self.names is None or len(self.names) != len(self.rates):
            self.names = tuple(f"rate {r:g}" for r in self.rates)
        self.trajectories: tuple[Trajectory, ...] = tuple(
            descend(self.landscape, self.start, learning_rate=rate, steps=self.steps, tol=self.tol) for rate in self.rates
        )
        self.decades = loss_decades([run.values for run in self.trajectories], self.landscape)

    def left_map_at(self, run: Trajectory) -> int | None:
        """The first step whose point lies outside the landscape's domain, or None."""
        outside = ~np.asarray(self.landscape.contains(run.points.T))
        return int(np.argmax(outside)) if outside.any() else None

    def verdict(self, run: Trajectory) -> tuple[str, object]:
        """What happened to one run, in words and a theme colour, from its gradmath flags and values."""
        if run.diverged or run.left_domain:
            where = self.left_map_at(run)
            return (f"diverges:\noff the map at step {where}\nf = {sig(run.values[-1])} at step {run.steps}",
                    self.look.warning)
        if run.converged:
            return (f"converged at step {run.steps}\n|∇f| < {self.tol:g}, f = {sig(run.values[-1], 2)}",
                    self.look.optimum)
        return f"still far after {run.steps} steps\nf = {sig(run.values[-1])}", self.look.muted

    def construct(self) -> None:
        look = self.look
        # --- beat 1: the bowl, the update rule, one start ------------------------------------------
        title = self.title_card(f"{len(self.rates)} learning rates, one landscape")
        rule = self.math(r"x_{k+1} = x_k - \eta\,\nabla f(x_k)", r"\qquad " + self.landscape.latex, size="small")
        rule.next_to(title, DOWN, buff=0.15)
        self.narrate("Gradient descent steps against the gradient, scaled by the learning rate eta. "
                     "Same landscape, same start; only eta changes.", 3.5)
        self.play(FadeIn(title), Write(rule), run_time=1.5)

        columns, panels = Group(), []
        for rate, name, run in zip(self.rates, self.names, self.trajectories):
            colour = look.warning if (run.diverged or run.left_domain) else look.descent
            heading = VGroup(self.label(name, size="small", color=colour),
                             self.math(rf"\eta = {rate:g}", size=look.small_size * 0.9)).arrange(RIGHT, buff=0.3)
            where = copyable_map(LandscapeMap(self.landscape, look=look, width=2.4, height=2.4, resolution=120,
                                              bands=8, axis_labels=False))
            loss = LossAxes(self.steps, look=look, width=2.3, height=1.3, decades=self.decades, step_tick=10)
            columns.add(Group(heading, where, loss).arrange(DOWN, buff=0.25))
            panels.append((where, loss, colour, run))
        columns.arrange(RIGHT, buff=0.6).next_to(rule, DOWN, buff=0.25)
        if columns.width > config.frame_width - 0.5:  # keep the three columns inside the frame
            columns.scale_to_fit_width(config.frame_width - 0.5).next_to(rule, DOWN, buff=0.25)
        starts = VGroup(*(Dot(where.to_screen(self.start), color=look.start, radius=0.06) for where, *_ in panels))
        self.play(LaggedStart(*(FadeIn(c) for c in columns), lag_ratio=0.2), FadeIn(starts), run_time=2)

        # --- beat 2: the three runs step together, loss curves alongside ---------------------------
        step = ValueTracker(0.0)
        moving = VGroup()
        for where, loss, colour, run in panels:
            bounds = self.landscape.bounds
            kept, _ = clip_at_exit(run.points, bounds[:, 0], bounds[:, 1])
            trail = traced_path(where.to_screen(kept), step, color=colour, stroke_width=look.stroke - 1,
                                outline=look.background)
            curve = traced_path(loss.curve_points(run.values), step, color=colour, stroke_width=look.stroke - 1,
                                head_radius=0.05)
            moving.add(trail, curve)
        word = self.label("step", size="small", color=look.muted)
        counter = DigitCounter(len(str(self.steps)), look=look, size=look.small_size, color=look.foreground)
        clock = VGroup(word, counter).arrange(RIGHT, buff=0.15).to_corner(UR, buff=0.4)
        counter.add_updater(lambda m: m.set_value(int(step.get_value())))
        self.add(moving, clock)
        self.narrate(" ".join(f"{name.capitalize()}: {self.verdict(run)[0].splitlines()[0].rstrip(':')}."
                              for name, run in zip(self.names, self.trajectories)), self.run_time)
        self.play(step.animate.set_value(self.steps), run_time=self.run_time, rate_func=linear)
        for mob in (*moving, counter):
            mob.clear_updaters()

        # --- beat 3: the verdicts, from gradmath's flags --------------------------------------------
        verdicts = VGroup()
        for (_, _, _, run), column in zip(panels, columns):
            text, tone = self.verdict(run)
            verdicts.add(self.label(text, size=look.small_size * 0.8, color=tone).next_to(column, DOWN, buff=0.15))
        self.narrate("The loss curves tell the same story, step by step.", 4.3)
        self.play(LaggedStart(*(FadeIn(v, shift=0.1 * UP) for v in verdicts), lag_ratio=0.3), run_time=2)
        self.wait(2.5)
