"""``--scheduler``: jobs on a real local Dask cluster (a scheduler, two workers) equal a local run, file for file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))

from cluster_support import Cluster, free_port, local_cluster, worker_pids  # noqa: E402
from fault_support import ROOT, assert_no_traceback, assert_same_outputs, run_cli, start_cli  # noqa: E402
from gvcluster_figures import HOLD_ENV  # noqa: E402
from render import cli  # noqa: E402
from render_support import (FIXTURES, assert_matches_manifest, copy_fake_catalogue, load_manifest,  # noqa: E402
                            visible_files)
from rendering.cluster import SchedulerUnreachable, connect, scheduler_address  # noqa: E402

SCENES = ["dot", "square"]
FIGURES = ["line", "bars", "hold"]
FORMATS = ["-q", "tiny", "-f", "mp4", "-f", "png", "--figure-format", "pdf", "--figure-format", "svg",
           "--figure-format", "png"]
BATCH = ["all", *SCENES, *FIGURES, *FORMATS]
DATA_FIGURES = ["figures", "cars_scatter", "cars_gradient_bars", "--figure-format", "png", "--figure-format", "svg"]
BEATS = ["scenes", "beats", "-q", "tiny", "-f", "mp4", "-f", "png"]  # five animations off the frame grid, subtitles


def cli_env(root: Path, **extra: str) -> dict[str, str]:
    """The environment of a gradviz run: the cluster catalogue, per-test cache and lock folders."""
    env = {key: value for key, value in os.environ.items() if key not in ("XDG_RUNTIME_DIR", HOLD_ENV)}
    env.update({"GRADVIZ_CATALOGUE": str(root / "cat" / "cluster_catalogue.py"), "XDG_CACHE_HOME": str(root / "cache"),
                **extra})
    return env


def gradviz(root: Path, *args: str, **env: str) -> tuple[int, str, str]:
    """Run gradviz in a subprocess; its output must have no traceback."""
    code, stdout, stderr = run_cli(list(args), cli_env(root, **env), root)
    assert_no_traceback(stdout, stderr)
    return code, stdout, stderr


def records_without_times(out: Path) -> dict[str, dict]:
    """The manifest's records, less what differs from run to run (when and how fast; a video's container id)."""
    records = {}
    for path, record in load_manifest(out).items():
        drop = ({"render_time_s", "rendered_at", "frames_s", "cpu_s", "play_costs"}  # timings (chunking's hints too)
                | ({"sha256", "size"} if path.endswith((".mp4", ".webm")) else set()))
        records[path] = {k: v for k, v in record.items() if k not in drop and k != "companions"}
    return records


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogue (fake scenes and figures, the ``hold`` figure, the ``beats`` scene to cut) and
    a lesson with its CSV file."""
    root = tmp_path_factory.mktemp("cluster")
    copy_fake_catalogue(root / "cat")
    for name in ("cluster_catalogue.py", "gvcluster_figures.py", "gvchunk_scenes.py"):
        shutil.copy2(FIXTURES / name, root / "cat" / name)
    (root / "lesson").mkdir()
    for name in ("more_landscapes.toml", "cars.csv"):
        shutil.copy2(FIXTURES.parent / "lessons" / name, root / "lesson" / name)
    (root / "hold").mkdir()
    return root


def worker_env(root: Path) -> dict[str, str]:
    """The environment of the cluster's processes: gradviz and the test catalogue on PYTHONPATH."""
    env = {key: value for key, value in os.environ.items() if key != "GRADVIZ_CATALOGUE"}
    env.update({"PYTHONPATH": os.pathsep.join([str(ROOT), str(root / "cat")]), HOLD_ENV: str(root / "hold")})
    return env


@pytest.fixture(scope="module")
def cluster(root: Path) -> Iterator[Cluster]:
    """A scheduler and two one-thread workers on 127.0.0.1, which find gradviz and the test
    catalogue's modules on PYTHONPATH (the lesson's CSV file they never see: it travels); a task
    whose workers die twice fails (``allowed-failures`` 1) so that the killer test stays short."""
    pytest.importorskip("distributed")
    env = {**worker_env(root), "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"}
    with local_cluster(root / "dask", workers=2, env=env) as running:
        yield running


def wait_for_workers(cluster: Cluster, count: int = 2) -> dict[str, int]:
    """The workers' process ids once ``count`` are connected (a killed one is restarted by its nanny)."""
    deadline = time.monotonic() + 60
    while len(pids := worker_pids(cluster.address)) < count:
        assert time.monotonic() < deadline, "the killed worker was not restarted"
        time.sleep(0.5)
    return pids


