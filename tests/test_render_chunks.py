"""``--chunks``: a scene cut into ranges of animations rendered in parallel and joined without
re-encoding is the file a whole render makes: every frame, the frame count, the subtitles."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import av
import pytest
from click.testing import CliRunner

FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(FIXTURES))

from render import cli  # noqa: E402
from render_support import assert_matches_manifest, load_manifest  # noqa: E402
from rendering.chunk_render import chunk_bounds  # noqa: E402
from rendering.chunking import (AUTO, JOIN_S, balanced_firsts, chunk_counts, chunk_jobs, parse_chunks,  # noqa: E402
                                predicted_time)
from rendering.jobs import Job, Output  # noqa: E402
from rendering.options import QUALITIES  # noqa: E402

TINY = "scenes/144p5"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout + result.stderr


def frames(path: Path) -> list[bytes]:
    """Every decoded frame of a video, as RGB bytes."""
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="rgb24").tobytes() for frame in container.decode(video=0)]


def assert_same_render(whole: Path, chunked: Path, name: str) -> None:
    """Same frames (every one, byte for byte), same count, same subtitles in every form."""
    a, b = frames(whole / TINY / f"{name}.mp4"), frames(chunked / TINY / f"{name}.mp4")
    assert len(a) == len(b) > 0
    assert [i for i, (x, y) in enumerate(zip(a, b)) if x != y] == []
    for suffix in (".srt", ".vtt", ".narration.txt"):
        left, right = whole / TINY / f"{name}{suffix}", chunked / TINY / f"{name}{suffix}"
        assert left.is_file() == right.is_file(), suffix
        if left.is_file():
            assert left.read_bytes() == right.read_bytes(), suffix
    assert_matches_manifest(chunked)


def render(out: Path, *names: str, chunks: str = "1", formats: tuple[str, ...] = ("mp4",), force: bool = False,
           jobs: str = "2") -> str:
    flags = [arg for fmt in formats for arg in ("-f", fmt)] + (["--force"] if force else [])
    code, output = invoke("scenes", *names, "-q", "tiny", *flags, "-j", jobs, "--chunks", chunks, "--out", str(out))
    assert code == 0, output
    return output


def scene_templates() -> list[str]:
    """Every scene template of the built-in catalogue, by name."""
    from rendering.catalogue import load_catalogue

    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("GRADVIZ_CATALOGUE", raising=False)
        return [entry.name for entry in load_catalogue().scenes]


@pytest.mark.parametrize("name", scene_templates())
def test_every_scene_template_in_chunks_is_the_whole_render(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            name: str) -> None:
    """Rendered whole (which records its animations in the manifest), then over it in 3 chunks
    (--force; the chunks know the animations: no probe): every frame the same. Each template is
    its own test, so that the test workers share the templates out."""
    monkeypatch.delenv("GRADVIZ_CATALOGUE", raising=False)
    render(tmp_path / "whole", name, jobs="1")
    whole = load_manifest(tmp_path / "whole")[f"{TINY}/{name}.mp4"]
    set_ups = [set_up for set_up, _ in whole["play_costs"]]
    assert len(set_ups) == whole["animations"] and set_ups == sorted(set_ups)  # measured per animation, in order
    assert 0 < whole["frames_s"] <= whole["render_time_s"] and whole["cpu_s"] > 0
    shutil.copytree(tmp_path / "whole", tmp_path / "chunked")
    assert "rendered whole" not in render(tmp_path / "chunked", name, chunks="3", force=True)
    assert_same_render(tmp_path / "whole", tmp_path / "chunked", name)
    chunked = load_manifest(tmp_path / "chunked")[f"{TINY}/{name}.mp4"]
    assert len(chunked["chunk_costs"]) == 3 and chunked["animations"] == whole["animations"]


@pytest.fixture()
def stand_ins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRADVIZ_CATALOGUE", str(FIXTURES / "chunk_catalogue.py"))


def test_beats_off_the_frame_grid_keep_their_times(stand_ins: None, tmp_path: Path) -> None:
    """Run times that are no multiple of a frame: a skipped animation advances the clock by its
    frames, so subtitles (and a caption printing the clock) match a whole render."""
    render(tmp_path / "whole", "beats", formats=("mp4", "png", "gif"))
    render(tmp_path / "four", "beats", chunks="4", formats=("mp4", "png", "gif"))
    assert_same_render(tmp_path / "whole", tmp_path / "four", "beats")
    for suffix in (".png", ".gif"):
        assert (tmp_path / "whole" / TINY / f"beats{suffix}").read_bytes() == \
            (tmp_path / "four" / TINY / f"beats{suffix}").read_bytes()


def test_time_based_updaters_and_stop_conditions_are_cut_too(stand_ins: None, tmp_path: Path) -> None:
    """A skipped play steps through its frames when an updater takes dt (or a wait stops on a
    condition): the chunks match a whole render and nothing is rendered whole."""
    render(tmp_path / "whole", "ticking")
    for chunks in ("2", "4"):
        shutil.copytree(tmp_path / "whole", tmp_path / chunks)
        output = render(tmp_path / chunks, "ticking", chunks=chunks, force=True)
        assert "rendered whole" not in output
        assert_same_render(tmp_path / "whole", tmp_path / chunks, "ticking")


def test_pure_updaters_are_skipped_in_one_step_and_still_match(stand_ins: None, tmp_path: Path) -> None:
    """Updaters marked pure (scenes.common.pure_updater) let a skip jump to a play's end; one that
    remembers makes it step again; either way the chunks are the whole render."""
    render(tmp_path / "whole", "follower")
    for chunks in ("2", "4"):
        shutil.copytree(tmp_path / "whole", tmp_path / chunks)
        render(tmp_path / chunks, "follower", chunks=chunks, force=True)
        assert_same_render(tmp_path / "whole", tmp_path / chunks, "follower")


def test_only_a_play_with_an_impure_updater_or_a_stop_condition_steps_frame_by_frame() -> None:
    from manim import Dot, Scene

    from rendering.chunk_render import _steps_frames
    from scenes.common import pure_updater

    scene, dot = Scene(), Dot()
    scene.add(dot)
    assert not _steps_frames(scene)
    dot.add_updater(pure_updater(lambda m: m.set_x(1)))
    assert not _steps_frames(scene)
    scene.add_updater(pure_updater(lambda dt: None))
    assert not _steps_frames(scene)
    dot.add_updater(lambda m, dt: m.shift(dt * m.get_center()))
    assert _steps_frames(scene)
    dot.clear_updaters()
    scene.stop_condition = lambda: False
    assert _steps_frames(scene)


def test_sound_renders_whole_with_a_note(stand_ins: None, tmp_path: Path) -> None:
    note = "rendered whole, not in chunks: the scene adds sound"
    assert note in render(tmp_path / "chunked", "sound", chunks="2")  # found by the probe
    render(tmp_path / "whole", "sound")
    assert_same_render(tmp_path / "whole", tmp_path / "chunked", "sound")


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", "", "257"])
def test_bad_chunks_is_one_line_exit_2(tmp_path: Path, value: str) -> None:
    code, output = invoke("scenes", "--chunks", value, "--out", str(tmp_path / "out"))
    assert code == 2
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:") and "--chunks" in lines[0], output
    assert "Traceback" not in output and not (tmp_path / "out").exists()


def test_parse_chunks() -> None:
    assert parse_chunks("3") == 3 and parse_chunks(" AUTO ") == AUTO
    with pytest.raises(ValueError):
        parse_chunks("0")


def test_chunk_bounds_cover_every_animation_once() -> None:
    for plays in range(1, 30):
        for count in range(1, 8):
            ranges = [chunk_bounds(plays, i, count) for i in range(count)]
            assert [i for a, b in ranges for i in range(a, b)] == list(range(plays))
            assert ranges[-1][0] < ranges[-1][1]  # the last chunk plays to the end: never empty


def _scene_job(name: str, fmt: str = "mp4") -> Job:
    return Job("scene", name, "m", "A", "dark", (Output(fmt, f"{name}.{fmt}", "", "new"),), quality=QUALITIES["tiny"])


def test_auto_chunks_only_idle_workers_where_chunks_win() -> None:
    jobs = [_scene_job("long"), _scene_job("short"), Job("figure", "f", "m", "g", "light", ())]
    cost = {"long": 300.0, "short": 100.0}.get
    drawn = lambda job: 0.9 * cost(job.name, 1.0)  # noqa: E731 - most of the time on frames
    assert chunk_counts(jobs, AUTO, 2, lambda j: cost(j.name, 1.0), drawn) == {}  # as many scenes as workers
    assert chunk_counts(jobs, AUTO, 8, lambda j: cost(j.name, 1.0), drawn, cores=8) == {0: 6, 1: 2}
    two_cores = lambda job: 1.5 * cost(job.name, 1.0)  # noqa: E731 - the encoder's thread keeps 1.5 cores busy
    assert chunk_counts([jobs[0]], AUTO, 2, lambda j: 300.0, lambda j: 0.9 * 300, two_cores, cores=2) == {0: 2}
    assert chunk_counts([jobs[0]], AUTO, 2, lambda j: 300.0, lambda j: 0.5 * 300, two_cores, cores=2) == {}
    assert chunk_counts(jobs, AUTO, 8) == {}  # never measured: rendered whole (which measures)
    assert chunk_counts(jobs, AUTO, 8, lambda j: cost(j.name, 1.0)) == {}  # frames' share unknown
    setup_bound = lambda job: 0.1 * cost(job.name, 1.0)  # noqa: E731 - set-up and skipping dominate
    assert chunk_counts(jobs, AUTO, 8, lambda j: cost(j.name, 1.0), setup_bound) == {}  # chunks cannot win
    assert chunk_counts([_scene_job("still", "png")], AUTO, 4, lambda j: 100.0, lambda j: 90.0) == {}  # a last frame
    assert chunk_counts(jobs, 3, 1) == {0: 3, 1: 3}
    assert chunk_counts(jobs, 1, 8) == {}


def test_predicted_time_divides_only_the_frames() -> None:
    assert predicted_time(100.0, 80.0, 1) == 100.0
    assert predicted_time(100.0, 80.0, 4) == pytest.approx(20.0 + 20.0 + 3 * JOIN_S)
    assert predicted_time(100.0, 80.0, 4, parallel=2.0) == pytest.approx(20.0 + 40.0 + 3 * JOIN_S)  # cores full


def test_balanced_cuts_give_later_chunks_fewer_frames() -> None:
    """A chunk pays the set-up up to its end: with set-up spread through the scene, the first
    chunk draws more; with none, the frames are shared evenly; never more chunks than asked."""
    assert balanced_firsts([(0.0, 1.0)] * 12, 3) == [0, 4, 8]
    firsts = balanced_firsts([(2.0 * k, 3.0) for k in range(10)], 2)  # chunk [a, b) costs 2·b + 3·(b − a)
    assert firsts == [0, 6]  # 12 + 18 = 30 and 18 + 12 = 30
    assert balanced_firsts([(0.0, 1.0)] * 2, 5) == [0, 1]  # one animation a chunk at most
    assert len(balanced_firsts([(100.0, 1.0)] * 6, 3)) == 3  # set-up dominates: still as many as asked
    for count in range(1, 6):
        firsts = balanced_firsts([(k * 0.3, 1.0 + k % 3) for k in range(17)], count)
        assert len(firsts) == count and firsts[0] == 0 and firsts == sorted(set(firsts))


def test_chunk_jobs_cut_by_measured_costs_else_evenly() -> None:
    job = _scene_job("s")
    assert [j.chunk for j in chunk_jobs(job, 2, 10, [(2.0 * k, 3.0) for k in range(10)])] == \
        [(0, 2, 10, 0, 6), (1, 2, 10, 6, -1)]
    assert [j.chunk for j in chunk_jobs(job, 2, 10)] == [(0, 2, 10, -1, -1), (1, 2, 10, -1, -1)]
    assert [j.label for j in chunk_jobs(job, 2, 0)] == ["s[1/2]", "s[2/2]"]
