"""Runs from several starts over the basins of a landscape's optima, and what a too-large rate does."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from gradmath import Basins, Trajectory, attractor_of, basins, gradient_field
from lessons import default_params
from lessons.figure_templates import HeatMapNavigationParams
from theme import LIGHT, Theme
from theme import format_number as num

from .draw import descents, draw_contours, draw_path, draw_point, label_axes
from .style import Look, legend_columns, new_figure, panel_grid, styled, wrapped

__all__ = ["wild_runs", "optimum_basins", "make_heat_map_navigation"]


def wild_runs(params: HeatMapNavigationParams) -> tuple[Trajectory, ...]:
    """The runs at the rate that is too large (none when the entry sets no ``overshoot_rate``)."""
    if params.overshoot_rate is None:
        return ()
    return descents(params, learning_rate=params.overshoot_rate, steps=params.overshoot_steps)


def optimum_basins(params: HeatMapNavigationParams) -> Basins:
    """Which optimum a run at the good rate reaches from every point of the map."""
    return basins(params.landscape, params.basin_resolution, learning_rate=params.learning_rate,
                  steps=params.basin_steps)


_GRAY_BASINS = ("#DDDDDD", "#999999", "#BBBBBB", "#777777", "#CCCCCC", "#888888")


def _draw_basins(ax: Axes, found: Basins, look: Look, word: str) -> list[tuple[Patch, str]]:
    """The basins as a shaded map, each optimum numbered on it; returns legend entries naming
    each optimum, its value and its share of the map."""
    n = len(found.attractors)
    colours = [look.series(i)["color"] for i in range(n)] if not look.grayscale else \
        [_GRAY_BASINS[i % len(_GRAY_BASINS)] for i in range(n)]
    cmap = ListedColormap([look.theme.background, *colours])
    g = found.grid
    ax.pcolormesh(g.x, g.y, found.labels + 1, cmap=cmap, vmin=0, vmax=max(n, 1), shading="nearest", alpha=0.35,
                  rasterized=True)
    entries = []
    for i, peak in enumerate(found.attractors):
        draw_point(ax, peak.point, look, meaning="optimum", size=12)
        ax.annotate(str(i + 1), peak.point, xytext=(6, 5), textcoords="offset points", fontsize=look.theme.small_size_pt,
                    color=look.theme.foreground, fontweight="bold")
        entries.append((Patch(facecolor=colours[i], alpha=0.6, edgecolor="none"),
                        f"{i + 1}: {word} {num(peak.value)} at ({num(peak.point[0])}, {num(peak.point[1])}), "
                        f"basin {found.share(i):.0%}"))
    return entries


def make_heat_map_navigation(params: HeatMapNavigationParams | None = None, *, theme: Theme = LIGHT,
                             grayscale: bool = False, width: float | None = None) -> Figure:
    """Left: runs at the good rate over the basins; right (when set): the too-large rate."""
    p = params or default_params("heat_map_navigation")
    ls = p.landscape
    field = gradient_field(ls, 121)
    found = optimum_basins(p)
    word = "peak" if ls.goal == "max" else "valley"
    wild = wild_runs(p)
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.45, width=width, panels=2 if wild else 1)
        stacked = bool(wild) and panel_grid(width, 2)[1] == 1
        # stacked, each panel is a subfigure with its legend under it; side by side, they share the figure's foot
        holders = fig.subfigures(2, 1) if stacked else (fig, fig)
        panels = [h.add_subplot() for h in holders] if stacked else \
            fig.subplots(1, 2, sharey=True) if wild else (fig.subplots(1, 1),)
        good = panels[0]
        for ax in panels:
            draw_contours(ax, field, look, filled=False, levels=12)
            label_axes(ax, ls)
        basin_key = _draw_basins(good, found, look, word)
        paths = descents(p)
        reached = attractor_of(np.array([path.final for path in paths]), found.attractors, ls)
        for path, peak in zip(paths, reached):
            draw_path(good, path, look, max(int(peak), 0), label=None, landscape=ls)
        settled = sum(int(r) >= 0 for r in reached)
        verdict = f"each start reaches the {word} of its basin" if settled == len(paths) else \
            f"{settled} of {len(paths)} starts reach a {word}"
        good.set_title(wrapped(f"Rate {num(p.learning_rate)}: {verdict}", good.get_position().width * fig.get_figwidth(),
                               look.theme.title_size_pt))
        holders[0].legend(*zip(*basin_key), loc="outside lower center" if stacked else "outside lower left",
                          ncols=1 if len(basin_key) > 2 else legend_columns([label for _, label in basin_key], fig),
                   title="basins", fontsize=look.theme.small_size_pt - 0.5)
        if wild:
            bad = panels[1]
            for i, path in enumerate(wild):
                s = path.points[0]
                draw_path(bad, path, look, i, landscape=ls, label=f"({num(s[0])}, {num(s[1])})")
            for peak in found.attractors:
                draw_point(bad, peak.point, look, size=12)
            bad.set_ylabel(bad.get_ylabel() if stacked else "")
            left = sum(path.left_domain for path in wild)
            settled = sum(bool(path.converged) for path in wild)
            verdict = "overshoots, no start settles" if settled == 0 else f"{settled} of {len(wild)} starts settle"
            bad.set_title(f"Rate {num(p.overshoot_rate)}: {verdict}", color=look.colour("warning"))
            holders[1].legend(*bad.get_legend_handles_labels(), loc="outside lower center" if stacked else "outside lower right",
                              ncols=min(3, len(wild)),
                       title=f"starts at rate {num(p.overshoot_rate)}" + (f": {left} leave the map" if left else ""),
                       fontsize=look.theme.small_size_pt - 0.5)
    return fig