def arm(hold: Path) -> None:
    """Forget earlier holds and drawings; the next worker to draw ``hold`` holds still until killed."""
    for marker in hold.iterdir():
        marker.unlink()
    (hold / "armed").touch()


def wait_for_hold(hold: Path, proc: subprocess.Popen[str]) -> int:
    """The process id of the worker that took the armed figure."""
    deadline = time.monotonic() + 120
    while not (held := list(hold.glob("held-*"))):
        assert proc.poll() is None and time.monotonic() < deadline, "no worker took the armed figure"
        time.sleep(0.1)
    return int(held[0].name.removeprefix("held-"))


def run_until_held(root: Path, args: list[str], act: Callable[[subprocess.Popen[str], int], None],
                   timeout: float) -> tuple[int, str, str, int]:
    """Start gradviz with ``args``; once a worker holds the armed figure, ``act(the gradviz process,
    the holder's pid)``; wait for the run to end. Returns (exit code, stdout, stderr, the holder's
    pid); no traceback allowed."""
    arm(root / "hold")
    proc = start_cli(args, cli_env(root), root)
    try:
        holder = wait_for_hold(root / "hold", proc)
        act(proc, holder)
        stdout, stderr = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert_no_traceback(stdout, stderr)
    return proc.returncode, stdout, stderr, holder


@pytest.fixture(scope="module")
def local(root: Path) -> Path:
    """The outputs of a local run (``--jobs 2``) of the batch and of the lesson's data figures."""
    out = root / "local"
    assert gradviz(root, *BATCH, "-j", "2", "--out", str(out))[0] == 0
    code, stdout, stderr = gradviz(root, *DATA_FIGURES, "--lesson", str(root / "lesson" / "more_landscapes.toml"),
                                   "-j", "2", "--out", str(out))
    assert code == 0, stdout + stderr
    return out


@pytest.fixture(scope="module")
def remote(root: Path, cluster: Cluster, local: Path) -> Path:
    """The same two runs through the cluster."""
    out = root / "remote"
    code, stdout, stderr = gradviz(root, *BATCH, "--scheduler", cluster.address, "--out", str(out))
    assert code == 0, stdout + stderr
    code, stdout, stderr = gradviz(root, *DATA_FIGURES, "--lesson", str(root / "lesson" / "more_landscapes.toml"),
                                   "--scheduler", cluster.address, "--out", str(out))
    assert code == 0, stdout + stderr
    return out


def test_a_cluster_run_equals_a_local_run_file_for_file(remote: Path, local: Path) -> None:
    assert_same_outputs(remote, local)
    assert_same_outputs(local, remote)
    assert_matches_manifest(remote)
    assert records_without_times(remote) == records_without_times(local)
    assert {"figures/cars_scatter.png", "figures/cars_gradient_bars.svg"} <= set(load_manifest(remote))


def test_a_second_cluster_run_renders_only_what_is_missing(root: Path, cluster: Cluster, remote: Path,
                                                           local: Path) -> None:
    out = root / "incremental"
    shutil.copytree(remote, out)
    code, stdout, _ = gradviz(root, *BATCH, "--scheduler", cluster.address, "--out", str(out))
    assert code == 0 and "Nothing to render" in stdout
    (out / "figures" / "bars.svg").unlink()
    (out / "scenes" / "144p5" / "dot.png").write_bytes(b"altered")
    code, stdout, _ = gradviz(root, *BATCH, "--scheduler", cluster.address, "--out", str(out))
    assert code == 0, stdout
    run = json.loads((out / "manifest.json").read_text())["run"]
    assert sorted(run["rendered"]) == ["figures/bars.svg", "scenes/144p5/dot.png"]
    assert_same_outputs(out, local)
    assert_matches_manifest(out)


def without_chunk_costs(records: dict[str, dict]) -> dict[str, dict]:
    """Records less what only a scene joined from chunks records (each chunk's costs, the join's)."""
    return {path: {k: v for k, v in record.items() if k not in ("chunk_costs", "join_s")}
            for path, record in records.items()}


@pytest.fixture(scope="module")
def whole(root: Path) -> Path:
    """The ``beats`` scene rendered whole by a local run."""
    out = root / "beats-whole"
    code, stdout, stderr = gradviz(root, *BEATS, "-j", "1", "--out", str(out))
    assert code == 0, stdout + stderr
    return out


