"""``--chunks N|auto``: which scene jobs are cut into chunks, and a job runner that runs the
chunks like any jobs and hands the run one joined scene result (:mod:`rendering.chunk_join`).

``auto`` chunks only a scene the last manifest has measured (its render time, the part of it spent
on frames, its number of animations), and only when there are fewer scene jobs than workers:
the workers are shared out among the scenes by their render times, and a scene is cut into as
many chunks as its share allows and as pay. Every chunk pays the scene's set-up and skips again
(the time not spent on frames, ``T − F``) and draws its share of the frames, so ``n`` chunks take
about ``T − F + F / n`` — with ``n`` no more than the renders the cores hold at once (a render
keeps more than one core busy: Manim encodes in a thread beside the drawing); a scene is cut only
when that is at most ``WIN`` of ``T``. A scene never
measured is rendered whole (which measures it), so ``auto`` never pays for probing a scene.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence, Union

from rendering.chunk_join import join_chunks
from rendering.jobs import Job, JobResult
from rendering.scene_job import video_formats

__all__ = ["AUTO", "MAX_CHUNKS", "WIN", "Chunks", "parse_chunks", "chunkable", "chunk_counts", "predicted_time",
           "balanced_firsts", "chunk_jobs", "ChunkedRunner"]

AUTO = "auto"
MAX_CHUNKS = 256
WIN = 0.8  # auto: cut a scene only if its chunks are predicted to take at most this share of a whole render
# (the model leaves out skipping, which steps through frames where updaters run: measured 5-25 % of drawing them)
JOIN_S = 0.05  # auto: joining costs about this per chunk (a remux, in the parent)
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


def predicted_time(total_s: float, frames_s: float, count: int, parallel: float = math.inf) -> float:
    """A scene's render time in ``count`` chunks, from a whole render's time and the part of it
    spent on frames: each chunk repeats the rest (set-up, skipping), the frames divide among the
    chunks, but by no more than ``parallel`` (how many renders the cores hold at once)."""
    return total_s - frames_s + frames_s / min(count, max(1.0, parallel)) + JOIN_S * (count - 1)


def _best_count(total_s: float, frames_s: float, most: int, parallel: float) -> int:
    """The number of chunks, up to ``most``, predicted fastest; 1 unless it wins by ``WIN``."""
    if not (math.isfinite(total_s) and math.isfinite(frames_s) and 0 < frames_s <= total_s) or most <= 1:
        return 1
    best = min(range(1, most + 1), key=lambda n: predicted_time(total_s, frames_s, n, parallel))
    return best if predicted_time(total_s, frames_s, best, parallel) <= WIN * total_s else 1


def chunk_counts(jobs: Sequence[Job], chunks: Chunks, workers: int,
                 expected: Callable[[Job], float] = lambda job: math.inf,
                 frames: Callable[[Job], float] = lambda job: math.nan,
                 cpu: Callable[[Job], float] = lambda job: math.nan, cores: int | None = None) -> dict[int, int]:
    """How many chunks each job (by position in ``jobs``) is cut into; jobs left whole are absent.
    ``expected``: a job's last render time; ``frames``: the part of it spent on frames; ``cpu``:
    its processor seconds (a render keeps more than one core busy: Manim encodes in a thread beside
    the drawing), which with ``cores`` (default: this machine's) bounds what chunks can share."""
    cores = cores or os.cpu_count() or 1
    scenes = [i for i, job in enumerate(jobs) if chunkable(job)]
    if chunks != AUTO:
        return {i: int(chunks) for i in scenes} if int(chunks) > 1 else {}
    if not scenes or len(scenes) >= workers:
        return {}
    costs = [expected(jobs[i]) for i in scenes]
    weights = [c if math.isfinite(c) and c > 0 else 0.0 for c in costs]
    if not sum(weights):
        return {}
    shares = [workers * w / sum(weights) for w in weights]
    counts = [max(1, math.floor(s)) for s in shares]
    for k in sorted(range(len(scenes)), key=lambda k: counts[k] - shares[k]):  # largest remainders first
        if sum(counts) >= workers:
            break
        counts[k] += 1
    def parallel(job: Job, total: float) -> float:
        busy = cpu(job) / total if math.isfinite(cpu(job)) and total > 0 else 1.0
        return min(workers, cores / max(1.0, busy))

    counts = [_best_count(c, frames(jobs[i]), n, parallel(jobs[i], c)) for i, c, n in zip(scenes, costs, counts)]
    return {i: n for i, n in zip(scenes, counts) if n > 1}


def balanced_firsts(costs: Sequence[tuple[float, float]], count: int) -> list[int]:
    """The first animation of each of ``count`` chunks (at most one per animation), cut so that
    the slowest chunk is as quick as can be. ``costs``: per animation, ``(set-up before it, its frames)`` in seconds
    (:class:`~rendering.draw_clock.FrameClock`). A chunk ``[a, b)`` plays ``construct`` up to
    ``b`` (the last chunk: to the end), skipping to ``a``, and draws the frames of ``a … b − 1``;
    so later chunks, which pay more set-up, get fewer frames."""
    plays = len(costs)
    frames = [0.0]
    for _, spent in costs:
        frames.append(frames[-1] + spent)

    def cost(a: int, b: int) -> float:
        return costs[min(b, plays - 1)][0] + frames[b] - frames[a]

    def cuts(limit: float) -> list[int]:
        firsts, a = [], 0
        while a < plays:
            b = a + 1
            while b < plays and cost(a, b + 1) <= limit:
                b += 1
            firsts.append(a)
            a = b
        return firsts

    low, high = 0.0, cost(0, plays)
    for _ in range(60):  # bisect the slowest chunk's time
        middle = (low + high) / 2
        low, high = (low, middle) if len(cuts(middle)) <= count else (middle, high)
    firsts = cuts(high)
    while len(firsts) < min(count, plays):  # halving a chunk never makes the slowest slower
        bounds = list(zip(firsts, [*firsts[1:], plays]))
        a, b = max(bounds, key=lambda ab: (ab[1] - ab[0], -ab[0]))
        firsts = sorted([*firsts, (a + b) // 2])
    return firsts


def chunk_jobs(job: Job, count: int, animations: int = 0, costs: Sequence[tuple[float, float]] = ()) -> list[Job]:
    """The ``count`` chunk jobs of a scene job, each in its own folder inside the scene's, cut by
    :func:`balanced_firsts` when the last render's ``costs`` per animation are known, else in
    even shares. ``animations``: the scene's number
    of animations if known (else each chunk counts them). ``Job.chunk`` is ``(index, count,
    animations, first, stop)``, with ``first = stop = -1`` for an even share, ``stop = -1`` for the last."""
    if animations > 0 and len(costs) == animations and count > 1:
        firsts = balanced_firsts(costs, count)
        bounds = list(zip(firsts, [*firsts[1:], -1]))
    else:
        bounds = [(-1, -1)] * count
    return [replace(job, kind=CHUNK_KIND, chunk=(index, len(bounds), animations, first, stop),
                    work_dir=str(Path(job.work_dir) / f"chunk-{index}")) for index, (first, stop) in enumerate(bounds)]


def _scene_dir(chunk: Job) -> str:
    """The work folder of the scene job a chunk belongs to (its key: unique in a run)."""
    return str(Path(chunk.work_dir).parent)


class ChunkedRunner:
    """A job runner (:class:`rendering.cluster.JobRunner`) that cuts the scene jobs given in
    ``counts`` (by position) into chunks, runs them with the others on ``inner``, and reports one
    scene job to ``on_start`` and one joined result to ``on_done``, as if it had run whole."""

    def __init__(self, inner: Callable[..., list[JobResult]], counts: Mapping[int, int],
                 animations: Callable[[Job], int] = lambda job: 0,
                 costs: Callable[[Job], Sequence[tuple[float, float]]] = lambda job: ()) -> None:
        self.inner, self.counts, self.animations, self.costs = inner, dict(counts), animations, costs

    def __call__(self, jobs: Iterable[Job], *, on_start: Callable[[Job], None],
                 on_done: Callable[[JobResult], None]) -> list[JobResult]:
        expanded: list[Job] = []
        scene_of: dict[str, Job] = {}  # by the scene's work folder
        for position, job in enumerate(jobs):
            count = self.counts.get(position, 1)
            if count <= 1:
                expanded.append(job)
                continue
            for chunk in chunk_jobs(job, count, self.animations(job), self.costs(job)):
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
