"""Hostile runs: kills, Ctrl-C, full disks, file-size limits, junk manifests, rivals, a vanishing --out, no LaTeX.

Each asserts no traceback, the promised exit code, nothing partial in --out, and that a rerun
leaves --out equal to a clean run's. Random moments are seeded; GRADVIZ_SLOW_TESTS=1 runs more.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))

from fault_support import (  # noqa: E402
    assert_no_traceback,
    assert_only_complete_outputs,
    assert_same_outputs,
    cli_env,
    copy_fault_catalogue,
    rendered_so_far,
    run_cli,
    start_cli,
    wait_for_group_to_end,
)
from render import cli  # noqa: E402
from render_support import assert_matches_manifest, visible_files  # noqa: E402
from rendering.manifest import Manifest, valid_record  # noqa: E402
from rendering.workspace import OutputBusy, out_lock, workspace_for  # noqa: E402

SLOW = os.environ.get("GRADVIZ_SLOW_TESTS", "") not in ("", "0")
slow = [pytest.mark.slow, pytest.mark.skipif(not SLOW, reason="set GRADVIZ_SLOW_TESTS=1")]

BATCH = ["all", "dot", "pulse", "line", "bars", "-q", "tiny", "-f", "mp4", "-f", "webm", "-f", "gif", "-f", "png",
         "--figure-format", "pdf", "--figure-format", "svg", "--figure-format", "png", "-j", "2"]
FIGURES = ["figures", "line", "bars", "--figure-format", "pdf", "--figure-format", "svg", "--figure-format", "png"]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The outputs of one clean run of BATCH: what every faulty run must come back to."""
    root = tmp_path_factory.mktemp("clean")
    code, stdout, stderr = run_cli([*BATCH, "--out", str(root / "out")], cli_env(root), root)
    assert code == 0, stdout + stderr
    assert_matches_manifest(root / "out")
    return root / "out"


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path)


def finish(out: Path, env: dict[str, str], clean: Path, args: list[str] = BATCH) -> None:
    """Rerun; it must succeed and leave exactly a clean run's outputs, recorded, no work folder."""
    code, stdout, stderr = run_cli([*args, "--out", str(out)], env, out.parent)
    assert code == 0, stdout + stderr
    assert_no_traceback(stdout, stderr)
    assert_matches_manifest(out)
    assert_same_outputs(out, clean, None if args is BATCH else visible_files(out) & visible_files(clean))
    workspace = workspace_for(out)
    assert not workspace.scratch.exists() and not workspace.staging.exists()


@pytest.fixture()
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs mount point (256 kB), unmounted afterwards; skipped where mounting is not allowed."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _resize(mount: Path, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(mount)], check=True, capture_output=True)


# --- kill -9 and Ctrl-C at random moments --------------------------------------------------------

def seeds(first: int, default: int, total: int) -> list[Any]:
    """``total`` seeds from ``first``; all but the first ``default`` are slow."""
    return [pytest.param(first + k, marks=slow if k >= default else ()) for k in range(total)]


@pytest.mark.parametrize("seed_", seeds(0, 1, 6))
def test_kill_9_at_a_random_moment_leaves_only_whole_outputs(tmp_path: Path, env: dict[str, str], clean: Path,
                                                             seed_: int) -> None:
    rng = random.Random(seed_)
    out = tmp_path / "out"
    proc = start_cli([*BATCH, "--out", str(out)], env, tmp_path)
    time.sleep(rng.uniform(0.8, 6.0))
    os.kill(proc.pid, signal.SIGKILL)  # the parent alone: its workers die with it
    proc.communicate(timeout=20)
    wait_for_group_to_end(proc.pid)
    assert_only_complete_outputs(out, clean)
    finish(out, env, clean)


