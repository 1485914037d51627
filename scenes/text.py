"""Text and maths for scenes: MathTex when LaTeX works, a Pango-rendered fallback with the same meaning."""

from __future__ import annotations

import logging
import os
import re
import shutil
import unicodedata
from typing import Any

import numpy as np
from manim import DOWN, RIGHT, UP, MathTex, Text, VectorizedPoint, VGroup, VMobject

from theme import MONO_FAMILY, format_number

from .style import SceneTheme, scene_theme

__all__ = [
    "NO_LATEX_ENV",
    "latex_available",
    "missing_latex_tools",
    "latex_to_plain",
    "math_tex",
    "label_text",
    "reset_latex_warning",
    "LiveNumber",
    "MATH_FONT",
    "fmt",
    "numbers_to_latex",
    "aligned_column",
]

NO_LATEX_ENV = "GRADVIZ_NO_LATEX"
"""Set to 1 to force the Pango fallback even when LaTeX is installed (tests, quick previews)."""

LATEX_TOOLS = ("latex", "dvisvgm")

log = logging.getLogger("gradviz.scenes")
_warned = False


def missing_latex_tools() -> list[str]:
    """The LaTeX tools MathTex needs that are not on PATH (empty when all are found)."""
    return [tool for tool in LATEX_TOOLS if shutil.which(tool) is None]


def latex_available() -> bool:
    """True when MathTex can be used: latex and dvisvgm on PATH and $GRADVIZ_NO_LATEX not set."""
    if os.environ.get(NO_LATEX_ENV, "").strip() not in ("", "0"):
        return False
    return not missing_latex_tools()


def reset_latex_warning() -> None:
    """Let the one-line fallback warning be logged again (for tests)."""
    global _warned
    _warned = False


def _warn_once(reason: str) -> None:
    global _warned
    if not _warned:
        _warned = True
        log.warning("gradviz: %s; drawing maths as plain text (Pango) instead of LaTeX", reason)


# LaTeX commands and their unicode meaning, for the fallback.
_SYMBOLS = {
    r"\nabla": "∇", r"\partial": "∂", r"\cdot": "·", r"\times": "×", r"\approx": "≈",
    r"\leq": "≤", r"\geq": "≥", r"\le": "≤", r"\ge": "≥", r"\neq": "≠", r"\to": "→",
    r"\rightarrow": "→", r"\infty": "∞", r"\pm": "±", r"\theta": "θ", r"\alpha": "α",
    r"\beta": "β", r"\eta": "η", r"\mu": "μ", r"\pi": "π", r"\lambda": "λ", r"\Delta": "Δ",
    r"\sum": "Σ", r"\quad": "  ", r"\qquad": "    ", r"\,": " ", r"\;": " ", r"\!": "",
    r"\left": "", r"\right": "", r"\lVert": "‖", r"\rVert": "‖", r"\|": "‖", r"\{": "{", r"\}": "}",
    r"\sin": "sin", r"\cos": "cos", r"\exp": "exp", r"\ln": "ln", r"\log": "log", r"\circ": "°",
    r"\lvert": "|", r"\rvert": "|", r"\leftarrow": "←", r"\max": "max", r"\min": "min",
}
_PREFIXES = {r"\nabla", r"\partial", r"\Delta"}  # operators that hug what follows: ∇f, ∂x
_SUPERSCRIPTS = str.maketrans("0123456789+-−nT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻ⁿᵀ")
_SUBSCRIPTS = str.maketrans("0123456789+-x", "₀₁₂₃₄₅₆₇₈₉₊₋ₓ")
_ACCENTS = {"hat": "\u0302", "vec": "\u20d7", "bar": "\u0304", "tilde": "\u0303"}


