"""GradientFromData: the Colonel's levers — the stratagem data's standardised coefficients grow into ∇ progress."""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # the plain `manim` command loads us by path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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
    LaggedStart,
    Line,
    Rectangle,
    TransformFromCopy,
    VGroup,
    VMobject,
    Write,
)

from gradmath import DataGradient, StratagemData, load_stratagem, stratagem_gradient
from scenes.common import GradvizScene, edge_frame

__all__ = ["GradientFromData"]


def _bracket(height: float, *, side: int, color: object, stroke_width: float) -> VMobject:
    """A square bracket of ``height``; ``side`` −1 opens to the right ([), +1 to the left (])."""
    w = 0.15
    corners = [[-side * w, height / 2, 0], [0, height / 2, 0], [0, -height / 2, 0], [-side * w, -height / 2, 0]]
    return VMobject(stroke_color=color, stroke_width=stroke_width).set_points_as_corners(np.array(corners))


def _signed(value: float) -> str:
    """+0.00294 / −0.000581: three significant figures, an explicit sign."""
    return f"{value:+.3g}".replace("-", "−")


class GradientFromData(GradvizScene):
    """The lesson's linear model on z-scored inputs: its five slopes are the gradient of progress."""

    scatter_feature: str = "personnel_committed"
    bar_length: float = 2.6  # screen length of the largest |coefficient|

    def setup(self) -> None:
        super().setup()
        self.data: StratagemData = load_stratagem()
        self.gradient: DataGradient = stratagem_gradient(self.data)
        self.features: tuple[str, ...] = self.gradient.features
        self.coefficients: np.ndarray = self.gradient.coefficients
        self.r_squared: float = self.gradient.r_squared
        self.scatter_x: np.ndarray = self.data.column(self.scatter_feature)
        self.scatter_y: np.ndarray = self.data.progress_delta
        self.scatter_r: float = float(self.gradient.correlations[self.features.index(self.scatter_feature)])

    @staticmethod
    def pretty(feature: str) -> str:
        return feature.replace("_", " ")

    def scatter(self) -> VGroup:
        """progress_delta against one lever, one dot per stratagem."""
        look = self.look
        x, y = self.scatter_x, self.scatter_y
        x_step = 20.0 if x.max() > 40 else 5.0
        x_hi = x_step * np.ceil(x.max() / x_step)
        y_lo, y_hi = np.floor(y.min() * 20) / 20, np.ceil(y.max() * 20) / 20
        axes = Axes(x_range=[0.0, x_hi, x_step], y_range=[y_lo, y_hi, 0.05], x_length=6.5, y_length=4.0, tips=False)
        frame = edge_frame(axes, look=look)
        dots = VGroup(*(Dot(axes.c2p(a, b), radius=0.045, color=look.descent, fill_opacity=0.75) for a, b in zip(x, y)))
        x_label = self.label(self.pretty(self.scatter_feature), size="small", color=look.muted)
        x_label.next_to(frame, DOWN, buff=0.15).align_to(frame, RIGHT)
        y_label = self.label("progress", size="small", color=look.muted).next_to(frame, UP, buff=0.15).align_to(frame, LEFT)
        group = VGroup(VGroup(axes, frame), dots, x_label, y_label)
        group.axes, group.dots = group[0], dots
        return group

    def bars(self) -> VGroup:
        """One horizontal bar per feature, growing from a shared zero line, with names and values."""
        look = self.look
        unit = self.bar_length / float(np.max(np.abs(self.coefficients)))
        rows = VGroup()
        for feature, value in zip(self.features, self.coefficients):
            name = self.label(self.pretty(feature), size="small")
            bar = Rectangle(width=max(abs(value) * unit, 1e-3), height=0.42, fill_color=look.gradient, fill_opacity=0.9,
                            stroke_width=0)
            rows.add(VGroup(name, bar))
        rows.arrange(DOWN, buff=0.32)
        names = VGroup(*(row[0] for row in rows))
        zero_x = names.get_right()[0] + 0.55 + float(max(0.0, -np.min(self.coefficients))) * unit
        values = VGroup()
        for row, value in zip(rows, self.coefficients):
            name, bar = row
            name.align_to(names, RIGHT)
            edge = LEFT if value >= 0 else RIGHT
            bar.move_to([zero_x, name.get_center()[1], 0], aligned_edge=edge)
            text = self.label(_signed(value), size="small", mono=True, color=look.foreground)
            # values right of the bar's end, or right of the zero line when the bar points left
            values.add(text.next_to(bar, RIGHT, buff=0.15) if value >= 0 else
                       text.next_to([zero_x, bar.get_center()[1], 0], RIGHT, buff=0.15))
        top, bottom = rows.get_top()[1] + 0.15, rows.get_bottom()[1] - 0.15
        zero = Line([zero_x, top, 0], [zero_x, bottom, 0], stroke_color=look.muted, stroke_width=2)
        caption = self.label("change in progress per standard deviation of each lever", size=look.small_size * 0.8,
                             color=look.muted).next_to(rows, DOWN, buff=0.35)
        group = VGroup(rows, zero, values, caption)
        group.rows, group.values, group.zero, group.caption = rows, values, zero, caption
        return group

    def vector(self, entries: VGroup) -> VGroup:
        """∇ progress = [entries] as a column: Pango entries, drawn brackets (LaTeX or not)."""
        look = self.look
        column = VGroup(*(e.copy() for e in entries)).arrange(DOWN, buff=0.3, aligned_edge=RIGHT)
        left = _bracket(column.height + 0.3, side=-1, color=look.foreground, stroke_width=3).next_to(column, LEFT, 0.12)
        right = _bracket(column.height + 0.3, side=1, color=look.foreground, stroke_width=3).next_to(column, RIGHT, 0.12)
        lhs = self.math(r"\nabla\ \mathrm{progress} =", size="label", color=look.gradient).next_to(left, LEFT, buff=0.2)
        group = VGroup(lhs, left, column, right)
        group.column = column
        return group

    def construct(self) -> None:
        look = self.look
        # --- beat 1: the data, one lever at a time -------------------------------------------------
        title = self.title_card("The Colonel's levers", f"{len(self.scatter_y)} stratagems: which lever moves progress?")
        plot = self.scatter().next_to(title, DOWN, buff=0.45).to_edge(LEFT, buff=1.3)
        r_text = self.label(f"correlation r = {self.scatter_r:.2f}", size="small", color=look.foreground)
        r_text.next_to(plot.axes, RIGHT, buff=0.4).align_to(plot.axes, UP)
        self.narrate("Each dot is one of the Colonel's stratagems: how many men he committed, and how much "
                     "progress it made. One lever alone tells little.", 6)
        self.play(FadeIn(title), FadeIn(plot.axes), FadeIn(plot[2:]), run_time=1.5)
        self.play(LaggedStart(*(FadeIn(d) for d in plot.dots), lag_ratio=0.01, run_time=2.5), FadeIn(r_text))
        self.wait(2)

        # --- beat 2: all five levers at once, standardised: the coefficients grow as bars ---------------
        chart = self.bars().next_to(title, DOWN, buff=0.5).to_edge(LEFT, buff=0.7)
        self.narrate("Fit progress on all five levers at once, each measured in standard deviations. "
                     "The slopes say how much each lever moves progress, and in which direction.", 6.9)
        self.play(FadeOut(plot), FadeOut(r_text), run_time=1)
        self.play(FadeIn(VGroup(*(row[0] for row in chart.rows))), FadeIn(chart.zero), FadeIn(chart.caption), run_time=1)
        self.play(LaggedStart(*(GrowFromEdge(row[1], LEFT if v >= 0 else RIGHT)
                                for row, v in zip(chart.rows, self.coefficients)), lag_ratio=0.25), run_time=2.5)
        self.play(FadeIn(chart.values), run_time=1)
        self.wait(1.5)

        # --- beat 3: the bars are the components of one vector --------------------------------------
        vec = self.vector(chart.values).to_edge(RIGHT, buff=0.6).match_y(chart.rows)
        self.narrate("Stacked together, the five slopes are one vector: the gradient of progress. "
                     "It tells the Colonel which levers to pull, and which way.", 5.6)
        self.play(Write(vec[0]), FadeIn(vec[1]), FadeIn(vec[3]), run_time=1.2)
        self.play(*(TransformFromCopy(v, c) for v, c in zip(chart.values, vec.column)), run_time=2)
        self.wait(2.5)

        # --- beat 4: an honest caveat --------------------------------------------------------------
        share = 100 * self.r_squared
        caveat = VGroup(
            self.math(rf"R^2 = {self.r_squared:.3f}", size="title", color=look.warning),
            self.label(f"the linear model explains only {share:.1f} % of the variance in progress:\n"
                       "a faint compass, not a strong one", size="small", color=look.warning),
        ).arrange(RIGHT, buff=0.4).to_edge(DOWN, buff=0.35)
        self.narrate(f"But be honest: this straight-line model explains only {share:.1f} percent of the "
                     "variance. The gradient points, but faintly.", 4.6)
        self.play(FadeIn(caveat, shift=0.1 * UP), run_time=1.2)
        self.wait(3.5)
