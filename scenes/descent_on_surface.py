"""DescentOnSurface: descent paths riding a landscape's 3-D surface, −∇L arrows showing the way down, while the camera orbits."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # the plain `manim` command loads us by path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from manim import (
    DEGREES,
    OUT,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    GrowFromCenter,
    Line,
    ThreeDAxes,
    ThreeDScene,
    ValueTracker,
    VGroup,
    linear,
)

from gradmath import Landscape, Trajectory, attractor_of, descend, gradient_field, optima
from scenes.common import GradvizScene, function_symbol
from scenes.facets import FacetCamera, FacetSurface, colour_scale
from scenes.layout import safe_box, set_role
from scenes.plots import coarse_step, formula_card, sig, step_marks, traced_path
from scenes.style import manim_color

__all__ = ["DescentOnSurface"]


def _ticks(lo: float, hi: float, *, skip: tuple[float, ...] = ()) -> np.ndarray:
    """Round tick values over [lo, hi], leaving out those at ``skip`` (corners that belong to another
    axis), with a step fine enough that at least two remain."""
    for most in (4, 6, 8, 10):
        step = coarse_step(hi - lo, most)
        ticks = np.arange(np.ceil(lo / step - 1e-9), np.floor(hi / step + 1e-9) + 1) * step
        ticks = np.array([v for v in ticks if not any(np.isclose(v, s, atol=1e-9 * step) for s in skip)])
        if len(ticks) >= 2:
            return ticks
    return ticks


class DescentOnSurface(ThreeDScene, GradvizScene):
    """A landscape's descents (the Colonel's: rate 0.05, 30 steps) lifted onto its surface."""

    template = "descent_on_surface"
    readable_text = True  # coloured board lines (orange, royal blue) brought to a readable contrast on either theme
    landscape: Landscape
    starts: tuple[tuple[float, float], ...]
    learning_rate: float
    steps: int
    resolution: tuple[int, int] = (36, 28)
    orbit_rate: float = -0.03  # radians per second (the camera swings toward the height axis, never behind the surface) while the paths draw
    draw_time: float = 14.0
    view_shift: np.ndarray = 1.9 * RIGHT
    lift: float = 0.03  # paths float this fraction of the z-axis above the surface, so they stay visible
    arrow_share: float = 0.16  # −∇L arrows are this share of the domain's larger side long

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(camera_class=FacetCamera, **kwargs)  # the surface drawn in one pass

    def setup(self) -> None:
        super().setup()
        ls = self.landscape
        self.n_steps = self.steps
        self.trajectories: tuple[Trajectory, ...] = descend(ls, np.array(self.starts), learning_rate=self.learning_rate,
                                                            steps=self.n_steps)
        best = optima(ls)
        self.minimum = np.array(best[0].point) if best else None
        self.minimum_value = float(best[0].value) if best else None
        heights = gradient_field(ls, 61).values
        self.bottom = float(np.min(heights))
        self.top = float(np.max(heights))  # the surface's highest and lowest points on a fine grid

    # --- the 3-D frame ------------------------------------------------------------------------------------
    def make_axes(self) -> ThreeDAxes:
        """Invisible axes that map landscape coordinates into the scene (the frame is drawn by ``box``)."""
        (x0, x1), (y0, y1) = self.landscape.domain
        span = max(x1 - x0, y1 - y0)
        axes = ThreeDAxes(x_range=[x0, x1, x1 - x0], y_range=[y0, y1, y1 - y0], z_range=[self.bottom, self.top, self.top - self.bottom],
                          x_length=6.2 * (x1 - x0) / span, y_length=6.2 * (y1 - y0) / span, z_length=2.6,
                          num_axis_pieces=1, tips=False)
        axes.set_stroke(opacity=0)
        return axes

    def box(self, axes: ThreeDAxes) -> tuple[VGroup, VGroup]:
        """Edges along the floor's front and left sides and a height edge at the back-left corner, with
        ticks; their numbers and the axis names as texts that always face the camera (placed by
        ``place_texts``). Names sit past the numbers, so no tick crosses them."""
        look, ls = self.look, self.landscape
        (x0, x1), (y0, y1) = ls.domain
        z0, z1 = self.bottom, self.top
        edge = dict(stroke_color=look.muted, stroke_width=2)
        lines = VGroup(Line(axes.c2p(x0, y0, z0), axes.c2p(x1, y0, z0), **edge),
                       Line(axes.c2p(x0, y0, z0), axes.c2p(x0, y1, z0), **edge),
                       Line(axes.c2p(x0, y1, z0), axes.c2p(x0, y1, z1), **edge))
        texts = VGroup()
        out_x, out_y, up = np.array([0.0, -0.06 * (y1 - y0), 0.0]), np.array([-0.06 * (x1 - x0), 0.0, 0.0]), \
            np.array([0.0, 0.0, 0.06 * (z1 - z0)])
        small = look.small_size * 0.8
        self.text_anchors: list[tuple[Any, np.ndarray, np.ndarray, int]] = []  # (text, where, outward, axis)

        def tick(at: np.ndarray, outward: np.ndarray, value: float, axis: int) -> None:
            lines.add(Line(axes.c2p(*at), axes.c2p(*(at + outward)), **edge))
            text = self.label(sig(value), size=small, color=look.muted)
            texts.add(text)
            self.text_anchors.append((text, at + outward, outward, axis))

        # no number at a corner: the front corner's would read as either floor axis's, the back
        # corner's as a height, the foot of the height edge's as a y
        for v in _ticks(x0, x1, skip=(x0,)):
            tick(np.array([v, y0, z0]), out_x, v, 0)
        for v in _ticks(y0, y1, skip=(y0, y1)):
            tick(np.array([x0, v, z0]), out_y, v, 1)
        for v in _ticks(z0, z1, skip=(z0,)):
            tick(np.array([x0, y1, v]), out_y, v, 2)
        names = [(ls.symbols[0], np.array([(x0 + x1) / 2, y0, z0]) + out_x, out_x, 0),
                 (ls.symbols[1], np.array([x0, (y0 + y1) / 2, z0]) + out_y, out_y, 1),
                 (function_symbol(ls), np.array([x0, y1, z1]), up, -1)]  # the height's name above its edge
        self.name_anchors: list[tuple[Any, np.ndarray, np.ndarray, int]] = []
        for name, at, outward, axis in names:
            text = self.label(name, size="small", color=look.muted)
            texts.add(text)
            self.name_anchors.append((text, at, outward, axis))
        return lines, texts

    def place_texts(self, axes: ThreeDAxes, gap: float = 0.12) -> None:
        """Put each tick number ``gap`` beyond its tick's end on screen, and each axis name ``gap`` beyond
        its axis's numbers, along the tick's direction; the distance is the mean of what the orbit's
        first, middle and last angles need (a fixed 3-D distance reads far at one angle and on the
        tick at another)."""
        camera = self.camera
        theta0 = camera.get_theta()
        thetas = theta0 + self.orbit_rate * self.draw_time * np.array([0.0, 0.5, 1.0])
        wants: dict[int, list[float]] = {}
        reach: dict[tuple[int, int], float] = {}  # (axis, angle) -> farthest number edge on screen

        def along(text: Any, a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
            """Screen length of one outward unit, and the text's half-extent along it."""
            u = (b - a)[:2]
            length = float(np.linalg.norm(u)) or 1e-9
            return length, abs(u[0]) / length * text.width / 2 + abs(u[1]) / length * text.height / 2

        for k, theta in enumerate(thetas):
            camera.set_theta(theta)
            camera.reset_rotation_matrix()  # the camera caches it
            for i, (text, at, outward, axis) in enumerate(self.text_anchors):
                a, b = camera.project_point(axes.c2p(*at)), camera.project_point(axes.c2p(*(at + outward)))
                length, half = along(text, a, b)
                wants.setdefault(i, []).append((gap + half) / length)
                reach[axis, k] = max(reach.get((axis, k), 0.0), gap + 2 * half)
            for i, (text, at, outward, axis) in enumerate(self.name_anchors):
                a, b = camera.project_point(axes.c2p(*at)), camera.project_point(axes.c2p(*(at + outward)))
                length, half = along(text, a, b)
                wants.setdefault(-1 - i, []).append((reach.get((axis, k), 0.0) + gap + half) / length)
        camera.set_theta(theta0)
        camera.reset_rotation_matrix()
        for i, (text, at, outward, _) in enumerate(self.text_anchors):
            text.move_to(axes.c2p(*(at + float(np.mean(wants[i])) * outward)))
        for i, (text, at, outward, _) in enumerate(self.name_anchors):
            text.move_to(axes.c2p(*(at + float(np.mean(wants[-1 - i])) * outward)))

    def lifted(self, axes: ThreeDAxes, points: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Landscape points at their values, raised slightly above the surface."""
        up = self.lift * (self.top - self.bottom)
        return np.array([axes.c2p(p[0], p[1], v + up) for p, v in zip(points, values)])

    def downhill_arrow(self, axes: ThreeDAxes, point: np.ndarray) -> Arrow:
        """−∇L at ``point``, drawn on the surface's tangent plane: a fixed length across the map, and
        as far down as the slope says."""
        ls = self.landscape
        grad = np.asarray(ls.gradient(point), dtype=float)
        norm = float(np.linalg.norm(grad))
        span = float(max(np.ptp(ls.domain[0]), np.ptp(ls.domain[1])))
        step = -grad / norm * self.arrow_share * span if norm > 0 else np.zeros(2)
        drop = float(grad @ step)  # the tangent plane's change along the step (negative: downhill)
        value = float(ls.value(point))
        a, b = self.lifted(axes, np.array([point, point + step]), np.array([value, value + drop]))
        arrow = Arrow(a, b, buff=0, color=self.look.gradient, stroke_width=self.look.stroke + 1,
                      max_tip_length_to_length_ratio=0.3, tip_length=0.2)
        return set_role(arrow, "arrow")

    def outcome(self) -> str:
        """``outcome_lines`` in one sentence."""
        return ", ".join(self.outcome_lines())

    def outcome_lines(self) -> list[str]:
        """Where the runs ended, from gradmath: at the lowest minimum (converged), near it, in
        another valley, still on the way, or stopped at none ("4 near the minimum, not on it")."""
        ls = self.landscape
        found = optima(ls)
        if not found:
            return ["this landscape has no minimum inside the map"]
        reached = attractor_of(np.array([run.final for run in self.trajectories]), found, ls)
        counts = [("at the minimum", sum(r == 0 and run.converged for r, run in zip(reached, self.trajectories))),
                  ("near the minimum, not on it", sum(r == 0 and not run.converged for r, run in zip(reached, self.trajectories))),
                  ("in another valley", sum(r > 0 for r in reached)),
                  ("still on the way", sum(r < 0 and not run.converged for r, run in zip(reached, self.trajectories))),
                  ("stopped where there is no minimum", sum(r < 0 and run.converged for r, run in zip(reached, self.trajectories)))]
        n = len(self.trajectories)
        return [("all" if k == n else f"{k} of {n}") + f" {what}" for what, k in counts if k]

    def frame_view(self, world: VGroup, edges: VGroup, texts: VGroup, surface: FacetSurface, *, right: float,
                   top: float, axes: ThreeDAxes) -> None:
        """Zoom and move the view so that the surface, its frame and their texts stay inside the safe
        frame left of x = ``right`` and below ``top`` for the whole orbit (its first and last angle)."""
        left, _, bottom, _ = safe_box()
        camera, phi = self.camera, self.camera.get_phi()
        theta0 = camera.get_theta()
        corners = surface.face_centres()

        def measure() -> tuple[np.ndarray, np.ndarray]:
            """The screen box of everything at the orbit's first and last angle."""
            los, his = [], []
            for theta in (theta0, theta0 + self.orbit_rate * self.draw_time):
                camera.set_theta(theta)
                camera.reset_rotation_matrix()  # the camera caches it
                pts = camera.project_points(np.vstack([corners, *(e.points for e in edges)])) - camera.frame_center
                los.append(pts.min(axis=0)[:2]), his.append(pts.max(axis=0)[:2])
                for t in texts:
                    at = camera.project_point(t.get_center())[:2] - camera.frame_center[:2]
                    los.append(at - [t.width / 2, t.height / 2]), his.append(at + [t.width / 2, t.height / 2])
            camera.set_theta(theta0)
            camera.reset_rotation_matrix()
            return np.min(los, axis=0), np.max(his, axis=0)

        for _ in range(6):  # perspective makes the fit slightly non-linear: a few rounds converge
            self.place_texts(axes)
            lo, hi = measure()
            camera.set_zoom(camera.get_zoom() * min((right - left) / (hi[0] - lo[0]), (top - bottom) / (hi[1] - lo[1])))
            self.place_texts(axes)  # texts keep their size when the view zooms: their distances change
            lo, hi = measure()
            dx, dy = (left + right - lo[0] - hi[0]) / 2, (bottom + top - lo[1] - hi[1]) / 2
            shift = -dx * RIGHT + dy / (camera.get_zoom() * np.sin(phi)) * OUT  # screen = R(p − c) − c
            world.shift(shift)
            corners = corners + shift
            camera.frame_center = camera.frame_center - dx * RIGHT

    def board(self, lines: list[tuple[str, object]], top: float) -> VGroup:
        """A column of text right of the surface, fixed in the frame (placed shifted by the view's
        centre, which fixed texts move with): one line per (text, colour)."""
        left, right, bottom, _ = safe_box()
        board = VGroup(*(self.label(text, size="small", color=colour) for text, colour in lines))
        pitch = max(row.height for row in board) + 0.12  # even lines, whatever their descenders
        for i, row in enumerate(board):
            row.move_to([0, -i * pitch, 0], aligned_edge=LEFT + UP)
        x0 = 1.0
        board.scale(min(1.0, (right - x0) / board.width, (top - bottom) / board.height))  # fits right and below
        board.move_to([x0, top, 0], aligned_edge=LEFT + UP)
        board.shift(self.camera.frame_center)
        self.add_fixed_in_frame_mobjects(board)
        self.remove(board)
        return board

    def construct(self) -> None:
        look, ls = self.look, self.landscape
        left, right, bottom, top = safe_box()
        symbol = function_symbol(ls)
        # --- beat 1: the surface -------------------------------------------------------------------------
        # the view is centred right of the surface, leaving room for text on the right; text fixed in
        # the frame moves with the view centre, so it is placed shifted back by as much
        self.set_camera_orientation(phi=62 * DEGREES, theta=-115 * DEGREES, zoom=0.8, frame_center=self.view_shift)
        axes = self.make_axes()  # its centre where the camera looks, so that the orbit turns the surface in place
        (x0, x1), (y0, y1) = ls.domain
        axes.shift(self.view_shift - axes.c2p((x0 + x1) / 2, (y0 + y1) / 2, (self.bottom + self.top) / 2))
        samples = np.linspace(0, 1, 7)
        colour_of = colour_scale([manim_color("#{:02X}{:02X}{:02X}".format(*rgba[:3])) for rgba in look.terrain_rgba(samples)],
                                 self.bottom + samples * (self.top - self.bottom))
        surface = FacetSurface(lambda u, v: axes.c2p(u, v, float(ls.value([u, v]))), ls.domain[0], ls.domain[1],
                               self.resolution, height=lambda u, v: float(ls.value([u, v])), colour_of=colour_of)
        edges, texts = self.box(axes)
        title = formula_card("Descent on the loss surface", ls.title, ls.latex, look=look)
        self.frame_view(VGroup(axes, surface, edges, texts), edges, texts, surface, right=0.6,
                        top=title.get_bottom()[1] - 0.2, axes=axes)
        title.shift(self.camera.frame_center)
        self.add_fixed_in_frame_mobjects(title)
        self.add_fixed_orientation_mobjects(*texts)
        self.remove(*texts)
        self.narrate(f"{ls.title} as a landscape: the height over each point is {symbol} there.", 4)
        self.play(FadeIn(edges), FadeIn(surface), run_time=1.5)
        self.play(FadeIn(texts), run_time=0.8)
        self.wait(1.5)

        # --- beat 2: the lowest point ----------------------------------------------------------------------
        below = title.get_bottom()[1] - 0.3
        if self.minimum is not None:
            low = Dot(self.lifted(axes, self.minimum[None], [self.minimum_value])[0], radius=0.09, color=look.optimum,
                      stroke_color=look.background, stroke_width=2)
            self.add_fixed_orientation_mobjects(low)
            self.remove(low)
            where = "(" + ", ".join(sig(v) for v in self.minimum) + ")"
            goal = self.board([(f"minimum {where}, {symbol} = {sig(self.minimum_value)}", look.optimum)], below)
            self.narrate(f"The lowest point is at {where}, where {symbol} = {sig(self.minimum_value)}: "
                         "the best the descent can do.", 4)
            self.play(GrowFromCenter(low), FadeIn(goal), run_time=1)
            self.wait(2)
            below = goal.get_bottom()[1] - self.camera.frame_center[1] - 0.35
        else:
            low = VGroup()
            self.narrate("This landscape has no lowest point inside the map.", 3)
            self.wait(2)

        # --- beat 3: the starts and their −∇L arrows ------------------------------------------------------------
        colours = [look.series_color(i) for i in range(len(self.trajectories))]
        starts = VGroup(*(Dot(self.lifted(axes, run.points[:1], run.values[:1])[0], radius=0.08, color=look.start,
                              stroke_color=look.outline(look.start), stroke_width=2) for run in self.trajectories))
        self.add_fixed_orientation_mobjects(*starts)
        self.remove(*starts)
        arrows = VGroup(*(self.downhill_arrow(axes, run.points[0]) for run in self.trajectories))
        rows = [("from", look.muted)] + [
            (f"({sig(run.points[0][0])}, {sig(run.points[0][1])})  {symbol} = {sig(run.values[0])}", colours[i])
            for i, run in enumerate(self.trajectories)]
        rows.append((f"arrows: −∇{symbol}, the way down", look.gradient))
        start_board = self.board(rows, below)
        self.narrate(f"{len(self.trajectories)} runs start here.", 3)
        self.play(*(GrowFromCenter(d) for d in starts), FadeIn(start_board[:-1]), run_time=1.2)
        self.wait(1)
        self.narrate(f"At each start, minus the gradient of {symbol} points straight downhill.", 5)
        self.play(*(GrowArrow(a) for a in arrows), FadeIn(start_board[-1]), run_time=1.2)
        self.wait(2.5)

        # --- beat 4: the descents ride down while the camera orbits ----------------------------------------------
        step = ValueTracker(0.0)
        trails = VGroup(*(set_role(traced_path(self.lifted(axes, run.points, run.values), step, color=colours[i],
                                               stroke_width=look.stroke, head_radius=0.07, outline=look.background,
                                               outline_width=1.5),  # a thin rim: the path keeps its colour at 480p
                                   "path") for i, run in enumerate(self.trajectories)))
        marks = VGroup(*(step_marks(self.lifted(axes, run.points, run.values), step, color=colours[i],
                                    outline=look.background, radius=0.04)
                         for i, run in enumerate(self.trajectories)))  # one per step: the steps shrink, visibly
        self.narrate(f"Each takes {self.n_steps} steps of rate {sig(self.learning_rate)} along −∇{symbol}: "
                     "long where the surface is steep, short near the bottom.", self.draw_time)
        self.play(FadeOut(arrows), FadeOut(start_board[-1]), run_time=0.6)  # the arrows' legend goes with them
        self.add(trails)
        # round dots whatever the camera's angle; each dot on its own centre (a group's would move them all)
        self.camera.add_fixed_orientation_mobjects(*(dot for run in marks for dot in run))
        self.add(marks)
        self.add(low)
        self.begin_ambient_camera_rotation(rate=self.orbit_rate)
        self.play(step.animate.set_value(self.n_steps), run_time=self.draw_time, rate_func=linear)
        self.stop_ambient_camera_rotation()
        trails.clear_updaters()
        marks.clear_updaters()

        # --- beat 5: where they stopped --------------------------------------------------------------------------
        finish_rows = [(f"after {max(run.steps for run in self.trajectories)} steps", look.muted)] + [
            (f"({sig(run.final[0])}, {sig(run.final[1])})  {symbol} = {sig(run.values[-1])}", colours[i])
            for i, run in enumerate(self.trajectories)]
        finish_rows += [(line, look.muted) for line in self.outcome_lines()]
        lengths = [np.linalg.norm(np.diff(run.points, axis=0), axis=1) for run in self.trajectories if run.steps > 0]
        if lengths:  # beat 6's line, laid out with the board so that the whole board fits
            first, last = max(float(d[0]) for d in lengths), max(float(d[-1]) for d in lengths)
            finish_rows.append((f"step length: {sig(first)} → {sig(last)}", look.foreground))
        finish = self.board(finish_rows, below)
        shown = finish[:-1] if lengths else finish
        self.play(FadeOut(start_board[:-1]), run_time=0.6)  # (its last row left with the arrows)
        self.narrate(f"After {max(run.steps for run in self.trajectories)} steps: {self.outcome()}.", 5)
        self.play(FadeIn(shown), run_time=1)
        self.wait(3)

        # --- beat 6: the steps shrink ----------------------------------------------------------------------------
        if lengths:
            self.narrate(f"The longest first step covers {sig(first)} units of the map, the longest last step {sig(last)}: "
                         f"the step is the rate times the slope, and the slope fades near the bottom.", 6)
            self.play(FadeIn(finish[-1]), run_time=0.8)
            self.wait(4)
        self.hold_summary()
