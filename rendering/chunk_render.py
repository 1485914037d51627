"""Worker side of a scene chunk: play the whole scene, draw and encode only one range of its animations.

A chunk first *probes* the scene: one play of ``construct`` with every animation skipped, which
counts the animations and looks for what a skipped animation cannot reproduce (time-based
updaters, scene updaters, ``wait_until``-style stop conditions, sound). Then it plays the scene
again, skipping the animations before its range and stopping (Manim's ``EndSceneEarlyException``)
at the first one after it; the animations in range are drawn and encoded as Manim's own partial
movie files, one per animation, exactly as a whole render makes them.

A skipped animation advances the scene's clock by the frames it would have drawn (Manim's own
skip adds its run time instead), so ``renderer.time`` — and with it subtitles and every beat that
waits for a subtitle to be read — is the same float a whole render has at every animation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Probe", "chunk_bounds", "probe_scene", "render_range", "RangeResult"]


@dataclass(frozen=True)
class Probe:
    """What one skipped play of a scene found: its number of animations, and the first animation
    (index) that a skipped play cannot reproduce, with why (one line), if any."""

    plays: int
    hazard_at: int | None = None
    hazard: str | None = None


@dataclass(frozen=True)
class RangeResult:
    """The partial movie files of one range, ``(animation index, path)`` in order; whether the
    scene ended in it (then its subtitles are the whole scene's); the first hazard it passed."""

    partials: tuple[tuple[int, Path], ...]
    subtitles: Path | None
    reached_end: bool
    hazard_at: int | None = None
    hazard: str | None = None


def chunk_bounds(plays: int, index: int, count: int) -> tuple[int, int]:
    """The animations ``[start, stop)`` of chunk ``index`` of ``count``: contiguous, as even as can be."""
    return plays * index // count, plays * (index + 1) // count


def _hazards(scene: Any) -> str | None:
    """Why the scene's state would differ after a skipped animation (one line), or None."""
    if scene.updaters:
        return "the scene has updaters of its own (they take dt)"
    mobjects = list(scene.get_mobject_family_members())
    for animation in scene.animations or ():
        mobject = getattr(animation, "mobject", None)
        if mobject is not None:
            mobjects.extend(mobject.get_family())
    if any(m.has_time_based_updater() for m in mobjects):
        return "a mobject has a time-based updater (one that takes dt)"
    if scene.stop_condition is not None:
        return "an animation stops on a condition (wait_until), so its frame count is known only by playing it"
    if getattr(scene.renderer.file_writer, "includes_sound", False):
        return "the scene adds sound"
    return None


def _range_renderer(base: type) -> type:
    """``base`` (Manim's CairoRenderer class) made to play only the animations ``[start, stop)``."""

    class RangeRenderer(base):  # type: ignore[misc, valid-type]
        start: int = 0
        stop: float = math.inf
        ended: bool = False
        hazard: str | None = None
        hazard_at: int | None = None

        def _look(self, scene: Any) -> None:
            if self.hazard is None:
                self.hazard = _hazards(scene)
                self.hazard_at = self.num_plays if self.hazard is not None else None

        def _skipping_range(self) -> bool:
            return self.num_plays < self.start and not self.file_writer.sections[-1].skip_animations

        def play(self, scene: Any, *args: Any, **kwargs: Any) -> None:
            if self.ended:  # a play after the range (tear_down's holds): nothing to do
                return
            if self.num_plays >= self.stop:
                from manim.utils.exceptions import EndSceneEarlyException

                self.ended = True
                raise EndSceneEarlyException()
            skipping = self._skipping_range()
            self._original_skipping_status = skipping
            before = self.time
            self._look(scene)
            super().play(scene, *args, **kwargs)
            self.num_plays -= 1  # what this play left on stage counts against it
            self._look(scene)
            self.num_plays += 1
            if skipping:
                self.time = self._frame_time(scene, before)

        def _frame_time(self, scene: Any, before: float) -> float:
            """The clock after the animation just skipped, advanced as drawing its frames would have."""
            import numpy as np
            from manim import config

            dt = 1 / self.camera.frame_rate
            if scene.is_current_animation_frozen_frame():
                return before + int(scene.duration / dt) * dt
            time = before
            for _ in range(len(np.arange(0, scene.duration, 1 / config["frame_rate"]))):
                time += 1 * dt
            return time

        def save_static_frame_data(self, scene: Any, static_mobjects: Any) -> Any:
            self._look(scene)  # the animations' own mobjects are on stage now
            if self.skip_animations:  # nothing of a skipped animation is drawn: no frame to save
                self.static_image = None
                return None
            return super().save_static_frame_data(scene, static_mobjects)

        def update_frame(self, scene: Any, *args: Any, **kwargs: Any) -> None:
            if self.skip_animations:
                return  # a skipped animation's frame is never shown
            super().update_frame(scene, *args, **kwargs)

    return RangeRenderer


def _scene(cls: type, start: int, stop: float) -> Any:
    """A new scene of ``cls`` whose renderer plays only the animations ``[start, stop)``."""
    scene = cls()
    renderer = scene.renderer
    renderer.__class__ = _range_renderer(type(renderer))
    renderer.start, renderer.stop = start, stop
    return scene


def probe_scene(cls: type, settings: dict[str, Any]) -> Probe:
    """Play ``construct`` once with every animation skipped (``settings``: Manim config, format "none")."""
    from manim import tempconfig

    with tempconfig({**settings, "format": "none"}):
        scene = _scene(cls, math.inf, math.inf)  # type: ignore[arg-type]
        scene.render()
        renderer = scene.renderer
        return Probe(renderer.num_plays, renderer.hazard_at, renderer.hazard)


def render_range(cls: type, settings: dict[str, Any], start: int, stop: float,
                 last_frame: Path | None = None) -> RangeResult:
    """Render the animations ``[start, stop)`` of a scene as partial movie files (``stop``: inf
    for the last range); if the scene ends within them, keep its subtitles and save its final
    frame to ``last_frame`` if given."""
    from manim import tempconfig

    from rendering.scene_job import save_last_frame

    with tempconfig(settings):
        scene = _scene(cls, start, stop)
        scene.render()
        renderer = scene.renderer
        writer = renderer.file_writer
        partials = tuple((index, Path(path)) for index, path in enumerate(writer.partial_movie_files)
                         if path is not None and start <= index < stop)
        missing = [str(path) for _, path in partials if not path.is_file()]
        if missing:
            raise RuntimeError(f"Manim wrote no partial movie file {missing[0]}")
        reached_end = not renderer.ended and bool(partials)
        subtitles = None
        if reached_end:
            if last_frame is not None:
                renderer.skip_animations = False
                save_last_frame(scene, last_frame)
            plan_file = writer.output_plan.subcaption_file
            subtitles = Path(plan_file) if plan_file and Path(plan_file).is_file() else None
    return RangeResult(partials, subtitles, reached_end, renderer.hazard_at, renderer.hazard)
