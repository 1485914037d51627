"""|∇L| over the Colonel's landscape as a heat map, with a slice through the minimum."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gradmath import COLONEL_LOSS, gradient_field
from theme import LIGHT, Theme

from .draw import draw_point, label_axes
from .style import new_figure, styled

__all__ = ["make_gradient_magnitude"]


def make_gradient_magnitude(*, theme: Theme = LIGHT, grayscale: bool = False) -> Figure:
    """Left: steepness everywhere; right: steepness along supply = 30, zero at the minimum."""
    ls = COLONEL_LOSS
    field = gradient_field(ls, (201, 121))
    p_min, s_min = ls.notable["minimum"]
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.36)
        fig.get_layout_engine().set(wspace=0.08)
        heat, cut = fig.subplots(1, 2, width_ratios=(1.15, 1))
        g = field.grid
        image = heat.pcolormesh(g.x, g.y, field.magnitude, cmap=look.magnitude, shading="auto", rasterized=True)
        fig.colorbar(image, ax=heat, label=r"$|\nabla L|$")
        heat.axhline(s_min, color=look.theme.background, linewidth=0.8, linestyle="dashed")
        draw_point(heat, (p_min, s_min), look, label="minimum")
        label_axes(heat, ls)
        heat.set_title("Gradient magnitude: brighter is steeper")
        heat.legend(loc="upper right")

        row = int(np.argmin(np.abs(g.y - s_min)))
        cut.plot(g.x, field.magnitude[row], color=look.colour("gradient"))
        cut.axvline(p_min, color=look.colour("optimum"), linestyle="dashed", label=f"minimum: |∇L| = 0 at p = {p_min:g}")
        cut.set_xlim(*ls.domain[0])
        cut.set_ylim(bottom=0)
        cut.set_xlabel(f"{ls.variables[0]} (at {ls.variables[1]} = {g.y[row]:g})")
        cut.set_ylabel(r"$|\nabla L|$")
        cut.set_title("Slice through the minimum")
        cut.legend(loc="upper center")
    return fig
