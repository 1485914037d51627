"""Jobs that travel: a job packed with its input files, run in a private folder, its outputs as bytes."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterator

from rendering.atomic_io import WriteFailed
from rendering.checks import text_backend
from rendering.deps import file_digest, local_sources, versions
from rendering.jobs import Job, JobResult, Produced, first_line
from rendering.kinds import execute, kind_of

__all__ = ["Packed", "Returned", "render_environment", "code_of", "pack", "run_packed", "unpack"]

GRADVIZ_MODULES = ("render", "theme", "gradmath", "scenes", "figures", "rendering", "lessons")
"""gradviz's top-level modules and packages (pyproject.toml's list)."""
_HERE = Path(__file__).resolve().parent.parent  # where this gradviz lives: a checkout or site-packages


@dataclass(frozen=True)
class Packed:
    """A job that needs nothing from the client's filesystem: its lesson's data files ride along,
    each as ``(name, bytes)`` for the folder ``<index>/`` of the worker's inputs folder, with the
    client's :func:`render_environment` and :func:`code_of`, which the worker must match."""

    job: Job
    files: tuple[tuple[str, bytes], ...] = ()
    environment: tuple[tuple[str, str], ...] = ()
    code: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Returned:
    """What a worker sends back: the job's result (paths in the worker's folder) and every produced
    file as ``(its path there, its path relative to the work folder, its bytes)``."""

    result: JobResult
    files: tuple[tuple[str, str, bytes], ...] = ()


def render_environment(kind: str) -> tuple[tuple[str, str], ...]:
    """What shapes a job's bytes besides the job and gradviz's code, which the manifest's inputs
    hash records: the Manim and matplotlib versions, and for scenes LaTeX or the Pango fallback."""
    found = versions()
    if kind_of(kind).draws_text:
        found["text_backend"] = text_backend()
    return tuple(sorted(found.items()))


def code_of(job: Job) -> tuple[tuple[str, str], ...]:
    """The source files the job runs, gradviz's own and its catalogue module's (not libraries),
    as ``(module name, SHA-256)``, found where this process imports them from."""
    roots = [_HERE, *(Path(p).resolve() for p in sys.path if p and Path(p).is_dir())]
    within = {*GRADVIZ_MODULES, job.module.partition(".")[0]}
    sources = local_sources([job.module, *kind_of(job.kind).renderer], roots, within)
    return tuple(sorted((name, file_digest(path)) for name, path in sources.items()))


def _mismatch(packed: Packed) -> str | None:
    """Why this process cannot render what the client expects (one line), or None."""
    here = dict(render_environment(packed.job.kind))
    for key, value in packed.environment:
        if here.get(key) != value:
            return (f"this worker differs from the client: {key} {here.get(key, 'absent')} here, {value} there "
                    f"(install the same versions)")
    if packed.code:
        ours, theirs = dict(code_of(packed.job)), dict(packed.code)
        for name in sorted(ours.keys() | theirs.keys()):
            if ours.get(name) != theirs.get(name):
                state = "is missing here" if name not in ours else "is not the client's" if name in theirs else "is extra here"
                return (f"this worker runs other code than the client: {name} {state} "
                        f"(install the same gradviz on every worker)")
    return None


def _strings(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string in a JSON-like value, with its path of keys and indices."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _replaced(value: Any, path: tuple[Any, ...], new: str) -> Any:
    """A copy of a JSON-like value with the string at ``path`` replaced by ``new``."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replaced(value[head], rest, new)}
    items = list(value)
    items[head] = _replaced(items[head], rest, new)
    return items


def _file_params(payload: dict[str, Any]) -> set[Path]:
    """The files the entry's validated parameters name (CSV data), as resolved paths."""
    from pydantic import BaseModel

    from lessons import params_from_payload

    found: set[Path] = set()

    def walk(value: Any) -> None:
        if isinstance(value, Path):
            found.add(value.resolve())
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(params_from_payload(payload))
    return found


def pack(job: Job) -> Packed:
    """The job with every data file its lesson entry names carried as bytes, its parameters
    pointing at ``<index>/<file name>`` (the name is kept: a scene may show it)."""
    environment, code = render_environment(job.kind), code_of(job)
    payload = job.payload
    if payload is None:
        return Packed(job, environment=environment, code=code)
    base = Path(payload.get("base_dir", "."))
    candidates = [(path, text) for path, text in _strings(payload.get("params", {}))
                  if text.strip() and (base / text).is_file()]  # cheap: most entries name no file
    if not candidates:
        return Packed(job, environment=environment, code=code)
    named = _file_params(payload)
    params, files, index_of = payload["params"], [], {}
    for path, text in candidates:
        source = (base / text).resolve()
        if source not in named:
            continue  # a string that happens to name a file, not a file parameter
        if source not in index_of:
            index_of[source] = len(files)
            files.append((source.name, source.read_bytes()))
        params = _replaced(params, path, f"{index_of[source]}/{source.name}")
    return Packed(replace(job, payload={**payload, "params": params, "base_dir": "."}), tuple(files), environment, code)


def _relative(staged: str, work: Path, index: int) -> str:
    """The key under which a produced file travels: its path in the work folder, else a spare name."""
    try:
        return Path(staged).resolve().relative_to(work.resolve()).as_posix()
    except ValueError:
        return f"_outside/{index}/{Path(staged).name}"


def run_packed(packed: Packed, folder: str | None = None) -> Returned:
    """Run a packed job (on a worker) in a fresh folder inside ``folder`` (default: the temp dir),
    read every produced file back as bytes and remove the folder."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    problem = _mismatch(packed)
    if problem is not None:
        return Returned(JobResult(packed.job, error=problem))
    root = Path(tempfile.mkdtemp(prefix="gradviz-job-", dir=folder))
    try:
        inputs, work = root / "inputs", root / "work"
        for index, (name, data) in enumerate(packed.files):
            (inputs / str(index)).mkdir(parents=True)
            (inputs / str(index) / name).write_bytes(data)
        job = packed.job
        if job.payload is not None and packed.files:
            job = replace(job, payload={**job.payload, "base_dir": str(inputs)})
        result = execute(replace(job, work_dir=str(work)))
        files = tuple((path, _relative(path, work, index), Path(path).read_bytes())
                      for index, path in enumerate(dict.fromkeys(_staged_paths(result.produced))))
        return Returned(result, files)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def unpack(returned: Returned, job: Job) -> JobResult:
    """Write a returned job's files into ``job.work_dir`` (the client's work folder) and give the
    result as if the job had run here: ``job`` itself, staged paths in the local folder. A file
    that cannot be written makes the result a failure (one line naming it)."""
    result = returned.result
    if not result.ok:
        return replace(result, job=job)
    local: dict[str, str] = {}
    target = Path(job.work_dir)
    try:
        for remote, key, data in returned.files:
            target = Path(job.work_dir) / key
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            local[remote] = str(target)
    except OSError as exc:
        return JobResult(job, error=first_line(WriteFailed(target, exc)), elapsed_s=result.elapsed_s)
    produced = tuple(replace(p, staged=local[p.staged],
                             companions=tuple((rel, local[s], info) for rel, s, info in p.companions))
                     for p in result.produced)
    return replace(result, job=job, produced=produced)


def _staged_paths(produced: tuple[Produced, ...]) -> list[str]:
    """The staged files of every output, then of every companion (the order :func:`run_packed` reads them)."""
    return [p.staged for p in produced] + [s for p in produced for _, s, _ in p.companions]
