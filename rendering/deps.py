"""What an output depends on: its module's local imports (found with ``ast``), data files, versions."""

from __future__ import annotations

import ast
import hashlib
import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Container, Iterable, Mapping, Sequence

__all__ = ["module_file", "local_sources", "file_digest", "versions", "inputs_hash"]


def module_file(name: str, roots: Sequence[Path]) -> Path | None:
    """The source file of a dotted module name inside one of ``roots``, or None if not local."""
    parts = name.split(".")
    for root in roots:
        base = root.joinpath(*parts)
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                return candidate.resolve()
    return None


def _package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _imported_names(name: str, path: Path) -> frozenset[str]:
    """Dotted names a module imports, including ``from pkg import sub`` candidates (memoised per
    path, mtime and size within one process).

    A file that does not parse imports nothing here: its bytes are still hashed, and the worker
    that imports it reports the SyntaxError as that job's failure.
    """
    stat = path.stat()
    return _imports_cached(name, str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=None)
def _imports_cached(name: str, file: str, mtime_ns: int, size: int) -> frozenset[str]:
    path = Path(file)
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except (SyntaxError, ValueError):
        return frozenset()
    package = _package_of(name, path)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".") if package else []
                anchor = anchor[: len(anchor) - (node.level - 1)] if node.level > 1 else anchor
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if base:
                found.add(base)
            found.update(f"{base}.{alias.name}" if base else alias.name for alias in node.names)
    return frozenset(found)


def _with_parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def local_sources(modules: Iterable[str], roots: Sequence[Path], within: Container[str] | None = None) -> dict[str, Path]:
    """All project-local source files the given modules load, recursively, by module name.

    Parent packages' ``__init__.py`` count (importing ``a.b`` runs ``a``), and so does every file
    in a ``data/`` folder of a local package (``gradmath/data/*.csv``). With ``within``, only
    modules whose top-level name is in it are followed.
    """
    seen: dict[str, Path] = {}
    todo = [parent for m in modules for parent in _with_parents(m)]
    while todo:
        name = todo.pop()
        if name in seen or (within is not None and name.partition(".")[0] not in within):
            continue
        path = module_file(name, roots)
        if path is None:
            continue
        seen[name] = path
        for imported in _imported_names(name, path):
            todo.extend(p for p in _with_parents(imported) if p not in seen)
    result = dict(seen)
    for name, path in seen.items():
        if path.name == "__init__.py" and (path.parent / "data").is_dir():
            for data in sorted((path.parent / "data").rglob("*")):
                if data.is_file():
                    result[f"{name}/data/{data.relative_to(path.parent / 'data')}"] = data
    return result


@lru_cache(maxsize=None)
def _digest_cached(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (memoised per path, mtime and size within one process)."""
    stat = path.stat()
    return _digest_cached(str(path), stat.st_mtime_ns, stat.st_size)


def versions(packages: Sequence[str] = ("manim", "matplotlib")) -> dict[str, str]:
    """Installed versions of the libraries whose output could change between releases."""
    found = {}
    for package in packages:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "absent"
    return found


def inputs_hash(sources: Mapping[str, Path], options: Mapping[str, Any], lib_versions: Mapping[str, str]) -> str:
    """One SHA-256 over the sources' bytes (by module name), the options and the versions."""
    digest = hashlib.sha256()
    payload = {
        "sources": {name: file_digest(path) for name, path in sorted(sources.items())},
        "options": dict(options),
        "versions": dict(lib_versions),
    }
    digest.update(json.dumps(payload, sort_keys=True, default=str).encode())
    return digest.hexdigest()