def latex_to_plain(latex: str) -> str:
    r"""Translate the small LaTeX subset the scenes use into unicode with the same meaning.

    ``\nabla P(2, 3) = [6, 2]`` → ``∇P(2, 3) = [6, 2]``; ``\frac{a}{b}`` → ``a/b``; ``x^2`` → ``x²``;
    ``\hat{u}`` → ``û``; ``\text{…}`` / ``\mathrm{…}`` keep their content.
    """
    s = latex
    for cmd in ("text", "mathrm", "mathbf", "mathit", "operatorname", "boldsymbol"):
        s = re.sub(rf"\\{cmd}\{{([^{{}}]*)\}}", r"\1", s)
    for cmd, mark in _ACCENTS.items():
        s = re.sub(rf"\\{cmd}\{{(\w)\}}", lambda m, mark=mark: m.group(1) + mark, s)
        s = re.sub(rf"\\{cmd}\s*(\w)", lambda m, mark=mark: m.group(1) + mark, s)
    for cmd in sorted(_SYMBOLS, key=len, reverse=True):
        tail = r"\s*" if cmd in _PREFIXES else r"(?![A-Za-z])"
        s = re.sub(re.escape(cmd) + tail, lambda _m, cmd=cmd: _SYMBOLS[cmd], s)
    s = re.sub(r"\^\{([^{}]*)\}", lambda m: _script(m.group(1), _SUPERSCRIPTS, "^"), s)
    s = re.sub(r"\^(\S)", lambda m: _script(m.group(1), _SUPERSCRIPTS, "^"), s)
    s = re.sub(r"_\{([^{}]*)\}", lambda m: _script(m.group(1), _SUBSCRIPTS, "_"), s)
    s = re.sub(r"_(\w)", lambda m: _script(m.group(1), _SUBSCRIPTS, "_"), s)
    while True:  # innermost fractions first
        new = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", lambda m: _frac(m.group(1), m.group(2)), s)
        if new == s:
            break
        s = new
    s = s.replace("{", "").replace("}", "").replace("\\", "")
    s = re.sub(r"\s+\)", ")", re.sub(r"\(\s+", "(", s))  # sympy's "\left( x \right)"
    s = re.sub(r"(^|[\s(=\[,])-(?=[\w(.\d])", lambda m: m.group(1) + "−", s).replace(" - ", " − ")  # true minus
    s = re.sub(r"(^|[=(\[,]\s*)− ", lambda m: m.group(1) + "−", s)  # a leading minus hugs its term: −x²
    s = re.sub(r"(^|[(\[])- (?=[\w(.\d])", lambda m: m.group(1) + "−", s)  # sympy's "(- x^2 + y)": −x²
    s = re.sub(r"(\d) (?=[A-Za-zα-ω](?![A-Za-z]))", r"\1", s)  # sympy's "10 x" is 10x (not "10cos")
    return unicodedata.normalize("NFC", re.sub(r"[ \t]{2,}", " ", s).strip())  # u + ̂ → û


def fmt(value: float, digits: int = 2) -> str:
    """A number as the lessons write it, to ``digits`` decimals with trailing zeros dropped (6 not
    6.0, 6.32, 0.02): ``theme.format_number``, with a true minus sign. ``math_tex`` turns its
    glyphs (−, ×10⁻⁵, 7,632) into LaTeX, so the same string serves text and maths."""
    return format_number(value, decimals=digits)


