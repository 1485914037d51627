"""Argument checks shared by gradmath: one helper per kind of argument, one-line errors naming it.

The rule: a ``TypeError`` when an argument is of the wrong kind (None, text, a dict, booleans or
complex numbers where reals are wanted, a float where a count is wanted, an object that is not a
Landscape), a ``ValueError`` when it is of the right kind but its value is not allowed (a shape, a
range, NaN or infinity, a size beyond the memory budget). Every message is one line: the argument's
name, what it may be, and what was given.
"""

from __future__ import annotations

import numbers
import operator
import reprlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Callable

import numpy as np

if TYPE_CHECKING:
    from .constraints import Box, Budget
    from .landscape import Landscape

__all__ = [
    "MEMORY_BUDGET",
    "shown",
    "real_array",
    "as_points",
    "as_start",
    "finite",
    "number",
    "positive",
    "whole",
    "positive_int",
    "choice",
    "flag",
    "text",
    "names",
    "function",
    "landscape",
    "constraint",
    "resolution",
    "symmetric_matrix",
    "most_items",
    "budget_text",
    "shaped",
    "interval",
    "series",
    "kind_of",
    "categories",
]

MEMORY_BUDGET = 1 << 30
"""Bytes one call may allocate for its arrays (1 GiB); larger requests are refused before allocating."""

_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 40
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6
_REPR.maxlong = 24


def shown(value: Any) -> str:
    """A short, one-line picture of ``value`` for an error message."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            value = value.item()
        elif value.ndim == 1 and value.size <= 6:
            value = value.tolist()
        else:
            return f"an array of shape {value.shape} and dtype {value.dtype}"
    return " ".join(_REPR.repr(value).split())


def kind_of(value: Any) -> str:
    """The type and a picture of ``value``: ``str 'abc'``, ``NoneType None``."""
    return f"{type(value).__name__} {shown(value)}"


def budget_text() -> str:
    """The memory budget in words, for messages."""
    return f"gradmath's {MEMORY_BUDGET / 2**30:g} GiB memory budget"


def most_items(bytes_each: int) -> int:
    """How many items of ``bytes_each`` bytes fit in the memory budget."""
    return MEMORY_BUDGET // max(1, int(bytes_each))


def _is_real(item: Any) -> bool:
    return isinstance(item, numbers.Real) and not isinstance(item, (bool, np.bool_))


def real_array(value: Any, name: str, what: str = "real numbers") -> np.ndarray:
    """``value`` as a float64 array (no copy when it already is one), refusing booleans, complex
    numbers, text, None, mappings and ragged nested sequences."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiu" and not isinstance(value, np.ma.MaskedArray):
        return value.astype(float, copy=False)
    if value is None or isinstance(value, (str, bytes, Mapping, set, frozenset)):
        raise TypeError(f"{name} must be {what}; got {kind_of(value)}")
    if isinstance(value, np.ma.MaskedArray) and np.ma.is_masked(value):
        raise TypeError(f"{name} must be {what}; got a masked array with masked entries")
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError):
        raise ValueError(f"{name} must be {what} in a rectangular array; got ragged nested sequences") from None
    kind = arr.dtype.kind
    if kind in "fiu":
        return arr.astype(float, copy=False)
    if kind == "b":
        raise TypeError(f"{name} must be {what}; got booleans")
    if kind == "c":
        raise TypeError(f"{name} must be {what}; got complex numbers")
    if kind in "US":
        raise TypeError(f"{name} must be {what}; got text {shown(value)}")
    if kind != "O":
        raise TypeError(f"{name} must be {what}; got an array of dtype {arr.dtype}")
    for item in arr.flat:
        if not _is_real(item):
            raise TypeError(f"{name} must be {what}; got {kind_of(item)} in it")
    try:
        return arr.astype(float)
    except OverflowError:
        raise ValueError(f"{name} must be {what} within float64's range; got {shown(value)}") from None


def finite(arr: np.ndarray, name: str) -> np.ndarray:
    """Raise if ``arr`` holds NaN or infinity."""
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite; it contains NaN or infinity")
    return arr


def as_points(p: Any, n: int, name: str = "p") -> np.ndarray:
    """Coerce ``p`` to a float64 array of shape ``(n, ...)`` (components first)."""
    s = "s" if n != 1 else ""
    arr = real_array(p, name, f"real numbers, {n} component{s} first (shape ({n},) or ({n}, ...))")
    if n == 1 and arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim == 0 or arr.shape[0] != n:
        raise ValueError(f"{name} must have {n} component{s} first (shape ({n},) or ({n}, ...)); got shape {arr.shape}")
    return arr


