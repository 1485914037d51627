"""What the CLI prints: the dry-run plan, progress lines and the closing summary table."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from rendering.jobs import JobResult
from rendering.runner import RunReport

__all__ = ["print_plan", "print_summary", "format_bytes"]


def format_bytes(size: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size} B"


def print_plan(console: Console, report: RunReport) -> None:
    """The dry-run listing: each output that would be rendered, with its reason."""
    todo = [(p.job, o) for p in report.planned for o in p.job.outputs]
    fresh = sum(len(p.fresh) for p in report.planned)
    if not todo:
        console.print(f"Nothing to render: all {fresh} outputs are up to date.")
        return
    console.print(f"Would render {len(todo)} output(s) ({fresh} up to date):")
    for job, output in todo:
        console.print(f"  {output.relpath}  [{output.reason}]", markup=False)


def _row(result: JobResult) -> tuple[str, str, str, str, str]:
    if result.ok:
        size = sum(p.info.get("size", 0) for p in result.produced)
        formats = ", ".join(p.output.fmt for p in result.produced)
        return result.job.kind, result.job.name, "[green]ok[/]", f"{result.elapsed_s:.1f} s", f"{formats} ({format_bytes(size)})"
    return result.job.kind, result.job.name, "[red]FAILED[/]", f"{result.elapsed_s:.1f} s", result.error or ""


def print_summary(console: Console, report: RunReport) -> None:
    """The table at the end of a run, and one closing line with the counts."""
    fresh = sum(len(p.fresh) for p in report.planned)
    if not report.todo:
        console.print(f"Nothing to render: all {fresh} outputs are up to date.")
        return
    table = Table(title="gradviz render summary", title_justify="left")
    for column in ("kind", "name", "status", "time", "outputs / error"):
        table.add_column(column, overflow="fold")
    for result in report.results:
        table.add_row(*_row(result))
    done = {(r.job.kind, r.job.name) for r in report.results}
    for planned in report.todo:
        if (planned.job.kind, planned.job.name) not in done:
            table.add_row(planned.job.kind, planned.job.name, "[yellow]not run[/]", "", "interrupted")
    console.print(table)
    rendered = sum(len(r.produced) for r in report.results if r.ok)
    failed = report.failed
    line = f"Rendered {rendered} output(s), {fresh} up to date, {len(failed)} failed in {report.elapsed_s:.1f} s."
    if report.interrupted:
        line += " Interrupted: the next run finishes the job."
    console.print(line, style="red" if failed or report.interrupted else "green", highlight=False)
    for result in failed:
        console.print(f"FAILED {result.job.kind} {result.job.name}: {result.error}", style="red", markup=False,
                      highlight=False)
