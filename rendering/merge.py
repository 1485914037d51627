"""``gradviz merge``: join shard output folders into one folder, one manifest and one contact sheet.

Every source is checked before anything is written: its manifest is intact and says how it was
rendered, its files match their records, the sources share their settings (and, as shards, form
one whole run: the same selection and balance, shards 1..N once each), and no path has two
different contents. The result is built in a hidden folder beside ``--out`` and renamed into place.
"""

from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable, Sequence

from rendering.atomic_io import WriteFailed
from rendering.catalogue import Catalogue
from rendering.contact_sheet import write_contact_sheet
from rendering.kinds import SHEET_HEADINGS, contact_cards
from rendering.print_options import FigureWidth, PrintOptions
from rendering.manifest import MANIFEST_NAME, Manifest, now_iso, read_manifest
from rendering.media import sha256_file
from rendering.options import Quality, RenderOptions
from rendering.shards import entry_key, manifest_problem

__all__ = ["MergeRefused", "Source", "read_source", "merge_folders", "options_from_settings"]


class MergeRefused(ValueError):
    """The sources cannot be merged (a conflict, a damaged or unknown folder): one line."""


@dataclass(frozen=True)
class Source:
    """One folder to merge: its records and what its run recorded of itself."""

    folder: Path
    outputs: dict[str, dict[str, Any]]
    run: dict[str, Any]

    @property
    def shard(self) -> dict[str, Any] | None:
        return self.run.get("shard")


def read_source(folder: Path) -> Source:
    """A folder's manifest, refused when damaged, interrupted or not stamped with its settings."""
    if not folder.is_dir():
        raise MergeRefused(f"{folder} is not a folder")
    outputs, run, warning = read_manifest(folder / MANIFEST_NAME)
    if warning:
        raise MergeRefused(manifest_problem(warning))
    if not (folder / MANIFEST_NAME).is_file():
        raise MergeRefused(f"{folder} has no {MANIFEST_NAME}: not a gradviz output folder")
    if not isinstance(run.get("settings"), dict) or not isinstance(run.get("selection"), list):
        raise MergeRefused(f"{folder}: its manifest does not record its settings (render it again with this gradviz)")
    if run.get("interrupted") or not run.get("finished"):
        raise MergeRefused(f"{folder}: its run did not finish; render it again")
    for record in outputs.values():
        for item in [record, *record.get("companions", [])]:
            path = folder / item["path"]
            if not path.is_file() or sha256_file(path) != item["sha256"]:
                raise MergeRefused(f"{path} does not match its manifest (missing or altered)")
    return Source(folder, outputs, run)


def _first_difference(a: dict[str, Any], b: dict[str, Any]) -> str:
    """``key: this vs that`` for the first setting that differs (a quality by its tag)."""
    def show(value: Any) -> str:
        if isinstance(value, dict) and {"pixel_height", "frame_rate"} <= set(value):
            return Quality(**value).tag
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)

    key = next(k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k))
    return f"{key}: {show(a.get(key))} vs {show(b.get(key))}"


def _check_compatible(sources: Sequence[Source]) -> list[str]:
    """Refuse differing settings or an incomplete set of shards; return the merged selection."""
    first = sources[0]
    for other in sources[1:]:
        if other.run["settings"] != first.run["settings"]:
            raise MergeRefused(f"conflict: {first.folder} and {other.folder} were rendered with different settings "
                               f"({_first_difference(first.run['settings'], other.run['settings'])})")
    shards = [s for s in sources if s.shard is not None]
    if not shards:
        return list(dict.fromkeys(key for s in sources for key in s.run["selection"]))
    if len(shards) != len(sources):
        raise MergeRefused(f"conflict: {shards[0].folder} is a shard but {next(s for s in sources if not s.shard).folder}"
                           " is not; merge the shards of one run")
    for other in shards[1:]:
        same = (other.shard["count"] == first.shard["count"] and
                other.shard.get("balance_sha256") == first.shard.get("balance_sha256") and
                other.run["selection"] == first.run["selection"])
        if not same:
            raise MergeRefused(f"conflict: {first.folder} and {other.folder} are shards of different runs "
                               "(shard count, selection or --balance-from differ)")
    count = first.shard["count"]
    seen = [s.shard["index"] for s in shards]
    missing = sorted(set(range(1, count + 1)) - set(seen))
    if missing or len(seen) != len(set(seen)):
        what = f"shard {missing[0]}/{count} is missing" if missing else "a shard is given twice"
        raise MergeRefused(f"conflict: {what}; merge shards 1..{count} of one run, each once")
    return list(first.run["selection"])


