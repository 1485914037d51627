"""Jobs sent to worker processes and the results they send back (plain picklable dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rendering.options import Quality
from rendering.print_options import PrintOptions

__all__ = ["Output", "Job", "Produced", "JobResult", "RunStopped", "first_line"]


class RunStopped(RuntimeError):
    """The run cannot go on: a file in ``--out`` could not be written, ``--out`` went away, or the
    cluster running the jobs was lost."""


@dataclass(frozen=True)
class Output:
    """One file to produce: its format, its path relative to ``--out``, and why it is rendered."""

    fmt: str
    relpath: str
    inputs_hash: str
    reason: str


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to render one scene or figure into its private work folder."""

    kind: str  # the name of a rendering.kinds.JobKind
    name: str
    module: str
    attr: str  # the Scene class or the make_… function
    theme: str
    outputs: tuple[Output, ...]
    quality: Quality | None = None
    dpi: int = 300
    work_dir: str = ""
    payload: dict[str, Any] | None = None  # a lesson entry's parameters as JSON (lessons.params_from_payload)
    printing: PrintOptions | None = None  # figures: width, grayscale, PGF preamble
    chunk: tuple[int, int, int, int, int] | None = None  # scene chunks: (index, count, animations or 0, first, stop), rendering.chunking

    @property
    def label(self) -> str:
        """The job's name, with its chunk for a scene chunk: ``hiker_in_fog[2/3]``."""
        return self.name if self.chunk is None else f"{self.name}[{self.chunk[0] + 1}/{self.chunk[1]}]"


@dataclass(frozen=True)
class Produced:
    """A finished file waiting in the work folder, described, with the files that go beside it."""

    output: Output
    staged: str
    info: dict[str, Any]
    render_time_s: float
    companions: tuple[tuple[str, str, dict[str, Any]], ...] = ()  # (relpath, staged, info)


@dataclass(frozen=True)
class JobResult:
    """What became of a job: the produced files, or the first line of its error."""

    job: Job
    produced: tuple[Produced, ...] = ()
    error: str | None = None
    detail: str = ""
    elapsed_s: float = 0.0
    note: str = ""  # how it was rendered, when not as asked (one line), e.g. a scene rendered whole

    @property
    def ok(self) -> bool:
        return self.error is None


def first_line(exc: BaseException) -> str:
    """``Type: first line of the message``, the form the summary shows."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