def as_start(start: Any, n: int, name: str = "start") -> tuple[np.ndarray, bool]:
    """Coerce a start to shape ``(k, n)``, k >= 1, finite; also say whether one point (not a batch) was given."""
    s = "s" if n != 1 else ""
    allowed = f"{n} coordinate{s} (shape ({n},) or (k, {n}))"
    arr = real_array(start, name, f"real numbers, {allowed}")
    single = arr.ndim <= 1
    if n == 1 and arr.ndim == 1 and arr.shape[0] != 1:
        arr, single = arr.reshape(-1, 1), False  # many 1-D starts given flat
    arr = np.atleast_2d(arr.reshape(1, -1) if arr.ndim == 0 else arr)
    if arr.ndim != 2 or arr.shape[1] != n:
        raise ValueError(f"{name} must have {allowed}; got shape {np.shape(start)}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one point of {allowed}; got shape {np.shape(start)}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite; it contains NaN or infinity")
    return arr, single


def _interval(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    if low is not None and high is not None:
        return f"lie in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f"be a finite number {'>' if low_open else '>='} {low:g}"
    if high is not None:
        return f"be a finite number {'<' if high_open else '<='} {high:g}"
    return "be a finite number"


def number(
    value: Any,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """A finite real number within [low, high] (ends open when asked); ``None`` leaves a side unbounded."""
    rule = f"{name} must {_interval(low, high, low_open, high_open)}"
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if not _is_real(value):
        raise TypeError(f"{rule}; got {kind_of(value)}")
    try:
        x = float(value)
    except OverflowError:
        raise ValueError(f"{rule}; got {shown(value)}") from None
    bad = not np.isfinite(x)
    bad |= low is not None and (x <= low if low_open else x < low)
    bad |= high is not None and (x >= high if high_open else x > high)
    if bad:
        raise ValueError(f"{rule}; got {shown(value)}")
    return x


def positive(value: Any, name: str) -> float:
    """A finite number > 0."""
    return number(value, name, low=0.0, low_open=True)


def whole(value: Any, name: str, minimum: int = 0, maximum: int | None = None, why: str = "") -> int:
    """A whole number (not a bool, not a float) in [minimum, maximum]; ``why`` explains the maximum,
    which the message names only when it is exceeded."""
    rule = f"{name} must be a whole number >= {minimum}"
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{rule}; got {shown(value)}")
    try:
        k = operator.index(value)
    except TypeError:
        raise TypeError(f"{rule}; got {kind_of(value)}") from None
    if k < minimum:
        raise ValueError(f"{rule}; got {shown(value)}")
    if maximum is not None and k > maximum:
        raise ValueError(f"{name} must be a whole number <= {maximum:,}" + (f" ({why})" if why else "")
                         + f"; got {shown(value)}")
    return int(k)


def positive_int(value: Any, name: str, minimum: int = 1) -> int:
    """A whole number >= ``minimum``."""
    return whole(value, name, minimum)


def choice(value: Any, name: str, options: Sequence[str]) -> str:
    """One of the strings ``options``."""
    allowed = f"{options[0]!r} or {options[1]!r}" if len(options) == 2 else f"one of {', '.join(options)}"
    if not isinstance(value, str):
        raise TypeError(f"{name} must be {allowed}; got {kind_of(value)}")
    if value not in options:
        raise ValueError(f"{name} must be {allowed}; got {shown(value)}")
    return value


def flag(value: Any, name: str) -> bool:
    """True or False (numpy's bool too)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {kind_of(value)}")
    return bool(value)


def text(value: Any, name: str, *, empty: bool = True) -> str:
    """A str (non-empty unless ``empty``)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str; got {kind_of(value)}")
    if not empty and not value.strip():
        raise ValueError(f"{name} must be a non-empty str; got {shown(value)}")
    return value


def names(value: Any, name: str) -> tuple[str, ...]:
    """A tuple of str from a list or tuple of str (a bare str is refused: it is not a list of names)."""
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"{name} must be a tuple of str; got {kind_of(value)}")
    for i, item in enumerate(value):
        text(item, f"{name}[{i}]")
    return tuple(value)


def function(value: Any, name: str) -> Callable[..., Any]:
    """A callable."""
    if not callable(value):
        raise TypeError(f"{name} must be a function (a callable); got {kind_of(value)}")
    return value


def landscape(value: Any, name: str = "landscape") -> Landscape:
    """A gradmath Landscape."""
    from .landscape import Landscape

    if not isinstance(value, Landscape):
        raise TypeError(f"{name} must be a gradmath Landscape; got {type(value).__name__}")
    return value


def constraint(value: Any, n: int, name: str = "constraint") -> Box | Budget | None:
    """None, or a Box or Budget whose bounds fit ``n`` variables."""
    from .constraints import Box, Budget

    if value is None:
        return None
    if not isinstance(value, (Box, Budget)):
        raise TypeError(f"{name} must be a gradmath Box or Budget, or None; got {type(value).__name__}")
    try:
        value.check(n)
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None
    return value


def resolution(value: Any, name: str = "resolution", *, bytes_per_point: int) -> tuple[int, int]:
    """A grid resolution: an int or a pair (nx, ny), each >= 2, whose points fit the memory budget."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair (nx, ny); got {shown(value)}")
        nx, ny = whole(value[0], name, 2), whole(value[1], name, 2)
    else:
        nx = ny = whole(value, name, 2)
    most = most_items(bytes_per_point)
    if nx * ny > most:
        raise ValueError(f"{name} must give at most {most:,} grid points (nx × ny, within {budget_text()}); "
                         f"got {nx:,} × {ny:,}")
    return nx, ny


def symmetric_matrix(value: Any, name: str, what: str = "a symmetric matrix") -> np.ndarray:
    """A finite, square, symmetric (to rounding: 1e-8 of its largest entry) float matrix."""
    arr = real_array(value, name, what)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.size == 0:
        raise ValueError(f"{name} must be {what} of shape (n, n); got shape {arr.shape}")
    finite(arr, name)
    scale = float(np.max(np.abs(arr)))
    if float(np.max(np.abs(arr - arr.T))) > 1e-8 * scale:
        raise ValueError(f"{name} must be {what}; got an asymmetric {arr.shape[0]}×{arr.shape[1]} matrix {shown(arr)}")
    return arr


def _typed_array(value: Any, kind: str) -> np.ndarray | None:
    """``value`` as an array of booleans or of whole numbers, or None if it is not one."""
    if not isinstance(value, (np.ndarray, list, tuple)):
        return None
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError):
        return None
    return arr if (arr.dtype == bool if kind == "bool" else arr.dtype.kind in "iu") else None


def shaped(value: Any, name: str, dims: tuple[int | str, ...], sizes: dict[str, int], kind: str = "real") -> np.ndarray:
    """A result array of ``kind`` ("real", "int" or "bool") whose shape matches ``dims``: ints fix an
    axis length, names bind one in ``sizes`` so that the fields of one result agree."""
    label = "(" + ", ".join(map(str, dims)) + ("," if len(dims) == 1 else "") + ")"
    arr = real_array(value, name) if kind == "real" else _typed_array(value, kind)
    if arr is None:
        raise TypeError(f"{name} must be an array of {'booleans' if kind == 'bool' else 'whole numbers'} of "
                        f"shape {label}; got {kind_of(value)}")
    if arr.ndim != len(dims):
        raise ValueError(f"{name} must have shape {label}; got shape {arr.shape}")
    for dim, size in zip(dims, arr.shape):
        expected = dim if isinstance(dim, int) else sizes.setdefault(dim, size)
        if size != expected:
            raise ValueError(f"{name} must have shape {label} with {dim} = {expected}; got shape {arr.shape}")
    return arr


def interval(value: Any, name: str) -> tuple[float, float]:
    """A pair (low, high) of finite numbers with low < high."""
    rule = f"{name} must be a pair (low, high) of finite numbers"
    arr = real_array(value, name, "a pair (low, high) of finite numbers")
    if arr.shape != (2,) or not np.all(np.isfinite(arr)):
        raise ValueError(f"{rule}; got {shown(value)}")
    low, high = arr.tolist()
    if not low < high:
        raise ValueError(f"{rule} with low < high; got {shown(value)}")
    return low, high


def series(value: Any, name: str) -> tuple[float, ...]:
    """A finite 1-D sequence of numbers, as a tuple of floats."""
    arr = real_array(value, name, "a list of finite numbers")
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a list of finite numbers; got shape {arr.shape}")
    return tuple(finite(arr, name).tolist())


def categories(value: Any, name: str, options: Sequence[str]) -> np.ndarray:
    """A 1-D array of str, each one of ``options``."""
    rule = f"{name} must be a list of str, each one of {', '.join(options)}"
    if not isinstance(value, (np.ndarray, list, tuple)):
        raise TypeError(f"{rule}; got {kind_of(value)}")
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError):
        raise ValueError(f"{rule}; got ragged nested sequences") from None
    if arr.ndim != 1 or (arr.size and arr.dtype.kind != "U"):
        if arr.ndim == 1 and arr.dtype.kind != "U":
            raise TypeError(f"{rule}; got an array of dtype {arr.dtype}")
        raise ValueError(f"{rule}; got shape {arr.shape}")
    unknown = sorted(set(arr.tolist()) - set(options))
    if unknown:
        raise ValueError(f"{rule}; got {unknown[0]!r}")
    return arr
