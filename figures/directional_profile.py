"""The directional derivative ∇P·û at the CEO's (2, 3) over every heading, polar and Cartesian."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gradmath import CEO_PROFIT, DirectionalProfile, directional_profile
from theme import LIGHT, Theme

from .style import new_figure, styled

__all__ = ["ceo_profile", "make_directional_profile"]


def ceo_profile() -> DirectionalProfile:
    """The compass at the CEO's current position, price 2 and ad spend 3 (∇P = [6, 2])."""
    return directional_profile(CEO_PROFIT, CEO_PROFIT.notable["start"], samples=721)


def make_directional_profile(*, theme: Theme = LIGHT, grayscale: bool = False) -> Figure:
    """Largest along ∇P (equal to |∇P|), zero perpendicular to it, most negative opposite."""
    prof = ceo_profile()
    deg = np.degrees(prof.angles)
    peak, rate = prof.steepest_angle, prof.steepest_rate
    with styled(theme, grayscale) as look:
        fig = new_figure("double", aspect=0.38)
        polar = fig.add_subplot(1, 2, 1, projection="polar")
        flat = fig.add_subplot(1, 2, 2)
        up = np.clip(prof.derivatives, 0, None)
        down = np.clip(-prof.derivatives, 0, None)
        polar.plot(prof.angles, up, color=look.colour("ascent"), label="climbing (∇P·û > 0)")
        polar.plot(prof.angles, down, color=look.colour("descent"), linestyle="dashed", label="descending (|∇P·û|)")
        polar.annotate("", xy=(peak, rate), xytext=(0, 0),
                       arrowprops={"arrowstyle": "-|>", "color": look.colour("gradient"), "lw": 1.4})
        polar.set_title(f"|∇P·û| by heading; arrow: ∇P = [{prof.gradient[0]:g}, {prof.gradient[1]:g}]")
        polar.tick_params(labelsize=look.theme.small_size_pt - 1)
        polar.legend(loc="lower center", bbox_to_anchor=(0.5, -0.45), ncols=1)

        flat.plot(deg, prof.derivatives, color=look.colour("gradient"))
        flat.axhline(0, color=look.theme.muted, linewidth=0.6)
        marks = [(peak, rate, f"along ∇P: {rate:.2f} = |∇P|", "optimum"),
                 ((peak + np.pi) % (2 * np.pi), -rate, f"opposite: −{rate:.2f}", "descent")]
        marks += [(a, 0.0, "perpendicular: 0", "muted") for a in prof.level_angles]
        for angle, value, text, meaning in marks:
            colour = look.theme.muted if meaning == "muted" else look.colour(meaning)
            flat.plot(np.degrees(angle), value, "o", color=colour, markersize=5)
            flat.annotate(text, (np.degrees(angle), value), xytext=(0, 7 if value >= 0 else -12), textcoords="offset points",
                          ha="center", fontsize=look.theme.small_size_pt, color=colour)
        flat.set_xlim(0, 360)
        flat.set_xticks(range(0, 361, 90))
        flat.set_ylim(-rate * 1.3, rate * 1.3)
        flat.set_xlabel("heading θ of û (degrees from the price axis)")
        flat.set_ylabel(r"$\nabla P \cdot \hat u$")
        flat.set_title("Directional derivative at (2, 3)")
    return fig
