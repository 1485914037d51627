"""GD, momentum, Nesterov and Adam on Rosenbrock's narrow valley."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure

from gradmath import ROSENBROCK, Trajectory, descend, gradient_field
from theme import LIGHT, Theme

from .draw import draw_path, draw_point, label_axes
from .style import new_figure, styled

__all__ = ["RACE", "race", "make_optimizer_comparison"]

# Rates that make a fair race from (−1.2, 1): plain GD is stable only for small steps here.
RACE = (("gd", 1e-3), ("momentum", 1e-3), ("nesterov", 1e-3), ("adam", 0.05))
STEPS = 3000


def race() -> list[tuple[str, float, Trajectory]]:
    """One run per optimiser, same start, same step budget."""
    start = ROSENBROCK.starts[0]
    return [(m, r, descend(ROSENBROCK, start, learning_rate=r, steps=STEPS, method=m, tol=1e-4)) for m, r in RACE]


def make_optimizer_comparison(*, theme: Theme = LIGHT, grayscale: bool = False) -> Figure:
    """Left: the four paths over log-spaced contours; right: distance to the minimum per step."""
    runs = race()
    field = gradient_field(ROSENBROCK, 201)
    minimum = np.array(ROSENBROCK.notable["minimum"])
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.4)
        paths, gaps = fig.subplots(1, 2)
        g = field.grid
        paths.contour(g.x, g.y, field.values + 1e-3, levels=np.logspace(-1, 3.5, 14), norm=LogNorm(),
                      colors=look.theme.muted, linewidths=0.4)
        for i, (method, rate, path) in enumerate(runs):
            draw_path(paths, path, look, i, markevery=max(1, path.steps // 25))
            style = look.series(i)
            done = f"at (1, 1) in {path.steps} steps" if path.converged else f"not there after {path.steps}"
            dist = np.linalg.norm(path.points - minimum, axis=1)
            gaps.semilogy(dist, color=style["color"], linestyle=style["linestyle"], label=f"{method} ({rate:g}): {done}")
        draw_point(paths, minimum, look, size=12)
        label_axes(paths, ROSENBROCK)
        paths.set_title("Rosenbrock's valley from (−1.2, 1)")
        gaps.set_xlabel("step")
        gaps.set_ylabel("distance to the minimum (log scale)")
        gaps.set_title("Who gets there first")
        gaps.legend(loc="center right", fontsize=look.theme.small_size_pt - 0.5)
    return fig
