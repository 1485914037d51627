"""Jobs on a Dask distributed cluster (``--scheduler``), or on local worker processes (``--jobs``).

``distributed`` is imported only when a scheduler is given: ``pip install 'gradviz[cluster]'``.
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
from collections import deque
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Protocol

from rendering.jobs import Job, JobResult, RunStopped, first_line
from rendering.options import RenderOptions
from rendering.pool import run_jobs
from rendering.remote_job import Packed, Returned, pack, run_packed, unpack

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["DEFAULT_PORT", "RETRIES", "SchedulerUnreachable", "SchedulerLost", "JobRunner", "scheduler_address", "job_runner",
           "connect", "run_on_cluster"]

DEFAULT_PORT = 8786  # Dask's
RETRIES = 1  # a job whose task raises (not one that fails: that is a result) runs once more
_SCHEMES = ("tcp", "tls", "ws", "wss")
_ONE_JOB_AT_A_TIME = threading.Lock()
_ADDRESS = re.compile(r"^(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?"
                      r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)"
                      r"(?::(?P<port>[^/]*))?/?$")


class SchedulerUnreachable(ConnectionError):
    """No Dask scheduler answers at the address given (or ``distributed`` is not installed)."""


class SchedulerLost(RunStopped):
    """The connection to the scheduler broke mid-run: every job not yet back is lost with it."""


class JobRunner(Protocol):
    """Runs jobs and returns their results, calling ``on_start`` and ``on_done`` for each
    (the contract of :func:`rendering.pool.run_jobs`); ``slots`` is how many it runs at once."""

    slots: int

    def __call__(self, jobs: Iterable[Job], *, on_start: Callable[[Job], None],
                 on_done: Callable[[JobResult], None]) -> list[JobResult]: ...


def scheduler_address(text: str) -> str:
    """``[tcp|tls|ws|wss://]HOST[:PORT]`` as a full address (tcp, port 8786 by default);
    ValueError (one line) for anything else."""
    match = _ADDRESS.match(text.strip())
    if not text.strip() or match is None:
        raise ValueError(f"{text!r} is not a scheduler address (HOST:PORT or tcp://HOST:PORT)")
    scheme = (match["scheme"] or "tcp").lower()
    if scheme not in _SCHEMES:
        raise ValueError(f"{text!r}: the scheme must be one of {', '.join(_SCHEMES)}; got {scheme!r}")
    port = match["port"]
    if port is None:
        port = str(DEFAULT_PORT)
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"{text!r}: the port must be a number from 1 to 65535; got {port!r}")
    return f"{scheme}://{match['host']}:{int(port)}"


def connect(address: str) -> Client:
    """A client of the scheduler at ``address``; SchedulerUnreachable after Dask's connect
    timeout (``distributed.comm.timeouts.connect``, 30 s by default)."""
    try:
        from distributed import Client
    except ImportError:
        raise SchedulerUnreachable("--scheduler needs Dask: pip install 'gradviz[cluster]'") from None
    try:
        return Client(address, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise SchedulerUnreachable(f"no Dask scheduler answers at {address} ({first_line(exc)})") from None


@contextmanager
def job_runner(options: RenderOptions) -> Iterator[JobRunner]:
    """How this run's jobs run: on ``options.jobs`` local processes, or on the cluster at
    ``options.scheduler``, connected now (SchedulerUnreachable before anything is written)."""
    if options.scheduler is None:
        local = partial(run_jobs, workers=options.jobs)
        local.slots = options.jobs  # type: ignore[attr-defined]
        yield local
        return
    client = connect(options.scheduler)
    with _dask_log_silenced():
        try:
            remote = partial(run_on_cluster, client)
            remote.slots = _slots(client)  # type: ignore[attr-defined]  # --chunks auto cuts for the cluster's workers
            yield remote
        finally:
            client.close()


@contextmanager
def _dask_log_silenced() -> Iterator[None]:
    """Dask's own log stays unprinted while gradviz runs jobs: what goes wrong is reported by
    gradviz, once (a lost scheduler as :class:`SchedulerLost`, a job that failed in its result),
    not as Dask's tracebacks of broken connections and given-up reconnections."""
    names = ["distributed", *(name for name in list(logging.root.manager.loggerDict) if name.startswith("distributed."))]
    loggers = [logging.getLogger(name) for name in names]  # Dask's config sets levels on children too
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def _slots(client: Client) -> int:
    """How many jobs the cluster runs at once now (its workers' threads), at least one."""
    try:
        return max(1, sum(client.nthreads().values()))
    except (OSError, TimeoutError):
        return 1


def _in_worker(packed: Packed) -> Returned:
    """The task a worker runs: the packed job in its own folder inside the worker's local
    directory, one job at a time per process whatever the worker's threads (Manim's config is global)."""
    from distributed import get_worker

    try:
        folder = get_worker().local_directory
    except ValueError:  # not in a worker (a client running tasks itself)
        folder = None
    with _ONE_JOB_AT_A_TIME:
        return run_packed(packed, folder)


def _scheduler_lost(client: Client, exc: BaseException) -> bool:
    """Whether a future failed because the client lost its scheduler (not because its task failed)."""
    return getattr(exc, "reason", None) == "scheduler-connection-lost" or client.status in ("connecting", "closed")


def _outcome(client: Client, future: Any, job: Job, unfinished: int) -> JobResult:
    """The job's result from its finished future; a task that erred (every worker that ran it
    died: KilledWorker) is a failed result naming the cause. SchedulerLost if the scheduler went
    away, naming the ``unfinished`` jobs (this one among them)."""
    try:
        returned = future.result()
    except Exception as exc:  # noqa: BLE001 - one job's failure, never the run's
        if _scheduler_lost(client, exc):
            address = getattr(client.scheduler, "address", None) or "its address"
            raise SchedulerLost(f"lost the Dask scheduler at {address} mid-run: {unfinished} "
                                f"job{'s' if unfinished != 1 else ''} not rendered (the next run renders them)") from None
        return JobResult(job, error=first_line(exc))
    return unpack(returned, job)


def run_on_cluster(client: Client, jobs: Iterable[Job], *, on_start: Callable[[Job], None] = lambda job: None,
                   on_done: Callable[[JobResult], None] = lambda result: None) -> list[JobResult]:
    """Run jobs on the cluster, in the order given, as many at a time as its workers have threads.

    Each job travels packed (:func:`rendering.remote_job.pack`) and comes back as bytes written
    into its local ``work_dir``. A worker lost mid-job has the job rescheduled on another by Dask
    (up to ``distributed.scheduler.allowed-failures`` times); a job that still fails is a failed
    result and the others carry on. A lost scheduler stops the run at once (SchedulerLost); on
    any exception (Ctrl-C) the jobs in flight are cancelled.
    """
    from distributed import as_completed

    queue = deque(jobs)
    running: dict[Any, Job] = {}
    finished = as_completed(loop=client.loop)
    results: list[JobResult] = []
    run_id = uuid.uuid4().hex[:8]

    def submit() -> None:
        slots = _slots(client) if queue else 0
        while queue and len(running) < slots:
            job = queue.popleft()
            on_start(job)
            try:
                packed = pack(job)
            except Exception as exc:  # noqa: BLE001 - a data file that cannot be read fails its job only
                results.append(JobResult(job, error=first_line(exc)))
                on_done(results[-1])
                continue
            future = client.submit(_in_worker, packed, key=f"gradviz-{run_id}-{job.kind}-{job.label}",
                                   pure=False, retries=RETRIES)
            running[future] = job
            finished.add(future)

    try:
        submit()
        for future in finished:
            job = running.pop(future)
            result = _outcome(client, future, job, len(running) + 1 + len(queue))
            future.release()
            results.append(result)
            on_done(result)
            submit()
    except SchedulerLost:
        raise  # nothing left to cancel: the scheduler forgot the jobs with the connection
    except BaseException:
        client.cancel(list(running))
        raise
    return results
