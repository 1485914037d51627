"""draw_… helpers: each draws one part of a figure on an Axes from gradmath data and returns its artists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib import colormaps, patheffects
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap, to_rgb
from matplotlib.lines import Line2D

from gradmath import GradientField, Landscape, Trajectory, clip_to_box, descend, grid

from .alt_text import plural
from .style import Look

__all__ = [
    "descents",
    "draw_contours",
    "draw_gradient_arrows",
    "draw_point",
    "draw_optima",
    "draw_path",
    "draw_surface",
    "label_axes",
    "clip_to_domain",
    "MARKS",
    "is_dark",
    "OUTLINE",
    "LOCAL_SCALE",
    "as_good_as_best",
    "star_size",
]

OUTLINE = "#1A1A1A"
"""The edge of every marked point: dark, so a yellow start reads on yellow terrain and a star on a light map."""

MARKS: dict[str, tuple[str, float]] = {"start": ("s", 5.5), "optimum": ("*", 12.0), "saddle": ("X", 8.0),
                                       "warning": ("o", 5.5)}
"""Marker and size (points) of each meaning a marked point can have."""

LOCAL_SCALE = 0.65
"""An optimum worse than the best is marked this much smaller, so the best reads at a glance."""


def as_good_as_best(point: Any, found: Sequence[Any]) -> bool:
    """Whether an optimum's value equals the best one's (``found[0]``), to a millionth of their scale."""
    values = [b.value for b in found]
    scale = max(max(values) - min(values), abs(found[0].value), 1.0)
    return abs(point.value - found[0].value) <= 1e-6 * scale


def descents(params: Any, *, learning_rate: float | None = None, steps: int | None = None) -> tuple[Trajectory, ...]:
    """One gradmath run per start of a lesson entry (``params.starts``), at its rate, steps and
    tolerance unless others are given."""
    return tuple(descend(params.landscape, np.array(params.starts),
                         learning_rate=params.learning_rate if learning_rate is None else learning_rate,
                         steps=params.steps if steps is None else steps, tol=getattr(params, "tol", 1e-6)))


def label_axes(ax: Axes, landscape: Landscape) -> None:
    """Axis labels from the landscape's variable names, limits from its domain, and equal aspect
    when the variables share a unit (``Landscape.shares_units``), so ∇f meets the contours at right angles."""
    (x0, x1), (y0, y1) = landscape.domain
    ax.set_xlabel(landscape.variables[0])
    ax.set_ylabel(landscape.variables[1])
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    if landscape.shares_units:
        ax.set_aspect("equal", adjustable="box")


def draw_contours(ax: Axes, field: GradientField, look: Look, *, levels: int = 14, filled: bool = True) -> list:
    """Filled contours of f (light, in the terrain map) under thin labelled level lines."""
    g = field.grid
    artists = []
    if filled:
        artists.append(ax.contourf(g.x, g.y, field.values, levels=levels, cmap=look.terrain, alpha=0.55))
    lines = ax.contour(g.x, g.y, field.values, levels=levels, colors=look.theme.muted, linewidths=0.4,
                       linestyles="solid")  # a dashed negative level means nothing here
    artists.append(lines)
    return artists


def draw_gradient_arrows(ax: Axes, landscape: Landscape, look: Look, *, per_axis: int = 8,
                         descent: bool = False) -> object:
    """Unit arrows along ∇f (or −∇f) on a coarse grid inside the domain."""
    coarse = grid(landscape, per_axis + 2).points[:, 1:-1, 1:-1]
    g = landscape.gradient(coarse) * (-1.0 if descent else 1.0)
    norm = np.hypot(g[0], g[1])
    safe = np.where(norm > 0, norm, 1.0)
    colour = look.colour("descent" if descent else "gradient")
    return ax.quiver(coarse[0], coarse[1], g[0] / safe, g[1] / safe, color=colour, angles="xy",
                     pivot="tail", width=0.006, scale=per_axis * 1.6, zorder=3)


def draw_point(ax: Axes, point: Sequence[float], look: Look, *, meaning: str = "optimum",
               size: float | None = None, label: str | None = None) -> Line2D:
    """A marked point in its meaning's colour and marker (start ■, optimum ★, saddle ✕, ``MARKS``),
    outlined in ``OUTLINE`` so it reads on any part of the colour map and on either background.
    Its gid is the meaning, so tests (and tools) can find every start, optimum and saddle drawn."""
    marker, default_size = MARKS[meaning]
    (line,) = ax.plot([point[0]], [point[1]], marker=marker, markersize=size or default_size,
                      color=look.colour(meaning), markeredgecolor=OUTLINE, markeredgewidth=0.8, linestyle="none",
                      label=label, zorder=6, gid=meaning)
    return line


def star_size(point: Any, found: Sequence[Any], full: float | None = None) -> float:
    """The star's size (points) for an optimum among ``found``: ``full`` (default ``MARKS``) when it
    is as good as the best, ``LOCAL_SCALE`` of it when worse."""
    size = full or MARKS["optimum"][1]
    return size if as_good_as_best(point, found) else size * LOCAL_SCALE


def draw_optima(ax: Axes, found: Sequence[Any], look: Look, *, word: str, where: Callable[[Any], str],
                size: float | None = None) -> None:
    """The optima ``found`` (best first) as stars: those as good as the best full size, the first
    labelled "<word> (x, y)" ("global <word>" when worse ones exist); worse ones smaller, labelled
    "local <word>" once. ``where`` writes a point; ``size`` is the full star's (default ``MARKS``)."""
    full = size or MARKS["optimum"][1]
    ties = [b for b in found if as_good_as_best(b, found)]
    local = [b for b in found if not as_good_as_best(b, found)]
    many = plural(word)
    for i, best in enumerate(ties):
        first = f"global {word}" if local else word
        label = f"{first} {where(best.point)}" if i == 0 else f"other {many}, same value" if i == 1 else None
        draw_point(ax, best.point, look, label=label, size=full)
    for i, other in enumerate(local):
        label = f"local {many if len(local) > 1 else word}" if i == 0 else None
        draw_point(ax, other.point, look, label=label, size=star_size(other, found, full))


