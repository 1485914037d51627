"""GradientFromData: a data set's standardised regression coefficients grow into the gradient of its target."""

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
    config,
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

from gradmath import DataGradient, Dataset, data_gradient, load_dataset
from scenes.common import GradvizScene, edge_frame, nice_step

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
    """A linear model on z-scored inputs: its slopes are the gradient of the target."""

    template = "gradient_from_data"
    target: str
    features: tuple[str, ...]
    scatter_feature: str | None  # None: the strongest input
    bar_length: float = 2.6  # screen length of the largest |coefficient|

    def setup(self) -> None:
        super().setup()
        self.data: Dataset = load_dataset(self.params.data, target=self.target, features=self.features)
        self.gradient: DataGradient = data_gradient(self.data)
        if self.scatter_feature is None:  # the strongest lever first
            self.scatter_feature = self.gradient.ranked()[0][0]
        self.features: tuple[str, ...] = self.gradient.features
        self.coefficients: np.ndarray = self.gradient.coefficients
        self.r_squared: float = self.gradient.r_squared
        self.scatter_x: np.ndarray = self.data.column(self.scatter_feature)
        self.scatter_y: np.ndarray = self.data.target
        self.scatter_r: float = float(self.gradient.correlations[self.features.index(self.scatter_feature)])

    @staticmethod
    def pretty(feature: str) -> str:
        return feature.replace("_", " ")

    def scatter(self) -> VGroup:
        """progress_delta against one lever, one dot per stratagem."""
        look = self.look
        x, y = self.scatter_x, self.scatter_y
        x_step, y_step = nice_step(float(np.ptp(x)) or 1.0), nice_step(float(np.ptp(y)) or 1.0)
        x_lo, x_hi = x_step * np.floor(x.min() / x_step), x_step * np.ceil(x.max() / x_step)
        y_lo, y_hi = y_step * np.floor(y.min() / y_step), y_step * np.ceil(y.max() / y_step)
        axes = Axes(x_range=[x_lo, x_hi, x_step], y_range=[y_lo, y_hi, y_step], x_length=6.5, y_length=4.0, tips=False)
        frame = edge_frame(axes, look=look)
        dots = VGroup(*(Dot(axes.c2p(a, b), radius=0.045, color=look.descent, fill_opacity=0.75) for a, b in zip(x, y)))
        x_label = self.label(self.pretty(self.scatter_feature), size="small", color=look.muted)
        x_label.next_to(frame, DOWN, buff=0.15).align_to(frame, RIGHT)
        y_label = self.label(self.pretty(self.target), size="small", color=look.muted).next_to(frame, UP, buff=0.15).align_to(frame, LEFT)
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
        caption = self.label(f"change in {self.pretty(self.target)} per standard deviation of each input", size=look.small_size * 0.8,
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
        lhs = self.math(rf"\nabla\ \mathrm{{{_tex_name(self.pretty(self.target))}}} =", size="label", color=look.gradient).next_to(left, LEFT, buff=0.2)
        group = VGroup(lhs, left, column, right)
        group.column = column
        return group

    def construct(self) -> None:
        look = self.look
        # --- beat 1: the data, one lever at a time -------------------------------------------------
        target = self.pretty(self.target)
        title = self.title_card(f"What moves {target}?", f"{len(self.scatter_y)} rows of {self.params.data.name}: "
                                                           f"{len(self.features)} inputs")
        plot = self.scatter().next_to(title, DOWN, buff=0.45).to_edge(LEFT, buff=1.3)
        r_text = self.label(f"correlation r = {self.scatter_r:.2f}", size="small", color=look.foreground)
        r_text.next_to(plot.axes, RIGHT, buff=0.4).align_to(plot.axes, UP)
        self.narrate(f"Each dot is one row of the data: its {self.pretty(self.scatter_feature)} and its {target}. "
                     f"The correlation is {self.scatter_r:.2f}.", 6)
        self.play(FadeIn(title), FadeIn(plot.axes), FadeIn(plot[2:]), run_time=1.5)
        self.play(LaggedStart(*(FadeIn(d) for d in plot.dots), lag_ratio=0.01, run_time=2.5), FadeIn(r_text))
        self.wait(2)

        # --- beat 2: all five levers at once, standardised: the coefficients grow as bars ---------------
        chart = self.bars().next_to(title, DOWN, buff=0.5).to_edge(LEFT, buff=0.7)
        self.narrate(f"Fit {target} on all {len(self.features)} inputs at once, each measured in standard deviations. "
                     f"The slopes say how much each input moves {target}, and in which direction.", 6.9)
        self.play(FadeOut(plot), FadeOut(r_text), run_time=1)
        self.play(FadeIn(VGroup(*(row[0] for row in chart.rows))), FadeIn(chart.zero), FadeIn(chart.caption), run_time=1)
        self.play(LaggedStart(*(GrowFromEdge(row[1], LEFT if v >= 0 else RIGHT)
                                for row, v in zip(chart.rows, self.coefficients)), lag_ratio=0.25), run_time=2.5)
        self.play(FadeIn(chart.values), run_time=1)
        self.wait(1.5)

        # --- beat 3: the bars are the components of one vector --------------------------------------
        vec = self.vector(chart.values).next_to(chart.values, RIGHT, buff=0.6).match_y(chart.rows)
        room = config.frame_width / 2 - 0.6 - vec.get_right()[0]
        if room < 0:  # long names or a long target: shift left, then shrink the chart and vector to fit
            both = VGroup(chart, vec)
            both.shift(min(-room, max(0.0, both.get_left()[0] + config.frame_width / 2 - 0.6)) * LEFT)
            if both.get_right()[0] > config.frame_width / 2 - 0.6:
                both.scale_to_fit_width(config.frame_width - 1.2).move_to(both.get_center()[1] * UP)
        self.narrate(f"Stacked together, the {len(self.features)} slopes are one vector: the gradient of {target}. "
                     "It says which inputs to change, and which way.", 5.6)
        self.play(Write(vec[0]), FadeIn(vec[1]), FadeIn(vec[3]), run_time=1.2)
        self.play(*(TransformFromCopy(v, c) for v, c in zip(chart.values, vec.column)), run_time=2)
        self.wait(2.5)

        # --- beat 4: an honest caveat --------------------------------------------------------------
        share = 100 * self.r_squared
        faint = self.r_squared < 0.3
        caveat = VGroup(
            self.math(rf"R^2 = {self.r_squared:.3f}", size="title", color=look.warning if faint else look.foreground),
            self.label(f"the linear model explains {'only ' if faint else ''}{share:.1f} % of the variance in {target}"
                       + (":\na faint compass, not a strong one" if faint else ""), size="small",
                       color=look.warning if faint else look.foreground),
        ).arrange(RIGHT, buff=0.4)
        if caveat.width > config.frame_width - 1.2:
            caveat.scale_to_fit_width(config.frame_width - 1.2)
        caveat.to_edge(DOWN, buff=0.35)
        self.narrate(f"But be honest: this straight-line model explains only {share:.1f} percent of the "
                     "variance. The gradient points, but faintly." if faint else
                     f"The straight-line model explains {share:.1f} percent of the variance.", 4.6)
        self.play(FadeIn(caveat, shift=0.1 * UP), run_time=1.2)
        self.wait(3.5)


def _tex_name(text: str) -> str:
    """Plain words for \\mathrm{…}: spaces kept, LaTeX's special characters removed."""
    for ch in "\\{}$&#^_%~":
        text = text.replace(ch, "")
    return text.replace(" ", r"\ ")
