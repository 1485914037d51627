"""gradviz merge: four shards merge into what one run makes; conflicts are refused in one line."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))

from render import cli  # noqa: E402
from render_support import assert_matches_manifest, copy_fake_catalogue, visible_files  # noqa: E402

RUN = ["all", "dot", "square", "line", "bars", "-q", "tiny", "-f", "png",
       "--figure-format", "svg", "--figure-format", "png", "-j", "1"]
PREVIEW = ["figures", "--preview", "-j", "1"]
VOLATILE = ("render_time_s", "rendered_at")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def records(out: Path) -> dict[str, dict]:
    """The manifest's records without the fields that differ between two runs of the same thing."""
    document = json.loads((out / "manifest.json").read_text())
    return {r["path"]: {k: v for k, v in r.items() if k not in VOLATILE} for r in document["outputs"]}


def render_shards(root: Path, args: list[str], count: int = 4, prefix: str = "shard") -> list[Path]:
    folders = []
    for k in range(1, count + 1):
        folders.append(root / f"{prefix}{k}")
        code, out, err = invoke(*args, "--shard", f"{k}/{count}", "--out", str(folders[-1]))
        assert code == 0, out + err
    return folders


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One whole run and its four shards, of scenes and figures and of a figures preview."""
    root = tmp_path_factory.mktemp("merge")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GRADVIZ_CATALOGUE", str(copy_fake_catalogue(root / "cat")))
        for args, name in ((RUN, "whole"), (PREVIEW, "whole-preview")):
            code, out, err = invoke(*args, "--out", str(root / name))
            assert code == 0, out + err
        render_shards(root, RUN)
        render_shards(root, PREVIEW, prefix="preview")
    return root


@pytest.fixture()
def fake(runs: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GRADVIZ_CATALOGUE", str(runs / "cat" / "fake_catalogue.py"))
    return runs


def shards(root: Path, prefix: str = "shard") -> list[str]:
    return [str(root / f"{prefix}{k}") for k in range(1, 5)]


def assert_same_files(a: Path, b: Path) -> None:
    assert visible_files(a) == visible_files(b)
    for relpath in visible_files(a):
        assert (a / relpath).read_bytes() == (b / relpath).read_bytes(), relpath


def test_shards_render_disjoint_shares_of_the_run(fake: Path) -> None:
    shares = [visible_files(Path(folder)) for folder in shards(fake)]
    assert sum(len(s) for s in shares) == len(set().union(*shares))
    assert set().union(*shares) == visible_files(fake / "whole")
    assert all(json.loads((Path(f) / "manifest.json").read_text())["run"]["shard"]["count"] == 4 for f in shards(fake))


def test_four_shards_merge_into_what_one_run_makes(fake: Path, tmp_path: Path) -> None:
    code, out, err = invoke("merge", *shards(fake), "--out", str(tmp_path / "merged"))
    assert code == 0, out + err
    assert "Merged 4 folder(s): 6 outputs" in out
    merged = tmp_path / "merged"
    assert_matches_manifest(merged)
    assert_same_files(merged, fake / "whole")
    assert records(merged) == records(fake / "whole")
    run = json.loads((merged / "manifest.json").read_text())["run"]
    whole = json.loads((fake / "whole" / "manifest.json").read_text())["run"]
    assert (run["settings"], run["selection"]) == (whole["settings"], whole["selection"])
    assert sorted(run["rendered"]) == sorted(whole["rendered"]) and "shard" not in run
    assert not (merged / "index.html").exists()  # not a preview
    assert [p.name for p in tmp_path.iterdir()] == ["merged"]  # no staging folder left
    sources = {p.relative_to(folder): p for folder in shards(fake) for p in Path(folder).rglob("*")
               if p.is_file() and p.name != "manifest.json"}
    for relpath in records(merged):  # one filesystem: hard links, not copies
        assert (merged / relpath).stat().st_ino == sources[Path(relpath)].stat().st_ino


def test_merge_copies_where_it_cannot_link(fake: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(source: object, target: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr("rendering.merge.os.link", no_links)
    code, out, err = invoke("merge", *shards(fake), "--out", str(tmp_path / "merged"))
    assert code == 0, out + err
    assert_same_files(tmp_path / "merged", fake / "whole")
    assert all(p.stat().st_nlink == 1 for p in (tmp_path / "merged").rglob("*") if p.is_file())


def test_merged_preview_has_one_contact_sheet_equal_to_one_runs(fake: Path, tmp_path: Path) -> None:
    (tmp_path / "merged").mkdir()  # an empty folder may be the target
    code, out, err = invoke("merge", *shards(fake, "preview"), "--out", str(tmp_path / "merged"))
    assert code == 0, out + err
    assert_same_files(tmp_path / "merged", fake / "whole-preview")
    html = (tmp_path / "merged" / "index.html").read_bytes()
    assert html == (fake / "whole-preview" / "index.html").read_bytes() and b"figures/line.png" in html


def copy_of(folder: Path, target: Path) -> Path:
    shutil.copytree(folder, target)
    return target


def rewrite(folder: Path, change) -> None:
    path = folder / "manifest.json"
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))


def test_merge_refusals_are_one_line_exit_2_and_write_nothing(fake: Path, tmp_path: Path) -> None:
    s1, s2, s3, s4 = shards(fake)
    whole = str(fake / "whole")
    altered = copy_of(fake / "whole", tmp_path / "altered")  # same path, other bytes, a consistent manifest
    target = altered / "figures/line.svg"
    target.write_bytes(target.read_bytes() + b"\n")

    def fix(document: dict) -> None:
        record = next(r for r in document["outputs"] if r["path"] == "figures/line.svg")
        record["sha256"] = hashlib.sha256(target.read_bytes()).hexdigest()
        record["size"] = target.stat().st_size

    rewrite(altered, fix)
    tampered = copy_of(fake / "whole", tmp_path / "tampered")
    (tampered / "figures/bars.png").write_bytes(b"junk")
    other = copy_of(Path(s4), tmp_path / "other")
    rewrite(other, lambda d: d["run"]["settings"].update(figure_formats=["pdf"]))
    slower = copy_of(Path(s4), tmp_path / "slower")
    rewrite(slower, lambda d: d["run"]["settings"].update(quality={"name": "preview", "pixel_width": 854,
                                                                   "pixel_height": 480, "frame_rate": 15}))
    unstamped = copy_of(fake / "whole", tmp_path / "unstamped")
    rewrite(unstamped, lambda d: d["run"].pop("settings"))
    cases = [
        ([whole, str(altered)], "conflict: figures/line.svg differs between"),
        ([s1, s2, s3], "conflict: shard 4/4 is missing"),
        ([s1, s2, s3, s3], "a folder is given twice"),
        ([s1, s2, s3, str(other)], "were rendered with different settings (figure_formats: svg, png vs pdf)"),
        ([s1, s2, s3, str(slower)], "different settings (quality: 144p5 vs 480p15)"),
        ([s1, whole], "is a shard but"),
        ([str(tampered)], "figures/bars.png does not match its manifest"),
        ([str(unstamped)], "its manifest does not record its settings"),
        ([str(tmp_path / "nowhere")], "is not a folder"),
        ([str(fake / "cat")], "has no manifest.json"),
    ]
    for folders, message in cases:
        code, out, err = invoke("merge", *folders, "--out", str(tmp_path / "merged"))
        assert code == 2, (folders, out, err)
        assert err.count("\n") == 1 and message in err and "Traceback" not in out + err, err
        assert not (tmp_path / "merged").exists()
    (tmp_path / "merged").mkdir()
    (tmp_path / "merged" / "keep.txt").write_text("mine")
    code, out, err = invoke("merge", s1, s2, s3, s4, "--out", str(tmp_path / "merged"))
    assert code == 2 and "is not an empty folder" in err
    assert [p.name for p in (tmp_path / "merged").iterdir()] == ["keep.txt"]


def test_merge_needs_folders_and_out(fake: Path) -> None:
    code, out, err = invoke("merge", "--out", "x")
    assert code == 2 and "Missing argument" in err
