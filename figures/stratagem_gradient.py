"""The stratagem data's standardised regression coefficients as bars: the gradient of progress."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gradmath import stratagem_gradient
from theme import LIGHT, Theme

from .style import new_figure, styled

__all__ = ["make_stratagem_gradient"]


def make_stratagem_gradient(*, theme: Theme = LIGHT, grayscale: bool = False) -> Figure:
    """Bars of change in progress per standard deviation of each input, strongest on top."""
    fit = stratagem_gradient()
    ranked = fit.ranked()[::-1]  # barh draws bottom-up
    names = [n.replace("_", " ") for n, _ in ranked]
    values = np.array([v for _, v in ranked])
    with styled(theme, grayscale) as look:
        fig = new_figure("single", aspect=0.8)
        ax = fig.add_subplot()
        up, down = look.colour("ascent"), look.colour("descent")
        bars = ax.barh(names, values, color=[up if v > 0 else down for v in values],
                       hatch=[None if v > 0 or not look.grayscale else "///" for v in values],
                       edgecolor=look.theme.foreground, linewidth=0.5)
        for bar, v in zip(bars, values):
            ax.annotate(f"{v:+.4f}", (v, bar.get_y() + bar.get_height() / 2), xytext=(3 if v > 0 else -3, 0),
                        textcoords="offset points", ha="left" if v > 0 else "right", va="center",
                        fontsize=look.theme.small_size_pt)
        ax.axvline(0, color=look.theme.foreground, linewidth=0.6)
        span = np.max(np.abs(values))
        ax.set_xlim(-span * 0.7, span * 1.5)
        ax.set_xticks([-0.002, 0, 0.002, 0.004] if span < 0.004 else ax.get_xticks())
        ax.set_xlabel("Δ progress per standard deviation")
        fig.suptitle(f"The gradient of progress\nlinear fit: R² = {fit.r_squared:.3f}, only {fit.r_squared:.1%} explained",
                     fontsize=look.theme.font_size_pt)
    return fig
