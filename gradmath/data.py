"""The Colonel's stratagem data and the lesson's "gradient from data": standardised regression slopes."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["FEATURES", "OUTCOMES", "StratagemData", "load_stratagem", "DataGradient", "stratagem_gradient"]

DATA_FILE = Path(__file__).with_name("data") / "stratagem_details.csv"
FEATURES: tuple[str, ...] = ("personnel_committed", "supply_cost", "risk_level", "colonel_confidence", "step_size")
OUTCOMES: tuple[str, ...] = ("success", "partial", "failure", "disaster")


@dataclass(frozen=True)
class StratagemData:
    """The inputs (162, 5) in ``FEATURES`` order, the target ``progress_delta`` and each outcome."""

    features: tuple[str, ...]
    inputs: np.ndarray  # (m, 5)
    progress_delta: np.ndarray  # (m,)
    outcome: np.ndarray  # (m,) of str, one of OUTCOMES

    def column(self, name: str) -> np.ndarray:
        """One input column by name."""
        if name not in self.features:
            raise ValueError(f"column must be one of {', '.join(self.features)}; got {name!r}")
        return self.inputs[:, self.features.index(name)]


@lru_cache(maxsize=4)
def load_stratagem(path: str | Path = DATA_FILE) -> StratagemData:
    """Read the stratagem CSV (bundled with gradmath; see data/SOURCE.md) with the csv module."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        raise ValueError(f"{path}: no rows")
    missing = [c for c in (*FEATURES, "progress_delta", "outcome_category") if c not in rows[0]]
    if missing:
        raise ValueError(f"{path}: missing columns {', '.join(missing)}")
    inputs = np.array([[float(r[c]) for c in FEATURES] for r in rows])
    inputs.setflags(write=False)
    target = np.array([float(r["progress_delta"]) for r in rows])
    target.setflags(write=False)
    outcome = np.array([r["outcome_category"] for r in rows])
    outcome.setflags(write=False)
    return StratagemData(features=FEATURES, inputs=inputs, progress_delta=target, outcome=outcome)


@dataclass(frozen=True)
class DataGradient:
    """A linear model on standardised inputs: its slopes are the gradient of progress."""

    features: tuple[str, ...]
    coefficients: np.ndarray  # (5,) change in progress per standard deviation of each input
    intercept: float
    r_squared: float
    correlations: np.ndarray  # (5,) Pearson correlation of each input with progress

    def ranked(self) -> list[tuple[str, float]]:
        """Features with their coefficients, strongest effect first."""
        order = np.argsort(-np.abs(self.coefficients), kind="stable")
        return [(self.features[i], float(self.coefficients[i])) for i in order]


def stratagem_gradient(data: StratagemData | None = None) -> DataGradient:
    """Least squares on z-scored inputs (population std, as scikit-learn's StandardScaler)."""
    d = data if data is not None else load_stratagem()
    X, y = d.inputs, d.progress_delta
    z = (X - X.mean(axis=0)) / X.std(axis=0)
    design = np.column_stack([np.ones(len(y)), z])
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ beta
    r2 = 1.0 - residual @ residual / np.sum((y - y.mean()) ** 2)
    corr = np.array([np.corrcoef(X[:, j], y)[0, 1] for j in range(X.shape[1])])
    return DataGradient(features=d.features, coefficients=beta[1:], intercept=float(beta[0]), r_squared=float(r2), correlations=corr)
