"""Shards: K/N parsing, costs from a balance manifest, a deterministic balanced partition, CLI errors."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))

from render import cli  # noqa: E402
from render_support import copy_fake_catalogue  # noqa: E402
from rendering.catalogue import FigureEntry, SceneEntry  # noqa: E402
from rendering.options import QUALITIES, RenderOptions  # noqa: E402
from rendering.shards import Shard, deal, entry_costs, parse_shard, select_shard  # noqa: E402

OPTIONS = RenderOptions(out=Path("out"), quality=QUALITIES["tiny"], formats=("mp4", "png"), figure_formats=("pdf",))
SCENES = [SceneEntry(f"s{i}", "m", "C", "a scene") for i in range(5)]
FIGURES = [FigureEntry(f"f{i}", "m", "make", "a figure", "alt") for i in range(7)]
ENTRIES = [*SCENES, *FIGURES]


def record(path: str, kind: str, name: str, seconds: float) -> dict:
    return {"path": path, "kind": kind, "name": name, "render_time_s": seconds}


def test_parse_shard() -> None:
    assert parse_shard("2/4") == Shard(2, 4) and str(parse_shard(" 1 / 1 ")) == "1/1"
    for bad in ("0/4", "5/4", "4", "a/b", "-1/2", "1/0"):
        with pytest.raises(ValueError):
            parse_shard(bad)


def test_costs_come_from_the_balance_manifest_else_the_kinds_estimate() -> None:
    records = {
        "scenes/144p5/s0.mp4": record("scenes/144p5/s0.mp4", "scene", "s0", 4.0),
        "scenes/144p5/s0.png": record("scenes/144p5/s0.png", "scene", "s0", 1.5),
        "scenes/1080p60/s1.mp4": record("scenes/1080p60/s1.mp4", "scene", "s1", 50.0),  # another quality
        "figures/f0.pdf": record("figures/f0.pdf", "figure", "f0", 0.25),
    }
    costs = entry_costs(ENTRIES, OPTIONS, records)
    assert costs["scene:s0"] == 5.5  # both outputs recorded
    assert costs["scene:s1"] == 100.0  # neither at this quality: its slowest output, per output
    assert costs["scene:s2"] == 60.0 and costs["figure:f1"] == 3.0  # unknown: the kind's estimate per output
    assert costs["figure:f0"] == 0.25


def test_dealing_by_longest_processing_time() -> None:
    assert deal({"a": 5, "b": 4, "c": 3, "d": 3, "e": 1}, 2) == [["a", "d"], ["b", "c", "e"]]  # 8 and 8
    assert deal({"a": 1}, 3) == [["a"], [], []]
    assert deal({"x": 2, "w": 2}, 2) == [["w"], ["x"]]  # ties by key


@given(st.dictionaries(st.text(min_size=1, max_size=5), st.floats(0, 1000), max_size=40), st.integers(1, 8),
       st.randoms(use_true_random=False))
def test_deal_partitions_deterministically_and_balances(costs: dict[str, float], count: int, rng: random.Random) -> None:
    bins = deal(costs, count)
    assert len(bins) == count and sorted(k for b in bins for k in b) == sorted(costs)  # disjoint, union = all
    shuffled = list(costs.items())
    rng.shuffle(shuffled)
    assert deal(dict(shuffled), count) == bins  # input order does not matter
    loads = [sum(costs[k] for k in b) for b in bins]
    if costs:  # greedy: no bin exceeds the lightest by more than the largest job
        assert max(loads) - min(loads) <= max(costs.values()) + 1e-6


@pytest.mark.parametrize("count", [1, 2, 4, 13])
def test_shards_of_a_run_partition_its_entries(count: int) -> None:
    shares = [select_shard(ENTRIES, OPTIONS, Shard(k, count), {}) for k in range(1, count + 1)]
    names = [e.name for share in shares for e in share]
    assert sorted(names) == sorted(e.name for e in ENTRIES) and len(names) == len(set(names))
    for share in shares:  # catalogue order kept
        assert share == [e for e in ENTRIES if e in share]
    assert shares == [select_shard(ENTRIES, OPTIONS, Shard(k, count), {}) for k in range(1, count + 1)]


def test_four_shards_of_the_fallback_estimate_are_balanced() -> None:
    loads = [sum(entry_costs(share, OPTIONS, {}).values())
             for share in (select_shard(ENTRIES, OPTIONS, Shard(k, 4), {}) for k in range(1, 5))]
    # 5 scenes x 60 s and 7 figures x 3 s: one shard takes two scenes, the figures fill the others
    assert loads == [120.0, 69.0, 66.0, 66.0]


# --- the command line ------------------------------------------------------------------------------

@pytest.fixture()
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GRADVIZ_CATALOGUE", str(copy_fake_catalogue(tmp_path / "cat")))
    return tmp_path


BAD = [
    (["--shard", "0/4"], "'0/4': K must be between 1 and N"),
    (["--shard", "3"], "'3' is not K/N"),
    (["--balance-from", "nowhere.json"], "--balance-from goes with --shard"),
    (["--shard", "1/2", "--balance-from", "nowhere.json"], "nowhere.json: no such manifest"),
    (["--shard", "1/2", "--balance-from", "junk.json"], "junk.json is not valid JSON"),
]


@pytest.mark.parametrize(("args", "message"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_shard_options_are_one_line_exit_2_and_write_nothing(fake: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 args: list[str], message: str) -> None:
    monkeypatch.chdir(fake)
    (fake / "junk.json").write_text("{not json")
    result = CliRunner().invoke(cli, ["figures", *args, "--out", str(fake / "out")])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.output
    assert not (fake / "out").exists()


def test_a_shard_dry_run_lists_its_share_and_balance_changes_it(fake: Path) -> None:
    def planned(*extra: str) -> set[str]:
        result = CliRunner().invoke(cli, ["all", "dot", "square", "line", "bars", "-q", "tiny", "-f", "png",
                                          "--dry-run", "--out", str(fake / "out"), *extra])
        assert result.exit_code == 0, result.output
        return {line.split()[0] for line in result.stdout.splitlines()[1:]}

    halves = [planned("--shard", f"{k}/2") for k in (1, 2)]
    assert halves == [{"scenes/144p5/dot.png", "figures/bars.pdf"}, {"scenes/144p5/square.png", "figures/line.pdf"}]
    balance = fake / "balance.json"  # "dot" turns out slow: it gets a shard to itself
    balance.write_text(json.dumps({"schema": 1, "outputs": [
        {**record("scenes/144p5/dot.png", "scene", "dot", 100.0), "size": 1, "sha256": "0" * 64, "format": "png",
         "inputs_hash": "x"}]}))
    halves = [planned("--shard", f"{k}/2", "--balance-from", str(balance)) for k in (1, 2)]
    assert halves == [{"scenes/144p5/dot.png"}, {"scenes/144p5/square.png", "figures/line.pdf", "figures/bars.pdf"}]
