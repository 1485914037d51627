"""A landscape from above and in 3-D, side by side (full text width)."""

from __future__ import annotations

from matplotlib.figure import Figure

from gradmath import optima
from lessons import default_params
from lessons.figure_templates import ContourAndSurfaceParams
from theme import LIGHT, Theme

from .alt_text import sentence
from .contour_gradient import describe_contour_panel, draw_contour_panel
from .loss_surface import draw_surface_panel
from .style import legend_below, new_figure, panel_grid, styled

__all__ = ["make_contour_and_surface", "alt_text_contour_and_surface"]


def make_contour_and_surface(params: ContourAndSurfaceParams | None = None, *, theme: Theme = LIGHT,
                             grayscale: bool = False, width: float | None = None) -> Figure:
    """Left: contours with uphill arrows; right: the same landscape as a surface, ticked as the map is."""
    p = params or default_params("contour_and_surface")
    found = optima(p.landscape)
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.45, width=width, panels=2)
        rows, cols = panel_grid(width, 2)
        grid = fig.add_gridspec(rows, cols, width_ratios=(1, 1.15) if cols == 2 else None)
        left = fig.add_subplot(grid[0])
        draw_contour_panel(left, p.landscape, look, found, arrows=p.arrows)
        left.set_title("Gradient arrows point uphill")
        right = fig.add_subplot(grid[1], projection="3d")
        draw_surface_panel(right, p.landscape, look, found, ticks=(left.get_xticks(), left.get_yticks()))
        right.set_title(p.landscape.title)
        legend_below(fig, left)
    return fig


def alt_text_contour_and_surface(params: ContourAndSurfaceParams) -> str:
    """The figure's alt text, from the optima both panels mark."""
    found = optima(params.landscape)
    return sentence(f"{describe_contour_panel(params.landscape, found)}, beside the same landscape as a 3-D surface")
