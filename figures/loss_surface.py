"""The Colonel's loss as a 3-D surface with its minimum."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from gradmath import COLONEL_LOSS, Landscape, gradient_field
from theme import LIGHT, Theme

from .draw import draw_surface
from .style import Look, new_figure, styled

__all__ = ["draw_surface_panel", "make_loss_surface"]


def draw_surface_panel(ax: Axes, landscape: Landscape, look: Look, *, optimum: str = "minimum") -> None:
    """Surface, axis labels and the optimum lifted onto the surface."""
    draw_surface(ax, gradient_field(landscape, 61), look, zlabel=landscape.title.split(":")[0])
    point = landscape.notable[optimum]
    ax.scatter([point[0]], [point[1]], [float(landscape.value(point))], marker="*", s=70,
               color=look.colour("optimum"), depthshade=False, zorder=10)
    ax.set_xlabel(landscape.variables[0], labelpad=-4)
    ax.set_ylabel(landscape.variables[1], labelpad=-4)
    ax.view_init(elev=28, azim=-125)


def make_loss_surface(*, theme: Theme = LIGHT, grayscale: bool = False) -> Figure:
    """A bowl: the Colonel wants to reach its bottom."""
    with styled(theme, grayscale) as look:
        fig = new_figure("single", aspect=0.85)
        ax = fig.add_subplot(projection="3d")
        draw_surface_panel(ax, COLONEL_LOSS, look)
    return fig
