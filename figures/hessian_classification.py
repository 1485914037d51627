"""Critical points side by side, each with its Hessian's eigenvalues."""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure

from gradmath import critical_points, gradient_field
from lessons import default_params
from lessons.figure_templates import HessianClassificationParams
from theme import LIGHT, Theme
from theme import format_number as num

from .draw import draw_contours, draw_point, label_axes
from .style import new_figure, styled

__all__ = ["make_hessian_classification"]

_SIGNS = {"minimum": "all > 0", "maximum": "all < 0", "saddle": "mixed signs", "degenerate": "one is 0"}


def make_hessian_classification(params: HessianClassificationParams | None = None, *, theme: Theme = LIGHT,
                                grayscale: bool = False) -> Figure:
    """Contours around each landscape's critical points; the eigenvalues' signs decide each kind."""
    p = params or default_params("hessian_classification")
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.36)
        axes = fig.subplots(1, len(p.landscapes), squeeze=False)[0]
        for ax, ls in zip(axes, p.landscapes):
            draw_contours(ax, gradient_field(ls, 101), look, levels=12)
            found = critical_points(ls)
            for point in found:
                meaning = "saddle" if point.kind == "saddle" else "optimum"
                draw_point(ax, point.point, look, meaning=meaning, marker="X" if point.kind == "saddle" else "*", size=10)
            label_axes(ax, ls)
            ax.set_aspect("equal", adjustable="box")
            formula = ls.latex.split("=", 1)[1].strip()
            title = f"${formula}$" if len(formula) <= 28 else textwrap.fill(ls.title, 24)
            ax.set_title(title, fontsize=look.theme.font_size_pt)
            lines = [f"{c.kind} at ({num(c.point[0])}, {num(c.point[1])})\neigenvalues "
                     f"{', '.join(num(e) for e in c.eigenvalues)}: {_SIGNS[c.kind]}" for c in found[:2]]
            if len(found) > 2:
                lines.append(f"and {len(found) - 2} more critical points")
            text = "\n".join(lines) if lines else "no critical point on the map"
            ax.set_xlabel(f"{ls.variables[0]}\n\n{text}", fontsize=look.theme.small_size_pt)
    return fig
