"""Contour map with unit gradient arrows and the optima marked."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from gradmath import CriticalPoint, Landscape, gradient_field, optima
from lessons import default_params
from lessons.figure_templates import ContourGradientParams
from theme import LIGHT, Theme

from .alt_text import at, optima_phrase, optimum_word, sentence, title_of
from .draw import draw_contours, draw_optima, draw_gradient_arrows, draw_point, label_axes
from .style import Look, legend_below, new_figure, styled

__all__ = ["draw_contour_panel", "make_contour_gradient", "alt_text_contour_gradient", "describe_contour_panel"]


def draw_contour_panel(ax: Axes, landscape: Landscape, look: Look, found: tuple[CriticalPoint, ...], *,
                       arrows: int = 8) -> None:
    """Contours, unit gradient arrows (uphill) and the optima ``found`` of a 2-D landscape; the best
    one's star carries a legend label (its place), so no label box sits on the arrows."""
    draw_contours(ax, gradient_field(landscape, 121), look)
    draw_gradient_arrows(ax, landscape, look, per_axis=arrows)
    label_axes(ax, landscape)
    draw_optima(ax, found, look, word=optimum_word(landscape), where=at)


def describe_contour_panel(landscape: Landscape, found: tuple[CriticalPoint, ...]) -> str:
    """What a contour panel shows, for alt text."""
    f = landscape.function_symbol
    return f"contour map of {title_of(landscape)} with unit arrows of ∇{f} pointing uphill and {optima_phrase(landscape, found)}"


def make_contour_gradient(params: ContourGradientParams | None = None, *, theme: Theme = LIGHT,
                          grayscale: bool = False, width: float | None = None) -> Figure:
    """The landscape seen from above: arrows point uphill, away from a minimum, toward a maximum."""
    p = params or default_params("contour_gradient")
    ls = p.landscape
    with styled(theme, grayscale) as look:
        fig = new_figure("single", aspect=0.8, width=width)
        ax = fig.add_subplot()
        found = optima(ls)
        draw_contour_panel(ax, ls, look, found, arrows=p.arrows)
        toward = "" if not found else ", toward the maximum" if ls.goal == "max" else ", away from the minimum"
        ax.set_title(rf"$\nabla {_symbol(ls)}$ points uphill{toward}")
        legend_below(fig, ax)
    return fig


def alt_text_contour_gradient(params: ContourGradientParams) -> str:
    """The figure's alt text, from the optima it marks."""
    return sentence(describe_contour_panel(params.landscape, optima(params.landscape)))


def _symbol(landscape: Landscape) -> str:
    return landscape.function_symbol
