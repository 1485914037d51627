"""The automated layout check of scenes: the caption-safe frame, text overlaps, text over marks.

After every animation a checked scene (``GradvizScene.layout_check``) looks at what is on screen:

- nothing but the background in the bottom 12 % of the frame and in a 5 % margin at the other
  edges (video players draw captions and controls there);
- no two texts overlap;
- no text overlaps a marker, an arrow or a path it does not label (``labels(text, *marks)``).

Roles come from the mobjects' classes (texts, ``Dot``, ``Arrow``) or from ``set_role`` (paths,
markers drawn as other shapes, backgrounds). Boxes are measured on the ink: a label's backdrop
rectangle does not count, nor do invisible parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import numpy as np
from manim import (
    Arrow,
    BackgroundRectangle,
    DecimalNumber,
    Dot,
    ImageMobject,
    MathTex,
    Mobject,
    SingleStringMathTex,
    Star,
    Text,
    VMobject,
    config,
)

__all__ = [
    "SAFE_BOTTOM",
    "SAFE_MARGIN",
    "ROLES",
    "set_role",
    "labels",
    "safe_box",
    "to_safe_edge",
    "fit_to_safe",
    "clear_direction",
    "place_clear",
    "around",
    "fit_into",
    "place_without_problems",
    "NEAR_ENOUGH",
    "Unit",
    "screen_units",
    "layout_problems",
    "place_clear",
]

SAFE_BOTTOM = 0.12
"""Share of the frame's height kept empty at the bottom, for captions."""
SAFE_MARGIN = 0.05
"""Share of the frame's width (height) kept empty at the left and right (top) edges."""

ROLES = ("text", "marker", "arrow", "path", "background", "other")
_TEXT_CLASSES = (Text, MathTex, SingleStringMathTex, DecimalNumber)
_TOLERANCE = 0.01  # Manim units (1/800 of the frame's height): touching is not overlapping
_STEP = 0.04  # paths are sampled every 0.04 units when tested against a text's box


