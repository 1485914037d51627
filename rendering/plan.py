"""Which outputs a run must render, and why: new, changed, forced, missing or modified."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from rendering.catalogue import Catalogue
from rendering.checks import text_backend
from rendering.deps import inputs_hash, local_sources, versions
from rendering.jobs import Job, Output
from rendering.kinds import EntryKind, entry_kind, kind_of
from rendering.manifest import Manifest
from rendering.media import sha256_file
from rendering.options import RenderOptions
from rendering.print_options import PrintOptions

__all__ = ["Planned", "output_path", "plan_run", "staleness"]


@dataclass(frozen=True)
class Planned:
    """One catalogue entry in this run: the job for its stale outputs and its fresh ones."""

    job: Job
    fresh: tuple[str, ...]

    @property
    def todo(self) -> bool:
        return bool(self.job.outputs)


def output_path(kind: str, name: str, fmt: str, theme: str, quality_tag: str | None = None,
                printing: PrintOptions | None = None) -> str:
    """Where an output of the entry kind called ``kind`` lives inside ``--out`` (see EntryKind.relpath)."""
    found = kind_of(kind)
    assert isinstance(found, EntryKind), kind
    return found.relpath(name, fmt, theme, quality_tag, printing)


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
        kind = entry_kind(entry)
        base = kind.fingerprint(entry, options, backend)
        if getattr(entry, "payload", None) is not None:  # the entry's own table, its landscapes and data files
            base["lesson"] = entry.inputs()
        sources = local_sources([entry.module, *kind.renderer], catalogue.roots)
        outputs, fresh = [], []
        for fmt, relpath in zip(kind.formats(options), kind.relpaths(entry, options)):
            wanted = inputs_hash(sources, {**base, "format": fmt, **kind.format_inputs(options, fmt)}, lib_versions)
            reason = staleness(options.out, relpath, wanted, manifest.outputs.get(relpath), options.force)
            if reason is None:
                fresh.append(relpath)
            else:
                outputs.append(Output(fmt, relpath, wanted, reason))
        planned.append(Planned(kind.job(entry, options, outputs), tuple(fresh)))
    return planned
