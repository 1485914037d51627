"""A landscape from above and in 3-D, side by side (full text width)."""

from __future__ import annotations

from matplotlib.figure import Figure

from lessons import default_params
from lessons.figure_templates import ContourAndSurfaceParams
from theme import LIGHT, Theme

from .contour_gradient import draw_contour_panel
from .loss_surface import draw_surface_panel
from .style import new_figure, panel_grid, styled

__all__ = ["make_contour_and_surface"]


def make_contour_and_surface(params: ContourAndSurfaceParams | None = None, *, theme: Theme = LIGHT,
                             grayscale: bool = False, width: float | None = None) -> Figure:
    """Left: contours with uphill arrows; right: the same landscape as a surface."""
    p = params or default_params("contour_and_surface")
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.42, width=width, panels=2)
        rows, cols = panel_grid(width, 2)
        left = fig.add_subplot(rows, cols, 1)
        draw_contour_panel(left, p.landscape, look, arrows=p.arrows)
        left.set_title("Gradient arrows point uphill")
        right = fig.add_subplot(rows, cols, 2, projection="3d")
        draw_surface_panel(right, p.landscape, look)
        right.set_title(p.landscape.title)
    return fig
