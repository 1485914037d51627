"""Fuzzing every public callable of gradmath: a right answer or a clean one-line error naming the argument.

For each callable in ``gradmath.__all__`` (and the public methods that take arguments) a spec draws a
valid call, then, most of the time, replaces one argument with junk: None, text, mappings, booleans,
complex numbers, NaN, infinities, huge and tiny numbers, empty and ragged arrays, arrays of every
dtype and wrong shapes. The call must either answer (checked where cheap: shapes, finiteness, an
oracle) or raise a ValueError or TypeError whose message is one line and names the replaced
argument. Warnings are errors here; any other exception type fails. Sizes are bounded (there is no
time budget: a lean run of 10**12 steps is long, not wrong). Derandomised: CI sees the same examples;
``GRADMATH_FUZZ_EXAMPLES=2000`` runs a deeper search locally.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import gradmath as gm
from gradmath import LANDSCAPES
from gradmath.data import DATA_FILE

FUZZ = settings(max_examples=int(os.environ.get("GRADMATH_FUZZ_EXAMPLES", "60")), deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ALL = list(LANDSCAPES.values())
TWO_D = [ls for ls in ALL if ls.n == 2]
DATA = gm.load_stratagem()
CSV_TEXT = DATA_FILE.read_text(encoding="utf-8")
KINDS = ("minimum", "maximum", "saddle", "degenerate")

# --- junk ------------------------------------------------------------------------------------------
SMALL_INTS = [-1, 0, 1, 2, 3]
BIG_INTS = [10**12, 2**63, 10**400, -(10**30)]
FLOATS = [0.0, -0.0, 2.5, -1.5, np.nan, np.inf, -np.inf, 1e308, -1e308, 1e-320, 5e-324]
ODD_NUMBERS = [1 + 1j, 1j, np.float32(0.5), np.int64(3), np.bool_(True), np.complex128(2), Fraction(1, 3),
               Decimal("1.5"), np.float64(np.nan), np.array(2.0), np.array(True)]
OBJECTS = [None, True, False, "abc", "", "1.5", "a\nb", b"x", {}, {"a": 1}, set(), [], [[]], [[1, 2], [3]],
           [1, None], ["1", 2], (np.nan, 1.0), object(), len, str, abs, np.array([1, "a"], dtype=object),
           np.array([1.0, None], dtype=object), np.array([Fraction(1, 2), 2], dtype=object), np.ma.masked_array([1.0, 2.0], [0, 1])]
DTYPES = st.sampled_from([np.float64, np.float32, np.int64, np.uint8, np.bool_, np.complex128])


def arrays() -> st.SearchStrategy[np.ndarray]:
    shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
    return DTYPES.flatmap(lambda dt: hnp.arrays(dt, shapes, elements=hnp.from_dtype(np.dtype(dt))
                                                 if np.dtype(dt).kind != "f" else st.floats(width=np.dtype(dt).itemsize * 8)))


def lists() -> st.SearchStrategy[Any]:
    number = st.one_of(st.integers(-5, 5), st.floats(), st.sampled_from(FLOATS))
    return st.one_of(st.lists(number, max_size=4), st.lists(st.lists(number, max_size=3), max_size=3),
                     st.lists(number, max_size=4).map(tuple))


def junk(tame: bool = False, ints: bool = True) -> st.SearchStrategy[Any]:
    """Wrong or extreme values. ``tame``: no huge counts (they would be long runs, not errors)."""
    parts = [st.sampled_from(FLOATS + ODD_NUMBERS + OBJECTS), st.floats(), arrays(), lists()]
    if ints:
        parts += [st.sampled_from(SMALL_INTS if tame else SMALL_INTS + BIG_INTS), st.integers(-10, 10)]
    return st.one_of(*parts)


# --- valid draws -----------------------------------------------------------------------------------
def inside(data: st.DataObject, ls: gm.Landscape, *tail: int) -> np.ndarray:
    """Points of ``ls`` components first, shape (n, *tail), well inside its domain."""
    fracs = data.draw(hnp.arrays(np.float64, (ls.n, *tail), elements=st.floats(0.02, 0.98)))
    b = ls.bounds.reshape((ls.n, 2) + (1,) * len(tail))
    return b[:, 0] + fracs * (b[:, 1] - b[:, 0])


def any_landscape(data: st.DataObject, pool: list[gm.Landscape] = ALL) -> gm.Landscape:
    return data.draw(st.sampled_from(pool))


def runs(data: st.DataObject, lean: bool = False) -> dict[str, Any]:
    ls = any_landscape(data)
    k = data.draw(st.sampled_from([None, 1, 2, 4]))
    start = inside(data, ls).T if k is None else inside(data, ls, k).T
    args = dict(landscape=ls, start=start,
                learning_rate=data.draw(st.floats(1e-4, 0.5)),
                steps=data.draw(st.integers(0, 30)),
                method=data.draw(st.sampled_from(gm.METHODS)),
                tol=data.draw(st.floats(1e-10, 1e-2)),
                constraint=data.draw(st.sampled_from([None, ls.constraint, gm.Box(*ls.bounds.T.tolist())])),
                momentum=data.draw(st.floats(0, 0.99)), beta1=data.draw(st.floats(0, 0.99)),
                beta2=data.draw(st.floats(0, 0.999)), epsilon=data.draw(st.floats(1e-10, 1e-4)),
                escape=data.draw(st.floats(1, 1e3)))
    if lean:
        args["keep_path"] = data.draw(st.booleans())
    return args


def tiny_landscape(data: st.DataObject) -> dict[str, Any]:
    n = data.draw(st.integers(1, 3))
    lows = data.draw(st.lists(st.floats(-100, 100), min_size=n, max_size=n))
    widths = data.draw(st.lists(st.floats(1e-3, 100), min_size=n, max_size=n))
    domain = tuple((lo, lo + w) for lo, w in zip(lows, widths))
    middle = tuple(lo + w / 2 for lo, w in zip(lows, widths))
    return dict(name="fuzz", title="Fuzz", latex="x", variables=tuple(f"x{i}" for i in range(n)),
                symbols=tuple(f"x_{i}" for i in range(n)), domain=domain, goal=data.draw(st.sampled_from(["min", "max"])),
                f=lambda p: np.sum(p * p, axis=0), grad=lambda p: 2 * p,
                hess=lambda p: 2 * np.eye(len(p)).reshape((len(p), len(p)) + (1,) * (p.ndim - 1)) + 0 * p[None],
                notable={"middle": middle}, starts=(middle,),
                lesson_rate=data.draw(st.sampled_from([None, 0.1])), lesson_steps=data.draw(st.sampled_from([None, 10])),
                constraint=data.draw(st.sampled_from([None, gm.Box(*np.array(domain).T.tolist())])),
                data={"x": (1.0, 2.0)}, description="")


def matrix_or_vector(data: st.DataObject) -> np.ndarray:
    n = data.draw(st.integers(1, 4))
    values = st.floats(-1e6, 1e6)
    if data.draw(st.booleans()):
        return data.draw(hnp.arrays(np.float64, n, elements=values))
    a = data.draw(hnp.arrays(np.float64, (n, n), elements=values))
    return a + a.T


@dataclass(frozen=True)
class Spec:
    """How to call one public callable validly, what junk to try, and how to check an answer."""

    call: Callable[..., Any]  # called with the drawn arguments as keywords
    valid: Callable[[st.DataObject], dict[str, Any]]  # an ordered dict of valid arguments
    check: Callable[[dict[str, Any], Any], None] = lambda args, out: None
    fixed: frozenset[str] = frozenset()  # arguments never replaced (the receiver of a method)
    tame: frozenset[str] = frozenset()  # arguments whose junk stays small (counts of work)
    names: dict[str, str] = field(default_factory=dict)  # argument -> regex of how its errors name it
    fields: bool = False  # a result type: an error may name the field that disagrees instead
    allowed: tuple[type[BaseException], ...] = ()  # further exceptions with their usual meaning
    junk: dict[str, st.SearchStrategy[Any]] = field(default_factory=dict)  # junk per argument


# --- answer checks ---------------------------------------------------------------------------------
def check_trajectory(path: gm.Trajectory, n: int) -> None:
    assert path.points.ndim == 2 and path.points.shape[1] == n and len(path.values) == len(path.points)
    assert np.all(np.isfinite(path.points[0])) and isinstance(path.converged, bool)
    assert not (path.converged and path.diverged)
    assert path.stopped_at in (None, path.steps)


def check_descend(args: dict[str, Any], out: Any) -> None:
    n = args["landscape"].n
    if isinstance(out, gm.Trajectory):
        check_trajectory(out, n)
        return
    assert isinstance(out, gm.Trajectories) and len(out) == out.points.shape[0] >= 1
    assert out.points.shape[2] == n and out.values.shape == out.points.shape[:2]
    for j in (0, -1):
        path = out[j]
        check_trajectory(path, n)
        np.testing.assert_array_equal(path.points, out.points[j, : out.last[j] + 1])


def check_run_batch(args: dict[str, Any], out: gm.BatchRun) -> None:
    k, n = out.finals.shape
    assert n == args["landscape"].n and out.last.shape == out.converged.shape == (k,)
    assert not np.any(out.converged & out.diverged)
    if out.points is not None:
        np.testing.assert_array_equal(out.points[-1], out.finals)


def check_classify(args: dict[str, Any], out: str) -> None:
    ev = np.asarray(args["eigenvalues"], dtype=float)
    rtol = float(args.get("rtol", 1e-9))
    if ev.ndim == 2:  # eigenvalues of the matrix scaled to 1: they carry ~n·ε of rounding
        ev = np.linalg.eigvalsh(ev / max(np.max(np.abs(ev)), 1e-300))
        rtol = max(rtol, 16 * len(ev) * np.finfo(float).eps)
    ev = np.atleast_1d(ev)
    scale = np.max(np.abs(ev))
    noise = 1e-12 * scale if np.asarray(args["eigenvalues"]).ndim == 2 else 0.0
    size = np.abs(ev)
    if np.any(np.abs(size - rtol * scale) <= noise):
        return  # an eigenvalue on the threshold, to rounding: either answer is right
    if scale == 0 or np.any(size <= rtol * scale):
        assert out == "degenerate"
    else:
        assert out == ("minimum" if np.all(ev > 0) else "maximum" if np.all(ev < 0) else "saddle")


def check_critical(args: dict[str, Any], out: tuple[gm.CriticalPoint, ...]) -> None:
    ls = args["landscape"]
    for c in out:
        assert bool(ls.contains(c.point)) and np.isfinite(c.value) and c.kind in KINDS
        assert c.kind == gm.classify(c.eigenvalues)


def check_numerical_gradient(args: dict[str, Any], out: np.ndarray) -> None:
    p = np.asarray(args["p"], dtype=float)
    assert out.shape == p.shape and np.all(np.isfinite(out))
    f = args["f"]
    small = args.get("h", 1e-5) <= 1e-5  # a large h is allowed, and its O(h²) error is its own
    if small and getattr(f, "__name__", "") == "value" and isinstance(getattr(f, "__self__", None), gm.Landscape):
        ls = f.__self__
        exact, values = ls.gradient(p), ls.value(p)
        scale = 1 + np.max(np.abs(values), initial=0) / args.get("h", 1e-5) * 1e-12 + np.max(np.abs(exact), initial=0)
        np.testing.assert_allclose(out, exact, rtol=1e-3, atol=1e-3 * scale)


def check_directional(args: dict[str, Any], out: np.ndarray) -> None:
    d = np.asarray(args["direction"], float)
    g = np.asarray(args["gradient"], float).reshape(len(d), -1)[:, 0] if np.ndim(args["gradient"]) == 0 else \
        np.asarray(args["gradient"], float)
    assert out.shape == g.shape[1:] and np.all(np.isfinite(out))
    if np.all(np.abs(g) < 1e100) and 1e-100 < np.max(np.abs(d)) < 1e100:
        expected = np.tensordot(d / np.linalg.norm(d), g, axes=1)
        np.testing.assert_allclose(out, expected, rtol=1e-9, atol=1e-12 * (1 + np.max(np.abs(g), initial=0)))


def check_basins(args: dict[str, Any], out: gm.Basins) -> None:
    ny, nx = out.grid.points.shape[1:]
    assert out.labels.shape == (ny, nx) and out.finals.shape == (2, ny, nx)
    assert np.all((out.labels >= -1) & (out.labels < len(out.attractors)))


def check_field(args: dict[str, Any], out: gm.GradientField) -> None:
    ls = args["landscape"]
    corner = out.grid.points[:, 0, 0]
    np.testing.assert_allclose(out.gradients[:, 0, 0], ls.gradient(corner), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(corner, ls.bounds[:, 0])


def check_profile(args: dict[str, Any], out: gm.DirectionalProfile) -> None:
    assert out.derivatives.shape == out.angles.shape == (args.get("samples", 361),)
    assert np.all(np.isfinite(out.derivatives))


def check_gradient(args: dict[str, Any], out: gm.DataGradient) -> None:
    data = args.get("data") or DATA
    assert out.coefficients.shape == (len(data.features),) and np.all(np.isfinite(out.coefficients))
    assert 0 <= out.r_squared <= 1 and out.features == data.features


def check_landscape(args: dict[str, Any], out: gm.Landscape) -> None:
    assert out.n == len(out.domain) >= 1 and all(np.isfinite(out.bounds).ravel())
    for point in (*out.notable.values(), *out.starts):
        assert bool(out.contains(point))


def check_points(args: dict[str, Any], out: np.ndarray, shape: Callable[[np.ndarray, int], tuple[int, ...]]) -> None:
    ls, p = args["self"], np.asarray(args["p"], dtype=float)
    p = p.reshape(1) if p.ndim == 0 else p
    assert out.shape == shape(p, ls.n)
    assert out.dtype == bool or np.all(np.isfinite(out))


def check_project(args: dict[str, Any], out: np.ndarray) -> None:
    assert out.shape == np.shape(args["points"]) and np.all(np.isfinite(out))
    again = args["self"].project(out)
    np.testing.assert_allclose(again, out, atol=1e-9 * (1 + np.max(np.abs(out), initial=0)))  # feasible: fixed


# --- valid results to rebuild, for the result types' constructors ------------------------------------
def _fields(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


BOWL = LANDSCAPES["bowl"]
PATHS = gm.descend(BOWL, [[2.5, 1.5], [0.0, 0.0], [1.0, -1.0]], learning_rate=0.25, steps=6)
RUN = gm.run_batch(BOWL, [[2.5, 1.5], [0.0, 0.0]], learning_rate=0.25, steps=6)
HEAT_BASINS = gm.basins(LANDSCAPES["heat_map"], 4, learning_rate=0.02, steps=5)
FIELD = gm.gradient_field(BOWL, 5)
RESULTS = {
    "Trajectory": PATHS[0], "Trajectories": PATHS, "BatchRun": RUN, "CriticalPoint": gm.critical_points(BOWL)[0],
    "Basins": HEAT_BASINS, "DirectionalProfile": gm.directional_profile(BOWL, (1, 1), samples=8),
    "Grid": FIELD.grid, "GradientField": FIELD, "StratagemData": DATA, "DataGradient": gm.stratagem_gradient(),
    "Dataset": gm.load_dataset(DATA_FILE, target="progress_delta", features=DATA.features, category="outcome_category"),
}


def rebuild(name: str) -> Spec:
    cls = getattr(gm, name)
    return Spec(call=cls, valid=lambda data: _fields(RESULTS[name]), fields=True)


def stratagem_subsets(data: st.DataObject) -> dict[str, Any]:
    if data.draw(st.booleans()):
        return {"data": data.draw(st.sampled_from([None, DATA]))}
    columns = data.draw(st.lists(st.integers(0, 4), min_size=1, max_size=5, unique=True))
    rows = data.draw(st.lists(st.integers(0, 161), min_size=40, max_size=162, unique=True))
    subset = gm.StratagemData(features=tuple(DATA.features[c] for c in columns), inputs=DATA.inputs[np.ix_(rows, columns)],
                              progress_delta=DATA.progress_delta[rows], outcome=DATA.outcome[rows])
    return {"data": subset}


def draw_points(data: st.DataObject) -> dict[str, Any]:
    ls = any_landscape(data)
    tail = data.draw(st.sampled_from([(), (3,), (2, 2)]))
    return {"self": ls, "p": inside(data, ls, *tail)}


def projections(cls: type) -> Callable[[st.DataObject], dict[str, Any]]:
    def valid(data: st.DataObject) -> dict[str, Any]:
        n = data.draw(st.integers(1, 3))
        box = gm.Box(0.0, 1.0) if cls is gm.Box else gm.Budget(1.0, 0.0, 1.0)
        return {"self": box, "points": data.draw(hnp.arrays(np.float64, (data.draw(st.integers(1, 3)), n),
                                                            elements=st.floats(-1e6, 1e6)))}
    return valid


DATASET = gm.load_dataset(DATA_FILE, target="progress_delta", features=DATA.features, category="outcome_category")


def check_optima(args: dict[str, Any], out: tuple[gm.CriticalPoint, ...]) -> None:
    ls = args["landscape"]
    wanted = "maximum" if ls.goal == "max" else "minimum"
    assert all(c.kind == wanted for c in out)
    assert [c.value for c in out] == sorted((c.value for c in out), reverse=ls.goal == "max")


def attractor_args(data: st.DataObject) -> dict[str, Any]:
    ls = any_landscape(data, TWO_D)
    return {"finals": inside(data, ls, data.draw(st.integers(1, 4))).T, "attractors": gm.critical_points(ls, seeds=3),
            "landscape": ls, "radius": data.draw(st.floats(1e-3, 1.0))}


def check_attractor(args: dict[str, Any], out: np.ndarray) -> None:
    finals = np.atleast_2d(args["finals"])
    assert out.shape == (len(finals),) and np.all((out >= -1) & (out < len(args["attractors"])))


def check_box_smoothed(args: dict[str, Any], out: np.ndarray) -> None:
    field = np.asarray(args["field"], dtype=float)
    assert out.shape == field.shape  # an average: never outside the field's own range
    assert np.all(out >= field.min() - 1e-9) and np.all(out <= field.max() + 1e-9)


def check_smooth_labels(args: dict[str, Any], out: np.ndarray) -> None:
    labels, factor = np.asarray(args["labels"]), args["factor"]
    assert out.shape == (labels.shape[0] * factor, labels.shape[1] * factor)
    assert set(np.unique(out).tolist()) == set(np.unique(labels).tolist())  # every region kept, none made up


def check_clip_at_exit(args: dict[str, Any], out: tuple[np.ndarray, bool]) -> None:
    kept, left = out
    pts = np.asarray(args["points"])
    assert kept.shape[1:] == pts.shape[1:] and len(kept) <= len(pts) + 1 and isinstance(left, bool)
    if len(kept) > 1:
        assert np.all((kept[:-1] >= -1) & (kept[:-1] <= 1)) and np.all(np.abs(kept[-1]) <= 1 + 1e-12)


def check_clip_to_box(args: dict[str, Any], out: tuple[list, list]) -> None:
    pieces, exits = out
    for piece in pieces:
        assert piece.ndim == 2 and len(piece) >= 2 and np.all(np.abs(piece) <= 1 + 1e-12)
    assert all(np.all(np.abs(e) <= 1 + 1e-12) for e in exits)


def check_farthest_inside(args: dict[str, Any], out: int) -> None:
    assert isinstance(out, int) and -1 <= out < len(args["paths"]) and (out >= 0) == (len(args["paths"]) > 0)


def check_whole_percents(args: dict[str, Any], out: list[int]) -> None:
    shares = np.asarray(args["shares"], dtype=float)
    assert len(out) == len(shares) and all(isinstance(p, int) and p >= 0 for p in out)
    if shares.max(initial=0) > 0:
        exact = 100 * shares / shares.sum()
        assert sum(out) == 100 and np.all(np.abs(np.array(out) - exact) < 1 + 1e-9)


SPECS: dict[str, Spec] = {
    "get_landscape": Spec(gm.get_landscape, lambda data: {"name": data.draw(st.sampled_from(list(LANDSCAPES)))},
                          check=lambda a, out: (out is LANDSCAPES[a["name"]]) or pytest.fail("wrong landscape"),
                          names={"name": "landscape"}),
    "numerical_gradient": Spec(
        gm.numerical_gradient,
        lambda data: (lambda ls: {"f": ls.value, "p": inside(data, ls, *data.draw(st.sampled_from([(), (3,)]))),
                                  "h": data.draw(st.floats(1e-7, 1e-5))})(any_landscape(data)),
        check=check_numerical_gradient, names={"f": r"f|p"}),  # f's own checks name p, the point it evaluates
    "directional_derivative": Spec(
        gm.directional_derivative,
        lambda data: (lambda n: {"gradient": data.draw(hnp.arrays(np.float64, data.draw(st.sampled_from([(n,), (n, 3)])),
                                                                  elements=st.floats(-1e6, 1e6))),
                                 "direction": data.draw(hnp.arrays(np.float64, n, elements=st.floats(-1e6, 1e6)).filter(np.any))}
                      )(data.draw(st.integers(1, 4))),
        check=check_directional, names={"gradient": r"gradient|direction", "direction": r"direction|gradient"}),
    "directional_profile": Spec(
        gm.directional_profile,
        lambda data: (lambda ls: {"landscape": ls, "point": inside(data, ls), "samples": data.draw(st.integers(3, 40))})(
            any_landscape(data, TWO_D)),
        check=check_profile, tame=frozenset({"samples"})),
    "grid": Spec(gm.grid, lambda data: {"landscape": any_landscape(data, TWO_D),
                                        "resolution": data.draw(st.one_of(st.integers(2, 12), st.tuples(st.integers(2, 9), st.integers(2, 9))))},
                 check=lambda a, out: None if out.points.shape[0] == 2 else pytest.fail("grid shape")),
    "gradient_field": Spec(gm.gradient_field, lambda data: {"landscape": any_landscape(data, TWO_D),
                                                            "resolution": data.draw(st.integers(2, 12))}, check=check_field),
    "descend": Spec(gm.descend, runs, check=check_descend),
    "run_batch": Spec(gm.run_batch, lambda data: runs(data, lean=True), check=check_run_batch, tame=frozenset({"steps"})),
    "Box": Spec(gm.Box, lambda data: (lambda lo: {"lower": lo, "upper": lo + data.draw(st.floats(0, 10))})(
        data.draw(st.floats(-10, 10))), names={"lower": "lower", "upper": "upper"}),
    "Budget": Spec(gm.Budget, lambda data: {"total": data.draw(st.floats(0, 10)), "lower": 0.0,
                                            "upper": data.draw(st.sampled_from([np.inf, 10.0]))}),
    "classify": Spec(gm.classify, lambda data: {"eigenvalues": matrix_or_vector(data), "rtol": data.draw(st.floats(0, 0.5))},
                     check=check_classify),
    "critical_points": Spec(gm.critical_points,
                            lambda data: {"landscape": any_landscape(data), "seeds": data.draw(st.integers(1, 4)),
                                          "iterations": data.draw(st.integers(1, 30)), "tol": data.draw(st.floats(1e-12, 1e-3))},
                            check=check_critical, tame=frozenset({"seeds", "iterations"})),
    "basins": Spec(gm.basins,
                   lambda data: {"landscape": any_landscape(data, TWO_D), "resolution": data.draw(st.integers(2, 5)),
                                 "learning_rate": data.draw(st.floats(1e-3, 0.1)), "steps": data.draw(st.integers(0, 20)),
                                 "method": data.draw(st.sampled_from(gm.METHODS)), "radius": data.draw(st.floats(1e-3, 1.0))},
                   check=check_basins, tame=frozenset({"steps", "resolution"})),
    "load_stratagem": Spec(gm.load_stratagem,
                           lambda data: {"path": data.draw(st.sampled_from([lambda: DATA_FILE, lambda: str(DATA_FILE),
                                                                    lambda: io.StringIO(CSV_TEXT)]))()},
                           check=lambda a, out: None if out.inputs.shape == (162, 5) else pytest.fail("shape"),
                           allowed=(OSError,),  # a path that is not there: FileNotFoundError, as open() says
                           # no ints: a file descriptor is a valid path, and reading 0–3 would read pytest's own files
                           junk={"path": st.one_of(junk(ints=False), st.sampled_from(["", "abc", ".", "a\x00b"]))}),
    "stratagem_gradient": Spec(gm.stratagem_gradient, stratagem_subsets, check=check_gradient),
    "Landscape": Spec(gm.Landscape, tiny_landscape, check=check_landscape,
                      names={"notable": "notable", "starts": "start", "name": "name|fuzz"},
                      junk={"domain": st.sampled_from([((0.0, np.inf),), (), ((1.0, 0.0),), ((np.nan, 1.0),), "ab"]),
                            "notable": st.sampled_from([{"far": (1e9,)}, {"nan": (np.nan,)}, {1: (0.0,)}, {"x": "a"}]),
                            "starts": st.sampled_from([((1e9,),), ((np.nan,),), (("a",),), ((),)])}),
    # public methods that take arguments
    "Landscape.value": Spec(lambda self, p: self.value(p), draw_points, fixed=frozenset({"self"}),
                            check=lambda a, out: check_points(a, out, lambda p, n: p.shape[1:])),
    "Landscape.gradient": Spec(lambda self, p: self.gradient(p), draw_points, fixed=frozenset({"self"}),
                               check=lambda a, out: check_points(a, out, lambda p, n: p.shape)),
    "Landscape.hessian": Spec(lambda self, p: self.hessian(p), draw_points, fixed=frozenset({"self"}),
                              check=lambda a, out: check_points(a, out, lambda p, n: (n,) + p.shape)),
    "Landscape.contains": Spec(lambda self, p: self.contains(p), draw_points, fixed=frozenset({"self"}),
                               check=lambda a, out: check_points(a, out, lambda p, n: p.shape[1:])),
    "Landscape.check": Spec(lambda self, p, name="p": self.check(p, name),
                            lambda data: draw_points(data) | {"name": "p"}, fixed=frozenset({"self"}),
                            check=lambda a, out: check_points(a, out, lambda p, n: p.shape)),
    "Box.project": Spec(lambda self, points: self.project(points), projections(gm.Box), fixed=frozenset({"self"}),
                        check=check_project),
    "Budget.project": Spec(lambda self, points: self.project(points), projections(gm.Budget), fixed=frozenset({"self"}),
                           check=check_project),
    "Box.check": Spec(lambda self, n: self.check(n), lambda data: {"self": gm.Box(0.0, 1.0), "n": data.draw(st.integers(1, 5))},
                      fixed=frozenset({"self"})),
    "Budget.check": Spec(lambda self, n: self.check(n),
                         lambda data: {"self": gm.Budget(1.0), "n": data.draw(st.integers(1, 5))}, fixed=frozenset({"self"})),
    "StratagemData.column": Spec(lambda self, name: self.column(name),
                                 lambda data: {"self": DATA, "name": data.draw(st.sampled_from(DATA.features))},
                                 fixed=frozenset({"self"}), names={"name": "column"}),
    "Basins.share": Spec(lambda self, index: self.share(index),
                         lambda data: {"self": HEAT_BASINS, "index": data.draw(st.integers(-1, len(HEAT_BASINS.attractors) - 1))},
                         fixed=frozenset({"self"}), check=lambda a, out: None if 0 <= out <= 1 else pytest.fail("share")),
    "Trajectories[index]": Spec(lambda self, index: self[index],
                                lambda data: {"self": PATHS, "index": data.draw(st.integers(-3, 2))},
                                fixed=frozenset({"self"}), allowed=(IndexError,),  # out of range: the sequence protocol
                                check=lambda a, out: check_trajectory(out, 2) if isinstance(out, gm.Trajectory) else None),
    # geometry, data sets and formulas
    "optima": Spec(gm.optima, lambda data: {"landscape": any_landscape(data), "seeds": data.draw(st.integers(1, 6))},
                   check=check_optima, tame=frozenset({"seeds"})),
    "attractor_of": Spec(gm.attractor_of, attractor_args, check=check_attractor),
    "clip_at_exit": Spec(gm.clip_at_exit, lambda data: (lambda d: {
        "points": data.draw(hnp.arrays(np.float64, (data.draw(st.integers(0, 6)), d), elements=st.floats(-5, 5))),
        "lower": -1.0, "upper": data.draw(st.sampled_from([1.0, [1.0] * d]))})(data.draw(st.integers(1, 3))),
        check=check_clip_at_exit),
    "clip_to_box": Spec(gm.clip_to_box, lambda data: (lambda d: {
        "points": data.draw(hnp.arrays(np.float64, (data.draw(st.integers(0, 6)), d), elements=st.floats(-5, 5))),
        "bounds": [[-1.0, 1.0]] * d})(data.draw(st.integers(1, 3))), check=check_clip_to_box),
    "farthest_inside": Spec(gm.farthest_inside, lambda data: (lambda d: {
        "paths": [data.draw(hnp.arrays(np.float64, (data.draw(st.integers(1, 5)), d), elements=st.floats(-5, 5)))
                  for _ in range(data.draw(st.integers(0, 3)))],
        "lower": -1.0, "upper": 1.0})(data.draw(st.integers(1, 3))), check=check_farthest_inside),
    "whole_percents": Spec(gm.whole_percents, lambda data: {
        "shares": data.draw(hnp.arrays(np.float64, data.draw(st.integers(1, 6)), elements=st.floats(0, 1)))},
        check=check_whole_percents),
    "box_smoothed": Spec(gm.box_smoothed, lambda data: {
        "field": data.draw(hnp.arrays(np.float64, (data.draw(st.integers(1, 6)), data.draw(st.integers(1, 6))),
                                      elements=st.floats(-5, 5))), "passes": data.draw(st.integers(0, 3))},
        check=check_box_smoothed, tame=frozenset({"passes"})),
    "smooth_labels": Spec(gm.smooth_labels, lambda data: {
        "labels": data.draw(hnp.arrays(np.int64, (data.draw(st.integers(1, 6)), data.draw(st.integers(1, 6))),
                                       elements=st.integers(-1, 3))),
        "factor": data.draw(st.integers(1, 4)), "passes": data.draw(st.integers(0, 2))},
        check=check_smooth_labels, tame=frozenset({"factor", "passes"})),
    "load_dataset": Spec(gm.load_dataset, lambda data: {"path": DATA_FILE, "target": "progress_delta",
                                                        "features": sorted(data.draw(st.sets(st.sampled_from(DATA.features),
                                                                                             min_size=1))),
                                                        "category": data.draw(st.sampled_from([None, "outcome_category"]))},
                         check=lambda a, out: None if out.inputs.shape == (162, len(a["features"])) else pytest.fail("shape"),
                         allowed=(OSError,),  # a path that is not there: FileNotFoundError, as open() says
                         junk={"path": st.one_of(junk(ints=False), st.sampled_from(["", "abc", "."]))}),
    "data_gradient": Spec(gm.data_gradient, lambda data: {"data": DATASET},
                          check=lambda a, out: None if out.coefficients.shape == (5,) else pytest.fail("shape")),
    "parse_formula": Spec(gm.parse_formula, lambda data: {"text": data.draw(st.sampled_from(
                              ["x^2 + y", "sin(x)*exp(-y^2)", "2x - 3", "(a + b)^2 / (1 + c^2)"])), "variables": None},
                          names={"text": "formula|text", "variables": "variables|formula"},
                          allowed=(gm.FormulaError,),  # a ValueError naming the piece and its column
                          junk={"text": st.one_of(junk(), st.text(max_size=30))}),
    **{name: rebuild(name) for name in RESULTS},
}

# Callable names in __all__ that are not things to call: each with the reason.
NOT_CALLED = {"Constraint": "a typing alias (Box | Budget) for annotations",
              "FormulaError": "the exception parse_formula raises, not a function to call",
              "ParsedFormula": "what parse_formula returns; its fields are sympy objects made by the parser"}


def test_every_public_callable_is_fuzzed():
    public = {name for name in gm.__all__ if callable(getattr(gm, name))}
    assert public - set(NOT_CALLED) <= set(SPECS), sorted(public - set(NOT_CALLED) - set(SPECS))


def names_argument(message: str, pattern: str) -> bool:
    return re.search(rf"(?<!\w)(?:{pattern})(?!\w)", message) is not None


@pytest.mark.parametrize("name", list(SPECS))
@FUZZ
@given(data=st.data())
def test_answer_or_clean_error(name, data):
    spec = SPECS[name]
    args = dict(spec.valid(data))
    mutable = [a for a in args if a not in spec.fixed]
    changed = data.draw(st.one_of(st.none(), st.sampled_from(mutable)), label="replaced") if mutable else None
    if changed is not None:
        strategy = spec.junk.get(changed, junk(tame=changed in spec.tame))
        args[changed] = data.draw(strategy, label=changed)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            out = spec.call(**args)
        except (ValueError, TypeError, *spec.allowed) as exc:
            message = str(exc)
            assert type(exc) in (ValueError, TypeError) or isinstance(exc, spec.allowed), f"{type(exc).__mro__}: {exc}"
            assert message and "\n" not in message, f"not one line: {message!r}"
            if changed is None:
                pytest.fail(f"a valid call raised {type(exc).__name__}: {message}")
            if not isinstance(exc, spec.allowed):
                pattern = spec.names.get(changed, re.escape(changed))
                if spec.fields:
                    pattern = "|".join(f.name for f in dataclasses.fields(getattr(gm, name)))
                assert names_argument(message, pattern), f"{changed!r} not named in: {message}"
            return
    spec.check(args, out)


def test_fuzz_profile_is_reproducible():
    assert FUZZ.derandomize and FUZZ.database is None
