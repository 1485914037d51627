"""Optimisers from one start: their paths and their distance to the optimum per step."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure

from gradmath import METHOD_NAMES, CriticalPoint, Trajectory, attractor_of, descend, gradient_field, optima
from lessons import default_params
from lessons.figure_templates import OptimizerComparisonParams
from theme import LIGHT, Theme
from theme import format_number as num

from .alt_text import at, optimum_word, sentence, steps, title_of
from .draw import draw_contours, draw_path, draw_point, label_axes, star_size
from .style import legend_below, new_figure, panel_grid, styled

__all__ = ["Race", "race", "make_optimizer_comparison", "alt_text_optimizer_comparison"]


@dataclass(frozen=True)
class Race:
    """What the figure draws: each racer's (method, rate, run), the optima, and the index of the
    optimum each run ended at (−1: none)."""

    runs: tuple[tuple[str, float, Trajectory], ...]
    optima: tuple[CriticalPoint, ...]
    reached: np.ndarray

    def outcome(self, i: int, word: str) -> str:
        """What racer ``i`` did: "reaches (1, 1) in 87 steps" or "stops 0.4 away after 3,000 steps"."""
        _, _, run = self.runs[i]
        at_index = int(self.reached[i])
        if run.converged and at_index >= 0:
            goal = self.optima[at_index]
            which = "" if at_index == 0 else f"a local {word} "
            return f"reaches {which}{at(goal.point)} in {steps(run.steps)}"
        if self.optima:
            goal = self.optima[max(at_index, 0)]
            return f"stops {num(float(np.linalg.norm(run.final - goal.point)), 2)} away after {steps(run.steps)}"
        return f"finds no {word} in {steps(run.steps)}"


def race(params: OptimizerComparisonParams) -> Race:
    """The racers from the same start with the same step budget, and where each ended."""
    ls = params.landscape
    runs = tuple((r.method, r.learning_rate, descend(ls, params.start, learning_rate=r.learning_rate,
                                                      steps=params.steps, method=r.method, tol=params.tol,
                                                      momentum=params.momentum))
                 for r in params.racers)
    best = optima(ls)
    reached = attractor_of(np.array([run.final for *_, run in runs]), best, ls) if best else np.full(len(runs), -1)
    return Race(runs, best, np.asarray(reached))


def _name(method: str) -> str:
    """The method's name as the scene writes it, capitalised to start a legend entry."""
    name = METHOD_NAMES[method]
    return name[:1].upper() + name[1:]


def make_optimizer_comparison(params: OptimizerComparisonParams | None = None, *, theme: Theme = LIGHT,
                              grayscale: bool = False, width: float | None = None) -> Figure:
    """Left: the paths over the contours (log-spaced when the valley is deep); right: distance to the optimum."""
    p = params or default_params("optimizer_comparison")
    ls = p.landscape
    result = race(p)
    best = result.optima
    field = gradient_field(ls, 201)
    word = optimum_word(ls)
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
        for i, (method, rate, path) in enumerate(result.runs):
            draw_path(paths, path, look, i, landscape=ls, markevery=max(1, path.steps // 25))
            style = look.series(i)
            at_index = int(result.reached[i])
            aim = best[max(at_index, 0)].point if best else None
            if aim is not None:
                dist = np.linalg.norm(path.points - np.asarray(aim), axis=1)
                spread.append(dist)
                gaps.plot(np.where(dist > 0, dist, np.nan), color=style["color"], linestyle=style["linestyle"],
                          gid="series", label=f"{_name(method)} ({num(rate)}): {result.outcome(i, word)}")
        if spread and max(float(np.nanmax(d)) for d in spread) > 10 * min(float(np.nanmin(d[d > 0])) for d in spread
                                                                          if np.any(d > 0)):
            gaps.set_yscale("log")
        for b in best:  # an optimum worse than the best: a smaller star
            draw_point(paths, b.point, look, size=star_size(b, best))
        label_axes(paths, ls)
        s = p.start
        paths.set_title(f"{ls.title} from ({num(s[0])}, {num(s[1])})")
        gaps.set_xlabel("step")
        gaps.set_ylabel(f"distance to its {word}")
        gaps.set_title("Who gets there first")
        legend_below(fig, gaps, most=2)
    return fig


def alt_text_optimizer_comparison(params: OptimizerComparisonParams) -> str:
    """The figure's alt text: what each racer reached, in how many steps, from the same run the figure draws."""
    result = race(params)
    word = optimum_word(params.landscape)
    head = f"from {at(params.start)} on {title_of(params.landscape)}, {steps(params.steps)} at most:"
    return sentence(head + " " + "; ".join(f"{METHOD_NAMES[m]} {result.outcome(i, word)}"
                                           for i, (m, _, _) in enumerate(result.runs)))
