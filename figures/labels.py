"""Labels that place themselves: a callout goes where it covers no line, marker or other label."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

__all__ = ["callout", "renderer_of", "CANDIDATES"]

# Places a callout may sit, in axes fractions: its centre. Corners first, then edges, then inside.
CANDIDATES: tuple[tuple[float, float], ...] = tuple(
    (x, y) for y in (0.9, 0.1, 0.7, 0.3, 0.5) for x in (0.2, 0.8, 0.5, 0.35, 0.65)
)
GAP_PX = 12.0  # a callout keeps this far from earlier ones: two labels side by side read as one


def renderer_of(ax: Axes) -> Any:
    """The Agg renderer of the axes' figure (a canvas is attached when it has none), to measure texts."""
    fig = ax.figure
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


def _occupied(ax: Axes, renderer: Any) -> tuple[np.ndarray, list[Bbox]]:
    """Points of every line already drawn (display pixels) and the boxes of the texts on the axes."""
    points = []
    for line in ax.get_lines():
        xy = np.column_stack(line.get_data(orig=False)).astype(float)
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if len(xy) >= 2:  # sample along segments so that a long straight line counts everywhere
            t = np.linspace(0, 1, 8)[:, None, None]
            xy = (xy[:-1][None] * (1 - t) + xy[1:][None] * t).reshape(-1, 2)
        if len(xy):
            points.append(line.get_transform().transform(xy))
    for collection in ax.collections:
        offsets = collection.get_offsets()
        if len(offsets) and len(offsets) < 5000:
            points.append(collection.get_offset_transform().transform(np.asarray(offsets, float)))
    boxes = [Text.get_window_extent(t, renderer) for t in ax.texts if t.get_visible() and t.get_text().strip()]
    return (np.vstack(points) if points else np.zeros((0, 2))), boxes


def callout(ax: Axes, point: Sequence[float], text: str, *, color: Any = None, fontsize: float | None = None,
            candidates: Sequence[tuple[float, float]] = CANDIDATES, leader: Any = None, **kwargs: Any) -> Annotation:
    """Annotate ``point`` (data coordinates) with ``text`` at the candidate place (axes fractions)
    whose box covers the fewest drawn points and no earlier label, nearest the point among equals;
    a thin leader line joins them. Call it after the lines it must avoid are drawn."""
    renderer = renderer_of(ax)
    ax.figure.draw_without_rendering() if hasattr(ax.figure, "draw_without_rendering") else None
    points, boxes = _occupied(ax, renderer)
    target = ax.transData.transform(np.asarray(point, dtype=float)[None])[0]
    probe = ax.annotate(text, point, xytext=(0.5, 0.5), textcoords="axes fraction", ha="center", va="center",
                        fontsize=fontsize, color=color, **kwargs)
    size = probe.get_window_extent(renderer)
    width, height = size.width + 6, size.height + 4
    probe.remove()
    best, best_score = candidates[0], None
    for cx, cy in candidates:
        centre = ax.transAxes.transform((cx, cy))
        box = Bbox.from_bounds(centre[0] - width / 2, centre[1] - height / 2, width, height)
        frame = ax.bbox
        if box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0 or box.y1 > frame.y1:
            continue
        covered = int(np.sum((points[:, 0] > box.x0) & (points[:, 0] < box.x1)
                             & (points[:, 1] > box.y0) & (points[:, 1] < box.y1)))
        clashes = sum(box.overlaps(other.padded(GAP_PX)) for other in boxes)  # side by side reads as one
        distance = float(np.hypot(*(centre - target))) / max(frame.width, frame.height)
        score = (clashes, covered, distance)
        if best_score is None or score < best_score:
            best, best_score = (cx, cy), score
    arrow = {"arrowstyle": "-", "color": leader if leader is not None else "0.5", "lw": 0.6, "shrinkA": 2, "shrinkB": 4}
    # an invisible box round the text: the leader starts at its edge, never crossing the words
    kwargs.setdefault("bbox", {"boxstyle": "square,pad=0.1", "facecolor": "none", "edgecolor": "none"})
    return ax.annotate(text, point, xytext=best, textcoords="axes fraction", ha="center", va="center",
                       fontsize=fontsize, color=color, arrowprops=arrow, **kwargs)

