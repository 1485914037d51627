"""The non-convex 1-D loss sin x + 0.1x² − 2: where each of the lesson's starts rolls to."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gradmath import MULTIMODAL, Trajectory, critical_points, descend
from theme import LIGHT, Theme

from .style import new_figure, styled

__all__ = ["lesson_rolls", "make_nonconvex_1d"]


def lesson_rolls() -> tuple[Trajectory, ...]:
    """The lesson's four starts at its rate 0.1 for 50 steps (a setting that does converge)."""
    ls = MULTIMODAL
    return descend(ls, np.array(ls.starts), learning_rate=ls.lesson_rate, steps=ls.lesson_steps)


def make_nonconvex_1d(*, theme: Theme = LIGHT, grayscale: bool = False) -> Figure:
    """The curve, each start (square), its path (small marks) and where it ends (star)."""
    ls = MULTIMODAL
    x = np.linspace(*ls.domain[0], 400)
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.36)
        ax = fig.add_subplot()
        ax.plot(x, ls.value(x[None]), color=look.theme.foreground, linewidth=1.4, label=f"$L(x) = {ls.latex.split('=')[1]}$")
        for i, path in enumerate(lesson_rolls()):
            style = look.series(i)
            xs, ys = path.points[:, 0], path.values
            ax.plot(xs, ys, linestyle="none", marker=style["marker"], markersize=2.5, color=style["color"], alpha=0.8)
            ax.plot(xs[0], ys[0], "s", markersize=6, color=style["color"], label=f"start {xs[0]:g} → {xs[-1]:.2f}")
            ax.plot(xs[-1], ys[-1], "*", markersize=10, color=style["color"], markeredgecolor=look.theme.background)
        for c in critical_points(ls):
            name = {"minimum": "minimum", "maximum": "local maximum"}[c.kind]
            if c.kind == "minimum":
                name = "global minimum" if c.value == min(d.value for d in critical_points(ls)) else "local minimum"
            ax.annotate(f"{name}\nx = {c.point[0]:.3f}", (c.point[0], c.value), xytext=(0, -26 if c.kind == "minimum" else 10),
                        textcoords="offset points", ha="center", fontsize=look.theme.small_size_pt, color=look.theme.muted)
        ax.set_xlim(*ls.domain[0])
        ax.set_ylim(-4.2, 2.2)
        ax.set_xlabel("x")
        ax.set_ylabel("loss L(x)")
        ax.set_title(f"Where you start decides which valley you reach (rate {ls.lesson_rate:g}, {ls.lesson_steps} steps)")
        ax.legend(loc="upper center", ncols=5, fontsize=look.theme.small_size_pt - 0.5)
    return fig