_SUPERSCRIPT_DIGITS = {ch: str(i) for i, ch in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")} | {"⁻": "-"}


def numbers_to_latex(text: str) -> str:
    """The number glyphs of ``format_number`` written for LaTeX: −, ``× 10⁻⁵``, and 7,632's comma."""
    text = re.sub(r"\s?×\s?10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)",
                  lambda m: r" \times 10^{" + "".join(_SUPERSCRIPT_DIGITS[c] for c in m.group(1)) + "}", text)
    text = re.sub(r"(?<=\d),(?=\d{3})", "{,}", text)
    return text.replace("−", "-")


def _frac(num: str, den: str) -> str:
    def wrap(t: str) -> str:
        t = t.strip()
        return f"({t})" if re.search(r"[\s+\-−·/]", t) else t

    return f"{wrap(num)}/{wrap(den)}"


def _script(text: str, table: dict[int, str], marker: str) -> str:
    """Unicode super/subscript when every character has one, else ``^(text)`` / ``_(text)``."""
    if all(ord(c) in table for c in text):
        return text.translate(table)
    return f"{marker}({text})" if len(text) > 1 else f"{marker}{text}"


def math_tex(*parts: str, look: SceneTheme | None = None, plain: str | None = None,
             size: str | float = "label", color: Any = None, **kwargs: Any) -> VMobject:
    """MathTex of ``parts`` when LaTeX is available, else a Pango ``Text`` with the same meaning.

    ``plain`` gives the fallback text explicitly; otherwise ``latex_to_plain`` of the joined parts.
    The fallback logs one warning line per process, never a traceback. In the MathTex case the
    parts stay separate submobjects (for colouring by index); the fallback is a single Text.
    """
    look = look or scene_theme()
    color = look.foreground if color is None else color
    font_size = look.size(size)
    if latex_available():
        try:
            return MathTex(*(numbers_to_latex(part) for part in parts), font_size=font_size, color=color, **kwargs)
        except Exception as exc:  # a broken TeX install must not end the render
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            _warn_once(f"LaTeX failed ({first[:80]})")
    else:
        missing = missing_latex_tools()
        _warn_once(f"{', '.join(missing)} not found on PATH" if missing else f"{NO_LATEX_ENV} is set")
    text = plain if plain is not None else latex_to_plain(" ".join(parts))
    return Text(text, font=look.font, font_size=font_size * 0.9, color=color)


def aligned_column(numbers: list[str], *, look: SceneTheme | None = None, size: str | float = "label",
                   color: Any = None, buff: float = 0.3, maths: bool = True) -> VGroup:
    """Numbers as ``fmt`` writes them (−0.000581, +3.9 × 10⁻⁵, 12), stacked with their decimal
    points (a whole number's last digit) in one vertical line, in the maths font (``maths=False``:
    the text font, as in a table of data)."""
    rows, points = VGroup(), []
    for number in numbers:
        cut = min((i for i in (number.find("."), number.find(" ×")) if i >= 0), default=len(number))
        head, rest = number[:cut], number[cut:]
        entry = (math_tex(*((head, rest) if rest else (head,)), look=look, size=size, color=color, plain=number)
                 if maths else label_text(number, look=look, size=size, color=color))
        rows.add(entry)
        points.append(head)
    rows.arrange(DOWN, buff=buff)
    for i, (head, entry) in enumerate(zip(points, rows)):
        # the right edge of the head: its own part in MathTex, its last glyph in the fallback's Text
        points[i] = (entry[len(head.replace(" ", "")) - 1] if isinstance(entry, Text) else entry[0]).get_right()[0]
    target = max(points)
    for entry, x in zip(rows, points):
        entry.shift((target - x) * RIGHT)
    return rows


def label_text(text: str, *, look: SceneTheme | None = None, size: str | float = "label",
               color: Any = None, mono: bool = False, **kwargs: Any) -> Text:
    """Plain text in the theme's font and a size by role ("title", "label", "small") or number."""
    look = look or scene_theme()
    return Text(text, font=look.mono if mono else look.font, font_size=look.size(size),
                color=look.foreground if color is None else color, **kwargs)


_GLYPHS = "0123456789.−+"
_glyph_cache: dict[tuple[str, float, str, bool], tuple[dict[str, VMobject], dict[str, float]]] = {}
MATH_FONT = "math"
"""``LiveNumber(font=MATH_FONT)``: digits in the maths font (LaTeX's when available), to sit beside MathTex."""


def _glyphs(font: str, size: float, color: Any) -> tuple[dict[str, VMobject], dict[str, float]]:
    """One rendering of the digits, cut into glyphs on a common baseline, and each glyph's advance.

    A font name renders with Pango: the monospace family with every advance equal (each glyph in
    its cell), any other font as the text font (digits share one advance, the point and the signs
    get their own). ``MATH_FONT`` renders with MathTex when LaTeX is available, else with the
    theme's text font."""
    with_latex = font == MATH_FONT and latex_available()
    key = (font, size, str(color), with_latex)  # the fallback's glyphs differ: never serve one for the other
    if key not in _glyph_cache:
        if with_latex:
            try:
                text = MathTex(_GLYPHS.replace("−", "-"), font_size=size, color=color)[0]
            except Exception:  # a broken TeX install: the text font's digits instead
                text = None
            if text is not None and len(text) == len(_GLYPHS):
                _glyph_cache[key] = _cut_proportional(text)
                return _glyph_cache[key]
        pango = scene_theme().font if font == MATH_FONT else font
        text = Text(_GLYPHS, font=pango, font_size=size * (0.9 if font == MATH_FONT else 1), color=color)
        if font != MONO_FAMILY:  # the text font: its digits share one advance, the point and signs not
            _glyph_cache[key] = _cut_proportional(text)
            return _glyph_cache[key]
        advance = (text[9].get_center()[0] - text[0].get_center()[0]) / 9
        left = text[0].get_center()[0]
        glyphs = {}
        for i, ch in enumerate(_GLYPHS):
            g = text[i].copy()
            g.shift(-(left + i * advance) * RIGHT - text.get_bottom()[1] * UP)  # cell centre on the origin
            glyphs[ch] = g  # positioned relative to (cell centre, baseline) = origin
        _glyph_cache[key] = (glyphs, dict.fromkeys(_GLYPHS, advance))
    return _glyph_cache[key]


def _cut_proportional(text: VMobject) -> tuple[dict[str, VMobject], dict[str, float]]:
    """Glyphs of ``text`` (the characters of ``_GLYPHS`` in order), each centred on the origin at the
    digits' baseline; digits advance alike, the point and the signs by their width plus a bearing."""
    digit = (text[9].get_center()[0] - text[0].get_center()[0]) / 9
    baseline = text[0].get_bottom()[1]
    glyphs, advances = {}, {}
    for i, ch in enumerate(_GLYPHS):
        g = text[i].copy()
        g.shift(-g.get_center()[0] * RIGHT - baseline * UP)
        glyphs[ch] = g
        advances[ch] = digit if ch.isdigit() else g.width + (0.35 if ch == "." else 0.2) * digit
    return glyphs, advances


class LiveNumber(VGroup):
    """A number that can change every frame cheaply: glyphs of the theme's text font rendered once
    by Pango (or, with ``font=MATH_FONT``, the maths font's, to sit beside MathTex), then copied
    (Text or MathTex per frame would cost 30 ms or a LaTeX run each).

    ``set_value(v)`` redraws the digits keeping the right edge (``align="right"``) or left edge in
    place; move it like any mobject. Use it with an updater on a ValueTracker. The digit slots are
    fixed mobjects whose points change in place (the cairo renderer keeps a list of the moving
    mobjects from the start of each animation, so swapping submobjects would leave ghosts).
    """

    def __init__(self, value: float = 0.0, *, decimals: int = 2, look: SceneTheme | None = None,
                 size: str | float = "small", color: Any = None, align: str = "left", max_chars: int = 12,
                 font: str | None = None) -> None:
        super().__init__()
        if align not in ("left", "right"):
            raise ValueError(f"align must be 'left' or 'right'; got {align!r}")
        look = look or scene_theme()
        self.decimals, self.align = int(decimals), align
        self._glyphs, self._advances = _glyphs(font or look.font, look.size(size),
                                               look.foreground if color is None else color)
        self._anchor = VectorizedPoint()  # the baseline end the digits grow from; moves with the group
        self.slots = VGroup(*(VMobject().match_style(self._glyphs["0"]) for _ in range(max_chars)))
        self.add(self._anchor, self.slots)
        self.gradviz_role = "text"  # for the layout check (scenes.layout)
        self.value = float("nan")
        self.set_value(value)

    def format(self, value: float) -> str:
        """The displayed string: fixed decimals, a true minus sign, no "−0.00"."""
        text = f"{value:.{self.decimals}f}"
        if float(text) == 0:
            text = text.lstrip("-")
        return text.replace("-", "−")

    @property
    def text(self) -> str:
        """The string currently shown."""
        return self.format(self.value)

    def set_value(self, value: float) -> LiveNumber:
        """Show ``value``; returns self (usable inside updaters)."""
        self.value = float(value)
        text = self.text
        if len(text) > len(self.slots):
            raise ValueError(f"{text!r} needs more than max_chars={len(self.slots)} characters")
        anchor = self._anchor.get_center()
        widths = [self._advances[ch] for ch in text]
        x = 0.0 if self.align == "left" else -sum(widths)
        for i, slot in enumerate(self.slots):
            if i < len(text):
                slot.set_points(self._glyphs[text[i]].points + anchor + (x + widths[i] / 2) * RIGHT)
                x += widths[i]
            else:
                slot.set_points(np.zeros((0, 3)))
        return self