@pytest.mark.parametrize(("chunks", "over_whole"), [("3", False), ("2", True)], ids=["probed", "cut-by-costs"])
def test_a_scene_in_chunks_on_the_cluster_is_the_whole_local_render(root: Path, cluster: Cluster, whole: Path,
                                                                    chunks: str, over_whole: bool) -> None:
    """Chunks rendered by the workers join into the files of a whole local render: every frame
    and their count, the last frame, the subtitles (whose text reads the clock), the manifest.
    Into a new folder each chunk probes the scene; over a whole render (``--force``) the chunks
    are cut by the costs it recorded."""
    out = root / f"beats-{chunks}"
    if over_whole:
        shutil.copytree(whole, out)
    code, stdout, stderr = gradviz(root, *BEATS, "--chunks", chunks, "--scheduler", cluster.address,
                                   *(["--force"] if over_whole else []), "--out", str(out))
    assert code == 0, stdout + stderr
    assert "rendered whole" not in stdout + stderr
    assert {f"scenes/144p5/beats{suffix}" for suffix in (".mp4", ".png", ".srt", ".vtt", ".narration.txt")} \
        == visible_files(whole)
    assert_same_outputs(out, whole)
    assert_same_outputs(whole, out)
    assert_matches_manifest(out)
    assert len(load_manifest(out)["scenes/144p5/beats.mp4"]["chunk_costs"]) == int(chunks)
    assert without_chunk_costs(records_without_times(out)) == records_without_times(whole)


def test_a_worker_killed_mid_job_has_the_job_retried_on_the_other(root: Path, cluster: Cluster, local: Path) -> None:
    before = wait_for_workers(cluster)
    out = root / "killed"
    code, stdout, stderr, victim = run_until_held(root, [*BATCH, "--scheduler", cluster.address, "--out", str(out)],
                                                  lambda _, pid: os.kill(pid, signal.SIGKILL), timeout=240)
    assert code == 0, stdout + stderr
    assert victim in before.values()
    drawn = {int(p.name.removeprefix("drawn-")) for p in (root / "hold").glob("drawn-*")}
    assert victim not in drawn and drawn <= set(before.values()) - {victim}
    assert_same_outputs(out, local, {p for p in load_manifest(local) if not p.startswith("figures/cars")})
    assert_matches_manifest(out)


def test_a_failing_job_fails_alone_even_when_it_kills_its_workers(root: Path, cluster: Cluster, local: Path) -> None:
    wait_for_workers(cluster)
    out = root / "failing"
    code, stdout, _ = gradviz(root, "all", "dot", "broken", "killer", "line", *FORMATS,
                              "--scheduler", cluster.address, "--out", str(out))
    assert code == 1, stdout
    failed = {f["name"]: f["error"] for f in json.loads((out / "manifest.json").read_text())["run"]["failed"]}
    assert set(failed) == {"broken", "killer"}
    assert failed["broken"].startswith("ValueError: deliberately broken scene")
    assert failed["killer"].startswith("KilledWorker")
    records = assert_matches_manifest(out)
    assert {p.split("/")[-1].split(".")[0] for p in records} == {"dot", "line"}
    assert_same_outputs(out, local, set(records))


def test_ctrl_c_during_a_cluster_run_leaves_only_whole_outputs(root: Path, cluster: Cluster, local: Path) -> None:
    wait_for_workers(cluster)
    out = root / "interrupted"
    sleepers: list[int] = []

    def interrupt(run: subprocess.Popen[str], holder: int) -> None:
        sleepers.append(holder)
        run.send_signal(signal.SIGINT)

    try:
        code, stdout, stderr, _ = run_until_held(
            root, ["figures", "hold", "line", "bars", *FORMATS, "--scheduler", cluster.address, "--out", str(out)],
            interrupt, timeout=180)
    finally:
        for sleeper in sleepers:  # the worker holding the job is still asleep: free it for the next tests
            os.kill(sleeper, signal.SIGKILL)
    assert code == 130, stdout + stderr
    records = assert_matches_manifest(out)
    assert "figures/hold.png" not in records
    assert_same_outputs(out, local, set(records))
    assert not list(out.parent.glob(".gradviz-work-*"))  # the run's work folders are gone


