"""GradientFromData: a data set's standardised regression coefficients grow into the gradient of its target."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # the plain `manim` command loads us by path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Indicate,
    LaggedStart,
    Line,
    Rectangle,
    TransformFromCopy,
    VGroup,
    VMobject,
)

from gradmath import DataGradient, Dataset, data_gradient, load_dataset
from scenes.common import GradvizScene, edge_frame, nice_step
from scenes.layout import safe_box, to_safe_edge
from scenes.text import aligned_column, fmt
from theme import format_number

__all__ = ["GradientFromData"]


def _bracket(height: float, *, side: int, color: object, stroke_width: float) -> VMobject:
    """A square bracket of ``height``; ``side`` −1 opens to the right ([), +1 to the left (])."""
    w = 0.15
    corners = [[-side * w, height / 2, 0], [0, height / 2, 0], [0, -height / 2, 0], [-side * w, -height / 2, 0]]
    return VMobject(stroke_color=color, stroke_width=stroke_width).set_points_as_corners(np.array(corners))


def signed(value: float) -> str:
    """+0.00294 / −0.000581: the one formatter's three significant figures and an explicit plus, as the figure."""
    return ("+" if value > 0 else "") + format_number(value)


class GradientFromData(GradvizScene):
    """A linear model on z-scored inputs: its slopes are the gradient of the target."""

    template = "gradient_from_data"
    math_scale = 1.1  # LaTeX glyphs run smaller than Pango text of the same size
    readable_text = True  # orange or yellow text darkened on the light theme
    target: str
    features: tuple[str, ...]
    scatter_feature: str | None  # None: the strongest input
    bar_length: float = 2.6  # screen length of the largest |coefficient|
    row_height: float = 0.42  # a bar's thickness
    max_zoom: float = 1.5  # the bars and the vector grow at most this much to fill the frame

    def setup(self) -> None:
        super().setup()
        self.data: Dataset = load_dataset(self.params.data, target=self.target, features=self.features)
        self.gradient: DataGradient = data_gradient(self.data)
        if self.scatter_feature is None:  # the strongest lever first
            self.scatter_feature = self.gradient.ranked()[0][0]
        self.ranked: list[tuple[str, float]] = self.gradient.ranked()  # strongest first, as the figure
        self.features: tuple[str, ...] = self.gradient.features
        self.coefficients: np.ndarray = self.gradient.coefficients
        self.r_squared: float = self.gradient.r_squared
        self.scatter_x: np.ndarray = self.data.column(self.scatter_feature)
        self.scatter_y: np.ndarray = self.data.target
        self.scatter_r: float = float(self.gradient.correlations[self.features.index(self.scatter_feature)])

    @staticmethod
    def pretty(feature: str) -> str:
        return feature.replace("_", " ")

    def sign_colour(self, value: float) -> Any:
        """A slope's colour, as in the figure: the ascent colour pushes the target up, the descent colour down."""
        return self.look.ascent if value > 0 else self.look.descent

    def scatter(self, width: float, height: float) -> VGroup:
        """The target against one input, one dot per row, about ``width`` × ``height`` with its labels
        (the axes are sized to the room, so the labels keep their size)."""
        look = self.look
        x, y = self.scatter_x, self.scatter_y
        x_step, y_step = nice_step(float(np.ptp(x)) or 1.0), nice_step(float(np.ptp(y)) or 1.0)
        x_lo, x_hi = x_step * np.floor(x.min() / x_step), x_step * np.ceil(x.max() / x_step)
        y_lo, y_hi = y_step * np.floor(y.min() / y_step), y_step * np.ceil(y.max() / y_step)
        axes = Axes(x_range=[x_lo, x_hi, x_step], y_range=[y_lo, y_hi, y_step], x_length=max(3.0, width - 1.0),
                    y_length=max(1.5, height - 1.1), tips=False)  # room for the tick numbers and the names
        frame = edge_frame(axes, look=look)
        dots = VGroup(*(Dot(axes.c2p(a, b), radius=0.045, color=look.foreground, fill_opacity=0.6) for a, b in zip(x, y)))
        x_label = self.label(self.pretty(self.scatter_feature), size="small", color=look.muted)
        x_label.next_to(frame, DOWN, buff=0.12).align_to(frame, RIGHT)
        y_label = self.label(self.pretty(self.target), size="small", color=look.muted).next_to(frame, UP, buff=0.15).align_to(frame, LEFT)
        group = VGroup(VGroup(axes, frame), dots, x_label, y_label)
        group.axes, group.dots = group[0], dots
        return group

    def bars(self) -> VGroup:
        """One horizontal bar per input, strongest on top, growing from a shared zero line, coloured
        by sign, with names and values (three significant figures, as the figure)."""
        look = self.look
        values = np.array([v for _, v in self.ranked])
        unit = self.bar_length / float(np.max(np.abs(values)))
        rows = VGroup()
        for feature, value in self.ranked:
            name = self.label(self.pretty(feature), size="small")
            bar = Rectangle(width=max(abs(value) * unit, 1e-3), height=self.row_height, fill_color=self.sign_colour(value),
                            fill_opacity=0.9, stroke_color=look.background, stroke_width=1)
            rows.add(VGroup(name, bar))
        rows.arrange(DOWN, buff=0.3)
        names = VGroup(*(row[0] for row in rows))
        zero_x = names.get_right()[0] + 0.45 + float(max(0.0, -np.min(values))) * unit
        numbers = VGroup()
        for row, value in zip(rows, values):
            name, bar = row
            name.align_to(names, RIGHT)
            bar.move_to([zero_x, name.get_center()[1], 0], aligned_edge=LEFT if value >= 0 else RIGHT)
            text = self.math(signed(value), size=look.small_size * self.math_scale * 1.15)  # LaTeX digits as tall as the names
            # right of the bar's end, or right of the zero line when the bar points left (as the figure)
            numbers.add(text.next_to([max(bar.get_right()[0], zero_x), bar.get_center()[1], 0], RIGHT, buff=0.15))
        top, bottom = rows.get_top()[1] + 0.15, rows.get_bottom()[1] - 0.15
        zero = Line([zero_x, top, 0], [zero_x, bottom, 0], stroke_color=look.muted, stroke_width=2)
        caption = self.label(f"change in {self.pretty(self.target)} per standard deviation of each input",
                             size=look.small_size * 0.85, color=look.muted).next_to(rows, DOWN, buff=0.3)
        caption.align_to(names, LEFT)
        group = VGroup(rows, zero, numbers, caption)
        group.rows, group.values, group.zero, group.caption = rows, numbers, zero, caption
        return group

    def table(self, rows: int = 4) -> VGroup:
        """The data set's first ``rows`` rows: one column per input and the target last (in the text
        colour, the inputs' names muted), names wrapped over their column, decimal points aligned;
        under it, how many rows follow."""
        look = self.look
        size = look.small_size * 0.85
        names = [*self.features, self.target]
        values = [*(self.data.column(f) for f in self.features), self.data.target]
        columns = VGroup()
        for j, (name, column) in enumerate(zip(names, values)):
            colour = look.foreground if j == len(names) - 1 else look.muted
            head = VGroup(*(self.label(line, size=size, color=colour) for line in textwrap.wrap(self.pretty(name), 11)))
            head.arrange(DOWN, buff=0.06)
            numbers = aligned_column([format_number(float(v)) for v in column[:rows]], look=look, size=size,
                                     color=look.foreground, buff=0.18, maths=False)
            columns.add(VGroup(head, numbers))
        heads = VGroup(*(c[0] for c in columns))
        for c in columns:
            c[1].next_to(c[0], DOWN, buff=0.25)
            c[1].set_x(c[0].get_center()[0])
        columns.arrange(RIGHT, buff=0.55, aligned_edge=DOWN)
        for c in columns:  # the names' last lines on one baseline, the numbers' rows on one line each
            c[0].align_to(heads, DOWN)
            for k, cell in enumerate(c[1]):
                cell.set_y(columns[0][1][k].get_center()[1])
        rule = Line(columns.get_corner(LEFT + DOWN), columns.get_corner(RIGHT + DOWN), stroke_color=look.muted,
                    stroke_width=1.5).set_y(heads.get_bottom()[1] - 0.12)
        more = len(self.scatter_y) - rows
        rest = self.label(f"… and {more} more rows" if more > 0 else "", size=size, color=look.muted)
        rest.next_to(columns, DOWN, buff=0.25)
        return VGroup(columns, rule, rest) if more > 0 else VGroup(columns, rule)

    def vector(self, chart: VGroup) -> VGroup:
        """∇ target = [entries], a column with its decimal points aligned, beside the bars' rows."""
        look = self.look
        column = aligned_column([signed(v) for _, v in self.ranked], look=look, size=look.small_size * self.math_scale * 1.15)
        for entry, row in zip(column, chart.rows):  # each entry level with its bar
            entry.set_y(row.get_center()[1])
        left = _bracket(column.height + 0.3, side=-1, color=look.foreground, stroke_width=3).next_to(column, LEFT, 0.12)
        right = _bracket(column.height + 0.3, side=1, color=look.foreground, stroke_width=3).next_to(column, RIGHT, 0.12)
        lhs = self.math(rf"\nabla\ \mathrm{{{_tex_name(self.pretty(self.target))}}}", color=look.gradient)
        lhs.next_to(VGroup(left, right), UP, buff=0.2)
        group = VGroup(lhs, left, column, right)
        group.shift((chart.values.get_right()[0] + 0.6 - group.get_left()[0]) * RIGHT)
        group.column = column
        return group

    def construct(self) -> None:
        look = self.look
        target = self.pretty(self.target)
        left, right, bottom, top = safe_box()

        # --- beat 1 (title frame): the question ------------------------------------------------------
        title = self.title_card(f"What moves {target}?", f"{len(self.scatter_y)} rows of {self.params.data.name}: "
                                                           f"{len(self.features)} inputs")
        self.add(title)
        table = self.table()
        below = title.get_bottom()[1] - 0.5
        table.scale(min(self.max_zoom, 0.9 * (right - left) / table.width, (below - bottom) / table.height))  # legible at 480p
        table.move_to([0, (below + bottom) / 2 + 0.15 * (below - bottom - table.height), 0])  # a little above the middle
        self.narrate(f"A data set of {len(self.scatter_y)} rows: each has {len(self.features)} inputs and one outcome, "
                     f"{target}. Which inputs move {target}, and which way?", 7)
        self.play(FadeIn(table), run_time=1.5)

        # --- beat 2: the data, one input at a time ------------------------------------------------------
        room = title.get_bottom()[1] - 0.4 - bottom
        r_text = self.math(rf"r = {fmt(self.scatter_r)}")
        plot = self.scatter(min(9.0, right - left - 2 * (r_text.width + 0.4)), room)
        if plot.height > room:
            plot.scale_to_fit_height(room)
        plot.next_to(title, DOWN, buff=0.4).set_x(0)
        r_text.next_to(plot.axes, RIGHT, buff=0.4).align_to(plot.axes, UP)
        self.narrate(f"Each dot is one row: its {self.pretty(self.scatter_feature)} and its {target}. On its own, "
                     f"this input's correlation with {target} is {fmt(self.scatter_r)}.", 7)
        self.play(FadeOut(table), run_time=0.8)
        self.play(FadeIn(plot.axes), FadeIn(plot[2:]), run_time=1.5)
        self.play(LaggedStart(*(FadeIn(d) for d in plot.dots), lag_ratio=0.01, run_time=2.5), FadeIn(r_text))

        # --- beat 3: all inputs at once, each in standard deviations ------------------------------------
        chart = self.bars()
        vec = self.vector(chart)
        caveat = self._caveat(target)
        to_safe_edge(caveat, DOWN)
        both = VGroup(chart, vec)
        upper, lower = title.get_bottom()[1] - 0.35, caveat.get_top()[1] + 0.3  # room between title and caveat
        both.scale(min((upper - lower) / both.height, 0.9 * (right - left) / both.width, self.max_zoom))
        both.move_to([(left + right) / 2, (upper + lower) / 2, 0])
        self.narrate(f"The inputs come in different units. Measure each in standard deviations, and fit {target} "
                     f"on all {len(self.features)} inputs at once, in a straight line.", 8)
        self.play(FadeOut(plot), FadeOut(r_text), run_time=1)
        self.play(FadeIn(VGroup(*(row[0] for row in chart.rows))), FadeIn(chart.zero), FadeIn(chart.caption), run_time=1)

        # --- beat 4: the slopes grow as bars, coloured by their sign -------------------------------------
        strongest, value = self.ranked[0]
        ups = sum(1 for _, v in self.ranked if v > 0)
        self.narrate(f"Each slope becomes a bar: {ups} of them {'pushes' if ups == 1 else 'push'} {target} up, "
                     f"{len(self.ranked) - ups} {'pulls' if len(self.ranked) - ups == 1 else 'pull'} it down. "
                     f"The longest is {self.pretty(strongest)}, {signed(value)} per standard deviation.", 8)
        self.play(LaggedStart(*(GrowFromEdge(row[1], LEFT if v >= 0 else RIGHT)
                                for row, (_, v) in zip(chart.rows, self.ranked)), lag_ratio=0.25), run_time=2.5)
        self.play(FadeIn(chart.values), run_time=1)

        # --- beat 5: the slopes, stacked, are one vector: the gradient ------------------------------------
        self.narrate(f"Stacked together, the {len(self.features)} slopes are one vector: the gradient of {target}. "
                     "It says which inputs to change, and which way.", 7)
        self.play(FadeIn(vec[0]), FadeIn(vec[1]), FadeIn(vec[3]), run_time=1.2)
        self.play(*(TransformFromCopy(v, c) for v, c in zip(chart.values, vec.column)), run_time=2)

        # --- beat 6: how far to trust it --------------------------------------------------------------
        share = fmt(100 * self.r_squared, 1)
        faint = self.r_squared < 0.3
        self.narrate(f"But be honest: this straight-line model explains only {share} percent of the variance. "
                     "The gradient points, but faintly." if faint else
                     f"The straight-line model explains {share} percent of the variance: a compass worth following.", 7)
        self.play(FadeIn(caveat, shift=0.1 * UP), run_time=1.2)

        # --- beat 7: the summary -----------------------------------------------------------------------
        first = self.pretty(self.ranked[0][0])
        self.narrate(f"In short: the gradient of {target} is its list of slopes, one per input. The biggest lever "
                     f"is {first}; a {'faint' if faint else 'clear'} signal, so {'test before you trust it' if faint else 'use it'}.", 7)
        self.play(Indicate(chart.rows[0][1], color=self.sign_colour(self.ranked[0][1]), scale_factor=1.05), run_time=1.5)
        self.hold_summary()

    def _caveat(self, target: str) -> VGroup:
        """R² and what it means, in the warning colour when the fit is faint."""
        look = self.look
        faint = self.r_squared < 0.3
        colour = look.warning if faint else look.foreground
        words = (f"the linear model explains {'only ' if faint else ''}{fmt(100 * self.r_squared, 1)} % "
                 f"of the variance in {target}" + (": a faint compass" if faint else ""))
        lines = textwrap.wrap(words, 56)  # short lines, each its own Text (Pango wraps long ones unevenly)
        text = VGroup(*(self.label(line, size="small", color=colour) for line in lines)).arrange(DOWN, buff=0.08,
                                                                                                   aligned_edge=LEFT)
        caveat = VGroup(self.math(rf"R^2 = {self.r_squared:.3f}", color=colour), text).arrange(RIGHT, buff=0.4)
        left, right, _, _ = safe_box()
        if caveat.width > right - left:
            caveat.scale_to_fit_width(right - left)
        return caveat


def _tex_name(text: str) -> str:
    """Plain words for \\mathrm{…}: spaces kept, LaTeX's special characters removed."""
    for ch in "\\{}$&#^_%~":
        text = text.replace(ch, "")
    return text.replace(" ", r"\ ")
