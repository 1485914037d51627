"""The directional derivative ∇f·û at one point over every heading, polar and Cartesian."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from gradmath import DirectionalProfile, directional_profile
from lessons import default_params
from lessons.figure_templates import DirectionalProfileParams
from theme import LIGHT, Theme
from theme import format_number as num

from .contour_gradient import _symbol
from .alt_text import at, sentence, title_of
from .labels import callout
from .style import legend_below, new_figure, panel_grid, styled

__all__ = ["profile", "make_directional_profile", "alt_text_directional_profile"]


def profile(params: DirectionalProfileParams) -> DirectionalProfile:
    """The compass at the entry's point: ∇f·û for 721 headings."""
    return directional_profile(params.landscape, params.point, samples=721)


def make_directional_profile(params: DirectionalProfileParams | None = None, *, theme: Theme = LIGHT,
                             grayscale: bool = False, width: float | None = None) -> Figure:
    """Largest along ∇f (equal to |∇f|), zero perpendicular to it, most negative opposite."""
    p = params or default_params("directional_profile")
    ls = p.landscape
    f = _symbol(ls)
    prof = profile(p)
    deg = np.degrees(prof.angles)
    peak, rate = prof.steepest_angle, prof.steepest_rate
    where = f"({num(p.point[0])}, {num(p.point[1])})"
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.38, width=width, panels=2)
        rows, cols = panel_grid(width, 2)
        polar = fig.add_subplot(rows, cols, 1, projection="polar")
        flat = fig.add_subplot(rows, cols, 2)
        up = np.clip(prof.derivatives, 0, None)
        down = np.clip(-prof.derivatives, 0, None)
        polar.plot(prof.angles, up, color=look.colour("ascent"), label=f"climbing (∇{f}·û > 0)")
        polar.plot(prof.angles, down, color=look.colour("descent"), linestyle="dashed", label=f"descending (|∇{f}·û|)")
        polar.annotate("", xy=(peak, rate), xytext=(0, 0),
                       arrowprops={"arrowstyle": "-|>", "color": look.colour("gradient"), "lw": 1.4})
        polar.set_title(f"|∇{f}·û| by heading; arrow: ∇{f} = [{num(prof.gradient[0])}, {num(prof.gradient[1])}]")
        polar.tick_params(labelsize=look.theme.small_size_pt - 1)
        polar.set_rlabel_position((np.degrees(peak) + 90) % 360)  # radial labels across ∇f, never under its arrow
        legend_below(fig, polar)

        flat.plot(deg, prof.derivatives, color=look.colour("gradient"))
        flat.axhline(0, color=look.theme.muted, linewidth=0.6)
        marks = [(peak, rate, f"along ∇{f}: {num(rate)} = |∇{f}|", "optimum"),
                 ((peak + np.pi) % (2 * np.pi), -rate, f"opposite: {num(-rate)}", "descent")]
        level = [(float(np.degrees(a)), 0.0) for a in prof.level_angles]
        flat.set_xlim(0, 360)
        flat.set_xticks(range(0, 361, 90))
        flat.set_ylim(-rate * 1.6 - 1e-12, rate * 1.6 + 1e-12)
        for angle, value, _, meaning in marks:
            flat.plot(np.degrees(angle), value, "o", color=look.colour(meaning), markersize=5)
        for xy in level:
            flat.plot(*xy, "o", color=look.theme.muted, markersize=5)
        for angle, value, text, meaning in marks:
            callout(flat, (np.degrees(angle), value), text, color=look.colour(meaning), fontsize=look.theme.small_size_pt,
                    leader=look.theme.muted)
        for xy in level:
            callout(flat, xy, "perpendicular: 0", color=look.theme.muted, fontsize=look.theme.small_size_pt,
                    leader=look.theme.muted)
        _radial_ticks(polar, rate)
        flat.set_xlabel(f"heading θ of û (degrees from the {ls.variables[0]} axis)")
        flat.set_ylabel(rf"$\nabla {f} \cdot \hat u$")
        flat.set_title(f"Directional derivative at {where}")
    return fig


def _radial_ticks(polar: Any, rate: float) -> None:
    """Three or fewer round radii, none near the centre where the curves and the arrow meet."""
    ticks = [t for t in MaxNLocator(nbins=3, steps=[1, 2, 2.5, 5, 10]).tick_values(0, rate)
             if 0.3 * rate <= t <= 1.05 * rate]
    polar.set_rticks(ticks)
    polar.set_rlim(0, 1.1 * rate)
    polar.yaxis.set_major_formatter(lambda v, _: num(v))


def alt_text_directional_profile(params: DirectionalProfileParams) -> str:
    """The figure's alt text: the steepest rate and its heading, the opposite and the level headings."""
    prof = profile(params)
    f = params.landscape.function_symbol
    rate = prof.steepest_rate
    level = " and ".join(f"{num(np.degrees(a), 3)}°" for a in prof.level_angles)
    return sentence(f"∇{f}·û at {at(params.point)} on {title_of(params.landscape)} for every heading û: largest, "
                    f"{num(rate)} = |∇{f}|, along ∇{f} = [{num(prof.gradient[0])}, {num(prof.gradient[1])}] at "
                    f"{num(np.degrees(prof.steepest_angle), 3)}°, {num(-rate)} opposite"
                    + (f", 0 at {level}" if level else ""))
