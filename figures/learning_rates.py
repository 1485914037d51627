"""Three learning rates on one long bowl: too timid, just right, too bold — paths and loss curves."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gradmath import EXERCISE_QUADRATIC, Trajectory, descend, gradient_field
from theme import LIGHT, Theme

from .draw import draw_contours, draw_path, label_axes
from .style import new_figure, styled

__all__ = ["RATES", "rate_runs", "make_learning_rates"]

BOWL = EXERCISE_QUADRATIC  # x² + 2xy + 3y²: Hessian eigenvalues 1.17 and 6.83, stable for rate < 2/6.83
# Along each eigenvector a step multiplies the error by (1 − rate·λ): at 0.03 the shallow direction
# creeps (0.96 per step); at 0.2 both shrink; at 0.3 the steep one flips sign and grows (×1.05).
RATES = (("too timid", 0.03), ("just right", 0.2), ("too bold", 0.3))
STEPS = 40
START = (2.5, -2.5)


def rate_runs() -> list[tuple[str, float, Trajectory]]:
    """One descent per rate from the same start."""
    return [(name, rate, descend(BOWL, START, learning_rate=rate, steps=STEPS)) for name, rate in RATES]


def make_learning_rates(*, theme: Theme = LIGHT, grayscale: bool = False) -> Figure:
    """Left: the three paths over the bowl's contours; right: their losses per step (log scale)."""
    runs = rate_runs()
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.4)
        paths, losses = fig.subplots(1, 2)
        draw_contours(paths, gradient_field(BOWL, 101), look, filled=False, levels=10)
        for i, (name, rate, path) in enumerate(runs):
            draw_path(paths, path, look, i, landscape=BOWL, label=f"{name}: rate {rate:g}")
            style = look.series(i)
            verdict = "oscillates and grows" if path.diverged or path.values[-1] > path.values[0] else (
                f"converged in {path.steps} steps" if path.converged else f"loss {path.values[-1]:.2g} after {path.steps} steps")
            losses.semilogy(np.arange(len(path.values)), path.values, color=style["color"], linestyle=style["linestyle"],
                            marker=style["marker"], markersize=2.5, label=f"rate {rate:g}: {verdict}")
        label_axes(paths, BOWL)
        paths.set_aspect("equal", adjustable="box")
        paths.set_title(f"${BOWL.latex.split('=', 1)[1].strip()}$ from ({START[0]:g}, {START[1]:g})")
        losses.set_xlabel("step")
        losses.set_ylabel("loss f(x, y) (log scale)")
        losses.set_title("Loss per step")
        losses.legend(loc="lower left", fontsize=look.theme.small_size_pt - 0.5)
    return fig
