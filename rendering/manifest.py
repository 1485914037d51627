"""``manifest.json``: every output in ``--out`` with its size, SHA-256, measures and inputs' hash."""

from __future__ import annotations

import json
import math
import os
import re
import stat
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any

from rendering.atomic_io import write_bytes
from rendering.jobs import Job, Produced

__all__ = ["MANIFEST_NAME", "MAX_MANIFEST_BYTES", "Manifest", "read_manifest", "valid_record", "now_iso"]

MANIFEST_NAME = "manifest.json"
SCHEMA = 1
MAX_MANIFEST_BYTES = 64 << 20  # a bigger one is not ours: read as unknown
_SHA256 = re.compile(r"[0-9a-f]{64}")


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _is_relpath(value: Any) -> bool:
    """A plain relative path inside ``--out``: no ``..``, no absolute or hidden part, normalised."""
    if not isinstance(value, str) or not value or len(value) > 1024 or "\\" in value or "\0" in value:
        return False
    path = PurePosixPath(value)
    return str(path) == value and not path.is_absolute() and all(
        part not in ("", ".", "..") and not part.startswith(".") for part in path.parts)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_seconds(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0


def _is_file_record(record: Any) -> bool:
    return (isinstance(record, dict) and _is_relpath(record.get("path")) and _is_count(record.get("size"))
            and isinstance(record.get("sha256"), str) and _SHA256.fullmatch(record["sha256"]) is not None)


def valid_record(record: Any) -> bool:
    """Whether a manifest record has every field later code relies on, with the right type."""
    if not _is_file_record(record):
        return False
    if not all(isinstance(record.get(key), str) for key in ("kind", "name", "format", "inputs_hash")):
        return False
    if "render_time_s" in record and not _is_seconds(record["render_time_s"]):
        return False
    companions = record.get("companions", [])
    return isinstance(companions, list) and all(_is_file_record(c) for c in companions)


def read_manifest(path: Path) -> tuple[dict[str, dict[str, Any]], dict[str, Any], str | None]:
    """The valid records of a manifest file (whatever its name), its ``run`` (a dict, else empty),
    and a one-line warning if anything was dropped."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO must not block us
    except FileNotFoundError:
        return {}, {}, None
    except OSError as exc:
        return {}, {}, f"cannot read {path} ({exc.strerror or exc}): every output will be re-rendered"
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return {}, {}, f"{path} is not a regular file: every output will be re-rendered"
        try:
            data = handle.read(MAX_MANIFEST_BYTES + 1)
        except OSError as exc:
            return {}, {}, f"cannot read {path} ({exc.strerror or exc}): every output will be re-rendered"
    if len(data) > MAX_MANIFEST_BYTES:
        return {}, {}, f"{path} is too large to be a gradviz manifest: every output will be re-rendered"
    try:
        document = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        return {}, {}, f"{path} is not valid JSON: every output will be re-rendered"
    if not isinstance(document, dict) or document.get("schema") != SCHEMA or not isinstance(document.get("outputs"), list):
        return {}, {}, f"{path} is not a gradviz manifest (schema {SCHEMA}): every output will be re-rendered"
    run = document["run"] if isinstance(document.get("run"), dict) else {}
    records = document["outputs"]
    kept = [record for record in records if valid_record(record)]
    outputs = {record["path"]: record for record in kept}
    dropped = len(records) - len(kept)
    if dropped:
        return outputs, run, f"{path}: ignored {dropped} malformed record(s); their outputs will be re-rendered"
    return outputs, run, None


class Manifest:
    """The outputs recorded in one ``--out`` folder, keyed by their relative path.

    Loading never fails: a missing, unreadable or malformed manifest, or a malformed record, counts
    as unknown (re-rendered) and leaves a one-line ``warning``; every record kept is valid.
    """

    def __init__(self, out: Path, outputs: dict[str, dict[str, Any]] | None = None) -> None:
        self.out = out
        self.outputs: dict[str, dict[str, Any]] = outputs or {}
        self.run: dict[str, Any] = {}
        self.warning: str | None = None

    @classmethod
    def load(cls, out: Path) -> Manifest:
        """Read ``out/manifest.json``, keeping only valid records."""
        outputs, _, warning = read_manifest(out / MANIFEST_NAME)
        manifest = cls(out, outputs)
        manifest.warning = warning
        return manifest

    def record(self, job: Job, produced: Produced) -> dict[str, Any]:
        """Remember one committed output (replacing any older record of the same path)."""
        output = produced.output
        entry: dict[str, Any] = {
            "path": output.relpath,
            "kind": job.kind,
            "name": job.name,
            "format": output.fmt,
            "theme": job.theme,
        }
        if job.quality is not None:
            entry["quality"] = job.quality.tag
        entry.update(produced.info)
        entry["render_time_s"] = produced.render_time_s
        entry["inputs_hash"] = output.inputs_hash
        entry["rendered_at"] = now_iso()
        if produced.companions:
            entry["companions"] = [{"path": rel, **info} for rel, _, info in produced.companions]
        self.outputs[output.relpath] = entry
        return entry

    def prune(self) -> None:
        """Forget outputs whose files are gone."""
        self.outputs = {p: r for p, r in self.outputs.items() if (self.out / p).is_file()}

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "generator": "gradviz render.py",
            "run": self.run,
            "outputs": [self.outputs[p] for p in sorted(self.outputs)],
        }

    def save(self, *, tmp_dir: Path | None = None) -> None:
        """Write ``manifest.json`` atomically; raises :class:`~rendering.atomic_io.WriteFailed`."""
        text = json.dumps(self.to_json(), indent=2, sort_keys=False) + "\n"
        write_bytes(self.out / MANIFEST_NAME, text.encode("utf-8"), staging=tmp_dir)
