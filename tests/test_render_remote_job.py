"""Jobs that travel: packed with their data files, run in a private folder, their files as bytes."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from lessons import load_lesson
from rendering.jobs import Job, JobResult, Output, Produced
from rendering.kinds import execute
from rendering.remote_job import GRADVIZ_MODULES, Packed, Returned, code_of, pack, render_environment, run_packed, unpack

LESSONS = Path(__file__).resolve().parent / "lessons"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent


def lesson_job(folder: Path, name: str, formats: tuple[str, ...] = ("png",)) -> Job:
    """A figure job of ``more_landscapes.toml`` (copied into ``folder`` with its CSV file)."""
    folder.mkdir(parents=True, exist_ok=True)
    for file in ("more_landscapes.toml", "cars.csv"):
        shutil.copy2(LESSONS / file, folder / file)
    entry = next(e for e in load_lesson(folder / "more_landscapes.toml").figures if e.name == name)
    outputs = tuple(Output(fmt, f"figures/{name}.{fmt}", "hash", "new") for fmt in formats)
    return Job("figure", name, entry.module, entry.attr, "light", outputs, dpi=50, payload=dict(entry.payload))


def test_a_job_without_a_lesson_travels_as_it_is() -> None:
    job = Job("figure", "line", "gvfake_fig_line", "make_line", "light", ())
    assert pack(job) == Packed(job, environment=render_environment("figure"), code=code_of(job))


def test_a_job_naming_no_file_carries_none(tmp_path: Path) -> None:
    lesson = load_lesson(LESSONS / "more_landscapes.toml")
    entry = next(e for e in lesson.figures if "data" not in e.payload["params"])
    job = Job("figure", entry.name, entry.module, entry.attr, "light", (), payload=dict(entry.payload))
    assert pack(job).job == job and pack(job).files == ()


def test_the_csv_file_travels_with_the_job_under_its_own_name(tmp_path: Path) -> None:
    job = lesson_job(tmp_path / "lesson", "cars_scatter")
    packed = pack(job)
    assert packed.files == (("cars.csv", (LESSONS / "cars.csv").read_bytes()),)
    assert packed.job.payload is not None and job.payload is not None
    assert packed.job.payload["params"] == {**job.payload["params"], "data": "0/cars.csv"}
    assert str(tmp_path) not in repr(packed.job.payload)  # nothing points at the client's folders
    assert job.payload["params"]["data"] == "cars.csv"  # the caller's job is untouched


def test_a_packed_job_renders_without_the_client_files_and_equals_a_local_render(tmp_path: Path) -> None:
    job = lesson_job(tmp_path / "lesson", "cars_gradient_bars", ("png", "svg"))
    local = execute(Job(**{**job.__dict__, "work_dir": str(tmp_path / "local")}))
    assert local.ok, local.detail
    packed = pack(job)
    shutil.rmtree(tmp_path / "lesson")  # the worker has no shared filesystem
    (tmp_path / "worker").mkdir()
    returned = run_packed(packed, str(tmp_path / "worker"))
    assert returned.result.ok, returned.result.detail
    assert list((tmp_path / "worker").iterdir()) == []  # the job's folder is gone
    mine = Job(**{**job.__dict__, "work_dir": str(tmp_path / "client" / "figure-x")})
    result = unpack(returned, mine)
    assert result.ok and result.job is mine
    assert [p.output for p in result.produced] == [p.output for p in local.produced]
    for here, there in zip(result.produced, local.produced):
        assert Path(here.staged).is_relative_to(tmp_path / "client" / "figure-x")
        assert Path(here.staged).read_bytes() == Path(there.staged).read_bytes()
        assert here.info == there.info


def test_a_failed_job_comes_back_as_its_error(tmp_path: Path) -> None:
    job = Job("figure", "nothing", "no_such_module_anywhere", "make", "light",
              (Output("png", "figures/nothing.png", "hash", "new"),))
    returned = run_packed(pack(job), str(tmp_path))
    assert returned.files == () and "ModuleNotFoundError" in (returned.result.error or "")
    result = unpack(returned, job)
    assert result.job is job and not result.ok


def test_companions_land_beside_their_output(tmp_path: Path) -> None:
    output = Output("mp4", "scenes/x.mp4", "hash", "new")
    remote = Job("scene", "x", "m", "X", "dark", (output,), work_dir="/remote/work")
    produced = Produced(output, "/remote/work/media/x.mp4", {"size": 3}, 1.0,
                        (("scenes/x.srt", "/remote/work/media/x.srt", {"size": 2}),))
    returned = Returned(JobResult(remote, (produced,)), (("/remote/work/media/x.mp4", "media/x.mp4", b"mp4"),
                                                         ("/remote/work/media/x.srt", "media/x.srt", b"sr")))
    local = Job("scene", "x", "m", "X", "dark", (output,), work_dir=str(tmp_path / "w"))
    result = unpack(returned, local)
    (landed,) = result.produced
    assert Path(landed.staged).read_bytes() == b"mp4" and landed.staged == str(tmp_path / "w/media/x.mp4")
    ((rel, staged, info),) = landed.companions
    assert (rel, Path(staged).read_bytes(), info) == ("scenes/x.srt", b"sr", {"size": 2})


def test_a_file_that_cannot_be_written_here_fails_its_job(tmp_path: Path) -> None:
    output = Output("png", "figures/x.png", "hash", "new")
    produced = Produced(output, "/remote/work/x.png", {}, 1.0)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    returned = Returned(JobResult(Job("figure", "x", "m", "f", "light", (output,)), (produced,)),
                        (("/remote/work/x.png", "x.png", b"png"),))
    result = unpack(returned, Job("figure", "x", "m", "f", "light", (output,), work_dir=str(blocker / "w")))
    assert not result.ok and result.error is not None
    assert result.error.startswith("WriteFailed: cannot write") and str(blocker) in result.error


@pytest.mark.parametrize("name", ["cars_scatter", "cars_gradient_bars"])
def test_packing_is_deterministic(tmp_path: Path, name: str) -> None:
    job = lesson_job(tmp_path, name)
    assert pack(job) == pack(job)


def test_the_environment_names_the_libraries_and_for_scenes_the_text_backend() -> None:
    assert {key for key, _ in render_environment("figure")} == {"manim", "matplotlib"}
    assert {key for key, _ in render_environment("scene")} == {"manim", "matplotlib", "text_backend"}


def test_a_worker_with_other_versions_refuses_the_job(tmp_path: Path) -> None:
    output = Output("png", "figures/line.png", "h", "new")
    job = Job("figure", "line", "gvfake_fig_line", "make_line", "light", (output,))
    packed = Packed(job, environment=(("manim", "0.0.1"), ("matplotlib", "1.0")))
    returned = run_packed(packed, str(tmp_path))
    assert returned.files == () and list(tmp_path.iterdir()) == []
    assert returned.result.error is not None
    assert returned.result.error.startswith("this worker differs from the client: manim ")
    assert returned.result.error.endswith(" here, 0.0.1 there (install the same versions)")


def test_the_code_a_job_carries_is_gradviz_and_its_module_not_the_libraries() -> None:
    job = Job("scene", "hiker_in_fog", "scenes.hiker_in_fog", "HikerInFog", "dark", ())
    names = {name for name, _ in code_of(job)}
    assert {"scenes.hiker_in_fog", "scenes.common", "gradmath.descent", "rendering.scene_job", "theme"} <= names
    assert {name.split(".")[0].split("/")[0] for name in names} <= set(GRADVIZ_MODULES)
    digests = dict(code_of(job))
    assert digests["theme"] == hashlib.sha256((ROOT / "theme.py").read_bytes()).hexdigest()


def test_a_scene_chunk_carries_its_scene_s_code_and_the_chunking_code() -> None:
    """A chunk (a job kind with no catalogue entry) packs like its scene, with the chunk worker's modules."""
    scene = Job("scene", "hiker_in_fog", "scenes.hiker_in_fog", "HikerInFog", "dark", ())
    chunk = replace(scene, kind="scene-chunk", chunk=(0, 2, 0, -1, -1))
    names = {name for name, _ in pack(chunk).code}
    assert {"rendering.chunk_job", "rendering.chunk_render", "rendering.draw_clock"} <= names
    assert set(dict(code_of(scene))) < names


def test_a_worker_with_other_code_refuses_the_job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The client's module changed after packing (as on a worker with another checkout): refused,
    naming the module, before anything is written."""
    source = tmp_path / "code"
    source.mkdir()
    shutil.copy2(FIXTURES / "gvfake_fig_line.py", source / "gvremote_line.py")
    monkeypatch.syspath_prepend(str(source))
    output = Output("png", "figures/line.png", "h", "new")
    job = Job("figure", "line", "gvremote_line", "make_line", "light", (output,), dpi=50)
    packed = pack(job)
    assert "gvremote_line" in dict(packed.code)
    (source / "gvremote_line.py").write_text((source / "gvremote_line.py").read_text() + "\n# another version\n")
    work = tmp_path / "worker"
    work.mkdir()
    returned = run_packed(packed, str(work))
    assert returned.files == () and list(work.iterdir()) == []
    assert returned.result.error == ("this worker runs other code than the client: gvremote_line is not the "
                                     "client's (install the same gradviz on every worker)")
