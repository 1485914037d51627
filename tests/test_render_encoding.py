"""Encoder settings per quality: the table, and that a rendered MP4 was encoded with them."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))

from render import cli  # noqa: E402
from render_support import copy_fake_catalogue  # noqa: E402
from rendering.encoding import MANIM_X264, X264_BY_QUALITY, X264Settings, encoder_options  # noqa: E402
from rendering.options import QUALITIES  # noqa: E402

# x264's own record of its settings in the stream: the motion-estimation depth each preset uses
SUBME = {"ultrafast": 0, "superfast": 1, "veryfast": 2, "faster": 4, "fast": 6, "medium": 7, "slow": 8}


def test_every_quality_has_x264_settings_and_only_mp4_gets_them() -> None:
    assert set(X264_BY_QUALITY) == set(QUALITIES)
    for name, settings in X264_BY_QUALITY.items():
        assert settings.preset in SUBME and 0 <= settings.crf <= 51
        assert encoder_options(name, "mp4") == {"preset": settings.preset, "crf": str(settings.crf)}
        assert encoder_options(name, "webm") == encoder_options(name, "gif") == {}
    assert encoder_options("unknown", "mp4") == MANIM_X264.options() == {"preset": "medium", "crf": "23"}


def test_a_rendered_mp4_carries_its_qualitys_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRADVIZ_CATALOGUE", str(copy_fake_catalogue(tmp_path / "cat")))
    result = CliRunner().invoke(cli, ["scenes", "dot", "-q", "tiny", "-f", "mp4", "-j", "1", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    header = re.search(rb"x264 - core .*? options: ([^\0]*)", (tmp_path / "out/scenes/144p5/dot.mp4").read_bytes())
    assert header is not None
    options = dict(item.split("=", 1) for item in header.group(1).decode().split() if "=" in item)
    expected: X264Settings = X264_BY_QUALITY["tiny"]
    assert float(options["crf"]) == expected.crf and int(options["subme"]) == SUBME[expected.preset]