def set_role(mobject: Mobject, role: str) -> Mobject:
    """Tell the layout check what ``mobject`` is (one of ``ROLES``); returns it for chaining."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}; got {role!r}")
    mobject.gradviz_role = role
    return mobject


def labels(text: Mobject, *marks: Mobject) -> Mobject:
    """Declare that ``text`` labels ``marks``: it may touch or cover them. Returns ``text``."""
    text.gradviz_labels = tuple(getattr(text, "gradviz_labels", ())) + marks
    return text


def safe_box() -> tuple[float, float, float, float]:
    """(left, right, bottom, top) of the caption-safe frame in Manim units."""
    w, h = config.frame_width, config.frame_height
    return (-w / 2 + SAFE_MARGIN * w, w / 2 - SAFE_MARGIN * w, -h / 2 + SAFE_BOTTOM * h, h / 2 - SAFE_MARGIN * h)


def to_safe_edge(mobject: Mobject, direction: Any, buff: float = 0.0) -> Mobject:
    """Like ``to_edge``/``to_corner``, against the caption-safe frame: ``buff`` inside its edge(s)."""
    left, right, bottom, top = safe_box()
    d = np.asarray(direction, dtype=float)
    shift = np.zeros(3)
    if d[0] < 0:
        shift[0] = left + buff - mobject.get_left()[0]
    elif d[0] > 0:
        shift[0] = right - buff - mobject.get_right()[0]
    if d[1] < 0:
        shift[1] = bottom + buff - mobject.get_bottom()[1]
    elif d[1] > 0:
        shift[1] = top - buff - mobject.get_top()[1]
    return mobject.shift(shift)


def fit_to_safe(mobject: Mobject, *, buff: float = 0.0) -> Mobject:
    """Scale ``mobject`` down (never up) so it fits the safe frame, and shift it inside."""
    left, right, bottom, top = safe_box()
    _shrink_to(mobject, right - left - 2 * buff, top - bottom - 2 * buff)
    shift = np.zeros(3)
    shift[0] = max(0.0, left + buff - mobject.get_left()[0]) - max(0.0, mobject.get_right()[0] - (right - buff))
    shift[1] = max(0.0, bottom + buff - mobject.get_bottom()[1]) - max(0.0, mobject.get_top()[1] - (top - buff))
    return mobject.shift(shift)


def fit_into(mobject: Mobject, left: float, right: float, bottom: float, top: float) -> Mobject:
    """Scale ``mobject`` down (never up) to fit the box and centre it there."""
    return _shrink_to(mobject, right - left, top - bottom).move_to([(left + right) / 2, (bottom + top) / 2, 0])


def _shrink_to(mobject: Mobject, width: float, height: float) -> Mobject:
    """Scale ``mobject`` down (never up) so it is at most ``width`` × ``height``."""
    factor = min(1.0, width / max(mobject.width, 1e-9), height / max(mobject.height, 1e-9))
    return mobject.scale(factor) if factor < 1.0 else mobject


@dataclass
class Unit:
    """One thing on screen as the check sees it: its role, a readable name, its ink points."""

    role: str
    mobject: Mobject
    name: str
    points: np.ndarray  # (m, 2) ink points
    labelled: tuple[Mobject, ...] = ()
    pieces: tuple[np.ndarray, ...] = ()  # the ink points of each stroke apart (empty: one stroke)
    reach: float = 0.0  # half the widest visible stroke: how far a path's ink reaches beside its points

    @property
    def box(self) -> tuple[float, float, float, float]:
        lo, hi = self.points.min(axis=0), self.points.max(axis=0)
        return float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])


def _visible(m: Mobject) -> bool:
    if isinstance(m, ImageMobject):
        return getattr(m, "fill_opacity", 1.0) > 0.05
    if not isinstance(m, VMobject) or len(m.points) == 0:
        return False
    stroke = m.get_stroke_width() > 0 and np.max(m.get_stroke_opacities(), initial=0) > 0.05
    fill = np.max(m.get_fill_opacities(), initial=0) > 0.05
    return bool(stroke or fill)


def _reach(m: Mobject) -> float:
    """Half the width of ``m``'s widest visible stroke, in Manim units (cairo draws a stroke width w
    as w / 100 units): a line whose centre passes beside a text still covers it within this."""
    widths = [part.get_stroke_width() for part in m.get_family()
              if isinstance(part, VMobject) and not isinstance(part, BackgroundRectangle) and _visible(part)
              and np.max(part.get_stroke_opacities(), initial=0) > 0.05]
    return 0.005 * max(widths, default=0.0)


def _ink(m: Mobject, camera: Any = None) -> np.ndarray:
    """The 2-D points of ``m``'s visible family, without backdrop rectangles; with a ``camera``,
    where it draws them (a ThreeDCamera projects 3-D parts, keeps fixed-in-frame ones, and every
    point is seen relative to its frame centre)."""
    chunks = _ink_pieces(m, camera)
    return np.concatenate(chunks) if chunks else np.zeros((0, 2))


def _ink_pieces(m: Mobject, camera: Any = None) -> list[np.ndarray]:
    """``_ink`` one stroke at a time: each visible part's points, split where its path lifts the pen
    (a new subpath), so that a path's outline, its line and its head are not joined end to start."""
    chunks = []
    for part in m.get_family():
        if isinstance(part, BackgroundRectangle) or getattr(part, "gradviz_role", None) == "background":
            continue
        if isinstance(part, ImageMobject) or _visible(part):
            points = np.asarray(part.points)
            if camera is not None and len(points):
                points = camera.transform_points_pre_display(part, points) - camera.frame_center
            chunks.extend(_strokes(points[:, :2], getattr(part, "n_points_per_cubic_curve", 0)))
    return chunks


def _strokes(points: np.ndarray, per_curve: int) -> list[np.ndarray]:
    """``points`` (Bézier control points, ``per_curve`` a curve) cut where a curve does not start at
    the end of the one before; other points (``per_curve`` 0, a ragged count) are one piece."""
    if per_curve < 2 or len(points) < 2 * per_curve or len(points) % per_curve:
        return [points]
    curves = points.reshape(-1, per_curve, points.shape[1])
    lifts = np.flatnonzero(np.linalg.norm(curves[1:, 0] - curves[:-1, -1], axis=1) > 1e-6) + 1
    return [c.reshape(-1, points.shape[1]) for c in np.split(curves, lifts)]


def _is_background(m: Mobject, background: Any) -> bool:
    if getattr(m, "gradviz_role", None) == "background" or isinstance(m, BackgroundRectangle):
        return True
    if isinstance(m, VMobject) and len(m.submobjects) == 0 and m.get_stroke_width() == 0:
        fill = m.get_fill_color()  # None for a bare point (a VectorizedPoint has no colour)
        return fill is not None and fill.to_hex().lower() == str(background).lower()
    return False


def _name(m: Mobject, role: str) -> str:
    if role == "text":
        content = getattr(m, "original_text", None) or getattr(m, "text", None) or getattr(m, "tex_string", None)
        if content is None and isinstance(m, DecimalNumber):
            content = str(m.get_value())
        return f"text {str(content)!r}"
    own = getattr(m, "gradviz_name", None)
    return f"{role} {own or type(m).__name__}"


def _role(m: Mobject) -> str | None:
    explicit = getattr(m, "gradviz_role", None)
    if explicit:
        return explicit
    if isinstance(m, _TEXT_CLASSES):
        return "text"
    if isinstance(m, (Dot, Star)):
        return "marker"
    if isinstance(m, Arrow):
        return "arrow"
    return None


