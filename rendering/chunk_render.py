"""Worker side of a scene chunk: play the whole scene, draw and encode only one range of its animations.

Unless the last render told it the number of animations, a chunk first *probes* the scene: one
play of ``construct`` with every animation skipped, which counts the animations and looks for what
a skipped animation cannot reproduce (a sound added). Then it plays the scene again, skipping the
animations before its range and stopping (Manim's ``EndSceneEarlyException``) at the first one
after it; the animations in range are drawn and encoded as Manim's own partial movie files, one
per animation, exactly as a whole render makes them.

A skipped animation must leave the scene exactly as drawing it would, or the chunk's first frames
differ from a whole render's. Manim's own skip does not: it jumps to the end in one step, so an
updater that takes ``dt`` sees one step of the whole run time instead of one per frame, and one
whose result depends on every value it was shown sees only the last (gradviz's step counter moves
each digit it changes, and the rounding of those moves accumulates: a counter jumped to 30 sits a
fraction of a pixel away from one that counted to 30); it leaves out the last
``update_mobjects(0)`` of a drawn play; it adds the run time rather than the frames to the clock;
and it captures no frame, so a 3-D camera's cached rotation matrix (which depth-sorting updaters
read) goes stale. A skip here steps frame by frame whenever an updater runs during the play or a
stop condition ends it (drawing and encoding nothing), ends as a drawn play ends, refreshes the
camera's matrix wherever a frame would have been captured, and advances the clock frame by frame —
so ``renderer.time``, subtitles and every beat that waits for a subtitle to be read are the same
floats a whole render has. A play without updaters still jumps to its end in one step.
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
    frames_s: float = 0.0  # seconds spent on the range's frames (drawing, updating, encoding)
    play_costs: tuple[tuple[float, float], ...] = ()  # per partial: (set-up before it, its frames), FrameClock's


def chunk_bounds(plays: int, index: int, count: int) -> tuple[int, int]:
    """The animations ``[start, stop)`` of chunk ``index`` of ``count``: contiguous, as even as can be."""
    return plays * index // count, plays * (index + 1) // count


PURE_UPDATER = "pure_updater"
"""An updater function with this attribute true is a pure function of the scene's present state
(no ``dt``, nothing remembered from earlier frames): it sets what it updates from scratch, so
running it once at the end of a play gives what running it every frame gives."""


def _steps_frames(scene: Any) -> bool:
    """Whether the play in progress must be stepped frame by frame even when skipped: whenever an
    updater runs during it (on a mobject or the scene) that is not marked pure (``PURE_UPDATER``),
    or a stop condition ends it. An updater may depend on the time cut (``dt``) or on every value it
    was shown before (a counter that moves each digit it changes, say: rounding accumulates); only a
    play without any such updater is the same in one step to the end as frame by frame."""
    if scene.stop_condition is not None or any(not _pure(u) for u in scene.updaters):
        return True
    mobjects = list(scene.get_mobject_family_members())
    for animation in scene.animations or ():
        mobject = getattr(animation, "mobject", None)
        if mobject is not None:
            mobjects.extend(mobject.get_family())
    return any(not _pure(u) for m in mobjects for u in m.updaters)


def _pure(updater: Any) -> bool:
    return bool(getattr(updater, PURE_UPDATER, False))


def _range_renderer(base: type) -> type:
    """``base`` (Manim's CairoRenderer class) made to play only the animations ``[start, stop)``.

    An animation before ``start`` is skipped: nothing is drawn or encoded, but everything else a
    drawn play does is done as it would be done: every updater runs (frame by frame whenever any
    runs, see :func:`_steps_frames`, and once more with ``dt = 0`` at the end, as Manim does after
    a drawn play); a 3-D camera refreshes the rotation matrix it caches
    whenever it would have captured a frame (updaters read it); the clock advances by the frames
    the play would have drawn.
    """

    class RangeRenderer(base):  # type: ignore[misc, valid-type]
        start: int = 0
        stop: float = math.inf
        ended: bool = False
        hazard: str | None = None
        hazard_at: int | None = None
        stepping: bool = False  # the play being skipped is stepped frame by frame
        clock: float = 0.0  # the time a drawn play would have reached, frame by frame
        in_skip: bool = False  # a skipped play is under way: ``time`` reads the clock
        _time: float = 0.0

        @property
        def time(self) -> float:
            """The scene's clock; during a skipped play, the time its frames would have reached
            (Manim's skip adds the whole run time up front, an updater reading it would see that)."""
            return self.clock if self.in_skip else self._time

        @time.setter
        def time(self, value: float) -> None:
            if not self.in_skip:
                self._time = value

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
            self.clock, self.stepping, self.in_skip = before, False, skipping
            try:
                super().play(scene, *args, **kwargs)
            finally:
                self.in_skip = False
            if skipping:
                if not scene.is_current_animation_frozen_frame():
                    scene.update_mobjects(0)  # a drawn play ends so (Scene.play_internal)
                self.time = self.clock if self.stepping else self._frame_time(scene, before)

        def _frame_time(self, scene: Any, before: float) -> float:
            """The clock after the animation just skipped in one step, advanced as drawing its frames would have."""
            import numpy as np
            from manim import config

            dt = 1 / self.camera.frame_rate
            if scene.is_current_animation_frozen_frame():
                return before + int(scene.duration / dt) * dt
            time = before
            for _ in range(len(np.arange(0, scene.duration, 1 / config["frame_rate"]))):
                time += 1 * dt
            return time

        def _as_if_captured(self) -> None:
            """What capturing a frame changes besides pixels: a 3-D camera's cached rotation matrix."""
            reset = getattr(self.camera, "reset_rotation_matrix", None)
            if reset is not None:
                reset()

        def save_static_frame_data(self, scene: Any, static_mobjects: Any) -> Any:
            if self.skip_animations:  # nothing of a skipped animation is drawn: no frame to save
                self.static_image = None
                if static_mobjects:
                    self._as_if_captured()
                return None
            return super().save_static_frame_data(scene, static_mobjects)

        def update_frame(self, scene: Any, *args: Any, **kwargs: Any) -> None:
            if self.skip_animations:  # a skipped animation's frame is never shown
                self._as_if_captured()
                return
            super().update_frame(scene, *args, **kwargs)

        def render(self, scene: Any, time: float, moving_mobjects: Any = None) -> None:
            if self.skip_animations:
                self.update_frame(scene, moving_mobjects)
                self.clock += 1 * (1 / self.camera.frame_rate)  # as add_frame would
                return
            super().render(scene, time, moving_mobjects)

        def freeze_current_frame(self, duration: float) -> None:
            if self.skip_animations:
                dt = 1 / self.camera.frame_rate
                self.clock += int(duration / dt) * dt
                return
            super().freeze_current_frame(duration)

    return RangeRenderer


def _stepped_progression(scene: Any) -> None:
    """Make ``scene`` step a skipped play frame by frame when :func:`_steps_frames` says it must
    (Manim's skip jumps to the end in one step)."""
    original = scene.get_time_progression

    def get_time_progression(run_time: float, description: str, n_iterations: int | None = None,
                             override_skip_animations: bool = False) -> Any:
        renderer = scene.renderer
        if renderer.skip_animations and (override_skip_animations or _steps_frames(scene)):
            renderer.stepping = override_skip_animations = True  # Manim itself steps a wait_until
        return original(run_time, description, n_iterations=n_iterations,
                        override_skip_animations=override_skip_animations)

    scene.get_time_progression = get_time_progression


def _noting_sound(scene: Any) -> None:
    """Make ``scene`` note, as its renderer's hazard, the first animation it adds a sound at: Manim
    mixes sound in only while drawing (a skipped play drops it), so such a scene is not cut."""
    original = scene.add_sound

    def add_sound(*args: Any, **kwargs: Any) -> Any:
        renderer = scene.renderer
        if renderer.hazard is None:
            renderer.hazard, renderer.hazard_at = "the scene adds sound", renderer.num_plays
        return original(*args, **kwargs)

    scene.add_sound = add_sound


def _scene(cls: type, start: int, stop: float) -> Any:
    """A new scene of ``cls`` whose renderer plays only the animations ``[start, stop)``."""
    scene = cls()
    renderer = scene.renderer
    renderer.__class__ = _range_renderer(type(renderer))
    renderer.start, renderer.stop = start, stop
    _stepped_progression(scene)
    _noting_sound(scene)
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

    from rendering.draw_clock import FrameClock
    from rendering.scene_job import save_last_frame

    with tempconfig(settings):
        scene = _scene(cls, start, stop)
        clock = FrameClock(scene, lambda: not scene.renderer.skip_animations)
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
    costs = tuple(clock.plays[index] for index, _ in partials if index < len(clock.plays))
    return RangeResult(partials, subtitles, reached_end, renderer.hazard_at, renderer.hazard, clock.frames_s,
                       costs if len(costs) == len(partials) else ())
