"""Every case of the "Reliability" issue, table-driven: a right answer or a one-line error naming the argument."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import warnings

import numpy as np
import pytest

import gradmath as gm
from gradmath import LANDSCAPES, Box, Budget, Landscape
from gradmath.data import DATA_FILE

COLONEL = LANDSCAPES["colonel_loss"]
HEAT = LANDSCAPES["heat_map"]
DATA = gm.load_stratagem()


def tiny(**changes):
    base = dict(name="t", title="T", latex="x", variables=("x",), symbols=("x",), domain=((0.0, 1.0),), goal="min",
                f=lambda p: p[0] ** 2, grad=lambda p: 2 * p, hess=lambda p: 2 + 0 * p[None])
    return Landscape(**(base | changes))


def with_column(j, values):
    inputs = np.array(DATA.inputs)
    inputs[:, j] = values
    return dataclasses.replace(DATA, inputs=inputs)


# (id, call, error type, a regex the one-line message must match: it names the argument)
REFUSED = [
    # --- silent wrong answers --------------------------------------------------------------------
    ("classify asymmetric matrix", lambda: gm.classify([[1, 2], [0, 1]]), ValueError,
     r"^eigenvalues must be .*symmetric.*; got an asymmetric 2×2 matrix"),
    ("classify non-square matrix", lambda: gm.classify([[1, 2, 3], [2, 1, 3]]), ValueError,
     r"^eigenvalues must be .* of shape \(n, n\); got shape \(2, 3\)"),
    ("classify NaN", lambda: gm.classify(np.nan), ValueError, r"^eigenvalues must be finite"),
    ("classify NaN among", lambda: gm.classify([1.0, np.nan]), ValueError, r"^eigenvalues must be finite"),
    ("classify None", lambda: gm.classify(None), TypeError, r"^eigenvalues must be real numbers: .*; got NoneType None"),
    ("classify empty", lambda: gm.classify([]), ValueError, r"^eigenvalues must be .*; got shape \(0,\)"),
    ("classify 3-D", lambda: gm.classify(np.ones((2, 2, 2))), ValueError, r"^eigenvalues must be"),
    ("classify rtol NaN", lambda: gm.classify([1.0], rtol=np.nan), ValueError, r"^rtol must lie in \[0, 1\); got nan"),
    ("critical_points tol NaN", lambda: gm.critical_points(COLONEL, tol=np.nan), ValueError,
     r"^tol must lie in \(0, 1\); got nan"),
    ("critical_points tol negative", lambda: gm.critical_points(COLONEL, tol=-1), ValueError, r"^tol must lie in \(0, 1\)"),
    ("critical_points tol zero", lambda: gm.critical_points(COLONEL, tol=0), ValueError, r"^tol must lie in \(0, 1\)"),
    ("critical_points iterations negative", lambda: gm.critical_points(COLONEL, iterations=-1), ValueError,
     r"^iterations must be a whole number >= 1; got -1"),
    ("critical_points iterations zero", lambda: gm.critical_points(COLONEL, iterations=0), ValueError,
     r"^iterations must be a whole number >= 1; got 0"),
    ("critical_points seeds zero", lambda: gm.critical_points(COLONEL, seeds=0), ValueError,
     r"^seeds must be a whole number >= 1; got 0"),
    ("value complex", lambda: COLONEL.value([10 + 1j, 10]), TypeError, r"^p must be real numbers.*; got complex numbers"),
    ("gradient complex", lambda: COLONEL.gradient(np.array([10, 10], complex)), TypeError,
     r"^p must be real numbers.*; got complex numbers"),
    ("hessian complex", lambda: COLONEL.hessian([10 + 0j, 10]), TypeError, r"^p must be real numbers.*; got complex"),
    ("descend complex", lambda: gm.descend(COLONEL, [10 + 1j, 10], learning_rate=0.1, steps=2), TypeError,
     r"^start must be real numbers.*; got complex numbers"),
    ("descend complex rate", lambda: gm.descend(COLONEL, [10, 10], learning_rate=0.1 + 0j, steps=2), TypeError,
     r"^learning_rate must be a finite number > 0; got complex"),
    ("directional_derivative complex gradient", lambda: gm.directional_derivative([1 + 1j, 2], [1, 0]), TypeError,
     r"^gradient must be real numbers.*; got complex numbers"),
    ("directional_derivative complex direction", lambda: gm.directional_derivative([1, 2], [1j, 1]), TypeError,
     r"^direction must be one vector of real numbers.*; got complex numbers"),
    ("data: fewer names than columns", lambda: dataclasses.replace(DATA, features=("a", "b", "c")), ValueError,
     r"^StratagemData.inputs must have shape \(m, p\) with p = 3; got shape \(162, 5\)"),
    ("data: repeated names", lambda: dataclasses.replace(DATA, features=("a", "a", "b", "c", "d")), ValueError,
     r"^StratagemData.features must be distinct"),
    ("data: unknown outcome", lambda: dataclasses.replace(DATA, outcome=np.full(162, "victory")), ValueError,
     r"^StratagemData.outcome must be a list of str, each one of success, partial, failure, disaster; got 'victory'"),
    ("data: NaN input", lambda: with_column(0, np.nan), ValueError, r"^StratagemData.inputs must be finite"),
    ("Box NaN", lambda: Box(np.nan, 1.0), ValueError, r"^Box lower must be finite; got nan"),
    ("Box infinity", lambda: Box(0.0, np.inf), ValueError, r"^Box upper must be finite; got inf"),
    ("Box NaN in a list", lambda: Box((0.0, 0.0), (1.0, np.nan)), ValueError, r"^Box upper must be finite"),
    ("Budget NaN total", lambda: Budget(np.nan), ValueError, r"^Budget total must be a finite number; got nan"),
    ("Budget infinite total", lambda: Budget(np.inf), ValueError, r"^Budget total must be a finite number; got inf"),
    ("Budget NaN upper", lambda: Budget(1.0, 0.0, np.nan), ValueError, r"^Budget upper must be finite or \+inf; got nan"),
    ("Budget infinite lower", lambda: Budget(1.0, -np.inf), ValueError, r"^Budget lower must be finite; got -inf"),
    ("basins negative radius", lambda: gm.basins(HEAT, 5, learning_rate=0.02, steps=5, radius=-1), ValueError,
     r"^radius must lie in \(0, 1\]; got -1"),
    ("basins NaN radius", lambda: gm.basins(HEAT, 5, learning_rate=0.02, steps=5, radius=np.nan), ValueError,
     r"^radius must lie in \(0, 1\]; got nan"),
    ("Landscape infinite domain", lambda: tiny(domain=((0.0, np.inf),)), ValueError,
     r"^t: domain\[0\] must be a pair \(low, high\) of finite numbers; got \(0.0, inf\)"),
    ("Landscape NaN domain", lambda: tiny(domain=((np.nan, 1.0),)), ValueError, r"^t: domain\[0\] must be a pair"),
    ("Landscape zero variables", lambda: tiny(domain=(), variables=(), symbols=()), ValueError,
     r"^t: a landscape needs at least one variable; got an empty domain"),
    ("Landscape start outside", lambda: tiny(starts=((5.0,),)), ValueError,
     r"^t: point 'start'\[0\] \(x\) = 5 is outside the domain of t: allowed range \[0, 1\]"),
    ("Landscape notable outside", lambda: tiny(notable={"peak": (-2.0,)}), ValueError,
     r"^t: notable point 'peak'\[0\] \(x\) = -2 is outside the domain of t"),
    ("Landscape NaN start", lambda: tiny(starts=((np.nan,),)), ValueError, r"^t: point 'start' must be finite"),
    # --- wrong exception types or obscure messages -----------------------------------------------
    ("descend str landscape", lambda: gm.descend("bowl", [1, 1], learning_rate=0.1, steps=2), TypeError,
     r"^landscape must be a gradmath Landscape; got str$"),
    ("run_batch str landscape", lambda: gm.run_batch("bowl", [1, 1], learning_rate=0.1, steps=2), TypeError,
     r"^landscape must be a gradmath Landscape; got str$"),
    ("grid str landscape", lambda: gm.grid("bowl"), TypeError, r"^landscape must be a gradmath Landscape; got str$"),
    ("gradient_field None", lambda: gm.gradient_field(None), TypeError,
     r"^landscape must be a gradmath Landscape; got NoneType$"),
    ("critical_points str landscape", lambda: gm.critical_points("bowl"), TypeError, r"^landscape must be a gradmath"),
    ("basins str landscape", lambda: gm.basins("bowl", learning_rate=0.1), TypeError, r"^landscape must be a gradmath"),
    ("directional_profile dict landscape", lambda: gm.directional_profile({}, (1, 1)), TypeError,
     r"^landscape must be a gradmath Landscape; got dict$"),
    ("descend str constraint", lambda: gm.descend(COLONEL, [1, 1], learning_rate=0.1, steps=2, constraint="box"),
     TypeError, r"^constraint must be a gradmath Box or Budget, or None; got str$"),
    ("descend steps 10**12", lambda: gm.descend(COLONEL, [1, 1], learning_rate=0.1, steps=10**12), ValueError,
     r"^steps must be a whole number <= [\d,]+ \(for the paths of 1 start of 2 variables within gradmath's 1 GiB "
     r"memory budget\); got 1000000000000$"),
    ("run_batch steps 10**12 for a batch", lambda: gm.run_batch(COLONEL, np.ones((1000, 2)), learning_rate=0.1,
                                                                steps=10**12), ValueError,
     r"^steps must be a whole number <= [\d,]+ \(for the paths of 1,000 starts"),
    ("grid resolution 10**6", lambda: gm.grid(COLONEL, 10**6), ValueError,
     r"^resolution must give at most [\d,]+ grid points \(nx × ny, within gradmath's 1 GiB memory budget\); "
     r"got 1,000,000 × 1,000,000$"),
    ("gradient_field resolution 10**5", lambda: gm.gradient_field(COLONEL, (10**5, 10**5)), ValueError,
     r"^resolution must give at most"),
    ("basins resolution 10**5", lambda: gm.basins(HEAT, 10**5, learning_rate=0.1), ValueError, r"^resolution must give"),
    ("critical_points seeds 10**9", lambda: gm.critical_points(COLONEL, seeds=10**9), ValueError,
     r"^seeds must be a whole number <= [\d,]+ \(2 variables: seeds\*\*2 points within gradmath's 1 GiB"),
    ("directional_profile samples 10**12", lambda: gm.directional_profile(COLONEL, (1, 1), samples=10**12), ValueError,
     r"^samples must be a whole number <= [\d,]+"),
    ("constant data column", lambda: gm.stratagem_gradient(with_column(2, 1.0)), ValueError,
     r"^data column 'risk_level' must vary to have a slope; it is constant \(1\)$"),
    ("collinear data columns", lambda: gm.stratagem_gradient(with_column(1, 2 * DATA.inputs[:, 0] + 1)), ValueError,
     r"^data columns personnel_committed, .* must be linearly independent over 162 rows"),
    ("constant target", lambda: gm.stratagem_gradient(dataclasses.replace(DATA, progress_delta=np.zeros(162))),
     ValueError, r"^data progress_delta must vary"),
    ("stratagem_gradient str", lambda: gm.stratagem_gradient("data.csv"), TypeError,
     r"^data must be a gradmath StratagemData or None; got str$"),
    ("value 'abc'", lambda: COLONEL.value(["abc", 1]), TypeError, r"^p must be real numbers.*; got text"),
    ("descend start 'abc'", lambda: gm.descend(COLONEL, ["abc", 1], learning_rate=0.1, steps=2), TypeError,
     r"^start must be real numbers.*; got text"),
    ("descend rate 'abc'", lambda: gm.descend(COLONEL, [1, 1], learning_rate="abc", steps=2), TypeError,
     r"^learning_rate must be a finite number > 0; got str 'abc'$"),
    ("descend start ragged", lambda: gm.descend(COLONEL, [[1, 1], [1]], learning_rate=0.1, steps=2), ValueError,
     r"^start must be .* in a rectangular array; got ragged nested sequences$"),
    ("load_stratagem number", lambda: gm.load_stratagem(1.5), TypeError,
     r"^path must be a file path, an open text file or a file descriptor; got float 1.5$"),
    ("load_stratagem binary file", lambda: gm.load_stratagem(io.BytesIO(b"a,b\n")), TypeError,
     r"^path must be a file opened in text mode"),
    ("load_stratagem bad number", lambda: gm.load_stratagem(io.StringIO(
        DATA_FILE.read_text(encoding="utf-8").replace(",80,30,", ",abc,30,", 1))), ValueError,
     r"^the file: line 2, column personnel_committed: 'abc' is not a number$"),
    ("get_landscape list", lambda: gm.get_landscape(["bowl"]), TypeError, r"^landscape must be one of colonel_loss, "),
]


@pytest.mark.parametrize(("call", "error", "pattern"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_with_one_line_naming_the_argument(call, error, pattern, capfd):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning on the way would be a second, unasked-for message
        with pytest.raises(Exception) as excinfo:
            call()
    assert type(excinfo.value) is error, f"{type(excinfo.value).__name__}: {excinfo.value}"
    text = str(excinfo.value)
    assert "\n" not in text and re.search(pattern, text), text
    assert capfd.readouterr().out == ""  # nothing on stdout (LAPACK used to print there)


def test_classify_takes_a_symmetric_matrix_as_a_hessian():
    assert gm.classify([[1, 3], [3, 1]]) == "saddle"  # eigenvalues −2 and 4, not the flattened 1, 3, 3, 1
    assert gm.classify([[2, 0], [0, 2]]) == "minimum"
    assert gm.classify([[-2, 1], [1, -2]]) == "maximum"
    assert gm.classify([[1, 1], [1, 1]]) == "degenerate"  # eigenvalues 0 and 2
    assert gm.classify([[3.0]]) == "minimum" and gm.classify(-3.0) == "maximum"
    assert gm.classify([[1e308, 0], [0, -1e308]]) == "saddle"  # scaled before the eigenvalues: no overflow
    assert gm.classify([1e-310, 2e-310]) == "minimum"  # relative, not absolute, degeneracy
    assert gm.classify(COLONEL.hessian((1, 1))) == "minimum"


def test_stratagem_labels_follow_the_columns():
    # the slopes are labelled by the data's own names: a two-column data set gives two named slopes
    two = gm.StratagemData(features=("supply_cost", "personnel_committed"), inputs=DATA.inputs[:, [1, 0]],
                           progress_delta=DATA.progress_delta, outcome=DATA.outcome)
    fit = gm.stratagem_gradient(two)
    X, y = DATA.inputs[:, [1, 0]], DATA.progress_delta
    design = np.column_stack([np.ones(len(y)), (X - X.mean(0)) / X.std(0)])
    beta = np.linalg.lstsq(design, y, rcond=None)[0]
    assert dict(fit.ranked()) == pytest.approx({"supply_cost": beta[1], "personnel_committed": beta[2]})


def test_load_stratagem_leaves_open_files_open():
    with open(DATA_FILE, newline="", encoding="utf-8") as handle:
        data = gm.load_stratagem(handle)
        assert not handle.closed
    np.testing.assert_array_equal(data.inputs, DATA.inputs)
    fd = os.open(DATA_FILE, os.O_RDONLY)
    try:
        np.testing.assert_array_equal(gm.load_stratagem(fd).inputs, DATA.inputs)
        os.fstat(fd)  # still open: raises OSError if it was closed
    finally:
        os.close(fd)


def test_load_stratagem_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        gm.load_stratagem(tmp_path / "missing.csv")


def test_load_stratagem_rereads_a_changed_file(tmp_path):
    path = tmp_path / "data.csv"
    text = DATA_FILE.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = gm.load_stratagem(path)
    path.write_text(text.replace(",80,30,", ",81,30,", 1), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different modification time, even on a coarse clock
    assert gm.load_stratagem(path).inputs[0, 0] == 81 and first.inputs[0, 0] == 80


@pytest.mark.parametrize("scale", [1e308, 1e-320, 1e-300, 1e300, 5e-324])
def test_directional_derivative_extreme_directions(scale):
    g = np.array([3.0, 4.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert float(gm.directional_derivative(g, [scale, 0.0])) == 3.0
        assert float(gm.directional_derivative(g, [scale, scale])) == pytest.approx(7 / np.sqrt(2), rel=1e-15)
        assert float(gm.directional_derivative(g, [-scale, -scale])) == pytest.approx(-7 / np.sqrt(2), rel=1e-15)


def test_directional_derivative_extreme_gradients():
    huge = np.array([1.7e308, 1.7e308, -1.7e308])  # partial sums overflow; the answer does not
    assert float(gm.directional_derivative(huge, [1, 1, 1])) == pytest.approx(1.7e308 / np.sqrt(3), rel=1e-15)
    assert float(gm.directional_derivative([1e-320, 0.0], [1, 0])) == 1e-320
    with pytest.raises(ValueError, match="^gradient is too large: its component along direction overflows float64$"):
        gm.directional_derivative([1.7e308, 1.7e308], [1, 1])


def test_numerical_gradient_refuses_a_step_lost_to_rounding():
    f = lambda p: p[0] ** 2  # noqa: E731
    with pytest.raises(ValueError, match=r"^h must be large enough that p ± h differs from p; got h = 1e-05"):
        gm.numerical_gradient(f, [1e20])
    # the quotient divides by the step actually taken: at 1e11 (spacing 1.5e-5) p ± 1e-5 lands 3.05e-5
    # apart, not 2e-5, and dividing by 2h would make the slope of the identity 1.53
    assert float(gm.numerical_gradient(lambda p: p[0], [1e11])[0]) == 1.0
    with pytest.raises(ValueError, match=r"^f\(p\) must have one value per point: shape \(\) for p of shape \(1,\)"):
        gm.numerical_gradient(lambda p: p, [1.0])
