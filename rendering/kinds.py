"""Job kinds as objects: each knows its outputs, its inputs, its contact-sheet card and how it renders.

A job stays plain picklable data (:class:`~rendering.jobs.Job`, whose ``kind`` is a kind's
``name``); everything that differs between kinds lives here, behind :data:`KINDS`. Adding a kind
is one class and one line in the registry, never a ``kind == "..."`` test elsewhere.

:class:`JobKind` is what a worker needs (``render``); :class:`EntryKind` adds what the parent
needs for a catalogue entry (its outputs' paths, its inputs, its card). A kind derived from
another job (a scene chunk, say) subclasses :class:`JobKind` only.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping, Sequence

from rendering.chunk_job import render_chunk
from rendering.contact_sheet import Card
from rendering.figure_job import render_figure
from rendering.jobs import Job, JobResult, Output, Produced, first_line
from rendering.options import DEFAULT_FIGURE_THEME, DEFAULT_SCENE_THEME, RenderOptions
from rendering.print_options import PrintOptions
from rendering.scene_job import render_scene

__all__ = ["JobKind", "EntryKind", "SceneKind", "SceneChunkKind", "FigureKind", "SCENE", "SCENE_CHUNK", "FIGURE", "KINDS", "ENTRY_KINDS",
           "SHEET_HEADINGS", "kind_of", "entry_kind", "contact_cards", "execute"]


class JobKind:
    """A kind of job a worker can run: its name (``Job.kind``) and how it renders."""

    name: str = ""
    priority: int = 0  # scheduling tier: lower goes first (long jobs before short ones)
    draws_text: bool = False  # its bytes depend on the text backend (LaTeX or the Pango fallback)
    renderer: tuple[str, ...] = ()  # worker modules that shape its bytes: in a job's code_of, an entry's inputs

    def render(self, job: Job, work: Path) -> list[Produced]:
        """Produce every output of ``job`` in the work folder ``work``."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


class EntryKind(JobKind):
    """A kind of catalogue entry (scene, figure): its outputs, their inputs, its card."""

    group: str = ""  # the catalogue group and the ``--out`` subfolder ("scenes")
    heading: str = ""  # its section of the contact sheet
    fallback_cost_s: float = 1.0  # expected render time when no manifest tells (shard balancing)
    default_theme: str = ""
    linked_formats: tuple[str, ...] = ()  # formats the card links to

    def theme(self, options: RenderOptions, entry: Any) -> str:
        """The theme the entry renders in: --theme, else its lesson's theme, else the kind's default."""
        return options.theme or getattr(entry, "theme", None) or self.default_theme

    def formats(self, options: RenderOptions) -> tuple[str, ...]:
        raise NotImplementedError

    def relpath(self, name: str, fmt: str, theme: str, quality_tag: str | None = None,
                printing: PrintOptions | None = None) -> str:
        """Where an output lives inside ``--out``; non-default themes get a ``_<theme>`` suffix."""
        raise NotImplementedError

    def quality_tag(self, options: RenderOptions) -> str | None:
        return None

    def relpaths(self, entry: Any, options: RenderOptions) -> list[str]:
        """Every output the entry makes in a run with ``options``."""
        theme, tag = self.theme(options, entry), self.quality_tag(options)
        return [self.relpath(entry.name, fmt, theme, tag, options.printing) for fmt in self.formats(options)]

    def format_inputs(self, options: RenderOptions, fmt: str) -> dict[str, Any]:
        """Settings one output format's bytes depend on, beyond ``fingerprint``."""
        return {}

    def fingerprint(self, entry: Any, options: RenderOptions, text_backend: str) -> dict[str, Any]:
        """The settings an output's bytes depend on (besides sources, the entry and versions)."""
        raise NotImplementedError

    def job(self, entry: Any, options: RenderOptions, outputs: Sequence[Output]) -> Job:
        """The job that renders ``outputs`` of ``entry``."""
        payload = getattr(entry, "payload", None)
        return Job(self.name, entry.name, entry.module, entry.attr, self.theme(options, entry), tuple(outputs),
                   dpi=options.dpi, payload=dict(payload) if payload is not None else None)

    def card(self, entry: Any, options: RenderOptions, recorded: Mapping[str, Any], error: str | None) -> Card:
        """The entry's contact-sheet tile: its PNG if recorded, links to its other recorded outputs."""
        theme, tag = self.theme(options, entry), self.quality_tag(options)
        links = tuple((fmt, self.relpath(entry.name, fmt, theme, tag, options.printing)) for fmt in self.linked_formats)
        image = self.relpath(entry.name, "png", theme, tag, options.printing)
        return Card(self.name, entry.name, self.alt_text(entry), entry.description,
                    image if image in recorded else None,
                    tuple((label, rel) for label, rel in links if rel in recorded), error)

    def alt_text(self, entry: Any) -> str:
        raise NotImplementedError

    def listing(self, entry: Any) -> dict[str, Any]:
        """Fields of ``gradviz list --json`` beyond kind, name and description."""
        return {}


