"""Shared scene helpers: theme translation, text with and without LaTeX, map geometry, fog, camera."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from manim import DL, LEFT, ORIGIN, UR, Dot, MathTex, Square, Text, config
from PIL import Image

from gradmath import CEO_PROFIT, HEAT_MAP
from scenes.common import (
    Fog,
    GradvizScene,
    LandscapeMap,
    clip_to_domain,
    compass_rose,
    gradient_arrow,
    labels_image,
    trajectory_path,
)
from scenes.plots import DigitCounter
from scenes.layout import around, clear_direction, layout_problems, place_clear
from scenes.style import THEME_ENV, colormap_rgba, resolve_theme, scene_theme
from scenes.text import (
    MATH_FONT,
    NO_LATEX_ENV,
    LiveNumber,
    aligned_column,
    fmt,
    latex_available,
    latex_to_plain,
    math_tex,
    missing_latex_tools,
    reset_latex_warning,
)
from theme import DARK, LIGHT


# --- theme ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("theme", [DARK, LIGHT], ids=["dark", "light"])
def test_scene_theme_translates_every_colour(theme):
    look = scene_theme(theme)
    for name in ("background", "foreground", "descent", "ascent", "gradient", "optimum", "fog", "warning"):
        assert getattr(look, name).to_hex().upper() == getattr(theme, name).upper()
    assert [c.to_hex().upper() for c in look.series] == [c.upper() for c in theme.series]
    assert look.size("title") == theme.scene_title_size and look.size(12) == 12.0
    with pytest.raises(ValueError, match="size must be one of"):
        look.size("huge")
    assert scene_theme("light") is scene_theme(LIGHT)


def test_theme_env_is_read_at_setup_and_an_explicit_subclass_wins(monkeypatch):
    monkeypatch.setenv(THEME_ENV, "light")
    assert resolve_theme(DARK) is LIGHT
    plain = GradvizScene()
    plain.setup()
    assert plain.theme is LIGHT and plain.camera.background_color.to_hex().upper() == LIGHT.background.upper()
    dark_variant = type("DarkVariant", (GradvizScene,), {"theme": DARK})()
    dark_variant.setup()
    assert dark_variant.theme is DARK
    monkeypatch.setenv(THEME_ENV, "sepia")
    with pytest.raises(ValueError, match="theme must be one of dark, light"):
        resolve_theme(DARK)


def test_colormap_rgba_is_uint8_and_ordered():
    rgba = colormap_rgba("cividis", [0.0, 1.0, np.nan])
    assert rgba.dtype == np.uint8 and rgba.shape == (3, 4)
    assert rgba[0, :3].sum() < rgba[1, :3].sum()  # dark to bright
    assert rgba[2, 3] == 0  # NaN is transparent


# --- text and maths ------------------------------------------------------------------------------

@pytest.mark.parametrize("latex, plain", [
    (r"\nabla P(2, 3) = [6, 2]", "∇P(2, 3) = [6, 2]"),
    (r"\frac{\partial P}{\partial x} = 6", "∂P/∂x = 6"),
    (r"\nabla f \cdot \hat{u}", "∇f · û"),
    (r"L(x) = \sin x + 0.1x^2 - 2", "L(x) = sin x + 0.1x² − 2"),
    (r"w_1 \leftarrow w_1 - \eta \frac{a+b}{2}", "w₁ ← w₁ − η (a+b)/2"),
    (r"\lvert\nabla P\rvert = 6.32", "|∇P| = 6.32"),
    (r"\text{step 3: } P = 40.1", "step 3: P = 40.1"),
])
def test_latex_to_plain_keeps_the_meaning(latex, plain):
    assert latex_to_plain(latex) == plain


def test_latex_available_follows_path_and_env(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert missing_latex_tools() == ["latex", "dvisvgm"]
    assert not latex_available()
    monkeypatch.undo()
    monkeypatch.setenv(NO_LATEX_ENV, "1")
    assert not latex_available()


def test_math_tex_fallback_is_text_with_one_warning_line(monkeypatch, caplog):
    monkeypatch.setenv(NO_LATEX_ENV, "1")
    reset_latex_warning()
    with caplog.at_level(logging.WARNING, logger="gradviz.scenes"):
        first = math_tex(r"\nabla P(2, 3) = [6, 2]")
        math_tex(r"x^2")
    assert isinstance(first, Text) and first.text.replace(" ", "") == "∇P(2,3)=[6,2]"
    records = [r for r in caplog.records if r.name == "gradviz.scenes"]
    assert len(records) == 1
    assert "GRADVIZ_NO_LATEX" in records[0].getMessage() and "\n" not in records[0].getMessage()
    explicit = math_tex(r"\max", plain="largest")
    assert explicit.text == "largest"


@pytest.mark.skipif(not latex_available(), reason="needs latex and dvisvgm")
def test_math_tex_uses_latex_when_available(caplog):
    reset_latex_warning()
    with caplog.at_level(logging.WARNING, logger="gradviz.scenes"):
        formula = math_tex(r"\nabla P", "=", "[6, 2]")
    assert isinstance(formula, MathTex) and len(formula) == 3
    assert not [r for r in caplog.records if r.name == "gradviz.scenes"]


def test_fmt_writes_numbers_like_the_lessons():
    assert [fmt(6.0), fmt(6.3245), fmt(0.02), fmt(-1e-9), fmt(-1.3064)] == ["6", "6.32", "0.02", "0", "−1.31"]
    assert [fmt(7632.4, 0), fmt(41.0, 3)] == ["7,632", "41"]


def test_math_gets_the_same_numbers_written_for_latex():
    from scenes.text import numbers_to_latex
    from theme import format_number

    assert numbers_to_latex(f"P = {fmt(-7632.4, 0)}") == "P = -7{,}632"
    assert numbers_to_latex(f"x = {format_number(-3.9e-5)}") == r"x = -3.9 \times 10^{-5}"
    assert numbers_to_latex("(2, 3)") == "(2, 3)"


def test_live_number_changes_in_place():
    number = LiveNumber(3.14159, decimals=2, align="right")
    slots = list(number.slots)
    right = number.slots.get_right()[0]
    assert number.text == "3.14"
    number.set_value(-12.5)
    assert number.text == "−12.50" and list(number.slots) == slots  # same mobjects, new points
    assert number.slots.get_right()[0] == pytest.approx(right, abs=0.05)
    assert number.set_value(-0.001).text == "0.00"
    with pytest.raises(ValueError, match="max_chars"):
        number.set_value(1e20)


def test_live_numbers_and_counters_use_the_text_font_not_the_monospace_one():
    """Digits beside words share their font (the monospace font's dotted zero read as a third font)."""
    look = scene_theme()
    number = LiveNumber(3000, decimals=0, look=look)
    sans, mono = (Text("0", font=font, font_size=look.size("small")) for font in (look.font, look.mono))
    assert abs(sans.width - mono.width) > 0.01
    zero = number._glyphs["0"]
    assert zero.width == pytest.approx(sans.width, abs=1e-3) and zero.height == pytest.approx(sans.height, abs=1e-3)
    counter = DigitCounter(4, look=look, size=look.size("small"))
    assert counter.glyphs[0].width == pytest.approx(sans.width, abs=1e-3)
    assert counter.set_value(3000).value == 3000


def test_a_counter_shows_the_same_value_at_the_same_place_whatever_it_showed_before():
    counter = DigitCounter(4, look=scene_theme()).shift(2 * LEFT)
    counter.set_value(1000)
    first = [place.points.copy() for place in counter.places]
    for value in [*range(0, 3001, 7), 1, 1111, 9999]:
        counter.set_value(value)
    counter.set_value(1000)
    for place, points in zip(counter.places, first):
        np.testing.assert_array_equal(place.points, points)


def test_live_number_in_the_maths_font_keeps_its_right_edge():
    number = LiveNumber(6.3245, decimals=2, align="right", font=MATH_FONT)
    right = number.slots.get_right()[0]
    assert number.text == "6.32"
    assert number.set_value(-12.5).text == "−12.50"
    assert number.slots.get_right()[0] == pytest.approx(right, abs=0.05)


@pytest.mark.parametrize("no_latex", ["0", "1"], ids=["latex", "pango"])
def test_aligned_column_lines_up_the_decimal_points(no_latex, monkeypatch):
    monkeypatch.setenv(NO_LATEX_ENV, no_latex)
    column = aligned_column(["+0.00307", "−0.000581", "12", "+3.9 × 10⁻⁵"])
    tops = [entry.get_top()[1] for entry in column]
    assert len(column) == 4 and tops == sorted(tops, reverse=True)  # one below the other
    if isinstance(column[0], MathTex):  # the part before the point ends at the same x in every row
        points = [entry[0].get_right()[0] for entry in column]
    else:
        points = [column[0][1].get_right()[0], column[1][1].get_right()[0], column[2][1].get_right()[0],
                  column[3][1].get_right()[0]]
    assert max(points) - min(points) == pytest.approx(0, abs=1e-6)


def test_place_clear_finds_room_beside_what_it_must_not_cover():
    mark = Dot(ORIGIN, radius=0.1)
    blocker = Text("blocker").next_to(ORIGIN, UR, buff=0.15)
    label = Text("label")
    assert clear_direction(label, mark, avoid=[mark, blocker], directions=around(UR)) is not None
    assert layout_problems([mark, blocker, label]) == []
    assert around(UR)[0] == (1.0, 1.0, 0.0) and len(set(around(LEFT))) == 8
    boxed = (-0.5, 0.5, -0.5, 0.5)  # no room inside: None, and place_clear falls back to the first direction
    assert clear_direction(Text("label"), mark, avoid=[mark], within=boxed) is None
    fallback = place_clear(Text("label"), mark, avoid=[mark], within=boxed, directions=around(LEFT))
    assert fallback.get_right()[0] < 0


# --- geometry on the map -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ceo_map():
    return LandscapeMap(CEO_PROFIT, width=6.0, height=5.0, resolution=41)


def test_map_has_equal_units_and_fits(ceo_map):
    a, b, c = ceo_map.to_screen([[0, 0], [10, 0], [0, 8]])
    assert b[0] - a[0] == pytest.approx(10 * ceo_map.unit)
    assert c[1] - a[1] == pytest.approx(8 * ceo_map.unit)  # same unit on both axes: true directions
    assert ceo_map.unit == pytest.approx(min(6 / 10, 5 / 8))
    shift = ceo_map.vector_to_screen([6, 2], scale=0.5)
    assert shift[:2] == pytest.approx(np.array([3, 1]) * ceo_map.unit)


def test_gradient_arrow_points_along_the_vector(ceo_map):
    group = gradient_arrow(ceo_map, [2, 3], [6, 2], scale=0.2, label=Text("g"))
    start, end = group.arrow.get_start(), group.arrow.get_end()
    np.testing.assert_allclose(start, ceo_map.to_screen([2, 3]), atol=1e-6)
    np.testing.assert_allclose(end, ceo_map.to_screen([2 + 1.2, 3 + 0.4]), atol=1e-6)
    assert group.label.get_center()[0] > end[0]  # the label sits beyond the tip


def test_trajectory_path_stops_at_the_edge(ceo_map):
    path = trajectory_path(ceo_map, np.array([[5, 4], [9, 4], [12, 4]]), color=scene_theme().ascent)
    assert path.left_map
    np.testing.assert_allclose(path.get_end(), ceo_map.to_screen([10, 4]), atol=1e-6)
    inside = trajectory_path(ceo_map, np.array([[2, 3], [3.2, 3.4]]), color=scene_theme().ascent)
    assert not inside.left_map and inside.exit_point is None


def test_clip_to_domain_splits_a_path_that_leaves_and_returns(ceo_map):
    pieces, exits = clip_to_domain(ceo_map, np.array([[5, 4], [5, 12], [6, 4]]))
    assert len(pieces) == 2 and len(exits) == 1
    np.testing.assert_allclose(exits[0], [5, 8])
    np.testing.assert_allclose(pieces[1][0][1], 8)  # re-enters at the top edge


def test_fog_covers_the_frame_wherever_its_window_goes():
    fog = Fog(ORIGIN, radius=0.9)
    for corner in ([7, 4, 0], [-7, -4, 0]):
        fog.move_to(corner)
        np.testing.assert_allclose(fog.window_center, corner, atol=1e-6)
        assert fog.width >= 2 * config.frame_width and fog.height >= 2 * config.frame_height


def test_region_fog_stays_in_its_box_and_recuts_its_window():
    box = Square(4).shift(2 * LEFT)
    fog = Fog([-2, 0, 0], radius=0.8, region=box)
    np.testing.assert_allclose(fog.blanket.get_corner(UR), box.get_corner(UR), atol=1e-6)
    before = fog.blanket.points.copy()
    fog.move_window([-1, 1, 0])
    np.testing.assert_allclose(fog.window_center, [-1, 1, 0], atol=1e-6)
    np.testing.assert_allclose(fog.blanket.get_corner(DL), box.get_corner(DL), atol=1e-6)  # the box stays
    assert not np.array_equal(before, fog.blanket.points)  # the hole moved


def test_compass_rose_has_letters_outside_the_ring():
    rose = compass_rose(0.8)
    assert rose.width == pytest.approx(2 * (0.8 + 0.2) + rose[-2].width, abs=0.2)


# --- the camera draws images (Pillow ≥ 11 broke Manim's own path) --------------------------------

class _Basins(GradvizScene):
    def construct(self):
        field = LandscapeMap(HEAT_MAP, look=self.look, width=6, height=5, resolution=21, level_lines=False,
                             axis_labels=False)
        labels = np.zeros((4, 4), dtype=int)
        labels[:, 2:] = 1
        self.add(field, labels_image(labels, [self.look.series[0], self.look.series[3]], field.axes, opacity=1.0))
        self.add(Dot(field.to_screen([7, 5]), color=self.look.warning))


def test_images_render_at_the_right_place(render_tiny, manim_media_dir):
    render_tiny(_Basins, last_frame=True)
    (png,) = manim_media_dir.rglob("*.png")
    frame = np.asarray(Image.open(png).convert("RGB"), dtype=int)
    look = scene_theme()
    left, right = frame[54, 70], frame[54, 115]  # inside the map, left and right half
    expect = [np.array(c.to_rgb()) * 255 for c in (look.series[0], look.series[3])]
    assert np.abs(left - expect[0]).max() < 12 and np.abs(right - expect[1]).max() < 12


def test_region_fog_rings_stay_inside_the_box_at_its_corner():
    box = Square(4)
    fog = Fog([-1.8, 1.8, 0], radius=0.8, region=box)  # the window hangs over the box's corner
    for where in ([-1.8, 1.8, 0], [1.9, -1.9, 0], [0, 0, 0]):
        fog.move_window(where)
        np.testing.assert_allclose(fog.window_center, where, atol=1e-6)
        for ring in fog.rings:
            assert np.all(ring.get_corner(DL)[:2] >= box.get_corner(DL)[:2] - 1e-6)
            assert np.all(ring.get_corner(UR)[:2] <= box.get_corner(UR)[:2] + 1e-6)


def test_a_markers_outline_is_the_theme_colour_farthest_from_its_fill():
    dark, light = scene_theme(DARK), scene_theme(LIGHT)
    assert light.outline(light.start) == light.foreground  # a yellow start outlined dark on white, not white
    assert dark.outline(dark.start) == dark.background
    assert dark.outline(dark.foreground) == dark.background and light.outline(light.foreground) == light.background
