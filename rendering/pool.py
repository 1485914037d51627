"""A small process pool that knows which job each worker runs, so a killed worker fails one job."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import time
from collections import deque
from contextlib import contextmanager
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterable, Iterator

from rendering.jobs import Job, JobResult
from rendering.kinds import execute

__all__ = ["run_jobs"]


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when the parent dies (a ``kill -9`` of the run)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except OSError:
            pass


def _no_shared_semaphores() -> None:
    """Keep tqdm (Manim's progress bars) from creating a multiprocessing lock in the worker: a
    worker killed while holding one makes Python warn of "leaked semaphore objects" at exit."""
    try:
        from tqdm.std import TqdmDefaultWriteLock
    except ImportError:
        return
    TqdmDefaultWriteLock.mp_lock = None


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back while a worker is started: the child inherits the blocked signal
    until it ignores it, so a Ctrl-C during its start-up is not a traceback in the child, and the
    parent still gets its own once unblocked."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _worker_main(conn: Connection, parent_pid: int) -> None:
    """Worker loop: receive a job, run it, send the result; ``None`` ends the loop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if hasattr(signal, "SIGXFSZ"):  # over a file-size limit a write fails (EFBIG) instead of killing us
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    _die_with_parent()
    _no_shared_semaphores()
    if os.getppid() != parent_pid:
        return
    os.environ.setdefault("MPLBACKEND", "Agg")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        conn.send(execute(job))


def _signal_name(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


class _Worker:
    def __init__(self, ctx: mp.context.BaseContext) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, os.getpid()), daemon=True)
        with _ctrl_c_held():
            self.process.start()
        child.close()
        self.job: Job | None = None
        self.started = 0.0

    def assign(self, job: Job) -> None:
        self.job, self.started = job, time.perf_counter()
        self.conn.send(job)

    def stop(self, *, kill: bool = False) -> None:
        if self.process.is_alive():
            if kill:
                self.process.kill()
            else:
                try:
                    self.conn.send(None)
                except OSError:
                    pass
        self.process.join(timeout=None if not kill else 5)
        self.conn.close()


def run_jobs(
    jobs: Iterable[Job],
    workers: int,
    *,
    on_start: Callable[[Job], None] = lambda job: None,
    on_done: Callable[[JobResult], None] = lambda result: None,
) -> list[JobResult]:
    """Run jobs on ``workers`` spawned processes, one job per process at a time, in order given.

    A worker that dies mid-job (killed, crashed interpreter) yields a failed result for that job
    and is replaced; the other jobs carry on. On KeyboardInterrupt all workers are killed.
    """
    ctx = mp.get_context("spawn")
    queue = deque(jobs)
    pool: list[_Worker] = []
    results: list[JobResult] = []
    try:
        while queue or any(w.job is not None for w in pool):
            idle = [w for w in pool if w.job is None]
            while len(queue) > len(idle) and len(pool) < workers:
                pool.append(_Worker(ctx))
                idle.append(pool[-1])
            for worker in idle:
                if queue:
                    on_start(queue[0])
                    worker.assign(queue.popleft())
            busy = [w for w in pool if w.job is not None]
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            for worker in busy:
                result = None
                if worker.conn in ready:
                    try:
                        result = worker.conn.recv()
                    except (EOFError, OSError):
                        result = None
                if result is None and worker.process.sentinel not in ready and worker.conn not in ready:
                    continue
                if result is None:
                    worker.process.join(timeout=5)
                    result = JobResult(worker.job, error=f"worker process died ({_signal_name(worker.process.exitcode)})",
                                       elapsed_s=time.perf_counter() - worker.started)
                    pool.remove(worker)
                    worker.conn.close()
                worker.job = None
                results.append(result)
                on_done(result)
    except BaseException:
        for worker in pool:
            worker.stop(kill=True)
        raise
    for worker in pool:
        worker.stop()
    return results
