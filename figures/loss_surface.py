"""A landscape as a 3-D surface with its optima."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.figure import Figure

from gradmath import Landscape, gradient_field, optima
from lessons import default_params
from lessons.figure_templates import LossSurfaceParams
from theme import LIGHT, Theme
from theme import format_number as num

from .draw import draw_surface
from .style import Look, new_figure, styled

__all__ = ["draw_surface_panel", "make_loss_surface"]


def draw_surface_panel(ax: Axes, landscape: Landscape, look: Look) -> None:
    """Surface, axis labels and the optima lifted onto the surface."""
    head = landscape.latex.split("=", 1)[0].strip()  # "L(p, s)": short, so it clears the tick labels
    draw_surface(ax, gradient_field(landscape, 61), look, zlabel=f"${head}$")
    for best in optima(landscape):
        x, y = best.point
        ax.scatter([x], [y], [best.value], marker="*", s=70, color=look.colour("optimum"), depthshade=False, zorder=10)
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_major_locator(MaxNLocator(4, prune="lower" if axis is ax.yaxis else None))
        axis.set_major_formatter(FuncFormatter(lambda v, _: num(v, 2)))
    ticks = [num(v, 2) for v in ax.get_zticks()]
    ax.set_zlabel(ax.get_zlabel(), labelpad=2 + 2.2 * max(0, max(map(len, ticks), default=0) - 3))
    ax.set_xlabel(landscape.variables[0], labelpad=2)
    ax.set_ylabel(landscape.variables[1], labelpad=2)
    ax.view_init(elev=28, azim=-125)
    ax.set_box_aspect(None, zoom=0.82)  # room inside the panel for the axis labels


def make_loss_surface(params: LossSurfaceParams | None = None, *, theme: Theme = LIGHT,
                      grayscale: bool = False, width: float | None = None) -> Figure:
    """The landscape as a surface: a bowl's bottom, a hill's top."""
    p = params or default_params("loss_surface")
    with styled(theme, grayscale) as look:
        fig = new_figure("single", aspect=0.85, width=width)
        ax = fig.add_subplot(projection="3d")
        draw_surface_panel(ax, p.landscape, look)
        ax.set_title(p.landscape.title)
    return fig
