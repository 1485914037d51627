"""A data set's standardised regression coefficients as bars: the gradient of its target."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gradmath import data_gradient, load_dataset
from lessons import default_params
from lessons.figure_templates import DataGradientParams
from theme import LIGHT, Theme
from theme import format_number as num

from .alt_text import sentence
from .style import new_figure, styled

__all__ = ["make_data_gradient", "alt_text_data_gradient"]


def make_data_gradient(params: DataGradientParams | None = None, *, theme: Theme = LIGHT,
                       grayscale: bool = False, width: float | None = None) -> Figure:
    """Bars of change in the target per standard deviation of each input, strongest on top."""
    p = params or default_params("data_gradient")
    fit = data_gradient(load_dataset(p.data, target=p.target, features=p.features))
    ranked = fit.ranked()[::-1]  # barh draws bottom-up
    names = [n.replace("_", " ") for n, _ in ranked]
    values = np.array([v for _, v in ranked])
    target = p.target.replace("_", " ")
    with styled(theme, grayscale) as look:
        fig = new_figure("single", aspect=0.35 + 0.09 * len(values), width=width)
        ax = fig.add_subplot()
        up, down = look.colour("ascent"), look.colour("descent")
        bars = ax.barh(names, values, color=[up if v > 0 else down for v in values],
                       hatch=[None if v > 0 or not look.grayscale else "///" for v in values],
                       edgecolor=look.theme.foreground, linewidth=0.5)
        for bar, v in zip(bars, values):  # right of the bar's end, or of the zero line when the bar points left
            ax.annotate(("+" if v > 0 else "") + num(v), (max(v, 0.0), bar.get_y() + bar.get_height() / 2),
                        xytext=(3, 0), textcoords="offset points", ha="left", va="center",
                        fontsize=look.theme.small_size_pt)
        ax.axvline(0, color=look.theme.foreground, linewidth=0.6)
        span = float(np.max(np.abs(values)))
        low = float(np.min(values)) * 1.15 if np.any(values < 0) else -span * 0.05
        high = span * 1.5 if np.any(values > 0) else span * 0.1
        ax.set_xlim(low, high)
        ax.set_xlabel(f"Δ {target} per standard deviation")
        explained = f"{num(100 * fit.r_squared, decimals=1)} %"  # a space before %, as the scene and the basin shares write it
        faint = f", only {explained} explained" if fit.r_squared < 0.3 else f", {explained} explained"
        fig.suptitle(f"The gradient of {target}\nlinear fit: R² = {fit.r_squared:.3f}{faint}",
                     fontsize=look.theme.font_size_pt)
    return fig


def alt_text_data_gradient(params: DataGradientParams) -> str:
    """The figure's alt text: each bar's value, strongest first, and the fit's R²."""
    fit = data_gradient(load_dataset(params.data, target=params.target, features=params.features))
    bars = ", ".join(f"{name.replace('_', ' ')} {('+' if v > 0 else '') + num(v)}" for name, v in fit.ranked())
    return sentence(f"bars of the change in {params.target.replace('_', ' ')} per standard deviation of each input, "
                    f"strongest first: {bars}", f"the linear fit explains R² = {fit.r_squared:.3f}")