@pytest.mark.parametrize("seed_", seeds(100, 1, 3))
def test_kill_9_with_out_on_its_own_filesystem(tmpfs: Path, env: dict[str, str], clean: Path, seed_: int) -> None:
    """--out is a mount point: renders go to the user cache; only a hidden folder can be left in it."""
    _resize(tmpfs, "32m")
    rng = random.Random(seed_)
    proc = start_cli([*BATCH, "--out", str(tmpfs)], env, tmpfs.parent)
    time.sleep(rng.uniform(1.0, 6.0))
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=20)
    wait_for_group_to_end(proc.pid)
    assert not str(workspace_for(tmpfs).scratch).startswith(str(tmpfs))
    assert_only_complete_outputs(tmpfs, clean, hidden_work=".gradviz-work")
    finish(tmpfs, env, clean)


@pytest.mark.parametrize("seed_", seeds(200, 1, 3))
def test_ctrl_c_at_a_random_moment(tmp_path: Path, env: dict[str, str], clean: Path, seed_: int) -> None:
    rng = random.Random(seed_)
    out = tmp_path / "out"
    proc = start_cli([*BATCH, "--out", str(out)], env, tmp_path)
    time.sleep(rng.uniform(1.5, 5.0))
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the whole foreground group
    stdout, stderr = proc.communicate(timeout=60)
    wait_for_group_to_end(proc.pid)
    assert proc.returncode in (130, 0), stdout + stderr  # 0: it had finished
    assert_no_traceback(stdout, stderr)
    assert_only_complete_outputs(out, clean)
    assert not workspace_for(out).scratch.exists()  # cleaned up, not only hidden
    finish(out, env, clean)


# --- write failures ------------------------------------------------------------------------------

def _file_size_limit(limit: int) -> Any:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write over the limit then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_manifest_over_a_file_size_limit(tmp_path: Path, env: dict[str, str], clean: Path) -> None:
    """The missing PNG (1.7 kB) fits under a 4 kB limit, the manifest (9 kB) does not: one line
    naming the manifest, exit 1, the old manifest and files untouched, no work folder left."""
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    (out / "scenes/144p5/dot.png").unlink()
    before = (out / "manifest.json").read_bytes()
    assert len(before) > 4000 > (clean / "scenes/144p5/dot.png").stat().st_size
    args = ["scenes", "dot", "-q", "tiny", "-f", "png", "--out", str(out)]
    code, stdout, stderr = run_cli(args, env, tmp_path, preexec=_file_size_limit(4000))
    assert code == 1, stdout + stderr
    assert_no_traceback(stdout, stderr)
    assert stderr.splitlines()[-1] == f"Error: cannot write {out / 'manifest.json'}: File too large"
    assert_only_complete_outputs(out, clean)
    assert (out / "manifest.json").read_bytes() == before
    assert not (out / "scenes/144p5/dot.png").exists()  # recorded only once the manifest is written
    assert not workspace_for(out).scratch.exists()
    finish(out, env, clean)


@pytest.mark.parametrize("limit", [20_000, pytest.param(1, marks=slow)])
def test_outputs_over_a_file_size_limit(tmp_path: Path, env: dict[str, str], clean: Path, limit: int) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run_cli([*FIGURES, "--out", str(out)], env, tmp_path, preexec=_file_size_limit(limit))
    assert code == 1, stdout + stderr
    assert_no_traceback(stdout, stderr)
    assert "File too large" in stdout + stderr
    assert_only_complete_outputs(out, clean)
    assert not workspace_for(out).scratch.exists()
    finish(out, env, clean, FIGURES)


def test_full_filesystem(tmpfs: Path, env: dict[str, str], clean: Path) -> None:
    """--out is a 64 kB filesystem (the outputs need twice that): one line naming the file, exit 1."""
    _resize(tmpfs, "64k")
    code, stdout, stderr = run_cli([*BATCH, "--out", str(tmpfs)], env, tmpfs.parent)
    assert code == 1, stdout + stderr
    assert_no_traceback(stdout, stderr)
    assert "No space left on device" in stderr
    assert_only_complete_outputs(tmpfs, clean)  # not even the hidden work folder: the run ended
    assert not workspace_for(tmpfs).scratch.exists()
    _resize(tmpfs, "32m")
    finish(tmpfs, env, clean)


