"""HikerInFog: a hiker in fog feels each partial derivative, combines them into the gradient, and climbs (or descends)."""

from __future__ import annotations

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
    GrowArrow,
    ReplacementTransform,
    TransformFromCopy,
    VGroup,
    Write,
)

import gradmath
from gradmath import Landscape

from scenes.common import Fog, GradvizScene, LandscapeMap, gradient_arrow, trajectory_path
from scenes.text import fmt

__all__ = ["HikerInFog"]


class HikerInFog(GradvizScene):
    """A landscape hidden in fog; the hiker feels each slope, combines them into ∇f, and walks up
    it (a maximum) or down it (a minimum)."""

    template = "hiker_in_fog"
    landscape: Landscape
    start: tuple[float, float]
    learning_rate: float
    steps: int
    fog_radius: float = 1.15  # screen units

    def setup(self) -> None:
        super().setup()
        ls = self.landscape
        self.start_point = np.asarray(self.start, dtype=float)
        self.value_at_start = float(ls.value(self.start_point))
        self.gradient_at_start = ls.gradient(self.start_point)
        self.path = gradmath.descend(ls, self.start_point, learning_rate=self.learning_rate, steps=self.steps)
        # the optimum the walk reached, else the nearest one (None on a landscape without one)
        found = gradmath.optima(ls)
        reached = int(gradmath.attractor_of(self.path.final, found, ls)[0]) if found else -1
        self.arrived = reached >= 0
        span = ls.bounds[:, 1] - ls.bounds[:, 0]
        nearest = min(found, key=lambda c: float(np.max(np.abs(c.point - self.path.final) / span)), default=None)
        self.summit = found[reached] if self.arrived else nearest

    def construct(self) -> None:
        look, ls = self.look, self.landscape
        x_sym, y_sym = ls.symbols
        f = ls.latex.split("(")[0]  # "P"
        g0 = self.gradient_at_start
        where = _point_text(self.start_point)

        # Beat 1: the map exists, but the fog hides it except around the hiker.
        field = LandscapeMap(ls, look=look, width=6.6, height=5.6).to_edge(LEFT, buff=0.9).shift(0.15 * DOWN)
        start_screen = field.to_screen(self.start_point)
        fog = Fog(start_screen, radius=self.fog_radius, look=look, region=field)  # the panel beside stays clear
        hiker = Dot(start_screen, radius=0.1, color=look.start, stroke_color=look.background, stroke_width=3)
        panel_left = field.get_right()[0] + 0.35
        title = self.label("A hiker in the fog", size="title").to_edge(UP, buff=0.4)
        title.set_x(panel_left + 0.3 + title.width / 2)
        formula = self.math(ls.latex, size="small").next_to(title, DOWN, buff=0.3).align_to(title, LEFT)
        panel = VGroup(title, formula)
        self.narrate(f"{ls.title} is a landscape, but fog hides all of it except a small circle around the hiker at {where}.", 4)
        self.add(field, fog)
        self.play(FadeIn(hiker, scale=2), Write(title), run_time=1.5)
        self.play(FadeIn(formula), run_time=1)
        height = self.math(rf"{f}{where} = {fmt(self.value_at_start)}", size="small", color=look.muted)
        self.play(FadeIn(self._below(panel, height)), run_time=0.8)
        self.wait(0.7)

        # Beat 2: step east and feel the slope: ∂P/∂x.
        self.narrate(f"One step east: the ground {_slope_words(g0[0])}. That is the partial derivative in {x_sym}.", 4)
        east = np.array([g0[0], 0.0])
        dx = gradient_arrow(field, self.start_point, east, scale=self.learning_rate, color=look.foreground,
                            label=self.math(rf"\frac{{\partial {f}}}{{\partial {x_sym}}} = {fmt(g0[0])}", size="small"))
        self.play(hiker.animate.shift(0.35 * RIGHT), run_time=0.6)
        self.play(hiker.animate.move_to(start_screen), GrowArrow(dx.arrow), FadeIn(dx.label), run_time=1.2)
        dx_line = self.math(rf"\frac{{\partial {f}}}{{\partial {x_sym}}}{where} = {fmt(g0[0])}", size="small")
        self.play(FadeIn(self._below(panel, dx_line)), run_time=0.8)
        self.wait(1.4)

        # Beat 3: step north: ∂P/∂y.
        self.narrate(f"One step north: it {_slope_words(g0[1])}, the partial derivative in {y_sym}.", 3.5)
        north = np.array([0.0, g0[1]])
        dy = gradient_arrow(field, self.start_point, north, scale=self.learning_rate, color=look.foreground,
                            label=self.math(rf"\frac{{\partial {f}}}{{\partial {y_sym}}} = {fmt(g0[1])}", size="small"))
        dy.label.next_to(dy.arrow, LEFT, buff=0.15)
        self.play(hiker.animate.shift(0.35 * UP), run_time=0.6)
        self.play(hiker.animate.move_to(start_screen), GrowArrow(dy.arrow), FadeIn(dy.label), run_time=1.2)
        dy_line = self.math(rf"\frac{{\partial {f}}}{{\partial {y_sym}}}{where} = {fmt(g0[1])}", size="small")
        self.play(FadeIn(self._below(panel, dy_line)), run_time=0.8)
        self.wait(0.9)

        # Beat 4: both slopes make one arrow, the gradient.
        grad_tex = rf"\nabla {f}{where} = [{fmt(g0[0])}, {fmt(g0[1])}]"
        self.narrate(f"Together they make one arrow, the gradient: ∇{f}{where} = [{fmt(g0[0])}, {fmt(g0[1])}]. It points uphill.", 4)
        grad = gradient_arrow(field, self.start_point, g0, scale=self.learning_rate,
                              label=self.math(grad_tex, size="small", color=look.gradient))
        grad.label.next_to(grad.arrow.get_end(), UP + RIGHT, buff=0.05)
        self.play(TransformFromCopy(VGroup(dx.arrow, dy.arrow), grad.arrow), FadeOut(dx.label, dy.label), run_time=1.5)
        self.play(FadeIn(grad.label), FadeOut(dx.arrow, dy.arrow), run_time=0.8)
        grad_line = self.math(grad_tex, size="small", color=look.gradient)
        self.play(FadeIn(self._below(panel, grad_line)), run_time=0.7)
        self.wait(1.0)

        # Beat 5: walk up (down) it: every step is ± rate × ∇f, every position from gradmath.descend.
        up = ls.goal == "max"
        sign = "+" if up else "-"
        rule = self.math(rf"(x, y) \leftarrow (x, y) {sign} {fmt(self.learning_rate)}\,\nabla {f}", size="small",
                         plain=f"(x, y) ← (x, y) {'+' if up else '−'} {fmt(self.learning_rate)} ∇{f}", color=look.muted)
        way = "along" if up else "against"
        end = "the top" if up else "the bottom"
        self.narrate(f"Each step moves {fmt(self.learning_rate)} times the gradient, {way} it. Near {end} the slope "
                     "flattens, so the steps shrink.", 7)
        self.play(FadeIn(self._below(panel, rule)), FadeOut(grad.label), run_time=0.8)
        self.bring_to_back(*panel)  # static text behind the moving fog: drawn once per step, not per frame
        fog.add_updater(lambda m: m.move_window(hiker.get_center()))
        trail = VGroup()
        arrow = grad
        counter = None
        points, values = self.path.points, self.path.values
        for k in range(1, len(points)):
            there = field.to_screen(points[k])
            segment = trajectory_path(field, points[k - 1:k + 1], color=look.ascent if up else look.descent)
            trail.add(segment)
            reading = fmt(values[k], 3)  # three decimals: the climb ends near, not at, the top
            status = self.math(rf"\text{{step {k}: }} {f} = {reading}", size="small", plain=f"step {k}: {f} = {reading}")
            status.next_to(rule, DOWN, buff=0.3).align_to(rule, LEFT)
            swap = [FadeIn(status)] if counter is None else [ReplacementTransform(counter, status)]
            self.play(hiker.animate.move_to(there), Create(segment), FadeOut(arrow), *swap,
                      run_time=0.55)
            counter = status
            arrow = gradient_arrow(field, points[k], self.path.gradients[k], scale=self.learning_rate)
            self.play(GrowArrow(arrow.arrow), run_time=0.25)  # the next step, already tiny near the top

        # Beat 6: the fog lifts: the contour map and the whole path.
        top = self.summit
        moved = "climbed" if up else "walked down"
        there = f"({fmt(points[-1][0])}, {fmt(points[-1][1])})"
        fog.clear_updaters()
        if top is None:  # nothing to reach: a saddle, a slope
            self.narrate(f"The fog lifts: the hiker {moved} to {there}. This landscape has no "
                         f"{'top' if up else 'bottom'} on the map.", 5)
            self.play(FadeOut(fog), FadeOut(arrow), run_time=2)
            self.wait(2)
            return
        where = "next to" if self.arrived else "still short of"
        self.narrate(f"The fog lifts: the hiker {moved} to {there}, {where} {end} "
                     f"{_point_text(top.point)} where {f} = {fmt(top.value)}.", 5)
        peak = Dot(field.to_screen(top.point), radius=0.08, color=look.optimum)
        word = "max" if up else "min"
        peak_label = self.math(rf"\{word} {f}{_point_text(top.point)} = {fmt(top.value)}", size="small",
                               color=look.optimum, plain=f"{word} {f}{_point_text(top.point)} = {fmt(top.value)}")
        peak_label.add_background_rectangle(color=look.background, opacity=0.75, buff=0.08)
        peak_label.next_to(peak, UP + RIGHT, buff=0.25)
        self.play(FadeOut(fog), FadeOut(arrow), run_time=2)
        self.play(FadeIn(peak, scale=2), FadeIn(peak_label), run_time=1)
        self.wait(2)

    def _below(self, panel: VGroup, line) -> object:
        """Put ``line`` under the side panel's last line, left-aligned, and append it."""
        line.next_to(panel[-1], DOWN, buff=0.3).align_to(panel[0], LEFT)
        panel.add(line)
        return line


def _point_text(p: np.ndarray) -> str:
    return f"({fmt(p[0])}, {fmt(p[1])})"


def _slope_words(slope: float) -> str:
    """How the ground changes one step along an axis: "rises at 6 per unit", "falls at 33 per unit"."""
    if slope == 0:
        return "is flat"
    return f"{'rises' if slope > 0 else 'falls'} at {fmt(abs(slope))} per unit"
