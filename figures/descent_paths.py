"""Descent (ascent) paths from several starts over a landscape's contours."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gradmath import gradient_field, optima
from lessons import default_params
from lessons.figure_templates import DescentPathsParams
from theme import LIGHT, Theme
from theme import format_number as num

from .alt_text import at, optimum_word, sentence, title_of
from .draw import descents, draw_contours, draw_optima, draw_path, label_axes
from .style import legend_columns, new_figure, styled

__all__ = ["make_descent_paths", "alt_text_descent_paths"]


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
            tiny = 1e-9 * float(max(ls.bounds[:, 1] - ls.bounds[:, 0]))
            draw_optima(ax, best, look, word=kind, size=13,
                        where=lambda q: f"({num(q[0], 4, zero_below=tiny)}, {num(q[1], 4, zero_below=tiny)})")
            worst = max(min(float(np.linalg.norm(path.final - b.point)) for b in best) for path in paths)
            which = f"the {kind}" if len(best) == 1 else f"a {kind}"
            title += f": all within {num(worst, 2)} of {which}" if worst > 1e-3 else f": all reach {which}"
        label_axes(ax, ls)
        ax.set_title(title, fontsize=look.theme.font_size_pt)
        labels = [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
        fig.legend(loc="outside lower center", ncols=legend_columns(labels, fig),
                   fontsize=look.theme.small_size_pt - 0.5)
    return fig


def alt_text_descent_paths(params: DescentPathsParams) -> str:
    """The figure's alt text: where each run from the lesson's starts ends, and how far from the optimum."""
    ls = params.landscape
    best = optima(ls)
    word = optimum_word(ls)
    span = float(max(ls.bounds[:, 1] - ls.bounds[:, 0]))
    ends = []
    for path in descents(params):
        gap = min((float(np.linalg.norm(path.final - b.point)) for b in best), default=None)
        near = "" if gap is None else f", at a {word}" if gap < 1e-6 * span else f", {num(gap, 2)} from the {'nearest ' if len(best) > 1 else ''}{word}"
        ends.append(f"{at(path.points[0])} to {at(path.final)}{near}")
    goal = f"the {word} {at(best[0].point, 4)} is marked" if best else f"no {word} on the map"
    return sentence(f"{len(ends)} paths of {params.steps} steps at rate {num(params.learning_rate)} on "
                    f"{title_of(ls)}: " + "; ".join(ends), goal)