# --- malformed manifests -------------------------------------------------------------------------

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=8)
FIELDS = ["path", "kind", "name", "format", "sha256", "size", "inputs_hash", "render_time_s", "companions"]


@st.composite
def spoiled_manifests(draw: st.DrawFn, base: dict[str, Any]) -> bytes:
    """A valid manifest spoiled one way: bytes, other JSON, or a record with a wrong, missing or extra field."""
    how = draw(st.sampled_from(["bytes", "document", "record", "field", "missing", "outputs"]))
    if how == "bytes":
        return draw(st.binary(max_size=64))
    if how == "document":
        return json.dumps(draw(JSON)).encode()
    document = json.loads(json.dumps(base))
    records = document["outputs"]
    index = draw(st.integers(0, len(records) - 1))
    if how == "record":
        records[index] = draw(JSON)
    elif how == "field":
        records[index][draw(st.sampled_from(FIELDS))] = draw(JSON)
    elif how == "missing":
        records[index].pop(draw(st.sampled_from(FIELDS[:7])), None)
    else:
        document["outputs"] = draw(JSON)
    return json.dumps(document).encode()


@pytest.fixture()
def figures_out(clean: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    return out


def test_any_manifest_loads_to_valid_records_and_plans(figures_out: Path, clean: Path, tmp_path: Path) -> None:
    """Hypothesis: whatever the manifest holds, loading keeps only valid records, and planning,
    ordering and pruning (with and without --force) never fail."""
    from rendering.catalogue import load_catalogue
    from rendering.options import QUALITIES, RenderOptions
    from rendering.plan import plan_run
    from rendering.runner import _order

    copy_fault_catalogue(tmp_path / "cat")
    catalogue = load_catalogue(str(tmp_path / "cat" / "fault_catalogue.py"))
    base = json.loads((clean / "manifest.json").read_text())
    entries = [e for e in catalogue.entries() if e.name in ("dot", "pulse", "line", "bars")]

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=spoiled_manifests(base), force=st.booleans())
    def check(data: bytes, force: bool) -> None:
        (figures_out / "manifest.json").write_bytes(data)
        manifest = Manifest.load(figures_out)
        assert all(valid_record(r) for r in manifest.outputs.values())
        assert manifest.warning is None or "\n" not in manifest.warning
        options = RenderOptions(out=figures_out, quality=QUALITIES["tiny"], formats=("mp4", "webm", "gif", "png"),
                                figure_formats=("pdf", "svg", "png"), force=force)
        _order(plan_run(catalogue, entries, options, manifest), manifest)
        manifest.prune()
        json.dumps(manifest.to_json())

    check()


@seed(20240611)
@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_cli_treats_a_spoiled_manifest_as_unknown(clean: Path, tmp_path_factory: pytest.TempPathFactory,
                                                  data: st.DataObject) -> None:
    root = tmp_path_factory.mktemp("spoiled")
    out = root / "out"
    shutil.copytree(clean, out)
    spoiled = data.draw(spoiled_manifests(json.loads((clean / "manifest.json").read_text())))
    (out / "manifest.json").write_bytes(spoiled)
    force = data.draw(st.booleans())
    with pytest.MonkeyPatch.context() as mp:
        for key, value in cli_env(root).items():
            mp.setenv(key, value)
        result = CliRunner().invoke(cli, [*FIGURES, "--out", str(out), *(["--force"] if force else [])])
    assert result.exit_code == 0, result.output
    assert_no_traceback(result.stdout, result.stderr)
    assert sum(line.startswith("Warning:") for line in result.stderr.splitlines()) <= 1
    assert_same_outputs(out, clean)


