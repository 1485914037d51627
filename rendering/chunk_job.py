"""Worker side of a scene-chunk job: probe the scene, render one range of its animations, or all of
it when it cannot be cut (then only the first chunk renders, and says why).

What a chunk sends back is plain :class:`~rendering.jobs.Produced` data whose ``Output.fmt`` is
one of the ``CHUNK_*`` markers below, so it travels to a Dask worker and back like any job's
files; :mod:`rendering.chunk_join` reads it in the parent.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from pathlib import Path

from rendering.chunk_render import chunk_bounds, probe_scene, render_range
from rendering.jobs import Job, Output, Produced
from rendering.scene_job import manim_settings, render_scene, scene_class, video_formats

__all__ = ["CHUNK_PART", "CHUNK_SUBTITLES", "CHUNK_LAST_FRAME", "CHUNK_WHOLE", "CHUNK_DEFER", "render_chunk"]

CHUNK_PART = "chunk-part"  # one partial movie file; relpath "<fmt>/<animation index>", reason: the format
CHUNK_SUBTITLES = "chunk-srt"  # the whole scene's .srt (from the last chunk); relpath: the video format
CHUNK_LAST_FRAME = "chunk-png"  # the final frame (from the last chunk)
CHUNK_WHOLE = "chunk-whole"  # the scene was rendered whole; reason: why (one line)
CHUNK_DEFER = "chunk-defer"  # this chunk cannot be right (it skipped a hazard); reason: why


def _marker(kind: str, relpath: str, staged: Path, seconds: float = 0.0, reason: str = "",
            info: dict | None = None) -> Produced:
    return Produced(Output(kind, relpath, "", reason), str(staged), info or {}, round(seconds, 3))


def _whole(job: Job, work: Path, hazard: str) -> list[Produced]:
    """The scene rendered whole by this chunk, with the :data:`CHUNK_WHOLE` marker saying why."""
    note = work / "rendered-whole.txt"
    note.write_text(hazard, encoding="utf-8")
    return [*render_scene(replace(job, chunk=None), work), _marker(CHUNK_WHOLE, "whole", note, reason=hazard)]


def _defer(work: Path, hazard: str) -> list[Produced]:
    """This chunk's range comes after an animation a skip cannot reproduce: another chunk renders whole."""
    note = work / "deferred.txt"
    note.write_text(hazard, encoding="utf-8")
    return [_marker(CHUNK_DEFER, "defer", note, reason=hazard)]


def render_chunk(job: Job, work: Path) -> list[Produced]:
    """Produce chunk ``job.chunk = (index, count, animations, first, stop)`` of a scene job: its partial movie
    files per video format, and from the chunk the scene ends in its subtitles and last frame.

    ``animations`` is the scene's number of animations if known (the last render's), else 0: then
    a probe counts them. A hint gone stale only unbalances the chunks: the last one plays to the
    end. The chunk whose range holds the first animation a skip cannot reproduce renders the
    scene whole (its real outputs and a :data:`CHUNK_WHOLE` marker); the chunks after it defer.
    """
    assert job.chunk is not None
    index, count, hint, given_first, given_stop = job.chunk
    cls = scene_class(job)
    formats = video_formats(job)
    if not formats:
        raise ValueError(f"scene {job.name}: only a video output can be rendered in chunks")
    start = time.perf_counter()
    probe = probe_scene(cls, manim_settings(job, work, "none")) if not hint else None
    probe_s = time.perf_counter() - start
    plays = hint or (probe.plays if probe else 0)
    if not plays:
        return _whole(job, work, "the scene plays no animation") if index == 0 else []
    first, stop = (given_first, given_stop) if given_first >= 0 else chunk_bounds(plays, index, count)
    stop_at = math.inf if index == count - 1 else stop
    if first >= stop_at:
        return []
    if probe is not None and probe.hazard is not None and probe.hazard_at is not None:
        if probe.hazard_at < first:
            return _defer(work, probe.hazard)
        if probe.hazard_at < stop_at:
            return _whole(job, work, probe.hazard)
    png = work / f"{job.name}.png" if any(o.fmt == "png" for o in job.outputs) else None
    produced: list[Produced] = []
    for number, fmt in enumerate(formats):
        began = time.perf_counter()
        result = render_range(cls, manim_settings(job, work, fmt), first, stop_at, png if number == 0 else None)
        if result.hazard is not None and result.hazard_at is not None:
            return _whole(job, work, result.hazard) if result.hazard_at >= first else _defer(work, result.hazard)
        parts = max(1, len(result.partials))
        share = (time.perf_counter() - began + (probe_s if number == 0 else 0.0)) / parts
        info = {"chunk": index, "frames_s": result.frames_s / parts, "probe_s": probe_s / parts if number == 0 else 0.0}
        costs = result.play_costs or ((math.nan, math.nan),) * len(result.partials)
        for (animation, path), cost in zip(result.partials, costs):
            produced.append(_marker(CHUNK_PART, f"{fmt}/{animation:05d}", path, share, fmt,
                                    {**info, "play_cost": [round(c, 3) for c in cost]}))
        if result.subtitles is not None:
            produced.append(_marker(CHUNK_SUBTITLES, fmt, result.subtitles))
        if result.reached_end and png is not None and number == 0:
            produced.append(_marker(CHUNK_LAST_FRAME, "png", png))
    return produced
