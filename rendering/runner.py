"""One rendering run: lock ``--out``, plan, render in workers, commit files atomically, record."""

from __future__ import annotations

import math
import stat
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from rendering.atomic_io import WriteFailed, install_file
from rendering.catalogue import Catalogue
from rendering.chunking import ChunkedRunner, chunk_counts
from rendering.cluster import JobRunner, job_runner
from rendering.jobs import Job, JobResult, RunStopped
from rendering.kinds import kind_of
from rendering.manifest import MANIFEST_NAME, Manifest, now_iso
from rendering.options import RenderOptions
from rendering.plan import Planned, plan_run
from rendering.workspace import LOCK_NAME, OutputBusy, OutputUnusable, Workspace, out_lock, workspace_for

__all__ = ["LOCK_NAME", "RunReport", "RunStopped", "OutputBusy", "OutputUnusable", "run", "out_lock",
           "work_root_for", "check_out"]


@dataclass
class RunReport:
    """What a run planned and what became of each job."""

    planned: list[Planned]
    results: list[JobResult] = field(default_factory=list)
    interrupted: bool = False
    stopped: str | None = None  # why the run stopped early (one line), if it did
    elapsed_s: float = 0.0

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if not r.ok]

    @property
    def todo(self) -> list[Planned]:
        return [p for p in self.planned if p.todo]


def work_root_for(out: Path) -> Path:
    """Where a run's workers render for ``out`` (see :func:`rendering.workspace.workspace_for`)."""
    return workspace_for(out).scratch


def check_out(out: Path) -> None:
    """Refuse (OutputUnusable) an ``out`` whose manifest or lock file is a folder or a special file."""
    for name in (MANIFEST_NAME, LOCK_NAME):
        path = out / name
        try:
            mode = path.stat().st_mode
        except OSError:
            continue
        if stat.S_ISDIR(mode):
            raise OutputUnusable(f"{path} is a folder, not gradviz's file: move it away")
        if not stat.S_ISREG(mode):
            raise OutputUnusable(f"{path} is not a regular file: move it away")


def expected_time(manifest: Manifest) -> Callable[[Job], float]:
    """A job's expected render time: its outputs' last recorded render time, else the slowest
    recorded output of the same entry at any quality, else infinity (never rendered)."""
    by_entry: dict[tuple[str, str], float] = {}
    for record in manifest.outputs.values():
        key = (record.get("kind", ""), record.get("name", ""))
        by_entry[key] = max(by_entry.get(key, 0.0), float(record.get("render_time_s", 0.0)))

    def expected(job: Job) -> float:
        times = [manifest.outputs[o.relpath].get("render_time_s") for o in job.outputs if o.relpath in manifest.outputs]
        if times and None not in times:
            return float(sum(times))
        return by_entry.get((job.kind, job.name), float("inf"))

    return expected


def _recorded(manifest: Manifest, key: str) -> Callable[[Job], float]:
    """A number the scene job records per video output (``frames_s``: the part of the render time
    spent on frames; ``cpu_s``: its processor seconds), summed over the job's outputs, else NaN."""
    def value(job: Job) -> float:
        found = [manifest.outputs.get(o.relpath, {}).get(key) for o in job.outputs]
        numbers = [float(f) for f in found if isinstance(f, (int, float))]
        return sum(numbers) if numbers else math.nan

    return value


def _play_costs(manifest: Manifest) -> Callable[[Job], list[tuple[float, float]]]:
    """A scene job's ``(set-up before, frames)`` per animation as its last whole render recorded them, else []."""
    def costs(job: Job) -> list[tuple[float, float]]:
        for output in job.outputs:
            found = manifest.outputs.get(output.relpath, {}).get("play_costs")
            if isinstance(found, list) and all(isinstance(c, list) and len(c) == 2 for c in found):
                return [(float(a), float(b)) for a, b in found]
        return []

    return costs


def _animations(manifest: Manifest) -> Callable[[Job], int]:
    """A scene job's number of animations as its outputs' last render recorded it, else 0."""
    def animations(job: Job) -> int:
        found = [manifest.outputs.get(o.relpath, {}).get("animations") for o in job.outputs]
        return next((int(n) for n in found if isinstance(n, int) and n > 0), 0)

    return animations


