"""Gradient descent from the lesson's four starts over the Colonel's contours."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gradmath import COLONEL_LOSS, Trajectory, descend, gradient_field
from theme import LIGHT, Theme

from .draw import draw_contours, draw_path, draw_point, label_axes
from .style import new_figure, styled

__all__ = ["lesson_paths", "make_descent_paths"]


def lesson_paths() -> tuple[Trajectory, ...]:
    """The lesson's run: four starts, rate 0.05, 30 steps."""
    ls = COLONEL_LOSS
    return descend(ls, np.array(ls.starts), learning_rate=ls.lesson_rate, steps=ls.lesson_steps)


def make_descent_paths(*, theme: Theme = LIGHT, grayscale: bool = False) -> Figure:
    """Four walks against the gradient; after 30 steps each is close to, not at, the minimum."""
    ls = COLONEL_LOSS
    with styled(theme, grayscale) as look:
        fig = new_figure("single", aspect=0.95)
        ax = fig.add_subplot()
        draw_contours(ax, gradient_field(ls, 121), look, filled=False)
        for i, path in enumerate(lesson_paths()):
            s = path.points[0]
            draw_path(ax, path, look, i, label=f"start ({s[0]:g}, {s[1]:g})")
        draw_point(ax, ls.notable["minimum"], look, size=13, label="minimum (50, 30)")
        label_axes(ax, ls)
        worst = max(float(np.linalg.norm(p.final - ls.notable["minimum"])) for p in lesson_paths())
        ax.set_title(f"{ls.lesson_steps} steps at rate {ls.lesson_rate:g}: all within {worst:.1f} of the minimum",
                     fontsize=look.theme.font_size_pt)
        fig.legend(loc="outside lower center", ncols=3, fontsize=look.theme.small_size_pt - 0.5)
    return fig
