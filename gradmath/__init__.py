"""gradmath: the tested numpy core of gradviz — landscapes, gradients, descent, critical points.

Points are components-first float64 arrays: ``(n,)`` for one point, ``(n, ...)`` for a grid, so
one function evaluates both. Results are small frozen dataclasses. This package imports numpy only.

>>> from gradmath import LANDSCAPES, descend
>>> ceo = LANDSCAPES["ceo_profit"]
>>> ceo.gradient([2, 3]).tolist()
[6.0, 2.0]
>>> path = descend(ceo, [2, 3], learning_rate=0.1, steps=200)
>>> path.converged, path.final.round(6).tolist()
(True, [5.0, 4.0])
>>> paths = descend(ceo, [[2, 3], [9, 1]], learning_rate=0.1, steps=200)  # many starts: one Trajectories
>>> paths.points.shape, paths.converged.tolist(), paths[1].final.round(6).tolist()
((2, 201, 2), [True, True], [5.0, 4.0])

Bad arguments raise a one-line TypeError (the wrong kind of thing) or ValueError (a wrong value)
that names the argument, what it may be and what was given.
"""

from __future__ import annotations

from . import _checks
from .calculus import DirectionalProfile, directional_derivative, directional_profile, numerical_gradient
from .constraints import Box, Budget, Constraint
from .critical import ATTRACTOR_RADIUS, Basins, CriticalPoint, attractor_of, basins, classify, critical_points, optima
from .curved import (
    GPA,
    HEAT_MAP,
    MARKETING_BUDGET,
    MIXED_TERMS,
    MULTIMODAL,
    POLYNOMIAL_3X2,
    PORTFOLIO_SHARPE,
    PRACTICE_EXPONENTIAL,
    ROSENBROCK,
)
from .data import FEATURES, OUTCOMES, DataGradient, StratagemData, load_stratagem, stratagem_gradient
from .dataset import Dataset, data_gradient, load_dataset
from .descent import METHOD_NAMES, METHODS, BatchRun, Trajectories, Trajectory, descend, run_batch
from .fields import GradientField, Grid, gradient_field, grid
from .formula import FormulaError, ParsedFormula, parse_formula
from .geometry import box_smoothed, clip_at_exit, clip_to_box, farthest_inside, smooth_labels, whole_percents
from .landscape import Landscape
from .quadratics import (
    BOWL,
    CEO_PROFIT,
    COLONEL_LOSS,
    EXERCISE_QUADRATIC,
    MSE_LINE,
    MSE_PRACTICE,
    PRACTICE_HILL,
    PRACTICE_QUADRATIC,
    PROFIT_PRACTICE,
    RECOMMENDER,
    REVENUE,
    SADDLE,
    WEIGHT_UPDATE,
)

__all__ = [
    "Landscape",
    "LANDSCAPES",
    "FormulaError",
    "ParsedFormula",
    "parse_formula",
    "get_landscape",
    "numerical_gradient",
    "directional_derivative",
    "DirectionalProfile",
    "directional_profile",
    "Grid",
    "grid",
    "GradientField",
    "gradient_field",
    "Trajectory",
    "Trajectories",
    "descend",
    "BatchRun",
    "run_batch",
    "METHODS",
    "METHOD_NAMES",
    "Box",
    "Budget",
    "Constraint",
    "CriticalPoint",
    "classify",
    "critical_points",
    "Basins",
    "basins",
    "optima",
    "attractor_of",
    "ATTRACTOR_RADIUS",
    "clip_to_box",
    "farthest_inside",
    "whole_percents",
    "clip_at_exit",
    "box_smoothed",
    "smooth_labels",
    "FEATURES",
    "OUTCOMES",
    "StratagemData",
    "load_stratagem",
    "DataGradient",
    "stratagem_gradient",
    "Dataset",
    "load_dataset",
    "data_gradient",
]

# Every function the two lessons use, in the order the lessons meet them, then the extras for
# optimiser comparisons. An ordinary dict keeps insertion order.
LANDSCAPES: dict[str, Landscape] = {
    ls.name: ls
    for ls in (
        COLONEL_LOSS,
        CEO_PROFIT,
        POLYNOMIAL_3X2,
        MIXED_TERMS,
        MSE_LINE,
        REVENUE,
        GPA,
        RECOMMENDER,
        BOWL,
        PROFIT_PRACTICE,
        MARKETING_BUDGET,
        WEIGHT_UPDATE,
        HEAT_MAP,
        PORTFOLIO_SHARPE,
        PRACTICE_QUADRATIC,
        PRACTICE_EXPONENTIAL,
        PRACTICE_HILL,
        MSE_PRACTICE,
        EXERCISE_QUADRATIC,
        MULTIMODAL,
        SADDLE,
        ROSENBROCK,
    )
}


def get_landscape(name: str) -> Landscape:
    """Look a landscape up by name, with a one-line error naming the choices."""
    if not isinstance(name, str):
        raise TypeError(f"landscape must be one of {', '.join(LANDSCAPES)}; got {_checks.kind_of(name)}")
    try:
        return LANDSCAPES[name]
    except KeyError:
        raise ValueError(f"landscape must be one of {', '.join(LANDSCAPES)}; got {name!r}") from None