def _order(planned: Sequence[Planned], manifest: Manifest) -> list[Job]:
    """Stale jobs, by their kind's priority (scenes before figures), slowest first
    (longest-processing-time scheduling, by :func:`expected_time`: entries never rendered first)."""
    expected = expected_time(manifest)
    jobs = [p.job for p in planned if p.todo]
    return sorted(jobs, key=lambda j: (kind_of(j.kind).priority, -expected(j)))


def _identity(folder: Path) -> tuple[int, int]:
    info = folder.stat()
    return info.st_dev, info.st_ino


class _Committer:
    """Moves finished files into ``out`` and keeps the manifest true to what is there."""

    def __init__(self, out: Path, manifest: Manifest, staging: Path) -> None:
        self.out, self.manifest, self.staging = out, manifest, staging
        self.identity = _identity(out)

    def check_out(self) -> None:
        """Stop if ``out`` was deleted or replaced: never recreate it behind the user's back."""
        try:
            same = _identity(self.out) == self.identity
        except OSError:
            same = False
        if not same:
            raise RunStopped(f"{self.out} was removed during the run; stopped (the next run renders what is missing)")

    def save(self) -> None:
        self.check_out()
        try:
            self.manifest.save(tmp_dir=self.staging)
        except WriteFailed as exc:
            self.check_out()  # a vanished ``out`` is the cause to report
            raise RunStopped(str(exc)) from None

    def commit(self, result: JobResult) -> None:
        """Record the job's outputs, write the manifest, then rename the files into place.

        The manifest goes first: if the run dies between the two, the manifest names files whose
        SHA-256 does not match (or which are missing), so the next run renders them again.
        """
        before = {p.output.relpath: self.manifest.outputs.get(p.output.relpath) for p in result.produced}
        rendered = self.manifest.run.setdefault("rendered", [])
        for produced in result.produced:
            self.manifest.record(result.job, produced)
            rendered.append(produced.output.relpath)
        arrived: set[str] = set()
        try:
            self.save()
            for produced in result.produced:
                for relpath, staged in [(produced.output.relpath, produced.staged),
                                        *[(rel, src) for rel, src, _ in produced.companions]]:
                    self._install(Path(staged), relpath)
                arrived.add(produced.output.relpath)
        except RunStopped:
            for relpath, record in before.items():  # forget what did not arrive
                if relpath in arrived:
                    continue
                rendered.remove(relpath)
                if record is None:
                    self.manifest.outputs.pop(relpath, None)
                else:
                    self.manifest.outputs[relpath] = record
            raise

    def _install(self, staged: Path, relpath: str) -> None:
        target = self.out / relpath
        folder = self.out
        for part in Path(relpath).parent.parts:  # one level at a time: ``out`` itself is never recreated
            folder = folder / part
            try:
                folder.mkdir(exist_ok=True)
            except OSError as exc:
                self.check_out()
                raise RunStopped(str(WriteFailed(folder, exc))) from None
        try:
            install_file(staged, target, staging=self.staging)
        except WriteFailed as exc:
            self.check_out()
            raise RunStopped(str(exc)) from None


