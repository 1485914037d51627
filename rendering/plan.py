"""Which outputs a run must render, and why: new, changed, forced, missing or modified."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from rendering.catalogue import Catalogue
from rendering.checks import text_backend
from rendering.deps import inputs_hash, local_sources, versions
from rendering.jobs import Job, Output
from rendering.manifest import Manifest
from rendering.media import sha256_file
from rendering.options import DEFAULT_FIGURE_THEME, DEFAULT_SCENE_THEME, RenderOptions
from rendering.print_options import PrintOptions

__all__ = ["Planned", "output_path", "plan_run", "staleness"]

# Worker code that shapes the bytes of an output: part of every output's inputs.
_SCENE_RENDERER = ("rendering.scene_job",)
_FIGURE_RENDERER = ("rendering.figure_job", "figures.save")


@dataclass(frozen=True)
class Planned:
    """One catalogue entry in this run: the job for its stale outputs and its fresh ones."""

    job: Job
    fresh: tuple[str, ...]

    @property
    def todo(self) -> bool:
        return bool(self.job.outputs)


def output_path(kind: str, name: str, fmt: str, theme: str, quality_tag: str | None = None,
                printing: PrintOptions = PrintOptions()) -> str:
    """Where an output lives inside ``--out``; non-default themes get a ``_<theme>`` suffix, figures
    at a chosen width a folder of it, grayscale ones ``_gray`` (``PrintOptions.place``)."""
    if kind == "scene":
        suffix = "" if theme == DEFAULT_SCENE_THEME else f"_{theme}"
        return f"scenes/{quality_tag}/{name}{suffix}.{fmt}"
    suffix = "" if theme == DEFAULT_FIGURE_THEME else f"_{theme}"
    return printing.place(name, suffix, fmt)


def staleness(out: Path, relpath: str, wanted_hash: str, record: dict[str, Any] | None, force: bool) -> str | None:
    """Why an output must be rendered, or None when it is fresh."""
    if force:
        return "forced"
    if record is None:
        return "new"
    if not (out / relpath).is_file():
        return "missing"
    if record.get("inputs_hash") != wanted_hash:
        return "changed"
    for item in [record, *record.get("companions", [])]:
        path = out / item["path"]
        if not path.is_file() or sha256_file(path) != item.get("sha256"):
            return "modified"
    return None


def plan_run(catalogue: Catalogue, entries: Sequence[Any], options: RenderOptions, manifest: Manifest) -> list[Planned]:
    """Plan every selected entry: its outputs, their inputs' hashes, and which ones are stale."""
    lib_versions = versions()
    backend = text_backend()  # outputs drawn with the Pango fallback are stale once LaTeX is there
    planned = []
    for entry in entries:
        kind = catalogue.kind_of(entry)
        attr = entry.attr
        if kind == "scene":
            theme, formats = options.scene_theme(entry.theme), options.formats
            renderer, tag = _SCENE_RENDERER, options.quality.tag
            base = {"kind": kind, "module": entry.module, "attr": attr, "theme": theme,
                    "pixel_width": options.quality.pixel_width, "pixel_height": options.quality.pixel_height,
                    "frame_rate": options.quality.frame_rate, "text_backend": backend}
        else:
            theme, formats = options.figure_theme(entry.theme), options.figure_formats
            renderer, tag = _FIGURE_RENDERER, None
            base = {"kind": kind, "module": entry.module, "attr": attr, "theme": theme,
                    "dpi": options.dpi, "width": getattr(entry, "width", None)}
        payload = getattr(entry, "payload", None)
        if payload is not None:  # the entry's own table, its landscapes and data files
            base["lesson"] = entry.inputs()
        sources = local_sources([entry.module, *renderer], catalogue.roots)
        outputs, fresh = [], []
        for fmt in formats:
            printing = options.printing if kind == "figure" else PrintOptions()
            relpath = output_path(kind, entry.name, fmt, theme, tag, printing)
            wanted = inputs_hash(sources, {**base, "format": fmt, **printing.inputs(fmt)}, lib_versions)
            reason = staleness(options.out, relpath, wanted, manifest.outputs.get(relpath), options.force)
            if reason is None:
                fresh.append(relpath)
            else:
                outputs.append(Output(fmt, relpath, wanted, reason))
        job = Job(kind, entry.name, entry.module, attr, theme, tuple(outputs),
                  quality=options.quality if kind == "scene" else None, dpi=options.dpi,
                  payload=dict(payload) if payload is not None else None,
                  printing=options.printing if kind == "figure" else None)
        planned.append(Planned(job, tuple(fresh)))
    return planned
