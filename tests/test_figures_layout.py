"""The layout check itself: it finds a text cut off, two texts on each other, a legend on a line."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from figures.labels import callout
from figures.layout import drawn_texts, layout_problems


def _figure() -> Figure:
    fig = Figure(figsize=(3.5, 2.5), layout="constrained")
    fig.add_subplot().plot([0, 1], [0, 1])
    return fig


def test_a_clean_figure_has_no_problem():
    assert layout_problems(_figure()) == []


def test_text_past_the_edge_is_found():
    fig = _figure()
    fig.text(0.95, 0.5, "a long text that runs off the page")
    assert layout_problems(fig, "f") == ["f: text 'a long text that runs off the page' is cut off at the figure's edge"]


def test_overlapping_texts_are_found_and_rotated_ones_measured_as_drawn():
    fig = _figure()
    ax = fig.axes[0]
    ax.text(0.2, 0.8, "first label")
    ax.text(0.22, 0.8, "second label")
    problems = layout_problems(fig, "f")
    assert "f: texts 'first label' and 'second label' overlap" in problems
    clear = _figure()
    clear.axes[0].text(0.1, 0.7, "diagonal", rotation=45)
    corner = clear.axes[0].text(0.12, 0.88, "x", fontsize=6)  # in the rotated text's box, off its rectangle
    assert layout_problems(clear) == []
    (diagonal,) = [d for d in drawn_texts(clear)[0] if d.text == "diagonal"]
    (x,) = [d for d in drawn_texts(clear)[0] if d.artist is corner]
    assert diagonal.box.overlaps(x.box)  # a plain bounding-box test would have called this a clash


def test_a_legend_on_a_line_is_found():
    fig = Figure(figsize=(3.5, 2.5), layout="constrained")
    ax = fig.add_subplot()
    x = np.linspace(0, 1, 200)
    ax.plot(x, np.full_like(x, 0.95), label="a line near the top")
    ax.set_ylim(0, 1)
    ax.legend(loc="upper center")
    assert any("legend 'a line near the top' covers" in p for p in layout_problems(fig, "f"))


def test_callouts_avoid_lines_and_each_other():
    fig = _figure()
    ax = fig.axes[0]
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    for x in (0.2, 0.5, 0.8):
        callout(ax, (x, x), f"the point at {x:g}, with a long label")
    assert layout_problems(fig) == []
