"""rendering.subtitles: the .vtt and the narration script derived from Manim's .srt."""

from __future__ import annotations

from pathlib import Path

import pytest

from rendering.subtitles import Cue, parse_srt, write_narration, write_vtt

SRT = """1
00:00:00,000 --> 00:00:04,250
The hiker stands at (2, 3).

2
00:00:04,250 --> 00:01:02,005
∇P points uphill:
(6, 2).

3
01:00:00,000 --> 01:00:01,500
Last beat.
"""


def test_parse_srt_reads_times_and_multi_line_text():
    cues = parse_srt(SRT)
    assert cues == [Cue(0.0, 4.25, "The hiker stands at (2, 3)."), Cue(4.25, 62.005, "∇P points uphill:\n(6, 2)."),
                    Cue(3600.0, 3601.5, "Last beat.")]


def test_parse_srt_accepts_crlf_and_rejects_a_bad_time_line():
    assert len(parse_srt(SRT.replace("\n", "\r\n"))) == 3
    with pytest.raises(ValueError, match="bad time line '00:00:xx,000 --> 00:00:01,000'"):
        parse_srt("1\n00:00:xx,000 --> 00:00:01,000\nText\n")


def test_vtt_keeps_every_cue_at_its_time(tmp_path: Path):
    vtt = write_vtt(parse_srt(SRT), tmp_path / "a.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:04.250\nThe hiker stands at (2, 3).\n")
    assert "00:00:04.250 --> 00:01:02.005\n∇P points uphill:\n(6, 2)." in vtt
    assert "01:00:00.000 --> 01:00:01.500" in vtt


def test_narration_script_is_one_paragraph_per_beat_with_its_start(tmp_path: Path):
    text = write_narration(parse_srt(SRT), tmp_path / "a.narration.txt", title="hiker").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    assert paragraphs == ["Narration script: hiker", "[0:00] The hiker stands at (2, 3).",
                          "[0:04] ∇P points uphill: (6, 2).", "[60:00] Last beat."]


def test_cues_that_go_on_with_an_open_sentence_join_its_paragraph(tmp_path: Path):
    cues = [Cue(0.0, 4.9, "The longest first step covers 4.47 units of the map, the longest last step 0.211:"),
            Cue(4.9, 10.0, "the step is the rate times the slope."), Cue(10.0, 12.0, "Next beat.")]
    text = write_narration(cues, tmp_path / "b.narration.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    assert paragraphs[1:] == ["[0:00] The longest first step covers 4.47 units of the map, the longest last step 0.211: "
                              "the step is the rate times the slope.", "[0:10] Next beat."]
