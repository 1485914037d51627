"""|∇f| over a landscape as a heat map, with a slice through the optimum."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gradmath import gradient_field, optima
from lessons import default_params
from lessons.figure_templates import GradientMagnitudeParams
from theme import LIGHT, Theme
from theme import format_number as num

from .contour_gradient import _symbol
from .draw import draw_point, label_axes
from .style import new_figure, panel_grid, styled

__all__ = ["make_gradient_magnitude"]


def make_gradient_magnitude(params: GradientMagnitudeParams | None = None, *, theme: Theme = LIGHT,
                            grayscale: bool = False, width: float | None = None) -> Figure:
    """Left: steepness everywhere; right: steepness along a slice through the optimum (or ``slice_at``)."""
    p = params or default_params("gradient_magnitude")
    ls = p.landscape
    field = gradient_field(ls, (201, 121))
    best = optima(ls)
    (y0, y1) = ls.domain[1]
    cut_y = p.slice_at if p.slice_at is not None else (best[0].point[1] if best else (y0 + y1) / 2)
    norm = rf"$|\nabla {_symbol(ls)}|$"
    kind = "maximum" if ls.goal == "max" else "minimum"
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.36, width=width, panels=2)
        rows, cols = panel_grid(width, 2)
        fig.get_layout_engine().set(wspace=0.08)
        heat, cut = fig.subplots(rows, cols, **({"width_ratios": (1.15, 1)} if cols == 2 else {}))
        g = field.grid
        image = heat.pcolormesh(g.x, g.y, field.magnitude, cmap=look.magnitude, shading="auto", rasterized=True)
        fig.colorbar(image, ax=heat, label=norm)
        heat.axhline(cut_y, color=look.theme.background, linewidth=0.8, linestyle="dashed")
        if best:
            draw_point(heat, best[0].point, look, label=kind)
            heat.legend(loc="upper right")
        label_axes(heat, ls)
        heat.set_title("Gradient magnitude: brighter is steeper")

        row = int(np.argmin(np.abs(g.y - cut_y)))
        cut.plot(g.x, field.magnitude[row], color=look.colour("gradient"))
        on_cut = [b for b in best if abs(b.point[1] - g.y[row]) <= (y1 - y0) / 100]
        for b in on_cut[:1]:
            cut.axvline(b.point[0], color=look.colour("optimum"), linestyle="dashed",
                        label=f"{kind}: {ls.symbols[0]} = {num(b.point[0], 4)}")
        cut.set_xlim(*ls.domain[0])
        cut.set_ylim(0, 1.3 * float(np.nanmax(field.magnitude[row])))  # headroom for the legend
        cut.set_xlabel(f"{ls.variables[0]} (at {ls.variables[1]} = {num(g.y[row], 4)})")
        cut.set_ylabel(norm)
        cut.set_title(f"Slice through the {kind}" if on_cut else
                      f"Slice at {ls.variables[1]} = {num(g.y[row], 4)}")
        if on_cut:
            cut.legend(loc="upper center")
    return fig
