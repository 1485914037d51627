"""The rendering package imports cleanly and its modules' imports form no cycle."""

from __future__ import annotations

import ast
import importlib
import pickle
from pathlib import Path

import pytest

from rendering.jobs import Job, Output

PACKAGE = Path(__file__).resolve().parents[1] / "rendering"
MODULES = sorted(f"rendering.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def local_imports(module: str) -> set[str]:
    """The ``rendering`` modules that ``module`` imports anywhere in its source (functions too)."""
    tree = ast.parse((PACKAGE / f"{module.split('.')[-1]}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "rendering" if node.level else (node.module or "")
            if node.level and node.module:
                base = f"rendering.{node.module}"
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name in MODULES and name != module}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a list of nodes (first repeated last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_finds_one_and_only_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_rendering_modules_import_without_a_cycle() -> None:
    graph = {module: local_imports(module) for module in MODULES}
    assert "rendering.kinds" in graph["rendering.pool"]  # the walk sees real edges
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


@pytest.mark.parametrize("module", MODULES)
def test_every_rendering_module_imports(module: str) -> None:
    importlib.import_module(module)


def test_jobs_are_plain_data_and_every_kind_is_registered_once() -> None:
    from rendering.kinds import ENTRY_KINDS, KINDS, SCENE_CHUNK, kind_of

    job = Job("scene", "dot", "mod", "Dot", "dark", (Output("mp4", "scenes/144p5/dot.mp4", "h", "new"),))
    assert pickle.loads(pickle.dumps(job)) == job
    assert all(kind_of(kind.name) is kind for kind in ENTRY_KINDS)
    assert len({kind.group for kind in ENTRY_KINDS}) == len(ENTRY_KINDS) == len(KINDS) - 1
    assert kind_of("scene-chunk") is SCENE_CHUNK  # a kind derived from scene jobs, not a catalogue entry
    with pytest.raises(KeyError, match="unknown job kind 'chunk'"):
        kind_of("chunk")
