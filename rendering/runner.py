"""One rendering run: lock ``--out``, plan, render in workers, commit files atomically, record."""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from rendering.catalogue import Catalogue
from rendering.jobs import Job, JobResult
from rendering.manifest import Manifest, now_iso
from rendering.options import RenderOptions
from rendering.plan import Planned, plan_run
from rendering.pool import run_jobs

__all__ = ["WORK_DIR", "LOCK_NAME", "RunReport", "OutputBusy", "run", "out_lock", "work_root_for"]

WORK_DIR = ".gradviz-work"
LOCK_NAME = ".gradviz.lock"


class OutputBusy(RuntimeError):
    """Another gradviz run holds the lock on this output folder."""


@dataclass
class RunReport:
    """What a run planned and what became of each job."""

    planned: list[Planned]
    results: list[JobResult] = field(default_factory=list)
    interrupted: bool = False
    elapsed_s: float = 0.0

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if not r.ok]

    @property
    def todo(self) -> list[Planned]:
        return [p for p in self.planned if p.todo]


def work_root_for(out: Path) -> Path:
    """Where a run renders before renaming into ``out``: a hidden sibling of ``out`` (so that
    ``out`` never holds a partial file, even after ``kill -9``), or inside ``out`` when the
    sibling would be on another filesystem or its parent is not writable."""
    out = out.resolve()
    sibling = out.parent / f".{out.name}.gradviz-work"
    try:
        device = (out if out.exists() else out.parent).stat().st_dev
        if os.access(out.parent, os.W_OK) and out.parent.stat().st_dev == device:
            return sibling
    except OSError:
        pass
    return out / WORK_DIR


@contextmanager
def out_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out`` for the run (released by the kernel if we are killed)."""
    handle = open(out / LOCK_NAME, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusy(f"another gradviz run is writing to {out}") from None
        yield
    finally:
        handle.close()


def _order(planned: Sequence[Planned], manifest: Manifest) -> list[Job]:
    """Stale jobs, scenes before figures, slowest first (longest-processing-time scheduling).

    A job's expected time is its outputs' last recorded render time, else the slowest recorded
    output of the same entry at any quality; entries never rendered go first.
    """
    by_entry: dict[tuple[str, str], float] = {}
    for record in manifest.outputs.values():
        key = (record.get("kind", ""), record.get("name", ""))
        by_entry[key] = max(by_entry.get(key, 0.0), float(record.get("render_time_s", 0.0)))

    def expected(job: Job) -> float:
        times = [manifest.outputs[o.relpath].get("render_time_s") for o in job.outputs if o.relpath in manifest.outputs]
        if times and None not in times:
            return float(sum(times))
        return by_entry.get((job.kind, job.name), float("inf"))

    jobs = [p.job for p in planned if p.todo]
    return sorted(jobs, key=lambda j: (j.kind != "scene", -expected(j)))


def _commit(out: Path, result: JobResult, manifest: Manifest) -> None:
    """Rename a job's finished files into ``out`` (atomic, same filesystem) and record them."""
    for produced in result.produced:
        for relpath, staged in [(produced.output.relpath, produced.staged),
                                *[(rel, src) for rel, src, _ in produced.companions]]:
            target = out / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
        manifest.record(result.job, produced)


def run(
    catalogue: Catalogue,
    entries: Sequence[Any],
    options: RenderOptions,
    *,
    command: str = "",
    on_plan: Callable[[list[Planned]], None] = lambda planned: None,
    on_start: Callable[[Job], None] = lambda job: None,
    on_done: Callable[[JobResult], None] = lambda result: None,
) -> RunReport:
    """Render the stale outputs of ``entries`` into ``options.out``; see :class:`RunReport`.

    Files are rendered in a work folder (:func:`work_root_for`) and renamed into place only when complete;
    the manifest is rewritten after every job, so an interrupted run loses at most the jobs in
    flight, and the work folder of a killed run is removed by the next one.
    """
    start = time.perf_counter()
    out = options.out
    if options.dry_run:  # read-only: no folder, no lock, no cleanup
        return RunReport(plan_run(catalogue, entries, options, Manifest.load(out)))
    out.mkdir(parents=True, exist_ok=True)
    with out_lock(out):
        work_root = work_root_for(out)
        shutil.rmtree(work_root, ignore_errors=True)  # leftovers of a killed run
        manifest = Manifest.load(out)
        planned = plan_run(catalogue, entries, options, manifest)
        manifest.prune()  # after planning, so that a deleted output is reported as "missing"
        report = RunReport(planned)
        on_plan(planned)
        jobs = [
            replace(job, work_dir=str(work_root / f"{job.kind}-{job.name}"))
            for job in _order(planned, manifest)
        ]
        manifest.run = {"command": command, "started": now_iso(), "finished": None,
                        "rendered": [], "failed": [], "up_to_date": sorted(r for p in planned for r in p.fresh)}

        def done(result: JobResult) -> None:
            if result.ok:
                try:
                    _commit(out, result, manifest)
                except OSError as exc:
                    result = replace(result, error=f"cannot move the files into {out}: {exc}")
            if result.ok:
                manifest.run["rendered"].extend(p.output.relpath for p in result.produced)
            else:
                manifest.run["failed"].append({"kind": result.job.kind, "name": result.job.name,
                                               "error": result.error, "traceback": result.detail})
            manifest.save(tmp_dir=work_root)
            report.results.append(result)
            on_done(result)

        try:
            if jobs:
                run_jobs(jobs, options.jobs, on_start=on_start, on_done=done)
        except KeyboardInterrupt:
            report.interrupted = True
        finally:
            manifest.run["finished"] = now_iso()
            manifest.run["interrupted"] = report.interrupted
            manifest.save(tmp_dir=work_root)
            shutil.rmtree(work_root, ignore_errors=True)
            report.elapsed_s = time.perf_counter() - start
    return report
