"""A 1-variable landscape: where each start rolls to, and the valleys (peaks) it reaches."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gradmath import CriticalPoint, Trajectory, attractor_of, critical_points
from lessons import default_params
from lessons.figure_templates import Nonconvex1DParams
from theme import LIGHT, Theme
from theme import format_number as num

from .alt_text import optimum_word, sentence, title_of
from .contour_gradient import _symbol
from .draw import OUTLINE, descents, draw_point
from .labels import callout
from .style import legend_columns, new_figure, styled, wrapped

__all__ = ["make_nonconvex_1d", "alt_text_nonconvex_1d", "rolls"]

MOST_CALLOUTS = 4  # more critical points than this: only the global optima and those the runs reach are named


def rolls(params: Nonconvex1DParams) -> tuple[tuple[Trajectory, ...], tuple[CriticalPoint, ...]]:
    """The runs from each start and the landscape's critical points: what the figure draws."""
    return descents(params), critical_points(params.landscape)


def _critical_label(c: CriticalPoint, found: tuple[CriticalPoint, ...], goal: str) -> str:
    """"global minimum", "local minimum", "local maximum" …"""
    if c.kind == goal:
        values = [o.value for o in found if o.kind == goal]
        best = max(values) if goal == "maximum" else min(values)
        return f"{'global' if c.value == best else 'local'} {goal}"
    return {"minimum": "local minimum", "maximum": "local maximum"}.get(c.kind, c.kind)


def _named(found: tuple[CriticalPoint, ...], paths: tuple[Trajectory, ...], goal: str,
           landscape) -> tuple[CriticalPoint, ...]:  # type: ignore[no-untyped-def]
    """The critical points worth a callout: all of them when there are at most ``MOST_CALLOUTS``;
    else the global optima and those a run ends at, so a rippled curve is not buried in labels."""
    if len(found) <= MOST_CALLOUTS:
        return found
    reached = set(int(i) for i in attractor_of(np.array([p.final for p in paths]), found, landscape)) if paths else set()
    return tuple(c for i, c in enumerate(found)
                 if _critical_label(c, found, goal).startswith("global") or i in reached)[:MOST_CALLOUTS]


def _ends(path: Trajectory, symbol: str) -> str:
    return f"start {num(path.points[0, 0])} ends at {symbol} = {num(path.final[0], 4)}"  # as precise as the callouts


def make_nonconvex_1d(params: Nonconvex1DParams | None = None, *, theme: Theme = LIGHT,
                      grayscale: bool = False, width: float | None = None) -> Figure:
    """The curve, each start (square), its path (small marks) and where it ends (a dot)."""
    p = params or default_params("nonconvex_1d")
    ls = p.landscape
    x = np.linspace(*ls.domain[0], 400)
    y = ls.value(x[None])
    name = _symbol(ls)
    paths, found = rolls(p)
    goal = optimum_word(ls)
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.36, width=width, least_aspect=0.55)
        ax = fig.add_subplot()
        ax.plot(x, y, color=look.theme.foreground, linewidth=1.4, label=f"${ls.latex}$")
        for i, path in enumerate(paths):
            style = look.series(i)
            xs, ys = path.points[:, 0], path.values
            # the legend shows each run's own step marker, so runs differ by more than colour (grayscale)
            ax.plot(xs, ys, linestyle="none", marker=style["marker"], markersize=2.8, color=style["color"], alpha=0.85,
                    gid="series", label=_ends(path, ls.symbols[0]))
            ax.plot(xs[-1], ys[-1], "o", markersize=6, color=style["color"], markeredgecolor=OUTLINE,
                    markeredgewidth=0.6, gid="series")
            draw_point(ax, (xs[0], ys[0]), look, meaning="start")
        span = float(np.ptp(y)) or 1.0
        ax.set_xlim(*ls.domain[0])
        ax.set_ylim(float(y.min()) - 0.35 * span, float(y.max()) + 0.25 * span)
        for c in _named(found, paths, goal, ls):
            callout(ax, (c.point[0], c.value), f"{_critical_label(c, found, goal)}\n{ls.symbols[0]} = {num(c.point[0], 4)}",
                    fontsize=look.theme.small_size_pt, color=look.theme.muted, leader=look.theme.muted)
        ax.set_xlabel(ls.variables[0])
        ax.set_ylabel(f"{name}({ls.symbols[0]})")
        word = "valley" if ls.goal == "min" else "peak"
        title = f"Where you start decides which {word} you reach (rate {num(p.learning_rate)}, {p.steps} steps)"
        ax.set_title(wrapped(title, 0.8 * fig.get_figwidth(), look.theme.title_size_pt))
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=legend_columns(labels, fig), markerscale=2,
                   fontsize=look.theme.small_size_pt - 0.5)
    return fig


def alt_text_nonconvex_1d(params: Nonconvex1DParams) -> str:
    """The figure's alt text: the curve's optima and where each start ends, from the runs it draws."""
    ls = params.landscape
    paths, found = rolls(params)
    goal = optimum_word(ls)
    s = ls.symbols[0]
    marked = ", ".join(f"{_critical_label(c, found, goal)} at {s} = {num(c.point[0], 4)}" for c in found
                       if c.kind == goal)
    return sentence(f"curve of {title_of(ls)} on [{num(ls.domain[0][0])}, {num(ls.domain[0][1])}] with "
                    f"{marked or f'no {goal}'}", *(_ends(path, s) for path in paths))
