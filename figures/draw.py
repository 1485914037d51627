"""draw_… helpers: each draws one part of a figure on an Axes from gradmath data and returns its artists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from gradmath import GradientField, Landscape, Trajectory, clip_to_box, descend, grid

from .style import Look

__all__ = [
    "descents",
    "draw_contours",
    "draw_gradient_arrows",
    "draw_point",
    "draw_path",
    "draw_surface",
    "label_axes",
    "clip_to_domain",
]


def descents(params: Any, *, learning_rate: float | None = None, steps: int | None = None) -> tuple[Trajectory, ...]:
    """One gradmath run per start of a lesson entry (``params.starts``), at its rate, steps and
    tolerance unless others are given."""
    return tuple(descend(params.landscape, np.array(params.starts),
                         learning_rate=params.learning_rate if learning_rate is None else learning_rate,
                         steps=params.steps if steps is None else steps, tol=getattr(params, "tol", 1e-6)))


def label_axes(ax: Axes, landscape: Landscape) -> None:
    """Axis labels from the landscape's variable names, limits from its domain."""
    (x0, x1), (y0, y1) = landscape.domain
    ax.set_xlabel(landscape.variables[0])
    ax.set_ylabel(landscape.variables[1])
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)


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
               marker: str = "*", size: float = 11, label: str | None = None) -> object:
    """A marked point (optimum, saddle, start …) with an outline that reads on any background."""
    (line,) = ax.plot([point[0]], [point[1]], marker=marker, markersize=size, color=look.colour(meaning),
                      markeredgecolor=look.theme.background, markeredgewidth=0.8, linestyle="none",
                      label=label, zorder=5)
    return line


def clip_to_domain(points: np.ndarray, landscape: Landscape) -> np.ndarray:
    """The pieces of a path (m, 2) inside the domain (``gradmath.clip_to_box``), joined by NaN rows
    so that one matplotlib line breaks where the path leaves the map and resumes where it returns."""
    pieces, _ = clip_to_box(points, landscape.bounds)
    if not pieces:
        return np.asarray(points, dtype=float)[:1]
    gap = np.full((1, points.shape[1]), np.nan)
    return np.vstack([row for piece in pieces for row in (piece, gap)][:-1])


def draw_path(ax: Axes, trajectory: Trajectory, look: Look, index: int, *, label: str | None = None,
              landscape: Landscape | None = None, markevery: int | None = None) -> list:
    """A trajectory as a line with step markers, a square at its start and a star where it ends."""
    style = look.series(index)
    pts = trajectory.points if landscape is None else clip_to_domain(trajectory.points, landscape)
    (line,) = ax.plot(pts[:, 0], pts[:, 1], color=style["color"], linestyle=style["linestyle"],
                      marker=style["marker"], markersize=2.2, markevery=markevery, label=label, zorder=4)
    (start,) = ax.plot(*trajectory.points[0], marker="s", markersize=5, color=style["color"], linestyle="none", zorder=5)
    artists = [line, start]
    final = trajectory.points[-1]
    if np.all(np.isfinite(final)) and (landscape is None or bool(landscape.contains(final))):
        (end,) = ax.plot(*final, marker="*", markersize=8, color=style["color"],
                         markeredgecolor=look.theme.background, markeredgewidth=0.5, linestyle="none", zorder=5)
        artists.append(end)
    return artists


def draw_surface(ax: Axes, field: GradientField, look: Look, *, zlabel: str = "") -> object:
    """The landscape as a shaded 3-D surface (``ax`` must be a 3-D Axes)."""
    g = field.grid
    surf = ax.plot_surface(g.points[0], g.points[1], field.values, cmap=look.terrain, linewidth=0,
                           antialiased=True, rcount=40, ccount=40)
    ax.set_zlabel(zlabel, labelpad=-2)
    ax.tick_params(pad=0)
    for pane in (ax.xaxis.pane, ax.yaxis.pane, ax.zaxis.pane):
        pane.set_facecolor(look.theme.background)
        pane.set_edgecolor(look.theme.grid)
    return surf
