"""Critical points side by side, each with its Hessian's eigenvalues."""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure

from gradmath import critical_points, gradient_field
from lessons import default_params
from lessons.figure_templates import HessianClassificationParams
from theme import LIGHT, Theme
from theme import format_number as num

from .alt_text import at, sentence, title_of
from .draw import draw_contours, draw_point, label_axes
from .style import new_figure, panel_grid, styled

__all__ = ["make_hessian_classification", "alt_text_hessian_classification"]

NBSP = "\u00a0"  # "all > 0" and a point's coordinates stay on one line when the caption wraps
_SIGNS = {"minimum": "all > 0", "maximum": "all < 0", "saddle": "mixed signs", "degenerate": "one is 0"}


def make_hessian_classification(params: HessianClassificationParams | None = None, *, theme: Theme = LIGHT,
                                grayscale: bool = False, width: float | None = None) -> Figure:
    """Contours around each landscape's critical points; the eigenvalues' signs decide each kind."""
    p = params or default_params("hessian_classification")
    found_all = [critical_points(ls) for ls in p.landscapes]
    rows, cols = panel_grid(width, len(p.landscapes), least_width=1.6)  # small maps: narrower panels do
    span = (width or 7.2) / cols  # inches a panel spans
    wrap = 34 if span > 2.39 else 24  # characters a line of the classification under a panel
    texts = [_classification(found, wrap) for found in found_all]
    lines = max(text.count("\n") + 1 for text in texts)
    with styled(theme, grayscale) as look:
        # height from the panels: equal-aspect maps as wide as a panel allows, the text under them
        panel = span * 0.7
        tallest = max((ls.domain[1][1] - ls.domain[1][0]) / (ls.domain[0][1] - ls.domain[0][0]) for ls in p.landscapes)
        height = rows * (min(tallest, 1.6) * panel + 0.14 * (lines + 2) + 0.8)
        fig = new_figure("double", width=width, height=height)
        axes = list(fig.subplots(rows, cols, squeeze=False).flat)
        for ax, ls, found, text in zip(axes, p.landscapes, found_all, texts):
            draw_contours(ax, gradient_field(ls, 101), look, levels=12)
            for point in found:
                if point.kind == "degenerate":  # neither optimum nor saddle: a hollow ring, not a star
                    ax.plot(*point.point, marker="o", markersize=7, markerfacecolor=look.theme.background,
                            markeredgecolor=look.theme.foreground, markeredgewidth=1.2, linestyle="none", zorder=6,
                            gid="degenerate")
                    continue
                meaning = "saddle" if point.kind == "saddle" else "optimum"
                draw_point(ax, point.point, look, meaning=meaning, size=10 if meaning == "optimum" else None)
            label_axes(ax, ls)
            formula = ls.latex.split("=", 1)[1].strip()
            title = f"${formula}$" if len(formula) <= (28 if len(p.landscapes) <= 3 else 18) else textwrap.fill(ls.title, 20)
            ax.set_title(title, fontsize=look.theme.font_size_pt)
            ax.set_xlabel(f"{ls.variables[0]}\n\n{text}", fontsize=look.theme.small_size_pt)
        for ax in axes[len(p.landscapes):]:
            ax.set_visible(False)
    return fig


def _classification(found: tuple, width: int) -> str:
    """What the eigenvalues make of the first two critical points, wrapped to ``width`` characters."""
    lines = ["\n".join(textwrap.wrap(f"{c.kind} at ({num(c.point[0], zero_below=1e-9)},{NBSP}"
                                     f"{num(c.point[1], zero_below=1e-9)}), eigenvalues "
                                     f"{', '.join(num(e) for e in c.eigenvalues)}: {_SIGNS[c.kind].replace(' ', NBSP)}", width))
             for c in found[:2]]
    if len(found) > 2:
        lines.append(f"and {len(found) - 2} more critical point{'s' if len(found) > 3 else ''}")
    return "\n".join(lines) if lines else "no critical point on the map"



_KIND = {"minimum": "a minimum", "maximum": "a maximum", "saddle": "a saddle", "degenerate": "a degenerate point"}


def alt_text_hessian_classification(params: HessianClassificationParams) -> str:
    """The figure's alt text: each landscape's critical points, their kind and eigenvalues."""
    parts = []
    for ls in params.landscapes:
        found = critical_points(ls)
        points = ", ".join(f"{_KIND[c.kind]} at {at(c.point)} (eigenvalues {', '.join(num(e) for e in c.eigenvalues)})"
                           for c in found[:2])
        more = f" and {len(found) - 2} more" if len(found) > 2 else ""
        parts.append(f"{title_of(ls)}: {points}{more}" if found else f"{title_of(ls)}: no critical point")
    return sentence("critical points classified by the Hessian's eigenvalues", *parts)
