"""A 1-variable landscape: where each start rolls to, and the valleys (peaks) it reaches."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gradmath import critical_points
from lessons import default_params
from lessons.figure_templates import Nonconvex1DParams
from theme import LIGHT, Theme
from theme import format_number as num

from .contour_gradient import _symbol
from .draw import descents
from .labels import callout
from .style import legend_columns, new_figure, styled, wrapped

__all__ = ["make_nonconvex_1d"]


def make_nonconvex_1d(params: Nonconvex1DParams | None = None, *, theme: Theme = LIGHT,
                      grayscale: bool = False, width: float | None = None) -> Figure:
    """The curve, each start (square), its path (small marks) and where it ends (star)."""
    p = params or default_params("nonconvex_1d")
    ls = p.landscape
    x = np.linspace(*ls.domain[0], 400)
    y = ls.value(x[None])
    name = _symbol(ls)
    found = critical_points(ls)
    goal = "maximum" if ls.goal == "max" else "minimum"
    optima_values = [c.value for c in found if c.kind == goal]
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.36, width=width, least_aspect=0.55)
        ax = fig.add_subplot()
        ax.plot(x, y, color=look.theme.foreground, linewidth=1.4, label=f"${ls.latex}$")
        for i, path in enumerate(descents(p)):
            style = look.series(i)
            xs, ys = path.points[:, 0], path.values
            # the legend shows each run's own step marker, so runs differ by more than colour (grayscale)
            ax.plot(xs, ys, linestyle="none", marker=style["marker"], markersize=2.5, color=style["color"], alpha=0.8,
                    label=f"start {num(xs[0])} → ends at {ls.symbols[0]} = {num(xs[-1])}")
            ax.plot(xs[0], ys[0], "s", markersize=6, color=style["color"])
            ax.plot(xs[-1], ys[-1], "*", markersize=10, color=style["color"], markeredgecolor=look.theme.background)
        span = float(np.ptp(y)) or 1.0
        callouts = []
        for c in found:
            if c.kind == goal:
                best = max(optima_values) if ls.goal == "max" else min(optima_values)
                label = f"{'global' if c.value == best else 'local'} {goal}"
            else:
                label = {"minimum": "local minimum", "maximum": "local maximum"}.get(c.kind, c.kind)
            callouts.append(((c.point[0], c.value), f"{label}\n{ls.symbols[0]} = {num(c.point[0], 4)}"))
        ax.set_xlim(*ls.domain[0])
        ax.set_ylim(float(y.min()) - 0.35 * span, float(y.max()) + 0.25 * span)
        for point, text in callouts:
            callout(ax, point, text, fontsize=look.theme.small_size_pt, color=look.theme.muted, leader=look.theme.muted)
        ax.set_xlabel(ls.variables[0])
        ax.set_ylabel(f"{name}({ls.symbols[0]})")
        word = "valley" if ls.goal == "min" else "peak"
        title = f"Where you start decides which {word} you reach (rate {p.learning_rate:g}, {p.steps} steps)"
        ax.set_title(wrapped(title, 0.8 * fig.get_figwidth(), look.theme.title_size_pt))
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=legend_columns(labels, fig), markerscale=2,
                   fontsize=look.theme.small_size_pt - 0.5)
    return fig
