"""Unit tests of the rendering package: dependency walk, selection, staleness, contact sheet, probes."""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest

from rendering.catalogue import PROJECT_ROOT, select
from rendering.contact_sheet import Card, render_contact_sheet
from rendering.deps import inputs_hash, local_sources
from rendering.media import page_size_pt, png_size
from rendering.plan import output_path, staleness


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    write(tmp_path / "pkg/__init__.py", "from .core import value\n")
    write(tmp_path / "pkg/core.py", "import numpy\nfrom . import helpers\n")
    write(tmp_path / "pkg/helpers.py", "X = 1\n")
    write(tmp_path / "pkg/data/table.csv", "a,b\n")
    write(tmp_path / "pkg/unused.py", "")
    write(tmp_path / "app/__init__.py", "")
    write(tmp_path / "app/one.py", "from pkg import core\nimport os\n")
    write(tmp_path / "app/two.py", "from . import shared\nfrom .shared import nothing_here\n")
    write(tmp_path / "app/shared.py", "")
    return tmp_path


def test_local_sources_follow_imports_recursively(project: Path) -> None:
    found = local_sources(["app.one"], [project])
    assert set(found) == {"app", "app.one", "pkg", "pkg.core", "pkg.helpers", "pkg/data/table.csv"}
    assert found["pkg.helpers"] == project / "pkg/helpers.py"


def test_local_sources_of_sibling_module(project: Path) -> None:
    assert set(local_sources(["app.two"], [project])) == {"app", "app.two", "app.shared"}


def test_real_scene_depends_on_gradmath_and_theme() -> None:
    found = local_sources(["scenes.hiker_in_fog", "rendering.scene_job"], [PROJECT_ROOT])
    assert {"scenes", "scenes.hiker_in_fog", "gradmath", "theme", "lessons", "rendering.scene_job", "rendering.jobs",
            "rendering.media", "rendering.options"} <= set(found)
    assert "render" not in found and "rendering.runner" not in found


def test_inputs_hash_changes_with_source_options_and_versions(project: Path) -> None:
    sources = local_sources(["app.one"], [project])
    base = inputs_hash(sources, {"format": "mp4"}, {"manim": "1"})
    assert base == inputs_hash(sources, {"format": "mp4"}, {"manim": "1"})
    assert base != inputs_hash(sources, {"format": "gif"}, {"manim": "1"})
    assert base != inputs_hash(sources, {"format": "mp4"}, {"manim": "2"})
    write(project / "pkg/helpers.py", "X = 2\n")
    assert base != inputs_hash(local_sources(["app.one"], [project]), {"format": "mp4"}, {"manim": "1"})


ENTRIES = [SimpleNamespace(name=n) for n in ("hiker_in_fog", "local_minima", "learning_rate", "loss_curve")]


@pytest.mark.parametrize(("patterns", "expected"), [
    ([], ["hiker_in_fog", "local_minima", "learning_rate", "loss_curve"]),
    (["l*"], ["local_minima", "learning_rate", "loss_curve"]),
    (["loss_curve", "hiker_in_fog"], ["hiker_in_fog", "loss_curve"]),  # catalogue order
    (["l*", "local_minima"], ["local_minima", "learning_rate", "loss_curve"]),  # no duplicates
    (["*_[mr]*"], ["local_minima", "learning_rate"]),
])
def test_select(patterns: list[str], expected: list[str]) -> None:
    assert [e.name for e in select(ENTRIES, patterns)] == expected


@pytest.mark.parametrize(("pattern", "message"), [("hiker", "the name 'hiker'"), ("z?", r"the glob 'z\?'")])
def test_select_rejects_patterns_matching_nothing(pattern: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        select(ENTRIES, ["l*", pattern])


def test_select_message_names_the_pattern() -> None:
    with pytest.raises(ValueError) as info:
        select(ENTRIES, ["z*"], what="scene")
    assert str(info.value) == "no scene matches the glob 'z*' (see `gradviz list`)"


def test_output_paths_keep_qualities_and_themes_apart() -> None:
    assert output_path("scene", "a", "mp4", "dark", "480p15") == "scenes/480p15/a.mp4"
    assert output_path("scene", "a", "mp4", "dark", "2160p60") == "scenes/2160p60/a.mp4"
    assert output_path("scene", "a", "png", "light", "480p15") == "scenes/480p15/a_light.png"
    assert output_path("figure", "f", "pdf", "light") == "figures/f.pdf"
    assert output_path("figure", "f", "svg", "dark") == "figures/f_dark.svg"


def test_staleness_reasons(tmp_path: Path) -> None:
    target = write(tmp_path / "a.txt", "hello")
    record = {"path": "a.txt", "inputs_hash": "h1", "sha256": hashlib.sha256(b"hello").hexdigest()}
    assert staleness(tmp_path, "a.txt", "h1", record, False) is None
    assert staleness(tmp_path, "a.txt", "h1", record, True) == "forced"
    assert staleness(tmp_path, "a.txt", "h1", None, False) == "new"
    assert staleness(tmp_path, "a.txt", "h2", record, False) == "changed"
    companion = {**record, "companions": [{"path": "a.srt", "sha256": "x"}]}
    assert staleness(tmp_path, "a.txt", "h1", companion, False) == "modified"  # subtitles gone
    target.write_text("hellO")
    assert staleness(tmp_path, "a.txt", "h1", record, False) == "modified"
    target.unlink()
    assert staleness(tmp_path, "a.txt", "h1", record, False) == "missing"


def test_contact_sheet_escapes_and_links_relatively() -> None:
    html = render_contact_sheet([
        Card("scene", "dot", 'Last frame: a "dot" <grows>', "grows & shrinks", "scenes/480p15/dot.png",
             (("mp4", "scenes/480p15/dot.mp4"),)),
        Card("figure", "bars", "Bars & <b>", "three bars", None, (), "ValueError: <boom>"),
    ])
    assert '<img src="scenes/480p15/dot.png" alt="Last frame: a &quot;dot&quot; &lt;grows&gt;"' in html
    assert '<a href="scenes/480p15/dot.mp4">mp4</a>' in html
    assert "grows &amp; shrinks" in html and "Alt text: Bars &amp; &lt;b&gt;" in html
    assert "ValueError: &lt;boom&gt;" in html and "<boom>" not in html
    assert "http" not in html and html.index("Scenes") < html.index("Figures")


def _png(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))