@pytest.mark.parametrize("name", ["manifest.json", ".gradviz.lock"])
@pytest.mark.parametrize("dry_run", [False, True])
def test_manifest_or_lock_that_is_a_folder_is_exit_2(tmp_path: Path, env: dict[str, str], name: str,
                                                     dry_run: bool) -> None:
    out = tmp_path / "out"
    (out / name).mkdir(parents=True)
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        result = CliRunner().invoke(cli, [*FIGURES, "--out", str(out), *(["--dry-run"] if dry_run else [])])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {out / name} is a folder, not gradviz's file: move it away\n"
    assert sorted(p.name for p in out.iterdir()) == [name]


# --- rivals and a vanishing --out ----------------------------------------------------------------

def test_two_runs_at_once(tmp_path: Path, env: dict[str, str], clean: Path) -> None:
    out = tmp_path / "out"
    procs = [start_cli([*BATCH, "--out", str(out)], env, tmp_path) for _ in range(2)]
    outputs = [p.communicate(timeout=240) for p in procs]
    results = [(p.returncode, *o) for p, o in zip(procs, outputs)]
    for code, stdout, stderr in results:
        assert_no_traceback(stdout, stderr)
    codes = sorted(code for code, _, _ in results)
    assert codes in ([0, 0], [0, 1]), results
    if codes == [0, 1]:
        loser = next(r for r in results if r[0] == 1)
        assert loser[2] == f"Error: another gradviz run is writing to {out}\n"
    assert_matches_manifest(out)
    assert_same_outputs(out, clean)


def test_the_lock_outlives_a_deleted_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    out = tmp_path / "out"
    out.mkdir()
    with out_lock(out):
        shutil.rmtree(out)
        out.mkdir()
        with pytest.raises(OutputBusy):
            with out_lock(out):
                pass
    with out_lock(out):
        pass


def test_out_deleted_mid_run(tmp_path: Path, env: dict[str, str], clean: Path) -> None:
    """The run stops with one line (it never recreates --out), a second run is kept out meanwhile,
    and the next run renders everything."""
    out = tmp_path / "out"
    args = ["scenes", "dot", "slow", "-q", "tiny", "-f", "mp4", "-j", "1"]
    slow_env = {**env, "GVFAKE_SLOW_SECONDS": "400"}
    proc = start_cli([*args, "--out", str(out)], slow_env, tmp_path)
    deadline = time.monotonic() + 60
    while "scenes/144p5/dot.mp4" not in rendered_so_far(out):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    shutil.rmtree(out)
    code, stdout, stderr = run_cli([*args, "--out", str(out)], slow_env, tmp_path)
    assert code == 1 and stderr == f"Error: another gradviz run is writing to {out}\n", stdout + stderr
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1, stdout + stderr
    assert_no_traceback(stdout, stderr)
    assert f"Error: {out} was removed during the run" in stderr
    assert not out.exists() or not visible_files(out)
    finish(out, env, clean, ["scenes", "dot", "-q", "tiny", "-f", "mp4"])
    assert_same_outputs(out, clean, {"scenes/144p5/dot.mp4"})


# --- incremental equals clean --------------------------------------------------------------------

DELETIONS = [
    # a GIF alone (transcoded from an MP4 rendered for it), a PNG alone (a full play), a figure
    {"scenes/144p5/pulse.gif", "scenes/144p5/dot.png", "figures/line.svg"},
    # a PNG beside a WebM, subtitles (every video beside them), a PDF
    {"scenes/144p5/pulse.png", "scenes/144p5/pulse.webm", "scenes/144p5/dot.srt", "figures/bars.pdf"},
]


