"""``--chunks N|auto``: which scene jobs are cut into chunks, and a job runner that runs the
chunks like any jobs and hands the run one joined scene result (:mod:`rendering.chunk_join`).

``auto`` chunks only when there are fewer scene jobs than workers, so that idle workers get
chunks: the workers are shared out among the scenes by their expected render time (the last
manifest's, else evenly), and a scene gets no more chunks than ``MIN_CHUNK_S`` of work each.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence, Union

from rendering.chunk_join import join_chunks
from rendering.jobs import Job, JobResult
from rendering.scene_job import video_formats

__all__ = ["AUTO", "MAX_CHUNKS", "MIN_CHUNK_S", "Chunks", "parse_chunks", "chunkable", "chunk_counts",
           "chunk_jobs", "ChunkedRunner"]

AUTO = "auto"
MAX_CHUNKS = 256
MIN_CHUNK_S = 4.0  # auto: a chunk costs a probe and a skip through the scene; below this it does not pay
SCENE_KIND, CHUNK_KIND = "scene", "scene-chunk"
Chunks = Union[int, str]  # a count, or AUTO


def parse_chunks(text: str) -> Chunks:
    """``N`` (1 to MAX_CHUNKS) or ``auto``; ValueError (one line) for anything else."""
    value = str(text).strip().lower()
    if value == AUTO:
        return AUTO
    if not value.isdigit() or not 1 <= int(value) <= MAX_CHUNKS:
        raise ValueError(f"{text!r} is not a number of chunks from 1 to {MAX_CHUNKS}, or 'auto'")
    return int(value)


def chunkable(job: Job) -> bool:
    """A scene job with a video output (a last frame alone is one play, nothing to cut)."""
    return job.kind == SCENE_KIND and job.chunk is None and bool(video_formats(job))


def chunk_counts(jobs: Sequence[Job], chunks: Chunks, workers: int,
                 expected: Callable[[Job], float] = lambda job: math.inf) -> dict[int, int]:
    """How many chunks each job (by position in ``jobs``) is cut into; jobs left whole are absent."""
    scenes = [i for i, job in enumerate(jobs) if chunkable(job)]
    if chunks != AUTO:
        return {i: int(chunks) for i in scenes} if int(chunks) > 1 else {}
    if not scenes or len(scenes) >= workers:
        return {}
    costs = [expected(jobs[i]) for i in scenes]
    known = all(math.isfinite(c) and c > 0 for c in costs)
    weights = costs if known else [1.0] * len(scenes)
    shares = [workers * w / sum(weights) for w in weights]
    counts = [max(1, math.floor(s)) for s in shares]
    for k in sorted(range(len(scenes)), key=lambda k: counts[k] - shares[k]):  # largest remainders first
        if sum(counts) >= workers:
            break
        counts[k] += 1
    if known:
        counts = [min(n, max(1, math.floor(c / MIN_CHUNK_S))) for n, c in zip(counts, costs)]
    return {i: n for i, n in zip(scenes, counts) if n > 1}


def chunk_jobs(job: Job, count: int, animations: int = 0) -> list[Job]:
    """The ``count`` chunk jobs of a scene job, each in its own folder inside the scene's;
    ``animations``: the scene's number of animations if known (else each chunk counts them)."""
    return [replace(job, kind=CHUNK_KIND, chunk=(index, count, animations),
                    work_dir=str(Path(job.work_dir) / f"chunk-{index}")) for index in range(count)]


def _scene_dir(chunk: Job) -> str:
    """The work folder of the scene job a chunk belongs to (its key: unique in a run)."""
    return str(Path(chunk.work_dir).parent)


class ChunkedRunner:
    """A job runner (:class:`rendering.cluster.JobRunner`) that cuts the scene jobs given in
    ``counts`` (by position) into chunks, runs them with the others on ``inner``, and reports one
    scene job to ``on_start`` and one joined result to ``on_done``, as if it had run whole."""

    def __init__(self, inner: Callable[..., list[JobResult]], counts: Mapping[int, int],
                 animations: Callable[[Job], int] = lambda job: 0) -> None:
        self.inner, self.counts, self.animations = inner, dict(counts), animations

    def __call__(self, jobs: Iterable[Job], *, on_start: Callable[[Job], None],
                 on_done: Callable[[JobResult], None]) -> list[JobResult]:
        expanded: list[Job] = []
        scene_of: dict[str, Job] = {}  # by the scene's work folder
        for position, job in enumerate(jobs):
            count = self.counts.get(position, 1)
            if count <= 1:
                expanded.append(job)
                continue
            for chunk in chunk_jobs(job, count, self.animations(job)):
                scene_of[job.work_dir] = job
                expanded.append(chunk)
        arrived: dict[str, list[JobResult]] = {}
        started: dict[str, float] = {}
        results: list[JobResult] = []

        def start(job: Job) -> None:
            if job.chunk is None:
                on_start(job)
            elif _scene_dir(job) not in started:
                started[_scene_dir(job)] = time.perf_counter()
                on_start(scene_of[_scene_dir(job)])

        def done(result: JobResult) -> None:
            job = result.job
            if job.chunk is None:
                results.append(result)
                on_done(result)
                return
            key = _scene_dir(job)
            batch = arrived.setdefault(key, [])
            batch.append(result)
            if len(batch) == job.chunk[1]:
                joined = join_chunks(scene_of[key], batch, time.perf_counter() - started.get(key, time.perf_counter()))
                results.append(joined)
                on_done(joined)

        self.inner(expanded, on_start=start, on_done=done)
        return results
