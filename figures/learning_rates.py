"""The same descent at several learning rates: paths and loss curves."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gradmath import Trajectory, descend, gradient_field, optima
from lessons import default_params
from lessons.figure_templates import LearningRatesParams
from theme import LIGHT, Theme
from theme import format_number as num

from .alt_text import at, sentence, steps, title_of
from .draw import draw_contours, draw_path, draw_point, label_axes, star_size
from .style import legend_below, new_figure, panel_grid, styled

__all__ = ["rate_runs", "make_learning_rates", "alt_text_learning_rates"]


def rate_runs(params: LearningRatesParams) -> list[tuple[str, float, Trajectory]]:
    """(name, rate, run) for each rate, all from the same start."""
    names = params.names if params.names and len(params.names) == len(params.rates) else \
        tuple(f"rate {r:g}" for r in params.rates)
    return [(name, rate, descend(params.landscape, params.start, learning_rate=rate, steps=params.steps, tol=params.tol))
            for name, rate in zip(names, params.rates)]


def _verdict(path: Trajectory) -> str:
    """What a run did: grows, converges in k steps, or where its loss stands after its steps."""
    if path.diverged or path.left_domain or path.values[-1] > path.values[0]:
        return "oscillates and grows"
    if path.converged:
        return f"converges in {steps(path.steps)}"
    return f"loss {num(path.values[-1], 2)} after {steps(path.steps)}"


def _run_name(name: str, rate: float) -> str:
    """"rate 0.04", or the lesson's name for the run with its rate: "too timid (rate 0.005)"."""
    return f"rate {num(rate)}" if name == f"rate {rate:g}" else f"{name} (rate {num(rate)})"


def make_learning_rates(params: LearningRatesParams | None = None, *, theme: Theme = LIGHT,
                        grayscale: bool = False, width: float | None = None) -> Figure:
    """Left: the paths over the contours; right: their distance to the optimum's value per step (log scale)."""
    p = params or default_params("learning_rates")
    ls = p.landscape
    runs = rate_runs(p)
    best = optima(ls)
    floor = best[0].value if best else None
    # log scale of the gap to the optimum when the runs that settle settle there (geometric
    # convergence is a straight line); the value itself, linearly, when some settle elsewhere
    settled = [float(r.values[-1]) for *_, r in runs if r.converged]
    rise = max(abs(float(r.values[0]) - (floor or 0.0)) for *_, r in runs) or 1.0
    gap_scale = floor is not None and all(abs(v - floor) <= 1e-3 * rise for v in settled)
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.4, width=width, panels=2)
        paths, losses = fig.subplots(*panel_grid(width, 2))
        draw_contours(paths, gradient_field(ls, 101), look, filled=False, levels=10)
        for i, (name, rate, path) in enumerate(runs):
            draw_path(paths, path, look, i, landscape=ls, until=path.worse_than_start(ls.goal))
            style = look.series(i)
            shown = np.abs(path.values - floor) if gap_scale else path.values
            plot = losses.semilogy if gap_scale else losses.plot
            plot(np.arange(len(shown)), np.where(shown > 0, shown, np.nan) if gap_scale else shown, color=style["color"],
                 linestyle=style["linestyle"], marker=style["marker"], markersize=2.5,
                 gid="series", label=f"{_run_name(name, rate)}: {_verdict(path)}")
        for b in best:  # an optimum worse than the best: a smaller star
            draw_point(paths, b.point, look, size=star_size(b, best))
        label_axes(paths, ls)
        s = p.start
        paths.set_title(f"{ls.title} from ({num(s[0])}, {num(s[1])})")
        losses.set_xlabel("step")
        f = ls.latex.split("(", 1)[0].strip() or "f"
        if gap_scale:
            losses.set_ylabel(f"|{f} − {f}*| (log scale)" if floor != 0 else f"{f} (log scale)")
        else:
            starts = max(float(r.values[0]) for *_, r in runs)
            low = min(float(np.nanmin(r.values)) for *_, r in runs)
            losses.set_ylim(low - 0.1 * abs(starts - low), starts + 0.5 * abs(starts - low))
            losses.set_ylabel(f)
        losses.set_title("Loss per step")
        legend_below(fig, losses)
    return fig


def alt_text_learning_rates(params: LearningRatesParams) -> str:
    """The figure's alt text: each rate's outcome, from the same runs the figure draws."""
    head = f"descent on {title_of(params.landscape)} from {at(params.start)} at {len(params.rates)} rates:"
    return sentence(head + " " + "; ".join(f"{_run_name(name, rate)} {_verdict(path)}"
                                           for name, rate, path in rate_runs(params)))
