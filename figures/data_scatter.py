"""A data set's target against each feature column, coloured and marked by category."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gradmath import data_gradient, load_dataset
from lessons import default_params
from lessons.figure_templates import DataScatterParams
from theme import LIGHT, Theme
from theme import format_number as num

from .alt_text import sentence
from .style import legend_columns, new_figure, panel_grid, styled

__all__ = ["make_data_scatter", "alt_text_data_scatter"]

# Categories are a series: each takes a series colour and a marker, never a colour reserved for a
# meaning (optimum, start, gradient, ...). Outcomes known to run from good to bad come in that order.
_ORDER = ("success", "partial", "failure", "disaster")
_MARKERS = ("o", "s", "^", "x", "D", "v")
_GRAYS = ("#000000", "#555555", "#999999", "#333333", "#777777", "#BBBBBB")


def _pretty(name: str) -> str:
    return name.replace("_", " ")


def make_data_scatter(params: DataScatterParams | None = None, *, theme: Theme = LIGHT,
                      grayscale: bool = False, width: float | None = None) -> Figure:
    """The target per row against each feature, with each feature's correlation in its title."""
    p = params or default_params("data_scatter")
    data = load_dataset(p.data, target=p.target, features=p.features, category=p.category)
    fit = data_gradient(data)
    if data.category is not None:
        seen = list(dict.fromkeys(data.category.tolist()))
        known = [c for c in _ORDER if c in seen]
        categories = known + [c for c in seen if c not in known]
    else:
        categories = [None]
    features = tuple(dict.fromkeys(p.features))  # a feature listed twice is drawn once
    n = len(features)
    rows, cols = panel_grid(width, n, most_columns=1 if n == 1 else 2 if n <= 4 else 3)
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.31 * rows if rows > 1 else 0.4, width=width)
        axes = np.atleast_1d(fig.subplots(rows, cols, sharey=True, squeeze=False)).reshape(rows, cols)
        for ax, name in zip(axes.flat, features):
            x = data.column(name)
            for k, category in enumerate(categories[:6]):
                mask = np.ones(len(x), bool) if category is None else data.category == category
                colour = _GRAYS[k] if look.grayscale else look.series(k)["color"]
                label = None if category is None else f"{category} ({int(np.sum(mask))})"
                ax.scatter(x[mask], data.target[mask], s=9, marker=_MARKERS[k], color=colour, alpha=0.75,
                           linewidths=0.8, label=label)
            ax.axhline(0, color=look.theme.muted, linewidth=0.5, linestyle="dashed")
            r = fit.correlations[fit.features.index(name)]
            ax.set_title(f"{_pretty(name)} (r = {r:.3f})".replace("-", "−"), fontsize=look.theme.font_size_pt)
            ax.set_xlabel(_pretty(name))
        for ax in axes.flat[n:]:
            ax.set_visible(False)
        for ax in axes[:, 0]:
            ax.set_ylabel(_pretty(p.target))
        if p.category is not None:
            handles, labels = axes.flat[0].get_legend_handles_labels()
            fig.legend(handles, labels, loc="outside lower center", ncols=legend_columns(labels, fig, most=4),
                       title=f"{_pretty(p.category)} (rows)")
    return fig


def alt_text_data_scatter(params: DataScatterParams) -> str:
    """The figure's alt text: each panel's correlation and the categories' sizes."""
    data = load_dataset(params.data, target=params.target, features=params.features, category=params.category)
    fit = data_gradient(data)
    panels = ", ".join(f"{_pretty(name)} (r = {num(fit.correlations[fit.features.index(name)], 3)})"
                       for name in dict.fromkeys(params.features))
    kinds = ""
    if data.category is not None:
        seen = list(dict.fromkeys(data.category.tolist()))
        kinds = f"{len(data.target)} rows in {len(seen)} kinds: " + ", ".join(
            f"{c} {int(np.sum(data.category == c))}" for c in seen)
    return sentence(f"{_pretty(params.target)} against {panels}", kinds)
