"""Optimisers from one start: their paths and their distance to the optimum per step."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure

from gradmath import Trajectory, attractor_of, descend, gradient_field, optima
from lessons import default_params
from lessons.figure_templates import OptimizerComparisonParams
from theme import LIGHT, Theme
from theme import format_number as num

from .draw import draw_contours, draw_path, draw_point, label_axes
from .style import legend_columns, new_figure, panel_grid, styled

__all__ = ["race", "make_optimizer_comparison", "METHOD_NAMES"]

METHOD_NAMES = {"gd": "gradient descent", "momentum": "momentum", "nesterov": "Nesterov", "adam": "Adam"}


def race(params: OptimizerComparisonParams) -> list[tuple[str, float, Trajectory]]:
    """(method, rate, run) per racer: same start, same step budget."""
    return [(r.method, r.learning_rate, descend(params.landscape, params.start, learning_rate=r.learning_rate,
                                                steps=params.steps, method=r.method, tol=params.tol,
                                                momentum=params.momentum))
            for r in params.racers]


def make_optimizer_comparison(params: OptimizerComparisonParams | None = None, *, theme: Theme = LIGHT,
                              grayscale: bool = False, width: float | None = None) -> Figure:
    """Left: the paths over the contours (log-spaced when the valley is deep); right: distance to the optimum."""
    p = params or default_params("optimizer_comparison")
    ls = p.landscape
    runs = race(p)
    field = gradient_field(ls, 201)
    best = optima(ls)
    target = np.array(best[0].point) if best else None
    reached = attractor_of(np.array([run.final for *_, run in runs]), best, ls) if best else [-1] * len(runs)
    kind = "maximum" if ls.goal == "max" else "minimum"
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.4, width=width, panels=2)
        paths, gaps = fig.subplots(*panel_grid(width, 2))
        g = field.grid
        excess = ls.sign * (best[0].value - field.values) if best else None
        if excess is not None and np.all(excess > -1e-9) and np.ptp(field.values) > 1e3:
            lift = excess + 1e-3  # a deep, narrow valley: log-spaced levels show its floor
            paths.contour(g.x, g.y, lift, levels=np.logspace(np.log10(max(lift.min(), 1e-3)) + 2,
                                                             np.log10(lift.max()), 14),
                          norm=LogNorm(), colors=look.theme.muted, linewidths=0.4)
        else:
            draw_contours(paths, field, look, filled=False, levels=14)
        spread = []
        for i, ((method, rate, path), at) in enumerate(zip(runs, reached)):
            draw_path(paths, path, look, i, landscape=ls, markevery=max(1, path.steps // 25))
            style = look.series(i)
            goal = best[at] if at >= 0 else None
            if path.converged and goal is not None:
                which = kind if at == 0 else f"a local {kind}"
                done = f"{which} ({num(goal.point[0])}, {num(goal.point[1])}) in {path.steps} steps"
            else:
                done = f"not at a {kind} after {path.steps} steps"
            aim = np.asarray(goal.point) if goal is not None else target
            if aim is not None:
                dist = np.linalg.norm(path.points - aim, axis=1)
                spread.append(dist)
                gaps.plot(np.where(dist > 0, dist, np.nan), color=style["color"], linestyle=style["linestyle"],
                          label=f"{METHOD_NAMES[method]} ({num(rate)}): {done}")
        if spread and max(float(np.nanmax(d)) for d in spread) > 10 * min(float(np.nanmin(d[d > 0])) for d in spread
                                                                          if np.any(d > 0)):
            gaps.set_yscale("log")
        for b in best:
            draw_point(paths, b.point, look, size=12)
        label_axes(paths, ls)
        s = p.start
        paths.set_title(f"{ls.title} from ({num(s[0])}, {num(s[1])})")
        gaps.set_xlabel("step")
        gaps.set_ylabel(f"distance to its {kind}")
        gaps.set_title("Who gets there first")
        handles, labels = gaps.get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=legend_columns(labels, fig, most=2),
                   fontsize=look.theme.small_size_pt - 0.5)
    return fig
