"""The theme's colours: reserved meanings, series that never resemble them, legible on both themes."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from theme import THEMES, Theme, format_number

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
VISIONS = {
    "normal": np.eye(3),
    "protan": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                        [-0.003882, -0.048116, 1.051998]]),
    "deutan": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                        [-0.011820, 0.042940, 0.968881]]),
    "tritan": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                        [0.004733, 0.691367, 0.303900]]),
}
MIN_DELTA_E = 15.0


def _linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ np.clip(linear, 0, 1)
    n = xyz / np.array([0.9505, 1.0, 1.089])
    f = np.where(n > 0.008856, np.cbrt(n), 7.787 * n + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str) -> float:
    """The smallest CIE76 distance between two colours across normal and colour-blind vision."""
    return min(float(np.linalg.norm(_lab(m @ _linear(a)) - _lab(m @ _linear(b)))) for m in VISIONS.values())


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio."""
    lum = [float(np.dot([0.2126, 0.7152, 0.0722], _linear(c))) for c in (a, b)]
    return (max(lum) + 0.05) / (min(lum) + 0.05)


def test_the_colour_distance_sees_what_colour_blind_viewers_confuse():
    assert delta_e("#FF0000", "#00FF00") < delta_e("#FF0000", "#0000FF")  # red/green collapse under protan/deutan
    assert delta_e("#123456", "#123456") == 0


@pytest.mark.parametrize("theme", THEMES.values(), ids=lambda t: t.name)
def test_series_never_resemble_a_reserved_meaning(theme: Theme):
    for series, (meaning, reserved) in itertools.product(theme.series, theme.reserved.items()):
        assert delta_e(series, reserved) >= MIN_DELTA_E, f"{theme.name}: series {series} looks like {meaning} {reserved}"


@pytest.mark.parametrize("theme", THEMES.values(), ids=lambda t: t.name)
def test_series_are_distinct_from_each_other_and_legible(theme: Theme):
    assert len(theme.series) >= 4  # an optimiser race has four runners
    for a, b in itertools.combinations(theme.series, 2):
        assert delta_e(a, b) >= MIN_DELTA_E, f"{theme.name}: series {a} and {b} look alike"
    for colour in theme.series:
        assert contrast(colour, theme.background) >= 2.5, f"{theme.name}: series {colour} fades into the background"


@pytest.mark.parametrize("theme", THEMES.values(), ids=lambda t: t.name)
def test_reserved_meanings_are_distinct(theme: Theme):
    marks = {"start": theme.start, "optimum": theme.optimum, "saddle": theme.saddle, "gradient": theme.gradient}
    for (m1, a), (m2, b) in itertools.combinations(marks.items(), 2):
        assert delta_e(a, b) >= MIN_DELTA_E, f"{theme.name}: {m1} and {m2} look alike"
    assert delta_e(theme.descent, theme.ascent) >= MIN_DELTA_E
    assert theme.series_color(len(theme.series)) == theme.series[0]


def test_same_meaning_same_colour_on_both_themes_where_legible():
    dark, light = THEMES["dark"], THEMES["light"]
    for meaning in ("start", "optimum", "saddle", "gradient"):
        assert getattr(dark, meaning) == getattr(light, meaning)


def test_format_number_examples():
    assert format_number(-3.9e-5) == "\u22123.9 × 10⁻⁵"
    assert format_number(7632.4, 4) == "7,632"
    assert format_number(-0.5) == "\u22120.5"


def test_format_number_writes_whole_numbers_in_full():
    """An exact whole number below 10⁶ keeps every digit (a loss of 1025 is not 1,020); others round."""
    assert format_number(1025.0) == "1,025"
    assert format_number(-1525) == "\u22121,525"
    assert format_number(1234, 2) == "1,234"
    assert format_number(999999.0) == "999,999"
    assert format_number(1025.5) == "1,030"
    assert format_number(1_234_000.0) == "1.23 × 10⁶"
    assert format_number(1025, latex=True) == "1{,}025"
    assert format_number(0.0) == "0" and format_number(7.0) == "7"
