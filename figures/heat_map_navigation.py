"""Runs from several starts over the basins of a landscape's optima, and what a too-large rate does."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from gradmath import (Basins, Trajectory, attractor_of, basins, box_smoothed, clip_at_exit, farthest_inside, gradient_field,
                      whole_percents)
from lessons import default_params
from lessons.figure_templates import HeatMapNavigationParams
from theme import LIGHT, Theme
from theme import format_number as num

from .alt_text import at, optimum_word, plural, sentence, steps, title_of
from .draw import MARKS, OUTLINE, is_dark, descents, draw_contours, draw_path, draw_point, label_axes
from .labels import renderer_of
from .style import Look, legend_columns, new_figure, panel_grid, styled

__all__ = ["Navigation", "navigation", "make_heat_map_navigation", "alt_text_heat_map_navigation"]

_GRAY_BASINS = ("#DDDDDD", "#999999", "#BBBBBB", "#777777", "#CCCCCC", "#888888")
MOST_NUMBERS = 12  # step numbers written along the overshooting path, at most


@dataclass(frozen=True)
class Navigation:
    """What the figure draws: the basins, the runs at the good rate and the optimum each reached
    (−1: none), and the one overshooting run shown: the start whose run travels farthest on the map
    before it leaves (the longest bounces; a start on a flat stretch that barely moves shows nothing)."""

    basins: Basins
    runs: tuple[Trajectory, ...]
    reached: np.ndarray
    wild: Trajectory | None
    wild_on_map: int  # points of the overshooting run before it first leaves the map


def navigation(params: HeatMapNavigationParams) -> Navigation:
    """The gradmath results of the figure (and of its alt text)."""
    ls = params.landscape
    found = basins(ls, params.basin_resolution, learning_rate=params.learning_rate, steps=params.basin_steps)
    runs = descents(params)
    reached = attractor_of(np.array([run.final for run in runs]), found.attractors, ls)
    wild, on_map = None, 0
    if params.overshoot_rate is not None:
        lower, upper = ls.bounds[:, 0], ls.bounds[:, 1]
        wilds = descents(params, learning_rate=params.overshoot_rate, steps=params.overshoot_steps)
        wild = wilds[farthest_inside([run.points for run in wilds], lower, upper)]  # the scene shows the same run
        on_map = len(clip_at_exit(wild.points, lower, upper)[0])
    return Navigation(found, runs, reached, wild, on_map)


def _basin_colours(n: int, look: Look) -> list[str]:
    return [look.series(i)["color"] for i in range(n)] if not look.grayscale else \
        [_GRAY_BASINS[i % len(_GRAY_BASINS)] for i in range(n)]


def percents(found: Basins) -> list[int]:
    """Each basin's share of the map in whole percent, then the share that reaches no optimum: they
    sum to 100 (``gradmath.whole_percents``), as the scene prints them."""
    return whole_percents([found.share(i) for i in range(len(found.attractors))] + [found.share(-1)])


def _draw_basins(ax: Axes, found: Basins, look: Look, word: str) -> list[tuple[object, str]]:
    """The basins as filled regions with a thin edge, both traced along a smoothed indicator of each
    basin (a contour, not the grid's pixels); returns legend entries naming each optimum, its value
    and its share of the map, in its basin's colour."""
    colours = _basin_colours(len(found.attractors), look)
    g = found.grid
    # a hue darkened toward a dark ground turns brown (vermillion) or muddy: on dark the tint stays
    # near the hue's own lightness, and the runs drawn over it carry a dark outline (draw_path)
    alpha = 0.78 if is_dark(look.theme.background) and not look.grayscale else 0.3
    entries = []
    shares = percents(found)
    for i, peak in enumerate(found.attractors):
        inside = box_smoothed((found.labels == i).astype(float))
        ax.contourf(g.x, g.y, inside, levels=[0.5, 2.0], colors=[colours[i]], alpha=alpha)
        ax.contour(g.x, g.y, inside, levels=[0.5], colors=[look.theme.muted], linewidths=0.6)
        draw_point(ax, peak.point, look)
        entries.append((Patch(facecolor=colours[i], alpha=min(1.0, alpha + 0.2), edgecolor="none"),
                        f"{word} {num(peak.value)} at {at(peak.point)}: basin {shares[i]} % of the map"))
    if shares[-1]:  # the starts that settle on no optimum: the map left uncoloured
        entries.append((Patch(facecolor="none", edgecolor=look.theme.muted, linewidth=0.6),
                        f"no {word} reached: {shares[-1]} % of the map"))
    return entries


def _number_steps(ax: Axes, points: np.ndarray, look: Look, span: float) -> list:
    """Write the step number beside each point of a path, on the side (of eight) farthest from the
    path's other points and the numbers already written; a number whose point lies within 6 % of the
    map's span of one already numbered is skipped (the path doubles back on itself)."""
    written: list[np.ndarray] = []
    taken: list[np.ndarray] = []
    numbers = []
    angles = np.radians(np.arange(8) * 45 + 22.5)
    sides = np.column_stack([np.cos(angles), np.sin(angles)])
    for k, point in enumerate(points[1:], start=1):
        if len(written) >= MOST_NUMBERS:
            break
        if any(np.hypot(*(point - w)) < 0.06 * span for w in written):
            continue
        places = point + 0.04 * span * sides
        others = np.vstack([points, *taken]) if taken else points
        clearance = np.min(np.hypot(*(places[:, None, :] - others[None]).transpose(2, 0, 1)), axis=1)
        best = int(np.argmax(clearance))
        if taken and min(np.hypot(*(places[best] - t[0])) for t in taken) < 0.035 * span:
            continue  # its number would sit on another's
        side = sides[best]
        written.append(point)
        taken.append(places[best][None])
        numbers.append(ax.annotate(str(k), point, xytext=tuple(7 * side), textcoords="offset points",
                    ha="left" if side[0] > 0.3 else "right" if side[0] < -0.3 else "center",
                    va="bottom" if side[1] > 0.3 else "top" if side[1] < -0.3 else "center",
                    fontsize=look.theme.small_size_pt - 0.5, color=look.theme.foreground, fontweight="bold"))
    return numbers


def _drop_crowded(fig: Figure, numbers: list) -> None:
    """Once the figure is laid out, remove each step number whose box comes near an earlier one's."""
    renderer = renderer_of(fig.axes[0])
    fig.draw_without_rendering()
    kept: list = []
    for number in numbers:
        box = number.get_window_extent(renderer).expanded(1.6, 1.3)  # numbers side by side read as one ("11 1")
        if any(box.overlaps(other) for other in kept):
            number.remove()
        else:
            kept.append(box)


def make_heat_map_navigation(params: HeatMapNavigationParams | None = None, *, theme: Theme = LIGHT,
                             grayscale: bool = False, width: float | None = None) -> Figure:
    """Left: runs at the good rate over the basins; right (when set): the too-large rate, one path, numbered."""
    p = params or default_params("heat_map_navigation")
    ls = p.landscape
    nav = navigation(p)
    field = gradient_field(ls, 121)
    word = "peak" if ls.goal == "max" else "valley"
    with styled(theme, grayscale) as look:
        two = nav.wild is not None
        rows, cols = panel_grid(width, 2) if two else (1, 1)
        fig = new_figure("double", aspect=0.56, width=width, panels=2 if two else 1,
                         height=_stacked_height(width, rows, ls, len(nav.basins.attractors) + 2 + two, look)
                         if rows > 1 else None)
        fig.set_layout_engine("compressed")  # equal-aspect maps: close the gaps, keep the titles inside
        panels = list(np.ravel(fig.subplots(rows, cols, sharey=cols == 2))) if two else [fig.subplots(1, 1)]
        good = panels[0]
        for ax in panels:
            draw_contours(ax, field, look, filled=False, levels=12)
            label_axes(ax, ls)
        key = _draw_basins(good, nav.basins, look, word)
        for run, peak in zip(nav.runs, nav.reached):
            draw_path(good, run, look, max(int(peak), 0), landscape=ls)
        settled = sum(int(r) >= 0 for r in nav.reached)
        verdict = f"all {len(nav.runs)} starts reach their {word}" if settled == len(nav.runs) else \
            f"{settled} of {len(nav.runs)} starts reach a {word}"
        good.set_title(_wrapped(f"Rate {num(p.learning_rate)}: {verdict}"), fontsize=look.theme.font_size_pt)
        key.append((_mark_handle("start", look), "start"))
        key.append((Line2D([], [], color=look.theme.muted, marker="o", markersize=2.5), f"path at rate {num(p.learning_rate)}, "
                    "in the colour of the basin it ends in"))
        if nav.wild is not None:
            bad = panels[1]
            for peak in nav.basins.attractors:
                draw_point(bad, peak.point, look)
            draw_path(bad, nav.wild, look, len(nav.basins.attractors), landscape=ls)
            on_map = clip_at_exit(nav.wild.points, ls.bounds[:, 0], ls.bounds[:, 1])[0]
            span = float(max(ls.bounds[:, 1] - ls.bounds[:, 0]))
            numbers = _number_steps(bad, on_map, look, span)
            if cols == 2:  # side by side, the panels share the y axis
                bad.set_ylabel("")
            bad.set_title(_wrapped(f"Rate {num(p.overshoot_rate)}: {_wild_verdict(nav)}"), color=look.colour("warning"),
                          fontsize=look.theme.font_size_pt)
            key.append((Line2D([], [], **_series_line(look, len(nav.basins.attractors))),
                        f"rate {num(p.overshoot_rate)} from {at(nav.wild.points[0])}, steps numbered"))
        handles, labels = zip(*key)
        fig.legend(handles, labels, loc="outside lower center", ncols=legend_columns(list(labels), fig, most=2),
                   fontsize=look.theme.small_size_pt - 0.5)
        if nav.wild is not None:
            _drop_crowded(fig, numbers)
    return fig


def _stacked_height(width: float | None, rows: int, landscape, entries: int, look: Look) -> float:  # type: ignore[no-untyped-def]
    """Inches for maps stacked in a column: each as tall as its equal-aspect map at the column's
    width plus its title (two lines), ticks and label; then the legend's ``entries`` lines (no empty band)."""
    (x0, x1), (y0, y1) = landscape.domain
    shape = (y1 - y0) / (x1 - x0) if landscape.shares_units else 0.8
    line = 1.35 * look.theme.font_size_pt / 72
    plot = ((width or 3.5) - 0.55) * min(shape, 1.2)
    return rows * (plot + 5 * line) + entries * line + 0.1


def _wrapped(title: str, width: int = 46) -> str:
    """A panel title in lines of at most ``width`` characters (equal-aspect panels can be narrow)."""
    return textwrap.fill(title, width)


def _mark_handle(meaning: str, look: Look) -> Line2D:
    marker, size = MARKS[meaning]
    return Line2D([], [], marker=marker, markersize=size, color=look.colour(meaning), markeredgecolor=OUTLINE,
                  markeredgewidth=0.8, linestyle="none")


def _series_line(look: Look, index: int) -> dict[str, object]:
    style = look.series(index)
    return {"color": style["color"], "linestyle": style["linestyle"], "marker": style["marker"], "markersize": 2.5}


def _wild_verdict(nav: Navigation) -> str:
    """What the overshooting run shown does: leaves the map after k steps, settles, or keeps bouncing."""
    run = nav.wild
    assert run is not None
    if run.left_domain or run.diverged:
        return f"overshoots and leaves the map after {steps(nav.wild_on_map - 1)}"
    if run.converged:
        return f"settles after {steps(run.steps)}"
    return f"overshoots, still bouncing after {steps(run.steps)}"


def alt_text_heat_map_navigation(params: HeatMapNavigationParams) -> str:
    """The figure's alt text: the optima and their basins' shares, the runs, the overshooting run."""
    ls = params.landscape
    nav = navigation(params)
    word = optimum_word(ls)
    found = nav.basins.attractors
    whole = percents(nav.basins)
    shares = ", ".join(f"{num(b.value)} at {at(b.point)} drains {whole[i]} % of the map"
                       for i, b in enumerate(found)) + (f", {whole[-1]} % reaches no {word}" if whole[-1] else "")
    head = f"basins of the {len(found)} {plural(word) if len(found) != 1 else word} of {title_of(ls)}: {shares}" \
        if found else f"{title_of(ls)} has no {word} on the map"
    settled = sum(int(r) >= 0 for r in nav.reached)
    some = f"all {len(nav.runs)}" if settled == len(nav.runs) else f"{settled} of {len(nav.runs)}"
    runs = f"at rate {num(params.learning_rate)} {some} starts reach the {word} of their basin"
    wild = "" if nav.wild is None else \
        f"at rate {num(params.overshoot_rate)} the run from {at(nav.wild.points[0])} {_wild_verdict(nav)}"
    return sentence(head, runs, wild)