def screen_units(mobjects: Iterable[Mobject], background: Any = None, camera: Any = None) -> Iterator[Unit]:
    """Walk ``mobjects`` top-down: each text, marker, arrow, path (and leftover visible part) once,
    as ``camera`` (optional) puts them on screen."""
    for m in mobjects:
        if _is_background(m, background):
            continue
        role = _role(m)
        if role is None and m.submobjects:
            yield from screen_units(m.submobjects, background, camera)
            continue
        pieces = _ink_pieces(m, camera)
        if not pieces:
            continue
        role = role or "other"
        yield Unit(role, m, _name(m, role), np.concatenate(pieces), tuple(getattr(m, "gradviz_labels", ())),
                   tuple(pieces), _reach(m) if role in ("arrow", "path") else 0.0)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return (min(a[1], b[1]) - max(a[0], b[0]) > _TOLERANCE) and (min(a[3], b[3]) - max(a[2], b[2]) > _TOLERANCE)


def _samples(unit: Unit) -> np.ndarray:
    """Where a text must not be over ``unit``: an arrow's or path's strokes sampled densely (each
    stroke apart), a marker's (or other) ink points."""
    if unit.role not in ("arrow", "path"):
        return unit.points
    return np.concatenate([_dense(piece) for piece in unit.pieces or (unit.points,)])


def _dense(points: np.ndarray) -> np.ndarray:
    """Points along the polyline through ``points``, at most ``_STEP`` apart."""
    if len(points) < 2:
        return points
    gaps = np.linalg.norm(np.diff(points, axis=0), axis=1)
    pieces = [points[:1]]
    for p, q, gap in zip(points[:-1], points[1:], gaps):
        n = max(1, int(np.ceil(gap / _STEP)))
        pieces.append(p + (q - p) * (np.arange(1, n + 1)[:, None] / n))
    return np.concatenate(pieces)


def _covers(text: Unit, mark: Unit, samples: np.ndarray) -> bool:
    left, right, bottom, top = text.box
    if mark.role == "marker":
        return _overlap(text.box, mark.box)
    # a stroke is drawn around its points: its ink reaches ``mark.reach`` beside them
    left, right, bottom, top = left - mark.reach, right + mark.reach, bottom - mark.reach, top + mark.reach
    inside = ((samples[:, 0] > left + _TOLERANCE) & (samples[:, 0] < right - _TOLERANCE)
              & (samples[:, 1] > bottom + _TOLERANCE) & (samples[:, 1] < top - _TOLERANCE))
    return bool(inside.any())


def _labels_it(text: Unit, mark: Unit) -> bool:
    family = {id(x) for target in text.labelled for x in target.get_family()}
    return id(mark.mobject) in family


def layout_problems(mobjects: Iterable[Mobject], *, background: Any = None, camera: Any = None) -> list[str]:
    """Every layout rule ``mobjects`` (a scene's ``mobjects``) break, one line each, naming the parts;
    pass the scene's ``camera`` to see 3-D scenes as it draws them."""
    units = list(screen_units(mobjects, background, camera))
    problems = []
    left, right, bottom, top = safe_box()
    for u in units:
        x0, x1, y0, y1 = u.box
        if x0 < left - _TOLERANCE or x1 > right + _TOLERANCE or y0 < bottom - _TOLERANCE or y1 > top + _TOLERANCE:
            side = ("the caption area" if y0 < bottom - _TOLERANCE else "the left margin" if x0 < left - _TOLERANCE
                    else "the right margin" if x1 > right + _TOLERANCE else "the top margin")
            problems.append(f"{u.name} reaches into {side}")
    texts = [u for u in units if u.role == "text"]
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if _overlap(a.box, b.box) and not (_labels_it(a, b) or _labels_it(b, a)):
                problems.append(f"{a.name} overlaps {b.name}")
    marks = [(u, _samples(u)) for u in units if u.role in ("marker", "arrow", "path")]
    for text in texts:
        for mark, samples in marks:
            if not _labels_it(text, mark) and _covers(text, mark, samples):
                problems.append(f"{text.name} covers {mark.name}")
    return problems


NEAR_ENOUGH = (0.16, 0.28)
"""Gaps (Manim units, beyond a marker's radius) still near enough for a label when no side right next
to its marker is clear: ``place_without_problems(..., farther=NEAR_ENOUGH)``."""

_AROUND = ((1, 1, 0), (-1, 1, 0), (1, -1, 0), (-1, -1, 0), (1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0))


