"""Real batches with the fake catalogue at tiny quality: files vs manifest, incremental runs, failures."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import av
import pytest
from click.testing import CliRunner
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))

from render import cli  # noqa: E402
from render_support import assert_matches_manifest, copy_fake_catalogue, load_manifest  # noqa: E402
from theme import DARK, LIGHT  # noqa: E402

BATCH = ["all", "dot", "square", "line", "bars", "-q", "tiny", "-f", "mp4", "-f", "png",
         "--figure-format", "pdf", "--figure-format", "svg", "--figure-format", "png", "-j", "2"]
BATCH_OUTPUTS = {f"scenes/144p5/{s}.{e}" for s in ("dot", "square") for e in ("mp4", "png")} | {
    f"figures/{f}.{e}" for f in ("line", "bars") for e in ("pdf", "svg", "png")}


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout + result.stderr


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real batch of two scenes and two figures, rendered once for the tests below."""
    root = tmp_path_factory.mktemp("batch")
    catalogue = copy_fake_catalogue(root / "cat")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GRADVIZ_CATALOGUE", str(catalogue))
        code, output = invoke(*BATCH, "--out", str(root / "out"))
    assert code == 0, output
    return root


@pytest.fixture()
def fresh_batch(batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the batch (catalogue and renders) that a test may edit."""
    import shutil

    shutil.copytree(batch / "cat", tmp_path / "cat")
    shutil.copytree(batch / "out", tmp_path / "out")
    monkeypatch.setenv("GRADVIZ_CATALOGUE", str(tmp_path / "cat" / "fake_catalogue.py"))
    return tmp_path


def test_batch_files_match_manifest(batch: Path) -> None:
    out = batch / "out"
    records = assert_matches_manifest(out)
    assert set(records) == BATCH_OUTPUTS
    run = json.loads((out / "manifest.json").read_text())["run"]
    assert sorted(run["rendered"]) == sorted(BATCH_OUTPUTS) and run["failed"] == []
    for record in records.values():
        assert len(record["inputs_hash"]) == 64 and record["render_time_s"] >= 0


@pytest.mark.parametrize("name", ["dot", "square"])
def test_batch_videos_decode_with_recorded_duration(batch: Path, name: str) -> None:
    out = batch / "out"
    record = load_manifest(out)[f"scenes/144p5/{name}.mp4"]
    with av.open(str(out / record["path"])) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(frames) == record["frames"] == 3  # 0.6 s at 5 fps
    assert frames[0].shape == (144, 256, 3)
    assert record["duration_s"] == pytest.approx(0.6, abs=0.21)
    assert (record["width"], record["height"], record["frame_rate"]) == (256, 144, 5.0)


def test_batch_last_frame_png_is_the_final_frame_in_the_dark_theme(batch: Path) -> None:
    out = batch / "out"
    image = Image.open(out / "scenes/144p5/dot.png").convert("RGB")
    assert image.size == (256, 144)
    assert image.getpixel((2, 2)) == hex_rgb(DARK.background)
    centre_ring = [image.getpixel((128 + dx, 72)) for dx in range(-60, 61)]
    assert any(px != hex_rgb(DARK.background) for px in centre_ring)  # the circle is drawn


def test_batch_keeps_subtitles_beside_the_video(batch: Path) -> None:
    out = batch / "out"
    record = load_manifest(out)["scenes/144p5/dot.mp4"]
    assert [c["path"] for c in record["companions"]] == ["scenes/144p5/dot.srt", "scenes/144p5/dot.vtt",
                                                         "scenes/144p5/dot.narration.txt"]
    srt = (out / "scenes/144p5/dot.srt").read_text()
    assert "A dot grows" in srt
    vtt = (out / "scenes/144p5/dot.vtt").read_text()
    assert vtt.startswith("WEBVTT\n") and "A dot grows" in vtt
    assert srt.count("-->") == vtt.count("-->") >= 1
    srt_times = [line.replace(",", ".") for line in srt.splitlines() if "-->" in line]
    assert srt_times == [line for line in vtt.splitlines() if "-->" in line]  # the same cues at the same times
    script = (out / "scenes/144p5/dot.narration.txt").read_text()
    assert "[0:00] A dot grows" in script
    for companion in record["companions"]:  # each recorded with its own hash and size
        assert companion["size"] == (out / companion["path"]).stat().st_size
    assert "companions" not in load_manifest(out)["scenes/144p5/square.mp4"]


def test_batch_figures_have_page_and_pixel_sizes(batch: Path) -> None:
    records = load_manifest(batch / "out")
    line_pdf, bars_svg, line_png = records["figures/line.pdf"], records["figures/bars.svg"], records["figures/line.png"]
    assert (line_pdf["page_width_pt"], line_pdf["page_height_pt"]) == pytest.approx((252, 180), abs=0.5)
    assert (bars_svg["page_width_pt"], bars_svg["page_height_pt"]) == pytest.approx((518.4, 180), abs=0.5)
    assert (line_png["width"], line_png["height"]) == (1050, 750)  # 3.5 × 2.5 in at 300 dpi
    assert (batch / "out/figures/line.pdf").read_bytes().startswith(b"%PDF")


def test_second_run_renders_nothing(fresh_batch: Path) -> None:
    out = fresh_batch / "out"
    before = {p: (out / p).stat().st_mtime_ns for p in BATCH_OUTPUTS}
    code, output = invoke(*BATCH, "--out", str(out))
    assert code == 0
    assert f"Nothing to render: all {len(BATCH_OUTPUTS)} outputs are up to date." in output
    assert {p: (out / p).stat().st_mtime_ns for p in BATCH_OUTPUTS} == before
    assert json.loads((out / "manifest.json").read_text())["run"]["rendered"] == []


EDITS = [
    # (file edited, outputs expected to re-render)
    ("gvfake_fig_line.py", {"figures/line.pdf", "figures/line.svg", "figures/line.png"}),
    ("gvfake_common.py", {f"scenes/144p5/{s}.{e}" for s in ("dot", "square") for e in ("mp4", "png")}
     | {"figures/bars.pdf", "figures/bars.svg", "figures/bars.png"}),
]


@pytest.mark.parametrize(("edited", "expected"), EDITS, ids=[e for e, _ in EDITS])
def test_editing_an_input_rerenders_only_its_outputs(fresh_batch: Path, edited: str, expected: set[str]) -> None:
    out = fresh_batch / "out"
    with open(fresh_batch / "cat" / edited, "a", encoding="utf-8") as handle:
        handle.write("\n# an edit\n")
    code, output = invoke(*BATCH, "--out", str(out), "--dry-run")
    planned = {line.split()[0] for line in output.splitlines()[1:]}
    assert code == 0 and planned == expected
    assert all(line.endswith("[changed]") for line in output.splitlines()[1:])
    code, output = invoke(*BATCH, "--out", str(out))
    assert code == 0, output
    assert set(json.loads((out / "manifest.json").read_text())["run"]["rendered"]) == expected
    assert_matches_manifest(out)


def test_deleted_and_tampered_outputs_are_rerendered(fresh_batch: Path) -> None:
    out = fresh_batch / "out"
    (out / "figures/line.svg").unlink()
    with open(out / "scenes/144p5/square.png", "ab") as handle:
        handle.write(b"junk")
    code, output = invoke(*BATCH, "--out", str(out), "--dry-run")
    assert code == 0
    assert "figures/line.svg  [missing]" in output and "scenes/144p5/square.png  [modified]" in output
    assert len(output.splitlines()) == 3
    code, output = invoke(*BATCH, "--out", str(out))
    assert code == 0, output
    assert_matches_manifest(out)


def test_force_rerenders_everything(fresh_batch: Path) -> None:
    code, output = invoke(*BATCH, "--out", str(fresh_batch / "out"), "--force", "--dry-run")
    assert code == 0
    assert {line.split()[0] for line in output.splitlines()[1:]} == BATCH_OUTPUTS
    assert all(line.endswith("[forced]") for line in output.splitlines()[1:])


def test_failures_are_isolated_and_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRADVIZ_CATALOGUE", str(copy_fake_catalogue(tmp_path / "cat")))
    out = tmp_path / "out"
    code, output = invoke("scenes", "broken", "killer", "dot", "-q", "tiny", "-f", "png", "-j", "2", "--out", str(out))
    assert code == 1
    assert "FAILED scene broken: ValueError: deliberately broken scene" in output
    assert "second line" not in output
    assert "FAILED scene killer: worker process died (killed by SIGKILL)" in output
    assert "Traceback" not in output
    records = assert_matches_manifest(out)
    assert set(records) == {"scenes/144p5/dot.png"}
    failed = json.loads((out / "manifest.json").read_text())["run"]["failed"]
    assert sorted(f["name"] for f in failed) == ["broken", "killer"]
    code, output = invoke("scenes", "broken", "dot", "-q", "tiny", "-f", "png", "--out", str(out), "--dry-run")
    assert "scenes/144p5/broken.png  [new]" in output and "dot" not in output


def test_light_theme_and_webm_and_gif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRADVIZ_CATALOGUE", str(copy_fake_catalogue(tmp_path / "cat")))
    out = tmp_path / "out"
    code, output = invoke("scenes", "dot", "-q", "tiny", "--theme", "light", "-f", "webm", "-f", "gif", "-f", "png",
                          "--out", str(out))
    assert code == 0, output
    records = assert_matches_manifest(out)
    assert set(records) == {"scenes/144p5/dot_light.webm", "scenes/144p5/dot_light.gif", "scenes/144p5/dot_light.png"}
    assert Image.open(out / "scenes/144p5/dot_light.png").convert("RGB").getpixel((2, 2)) == hex_rgb(LIGHT.background)
    for fmt in ("webm", "gif"):
        record = records[f"scenes/144p5/dot_light.{fmt}"]
        with av.open(str(out / record["path"])) as container:
            assert sum(1 for _ in container.decode(video=0)) == record["frames"] >= 3
    assert Image.open(out / "scenes/144p5/dot_light.gif").format == "GIF"


def test_preview_renders_mp4_gif_thumbnail_png_figures_and_contact_sheet(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRADVIZ_CATALOGUE", str(copy_fake_catalogue(tmp_path / "cat")))
    out = tmp_path / "out"
    code, output = invoke("all", "dot", "broken", "bars", "--preview", "-j", "2", "--out", str(out))
    assert code == 1  # the broken scene
    records = assert_matches_manifest(out)
    assert set(records) == {"scenes/480p15/dot.mp4", "scenes/480p15/dot.gif", "scenes/480p15/dot.png",
                            "figures/bars.png"}
    assert (records["scenes/480p15/dot.png"]["width"], records["scenes/480p15/dot.png"]["height"]) == (854, 480)
    assert records["scenes/480p15/dot.mp4"]["frame_rate"] == 15.0
    html = (out / "index.html").read_text()
    assert '<img src="scenes/480p15/dot.png" alt="Last frame of the scene dot: A dot grows into a circle' in html
    assert ('<img src="figures/bars.png" alt="Three bars of heights 1, 3 and 2 &lt;with&gt; &quot;quotes&quot; '
            '&amp; ampersands."') in html
    assert '<a href="scenes/480p15/dot.gif">gif</a>' in html and '<a href="scenes/480p15/dot.mp4">mp4</a>' in html
    assert "ValueError: deliberately broken scene" in html
    for src in [part.split('"')[0] for part in html.split('src="')[1:]]:
        assert (out / src).is_file()
    assert f"Contact sheet: {out / 'index.html'}" in output


def test_last_frame_from_a_video_render_equals_manims_still(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The PNG taken after a video render is the frame Manim's own ``format=png`` writes."""
    monkeypatch.setenv("GRADVIZ_CATALOGUE", str(copy_fake_catalogue(tmp_path / "cat")))
    for out, formats in (("still", ["-f", "png"]), ("video", ["-f", "mp4", "-f", "png"])):
        code, output = invoke("scenes", "dot", "-q", "tiny", *formats, "--out", str(tmp_path / out))
        assert code == 0, output
    still, after_video = (Image.open(tmp_path / out / "scenes/144p5/dot.png") for out in ("still", "video"))
    assert still.mode == after_video.mode == "RGBA"
    assert still.tobytes() == after_video.tobytes()


def test_forced_figure_rerender_is_byte_identical(fresh_batch: Path) -> None:
    out = fresh_batch / "out"
    before = {p: r["sha256"] for p, r in load_manifest(out).items() if p.startswith("figures/")}
    code, output = invoke("figures", "--force", "--figure-format", "pdf", "--figure-format", "svg",
                          "--figure-format", "png", "--out", str(out))
    assert code == 0, output
    after = {p: r["sha256"] for p, r in load_manifest(out).items() if p.startswith("figures/")}
    assert after == before and len(after) == 6
    assert len(json.loads((out / "manifest.json").read_text())["run"]["rendered"]) == 6