def clip_to_domain(points: np.ndarray, landscape: Landscape) -> np.ndarray:
    """The pieces of a path (m, 2) inside the domain (``gradmath.clip_to_box``), joined by NaN rows
    so that one matplotlib line breaks where the path leaves the map and resumes where it returns."""
    pieces, _ = clip_to_box(points, landscape.bounds)
    if not pieces:
        return np.asarray(points, dtype=float)[:1]
    gap = np.full((1, points.shape[1]), np.nan)
    return np.vstack([row for piece in pieces for row in (piece, gap)][:-1])


def draw_path(ax: Axes, trajectory: Trajectory, look: Look, index: int, *, label: str | None = None,
              landscape: Landscape | None = None, markevery: int | None = None, start: bool = True,
              until: int | None = None) -> list:
    """A trajectory in the ``index``-th series style (gid "series") with step markers, a dot where it
    ends on the map, and (``start``) the start's mark in the start colour. With ``until`` only the
    points up to that index are drawn, ending in an arrowhead (the run goes on; a run that grows
    would otherwise retrace itself into a thick band)."""
    style = look.series(index)
    shown = trajectory.points if until is None else trajectory.points[:until + 1]
    pts = shown if landscape is None else clip_to_domain(shown, landscape)
    (line,) = ax.plot(pts[:, 0], pts[:, 1], color=style["color"], linestyle=style["linestyle"],
                      marker=style["marker"], markersize=2.2, markevery=markevery, label=label, zorder=4, gid="series")
    if is_dark(look.theme.background) and not look.grayscale:  # reads on a fill of its own hue, on any map
        line.set_path_effects([patheffects.withStroke(linewidth=line.get_linewidth() + 1.0,
                                                      foreground=look.theme.background)])
    artists = [line]
    final = trajectory.points[-1]
    if until is not None and 0 < until < len(trajectory.points) - 1:
        if np.all(np.isfinite(pts), axis=1).sum() >= 2:
            artists.append(_arrowhead(ax, pts, style["color"]))
    elif np.all(np.isfinite(final)) and (landscape is None or bool(landscape.contains(final))):
        (end,) = ax.plot(*final, marker="o", markersize=4.5, color=style["color"], markeredgecolor=OUTLINE,
                         markeredgewidth=0.6, linestyle="none", zorder=5, gid="series")
        artists.append(end)
    if start:
        artists.append(draw_point(ax, trajectory.points[0], look, meaning="start"))
    return artists


def _arrowhead(ax: Axes, pts: np.ndarray, colour: str) -> object:
    """An arrowhead on the last drawn segment of a path (NaN gaps skipped): where it goes on."""
    finite = pts[np.all(np.isfinite(pts), axis=1)]
    a, b = finite[-2], finite[-1]
    return ax.annotate("", xy=tuple(b), xytext=tuple(a + 0.6 * (b - a)), zorder=5,
                       arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 0.8, "shrinkA": 0, "shrinkB": 0,
                                   "mutation_scale": 8})


def draw_surface(ax: Axes, field: GradientField, look: Look) -> object:
    """The landscape as a shaded 3-D surface (``ax`` must be a 3-D Axes) with its rim drawn as a thin
    edge, so the near side reads as the surface's border; on a dark background the colour map's
    darkest fifth is left out, so the surface's bottom does not merge with the background."""
    g = field.grid
    cmap = look.terrain
    if not look.grayscale and is_dark(look.theme.background):
        base = colormaps[cmap]
        cmap = ListedColormap(base(np.linspace(0.2, 1.0, 256)), name=f"{base.name}_lifted")
    surf = ax.plot_surface(g.points[0], g.points[1], field.values, cmap=cmap, linewidth=0,
                           antialiased=True, rcount=48, ccount=48, zorder=1)
    x, y, z = g.points[0], g.points[1], field.values
    for edge in (np.s_[0, :], np.s_[-1, :], np.s_[:, 0], np.s_[:, -1]):
        ax.plot(x[edge], y[edge], z[edge], color=look.theme.muted, linewidth=0.6, zorder=2)
    ax.tick_params(pad=0)
    for pane in (ax.xaxis.pane, ax.yaxis.pane, ax.zaxis.pane):
        pane.set_facecolor(look.theme.background)
        pane.set_edgecolor(look.theme.grid)
    return surf


def is_dark(colour: str) -> bool:
    """Whether a background colour is dark (relative luminance below one half)."""
    r, g, b = to_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5
