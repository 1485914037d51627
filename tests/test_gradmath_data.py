"""The stratagem data and its regression gradient, checked against independent computations."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from gradmath import FEATURES, OUTCOMES, load_stratagem, stratagem_gradient
from gradmath.data import DATA_FILE


@pytest.fixture(scope="module")
def data():
    return load_stratagem()


def test_loaded_shapes(data):
    assert data.features == FEATURES
    assert data.inputs.shape == (162, 5) and data.progress_delta.shape == (162,)
    assert set(data.outcome) <= set(OUTCOMES)
    with open(DATA_FILE, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 162
    assert data.column("personnel_committed")[0] == float(rows[0]["personnel_committed"]) == 80
    assert data.progress_delta[1] == float(rows[1]["progress_delta"])
    assert data.outcome[0] == rows[0]["outcome_category"]


def test_arrays_are_read_only(data):
    for arr in (data.inputs, data.progress_delta, data.outcome):
        with pytest.raises(ValueError):
            arr[0] = arr[1]


def test_column_by_name(data):
    np.testing.assert_array_equal(data.column("step_size"), data.inputs[:, 4])
    with pytest.raises(ValueError, match="column must be one of personnel_committed, .*; got 'morale'"):
        data.column("morale")


def test_coefficients_by_normal_equations(data):
    X, y = np.array(data.inputs), np.array(data.progress_delta)
    mu = X.sum(axis=0) / len(X)
    sd = np.sqrt(((X - mu) ** 2).sum(axis=0) / len(X))  # population std, as StandardScaler
    Z = np.column_stack([np.ones(len(X)), (X - mu) / sd])
    beta = np.linalg.solve(Z.T @ Z, Z.T @ y)  # normal equations
    dg = stratagem_gradient()
    np.testing.assert_allclose(dg.coefficients, beta[1:], rtol=1e-8, atol=1e-12)
    assert dg.intercept == pytest.approx(y.mean())  # centred inputs: the intercept is the mean
    np.testing.assert_allclose(
        dg.coefficients, [0.00294, 0.00307, 0.00061, 0.00081, -0.00058], atol=6e-6
    )
    # raw-unit slopes times the std give the same standardised slopes
    raw = np.linalg.lstsq(np.column_stack([np.ones(len(X)), X]), y, rcond=None)[0]
    np.testing.assert_allclose(raw[1:] * sd, dg.coefficients, rtol=1e-7)


def test_r_squared_and_correlations(data):
    X, y = np.array(data.inputs), np.array(data.progress_delta)
    dg = stratagem_gradient()
    fitted = dg.intercept + ((X - X.mean(0)) / X.std(0)) @ dg.coefficients
    r2 = 1 - np.sum((y - fitted) ** 2) / np.sum((y - y.mean()) ** 2)
    assert dg.r_squared == pytest.approx(r2, rel=1e-10)
    assert dg.r_squared == pytest.approx(0.024, abs=5e-4)  # a weak model
    for j in range(5):
        xc, yc = X[:, j] - X[:, j].mean(), y - y.mean()
        assert dg.correlations[j] == pytest.approx(xc @ yc / np.sqrt((xc @ xc) * (yc @ yc)), rel=1e-10)


def test_ranked(data):
    ranked = stratagem_gradient().ranked()
    assert [name for name, _ in ranked] == [
        "supply_cost", "personnel_committed", "colonel_confidence", "risk_level", "step_size"
    ]
    assert ranked[-1][1] < 0


def test_bad_files(tmp_path: Path):
    empty = tmp_path / "empty.csv"
    empty.write_text("personnel_committed,progress_delta\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no rows"):
        load_stratagem(empty)
    partial = tmp_path / "partial.csv"
    partial.write_text("personnel_committed,progress_delta\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing columns supply_cost, risk_level"):
        load_stratagem(partial)
