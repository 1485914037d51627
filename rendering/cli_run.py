"""The rendering subcommands' body: progress display, the run, the summary and the contact sheet."""

from __future__ import annotations

import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from rendering.catalogue import Catalogue
from rendering.cluster import SchedulerUnreachable
from rendering.contact_sheet import write_contact_sheet
from rendering.jobs import Job, JobResult
from rendering.manifest import Manifest
from rendering.options import RenderOptions
from rendering.kinds import SHEET_HEADINGS, contact_cards
from rendering.report import print_plan, print_summary
from rendering.runner import OutputBusy, OutputUnusable, RunReport, run

__all__ = ["execute_run"]

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


@contextmanager
def _run_signals() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C so the run cleans up the same way, and let a write over a
    file-size limit fail with EFBIG (reported) instead of SIGXFSZ killing the run."""
    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    wanted = [(signal.SIGTERM, handler)]
    if hasattr(signal, "SIGXFSZ"):
        wanted.append((signal.SIGXFSZ, signal.SIG_IGN))
    try:
        previous = [(sig, signal.signal(sig, action)) for sig, action in wanted]
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        for sig, action in previous:
            signal.signal(sig, action)


def execute_run(catalogue: Catalogue, entries: Sequence[Any], options: RenderOptions, *, command: str,
                stamp: Mapping[str, Any] | None = None) -> int:
    """Run, show progress and the summary, write the contact sheet; return the exit code.
    ``stamp`` joins the manifest's ``run`` (see :func:`rendering.shards.run_stamp`)."""
    out_console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 120)
    err_console = Console(file=sys.stderr, width=None if sys.stderr.isatty() else 120)
    live = err_console.is_terminal and not options.dry_run
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err_console, transient=True, disable=not live)
    running: dict[tuple[str, str], Job] = {}
    task = progress.add_task("rendering", total=None)

    def describe_running() -> str:
        names = ", ".join(name for _, name in running)
        return f"rendering {names}" if names else "rendering"

    def on_start(job: Job) -> None:
        running[(job.kind, job.name)] = job
        progress.update(task, description=describe_running())

    def on_done(result: JobResult) -> None:
        running.pop((result.job.kind, result.job.name), None)
        progress.update(task, advance=1, description=describe_running())
        status = ("ok" + (f"; {result.note}" if result.note else "")) if result.ok else f"FAILED: {result.error}"
        progress.console.print(f"{result.job.kind} {result.job.name}: {status} ({result.elapsed_s:.1f} s)",
                               markup=False, highlight=False, soft_wrap=True)

    def on_warning(message: str) -> None:
        progress.console.print(f"Warning: {message}", markup=False, highlight=False, soft_wrap=True)

    def on_finish(manifest: Manifest, report: RunReport, staging: Path) -> None:
        if options.preview:
            errors = {(r.job.kind, r.job.name): r.error or "" for r in report.failed}
            sheet = write_contact_sheet(options.out, contact_cards(entries, options, manifest.outputs, errors),
                                        headings=SHEET_HEADINGS, staging=staging)
            report_lines.append(f"Contact sheet: {sheet}")

    report_lines: list[str] = []
    try:
        with progress, _run_signals():
            report = run(catalogue, entries, options, command=command, on_start=on_start, on_done=on_done,
                         on_plan=lambda planned: progress.update(task, total=sum(p.todo for p in planned)),
                         on_warning=on_warning, on_finish=on_finish, stamp=stamp)
    except OutputBusy as exc:
        err_console.print(f"Error: {exc}", markup=False, highlight=False, soft_wrap=True)
        return EXIT_FAILED
    except (OutputUnusable, SchedulerUnreachable) as exc:
        err_console.print(f"Error: {exc}", markup=False, highlight=False, soft_wrap=True)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:  # before the workers started, or a second Ctrl-C while cleaning up
        err_console.print("Interrupted: the next run finishes the job.", markup=False, highlight=False, soft_wrap=True)
        return EXIT_INTERRUPTED
    if options.dry_run:
        print_plan(out_console, report)
        return 0
    if report.stopped:
        err_console.print(f"Error: {report.stopped}", markup=False, highlight=False, soft_wrap=True)
        return EXIT_FAILED
    print_summary(out_console, report)
    for line in report_lines:
        out_console.print(line, markup=False, highlight=False, soft_wrap=True)
    if report.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_FAILED if report.failed else 0
