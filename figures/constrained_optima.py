"""Constrained optima: a 2-variable landscape along a budget line x + y = total, and a 1-variable
landscape on its interval."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from gradmath import Box, Budget, Trajectory, descend, optima
from lessons import default_params
from lessons.figure_templates import BudgetRun, ConstrainedOptimaParams, IntervalRun
from theme import LIGHT, Theme
from theme import format_number as num

from .contour_gradient import _symbol
from .alt_text import optimum_word, sentence, steps
from .draw import LOCAL_SCALE, MARKS, draw_point
from .style import Look, new_figure, panel_grid, styled, wrapped

__all__ = ["budget_runs", "interval_run", "constrained_marks", "make_constrained_optima", "alt_text_constrained_optima"]


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


Mark = tuple[float, float, str, str]  # x, y, what it is, meaning


def _marks(ax: Axes, marks: list[Mark], look: Look) -> None:
    """Marked points in their meaning's mark, named in a legend under the panel (labels on the
    curve crowded the optimum and crossed their leaders)."""
    for x, y, text, meaning in marks:  # a local optimum beside a better one: a smaller star
        small = meaning == "optimum" and text.startswith("local ")
        draw_point(ax, (x, y), look, meaning=meaning, label=text, size=MARKS["optimum"][1] * LOCAL_SCALE if small else None)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=1, fontsize=look.theme.small_size_pt - 0.5)


def constrained_marks(p: ConstrainedOptimaParams) -> tuple[list[Mark], list[Mark]]:
    """The budget panel's and the interval panel's marks, from the projected runs the figure draws."""
    b, iv = p.budget, p.interval
    mk, pf = b.landscape, iv.landscape
    best, short = budget_runs(b)
    run = interval_run(iv)
    sx, sy = mk.symbols
    start_value = float(mk.value(b.start))
    left: list[Mark] = [(b.start[0], start_value, f"start ({num(b.start[0])}, {num(b.start[1])}): "
                         f"{_symbol(mk)} = {num(start_value)}", "start")]
    if short is not None:
        left.append((short.final[0], short.values[-1], f"rate {num(b.short_rate)}, {steps(b.short_steps)}: stops at "
                     f"{sx} = {num(short.final[0])}, {_symbol(mk)} = {num(short.values[-1])}", "warning"))
    tiny = 1e-6 * abs(b.total) if b.total else 1e-9
    left.append((best.final[0], best.values[-1], f"{optimum_word(mk)} at {sx} = {num(best.final[0], zero_below=tiny)}, "
                 f"{sy} = {num(best.final[1], zero_below=tiny)}: {_symbol(mk)} = {num(best.values[-1])}", "optimum"))
    start = float(iv.start[0])
    slope = float(pf.gradient([start])[0])
    toward = "right" if slope * pf.sign > 0 else "left"
    right: list[Mark] = [(start, float(pf.value([start])), f"start {pf.symbols[0]} = {num(start)}: the slope is "
                          f"{num(slope)}, so move {toward}", "start"),
                         (run.final[0], run.values[-1], f"{optimum_word(pf)} at {pf.symbols[0]} = {num(run.final[0])}: "
                          f"{_symbol(pf)} = {num(run.values[-1], 4)}", "optimum")]
    better = [o for o in optima(pf) if pf.sign * (o.value - run.values[-1]) > 1e-6 * (1 + abs(run.values[-1]))]
    if better:  # the run settled in a worse valley: say so, and mark the best one as well
        x, y, text, meaning = right[-1]
        right[-1] = (x, y, f"local {text}", meaning)
        o = better[0]
        right.append((float(o.point[0]), float(o.value), f"global {optimum_word(pf)} at {pf.symbols[0]} = "
                      f"{num(o.point[0])}: {_symbol(pf)} = {num(o.value, 4)}", "optimum"))
    return left, right


def make_constrained_optima(params: ConstrainedOptimaParams | None = None, *, theme: Theme = LIGHT,
                            grayscale: bool = False, width: float | None = None) -> Figure:
    """Each objective along its constraint: the start, where the short run stops, and the optimum."""
    p = params or default_params("constrained_optima")
    b, iv = p.budget, p.interval
    mk, pf = b.landscape, iv.landscape
    left_marks, right_marks = constrained_marks(p)
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.45, width=width, panels=2)
        rows, cols = panel_grid(width, 2)
        left, right = fig.subplots(rows, cols)
        # the height was set for two legend entries a panel: a row of room for each one more
        more = [max(0, len(m) - 2) for m in (left_marks, right_marks)]
        fig.set_figheight(fig.get_figheight() + 1.5 * look.theme.small_size_pt / 72 * (sum(more) if rows > 1 else max(more)))

        (x0, x1), (y0, y1) = mk.domain
        lo, hi = max(x0, b.total - y1), min(x1, b.total - y0)
        g = np.linspace(lo, hi, 400)
        along = mk.value(np.stack([g, b.total - g]))
        left.plot(g, along, color=look.theme.foreground)
        pad = 0.05 * (hi - lo)
        left.set_xlim(lo - pad, hi + pad)
        _marks(left, left_marks, look)
        xs, ys = mk.variables
        left.set_xlabel(wrapped(f"{xs}; the rest of {num(b.total)} goes to {ys.split()[0]}",
                                left.get_position().width * fig.get_figwidth(), look.theme.font_size_pt))
        left.set_ylabel(f"{_symbol(mk)}({', '.join(mk.symbols)})")
        for ax in (left, right):  # grouped thousands and true minus signs, as everywhere else
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: num(v, 4)))
        left.set_title(f"{mk.title.split(':')[0]} along {mk.symbols[0]} + {mk.symbols[1]} = {num(b.total)}")

        (a0, a1), = pf.domain
        a = np.linspace(a0, a1, 400)
        right.plot(a, pf.value(a[None]), color=look.theme.foreground)
        _marks(right, right_marks, look)
        right.set_xlabel(pf.variables[0])
        right.set_ylabel(f"{_symbol(pf)}({pf.symbols[0]})")
        right.set_title(f"{pf.title.split(':')[0]}: on [{num(a0)}, {num(a1)}]")
    return fig


def alt_text_constrained_optima(params: ConstrainedOptimaParams) -> str:
    """The figure's alt text: the marks of both panels, as their legends name them."""
    b = params.budget
    left, right = constrained_marks(params)
    return sentence(f"{b.landscape.title.split(':')[0]} along {' + '.join(b.landscape.symbols)} = {num(b.total)}: "
                    + "; ".join(text for *_, text, _ in left),
                    f"{params.interval.landscape.title.split(':')[0]} on its interval: "
                    + "; ".join(text for *_, text, _ in right))
