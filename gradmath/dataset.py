"""Any CSV table as numbers: a target column, feature columns, an optional category; its data gradient."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _checks as check
from .data import DataGradient

__all__ = ["Dataset", "load_dataset", "data_gradient", "MAX_ROWS"]

MAX_ROWS = 1_000_000


@dataclass(frozen=True)
class Dataset:
    """Rows of a table: ``inputs`` (m, k) in ``features`` order, the ``target`` (m,), and each row's
    ``category`` (m,) of str when a category column was named."""

    features: tuple[str, ...]
    target_name: str
    inputs: np.ndarray
    target: np.ndarray
    category: np.ndarray | None = None

    def __post_init__(self) -> None:
        sizes: dict[str, int] = {"k": len(check.names(self.features, "features"))}
        check.text(self.target_name, "target_name", empty=False)
        object.__setattr__(self, "inputs", check.finite(check.shaped(self.inputs, "inputs", ("m", "k"), sizes), "inputs"))
        object.__setattr__(self, "target", check.finite(check.shaped(self.target, "target", ("m",), sizes), "target"))
        if self.category is not None:
            labels = np.asarray(self.category)
            if labels.shape != (sizes["m"],) or labels.dtype.kind not in "UO" or not all(isinstance(c, str) for c in labels):
                raise ValueError(f"category must be {sizes['m']} str, one per row; got {check.shown(self.category)}")

    def column(self, name: str) -> np.ndarray:
        """One feature column by name."""
        if name not in self.features:
            raise ValueError(f"column must be one of {', '.join(self.features)}; got {name!r}")
        return self.inputs[:, self.features.index(name)]


def load_dataset(path: str | Path, *, target: str, features: tuple[str, ...] | list[str],
                 category: str | None = None) -> Dataset:
    """Read a CSV file with the csv module; every named column must exist and hold numbers."""
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a str or a Path; got {check.kind_of(path)}")
    path = Path(path)
    target = check.text(target, "target", empty=False)
    features = check.names(features, "features")
    if not features:
        raise ValueError("features must name at least one column")
    if category is not None:
        check.text(category, "category", empty=False)
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        for name in (target, *features, *((category,) if category else ())):
            if name not in header:
                raise ValueError(f"{path.name}: no column {name!r}; the columns are {', '.join(header)}")
        rows = []
        for i, row in enumerate(reader):
            if i >= MAX_ROWS:
                raise ValueError(f"{path.name}: more than {MAX_ROWS:,} rows")
            rows.append(row)
    if len(rows) < 2:
        raise ValueError(f"{path.name}: needs at least 2 rows; got {len(rows)}")

    def numbers(name: str) -> np.ndarray:
        values = np.empty(len(rows))
        for i, row in enumerate(rows):
            try:
                values[i] = float(row[name])
            except (TypeError, ValueError):
                raise ValueError(f"{path.name}: column {name!r}, row {i + 2}: not a number: {row[name]!r}") from None
        if not np.all(np.isfinite(values)):
            raise ValueError(f"{path.name}: column {name!r} holds NaN or infinity")
        return values

    inputs = np.column_stack([numbers(f) for f in features])
    y = numbers(target)
    labels = np.array([row[category] for row in rows]) if category else None
    for arr in (inputs, y, labels):
        if arr is not None:
            arr.setflags(write=False)
    return Dataset(features, target, inputs, y, labels)


def data_gradient(data: Dataset) -> DataGradient:
    """Least squares of the target on z-scored features (population std, as scikit-learn's
    StandardScaler): the slopes are the change in the target per standard deviation of each input."""
    if not isinstance(data, Dataset):
        raise TypeError(f"data must be a gradmath Dataset; got {check.kind_of(data)}")
    X, y = data.inputs, data.target
    if len(y) < 2:
        raise ValueError(f"data must have at least 2 rows; got {len(y)}")
    spread = X.std(axis=0)
    flat = [f for f, s in zip(data.features, spread) if s == 0]
    if flat:
        raise ValueError(f"column {flat[0]!r} is constant: it has no slope to fit")
    if np.std(y) == 0:
        raise ValueError(f"the target {data.target_name!r} is constant: there is nothing to explain")
    z = (X - X.mean(axis=0)) / spread
    design = np.column_stack([np.ones(len(y)), z])
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ beta
    r2 = 1.0 - residual @ residual / np.sum((y - y.mean()) ** 2)
    corr = np.array([np.corrcoef(X[:, j], y)[0, 1] for j in range(X.shape[1])])
    return DataGradient(features=data.features, coefficients=beta[1:], intercept=float(beta[0]),
                        r_squared=float(r2), correlations=corr)
