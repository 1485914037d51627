"""Contour map of the Colonel's loss with gradient arrows and the minimum marked."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from gradmath import COLONEL_LOSS, Landscape, gradient_field
from theme import LIGHT, Theme

from .draw import draw_contours, draw_gradient_arrows, draw_point, label_axes
from .style import Look, new_figure, styled

__all__ = ["draw_contour_panel", "make_contour_gradient"]


def draw_contour_panel(ax: Axes, landscape: Landscape, look: Look, *, optimum: str = "minimum") -> None:
    """Contours, unit gradient arrows (uphill) and the marked optimum of a 2-D landscape."""
    draw_contours(ax, gradient_field(landscape, 121), look)
    draw_gradient_arrows(ax, landscape, look)
    point = landscape.notable[optimum]
    draw_point(ax, point, look, size=13)
    ax.annotate(f"{optimum} ({point[0]:.4g}, {point[1]:.4g})", point, xytext=(8, -14), textcoords="offset points",
                fontsize=look.theme.small_size_pt, color=look.theme.foreground,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": look.theme.background, "edgecolor": "none", "alpha": 0.85})
    label_axes(ax, landscape)


def make_contour_gradient(*, theme: Theme = LIGHT, grayscale: bool = False) -> Figure:
    """The loss landscape seen from above: arrows point uphill, the minimum is where they start."""
    with styled(theme, grayscale) as look:
        fig = new_figure("single", aspect=0.8)
        ax = fig.add_subplot()
        draw_contour_panel(ax, COLONEL_LOSS, look)
        ax.set_title(r"$\nabla L$ points uphill, away from the minimum")
    return fig
