"""Interrupted runs (kill -9 of the whole run, Ctrl-C) leave no partial file; the next run finishes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))

from render_support import assert_matches_manifest, copy_fake_catalogue  # noqa: E402
from fault_support import as_from_a_terminal  # noqa: E402

from rendering.runner import work_root_for  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["scenes", "dot", "square", "slow", "-q", "tiny", "-f", "mp4", "-j", "2"]
DONE = {"scenes/144p5/dot.mp4", "scenes/144p5/square.mp4"}


def start(tmp_path: Path, slow_seconds: str) -> subprocess.Popen[str]:
    env = {**os.environ, "GRADVIZ_CATALOGUE": str(copy_fake_catalogue(tmp_path / "cat")),
           "GVFAKE_SLOW_SECONDS": slow_seconds}
    return subprocess.Popen([sys.executable, str(ROOT / "render.py"), *ARGS, "--out", str(tmp_path / "out")],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True, preexec_fn=as_from_a_terminal)


def wait_until_slow_is_rendering(out: Path, proc: subprocess.Popen[str], timeout: float = 90) -> None:
    """Until dot and square are committed and the slow scene has partial files in the work folder."""
    slow_work = work_root_for(out) / "scene-slow"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()[0]
        try:
            rendered = set(json.loads((out / "manifest.json").read_text())["run"]["rendered"])
        except (OSError, ValueError, KeyError):
            rendered = set()
        if rendered >= DONE and slow_work.is_dir() and any(p.suffix == ".mp4" for p in slow_work.rglob("*")):
            return
        time.sleep(0.2)
    raise AssertionError("the slow scene never started rendering")


def wait_for_group_to_end(pgid: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.killpg(pgid, signal.SIGKILL)
    raise AssertionError("worker processes outlived the killed run")


def finish(tmp_path: Path) -> str:
    """Rerun with a short slow scene; it must render only what is missing."""
    env = {**os.environ, "GRADVIZ_CATALOGUE": str(tmp_path / "cat" / "fake_catalogue.py"), "GVFAKE_SLOW_SECONDS": "1"}
    proc = subprocess.run([sys.executable, str(ROOT / "render.py"), *ARGS, "--out", str(tmp_path / "out")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_kill_9_of_the_whole_run_leaves_no_partial_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = start(tmp_path, "600")
    wait_until_slow_is_rendering(out, proc)
    os.kill(proc.pid, signal.SIGKILL)  # the parent only: its workers must die with it
    proc.wait(timeout=10)
    wait_for_group_to_end(proc.pid)
    assert set(assert_matches_manifest(out)) == DONE  # only complete, recorded files
    assert not list(out.glob("scenes/144p5/slow*"))
    stdout = finish(tmp_path)
    assert "Rendered 1 output(s), 2 up to date, 0 failed" in stdout
    assert set(assert_matches_manifest(out)) == DONE | {"scenes/144p5/slow.mp4"}
    assert not work_root_for(out).exists()


def test_ctrl_c_stops_cleanly_with_exit_130(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = start(tmp_path, "600")
    wait_until_slow_is_rendering(out, proc)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the whole foreground group
    stdout, _ = proc.communicate(timeout=120)  # generous: a loaded machine stops slowly, never wrongly
    wait_for_group_to_end(proc.pid)
    assert proc.returncode == 130, stdout
    assert "Interrupted: the next run finishes the job." in stdout and "Traceback" not in stdout
    assert set(assert_matches_manifest(out)) == DONE
    assert json.loads((out / "manifest.json").read_text())["run"]["interrupted"] is True
    assert not work_root_for(out).exists()
    finish(tmp_path)
    assert set(assert_matches_manifest(out)) == DONE | {"scenes/144p5/slow.mp4"}


@pytest.mark.parametrize("sig", [signal.SIGTERM])
def test_sigterm_is_handled_like_ctrl_c(tmp_path: Path, sig: signal.Signals) -> None:
    out = tmp_path / "out"
    proc = start(tmp_path, "600")
    wait_until_slow_is_rendering(out, proc)
    os.kill(proc.pid, sig)
    stdout, _ = proc.communicate(timeout=120)
    wait_for_group_to_end(proc.pid)
    assert proc.returncode == 130, stdout
    assert set(assert_matches_manifest(out)) == DONE