def test_probes(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(_png(640, 360))
    assert png_size(tmp_path / "a.png") == (640, 360)
    write(tmp_path / "a.svg", '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="3.5in" height="180pt">')
    assert page_size_pt(tmp_path / "a.svg") == (252.0, 180.0)
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Page /MediaBox [ 0 0 518.4 180 ] >>")
    assert page_size_pt(tmp_path / "a.pdf") == (518.4, 180.0)
    write(tmp_path / "b.png", "not a png")
    with pytest.raises(ValueError, match="not a PNG"):
        png_size(tmp_path / "b.png")


def _write_test_video(path: Path, frames: int = 30) -> None:
    """A 320×180 MP4: a dark-teal background with a small orange square sliding right."""
    import av
    import numpy as np

    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("libx264", rate=15)
        stream.width, stream.height, stream.pix_fmt = 320, 180, "yuv420p"
        stream.options = {"crf": "12"}
        for k in range(frames):
            image = np.empty((180, 320, 3), dtype=np.uint8)
            image[:] = (0x12, 0x34, 0x56)
            image[80:100, 10 + 8 * k:30 + 8 * k] = (0xE6, 0x9F, 0x00)
            container.mux(stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")))
        container.mux(stream.encode())


def test_gif_keeps_every_frame_with_an_adaptive_palette_and_stays_small(tmp_path: Path) -> None:
    from PIL import Image, ImageSequence

    from rendering.media import video_info, video_to_gif

    video, gif = tmp_path / "clip.mp4", tmp_path / "clip.gif"
    _write_test_video(video)
    video_to_gif(video, gif)
    assert video_info(gif)["frames"] == 30
    with Image.open(gif) as image:
        frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]
    background = frames[0].getpixel((300, 10))
    square = frames[10].getpixel((10 + 80 + 10, 90))
    # An adaptive palette keeps the colours (a fixed 3-3-2 "rgb8" palette is off by up to 36 per channel).
    assert all(abs(a - b) <= 6 for a, b in zip(background, (0x12, 0x34, 0x56)))
    assert all(abs(a - b) <= 6 for a, b in zip(square, (0xE6, 0x9F, 0x00)))
    # Only the changed rectangle is stored per frame: far below 30 full 320×180 frames.
    assert gif.stat().st_size < 30 * 320 * 180 / 20


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_atomic_writes_follow_the_umask_and_leave_no_temporary(tmp_path: Path, umask: int, mode: int) -> None:
    import os
    import stat

    from figures.save import _create_hidden
    from rendering.atomic_io import install_file, write_bytes

    previous = os.umask(umask)
    try:
        write_bytes(tmp_path / "a.json", b"{}", staging=tmp_path)
        (tmp_path / "src").write_bytes(b"data")
        install_file(tmp_path / "src", tmp_path / "b.bin")
        fd, hidden = _create_hidden(tmp_path / "c.pdf")
        os.close(fd)
    finally:
        os.umask(previous)
    for path in (tmp_path / "a.json", tmp_path / "b.bin", hidden):
        assert stat.S_IMODE(path.stat().st_mode) == mode
    hidden.unlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.bin"]


def test_a_failed_write_is_one_line_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    from rendering.atomic_io import WriteFailed, write_bytes

    with pytest.raises(WriteFailed, match=r"^cannot write .*manifest\.json: No such file or directory$"):
        write_bytes(tmp_path / "gone" / "manifest.json", b"{}")
    staging = tmp_path / "staging"
    staging.mkdir()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteFailed) as info:
        write_bytes(tmp_path / "m.json", b"{}", staging=staging)
    assert str(info.value) == f"cannot write {tmp_path / 'm.json'}: No space left on device"
    assert not list(staging.iterdir()) and not (tmp_path / "m.json").exists()


RECORD = {"path": "figures/a.pdf", "kind": "figure", "name": "a", "format": "pdf", "inputs_hash": "h",
          "sha256": "0" * 64, "size": 3, "render_time_s": 0.5}


@pytest.mark.parametrize(("change", "ok"), [
    ({}, True),
    ({"render_time_s": "slow"}, False),
    ({"render_time_s": float("nan")}, False),
    ({"size": True}, False),
    ({"path": "../escape.pdf"}, False),
    ({"path": "/abs.pdf"}, False),
    ({"path": "figures//a.pdf"}, False),
    ({"sha256": "X" * 64}, False),
    ({"companions": [{"path": "a.srt", "sha256": "1" * 64, "size": 2}]}, True),
    ({"companions": [{"path": 5}]}, False),
    ({"companions": {}}, False),
])
def test_manifest_records_are_validated(change: dict, ok: bool) -> None:
    from rendering.manifest import valid_record

    assert valid_record({**RECORD, **change}) is ok
