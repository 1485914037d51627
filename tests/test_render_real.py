"""A real batch from the project's own catalogue: two scenes and two figures, file by file."""

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
from render_support import assert_matches_manifest  # noqa: E402
from rendering.catalogue import PROJECT_ROOT  # noqa: E402
from rendering.deps import module_file  # noqa: E402
from lessons import builtin_lessons  # noqa: E402

SCENES = tuple(e for lesson in builtin_lessons() for e in lesson.scenes)
FIGURES = tuple(e for lesson in builtin_lessons() for e in lesson.figures)

# the two quickest scenes to render, then the first two figures
PREFERRED_SCENES = ("hiker_in_fog", "learning_rate", "gradient_compass", "gradient_from_data")


def _available(entries: tuple, preferred: tuple[str, ...] = ()) -> list[str]:
    ordered = sorted(entries, key=lambda e: preferred.index(e.name) if e.name in preferred else len(preferred))
    return [e.name for e in ordered if module_file(e.module, [PROJECT_ROOT])][:2]


SCENE_NAMES = _available(SCENES, PREFERRED_SCENES)
FIGURE_NAMES = _available(FIGURES)


@pytest.mark.skipif(len(SCENE_NAMES) < 2 or len(FIGURE_NAMES) < 2, reason="fewer than two real scenes or figures exist")
def test_two_real_scenes_and_two_real_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRADVIZ_CATALOGUE", raising=False)
    out = tmp_path / "out"
    args = ["all", *SCENE_NAMES, *FIGURE_NAMES, "-q", "tiny", "-f", "mp4", "-f", "png",
            "--figure-format", "pdf", "--figure-format", "png", "-j", "2", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stdout + result.stderr
    records = assert_matches_manifest(out)
    expected = {f"scenes/144p5/{n}.{e}" for n in SCENE_NAMES for e in ("mp4", "png")} | {
        f"figures/{n}.{e}" for n in FIGURE_NAMES for e in ("pdf", "png")}
    assert expected <= set(records)
    for name in SCENE_NAMES:
        record = records[f"scenes/144p5/{name}.mp4"]
        with av.open(str(out / record["path"])) as container:
            frames = sum(1 for _ in container.decode(video=0))
        assert frames == record["frames"] > 5
        assert record["duration_s"] == pytest.approx(frames / 5, abs=0.3)
        still = Image.open(out / f"scenes/144p5/{name}.png")
        assert still.size == (256, 144)
        assert len(still.convert("RGB").getcolors(maxcolors=1 << 16) or []) > 10  # something is drawn
    for name in FIGURE_NAMES:
        pdf, png = records[f"figures/{name}.pdf"], records[f"figures/{name}.png"]
        assert png["width"] == pytest.approx(pdf["page_width_pt"] / 72 * 300, abs=2)
    # a second run renders nothing
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0 and "Nothing to render" in result.stdout
    assert json.loads((out / "manifest.json").read_text())["run"]["rendered"] == []
