"""Minimum, maximum and saddle side by side, each with its Hessian's eigenvalues."""

from __future__ import annotations

from matplotlib.figure import Figure

from gradmath import BOWL, PRACTICE_HILL, SADDLE, critical_points, gradient_field
from theme import LIGHT, Theme

from .draw import draw_contours, draw_point, label_axes
from .style import new_figure, styled

__all__ = ["CASES", "make_hessian_classification"]

CASES = (BOWL, PRACTICE_HILL, SADDLE)  # one of each kind


def make_hessian_classification(*, theme: Theme = LIGHT, grayscale: bool = False) -> Figure:
    """Contours around each critical point; the eigenvalues' signs decide its kind."""
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.36)
        for ax, ls in zip(fig.subplots(1, 3), CASES):
            draw_contours(ax, gradient_field(ls, 101), look, levels=12)
            (point,) = critical_points(ls)
            meaning = {"minimum": "optimum", "maximum": "optimum", "saddle": "saddle"}[point.kind]
            draw_point(ax, point.point, look, meaning=meaning, marker="X" if point.kind == "saddle" else "*", size=10)
            label_axes(ax, ls)
            ax.set_aspect("equal", adjustable="box")
            evs = ", ".join(f"{e:g}" for e in point.eigenvalues)
            signs = {"minimum": "both > 0", "maximum": "both < 0", "saddle": "mixed signs"}[point.kind]
            ax.set_title(f"${ls.latex.split('=', 1)[1].strip()}$", fontsize=look.theme.font_size_pt)
            ax.text(0.5, -0.32, f"{point.kind} at ({point.point[0]:g}, {point.point[1]:g})\neigenvalues {evs}: {signs}",
                    transform=ax.transAxes, ha="center", va="top", fontsize=look.theme.small_size_pt)
    return fig
