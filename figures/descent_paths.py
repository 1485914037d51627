"""Descent (ascent) paths from several starts over a landscape's contours."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gradmath import gradient_field, optima
from lessons import default_params
from lessons.figure_templates import DescentPathsParams
from theme import LIGHT, Theme
from theme import format_number as num

from .draw import descents, draw_contours, draw_path, draw_point, label_axes
from .style import legend_columns, new_figure, styled

__all__ = ["make_descent_paths"]


def make_descent_paths(params: DescentPathsParams | None = None, *, theme: Theme = LIGHT,
                       grayscale: bool = False, width: float | None = None) -> Figure:
    """Walks against the gradient (with it, for a maximum); the title says how close they end."""
    p = params or default_params("descent_paths")
    ls = p.landscape
    paths = descents(p)
    best = optima(ls)
    kind = "maximum" if ls.goal == "max" else "minimum"
    with styled(theme, grayscale) as look:
        fig = new_figure("single", aspect=0.95, width=width)
        ax = fig.add_subplot()
        draw_contours(ax, gradient_field(ls, 121), look, filled=False)
        for i, path in enumerate(paths):
            s = path.points[0]
            draw_path(ax, path, look, i, label=f"start ({num(s[0])}, {num(s[1])})", landscape=ls)
        title = f"{p.steps} steps at rate {num(p.learning_rate)}"
        if best:
            target = best[0].point
            tiny = 1e-9 * float(max(ls.bounds[:, 1] - ls.bounds[:, 0]))
            draw_point(ax, target, look, size=13,
                       label=f"{kind} ({num(target[0], 4, zero_below=tiny)}, {num(target[1], 4, zero_below=tiny)})")
            worst = max(float(np.linalg.norm(path.final - target)) for path in paths)
            title += f": all within {num(worst, 2)} of the {kind}" if worst > 1e-3 else f": all reach the {kind}"
        label_axes(ax, ls)
        ax.set_title(title, fontsize=look.theme.font_size_pt)
        labels = [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
        fig.legend(loc="outside lower center", ncols=legend_columns(labels, fig),
                   fontsize=look.theme.small_size_pt - 0.5)
    return fig
