"""The Colonel's stratagem data and the lesson's "gradient from data": standardised regression slopes."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import numpy as np

from . import _checks

__all__ = ["FEATURES", "OUTCOMES", "StratagemData", "load_stratagem", "DataGradient", "stratagem_gradient"]

DATA_FILE = Path(__file__).with_name("data") / "stratagem_details.csv"
FEATURES: tuple[str, ...] = ("personnel_committed", "supply_cost", "risk_level", "colonel_confidence", "step_size")
OUTCOMES: tuple[str, ...] = ("success", "partial", "failure", "disaster")
TARGET = "progress_delta"
OUTCOME = "outcome_category"


@dataclass(frozen=True)
class StratagemData:
    """The inputs (m, p), one column per name in ``features`` (the bundled file: 162 × 5 in
    ``FEATURES`` order), the target ``progress_delta`` (m,) and each outcome (m,), one of OUTCOMES."""

    features: tuple[str, ...]
    inputs: np.ndarray  # (m, p)
    progress_delta: np.ndarray  # (m,)
    outcome: np.ndarray  # (m,) of str, one of OUTCOMES

    def __post_init__(self) -> None:
        features = _checks.names(self.features, "StratagemData.features")
        if not features or len(set(features)) != len(features):
            raise ValueError(f"StratagemData.features must be distinct column names; got {_checks.shown(features)}")
        sizes = {"p": len(features)}
        inputs = _checks.shaped(self.inputs, "StratagemData.inputs", ("m", "p"), sizes)
        target = _checks.shaped(self.progress_delta, "StratagemData.progress_delta", ("m",), sizes)
        _checks.finite(inputs, "StratagemData.inputs")
        _checks.finite(target, "StratagemData.progress_delta")
        if sizes["m"] == 0:
            raise ValueError("StratagemData.inputs must hold at least one row; got 0")
        outcome = _checks.categories(self.outcome, "StratagemData.outcome", OUTCOMES)
        if outcome.shape != (sizes["m"],):
            raise ValueError(f"StratagemData.outcome must have shape (m,) with m = {sizes['m']}; got shape {outcome.shape}")
        for name, value in (("features", features), ("inputs", inputs), ("progress_delta", target), ("outcome", outcome)):
            object.__setattr__(self, name, value)

    def column(self, name: str) -> np.ndarray:
        """One input column by name."""
        if not isinstance(name, str) or name not in self.features:
            error = ValueError if isinstance(name, str) else TypeError
            raise error(f"column must be one of {', '.join(self.features)}; got {_checks.shown(name)}")
        return self.inputs[:, self.features.index(name)]


def load_stratagem(path: str | os.PathLike[str] | IO[str] | int = DATA_FILE) -> StratagemData:
    """Read the stratagem CSV (bundled with gradmath; see data/SOURCE.md) with the csv module.

    ``path`` is a path, an open text file (read from where it stands, and left open) or a file
    descriptor (left open). Files read by path are cached while they are unchanged on disk.
    """
    if isinstance(path, (str, os.PathLike)):
        try:
            stat = os.stat(path)
        except ValueError:  # an embedded NUL
            raise ValueError(f"path must be a valid file path; got {_checks.shown(path)}") from None
        return _load_file(os.fspath(path), stat.st_mtime_ns, stat.st_size)
    if isinstance(path, int) and not isinstance(path, bool):
        with open(path, newline="", encoding="utf-8", closefd=False) as handle:
            return _parse(handle, f"file descriptor {path}")
    read = getattr(path, "read", None)
    if callable(read) and callable(getattr(path, "__iter__", None)):
        if not isinstance(read(0), str):
            raise TypeError("path must be a file opened in text mode; got a binary file")
        return _parse(path, str(getattr(path, "name", "the file")))
    raise TypeError(f"path must be a file path, an open text file or a file descriptor; got {_checks.kind_of(path)}")


@lru_cache(maxsize=4)
def _load_file(path: str, mtime_ns: int, size: int) -> StratagemData:
    with open(path, newline="", encoding="utf-8") as handle:
        return _parse(handle, path)


def _parse(handle: Any, label: str) -> StratagemData:
    """The rows of an open CSV, each number checked: errors name the file, the line and the column."""
    try:
        reader = csv.DictReader(handle)
        rows = [(reader.line_num, row) for row in reader]
    except (csv.Error, UnicodeDecodeError) as exc:
        raise ValueError(f"{label}: not a readable CSV file ({' '.join(str(exc).split())})") from None
    if not rows:
        raise ValueError(f"{label}: no rows")
    missing = [c for c in (*FEATURES, TARGET, OUTCOME) if c not in rows[0][1]]
    if missing:
        raise ValueError(f"{label}: missing columns {', '.join(missing)}")

    def number(line: int, row: dict[str, Any], column: str) -> float:
        cell = row[column]
        try:
            x = float(cell)
        except (TypeError, ValueError):
            given = "no value" if cell is None else repr(cell)
            raise ValueError(f"{label}: line {line}, column {column}: {given} is not a number") from None
        if not np.isfinite(x):
            raise ValueError(f"{label}: line {line}, column {column}: {cell!r} is not a finite number")
        return x

    inputs = np.array([[number(line, r, c) for c in FEATURES] for line, r in rows]).reshape(len(rows), len(FEATURES))
    target = np.array([number(line, r, TARGET) for line, r in rows])
    for line, r in rows:
        if r[OUTCOME] not in OUTCOMES:
            raise ValueError(f"{label}: line {line}, column {OUTCOME}: must be one of {', '.join(OUTCOMES)}; "
                             f"got {r[OUTCOME]!r}")
    outcome = np.array([r[OUTCOME] for _, r in rows])
    for array in (inputs, target, outcome):
        array.setflags(write=False)
    return StratagemData(features=FEATURES, inputs=inputs, progress_delta=target, outcome=outcome)


@dataclass(frozen=True)
class DataGradient:
    """A linear model on standardised inputs: its slopes are the gradient of progress."""

    features: tuple[str, ...]
    coefficients: np.ndarray  # (p,) change in progress per standard deviation of each input
    intercept: float
    r_squared: float
    correlations: np.ndarray  # (p,) Pearson correlation of each input with progress

    def __post_init__(self) -> None:
        sizes = {"p": len(_checks.names(self.features, "DataGradient.features"))}
        _checks.shaped(self.coefficients, "DataGradient.coefficients", ("p",), sizes)
        _checks.shaped(self.correlations, "DataGradient.correlations", ("p",), sizes)
        _checks.number(self.intercept, "DataGradient.intercept")
        _checks.number(self.r_squared, "DataGradient.r_squared", high=1.0)

    def ranked(self) -> list[tuple[str, float]]:
        """Features with their coefficients, strongest effect first."""
        order = np.argsort(-np.abs(self.coefficients), kind="stable")
        return [(self.features[i], float(self.coefficients[i])) for i in order]


def stratagem_gradient(data: StratagemData | None = None) -> DataGradient:
    """Least squares on z-scored inputs (population std, as scikit-learn's StandardScaler).

    The slopes are labelled with ``data.features``, one per input column. A constant column, a
    constant target or columns that are linear combinations of others have no unique slopes: they
    raise ValueError naming the column.
    """
    if data is not None and not isinstance(data, StratagemData):
        raise TypeError(f"data must be a gradmath StratagemData or None; got {type(data).__name__}")
    d = data if data is not None else load_stratagem()
    X, y = d.inputs, d.progress_delta
    mean, std = X.mean(axis=0), X.std(axis=0)
    for j, name in enumerate(d.features):
        if std[j] <= 1e-13 * np.max(np.abs(X[:, j])):
            raise ValueError(f"data column {name!r} must vary to have a slope; it is constant ({X[0, j]:g})")
    if y.std() <= 1e-13 * np.max(np.abs(y)):
        raise ValueError(f"data {TARGET} must vary to be explained; it is constant ({y[0]:g})")
    z = (X - mean) / std
    design = np.column_stack([np.ones(len(y)), z])
    beta, _, rank, _ = np.linalg.lstsq(design, y, rcond=None)
    if rank < design.shape[1]:
        raise ValueError(f"data columns {', '.join(d.features)} must be linearly independent over {len(y)} rows "
                         f"to have unique slopes; their rank is {rank - 1} of {len(d.features)}")
    residual = y - design @ beta
    r2 = 1.0 - residual @ residual / np.sum((y - y.mean()) ** 2)
    corr = np.array([np.corrcoef(X[:, j], y)[0, 1] for j in range(X.shape[1])])
    return DataGradient(features=d.features, coefficients=beta[1:], intercept=float(beta[0]), r_squared=float(r2), correlations=corr)
