"""scenes.layout: the automated scene layout check finds what it must, and names the parts."""

from __future__ import annotations

import numpy as np
import pytest
from manim import DOWN, LEFT, ORIGIN, RIGHT, UP, Arrow, Dot, FadeIn, Rectangle, Square, Text, VGroup, VMobject, config

from scenes.common import GradvizScene
from scenes.layout import SAFE_BOTTOM, fit_to_safe, labels, layout_problems, safe_box, set_role, to_safe_edge


def _path(*points) -> VMobject:
    path = VMobject().set_points_as_corners([np.array([x, y, 0.0]) for x, y in points])
    return set_role(path, "path")


def test_safe_box_keeps_the_bottom_twelve_percent_and_five_percent_margins():
    left, right, bottom, top = safe_box()
    assert bottom == pytest.approx(-config.frame_height / 2 + SAFE_BOTTOM * config.frame_height)
    assert (right - left) == pytest.approx(0.9 * config.frame_width)
    assert top == pytest.approx(0.45 * config.frame_height)


def test_a_clean_frame_has_no_problems():
    assert layout_problems([Text("alpha").shift(UP), Text("beta").shift(DOWN), Dot(RIGHT * 3)]) == []


@pytest.mark.parametrize(("where", "side"), [(DOWN * 3.6, "the caption area"), (LEFT * 6.9, "the left margin"),
                                             (RIGHT * 6.9, "the right margin"), (UP * 3.9, "the top margin")])
def test_text_outside_the_safe_frame_is_named_with_its_side(where, side):
    assert layout_problems([Text("verdict").move_to(where)]) == [f"text 'verdict' reaches into {side}"]


def test_any_visible_thing_counts_but_the_background_does_not():
    square = Square(side_length=0.5, fill_opacity=1, fill_color="#123456", stroke_width=0).move_to(DOWN * 3.7)
    backdrop = Rectangle(width=20, height=9, fill_color="#000000", fill_opacity=1, stroke_width=0)
    invisible = Square().move_to(DOWN * 3.7).set_stroke(opacity=0).set_fill(opacity=0)
    assert layout_problems([square]) == ["other Square reaches into the caption area"]
    assert layout_problems([backdrop, invisible], background="#000000") == []
    assert layout_problems([set_role(Square().move_to(DOWN * 3.7), "background")]) == []


def test_overlapping_texts_are_named_both():
    assert layout_problems([Text("first"), Text("second")]) == ["text 'first' overlaps text 'second'"]


def test_a_backdrop_rectangle_does_not_widen_a_text():
    a = Text("left").move_to(LEFT * 0.8)
    b = Text("right").next_to(a, RIGHT, buff=0.05)
    a.add_background_rectangle(buff=0.3)
    assert layout_problems([a, b]) == []


def test_text_over_a_mark_is_a_problem_unless_it_labels_it():
    dot, arrow = Dot(ORIGIN), Arrow(LEFT * 2, RIGHT * 2, buff=0)
    path = _path((-3, -1), (3, 1))
    word = Text("here")
    assert layout_problems([dot, word]) == ["text 'here' covers marker Dot"]
    assert layout_problems([arrow, Text("grad").shift(UP * 0.1)]) == ["text 'grad' covers arrow Arrow"]
    assert layout_problems([path, Text("across")]) == ["text 'across' covers path VMobject"]
    assert layout_problems([dot, labels(Text("here"), dot)]) == []
    assert layout_problems([VGroup(dot, arrow), labels(Text("both"), dot, arrow)]) == []


def test_a_path_that_passes_by_a_text_box_is_not_over_it():
    path = _path((-3, -1), (3, -1))  # a long segment 1 unit below the text: sampled, not boxed
    assert layout_problems([path, Text("above")]) == []
    diagonal = _path((-3, -3), (3, 3))  # its box covers the text's, its points miss it
    assert layout_problems([diagonal, Text("off").move_to([-2, 1.5, 0])]) == []


def test_a_wide_stroke_that_passes_just_beside_a_text_covers_it():
    """A stroke w wide is drawn w / 100 units around its points: a line whose centre passes 0.02 units
    beside a glyph still paints over it (a hop of the overshooting run across a peak's label)."""
    text = Text("1")
    x = text.get_left()[0] - 0.02
    thin, wide = _path((x, -2), (x, 2)).set_stroke(width=1), _path((x, -2), (x, 2)).set_stroke(width=8)
    assert layout_problems([thin, text]) == []
    assert layout_problems([wide, text]) == ["text '1' covers path VMobject"]


def test_the_strokes_of_a_path_are_not_joined_end_to_start():
    """A traced path is a group (outline, line, head): the check follows each stroke, not a chord
    from one stroke's end to the next one's start, nor across a lifted pen in one VMobject."""
    line = _path((-3, -1), (-3, 1), (3, 1), (3, -1))  # a loop around the text, open at the bottom
    trail = set_role(VGroup(line.copy(), line, Dot([3, -1, 0], radius=0.05)), "path")
    assert layout_problems([trail, Text("inside").scale(0.5)]) == []
    lifted = set_role(VMobject(), "path")
    lifted.start_new_path(np.array([-3.0, -1, 0])).add_line_to(np.array([-3.0, 1, 0]))
    lifted.start_new_path(np.array([3.0, -1, 0])).add_line_to(np.array([3.0, 1, 0]))
    assert layout_problems([lifted, Text("between").scale(0.5)]) == []
    across = _path((-3, -0.5), (3, 0.5))  # one stroke that does cross it still counts
    assert layout_problems([set_role(VGroup(across.copy(), across), "path"), Text("under")]) == [
        "text 'under' covers path VGroup"]


def test_fit_and_place_against_the_safe_frame():
    wide = Rectangle(width=30, height=2)
    fit_to_safe(wide)
    left, right, bottom, top = safe_box()
    assert wide.width == pytest.approx(right - left)
    caption = to_safe_edge(Text("bottom"), DOWN)
    assert caption.get_bottom()[1] == pytest.approx(bottom)
    corner = to_safe_edge(Text("corner"), UP + RIGHT, buff=0.1)
    assert corner.get_top()[1] == pytest.approx(top - 0.1) and corner.get_right()[0] == pytest.approx(right - 0.1)
    assert layout_problems([wide, caption, corner]) == []


class _Blank(GradvizScene):
    layout_check = True

    def construct(self):
        self.play(FadeIn(Text("Late title")))


class _Clean(GradvizScene):
    layout_check = True

    def construct(self):
        title = self.title_card("A clean scene")
        self.add(title)
        dot = Dot(LEFT)
        self.play(FadeIn(dot))
        self.play(FadeIn(Text("note").move_to(LEFT)))  # covers the dot: animation 1
        self.hold_summary()


class _Unheld(GradvizScene):
    layout_check = True

    def construct(self):
        self.add(self.title_card("Cut short"))
        self.play(FadeIn(Dot()), run_time=0.5)


def test_the_scene_hook_reports_a_blank_opening(render_tiny):
    scene = render_tiny(_Blank, dry_run=True)
    assert scene.layout_report[0] == "animation 0: the scene opens on a frame without a title"


def test_the_scene_hook_names_the_animation_and_reports_each_problem_once(render_tiny):
    scene = render_tiny(_Clean, dry_run=True)
    assert scene.layout_report == ["animation 1: text 'note' covers marker Dot"]


def test_the_scene_hook_wants_a_held_summary(render_tiny):
    scene = render_tiny(_Unheld, dry_run=True)
    assert scene.layout_report == ["end: the last frame is held 0.0 s, not the summary's 2 s"]