class SceneKind(EntryKind):
    """A Manim scene: videos and a last frame, at the run's quality."""

    name, group, heading = "scene", "scenes", "Scenes (last frame)"
    draws_text = True
    renderer = ("rendering.scene_job",)
    fallback_cost_s = 30.0
    default_theme = DEFAULT_SCENE_THEME
    linked_formats = ("mp4", "webm", "gif")

    def render(self, job: Job, work: Path) -> list[Produced]:
        return render_scene(job, work)

    def formats(self, options: RenderOptions) -> tuple[str, ...]:
        return options.formats

    def quality_tag(self, options: RenderOptions) -> str | None:
        return options.quality.tag

    def relpath(self, name: str, fmt: str, theme: str, quality_tag: str | None = None,
                printing: PrintOptions | None = None) -> str:
        suffix = "" if theme == self.default_theme else f"_{theme}"
        return f"{self.group}/{quality_tag}/{name}{suffix}.{fmt}"

    def fingerprint(self, entry: Any, options: RenderOptions, text_backend: str) -> dict[str, Any]:
        quality = options.quality
        return {"kind": self.name, "module": entry.module, "attr": entry.attr, "theme": self.theme(options, entry),
                "pixel_width": quality.pixel_width, "pixel_height": quality.pixel_height,
                "frame_rate": quality.frame_rate, "text_backend": text_backend}

    def job(self, entry: Any, options: RenderOptions, outputs: Sequence[Output]) -> Job:
        return replace(super().job(entry, options, outputs), quality=options.quality)

    def alt_text(self, entry: Any) -> str:
        return f"Last frame of the scene {entry.name}: {entry.description}"


class FigureKind(EntryKind):
    """A matplotlib figure: vector or raster files at the run's dpi."""

    name, group, heading = "figure", "figures", "Figures"
    priority = 1
    renderer = ("rendering.figure_job", "figures.save")
    fallback_cost_s = 3.0
    default_theme = DEFAULT_FIGURE_THEME
    linked_formats = ("pdf", "svg")

    def render(self, job: Job, work: Path) -> list[Produced]:
        return render_figure(job, work)

    def formats(self, options: RenderOptions) -> tuple[str, ...]:
        return options.figure_formats

    def relpath(self, name: str, fmt: str, theme: str, quality_tag: str | None = None,
                printing: PrintOptions | None = None) -> str:
        """``figures/[<width>/]<name>[_<theme>][_gray].<fmt>`` (``PrintOptions.place``)."""
        suffix = "" if theme == self.default_theme else f"_{theme}"
        return (printing or PrintOptions()).place(name, suffix, fmt)

    def fingerprint(self, entry: Any, options: RenderOptions, text_backend: str) -> dict[str, Any]:
        return {"kind": self.name, "module": entry.module, "attr": entry.attr, "theme": self.theme(options, entry),
                "dpi": options.dpi, "width": getattr(entry, "width", None)}

    def format_inputs(self, options: RenderOptions, fmt: str) -> dict[str, Any]:
        return options.printing.inputs(fmt)

    def job(self, entry: Any, options: RenderOptions, outputs: Sequence[Output]) -> Job:
        return replace(super().job(entry, options, outputs), printing=options.printing)

    def alt_text(self, entry: Any) -> str:
        return entry.alt_text

    def listing(self, entry: Any) -> dict[str, Any]:
        return {"alt_text": entry.alt_text}


class SceneChunkKind(JobKind):
    """One range of a scene's animations (``Job.chunk``), joined into the scene's files in the
    parent (:mod:`rendering.chunking`); a scene that cannot be cut is rendered whole by chunk 0."""

    name = "scene-chunk"
    draws_text = True
    renderer = ("rendering.chunk_job",)

    def render(self, job: Job, work: Path) -> list[Produced]:
        return render_chunk(job, work)


SCENE = SceneKind()
SCENE_CHUNK = SceneChunkKind()
FIGURE = FigureKind()
ENTRY_KINDS: tuple[EntryKind, ...] = (SCENE, FIGURE)  # catalogue order: scenes first
KINDS: dict[str, JobKind] = {**{kind.name: kind for kind in ENTRY_KINDS}, SCENE_CHUNK.name: SCENE_CHUNK}
SHEET_HEADINGS = tuple((kind.name, kind.heading) for kind in ENTRY_KINDS)  # the contact sheet's sections


def kind_of(name: str) -> JobKind:
    """The kind called ``name`` (a job's ``kind``); KeyError names the known ones."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown job kind {name!r} (known: {', '.join(KINDS)})") from None


def entry_kind(entry: Any) -> EntryKind:
    """The kind of a catalogue entry (its ``kind`` attribute names it)."""
    kind = kind_of(entry.kind)
    if not isinstance(kind, EntryKind):
        raise KeyError(f"{entry.kind!r} is not a kind of catalogue entry")
    return kind


def contact_cards(entries: Sequence[Any], options: RenderOptions, recorded: Mapping[str, Any],
                  errors: Mapping[tuple[str, str], str]) -> list[Card]:
    """One contact-sheet card per entry, in order: its PNG if ``recorded``, else its error (by kind, name)."""
    return [entry_kind(entry).card(entry, options, recorded, errors.get((entry.kind, entry.name)))
            for entry in entries]


def execute(job: Job) -> JobResult:
    """Run a job in this process; any exception becomes a failed result, never a crash."""
    start = time.perf_counter()
    work = Path(job.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    try:
        produced = kind_of(job.kind).render(job, work)
    except BaseException as exc:  # noqa: BLE001 - isolate every failure, including SystemExit
        if isinstance(exc, KeyboardInterrupt):
            raise
        return JobResult(job, error=first_line(exc), detail=traceback.format_exc(),
                         elapsed_s=time.perf_counter() - start)
    return JobResult(job, produced=tuple(produced), elapsed_s=time.perf_counter() - start)
