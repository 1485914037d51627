"""|∇f| over a landscape as a heat map, with a slice through the optimum."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from gradmath import gradient_field, optima
from lessons import default_params
from lessons.figure_templates import GradientMagnitudeParams
from theme import LIGHT, Theme
from theme import format_number as num

from .contour_gradient import _symbol
from .alt_text import at, optimum_word, sentence, title_of
from .draw import draw_point, label_axes
from .style import new_figure, panel_grid, styled

__all__ = ["make_gradient_magnitude", "alt_text_gradient_magnitude"]

_RESOLUTION = (201, 121)


def make_gradient_magnitude(params: GradientMagnitudeParams | None = None, *, theme: Theme = LIGHT,
                            grayscale: bool = False, width: float | None = None) -> Figure:
    """Left: steepness everywhere; right: steepness along a slice through the optimum (or ``slice_at``)."""
    p = params or default_params("gradient_magnitude")
    ls = p.landscape
    field = gradient_field(ls, _RESOLUTION)
    best = optima(ls)
    cut_y = _slice_y(p, best)
    norm = rf"$|\nabla {_symbol(ls)}|$"
    kind = "maximum" if ls.goal == "max" else "minimum"
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.36, width=width, panels=2)
        rows, cols = panel_grid(width, 2)
        fig.set_layout_engine("compressed", wspace=0.08)  # an equal-aspect map beside a plain plot
        heat, cut = fig.subplots(rows, cols, **({"width_ratios": (1.15, 1)} if cols == 2 else {}))
        g = field.grid
        image = heat.pcolormesh(g.x, g.y, field.magnitude, cmap=look.magnitude, shading="auto", rasterized=True)
        fig.colorbar(image, ax=heat, label=norm)
        # light under dark dashes: the slice reads on the colour map's darkest and brightest parts alike
        heat.axhline(cut_y, color="#FFFFFF", linewidth=1.4)
        heat.axhline(cut_y, color="#000000", linewidth=0.8, linestyle=(0, (4, 3)))
        if best:
            draw_point(heat, best[0].point, look, label=kind)
            heat.legend(loc="upper right", frameon=True, framealpha=0.85, facecolor=look.theme.background,
                        edgecolor="none")
        label_axes(heat, ls)
        heat.set_title(f"Gradient magnitude: {'darker' if look.grayscale else 'brighter'} is steeper")

        along = _slice_magnitude(ls, g.x, cut_y)
        cut.plot(g.x, along, color=look.colour("gradient"))
        on_cut = _on_cut(best, cut_y, ls)
        for b in on_cut[:1]:  # the optimum on the slice, where |∇f| is 0: a mark, named in the title
            draw_point(cut, (b.point[0], 0.0), look).set_clip_on(False)
        cut.set_xlim(*ls.domain[0])
        cut.set_ylim(0, 1.1 * float(np.nanmax(along)))
        cut.yaxis.set_major_formatter(FuncFormatter(lambda v, _: num(v, 4)))  # 10, not 10.0, as on the colour bar
        cut.set_xlabel(f"{ls.variables[0]} (at {ls.variables[1]} = {num(cut_y, 3)})")
        cut.set_ylabel(norm)
        cut.set_title(f"Slice through the {kind} at {ls.symbols[0]} = {num(on_cut[0].point[0], 3)}" if on_cut else
                      f"Slice at {ls.variables[1]} = {num(cut_y, 3)}")
    return fig


def _on_cut(best: tuple, y: float, landscape) -> list:  # type: ignore[no-untyped-def]
    """The optima on the slice (within a hundredth of the domain's height)."""
    (y0, y1) = landscape.domain[1]
    return [b for b in best if abs(b.point[1] - y) <= (y1 - y0) / 100]


def alt_text_gradient_magnitude(params: GradientMagnitudeParams) -> str:
    """The figure's alt text: where |∇f| is largest and zero, and the slice, from the field it draws."""
    ls = params.landscape
    field = gradient_field(ls, _RESOLUTION)
    best = optima(ls)
    j, i = np.unravel_index(int(np.nanargmax(field.magnitude)), field.magnitude.shape)
    g = field.grid
    f = ls.function_symbol
    cut_y = _slice_y(params, best)
    zero = f"0 at the {optimum_word(ls)} {at(best[0].point)}" if best else f"no {optimum_word(ls)} on the map"
    return sentence(f"heat map of |∇{f}| on {title_of(ls)}: largest {num(float(field.magnitude[j, i]))} at "
                    f"{at((g.x[i], g.y[j]))}, {zero}",
                    f"a slice at {ls.symbols[1]} = {num(cut_y, 3)} peaks at "
                    f"{num(float(np.nanmax(_slice_magnitude(ls, g.x, cut_y))))}")


def _slice_magnitude(landscape, xs: np.ndarray, y: float) -> np.ndarray:  # type: ignore[no-untyped-def]
    """|∇f| along the line at height ``y`` (exactly, not the nearest row of the heat map's grid)."""
    points = np.vstack([xs, np.full_like(xs, y)])
    return np.hypot(*landscape.gradient(points))


def _slice_y(params: GradientMagnitudeParams, best: tuple) -> float:
    """The slice's second coordinate: the entry's, else through the best optimum, else the middle."""
    (y0, y1) = params.landscape.domain[1]
    return params.slice_at if params.slice_at is not None else (best[0].point[1] if best else (y0 + y1) / 2)
