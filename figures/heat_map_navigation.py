"""Heat-map navigation: ascent from the lesson's five starts, the basins of the two peaks, and
what the lesson's own rate 0.5 does."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from gradmath import HEAT_MAP, Basins, Trajectory, basins, descend, gradient_field
from theme import LIGHT, Theme

from .draw import draw_contours, draw_path, draw_point, label_axes
from .style import Look, new_figure, styled

__all__ = ["GOOD_RATE", "ascents", "peak_basins", "make_heat_map_navigation"]

GOOD_RATE = 0.02  # rate × curvature at the peaks (≈ 16 and 24) stays below 2: ascent converges


def ascents(rate: float, steps: int = 200, tol: float = 1e-6) -> tuple[Trajectory, ...]:
    """Gradient ascent from the lesson's five starts."""
    return descend(HEAT_MAP, np.array(HEAT_MAP.starts), learning_rate=rate, steps=steps, tol=tol)


def peak_basins(resolution: int = 121) -> Basins:
    """Which peak ascent at the good rate reaches from every point of the map."""
    return basins(HEAT_MAP, resolution, learning_rate=GOOD_RATE, steps=600)


def _peak_of(path: Trajectory, found: Basins) -> int:
    """Index of the attractor a path ends on, or −1."""
    for i, peak in enumerate(found.attractors):
        if path.converged and np.allclose(path.final, peak.point, atol=1e-3):
            return i
    return -1


def _draw_basins(ax: Axes, found: Basins, look: Look) -> None:
    colours = [look.series(0)["color"], look.series(1)["color"]] if not look.grayscale else ["#DDDDDD", "#999999"]
    cmap = ListedColormap([look.theme.background, *colours])
    g = found.grid
    ax.pcolormesh(g.x, g.y, found.labels + 1, cmap=cmap, vmin=0, vmax=2, shading="auto", alpha=0.35, rasterized=True)
    corners = ((0.03, 0.04, "left", "bottom"), (0.97, 0.96, "right", "top"))  # lower peak, higher peak
    for i, peak in enumerate(found.attractors):
        draw_point(ax, peak.point, look, meaning="optimum", size=12)
        x, y, ha, va = corners[i % 2]
        ax.annotate(f"peak {peak.value:.1f}° at ({peak.point[0]:.2f}, {peak.point[1]:.2f})\nits basin: {found.share(i):.0%} of the map",
                    peak.point, xytext=(x, y), textcoords="axes fraction", ha=ha, va=va,
                    arrowprops={"arrowstyle": "-", "color": look.theme.muted, "lw": 0.6},
                    fontsize=look.theme.small_size_pt - 0.5,
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": look.theme.background, "edgecolor": "none", "alpha": 0.8})


def make_heat_map_navigation(*, theme: Theme = LIGHT, grayscale: bool = False) -> Figure:
    """Left: ascent at rate 0.02 over the basins; right: the lesson's rate 0.5 flies off the map."""
    field = gradient_field(HEAT_MAP, 121)
    found = peak_basins()
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.45)
        good, bad = fig.subplots(1, 2, sharey=True)
        for ax in (good, bad):
            draw_contours(ax, field, look, filled=False, levels=12)
            label_axes(ax, HEAT_MAP)
        _draw_basins(good, found, look)
        for path in ascents(GOOD_RATE):
            peak = _peak_of(path, found)
            s = path.points[0]
            draw_path(good, path, look, max(peak, 0), label=None)
            good.annotate(f"({s[0]:g}, {s[1]:g})", s, xytext=(4, 4), textcoords="offset points",
                          fontsize=look.theme.small_size_pt - 1)
        good.set_title(f"Rate {GOOD_RATE:g}: each start climbs the peak of its basin")

        lesson = ascents(HEAT_MAP.lesson_rate, steps=HEAT_MAP.lesson_steps, tol=0.01)
        for i, path in enumerate(lesson):
            draw_path(bad, path, look, i, landscape=HEAT_MAP,
                      label=f"({path.points[0][0]:g}, {path.points[0][1]:g})" + (": leaves the map" if path.left_domain else ""))
        for peak in found.attractors:
            draw_point(bad, peak.point, look, size=12)
        bad.set_ylabel("")
        bad.set_title(f"The lesson's rate {HEAT_MAP.lesson_rate:g}: overshoots, no start settles", color=look.colour("warning"))
        fig.legend(*bad.get_legend_handles_labels(), loc="outside lower right", ncols=3,
                   title="starts at rate 0.5", fontsize=look.theme.small_size_pt - 0.5)
    return fig