@pytest.mark.parametrize("deleted", DELETIONS, ids=["gif-png-svg", "png-webm-srt-pdf"])
def test_rerendering_some_outputs_equals_a_clean_run(clean: Path, tmp_path: Path, env: dict[str, str],
                                                     deleted: set[str]) -> None:
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    for relpath in deleted:
        (out / relpath).unlink()
    code, stdout, stderr = run_cli([*BATCH, "--out", str(out)], env, tmp_path)
    assert code == 0, stdout + stderr
    rendered = set(json.loads((out / "manifest.json").read_text())["run"]["rendered"])
    assert rendered - deleted <= {"scenes/144p5/dot.mp4", "scenes/144p5/dot.webm", "scenes/144p5/dot.gif"}
    assert_matches_manifest(out)
    assert_same_outputs(out, clean)


# --- LaTeX hidden, then back ---------------------------------------------------------------------

def test_text_backend_is_an_input_and_check_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without LaTeX the formula renders with Pango and ``check`` exits 0; with LaTeX back the
    formula is stale and re-renders to what a clean LaTeX run gives. (The monkeypatch stands for
    the line plan.py adds: the text backend in every scene's inputs.)"""
    import rendering.plan
    from rendering.checks import text_backend
    from rendering.deps import versions

    for key, value in cli_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(rendering.plan, "versions", lambda: {**versions(), "text_backend": text_backend()})
    args = ["scenes", "formula", "-q", "tiny", "-f", "png"]
    no_tex = tmp_path / "bin"
    no_tex.mkdir()
    path = os.environ["PATH"]

    def invoke(*extra: str) -> Any:
        result = CliRunner().invoke(cli, [*args, *extra])
        assert "Traceback" not in result.output
        return result

    monkeypatch.setenv("PATH", str(no_tex))
    assert text_backend() == "pango"
    check = CliRunner().invoke(cli, ["check", "--out", str(tmp_path / "out")])
    assert check.exit_code == 0, check.output
    assert "fallback LaTeX (latex): latex not found on PATH -> scenes draw their maths as plain text" in check.stdout
    assert invoke("--out", str(tmp_path / "out")).exit_code == 0
    pango = (tmp_path / "out/scenes/144p5/formula.png").read_bytes()

    monkeypatch.setenv("PATH", path)
    if text_backend() != "latex":
        pytest.skip("no LaTeX on this machine")
    assert "formula.png  [changed]" in invoke("--out", str(tmp_path / "out"), "--dry-run").stdout
    assert invoke("--out", str(tmp_path / "out")).exit_code == 0
    assert invoke("--out", str(tmp_path / "fresh")).exit_code == 0
    latex = (tmp_path / "out/scenes/144p5/formula.png").read_bytes()
    assert latex != pango and latex == (tmp_path / "fresh/scenes/144p5/formula.png").read_bytes()


def test_gradviz_no_latex_selects_pango(monkeypatch: pytest.MonkeyPatch) -> None:
    from rendering.checks import text_backend

    monkeypatch.setenv("GRADVIZ_NO_LATEX", "1")
    assert text_backend() == "pango"
    monkeypatch.setenv("GRADVIZ_NO_LATEX", "0")
    assert text_backend() == ("latex" if shutil.which("latex") and shutil.which("dvisvgm") else "pango")


# --- file modes ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), pytest.param(0o022, 0o644, marks=slow)])
def test_outputs_follow_the_umask(tmp_path: Path, env: dict[str, str], umask: int, mode: int) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(["all", "line", "--preview", "--out", str(out)], env, tmp_path,
                                   preexec=lambda: os.umask(umask))
    assert code == 0, stdout + stderr
    code, stdout, stderr = run_cli(["scenes", "dot", "-q", "tiny", "-f", "mp4", "-f", "gif", "-f", "png",
                                    "--out", str(out)], env, tmp_path, preexec=lambda: os.umask(umask))
    assert code == 0, stdout + stderr
    files = [out / p for p in ("manifest.json", "index.html", "figures/line.png", "scenes/144p5/dot.mp4",
                               "scenes/144p5/dot.gif", "scenes/144p5/dot.png", "scenes/144p5/dot.srt")]
    assert {f.name: oct(stat.S_IMODE(f.stat().st_mode)) for f in files} == {f.name: oct(mode) for f in files}
