"""A surface of flat faces drawn in one cairo pass, back to front, for a camera that may orbit.

Manim's ``Surface`` makes every face a mobject: at 1080p the camera's per-mobject work (family
walks, projections, colour look-ups), not the drawing, is what costs, and a smooth surface needs
a thousand faces. ``FacetSurface`` is one mobject whose points are its faces' corners (so moving,
fading and measuring it work as for any mobject); ``FacetCamera`` draws it face by face straight
into the cairo context from one vectorised projection and one depth sort.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import cairo
import numpy as np
from manim import ThreeDCamera, VMobject, color_to_rgb

__all__ = ["FacetSurface", "FacetCamera", "colour_scale"]


class FacetSurface(VMobject):
    """The graph of ``point(u, v)`` (a Manim point) over a ``resolution`` grid of flat faces, each
    filled with ``colour_of(height)`` (height: the mean third coordinate ``heights`` gives the
    face's corners) and stroked in its own colour so that no seam shows between neighbours.

    The mobject's fill opacity scales every face's (``FadeIn`` works); the faces are drawn far to
    near for the camera's rotation at each frame (``FacetCamera``).
    """

    def __init__(self, point: Callable[[float, float], np.ndarray], u_range: Sequence[float],
                 v_range: Sequence[float], resolution: tuple[int, int], *, height: Callable[[float, float], float],
                 colour_of: Callable[[np.ndarray], np.ndarray], seam_width: float = 0.6, **kwargs: Any) -> None:
        super().__init__(fill_opacity=1.0, stroke_width=0, **kwargs)
        nu, nv = resolution
        us, vs = np.linspace(*u_range, nu + 1), np.linspace(*v_range, nv + 1)
        grid = np.array([[point(u, v) for v in vs] for u in us])  # (nu+1, nv+1, 3)
        heights = np.array([[height(u, v) for v in vs] for u in us])
        corners = np.stack([grid[:-1, :-1], grid[1:, :-1], grid[1:, 1:], grid[:-1, 1:]], axis=2)  # (nu, nv, 4, 3)
        self.set_points(corners.reshape(-1, 3))  # four corners per face: one "curve" each
        face_heights = (heights[:-1, :-1] + heights[1:, :-1] + heights[1:, 1:] + heights[:-1, 1:]) / 4
        self.face_rgb = np.asarray(colour_of(face_heights.reshape(-1)), dtype=float)  # (faces, 3) in [0, 1]
        self.seam_width = float(seam_width)

    @property
    def faces(self) -> np.ndarray:
        """The faces' corners, (faces, 4, 3), where the mobject is now."""
        return self.points.reshape(-1, 4, 3)

    def face_centres(self) -> np.ndarray:
        """Each face's centre, (faces, 3)."""
        return self.faces.mean(axis=1)

    def draw(self, camera: ThreeDCamera, ctx: cairo.Context) -> None:
        """Fill and seal every face, far to near for ``camera``, in the frame's coordinates."""
        opacity = float(self.get_fill_opacity())
        if opacity <= 0 or len(self.points) == 0:
            return
        corners = camera.transform_points_pre_display(self, self.points).reshape(-1, 4, 3)
        depth = (self.face_centres() @ camera.get_rotation_matrix().T)[:, 2]
        width = self.seam_width * camera.cairo_line_width_multiple
        ctx.set_line_join(cairo.LINE_JOIN_ROUND)
        for i in np.argsort(depth, kind="stable"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners[i, :, :2]
            r, g, b = self.face_rgb[i]
            ctx.new_path()
            ctx.move_to(x0, y0)
            ctx.line_to(x1, y1)
            ctx.line_to(x2, y2)
            ctx.line_to(x3, y3)
            ctx.close_path()
            ctx.set_source_rgba(r, g, b, opacity)
            ctx.fill_preserve()
            ctx.set_line_width(width)
            ctx.stroke()


def colour_scale(colours: Sequence[Any], values: Sequence[float]) -> Callable[[np.ndarray], np.ndarray]:
    """Heights → RGB (n, 3), linear between ``colours`` placed at ``values`` (increasing), clamped."""
    rgb = np.array([color_to_rgb(c) for c in colours], dtype=float)
    at = np.asarray(values, dtype=float)

    def colour_of(heights: np.ndarray) -> np.ndarray:
        h = np.clip(np.asarray(heights, dtype=float), at[0], at[-1])
        return np.stack([np.interp(h, at, rgb[:, k]) for k in range(3)], axis=-1)

    return colour_of


class FacetCamera(ThreeDCamera):
    """A ThreeDCamera that draws a ``FacetSurface`` in one pass (any other mobject as usual)."""

    def display_vectorized(self, vmobject: VMobject, ctx: cairo.Context) -> FacetCamera:
        if isinstance(vmobject, FacetSurface):
            vmobject.draw(self, ctx)
            return self
        return super().display_vectorized(vmobject, ctx)
