"""Subtitles in the forms course creators need, all derived from the .srt Manim writes.

- ``.vtt``: WebVTT for web players (same cues, same times);
- ``.narration.txt``: a narration script to record a voice-over from — one paragraph per beat,
  each headed by its start time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Cue", "parse_srt", "write_vtt", "write_narration", "SUBTITLE_SUFFIXES"]

SUBTITLE_SUFFIXES = (".srt", ".vtt", ".narration.txt")
"""The files written beside every scene video, in this order."""

_TIME = r"(\d+):(\d{2}):(\d{2})[,.](\d{3})"
_CUE = re.compile(rf"^{_TIME}\s*-->\s*{_TIME}")


@dataclass(frozen=True)
class Cue:
    """One subtitle: from ``start`` to ``end`` seconds, its text (lines joined by newlines)."""

    start: float
    end: float
    text: str


def _seconds(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def parse_srt(text: str) -> list[Cue]:
    """The cues of an SRT file, in order; a malformed time line is a one-line ValueError."""
    cues = []
    for block in re.split(r"\r?\n\s*\r?\n", text.strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        match = _CUE.match(lines[timing].strip())
        if not match:
            raise ValueError(f"subtitles: bad time line {lines[timing].strip()!r}")
        g = match.groups()
        cues.append(Cue(_seconds(*g[:4]), _seconds(*g[4:]), "\n".join(lines[timing + 1:])))
    return cues


def _stamp(seconds: float, *, hours: bool = True) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}" if hours else f"{h * 60 + m}:{s:02d}"


def write_vtt(cues: list[Cue], target: Path) -> Path:
    """Write ``cues`` as WebVTT."""
    blocks = ["WEBVTT"]
    for i, cue in enumerate(cues, 1):
        blocks.append(f"{i}\n{_stamp(cue.start)} --> {_stamp(cue.end)}\n{cue.text}")
    target.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return target


def _ends_a_sentence(text: str) -> bool:
    return re.search(r"[.!?…][\"'”’)\]]*$", text.strip()) is not None


def write_narration(cues: list[Cue], target: Path, *, title: str = "") -> Path:
    """Write a narration script: a header, then one paragraph per beat headed ``[m:ss]`` (a cue
    that goes on with the sentence the previous cue left open joins its paragraph: a long line
    split into caption-sized cues is read as one)."""
    paragraphs: list[tuple[float, str]] = []
    for cue in cues:
        text = " ".join(cue.text.split())
        if paragraphs and not _ends_a_sentence(paragraphs[-1][1]):
            paragraphs[-1] = (paragraphs[-1][0], f"{paragraphs[-1][1]} {text}")
        else:
            paragraphs.append((cue.start, text))
    lines = [f"Narration script: {title}" if title else "Narration script", ""]
    for start, text in paragraphs:
        lines.append(f"[{_stamp(start, hours=False)}] {text}")
        lines.append("")
    target.write_text("\n".join(lines), encoding="utf-8")
    return target
