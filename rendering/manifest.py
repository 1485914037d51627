"""``manifest.json``: every output in ``--out`` with its size, SHA-256, measures and inputs' hash."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rendering.jobs import Job, Produced

__all__ = ["MANIFEST_NAME", "Manifest", "write_atomic", "now_iso"]

MANIFEST_NAME = "manifest.json"
SCHEMA = 1


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def write_atomic(path: Path, data: bytes, *, tmp_dir: Path | None = None) -> None:
    """Write bytes to a temporary file (in ``tmp_dir``, same filesystem) and rename it into place."""
    folder = tmp_dir or path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Manifest:
    """The outputs recorded in one ``--out`` folder, keyed by their relative path."""

    def __init__(self, out: Path, outputs: dict[str, dict[str, Any]] | None = None) -> None:
        self.out = out
        self.outputs: dict[str, dict[str, Any]] = outputs or {}
        self.run: dict[str, Any] = {}

    @classmethod
    def load(cls, out: Path) -> Manifest:
        """Read ``out/manifest.json``; a missing or unreadable one means nothing is recorded."""
        try:
            data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
            outputs = {record["path"]: record for record in data.get("outputs", [])}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            outputs = {}
        return cls(out, outputs)

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
        """Write ``manifest.json`` atomically."""
        text = json.dumps(self.to_json(), indent=2, sort_keys=False) + "\n"
        write_atomic(self.out / MANIFEST_NAME, text.encode("utf-8"), tmp_dir=tmp_dir)
