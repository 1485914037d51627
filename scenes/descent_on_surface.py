"""DescentOnSurface: the Colonel's descent paths riding his 3-D loss surface while the camera orbits."""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # the plain `manim` command loads us by path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from manim import (
    DEGREES,
    DOWN,
    IN,
    LEFT,
    OUT,
    RIGHT,
    FadeIn,
    FadeOut,
    Surface,
    ThreeDAxes,
    ThreeDScene,
    ValueTracker,
    VGroup,
    linear,
)

from gradmath import Landscape, Trajectory, descend, gradient_field, optima
from scenes.common import GradvizScene, function_symbol
from scenes.plots import sig, traced_path
from scenes.style import manim_color
from scenes.text import latex_to_plain

__all__ = ["DescentOnSurface"]


class DepthSortedSurface(Surface):
    """A Surface whose faces are drawn back to front for a camera, from one vectorised sort.

    The faces are flat-shaded by height and ordered by ``sort_faces`` instead of ThreeDCamera's
    per-face lighting and depth keys: at 1080p60 that is the difference between about a minute
    and several while the camera orbits. ``follow(camera)`` re-sorts on every frame (attach it
    only while the camera moves, so that a still camera lets the surface be cached as background).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for face in self.submobjects:
            face.shade_in_3d = False
        self.faces = list(self.submobjects)
        self.centres = np.array([face.get_center() for face in self.faces])

    def sort_faces(self, rotation: np.ndarray) -> DepthSortedSurface:
        """Order the faces far to near for a camera with this rotation matrix."""
        depth = (self.centres @ rotation.T)[:, 2]
        self.submobjects = [self.faces[i] for i in np.argsort(depth, kind="stable")]
        return self

    def follow(self, camera) -> DepthSortedSurface:
        """Re-sort on every frame for ``camera`` (a ThreeDCamera)."""
        return self.add_updater(lambda m: m.sort_faces(camera.get_rotation_matrix()), call_updater=True)


class DescentOnSurface(ThreeDScene, GradvizScene):
    """The lesson's four descents (rate 0.05, 30 steps) lifted onto the surface L(p, s)."""

    template = "descent_on_surface"
    landscape: Landscape
    starts: tuple[tuple[float, float], ...]
    learning_rate: float
    steps: int
    resolution: tuple[int, int] = (22, 14)
    orbit_rate: float = 0.12  # radians per second while the paths draw
    draw_time: float = 7.0
    view_shift: np.ndarray = 1.6 * RIGHT
    lift: float = 0.03  # paths float this fraction of the z-axis above the surface, so they stay visible

    def setup(self) -> None:
        super().setup()
        ls = self.landscape
        self.n_steps = self.steps
        self.trajectories: tuple[Trajectory, ...] = descend(ls, np.array(self.starts), learning_rate=self.learning_rate,
                                                            steps=self.n_steps)
        best = optima(ls)
        self.minimum = np.array(best[0].point) if best else np.array(self.trajectories[0].final)
        self.minimum_value = float(ls.value(self.minimum))
        heights = gradient_field(ls, 61).values
        self.bottom = float(np.min(heights))
        self.top = float(np.max(heights))  # the surface's highest and lowest points on a fine grid

    def make_axes(self) -> ThreeDAxes:
        (x0, x1), (y0, y1) = self.landscape.domain
        span = max(x1 - x0, y1 - y0)
        return ThreeDAxes(x_range=[x0, x1, (x1 - x0) / 4], y_range=[y0, y1, (y1 - y0) / 3], z_range=[self.bottom, self.top, (self.top - self.bottom) / 4],
                          x_length=6.5 * (x1 - x0) / span, y_length=6.5 * (y1 - y0) / span, z_length=2.6,
                          num_axis_pieces=1, tips=False, axis_config={"color": self.look.muted, "stroke_width": 2})

    def lifted(self, axes: ThreeDAxes, run: Trajectory) -> np.ndarray:
        """A trajectory's points at their gradmath values, raised slightly above the surface."""
        up = self.lift * (self.top - self.bottom)
        return np.array([axes.c2p(p[0], p[1], v + up) for p, v in zip(run.points, run.values)])

    def axis_labels(self, axes: ThreeDAxes) -> VGroup:
        """p and s beside the middle of their axes, outside the bowl (an axis end can hide behind the
        surface); L above the top of the height axis."""
        (x0, x1), (y0, y1) = self.landscape.domain
        p_name, s_name = self.landscape.symbols
        places = [
            (p_name, axes.c2p((x0 + x1) / 2, y0, 0), axes.c2p((x0 + x1) / 2, y0 - 0.12 * (y1 - y0), 0)),
            (s_name, axes.c2p(x0, (y0 + y1) / 2, 0), axes.c2p(x0 - 0.12 * (x1 - x0), (y0 + y1) / 2, 0)),
        ]
        labels = VGroup(*(self.label(name, size="small", color=self.look.muted).move_to(spot) for name, _, spot in places))
        top = axes.z_axis.get_end()
        labels.add(self.label(function_symbol(self.landscape), size="small", color=self.look.muted).move_to(top + 0.3 * OUT))
        return labels

    def board(self, heading: str, points: list, values: list, note: str | None = None) -> VGroup:
        """A column of text right of the surface, fixed in the frame: a heading, then one line per
        run in its colour, ``(p, s)  L = value``; an optional note on top."""
        lines = [self.label(f"({sig(p[0])}, {sig(p[1])})  {function_symbol(self.landscape)} = {_loss_text(v)}", size="small", color=self.look.series_color(i))
                 for i, (p, v) in enumerate(zip(points, values))]
        parts = [self.label(heading, size="small", color=self.look.muted), *lines]
        if note is not None:
            parts.insert(0, self.label(note, size="small", color=self.look.optimum))
        board = VGroup(*parts).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        board.to_edge(RIGHT, buff=0.4).shift(0.6 * DOWN + self.view_shift)
        self.add_fixed_in_frame_mobjects(board)
        self.remove(board)
        return board

    def construct(self) -> None:
        look, ls = self.look, self.landscape
        # --- beat 1: the surface ------------------------------------------------------------------
        # the view is centred right of the surface, leaving room for text on the right; text fixed in
        # the frame moves with the view centre, so it is placed shifted back by as much
        self.set_camera_orientation(phi=62 * DEGREES, theta=-115 * DEGREES, zoom=0.9, frame_center=self.view_shift)
        axes = self.make_axes().shift(1.1 * IN)
        samples = np.linspace(0, 1, 7)
        scale = [(manim_color("#{:02X}{:02X}{:02X}".format(*rgba[:3])), float(self.bottom + v * (self.top - self.bottom)))
                 for rgba, v in zip(look.terrain_rgba(samples), samples)]
        surface = DepthSortedSurface(lambda u, v: axes.c2p(u, v, float(ls.value([u, v]))),
                                     u_range=ls.domain[0], v_range=ls.domain[1], resolution=self.resolution,
                                     fill_opacity=0.92, stroke_width=0)
        surface.set_fill_by_value(axes=axes, colorscale=scale, axis=2)
        surface.sort_faces(self.camera.get_rotation_matrix())
        title = self.title_card("Descent on the loss surface", f"{ls.title}: {latex_to_plain(ls.latex)}")
        labels = self.axis_labels(axes)
        self.add_fixed_orientation_mobjects(*labels)
        title.shift(self.view_shift)
        self.add_fixed_in_frame_mobjects(title)
        self.remove(title, *labels)
        at = ", ".join(f"{sig(v)} {name}" for v, name in zip(self.minimum, ls.variables))
        self.narrate(f"{ls.title} as a landscape: height is the value, the lowest point is the best, at {at}.", 3.5)
        self.play(FadeIn(axes), FadeIn(surface), FadeIn(title), FadeIn(labels), run_time=1.5)
        self.wait(2)

        # --- beat 2: four descents ride down while the camera orbits --------------------------------
        step = ValueTracker(0.0)
        trails = VGroup(*(traced_path(self.lifted(axes, run), step, color=look.series_color(i),
                                      stroke_width=look.stroke, head_radius=0.07)
                          for i, run in enumerate(self.trajectories)))
        self.add(trails)
        starts = self.board("from:", [run.points[0] for run in self.trajectories],
                            [run.values[0] for run in self.trajectories])
        self.play(FadeIn(starts), run_time=0.8)
        self.narrate(f"{len(self.trajectories)} starts, {self.n_steps} steps each at rate {self.learning_rate:g}: every path "
                     "runs straight downhill, fast where the bowl is steep, slowly near the bottom.", self.draw_time)
        surface.follow(self.camera)
        self.begin_ambient_camera_rotation(rate=self.orbit_rate)
        self.play(step.animate.set_value(self.n_steps), run_time=self.draw_time, rate_func=linear)
        self.stop_ambient_camera_rotation()
        trails.clear_updaters()
        surface.clear_updaters()

        # --- beat 3: where they stopped ----------------------------------------------------------------
        arrived = all(run.converged for run in self.trajectories)
        where = f"({sig(self.minimum[0])}, {sig(self.minimum[1])})"
        finish = self.board(f"after {self.n_steps} steps:", [run.final for run in self.trajectories],
                            [run.values[-1] for run in self.trajectories],
                            note=f"at the minimum {where}" if arrived else f"near, not at, the minimum {where}")
        self.narrate(f"After {self.n_steps} small steps they reach the bottom." if arrived else
                     f"After {self.n_steps} small steps they are close to the bottom but not on it: the step shrinks "
                     "with the slope.", 4.9)
        self.play(FadeOut(starts), FadeIn(finish), run_time=1.5)
        self.wait(3.5)


def _loss_text(value: float) -> str:
    """A loss as people read it: whole numbers with thousands separators from 100 up, else 3 digits."""
    return f"{value:,.0f}" if abs(value) >= 100 else sig(value)
