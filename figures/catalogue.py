"""The ordered registry of gradviz figures with their alt texts; only render.py and the tests read it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["FigureEntry", "FIGURES"]


@dataclass(frozen=True)
class FigureEntry:
    """One figure: its CLI name, its ``make_…`` function, description, alt text and column width."""

    name: str  # snake_case CLI name, e.g. "contour_gradient"
    module: str  # importable module, e.g. "figures.contour_gradient"
    function: str  # the make_… function in that module, returning a Figure
    description: str  # one line, shown by `gradviz list`
    alt_text: str  # one sentence describing the picture for readers who cannot see it
    width: Literal["single", "double"] = "single"


def _entry(name: str, description: str, alt_text: str, width: Literal["single", "double"] = "single") -> FigureEntry:
    """Each figure lives in figures/<name>.py as make_<name>()."""
    return FigureEntry(name, f"figures.{name}", f"make_{name}", description, alt_text, width)


FIGURES: tuple[FigureEntry, ...] = (
    _entry("contour_gradient", "Contour map of the Colonel's loss with uphill gradient arrows and the minimum.",
           "Elliptical contours of the loss over personnel and supplies, with arrows pointing away from the "
           "minimum at (50, 30) in every direction."),
    _entry("loss_surface", "The Colonel's loss as a 3-D bowl with its minimum.",
           "A smooth bowl-shaped surface over personnel and supplies whose lowest point, at (50, 30), is marked "
           "with a star."),
    _entry("contour_and_surface", "Contour map with gradient arrows beside the 3-D surface.",
           "Left, contours of the Colonel's loss with arrows pointing uphill away from the minimum; right, the "
           "same loss drawn as a 3-D bowl.", "double"),
    _entry("descent_paths", "Gradient descent from the lesson's four starts over the contours.",
           "Four paths start at the corners of the map and walk straight toward the minimum at (50, 30), "
           "ending close to it after 30 steps at rate 0.05."),
    _entry("gradient_magnitude", "Gradient magnitude as a heat map, with a slice through the minimum.",
           "A heat map that is dark at the minimum and brightens toward the edges, and beside it a V-shaped "
           "slice of the gradient's length that touches zero at personnel 50.", "double"),
    _entry("nonconvex_1d", "The non-convex loss sin x + 0.1x² − 2: four starts and the valleys they reach.",
           "A wavy curve with two valleys; starts at −5, −2 and 0 roll into the deeper valley near −1.31 and "
           "the start at 3 into the shallower one near 3.84.", "double"),
    _entry("heat_map_navigation", "Ascent on two heat sources: basins of the two peaks, and the lesson's rate 0.5.",
           "Left, the map split into the two peaks' basins with five ascent paths each climbing its basin's "
           "peak; right, the same starts at rate 0.5 zigzag and fly off the map.", "double"),
    _entry("directional_profile", "The directional derivative at the CEO's (2, 3) over all headings, polar and Cartesian.",
           "A polar plot and a cosine curve showing the rate of climb by heading: 6.32 along the gradient "
           "[6, 2], zero at right angles to it, −6.32 opposite.", "double"),
    _entry("hessian_classification", "Minimum, maximum and saddle with their Hessian eigenvalues.",
           "Three contour maps: a round bowl with eigenvalues 2 and 2, a hill with −4 and −2, and a saddle "
           "with −2 and 2.", "double"),
    _entry("learning_rates", "Three learning rates on one long bowl: paths and loss curves.",
           "On elongated contours a timid rate creeps, a good rate reaches the minimum, and a too-large rate "
           "zigzags ever wider; their losses fall slowly, fall fast, and grow.", "double"),
    _entry("optimizer_comparison", "GD, momentum, Nesterov and Adam on Rosenbrock's valley.",
           "Four paths from (−1.2, 1) through a curved valley to (1, 1) and their distance to the minimum per "
           "step: momentum, Nesterov and Adam arrive within about 2,000 steps, plain descent does not.", "double"),
    _entry("constrained_optima", "Profit along the marketing budget and the portfolio's Sharpe ratio, optima marked.",
           "Left, profit over the Google share of a $50k budget peaking at 27.6k; right, the Sharpe ratio "
           "over the share of stock A peaking at 31 percent.", "double"),
    _entry("stratagem_scatter", "The stratagem data: four inputs against progress, by outcome.",
           "Four scatter plots of progress against personnel, supply cost, risk and confidence, with successes "
           "mostly above zero and disasters below, and weak correlations around 0.1.", "double"),
    _entry("stratagem_gradient", "Standardised regression coefficients read as the gradient of progress.",
           "Horizontal bars: supply cost and personnel push progress up most, confidence and risk a little, "
           "step size slightly down; the fit explains only 2.4 percent of the variance."),
)