def test_losing_the_scheduler_mid_run_is_one_line_and_leaves_only_whole_outputs(root: Path, local: Path) -> None:
    """The scheduler dies while a job runs: the run stops at once with one line naming the lost
    scheduler and how many jobs it did not render, exit 1; what finished is whole and in the manifest."""
    out = root / "orphaned"
    with local_cluster(root / "dask-lost", workers=1, env=worker_env(root)) as lost:
        code, stdout, stderr, _ = run_until_held(
            root, ["figures", "line", "hold", "bars", *FORMATS, "--scheduler", lost.address, "--out", str(out)],
            lambda *_: os.killpg(lost.scheduler_pid, signal.SIGKILL), timeout=120)
    assert code == 1, stdout + stderr
    records = assert_matches_manifest(out)
    finished = {p.split("/")[-1].split(".")[0] for p in records}
    assert "hold" not in finished and finished <= {"line", "bars"}
    lines = [line for line in stderr.splitlines() if "scheduler" in line]
    unfinished = 3 - len(finished)
    assert len(lines) == 1 and lines[0].startswith(f"Error: lost the Dask scheduler at {lost.address} mid-run: "
                                                   f"{unfinished} job{'s' if unfinished > 1 else ''} not rendered"), stderr
    assert_same_outputs(out, local, set(records))
    assert not list(out.parent.glob(".gradviz-work-*"))


def test_a_cluster_runner_runs_as_many_jobs_at_once_as_the_cluster_has_threads(root: Path, cluster: Cluster) -> None:
    """--chunks auto cuts scenes for the cluster's workers (two one-thread workers), not for --jobs."""
    from rendering.cluster import job_runner
    from rendering.options import RenderOptions

    wait_for_workers(cluster)
    with job_runner(RenderOptions(out=root / "unused", jobs=7, scheduler=cluster.address)) as remote:
        assert remote.slots == 2
    with job_runner(RenderOptions(out=root / "unused", jobs=7)) as local:
        assert local.slots == 7


def test_render_imports_dask_only_for_a_scheduler() -> None:
    code = ("import sys, render, rendering.runner, rendering.cluster, rendering.cli_run; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('distributed', 'dask')))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_without_dask_a_scheduler_is_one_line_naming_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(SchedulerUnreachable, match=r"^--scheduler needs Dask: pip install 'gradviz\[cluster\]'$"):
        connect("tcp://127.0.0.1:8786")


def test_an_unreachable_scheduler_is_one_line_exit_2_and_writes_nothing(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    address = f"127.0.0.1:{free_port()}"
    code, stdout, stderr = gradviz(root, *BATCH, "--scheduler", address, "--out", str(out),
                                   DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="2s")
    assert code == 2, stdout + stderr
    assert stderr.strip().count("\n") == 0, stderr
    assert stderr.startswith(f"Error: no Dask scheduler answers at tcp://{address}")
    assert not out.exists() or not any(out.iterdir())


def test_a_dry_run_never_dials_the_scheduler(root: Path, tmp_path: Path) -> None:
    code, stdout, stderr = gradviz(root, *BATCH, "--scheduler", f"127.0.0.1:{free_port()}", "--dry-run",
                                   "--out", str(tmp_path / "out"))
    assert code == 0 and "dot" in stdout, stdout + stderr


BAD_ADDRESSES = [
    ("", "is not a scheduler address"),
    ("http://127.0.0.1:8786", "the scheme must be one of tcp, tls, ws, wss; got 'http'"),
    ("127.0.0.1:0", "the port must be a number from 1 to 65535; got '0'"),
    ("127.0.0.1:70000", "got '70000'"),
    ("127.0.0.1:port", "got 'port'"),
    ("tcp://", "is not a scheduler address"),
    ("two words:8786", "is not a scheduler address"),
    ("host:8786/path", "is not a scheduler address"),
]


@pytest.mark.parametrize(("address", "message"), BAD_ADDRESSES, ids=[a or "empty" for a, _ in BAD_ADDRESSES])
def test_a_bad_address_is_one_line_and_exit_2(tmp_path: Path, address: str, message: str) -> None:
    result = CliRunner().invoke(cli, ["all", "--scheduler", address, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: Invalid value for '--scheduler'")
    assert message in result.stderr and "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("text", "address"), [
    ("127.0.0.1:8786", "tcp://127.0.0.1:8786"),
    ("scheduler.example.org", "tcp://scheduler.example.org:8786"),
    ("TLS://10.0.0.5:9000", "tls://10.0.0.5:9000"),
    ("tcp://[::1]:8786", "tcp://[::1]:8786"),
    (" ws://node-1:80 ", "ws://node-1:80"),
])
def test_good_addresses_are_completed(text: str, address: str) -> None:
    assert scheduler_address(text) == address
