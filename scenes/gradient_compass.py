"""GradientCompass: the compass needle is the gradient; the directional derivative sweeps the full circle."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    ValueTracker,
    VGroup,
    Write,
    always_redraw,
    config,
    linear,
)

import gradmath
from gradmath import Landscape
from scenes.common import GradvizScene, LandscapeMap, compass_rose, trajectory_path
from scenes.text import LiveNumber, fmt

__all__ = ["GradientCompass"]


class GradientCompass(GradvizScene):
    """A compass at the hiker's feet: the needle is ∇f, a heading û sweeps, ∇f·û is traced."""

    template = "gradient_compass"
    landscape: Landscape
    point: tuple[float, float]
    learning_rate: float
    steps: int
    tol: float  # the walk stops once |∇f| < tol: the needle has shrunk to nothing
    compass_radius: float = 0.8  # screen units

    def setup(self) -> None:
        super().setup()
        self.profile = gradmath.directional_profile(self.landscape, self.point)
        self.gradient_at_point = self.profile.gradient
        self.path = gradmath.descend(self.landscape, self.point, learning_rate=self.learning_rate,
                                     steps=self.steps, tol=self.tol)
        self.gradient_norms = np.hypot(*self.path.gradients.T)

    def rate_along(self, angle: float) -> float:
        """∇f·û at the compass point for heading ``angle`` (radians), from gradmath."""
        return float(gradmath.directional_derivative(self.gradient_at_point, [np.cos(angle), np.sin(angle)]))

    def construct(self) -> None:
        look, ls, profile = self.look, self.landscape, self.profile
        f = ls.latex.split("(")[0]
        g = self.gradient_at_point
        steepest = profile.steepest_rate
        needle_scale = 0.85 * self.compass_radius / steepest  # screen length per unit of |∇f|

        # Beat 1: the compass at the hiker's feet; its needle is the gradient.
        field = LandscapeMap(ls, look=look, width=6.4, height=5.0).to_edge(LEFT, buff=0.9).shift(0.45 * DOWN)
        title = self.label("The gradient is a compass", size="title").to_edge(UP, buff=0.35)
        centre = field.to_screen(self.point)
        rose = compass_rose(self.compass_radius, look=look).move_to(centre)
        position = ValueTracker(0.0)  # index along the walk, fractional between steps

        def here() -> np.ndarray:
            return self._walk_point(position.get_value())

        def needle_now() -> VGroup:
            p = here()
            grad_here = ls.gradient(p)
            tail = field.to_screen(p)
            return _needle(tail, tail + needle_scale * np.array([*grad_here, 0.0]), look.gradient, look.stroke + 2)

        needle = needle_now()  # static until the walk: a redrawn needle would make every later layer redraw
        self.narrate(f"At the hiker's feet, a compass whose needle is the gradient: ∇{f}{_pt(self.point)} = [{fmt(g[0])}, {fmt(g[1])}].", 4)
        self.add(field)
        self.play(Write(title), FadeIn(rose), run_time=1.5)
        self.add(needle)
        needle_label = self.math(rf"\nabla {f} = [{fmt(g[0])}, {fmt(g[1])}]", size="small", color=look.gradient)
        needle_label.add_background_rectangle(color=look.background, opacity=0.75, buff=0.08)
        needle_label.next_to(rose, UP, buff=0.3)
        self.play(FadeIn(needle_label), run_time=1)
        self.wait(1.5)

        # Beat 2: a heading û sweeps the circle; ∇f·û is read off live and traced as a curve.
        panel_left = field.get_right()[0] + 0.6
        top_y = np.ceil(steepest)
        plot = Axes(x_range=[0, 360, 90], y_range=[-top_y, top_y, top_y / 2],
                    x_length=config.frame_width / 2 - panel_left - 1.4, y_length=2.9, tips=False,
                    axis_config={"color": look.muted, "stroke_width": 2})
        plot.next_to(title, DOWN, buff=0.75).set_x(panel_left + plot.width / 2 + 0.45)
        ticks = VGroup(*(self.label(f"{d}°", size=look.small_size * 0.85, color=look.muted)
                         .next_to(plot.c2p(d, -top_y), DOWN, buff=0.12) for d in (0, 90, 180, 270, 360)))
        ticks.add(*(self.label(f"{v:g}".replace("-", "−"), size=look.small_size * 0.85, color=look.muted)
                    .next_to(plot.c2p(0, v), LEFT, buff=0.22) for v in (-top_y, 0, top_y)))
        y_name = self.math(rf"\nabla {f} \cdot \hat{{u}}", size="small").next_to(plot, UP, buff=0.3).align_to(ticks, LEFT)
        x_name = self.label("heading of û", size="small", color=look.muted).next_to(ticks, DOWN, buff=0.1)
        degrees = np.degrees(profile.angles)
        curve = plot.plot_line_graph(np.append(degrees, 360.0), np.append(profile.derivatives, profile.derivatives[0]),
                                     add_vertex_dots=False, line_color=look.foreground, stroke_width=look.stroke)["line_graph"]
        heading = ValueTracker(0.0)  # radians

        def u_now() -> VGroup:
            a = heading.get_value()
            return _needle(centre, centre + 0.95 * self.compass_radius * np.array([np.cos(a), np.sin(a), 0.0]),
                           look.foreground, look.stroke)

        u_arrow = always_redraw(u_now)
        tracer = always_redraw(lambda: Dot(plot.c2p(np.degrees(heading.get_value()), self.rate_along(heading.get_value())),
                                           radius=0.07, color=look.foreground))
        readout_name = self.math(rf"\nabla {f} \cdot \hat{{u}} =", size="label")
        readout_name.next_to(x_name, DOWN, buff=0.3).align_to(ticks, LEFT)
        readout = LiveNumber(self.rate_along(0.0), look=look, size="label", align="right")
        readout.move_to(readout_name.get_right() + 1.9 * RIGHT, aligned_edge=RIGHT).align_to(readout_name, DOWN)
        readout.add_updater(lambda m: m.set_value(self.rate_along(heading.get_value())))
        self.narrate(f"Turn to any heading û: the slope you would feel that way is the dot product ∇{f}·û. Sweep the full circle.", 4)
        self.play(FadeIn(plot, ticks, y_name, x_name), FadeOut(needle_label), run_time=1.2)
        self.play(FadeIn(u_arrow, readout_name, readout, tracer), run_time=1)
        self.add(u_arrow, tracer)
        turn = 2 * np.pi
        along, opposite = profile.steepest_angle % turn, (profile.steepest_angle + np.pi) % turn
        headings = sorted([(along, "along"), (opposite, "opposite")] + [(a % turn, "level") for a in profile.level_angles])
        texts = {  # narration, legend line (LaTeX, plain), colour
            "along": (f"Along the gradient the climb is steepest: {fmt(steepest)}, the length of ∇{f}.",
                      (rf"\text{{along }} \nabla {f}: \ {fmt(steepest)} = \lvert\nabla {f}\rvert",
                       f"along ∇{f}: {fmt(steepest)} = |∇{f}|"), look.ascent),
            "level": ("At right angles to the gradient the ground is level: zero.",
                      (r"\text{at right angles: } 0", "at right angles: 0"), look.muted),
            "opposite": (f"Straight opposite the gradient it falls fastest: minus {fmt(steepest)}.",
                         (rf"\text{{opposite: }} -{fmt(steepest)}", f"opposite: −{fmt(steepest)}"), look.descent),
        }
        marks = []  # heading, narration, legend line, colour — in the order the sweep from east meets them
        for angle, kind in headings:
            words, line, colour = texts[kind]
            if kind == "level" and any(k == "level" for k in (m[4] for m in marks)):
                words, line = "Level again at the other right angle.", None
            marks.append((angle, words, line, colour, kind))
        marks = [m[:4] for m in marks]
        legend = VGroup()
        done = 0.0
        for angle, words, line, colour in marks:
            self.narrate(words, 3.2)
            self.play(heading.animate.set_value(angle), Create(_partial(curve, done, angle)),
                      run_time=max(0.6, 1.6 * (angle - done)), rate_func=linear)
            spot = Dot(plot.c2p(np.degrees(angle), self.rate_along(angle)), radius=0.08, color=colour)
            shown = [FadeIn(spot, scale=2)]
            if line is not None:
                entry = self.math(line[0], plain=line[1], size="small", color=colour)
                anchor = readout_name if not legend else legend[-1]
                entry.next_to(anchor, DOWN, buff=0.25).align_to(readout_name, LEFT)
                legend.add(entry)
                shown.append(FadeIn(entry))
            self.play(*shown, run_time=0.6)
            self.wait(0.6)
            done = angle
        self.play(heading.animate.set_value(2 * np.pi), Create(_partial(curve, done, 2 * np.pi)),
                  run_time=max(0.3, 1.6 * (2 * np.pi - done)), rate_func=linear)

        # Beat 3: the compass walks uphill; the needle shrinks to nothing at the top.
        last = len(self.path.points) - 1
        norm_name = self.math(rf"\lvert\nabla {f}\rvert =", size="label", color=look.gradient)
        norm_name.move_to(readout_name, aligned_edge=LEFT)
        norm = LiveNumber(self.gradient_norms[0], decimals=3, look=look, size="label", color=look.gradient, align="right")
        norm.move_to(readout.get_right(), aligned_edge=RIGHT).align_to(norm_name, DOWN)
        norm.add_updater(lambda m: m.set_value(np.hypot(*ls.gradient(here()))))
        rose.add_updater(lambda m: m.move_to(field.to_screen(here())))
        needle.add_updater(lambda m: m.become(needle_now()))
        self.bring_to_front(rose, needle)  # only the moving layers after them are redrawn per frame
        up = ls.goal == "max"
        trail = trajectory_path(field, self.path, color=look.ascent if up else look.descent)
        where, end = ("uphill", "the top") if up else ("downhill, against it", "the bottom")
        self.narrate(f"Now follow the needle {where}, {last} small steps. As {end} flattens, the needle shrinks to nothing.", 7)
        readout.clear_updaters()
        self.play(FadeOut(u_arrow, tracer, readout, readout_name), FadeIn(norm_name, norm), run_time=0.8)
        self.play(position.animate.set_value(last), Create(trail), run_time=5.5, rate_func=linear)
        top = self.path.final
        arrived = self.path.converged
        verdict = ("no way is up" if up else "no way is down") if arrived else f"|∇{f}| = {fmt(self.gradient_norms[-1], 3)}"
        summit = self.label(f"{'top' if up else 'bottom'} ({fmt(top[0])}, {fmt(top[1])}): {verdict}" if arrived else
                            f"after {last} steps ({fmt(top[0])}, {fmt(top[1])}): {verdict}", size="small", color=look.optimum)
        summit.add_background_rectangle(color=look.background, opacity=0.75, buff=0.08)
        summit.next_to(rose, UP, buff=0.1)
        self.narrate(f"At {end}, ({fmt(top[0])}, {fmt(top[1])}), the gradient is zero: no direction goes "
                     f"{'up' if up else 'down'}." if arrived else
                     f"After {last} steps the walk stops at ({fmt(top[0])}, {fmt(top[1])}), not yet at {end}.", 3)
        self.play(FadeIn(summit), run_time=1)
        self.wait(2)
        for m in (rose, norm, needle):
            m.clear_updaters()

    def _walk_point(self, s: float) -> np.ndarray:
        """The walk at fractional step ``s``: straight between gradmath's consecutive points."""
        pts = self.path.points
        k = int(np.clip(np.floor(s), 0, len(pts) - 2)) if len(pts) > 1 else 0
        t = float(np.clip(s - k, 0.0, 1.0))
        return pts[k] if len(pts) == 1 else (1 - t) * pts[k] + t * pts[k + 1]


def _needle(tail: np.ndarray, tip: np.ndarray, colour, width: float) -> VGroup:
    """An arrow from tail to tip; below 1e-3 screen units only a dot remains (no zero-length arrow)."""
    if np.linalg.norm(tip - tail) < 1e-3:
        return VGroup(Dot(tail, radius=0.03, color=colour))
    return VGroup(Arrow(tail, tip, buff=0, color=colour, stroke_width=width, max_tip_length_to_length_ratio=0.35,
                        tip_length=0.2))


def _partial(curve, start: float, end: float):
    """The piece of the traced profile curve between two headings (radians)."""
    a, b = start / (2 * np.pi), end / (2 * np.pi)
    return curve.copy().pointwise_become_partial(curve, a, b) if b > a else curve.copy().set_opacity(0)


def _pt(p) -> str:
    return f"({fmt(p[0])}, {fmt(p[1])})"
