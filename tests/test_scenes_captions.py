"""scenes.captions: long narration cut into cues of two caption lines, at the best breaks."""

from __future__ import annotations

import pytest

from scenes.captions import CAPTION_CHARS, caption_pieces

LONG = ("The verdict: plain gradient descent is still on its way after 3000 steps, momentum arrives at step 1913, "
        "Nesterov at step 1955, Adam at step 1986; all three meet the same rule, |∇f| < 10⁻⁴.")


@pytest.mark.parametrize("text", [LONG, "A data set of 162 rows: each has 5 inputs and one outcome, progress delta. "
                                        "Which inputs move progress delta, and which way?", "word " * 60])
def test_pieces_fit_two_caption_lines_and_keep_every_word_in_order(text: str) -> None:
    pieces = caption_pieces(text)
    assert len(pieces) >= 2 and all(0 < len(p) <= CAPTION_CHARS for p in pieces)
    assert " ".join(pieces) == " ".join(text.split())


def test_a_sentence_end_beats_a_clause_mark_and_a_clause_mark_beats_a_space() -> None:
    assert caption_pieces("A data set of 162 rows: each has 5 inputs and one outcome, progress delta. "
                          "Which inputs move progress delta, and which way?") == [
        "A data set of 162 rows: each has 5 inputs and one outcome, progress delta.",
        "Which inputs move progress delta, and which way?"]
    assert all(p.endswith((",", ";", ".")) for p in caption_pieces(LONG))


def test_short_text_is_one_cue_and_a_word_longer_than_a_cue_stays_whole() -> None:
    assert caption_pieces("  Short   text. ") == ["Short text."]
    assert caption_pieces("x" * 100 + " y") == ["x" * 100, "y"]
    assert caption_pieces("") == []


def test_a_cue_never_ends_inside_brackets() -> None:
    text = ("Gradient descent from (−2.06, 1.06) and from (2.06, −1.06) reach the same valley, while momentum "
            "from (0.3, 1.8) overshoots it and settles in the next one.")
    pieces = caption_pieces(text)
    assert len(pieces) >= 2 and all(p.count("(") == p.count(")") for p in pieces), pieces
