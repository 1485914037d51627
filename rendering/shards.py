"""CI shards: a deterministic share of a run's entries, balanced by recorded render times.

The rule (the same on every machine given the same selection, options and balance manifest):

1. Each selected entry's expected cost is the sum, over the outputs this run would make, of the
   ``render_time_s`` the balance manifest records for that path; an output it does not record
   costs the slowest output of the same entry it does record (at any quality or format); an entry
   it does not record at all costs its kind's fixed estimate (``EntryKind.fallback_cost_s``) per
   output. Without a balance manifest every entry costs its kind's estimate. Costs are rounded to
   milliseconds.
2. Entries are dealt, most expensive first (ties: by kind, then by name), each to the shard with
   the least cost so far (ties: the lowest shard): greedy longest-processing-time scheduling.
3. Shard K of N renders the entries dealt to the K-th bin, in catalogue order.

The balance manifest is passed explicitly (``--balance-from``), never read from ``--out``: each
CI machine's ``--out`` differs, and differing inputs would deal differently and lose entries.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from rendering.kinds import entry_kind
from rendering.manifest import MANIFEST_NAME, read_manifest
from rendering.options import RenderOptions

__all__ = ["Shard", "parse_shard", "load_balance", "entry_costs", "deal", "select_shard", "settings_of",
           "entry_key", "run_stamp", "manifest_problem"]

_SHARD = re.compile(r"\s*(\d{1,6})\s*/\s*(\d{1,6})\s*")


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (1-based) of ``count``."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(text: str) -> Shard:
    """``"K/N"`` with 1 ≤ K ≤ N; a one-line ValueError otherwise."""
    match = _SHARD.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not K/N (e.g. 2/4)")
    index, count = int(match.group(1)), int(match.group(2))
    if not 1 <= index <= count:
        raise ValueError(f"{text!r}: K must be between 1 and N")
    return Shard(index, count)


def load_balance(path: Path) -> tuple[dict[str, dict[str, Any]], str]:
    """The records of a balance manifest (a ``manifest.json`` under any name, or a folder holding
    one) and the SHA-256 of its bytes; a one-line ValueError when it is missing or damaged (no
    silent fallback: one machine falling back would deal differently from the others)."""
    file = path / MANIFEST_NAME if path.is_dir() else path
    if not file.is_file():
        raise ValueError(f"{file}: no such manifest")
    records, _, warning = read_manifest(file)
    if warning:
        raise ValueError(manifest_problem(warning))
    return records, hashlib.sha256(file.read_bytes()).hexdigest()


def manifest_problem(warning: str) -> str:
    """A manifest's load warning as a refusal: what is wrong, without "will be re-rendered"."""
    return warning.split(": every output")[0].split("; their outputs")[0]


def entry_key(entry: Any) -> str:
    """``kind:name``, an entry's name in a manifest's selection."""
    return f"{entry.kind}:{entry.name}"


def entry_costs(entries: Sequence[Any], options: RenderOptions,
                records: Mapping[str, Mapping[str, Any]]) -> dict[str, float]:
    """Each entry's expected render time in seconds (rule 1 of the module docstring), by key."""
    slowest: dict[tuple[str, str], float] = {}
    for record in records.values():
        key = (record["kind"], record["name"])
        slowest[key] = max(slowest.get(key, 0.0), float(record.get("render_time_s", 0.0)))
    costs = {}
    for entry in entries:
        kind = entry_kind(entry)
        known = slowest.get((kind.name, entry.name))
        total = 0.0
        for relpath in kind.relpaths(entry, options):
            time = records.get(relpath, {}).get("render_time_s")
            total += float(time) if time is not None else known if known is not None else kind.fallback_cost_s
        costs[entry_key(entry)] = round(total, 3)
    return costs


def deal(costs: Mapping[str, float], count: int) -> list[list[str]]:
    """Keys dealt into ``count`` bins by greedy longest-processing-time (rule 2)."""
    bins: list[list[str]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for key in sorted(costs, key=lambda k: (-costs[k], k)):
        target = min(range(count), key=lambda i: (loads[i], i))
        bins[target].append(key)
        loads[target] = round(loads[target] + costs[key], 3)
    return bins


def select_shard(entries: Sequence[Any], options: RenderOptions, shard: Shard,
                 records: Mapping[str, Mapping[str, Any]]) -> list[Any]:
    """The entries shard ``shard`` renders, in catalogue order (rule 3)."""
    mine = set(deal(entry_costs(entries, options, records), shard.count)[shard.index - 1])
    return [entry for entry in entries if entry_key(entry) in mine]


def settings_of(options: RenderOptions) -> dict[str, Any]:
    """The options that shape the outputs (not where they go, how many workers, or --force), as JSON."""
    skip = {"out", "jobs", "force", "dry_run"}
    chosen = {f.name: getattr(options, f.name) for f in dataclasses.fields(options) if f.name not in skip}
    plain = {k: dataclasses.asdict(v) if dataclasses.is_dataclass(v) else v for k, v in chosen.items()}
    return json.loads(json.dumps(plain, default=str))


def run_stamp(selection: Sequence[Any], options: RenderOptions, shard: Shard | None = None,
              balance: str | None = None) -> dict[str, Any]:
    """What a run records of itself in its manifest so that ``gradviz merge`` can check its shards."""
    stamp: dict[str, Any] = {"settings": settings_of(options), "selection": [entry_key(e) for e in selection]}
    if shard is not None:
        stamp["shard"] = {"index": shard.index, "count": shard.count, "balance_sha256": balance}
    return stamp
