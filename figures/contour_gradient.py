"""Contour map with unit gradient arrows and the optima marked."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from gradmath import Landscape, gradient_field, optima
from lessons import default_params
from lessons.figure_templates import ContourGradientParams
from theme import LIGHT, Theme

from .draw import draw_contours, draw_gradient_arrows, draw_point, label_axes
from .style import Look, new_figure, styled

__all__ = ["draw_contour_panel", "make_contour_gradient"]


def draw_contour_panel(ax: Axes, landscape: Landscape, look: Look, *, arrows: int = 8) -> None:
    """Contours, unit gradient arrows (uphill) and the marked optima of a 2-D landscape."""
    draw_contours(ax, gradient_field(landscape, 121), look)
    draw_gradient_arrows(ax, landscape, look, per_axis=arrows)
    kind = "maximum" if landscape.goal == "max" else "minimum"
    for i, best in enumerate(optima(landscape)):
        point = best.point
        draw_point(ax, point, look, size=13)
        if i == 0:
            ax.annotate(f"{kind} ({point[0]:.4g}, {point[1]:.4g})", point, xytext=(8, -14), textcoords="offset points",
                        fontsize=look.theme.small_size_pt, color=look.theme.foreground,
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": look.theme.background, "edgecolor": "none",
                              "alpha": 0.85})
    label_axes(ax, landscape)


def make_contour_gradient(params: ContourGradientParams | None = None, *, theme: Theme = LIGHT,
                          grayscale: bool = False, width: float | None = None) -> Figure:
    """The landscape seen from above: arrows point uphill, away from a minimum, toward a maximum."""
    p = params or default_params("contour_gradient")
    ls = p.landscape
    with styled(theme, grayscale) as look:
        fig = new_figure("single", aspect=0.8, width=width)
        ax = fig.add_subplot()
        draw_contour_panel(ax, ls, look, arrows=p.arrows)
        toward = "toward the maximum" if ls.goal == "max" else "away from the minimum"
        ax.set_title(rf"$\nabla {_symbol(ls)}$ points uphill, {toward}")
    return fig


def _symbol(landscape: Landscape) -> str:
    return landscape.function_symbol
