"""A landscape as a 3-D surface with its optima."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from gradmath import CriticalPoint, Landscape, gradient_field, optima
from lessons import default_params
from lessons.figure_templates import LossSurfaceParams
from theme import LIGHT, Theme
from theme import format_number as num

from .alt_text import optima_phrase, sentence, title_of
from .draw import LOCAL_SCALE, OUTLINE, as_good_as_best, draw_surface
from .style import Look, new_figure, styled

__all__ = ["draw_surface_panel", "describe_surface_panel", "make_loss_surface", "alt_text_loss_surface"]


def draw_surface_panel(ax: Axes, landscape: Landscape, look: Look, found: tuple[CriticalPoint, ...], *,
                       ticks: tuple[Sequence[float], Sequence[float]] | None = None) -> None:
    """Surface, axis labels and the optima ``found`` as outlined stars on it, drawn above the surface;
    ``ticks`` (x and y positions, e.g. a neighbouring map's) instead of four of its own per axis."""
    head = landscape.latex.split("=", 1)[0].strip()  # "L(p, s)": short, so it clears the tick labels
    draw_surface(ax, gradient_field(landscape, 61), look)
    ax.computed_zorder = False  # the optima stay in front of the surface that would hide them
    for best in found:
        x, y = best.point
        size = 110 * (1.0 if as_good_as_best(best, found) else LOCAL_SCALE ** 2)
        ax.scatter([x], [y], [best.value], marker="*", s=size, color=look.colour("optimum"), edgecolors=OUTLINE,
                   linewidths=0.7, depthshade=False, zorder=10, gid="optimum")
    axes = (ax.xaxis, ax.yaxis, ax.zaxis)
    for i, axis in enumerate(axes):
        if i < 2:  # y's lowest tick would meet x's at the near corner
            given = ticks[i] if ticks is not None else MaxNLocator(4).tick_values(*landscape.domain[i])
            shown = _thinned(given, landscape.domain[i])
            axis.set_major_locator(FixedLocator(shown[1:] if i == 1 and len(shown) > 2 else shown))
        else:
            axis.set_major_locator(MaxNLocator(4))
        axis.set_major_formatter(FuncFormatter(lambda v, _: num(v, 3)))
    longest = max((len(num(v, 3)) for v in ax.get_zticks()), default=1)
    ax.zaxis.set_rotate_label(False)  # matplotlib turns it to read top-down on this view: keep it upright
    ax.set_zlabel(f"${head}$", labelpad=1 + 2.6 * max(0, longest - 2), rotation=90)  # clear of the longest tick
    ax.set_xlabel(landscape.variables[0], labelpad=-2)
    ax.set_ylabel(landscape.variables[1], labelpad=-2)
    ax.tick_params(axis="x", pad=-3)
    ax.tick_params(axis="y", pad=-3)
    ax.tick_params(axis="z", pad=1)
    ax.view_init(elev=28, azim=-125)
    ax.set_box_aspect(None, zoom=0.9 - 0.035 * max(0, longest - 3))  # long tick labels need room beside the box


def _thinned(ticks: Sequence[float], domain: tuple[float, float], most: int = 4) -> list[float]:
    """The ticks inside the domain; when there are more than ``most``, every second one (keeping 0)."""
    inside = [float(t) for t in ticks if domain[0] - 1e-9 <= t <= domain[1] + 1e-9]
    if len(inside) <= most:
        return inside
    first = next((i % 2 for i, t in enumerate(inside) if abs(t) < 1e-12), 0)
    return inside[first::2]


def describe_surface_panel(landscape: Landscape, found: tuple[CriticalPoint, ...]) -> str:
    """What a surface panel shows, for alt text."""
    (x0, x1), (y0, y1) = landscape.domain
    x, y = landscape.symbols
    stars = "marked with a star" if len(found) == 1 else "marked with stars" if found else ""
    return (f"3-D surface of {title_of(landscape)} over {x} from {num(x0)} to {num(x1)} and {y} from {num(y0)} to "
            f"{num(y1)}, {optima_phrase(landscape, found)} {stars}")


def make_loss_surface(params: LossSurfaceParams | None = None, *, theme: Theme = LIGHT,
                      grayscale: bool = False, width: float | None = None) -> Figure:
    """The landscape as a surface: a bowl's bottom, a hill's top."""
    p = params or default_params("loss_surface")
    with styled(theme, grayscale) as look:
        fig = new_figure("single", aspect=0.85, width=width)
        ax = fig.add_subplot(projection="3d")
        draw_surface_panel(ax, p.landscape, look, optima(p.landscape))
        ax.set_title(p.landscape.title)
    return fig


def alt_text_loss_surface(params: LossSurfaceParams) -> str:
    """The figure's alt text, from the optima it marks."""
    return sentence(describe_surface_panel(params.landscape, optima(params.landscape)))


