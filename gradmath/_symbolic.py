"""The sympy side of formulas (imported lazily): the allowed functions as plain, inert sympy functions.

sympy's own ``sin``, ``tanh``, ``log``… simplify themselves when built, asking the assumption
system about their arguments; on nested arguments (``tanh(sqrt(log(exp(cos(…)))))``) those
questions take minutes. These classes carry the same names (so they print alike) and their
derivatives, evaluate only on plain constant arguments (``ln(e)`` = 1, ``tan(π/2)`` = zoo), and
treat every argument as real: d|u| = sign(u)·du, d sign(u) = 2δ(u)·du. A derivative is undefined
(NaN) where its function is: d log u = du/u only for u > 0, and d|u| (the sign) is NaN at u = 0.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import sympy

__all__ = ["FUNCTIONS", "FLOAT_FUNCTIONS", "CONSTANTS", "UNARY", "RealAbs", "RealSign", "LogPrime", "Delta", "PARTIAL",
           "is_undefined"]


def _plain_constant(arg: sympy.Expr) -> bool:
    """A number, π or e, or a sum or product of those: safe for sympy to simplify."""
    leaves = arg.args if (arg.is_Add or arg.is_Mul) else (arg,)
    return all(a.is_Number or a.is_NumberSymbol for a in leaves)


class _Inert(sympy.Function):
    """A one-argument function that sympy does not try to simplify (see the module docstring)."""

    nargs = 1
    _sympy: Callable[[sympy.Expr], sympy.Expr] | None = None  # sympy's own function, for constants

    @classmethod
    def eval(cls, arg: sympy.Expr) -> sympy.Expr | None:
        return cls._sympy(arg) if cls._sympy is not None and _plain_constant(arg) else None


def _inert(name: str, own: Callable[[sympy.Expr], sympy.Expr], derivative: Callable[[Any, Any], sympy.Expr],
           latex: str | None = None) -> type:
    """A function class named like sympy's (so it prints alike) with ``derivative(u, self)``."""

    def fdiff(self: sympy.Function, argindex: int = 1) -> sympy.Expr:
        return derivative(self.args[0], self)

    body: dict[str, Any] = {"_sympy": own, "fdiff": fdiff, "__module__": __name__}
    if latex is not None:
        def _latex(self: sympy.Function, printer: Any, exp: str | None = None) -> str:
            tex = latex % printer._print(self.args[0])
            return tex if exp is None else rf"\left({tex}\right)^{{{exp}}}"
        body["_latex"] = _latex
    return type(name, (_Inert,), body)


sin = _inert("sin", sympy.sin, lambda u, f: cos(u))
cos = _inert("cos", sympy.cos, lambda u, f: -sin(u))
tan = _inert("tan", sympy.tan, lambda u, f: 1 + f**2)
exp = _inert("exp", sympy.exp, lambda u, f: f, latex="e^{%s}")
LogPrime = _inert("LogPrime", None, lambda u, f: -f**2, latex=r"\frac{1}{%s}")  # 1/u where u > 0, else NaN
log = _inert("log", sympy.log, lambda u, f: LogPrime(u))
sinh = _inert("sinh", sympy.sinh, lambda u, f: cosh(u))
cosh = _inert("cosh", sympy.cosh, lambda u, f: sinh(u))
tanh = _inert("tanh", sympy.tanh, lambda u, f: 1 - f**2)
atan = _inert("atan", sympy.atan, lambda u, f: sympy.Pow(1 + u**2, -1, evaluate=False))
RealSign = _inert("sign", sympy.sign, lambda u, f: 2 * Delta(u), latex=r"\operatorname{sign}\left(%s\right)")
RealAbs = _inert("abs", sympy.Abs, lambda u, f: RealSign(u), latex=r"\left|%s\right|")


class Delta(sympy.Function):
    """Dirac's δ(u), or its k-th derivative δ⁽ᵏ⁾(u): 0 where u ≠ 0, undefined (NaN) where u = 0."""

    nargs = (1, 2)

    @classmethod
    def eval(cls, arg: sympy.Expr, k: sympy.Expr = sympy.S.Zero) -> sympy.Expr | None:
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        k = self.args[1] if len(self.args) > 1 else sympy.S.Zero
        return Delta(self.args[0], k + 1)

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        k = self.args[1] if len(self.args) > 1 else 0
        tex = rf"\delta^{{({printer._print(k)})}}\left({printer._print(self.args[0])}\right)" if k else \
            rf"\delta\left({printer._print(self.args[0])}\right)"
        return tex if exp is None else rf"\left({tex}\right)^{{{exp}}}"


FUNCTIONS: dict[str, Callable[[sympy.Expr], sympy.Expr]] = {
    "sin": sin, "cos": cos, "tan": tan, "exp": exp, "log": log, "ln": log, "sqrt": sympy.sqrt, "abs": RealAbs,
    "tanh": tanh, "sinh": sinh, "cosh": cosh, "arctan": atan, "atan": atan,
}

# The same functions on one float64, for checking constant parts of a formula before sympy sees them.
FLOAT_FUNCTIONS: dict[str, Callable[[np.float64], np.float64]] = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": np.log, "ln": np.log, "sqrt": np.sqrt,
    "abs": np.abs, "tanh": np.tanh, "sinh": np.sinh, "cosh": np.cosh, "arctan": np.arctan, "atan": np.arctan,
}

# Each function class (ours, and sympy's own for constants it simplified) to its numpy ufunc.
UNARY: dict[type, np.ufunc] = {
    sin: np.sin, cos: np.cos, tan: np.tan, exp: np.exp, log: np.log, sinh: np.sinh, cosh: np.cosh, tanh: np.tanh,
    atan: np.arctan, RealAbs: np.abs,
    sympy.sin: np.sin, sympy.cos: np.cos, sympy.tan: np.tan, sympy.exp: np.exp, sympy.log: np.log,
    sympy.sinh: np.sinh, sympy.cosh: np.cosh, sympy.tanh: np.tanh, sympy.atan: np.arctan, sympy.Abs: np.abs,
}

# Functions undefined on part of the line: ufunc, then NaN where ``undefined(u)``.
PARTIAL: dict[type, tuple[np.ufunc, Callable[[np.ndarray], np.ndarray]]] = {
    RealSign: (np.sign, lambda u: u == 0),  # the slope of |u| at its kink
    sympy.sign: (np.sign, lambda u: u == 0),
    LogPrime: (np.reciprocal, lambda u: u < 0),  # 1/u outside the logarithm's domain
}

CONSTANTS: dict[str, tuple[sympy.Expr, float]] = {"pi": (sympy.pi, float(np.pi)), "e": (sympy.E, float(np.e))}

_UNDEFINED = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo, sympy.I)


def is_undefined(expr: sympy.Expr) -> bool:
    """True when a constant expression is infinite, undefined or complex (1/0, tan(π/2), √−1)."""
    return bool(expr.has(*_UNDEFINED))
