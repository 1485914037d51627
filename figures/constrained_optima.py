"""Constrained optima: a 2-variable landscape along a budget line x + y = total, and a 1-variable
landscape on its interval."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from gradmath import Box, Budget, Trajectory, descend
from lessons import default_params
from lessons.figure_templates import BudgetRun, ConstrainedOptimaParams, IntervalRun
from theme import LIGHT, Theme
from theme import format_number as num

from .contour_gradient import _symbol
from .labels import callout
from .style import Look, new_figure, panel_grid, styled, wrapped

__all__ = ["budget_runs", "interval_run", "make_constrained_optima"]


def _budget(run: BudgetRun) -> Budget:
    (x0, x1), (y0, y1) = run.landscape.domain
    return Budget(run.total, (x0, y0), (x1, y1))


def budget_runs(run: BudgetRun) -> tuple[Trajectory, Trajectory | None]:
    """Projected runs on the budget line: at the rate that converges, and at the rate that stops short."""
    constraint = _budget(run)
    best = descend(run.landscape, run.start, learning_rate=run.learning_rate, steps=run.steps, constraint=constraint)
    short = None if run.short_rate is None else descend(run.landscape, run.start, learning_rate=run.short_rate,
                                                        steps=run.short_steps, constraint=constraint)
    return best, short


def interval_run(run: IntervalRun) -> Trajectory:
    """A projected run kept inside the landscape's interval."""
    (low, high), = run.landscape.domain
    return descend(run.landscape, run.start, learning_rate=run.learning_rate, steps=run.steps, constraint=Box(low, high))


def _marks(ax: Axes, marks: list[tuple[float, float, str, str, str]], look: Look) -> None:
    """Marked points (x, y, text, meaning, marker), then their labels, each placed clear of the
    curve, the marks and the labels before it."""
    for x, y, _, meaning, marker in marks:
        colour = look.theme.foreground if meaning == "start" else look.colour(meaning)
        ax.plot(x, y, marker, color=colour, markersize=9 if marker == "*" else 5, zorder=5,
                markeredgecolor=look.theme.background, markeredgewidth=0.6)
    for x, y, text, meaning, _ in marks:
        colour = look.theme.foreground if meaning == "start" else look.colour(meaning)
        callout(ax, (x, y), text, color=colour, fontsize=look.theme.small_size_pt, leader=look.theme.muted)


def make_constrained_optima(params: ConstrainedOptimaParams | None = None, *, theme: Theme = LIGHT,
                            grayscale: bool = False, width: float | None = None) -> Figure:
    """Each objective along its constraint: the start, where the short run stops, and the optimum."""
    p = params or default_params("constrained_optima")
    b, iv = p.budget, p.interval
    mk, pf = b.landscape, iv.landscape
    best, short = budget_runs(b)
    run = interval_run(iv)
    goal = "optimum"
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.38, width=width, panels=2)
        left, right = fig.subplots(*panel_grid(width, 2))

        (x0, x1), (y0, y1) = mk.domain
        lo, hi = max(x0, b.total - y1), min(x1, b.total - y0)
        g = np.linspace(lo, hi, 400)
        along = mk.value(np.stack([g, b.total - g]))
        left.plot(g, along, color=look.colour("ascent"))
        xs, ys = mk.variables
        sx, sy = mk.symbols
        start_value = float(mk.value(b.start))
        marks = [(b.start[0], start_value, f"start ({num(b.start[0])}, {num(b.start[1])})\n{num(start_value)}",
                  "start", "s")]
        if short is not None:
            marks.append((short.final[0], short.values[-1],
                          f"rate {num(b.short_rate)}: {b.short_steps} steps\nstop at {sx} = {num(short.final[0])}: "
                          f"{num(short.values[-1])}", "warning", "o"))
        tiny = 1e-6 * b.total if b.total else 1e-9
        marks.append((best.final[0], best.values[-1], f"{goal} {sx} = {num(best.final[0], zero_below=tiny)}, "
                      f"{sy} = {num(best.final[1], zero_below=tiny)}:"
                      f"\n{num(best.values[-1])}", "optimum", "*"))
        pad = 0.05 * (hi - lo)
        left.set_xlim(lo - pad, hi + pad)
        low, high = float(np.min(along)), float(np.max(along))
        left.set_ylim(low - 0.05 * (high - low), high + 0.45 * (high - low))  # room for the labels on top
        _marks(left, marks, look)
        left.set_xlabel(wrapped(f"{xs}; the rest of {num(b.total)} goes to {ys.split()[0]}",
                                left.get_position().width * fig.get_figwidth(), look.theme.font_size_pt))
        left.set_ylabel(f"{_symbol(mk)}({', '.join(mk.symbols)})")
        left.set_title(f"{mk.title.split(':')[0]} along {mk.symbols[0]} + {mk.symbols[1]} = {b.total:g}")

        (a0, a1), = pf.domain
        a = np.linspace(a0, a1, 400)
        curve = pf.value(a[None])
        right.plot(a, curve, color=look.colour("ascent"))
        low, high = float(np.min(curve)), float(np.max(curve))
        right.set_ylim(low - 0.05 * (high - low), high + 0.45 * (high - low))
        start = float(iv.start[0])
        slope = float(pf.gradient([start])[0])
        toward = "right" if slope * pf.sign > 0 else "left"
        _marks(right, [(start, float(pf.value([start])), f"start {num(start)}: the slope is {num(slope)},\n"
                        f"so move {toward}", "start", "s"),
                       (run.final[0], run.values[-1], f"{goal}: {pf.symbols[0]} = {num(run.final[0])},\n"
                        f"{_symbol(pf)} = {num(run.values[-1], 4)}", "optimum", "*")], look)
        right.set_xlabel(pf.variables[0])
        right.set_ylabel(f"{_symbol(pf)}({pf.symbols[0]})")
        right.set_title(f"{pf.title.split(':')[0]}: on [{a0:g}, {a1:g}]")
    return fig