def clear_direction(mobject: Mobject, anchor: Any, *, avoid: Iterable[Mobject] = (),
                    directions: Iterable[Any] = _AROUND, buff: float = 0.15,
                    within: tuple[float, float, float, float] | None = None, margin: float = 0.0) -> np.ndarray | None:
    """Put ``mobject`` next to ``anchor`` (a point or mobject) in the first of ``directions`` where
    its ink is inside ``within`` (left, right, bottom, top; default the safe frame) and clear of the
    texts, markers, arrows and paths of ``avoid`` — the rules ``layout_problems`` checks — by
    ``margin`` more (room for a marker that will move along a path). Returns that direction, or
    None (``mobject`` then sits at the last one tried)."""
    left, right, bottom, top = within or safe_box()
    obstacles = [(u, _dense(u.points) if u.role in ("arrow", "path") else u.points)
                 for u in screen_units(list(avoid)) if u.role in ("text", "marker", "arrow", "path")]
    for d in (np.asarray(d, dtype=float) for d in directions):
        mobject.next_to(anchor, d, buff=buff)
        ink = _ink(mobject)
        if len(ink) == 0:
            return d
        lo, hi = ink.min(axis=0) - margin, ink.max(axis=0) + margin
        unit = Unit("text", mobject, "", np.array([lo, hi]))
        x0, x1, y0, y1 = unit.box
        if x0 < left or x1 > right or y0 < bottom or y1 > top:
            continue
        if not any(_overlap(unit.box, o.box) if o.role in ("text", "marker") else _covers(unit, o, samples)
                   for o, samples in obstacles):
            return d
    return None


def place_clear(mobject: Mobject, anchor: Any, *, directions: Iterable[Any] = _AROUND, buff: float = 0.15,
                **kwargs: Any) -> Mobject:
    """``clear_direction`` inside ``within``, else anywhere in the safe frame, else the first direction
    shifted back inside ``within`` (and the safe frame). Returns ``mobject``."""
    options = [np.asarray(d, dtype=float) for d in directions]
    if clear_direction(mobject, anchor, directions=options, buff=buff, **kwargs) is not None:
        return mobject
    if kwargs.get("within") is not None:  # no room inside its box: anywhere clear in the safe frame will do
        if clear_direction(mobject, anchor, directions=options, buff=buff, **{**kwargs, "within": None}) is not None:
            return mobject
    mobject.next_to(anchor, options[0], buff=buff)
    _shift_inside(mobject, kwargs.get("within") or safe_box())
    _shift_inside(mobject, safe_box())
    return mobject


def _shift_inside(mobject: Mobject, box: tuple[float, float, float, float]) -> None:
    """Move ``mobject`` the least distance that brings its ink inside ``box`` (where it fits)."""
    ink = _ink(mobject)
    if len(ink) == 0:
        return
    (x0, y0), (x1, y1) = ink.min(axis=0), ink.max(axis=0)
    left, right, bottom, top = box
    dx = max(0.0, left - x0) - max(0.0, x1 - right)
    dy = max(0.0, bottom - y0) - max(0.0, y1 - top)
    mobject.shift(np.array([dx, dy, 0.0]))


def around(direction: Any) -> tuple[tuple[float, float, float], ...]:
    """The eight directions ``place_clear`` may try, nearest in angle to ``direction`` first (a
    label beyond an arrow's tip: ``around(tip - tail)``; the opposite side is tried last)."""
    d = np.asarray(direction, dtype=float)[:2]
    if not np.any(d):
        return tuple(tuple(map(float, r)) for r in _AROUND)
    angle = np.arctan2(d[1], d[0])
    gap = [abs((np.arctan2(r[1], r[0]) - angle + np.pi) % (2 * np.pi) - np.pi) for r in _AROUND]
    return tuple(tuple(map(float, _AROUND[i])) for i in np.argsort(gap, kind="stable"))


def place_without_problems(mobject: Mobject, anchor: Any, obstacles: Iterable[Mobject], *, buff: float = 0.08,
                directions: Iterable[Any] | None = None, background: Any = None, camera: Any = None,
                farther: Iterable[float] = ()) -> bool:
    """Put ``mobject`` next to the point ``anchor`` on the first side (of ``directions``, default the
    eight compass directions, upper right first) where it adds no layout problem to ``obstacles``
    (the mobjects already placed); when no side is clear at ``buff``, each side again at each of the
    larger gaps ``farther``. Returns False, leaving it on the first side, when no side is clear."""
    obstacles = list(obstacles)
    before = len(layout_problems(obstacles, background=background, camera=camera))
    sides = list(directions) if directions is not None else [
        np.array(d, dtype=float) for d in ((1, 1, 0), (1, 0, 0), (0, 1, 0), (-1, 1, 0), (-1, 0, 0), (1, -1, 0),
                                           (0, -1, 0), (-1, -1, 0))]
    at = np.asarray(anchor, dtype=float)
    for gap in (buff, *farther):
        for side in sides:
            mobject.next_to(at, side, buff=gap)
            if len(layout_problems([*obstacles, mobject], background=background, camera=camera)) == before:
                return True
    mobject.next_to(at, sides[0], buff=buff)
    return False
