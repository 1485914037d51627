"""Parent side of scene chunks: join the chunks' partial movie files, without re-encoding, into
the file a whole render makes, with the whole scene's subtitles and last frame."""

from __future__ import annotations

import math
import time
from importlib.metadata import version
from io import BytesIO
from pathlib import Path
from typing import Sequence

from rendering.chunk_job import CHUNK_DEFER, CHUNK_LAST_FRAME, CHUNK_PART, CHUNK_SUBTITLES, CHUNK_WHOLE
from rendering.jobs import Job, JobResult, Produced
from rendering.media import describe
from rendering.scene_job import gif_output, subtitle_companions, video_formats

__all__ = ["concat_videos", "join_chunks", "chunk_costs", "whole_estimate"]


def concat_videos(parts: Sequence[Path], target: Path) -> None:
    """Remux ``parts`` one after another into ``target``, packets copied (Manim's ``combine_files``)."""
    import av

    listing = "".join(f"file 'file:{Path(p).resolve().as_posix()}'\n" for p in parts).encode("utf-8")
    with BytesIO(listing) as manifest:
        source = av.open(manifest, options={"safe": "0", "an": "1"}, format="concat")
        try:
            stream = source.streams.video[0]
            output = av.open(str(target), mode="w")
            try:
                output.metadata["comment"] = f"Rendered with Manim Community v{version('manim')}"
                out_stream = output.add_stream_from_template(template=stream)
                for packet in source.demux(stream):
                    if packet.dts is None:  # demux's flushing packets
                        continue
                    packet.dts = None  # consecutive files' dts need not increase: libav computes them
                    packet.stream = out_stream
                    output.mux(packet)
            finally:
                output.close()
        finally:
            source.close()


def _failed(job: Job, results: Sequence[JobResult]) -> JobResult | None:
    """The scene's failure when any chunk failed: the first failed chunk's error, named."""
    for result in results:
        if not result.ok:
            return JobResult(job, error=f"{result.error} (in chunk {result.job.label})", detail=result.detail,
                             elapsed_s=sum(r.elapsed_s for r in results))
    return None


def join_chunks(job: Job, results: Sequence[JobResult], elapsed_s: float) -> JobResult:
    """The scene job's result from its chunks' results (any order): its outputs staged in
    ``job.work_dir``; a failed chunk fails the scene, and nothing of it is produced."""
    failed = _failed(job, results)
    if failed is not None:
        return failed
    produced = [p for r in results for p in r.produced]
    whole = [p for p in produced if p.output.fmt == CHUNK_WHOLE]
    if whole:
        return JobResult(job, produced=tuple(p for p in produced if p.output in job.outputs),
                         elapsed_s=elapsed_s, note=f"rendered whole, not in chunks: {whole[0].output.reason}")
    deferred = [p for p in produced if p.output.fmt == CHUNK_DEFER]
    if deferred:  # cannot happen: the chunk holding the hazard renders whole; never join a wrong chunk
        return JobResult(job, error=f"chunks skipped what a skip cannot reproduce ({deferred[0].output.reason}) "
                                    "and none rendered the scene whole", elapsed_s=elapsed_s)
    try:
        return JobResult(job, produced=tuple(_join(job, produced)), elapsed_s=elapsed_s)
    except Exception as exc:  # noqa: BLE001 - a join that fails fails its scene only
        from rendering.jobs import first_line

        return JobResult(job, error=f"joining the chunks: {first_line(exc)}", elapsed_s=elapsed_s)


def chunk_costs(parts: Sequence[Produced]) -> list[tuple[float, float]]:
    """Per chunk, in order, from its partial movie files: ``(set-up and skipping, frames)`` in
    seconds, as the chunk measured them (a probe left out)."""
    total: dict[int, float] = {}
    frames: dict[int, float] = {}
    for part in parts:
        chunk = int(part.info.get("chunk", 0))
        total[chunk] = total.get(chunk, 0.0) + part.render_time_s - float(part.info.get("probe_s", 0.0))
        frames[chunk] = frames.get(chunk, 0.0) + float(part.info.get("frames_s", 0.0))
    return [(max(0.0, total[c] - frames[c]), frames[c]) for c in sorted(total)]


def whole_estimate(costs: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """What a whole render of the scene would take, and the part of it spent on frames, from its
    :func:`chunk_costs`: the frames of all chunks, plus the set-up and skipping of the chunk that
    paid most for them (the last: it plays ``construct`` to the end). Recorded as the scene's
    render time, so that ``--chunks auto`` and the scheduling that read it see one scene's cost,
    not the sum of its chunks'."""
    frames_s = sum(f for _, f in costs)
    return max((s for s, _ in costs), default=0.0) + frames_s, frames_s


def _join(job: Job, produced: Sequence[Produced]) -> list[Produced]:
    work = Path(job.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    by_fmt = {o.fmt: o for o in job.outputs}
    subtitles = {p.output.relpath: Path(p.staged) for p in produced if p.output.fmt == CHUNK_SUBTITLES}
    joined: list[Produced] = []
    for fmt in video_formats(job):
        parts = sorted((p for p in produced if p.output.fmt == CHUNK_PART and p.output.reason == fmt),
                       key=lambda p: p.output.relpath)
        if not parts:
            raise RuntimeError(f"no partial movie files for {fmt}")
        start = time.perf_counter()
        target = work / f"{job.name}.{fmt}"
        concat_videos([Path(p.staged) for p in parts], target)
        join_s = time.perf_counter() - start
        per_chunk = chunk_costs(parts)
        whole_s, frames_s = whole_estimate(per_chunk)
        cost = whole_s + join_s
        srt = subtitles.get(fmt)
        if fmt in by_fmt:
            animations = 1 + int(parts[-1].output.relpath.rsplit("/", 1)[1])
            info = {**describe(target, fmt), "animations": animations, "frames_s": round(frames_s, 3),
                    "chunk_costs": [[round(a, 3), round(b, 3)] for a, b in per_chunk], "join_s": round(join_s, 3)}
            costs = [p.info.get("play_cost") for p in parts]
            if len(costs) == animations and all(isinstance(c, list) and all(math.isfinite(v) for v in c) for c in costs):
                info["play_costs"] = costs  # as the chunks measured them: the next run cuts by them
            joined.append(Produced(by_fmt[fmt], str(target), info, round(cost, 3),
                                   subtitle_companions(by_fmt[fmt], srt)))
        if fmt == "mp4" and "gif" in by_fmt:
            joined.append(gif_output(job, work, target, srt, cost))
    if "png" in by_fmt:
        png = next(Path(p.staged) for p in produced if p.output.fmt == CHUNK_LAST_FRAME)
        joined.append(Produced(by_fmt["png"], str(png), describe(png, "png"), 0.0))
    return joined
