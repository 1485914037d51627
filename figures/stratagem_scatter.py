"""The Colonel's data: four inputs against progress, coloured and marked by outcome (2 × 2)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gradmath import OUTCOMES, load_stratagem, stratagem_gradient
from theme import LIGHT, Theme

from .style import new_figure, styled

__all__ = ["SCATTER_FEATURES", "make_stratagem_scatter"]

SCATTER_FEATURES = ("personnel_committed", "supply_cost", "risk_level", "colonel_confidence")
_OUTCOME_MEANING = {"success": "optimum", "partial": "gradient", "failure": "muted", "disaster": "warning"}


def make_stratagem_scatter(*, theme: Theme = LIGHT, grayscale: bool = False) -> Figure:
    """Progress per attempt against each input, with each input's correlation in its title."""
    data = load_stratagem()
    fit = stratagem_gradient(data)
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.62)
        axes = fig.subplots(2, 2, sharey=True)
        for ax, name in zip(axes.flat, SCATTER_FEATURES):
            x = data.column(name)
            for k, outcome in enumerate(OUTCOMES):
                mask = data.outcome == outcome
                meaning = _OUTCOME_MEANING[outcome]
                colour = look.theme.muted if meaning == "muted" else look.colour(meaning)
                if look.grayscale:
                    colour = ("#000000", "#555555", "#999999", "#333333")[k]
                ax.scatter(x[mask], data.progress_delta[mask], s=9, marker=("o", "s", "^", "x")[k], color=colour,
                           alpha=0.75, linewidths=0.8, label=f"{outcome} ({int(np.sum(mask))})")
            ax.axhline(0, color=look.theme.muted, linewidth=0.5, linestyle="dashed")
            r = fit.correlations[fit.features.index(name)]
            ax.set_title(f"{name.replace('_', ' ')} (r = {r:.3f})", fontsize=look.theme.font_size_pt)
            ax.set_xlabel(name.replace("_", " "))
        for ax in axes[:, 0]:
            ax.set_ylabel("progress delta")
        handles, labels = axes[0, 0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=4, title="outcome (attempts)")
    return fig
