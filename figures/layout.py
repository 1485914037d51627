"""Layout checks by machine: texts cut off at the figure's edge, texts on texts, legends on data."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

__all__ = ["Drawn", "drawn_texts", "layout_problems"]

EDGE_TOLERANCE_PX = 1.0
OVERLAP_PX = 1.5  # texts may touch; overlapping by more than this in both directions is a clash
SLIVER = 0.02  # a legend may cover at most this share of a line's drawn points


@dataclass(frozen=True)
class Drawn:
    """A text as drawn: the artist, its string, its box in display pixels, and the corners (4, 2)
    of the rotated rectangle it really fills (a rotated label's box is much larger than it)."""

    artist: Text
    text: str
    box: Bbox
    corners: np.ndarray


def _corners(text: Text, renderer, box: Bbox) -> np.ndarray:  # type: ignore[no-untyped-def]
    angle = text.get_rotation() % 180
    if min(angle, 180 - angle) < 1 or abs(angle - 90) < 1:
        return np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x1, box.y1], [box.x0, box.y1]])
    text.set_rotation(0)
    flat = Text.get_window_extent(text, renderer)
    text.set_rotation(angle)
    w, h, a = flat.width / 2, flat.height / 2, np.radians(angle)
    turn = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    half = np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) @ turn.T
    return half + np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])


@contextmanager
def _recording(found: list[Drawn]) -> Iterator[None]:
    """Record every Text that really draws (ticks outside the view do not), with its extent."""
    original = Text.draw

    def draw(self: Text, renderer) -> None:  # type: ignore[no-untyped-def]
        original(self, renderer)
        text = self.get_text()
        if self.get_visible() and str(text).strip():  # the text's own box: an annotation's arrow is not text
            box = Text.get_window_extent(self, renderer)
            found.append(Drawn(self, str(text), box, _corners(self, renderer, box)))

    Text.draw = draw  # type: ignore[method-assign]
    try:
        yield
    finally:
        Text.draw = original  # type: ignore[method-assign]


def drawn_texts(fig: Figure) -> tuple[list[Drawn], FigureCanvasAgg]:
    """Draw ``fig`` once with Agg and return every text it drew."""
    canvas = FigureCanvasAgg(fig)
    found: list[Drawn] = []
    with _recording(found):
        canvas.draw()
    return found, canvas


def _overlap(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two convex quadrilaterals (4, 2) overlap by more than OVERLAP_PX (separating axes)."""
    for poly in (a, b):
        edges = np.roll(poly, -1, axis=0) - poly
        for nx, ny in np.column_stack([-edges[:, 1], edges[:, 0]]):
            norm = np.hypot(nx, ny)
            if norm == 0:
                continue
            pa, pb = a @ (nx, ny) / norm, b @ (nx, ny) / norm
            if min(pa.max(), pb.max()) - max(pa.min(), pb.min()) <= OVERLAP_PX:
                return False
    return True


def _short(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 40 else text[:37] + "...")


def layout_problems(fig: Figure, name: str = "figure") -> list[str]:
    """Every layout problem of ``fig``, one line each naming the figure and the artists:
    a text past the figure's edge, two texts on each other, a legend or annotation over a line's points."""
    texts, canvas = drawn_texts(fig)
    renderer = canvas.get_renderer()
    edge = fig.bbox
    problems = []
    for item in texts:
        b = item.box
        if (b.x0 < edge.x0 - EDGE_TOLERANCE_PX or b.y0 < edge.y0 - EDGE_TOLERANCE_PX
                or b.x1 > edge.x1 + EDGE_TOLERANCE_PX or b.y1 > edge.y1 + EDGE_TOLERANCE_PX):
            problems.append(f"{name}: text {_short(item.text)} is cut off at the figure's edge")
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if _overlap(a.corners, b.corners):
                problems.append(f"{name}: texts {_short(a.text)} and {_short(b.text)} overlap")
    covers = [(f"legend {_short(' / '.join(t.get_text() for t in lg.get_texts()))}", lg.get_window_extent(renderer))
              for ax in fig.axes for lg in [ax.get_legend()] if lg is not None and lg.get_visible()]
    covers += [(f"annotation {_short(d.text)}", d.box) for d in texts
               if isinstance(d.artist, Annotation) or d.artist in [t for ax in fig.axes for t in ax.texts]]
    for ax in fig.axes:
        for line in ax.get_lines():
            if not line.get_visible() or isinstance(line, Legend):
                continue
            points = _display_points(line)
            if len(points) == 0:
                continue
            for what, box in covers:
                inside = ((points[:, 0] > box.x0) & (points[:, 0] < box.x1)
                          & (points[:, 1] > box.y0) & (points[:, 1] < box.y1))
                if inside.mean() > SLIVER and inside.sum() > 1:
                    label = line.get_label()
                    shown = label if label and not label.startswith("_") else "a plotted line"
                    problems.append(f"{name}: {what} covers {inside.mean():.0%} of {_short(shown)}")
    return problems


def _display_points(line: Line2D) -> np.ndarray:
    """The points of a line (its vertices, at least its markers) in display pixels, finite only."""
    xy = np.column_stack(line.get_data(orig=False)).astype(float) if len(line.get_xdata()) else np.zeros((0, 2))
    xy = xy[np.all(np.isfinite(xy), axis=1)]
    if len(xy) == 0:
        return xy
    return line.get_transform().transform(xy)
