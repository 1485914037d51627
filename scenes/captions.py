"""Subtitle cues short enough for two caption lines: long narration is cut at sentence ends first,
then at clause marks, then at spaces, into balanced pieces."""

from __future__ import annotations

import re

__all__ = ["CAPTION_CHARS", "caption_pieces"]

CAPTION_CHARS = 84
"""The longest cue: two lines of 42 characters, the usual limit of video captions."""

# where a cue may end, best first: after a sentence, after a clause mark, at any space
_BREAKS = (re.compile(r"(?<=[.!?…])\s+(?=\S)"), re.compile(r"(?<=[:;,—])\s+(?=\S)"), re.compile(r"\s+(?=\S)"))


def caption_pieces(text: str, most: int = CAPTION_CHARS) -> list[str]:
    """``text`` as consecutive cues of at most ``most`` characters (a single word longer than that
    stays whole), each cut at the best kind of break outside brackets that leaves a first piece
    short enough, as near as it can to an even share of the text. Joined with spaces, the pieces are ``text`` with
    its whitespace runs made single spaces."""
    text = " ".join(text.split())
    if len(text) <= most:
        return [text] if text else []
    share = len(text) / -(-len(text) // most)  # the length of each piece if all were equal
    depth = _bracket_depths(text)
    for pattern in _BREAKS:
        cuts = [(m.start(), m.end()) for m in pattern.finditer(text) if m.start() <= most and depth[m.start()] == 0]
        if cuts:
            start, end = min(cuts, key=lambda cut: abs(cut[0] - share))
            return [text[:start], *caption_pieces(text[end:], most)]
    first = _BREAKS[-1].search(text)  # a first word longer than a cue: alone
    return [text] if first is None else [text[:first.start()], *caption_pieces(text[first.end():], most)]


def _bracket_depths(text: str) -> list[int]:
    """How many brackets are open before each character: a cue never ends inside (2.06, −1.06)."""
    depths, depth = [], 0
    for ch in text:
        depths.append(depth)
        depth = max(0, depth + (ch in "([{") - (ch in ")]}"))
    return depths
