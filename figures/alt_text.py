"""Alt text written from a figure's own data: the words and number forms every template's ``alt_text_…`` uses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from gradmath import Landscape
from theme import format_number as num

__all__ = ["sentence", "at", "steps", "share", "optimum_word", "plural", "optima_phrase", "title_of"]


def sentence(*clauses: str) -> str:
    """Clauses joined with semicolons into one sentence: capitalised, one line, ending with a full stop."""
    text = "; ".join(" ".join(c.split()) for c in clauses if c and c.strip())
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def at(point: Sequence[float] | Iterable[float], significant: int = 3) -> str:
    """A point as written on the figure: ``(1, −0.5)``, true minus signs, round-off written as 0."""
    return "(" + ", ".join(num(float(v), significant, zero_below=1e-9) for v in point) + ")"


def steps(n: int) -> str:
    """``1 step``, ``3,000 steps``."""
    return f"{num(n)} step" + ("" if n == 1 else "s")


def share(fraction: float) -> str:
    """A share of the map in whole percent: ``63 %``."""
    return f"{fraction:.0%}".replace("%", " %")


def optimum_word(landscape: Landscape) -> str:
    """"maximum" when the landscape's goal is a maximum, else "minimum"."""
    return "maximum" if landscape.goal == "max" else "minimum"


def plural(word: str) -> str:
    """minimum → minima, maximum → maxima, else an s."""
    return {"minimum": "minima", "maximum": "maxima"}.get(word, word + "s")


def optima_phrase(landscape: Landscape, found: Sequence, *, most: int = 3) -> str:
    """Which optima a figure marks, e.g. ``its minimum 0 at (1, 1)`` or ``2 maxima: 80.1 at (2.99, 1.99), …``."""
    word = optimum_word(landscape)
    if not found:
        return f"no {word} on the map"
    if len(found) == 1:
        return f"its {word} {num(found[0].value)} at {at(found[0].point)}"
    listed = ", ".join(f"{num(b.value)} at {at(b.point)}" for b in found[:most])
    more = f" and {len(found) - most} more" if len(found) > most else ""
    return f"{len(found)} {plural(word)}: {listed}{more}"


_LOWER = {"a", "an", "the", "one", "two", "three", "four", "many", "some"}


def title_of(landscape: Landscape) -> str:
    """The landscape's title inside a sentence: "a monkey saddle", "the CEO's profit", "Beale's function"."""
    first, _, rest = landscape.title.partition(" ")
    return (first.lower() if first.lower() in _LOWER else first) + (" " + rest if rest else "")
