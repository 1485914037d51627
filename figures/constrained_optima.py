"""Constrained optima: profit along the marketing budget g + i = 50, and the Sharpe ratio over a ∈ [0, 1]."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from gradmath import MARKETING_BUDGET, PORTFOLIO_SHARPE, Trajectory, descend
from theme import LIGHT, Theme

from .style import Look, new_figure, styled

__all__ = ["budget_ascent", "portfolio_ascent", "make_constrained_optima"]


def budget_ascent(rate: float = 0.01, steps: int = 2000) -> Trajectory:
    """Projected ascent on the $50k budget from the equal split (the lesson's own rate, 0.0005,
    stops short after its 100 steps)."""
    ls = MARKETING_BUDGET
    return descend(ls, ls.starts[0], learning_rate=rate, steps=steps, constraint=ls.constraint)


def portfolio_ascent() -> Trajectory:
    """The lesson's run: rate 0.5, clipped to [0, 1], from the 50/50 split."""
    ls = PORTFOLIO_SHARPE
    return descend(ls, ls.starts[0], learning_rate=ls.lesson_rate, steps=ls.lesson_steps, constraint=ls.constraint)


def _mark(ax: Axes, x: float, y: float, text: str, look: Look, meaning: str, marker: str,
          where: tuple[float, float]) -> None:
    """A marked point with its label at ``where`` (axes fraction), joined by a thin line."""
    colour = look.theme.foreground if meaning == "start" else look.colour(meaning)
    ax.plot(x, y, marker, color=colour, markersize=9 if marker == "*" else 5, zorder=5)
    ax.annotate(text, (x, y), xytext=where, textcoords="axes fraction", ha="center", va="center",
                fontsize=look.theme.small_size_pt, color=colour,
                arrowprops={"arrowstyle": "-", "color": look.theme.muted, "lw": 0.6, "shrinkB": 4})


def make_constrained_optima(*, theme: Theme = LIGHT, grayscale: bool = False) -> Figure:
    """Each objective along its constraint, the start, the lesson's stopping point and the optimum."""
    mk, pf = MARKETING_BUDGET, PORTFOLIO_SHARPE
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.38)
        left, right = fig.subplots(1, 2)

        g = np.linspace(10, 45, 400)  # the whole segment is 1..49; the story is near the top
        profit = mk.value(np.stack([g, 50 - g]))
        left.plot(g, profit / 1000, color=look.colour("ascent"))
        best = budget_ascent()
        lesson = descend(mk, mk.starts[0], learning_rate=mk.lesson_rate, steps=mk.lesson_steps, constraint=mk.constraint)
        _mark(left, 25, float(mk.value((25, 25))) / 1000, f"equal split\n${float(mk.value((25, 25))):,.0f}",
              look, "start", "s", (0.24, 0.3))
        _mark(left, lesson.final[0], lesson.values[-1] / 1000,
              f"lesson's 100 steps stop at\ng = {lesson.final[0]:.1f}k: ${lesson.values[-1]:,.0f}", look, "warning", "o", (0.5, 0.12))
        _mark(left, best.final[0], best.values[-1] / 1000,
              f"optimum g = {best.final[0]:.1f}k\n(i = {best.final[1]:.1f}k): ${best.values[-1]:,.0f}", look, "optimum", "*",
              (0.66, 0.3))
        left.set_xlabel("Google spend g ($k); Instagram gets 50 − g")
        left.set_ylabel("profit ($k)")
        left.set_title("Marketing budget along g + i = 50")
        left.set_xlim(g[0], g[-1])

        a = np.linspace(0, 1, 400)
        right.plot(a * 100, pf.value(a[None]), color=look.colour("ascent"))
        run = portfolio_ascent()
        _mark(right, 50, float(pf.value([0.5])), "50/50: the slope is negative,\nso move toward stock B",
              look, "start", "s", (0.8, 0.93))
        _mark(right, run.final[0] * 100, run.values[-1], f"optimum: {run.final[0]:.1%} in A,\nSharpe {run.values[-1]:.3f}",
              look, "optimum", "*", (0.3, 0.3))
        right.set_xlabel("share of stock A (%)")
        right.set_ylabel("Sharpe ratio")
        right.set_title("Portfolio: Sharpe ratio over a + b = 1")
    return fig