def run(
    catalogue: Catalogue,
    entries: Sequence[Any],
    options: RenderOptions,
    *,
    command: str = "",
    on_plan: Callable[[list[Planned]], None] = lambda planned: None,
    on_start: Callable[[Job], None] = lambda job: None,
    on_done: Callable[[JobResult], None] = lambda result: None,
    on_warning: Callable[[str], None] = lambda message: None,
    on_finish: Callable[[Manifest, RunReport, Path], None] = lambda manifest, report, staging: None,
    stamp: Mapping[str, Any] | None = None,
) -> RunReport:
    """Render the stale outputs of ``entries`` into ``options.out``; see :class:`RunReport`.

    Files are rendered in work folders (:func:`rendering.workspace.workspace_for`) and renamed
    into place only when complete; the manifest is rewritten after every job, so an interrupted run
    loses at most the jobs in flight, and the work folders of a killed run are removed by the next
    one. A write that fails (disk full, file-size limit) or ``out`` vanishing stops the run with
    ``report.stopped`` set. ``on_finish`` runs under the lock before the work folders are removed.
    ``stamp`` joins the manifest's ``run`` (the settings, selection and shard, for ``gradviz merge``).
    Raises OutputBusy (another run) and OutputUnusable (bad ``out``) before doing anything.
    """
    start = time.perf_counter()
    out = options.out
    if out.is_dir():
        check_out(out)
    if options.dry_run:  # read-only: no folder, no lock, no cleanup
        manifest = Manifest.load(out)
        if manifest.warning:
            on_warning(manifest.warning)
        return RunReport(plan_run(catalogue, entries, options, manifest))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputUnusable(str(WriteFailed(out, exc))) from None
    with job_runner(options) as execute_jobs, out_lock(out):  # a --scheduler is reached first
        check_out(out)
        workspace = workspace_for(out)
        try:
            report = _run_locked(catalogue, entries, options, workspace, execute_jobs, command=command,
                                 on_plan=on_plan, on_start=on_start, on_done=on_done, on_warning=on_warning,
                                 on_finish=on_finish, stamp=stamp or {})
        finally:
            workspace.clean()
    report.elapsed_s = time.perf_counter() - start
    return report


def _run_locked(catalogue: Catalogue, entries: Sequence[Any], options: RenderOptions, workspace: Workspace,
                execute_jobs: JobRunner, *,
                command: str, on_plan: Callable[[list[Planned]], None], on_start: Callable[[Job], None],
                on_done: Callable[[JobResult], None], on_warning: Callable[[str], None],
                on_finish: Callable[[Manifest, RunReport, Path], None], stamp: Mapping[str, Any]) -> RunReport:
    """The body of :func:`run` once ``out`` is locked."""
    out = options.out
    workspace.clean()  # leftovers of a killed run
    manifest = Manifest.load(out)
    if manifest.warning:
        on_warning(manifest.warning)
    planned = plan_run(catalogue, entries, options, manifest)
    manifest.prune()  # after planning, so that a deleted output is reported as "missing"
    report = RunReport(planned)
    try:
        workspace.prepare()
    except OSError as exc:
        report.stopped = str(WriteFailed(workspace.scratch, exc))
        return report
    committer = _Committer(out, manifest, workspace.staging)
    on_plan(planned)
    jobs = [replace(job, work_dir=str(workspace.scratch / f"{job.kind}-{job.name}"))
            for job in _order(planned, manifest)]
    manifest.run = {"command": command, "started": now_iso(), "finished": None,
                    "rendered": [], "failed": [], "up_to_date": sorted(r for p in planned for r in p.fresh), **stamp}

    def done(result: JobResult) -> None:
        stop = None
        try:
            if result.ok:
                committer.commit(result)
            else:
                manifest.run["failed"].append({"kind": result.job.kind, "name": result.job.name,
                                               "error": result.error, "traceback": result.detail})
                committer.save()
        except RunStopped as exc:
            stop = exc
            if result.ok:
                result = replace(result, produced=(), error=str(exc))
        report.results.append(result)
        if stop is not None:
            raise stop  # reported once, as the run's error
        on_done(result)

    slots = getattr(execute_jobs, "slots", options.jobs)  # a cluster's: its workers' threads, taken as its cores
    counts = chunk_counts(jobs, options.chunks, slots, expected_time(manifest), _recorded(manifest, "frames_s"),
                          _recorded(manifest, "cpu_s"), cores=slots if options.scheduler else None)
    if counts:
        execute_jobs = ChunkedRunner(execute_jobs, counts, _animations(manifest), _play_costs(manifest))
    try:
        if jobs:
            execute_jobs(jobs, on_start=on_start, on_done=done)
    except KeyboardInterrupt:
        report.interrupted = True
    except RunStopped as exc:
        report.stopped = str(exc)
    try:
        manifest.run["finished"] = now_iso()
        manifest.run["interrupted"] = report.interrupted
        committer.save()
        if report.stopped is None:
            on_finish(manifest, report, workspace.staging)
    except RunStopped as exc:
        report.stopped = report.stopped or str(exc)
    except WriteFailed as exc:
        report.stopped = str(exc)
    except KeyboardInterrupt:
        report.interrupted = True
    return report