def _merged_outputs(sources: Sequence[Source]) -> dict[str, tuple[dict[str, Any], Path]]:
    """Every record with the folder holding its files; a path with two contents is refused."""
    merged: dict[str, tuple[dict[str, Any], Path]] = {}
    for source in sources:
        for relpath, record in source.outputs.items():
            if relpath in merged:
                kept, folder = merged[relpath]
                contents = [(r["sha256"], [(c["path"], c["sha256"]) for c in r.get("companions", [])])
                            for r in (kept, record)]
                if contents[0] != contents[1]:
                    raise MergeRefused(f"conflict: {relpath} differs between {folder} and {source.folder}")
                continue
            merged[relpath] = (record, source.folder)
    return merged


def options_from_settings(settings: dict[str, Any], out: Path) -> RenderOptions:
    """The RenderOptions a run recorded with :func:`rendering.shards.settings_of`."""
    known = {f.name for f in fields(RenderOptions)}
    values: dict[str, Any] = {}
    for name, value in settings.items():
        if name not in known:
            continue
        if name == "quality":
            value = Quality(**value)
        elif name == "printing":
            width = value.get("width")
            value = PrintOptions(**{**value, "width": FigureWidth(**width) if width else None})
        elif isinstance(value, list):
            value = tuple(value)
        values[name] = value
    return RenderOptions(out=out, **values)


def _copy(source: Path, target: Path) -> None:
    """``source`` at ``target``: a hard link where both are on one filesystem (a 4K video costs
    nothing; gradviz replaces files by rename, never in place, so neither copy can change the
    other), else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another filesystem, or one without hard links
        shutil.copyfile(source, target)


def _check_target(out: Path, sources: Sequence[Source]) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise MergeRefused(f"{out} exists and is not an empty folder: merge into a new one")
    resolved = out.resolve()
    for source in sources:
        if resolved == source.folder.resolve() or source.folder.resolve() in resolved.parents:
            raise MergeRefused(f"--out {out} is inside the source {source.folder}")


def merge_folders(folders: Sequence[Path], out: Path, *, catalogue: Callable[[], Catalogue],
                  command: str = "") -> Manifest:
    """Merge ``folders`` into the new folder ``out``; return its manifest.

    ``catalogue`` is called only for a preview run, whose contact sheet needs the entries'
    descriptions. Raises MergeRefused (before writing anything) or WriteFailed.
    """
    if len({f.resolve() for f in folders}) != len(folders):
        raise MergeRefused("a folder is given twice")
    sources = [read_source(folder) for folder in folders]
    selection = _check_compatible(sources)
    merged = _merged_outputs(sources)
    _check_target(out, sources)
    settings = sources[0].run["settings"]
    options = options_from_settings(settings, out)
    entries: list[Any] = []
    if options.preview:
        loaded = catalogue()
        by_key = {entry_key(e): e for e in loaded.entries()}
        absent = [key for key in selection if key not in by_key]
        if absent:
            raise MergeRefused(f"{absent[0]} is not in the catalogue: pass the --lesson files the shards rendered")
        entries = [by_key[key] for key in selection]
    started = now_iso()
    stage = out.parent / f".{out.name}.merge-{secrets.token_hex(4)}"
    try:
        stage.mkdir()
        manifest = Manifest(stage, {relpath: record for relpath, (record, _) in sorted(merged.items())})
        for relpath, (record, folder) in merged.items():
            for item in [record, *record.get("companions", [])]:
                _copy(folder / item["path"], stage / item["path"])
        failed = [f for s in sources for f in s.run.get("failed", [])]
        manifest.run = {"command": command, "started": started, "finished": now_iso(), "merged": [str(f) for f in folders],
                        "rendered": sorted({r for s in sources for r in s.run.get("rendered", [])}),
                        "failed": failed, "up_to_date": sorted({r for s in sources for r in s.run.get("up_to_date", [])}),
                        "interrupted": False, "settings": settings, "selection": selection}
        manifest.save()
        if options.preview:
            errors = {(f.get("kind"), f.get("name")): f.get("error") or "" for f in failed}
            write_contact_sheet(stage, contact_cards(entries, options, manifest.outputs, errors), headings=SHEET_HEADINGS)
        if out.exists():
            out.rmdir()  # empty, checked above
        os.rename(stage, out)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise exc if isinstance(exc, WriteFailed) else WriteFailed(out, exc) from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    manifest.out = out
    return manifest
