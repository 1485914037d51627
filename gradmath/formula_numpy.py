"""A parsed formula's exact gradient and Hessian (sympy), turned into numpy functions without exec.

The expressions of f, ∇f and the Hessian share subexpressions through one ``sympy.cse``; each tree
is then walked once into closures over numpy ufuncs (no generated source, no ``lambdify``). Arrays
that a closure allocated are reused in place by its parent. Evaluation runs under
``np.errstate(all="ignore")``: where a derivative is undefined (√x or |x| at 0, log x for x ≤ 0)
the result is NaN or ±inf, never a warning. sympy is imported with this module.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import sympy

from ._symbolic import PARTIAL, UNARY, Delta, RealSign
from ._symbolic import log as _log
from .formula import FormulaError, ParsedFormula, parse_formula
from .landscape import ArrayFn, Landscape

__all__ = ["FormulaFunctions", "differentiate", "compile_formula", "formula_landscape", "MAX_DERIVATIVE_TERMS"]

MAX_DERIVATIVE_TERMS = 50_000  # terms and factors the derivative rules may write, gradient and Hessian


@dataclass(frozen=True)
class FormulaFunctions:
    """Components-first numpy functions of a formula: value, gradient and Hessian."""

    f: ArrayFn
    grad: ArrayFn
    hess: ArrayFn
    size: int  # distinct sympy nodes of f, ∇f and the Hessian before sharing


def differentiate(parsed: ParsedFormula) -> tuple[tuple[Any, ...], tuple[tuple[Any, ...], ...]]:
    """The gradient (n entries) and Hessian (n × n, symmetric) of ``parsed`` as sympy expressions.

    The chain, product and power rules run over the expression's shared tree, each distinct node
    once per variable, with sympy's own derivative of each function (``fdiff``): sympy's ``diff``
    re-walks whole trees at every level and takes seconds on a formula nested 30 deep. Raises
    ``FormulaError`` as soon as the rules have written ``MAX_DERIVATIVE_TERMS`` terms and factors.
    """
    x = parsed.symbols
    budget = _Budget(parsed.text)
    rules = [_Derivative(v, budget) for v in x]
    grad = tuple(d(parsed.expression) for d in rules)
    upper = {(i, j): rules[j](grad[i]) for i in range(len(x)) for j in range(i, len(x))}
    hess = tuple(tuple(upper[min(i, j), max(i, j)] for j in range(len(x))) for i in range(len(x)))
    return grad, hess


class _Budget:
    """Counts the terms and factors the derivative rules write; refuses past the limit."""

    def __init__(self, text: str) -> None:
        self.text, self.spent = text, 0

    def spend(self, k: int) -> None:
        self.spent += k
        if self.spent > MAX_DERIVATIVE_TERMS:
            raise FormulaError(self.text, f"its derivatives are too large (more than {MAX_DERIVATIVE_TERMS:,} "
                                          f"terms and factors)")

    def sum(self, terms: Any) -> Any:
        """An unsorted, flattened sympy Add of ``terms`` with its numbers folded."""
        out, number = [], sympy.S.Zero
        for t in terms:
            for a in (t.args if t.is_Add else (t,)):
                if a.is_Number:
                    number += a
                else:
                    out.append(a)
        if number != 0 or not out:
            out.append(number)
        self.spend(len(out))
        return out[0] if len(out) == 1 else sympy.Add(*out, evaluate=False)

    def product(self, factors: Any) -> Any:
        """An unsorted, flattened sympy Mul of ``factors`` with its numbers folded (zero if one is zero)."""
        out, number = [], sympy.S.One
        for f in factors:
            for a in (f.args if f.is_Mul else (f,)):
                if a.is_Number:
                    number *= a
                else:
                    out.append(a)
        self.spend(len(out))
        if number == 0:
            return sympy.S.Zero
        if number != 1 or not out:
            out.insert(0, number)
        return out[0] if len(out) == 1 else sympy.Mul(*out, evaluate=False)


class _Derivative:
    """∂/∂v of sympy expressions, memoised on (structurally equal) subexpressions.

    Sums and products of the result are flattened, with numbers folded, but not sorted: sympy's
    sorting compares whole subtrees and is what makes its ``diff`` slow on nested formulas.
    """

    def __init__(self, v: Any, budget: _Budget) -> None:
        self.v, self.budget = v, budget
        self.memo: dict[Any, Any] = {}
        self.depends: dict[Any, bool] = {}

    def has_v(self, e: Any) -> bool:
        known = self.depends.get(e)
        if known is None:
            known = self.depends[e] = e == self.v or any(self.has_v(a) for a in e.args)
        return known

    def __call__(self, e: Any) -> Any:
        done = self.memo.get(e)
        if done is None:
            done = self.memo[e] = self.rule(e) if self.has_v(e) else sympy.S.Zero
        return done

    def rule(self, e: Any) -> Any:
        add, mul = self.budget.sum, self.budget.product
        if e.is_Symbol:
            return sympy.S.One
        if e.is_Add:
            return add(self(a) for a in e.args)
        if e.is_Mul:
            args = e.args
            return add(mul([*args[:i], self(a), *args[i + 1:]]) for i, a in enumerate(args) if self.has_v(a))
        if e.is_Pow:
            base, k = e.args
            if not self.has_v(k):
                return mul([k, _power(base, k - 1), self(base)])
            return mul([e, add([mul([self(k), _log(base)]), mul([k, self(base), _power(base, -1)])])])
        if isinstance(e, (sympy.Abs, sympy.sign)):  # sympy makes these itself, of real arguments
            u = e.args[0]
            return mul([RealSign(u) if isinstance(e, sympy.Abs) else 2 * Delta(u), self(u)])
        if isinstance(e, sympy.Function) and e.args and not any(self.has_v(a) for a in e.args[1:]):
            return mul([e.fdiff(1), self(e.args[0])])
        raise FormulaError(self.budget.text, f"cannot differentiate {type(e).__name__}")


def _power(base: Any, k: Any) -> Any:
    """base**k, unevaluated (sympy's Pow would ask questions about a sum it raises to a power)."""
    return sympy.S.One if k == 0 else base if k == 1 else sympy.Pow(base, k, evaluate=False)


def _count(expr: Any, seen: set[Any]) -> int:
    """Distinct nodes of ``expr`` not in ``seen`` (which it extends): the size of the shared tree."""
    new, stack = 0, [expr]
    while stack:
        e = stack.pop()
        if e not in seen:
            seen.add(e)
            new += 1
            stack.extend(e.args)
    return new


def compile_formula(parsed: ParsedFormula) -> FormulaFunctions:
    """Differentiate ``parsed`` and build its value, gradient and Hessian functions."""
    grad, hess = differentiate(parsed)
    n = len(parsed.symbols)
    upper = [(i, j) for i in range(n) for j in range(i, n)]
    size = _count(sympy.Tuple(parsed.expression, *grad, *(hess[i][j] for i, j in upper)), set())
    with np.errstate(all="ignore"):  # constants folded here may overflow or be undefined, like values
        return FormulaFunctions(
            f=_Program(parsed, [parsed.expression]).function("value", []),
            grad=_Program(parsed, grad).function("gradient", [(i,) for i in range(n)]),
            hess=_Program(parsed, [hess[i][j] for i, j in upper]).function("hessian", upper),
            size=size,
        )


# --- compiling sympy trees into closures -----------------------------------------------------------------
Env = list  # the variables' rows, then the shared temporaries, in order
Kind = Literal["value", "gradient", "hessian"]


@dataclass(frozen=True)
class _Code:
    """A closure computing an array from the environment; ``owned`` when it returns a fresh array."""

    fn: Callable[[Env], np.ndarray]
    owned: bool


class _Program:
    """Compiles the outputs of one function (value, gradient or Hessian) into closures.

    Common subexpressions are shared the way ``sympy.cse``'s ``tree_cse`` shares them: every
    distinct subtree (structural equality) used more than once is computed once, in dependency
    order, into a slot; the others are inlined, so their fresh arrays can be reused in place. (The
    other half of ``sympy.cse``, matching subsets of sums' and products' arguments, is quadratic
    and took seconds on formulas nested 40 deep, and sympy rebuilds every expression it touches.)
    """

    def __init__(self, parsed: ParsedFormula, outputs: Sequence[Any]) -> None:
        self.text, self.n, self.outputs = parsed.text, len(parsed.symbols), list(outputs)
        self.variables = {s: i for i, s in enumerate(parsed.symbols)}
        self.shared: dict[Any, float | _Code] = {}

    def function(self, kind: Kind, where: Sequence[tuple[int, ...]]) -> ArrayFn:
        uses, order = _references(self.outputs)
        steps = []
        for e in order:  # children before parents
            if uses[e] > 1 and e.args:
                code = self.node(e)
                if isinstance(code, _Code):
                    k = self.n + len(steps)
                    steps.append(code.fn)
                    code = _Code(lambda env, k=k: env[k], False)
                self.shared[e] = code
        return _runner(kind, self.n, steps, [self.node(e) for e in self.outputs], where)

    def node(self, e: Any) -> float | _Code:
        shared = self.shared.get(e)
        if shared is not None:
            return shared
        if e.is_Symbol:
            return self.symbol(e)
        if e.is_Number or e.is_NumberSymbol:
            return _number(e)
        if e.is_Add:
            return _fold(np.add, [self.node(a) for a in e.args], 0.0)
        if e.is_Mul:
            return self.product(e.args)
        if e.is_Pow:
            return self.power(e.base, e.exp)
        ufunc = UNARY.get(type(e))
        if ufunc is not None:
            return _unary(ufunc, self.node(e.args[0]))
        partial = PARTIAL.get(type(e))
        if partial is not None:
            return _partial(*partial, self.node(e.args[0]))
        if isinstance(e, (Delta, sympy.DiracDelta)):
            return _delta(self.node(e.args[0]))
        if isinstance(e, sympy.Heaviside):
            half = float(e.args[1]) if len(e.args) > 1 else 0.5
            return _binary(np.heaviside, self.node(e.args[0]), half)
        reason = "its derivatives are not real" if e == sympy.I else f"{type(e).__name__} cannot be evaluated"
        raise FormulaError(self.text, reason)

    def symbol(self, e: Any) -> _Code:
        if e not in self.variables:
            raise FormulaError(self.text, f"unknown symbol {e}")
        i = self.variables[e]
        return _Code(lambda env: env[i], False)

    def product(self, args: Sequence[Any]) -> float | _Code:
        """A product, with factors of negative numeric power gathered into one division."""
        numerator, denominator = [], []
        for a in args:
            if a.is_Pow and a.exp.is_Number and a.exp < 0 and a not in self.shared:
                denominator.append(self.power(a.base, -a.exp))
            else:
                numerator.append(self.node(a))
        top = _fold(np.multiply, numerator, 1.0)
        if not denominator:
            return top
        return _binary(np.divide, top, _fold(np.multiply, denominator, 1.0))

    def power(self, base: Any, exponent: Any) -> float | _Code:
        b = self.node(base)
        if not exponent.is_Number:
            return _binary(np.power, b, self.node(exponent))
        k = float(exponent)
        if isinstance(b, float):
            return _scalar(np.power, b, k)
        if exponent.is_Integer and abs(k) <= 16:
            return _integer_power(b, int(exponent))
        if abs(k) in (0.5, 1.5):
            return _root_power(b, k)
        return _binary(np.power, b, k)


def _references(outputs: Sequence[Any]) -> tuple[Counter, list[Any]]:
    """How often each distinct subtree is referenced, and the subtrees in post-order (children first)."""
    uses: Counter = Counter(outputs)
    order: list[Any] = []
    seen: set[Any] = set()
    stack: list[tuple[Any, bool]] = [(e, False) for e in reversed(outputs)]
    while stack:
        e, done = stack.pop()
        if done:
            order.append(e)
        elif e not in seen:
            seen.add(e)
            stack.append((e, True))
            for a in e.args:
                uses[a] += 1
                stack.append((a, False))
    return uses, order


def _number(e: Any) -> float:
    try:
        return float(e)
    except OverflowError:
        return float("inf") if e > 0 else float("-inf")
    except TypeError:  # zoo, complex
        return float("nan")


def _scalar(ufunc: np.ufunc, *args: float) -> float:
    """A constant folded at compile time (``compile_formula`` silences numpy's warnings)."""
    return float(ufunc(*(np.float64(a) for a in args)))


def _fold(ufunc: np.ufunc, items: Sequence[float | _Code], identity: float) -> float | _Code:
    """Sum (or product) of items: constants folded, arrays accumulated in place in an owned one."""
    const = identity
    codes = []
    for item in items:
        if isinstance(item, _Code):
            codes.append(item)
        else:
            const = _scalar(ufunc, const, item)
    if not codes:
        return const
    codes.sort(key=lambda c: not c.owned)  # an owned array first: accumulate into it
    first, rest = codes[0].fn, [c.fn for c in codes[1:]]
    extra = None if const == identity else const
    if not rest and extra is None:
        return codes[0]
    owned = codes[0].owned

    def run(env: Env) -> np.ndarray:
        acc = first(env)
        todo = rest
        if not owned:
            acc = ufunc(acc, rest[0](env)) if rest else ufunc(acc, extra)
            todo = rest[1:]
        for fn in todo:
            ufunc(acc, fn(env), out=acc)
        if extra is not None and (owned or rest):
            ufunc(acc, extra, out=acc)
        return acc

    return _Code(run, True)


def _unary(ufunc: np.ufunc, a: float | _Code) -> float | _Code:
    if not isinstance(a, _Code):
        return _scalar(ufunc, a)
    fn, owned = a.fn, a.owned

    def run(env: Env) -> np.ndarray:
        v = fn(env)
        return ufunc(v, out=v) if owned else ufunc(v)

    return _Code(run, True)


def _binary(ufunc: np.ufunc, a: float | _Code, b: float | _Code) -> float | _Code:
    if not isinstance(a, _Code) and not isinstance(b, _Code):
        return _scalar(ufunc, a, b)
    fa = a.fn if isinstance(a, _Code) else (lambda env, c=a: c)
    fb = b.fn if isinstance(b, _Code) else (lambda env, c=b: c)
    into_a = isinstance(a, _Code) and a.owned
    into_b = not into_a and isinstance(b, _Code) and b.owned

    def run(env: Env) -> np.ndarray:
        left, right = fa(env), fb(env)
        return ufunc(left, right, out=left if into_a else right if into_b else None)

    return _Code(run, True)


def _integer_power(a: _Code, k: int) -> float | _Code:
    """a**k by squaring and multiplying (never into a borrowed array), then one reciprocal if k < 0."""
    if k == 0:
        return 1.0
    if k == 1:
        return a
    fn, owned, m = a.fn, a.owned, abs(k)

    def run(env: Env) -> np.ndarray:
        square, fresh, result, bits = fn(env), owned, None, m
        while bits:
            if bits & 1:
                if result is None:
                    result, fresh = (square if fresh else square.copy()), False  # result now owns it
                else:
                    np.multiply(result, square, out=result)
            bits >>= 1
            if bits:
                square, fresh = np.multiply(square, square, out=square if fresh else None), True
        return np.divide(1.0, result, out=result) if k < 0 else result

    return _Code(run, True)


def _root_power(a: _Code, k: float) -> _Code:
    """a**k for k = ±1/2 or ±3/2: a square root (times a), then one reciprocal if k < 0."""
    fn, owned = a.fn, a.owned

    def run(env: Env) -> np.ndarray:
        v = fn(env)
        if abs(k) == 0.5:
            r = np.sqrt(v, out=v if owned else None)
        else:
            r = np.sqrt(v)
            np.multiply(r, v, out=r)
        return np.divide(1.0, r, out=r) if k < 0 else r

    return _Code(run, True)


def _partial(ufunc: np.ufunc, undefined: Callable[[Any], Any], a: float | _Code) -> float | _Code:
    """ufunc(u), NaN where ``undefined(u)``."""
    if not isinstance(a, _Code):
        return float("nan") if undefined(a) else _scalar(ufunc, a)
    fn, owned = a.fn, a.owned

    def run(env: Env) -> np.ndarray:
        u = fn(env)
        outside = undefined(u)
        out = ufunc(u, out=u if owned else None)
        out[outside] = np.nan
        return out

    return _Code(run, True)


def _delta(a: float | _Code) -> float | _Code:
    """Dirac's δ(u) (or a derivative of it): 0 where u ≠ 0, NaN where u = 0 (undefined)."""
    if not isinstance(a, _Code):
        return float("nan") if a == 0 else a * 0.0
    fn = a.fn

    def run(env: Env) -> np.ndarray:
        u = fn(env)
        out = np.multiply(u, 0.0)  # keeps NaN and turns ±inf into NaN
        out[u == 0] = np.nan
        return out

    return _Code(run, True)


def _runner(kind: Kind, n: int, steps: list[Callable[[Env], np.ndarray]], codes: list[float | _Code],
            where: Sequence[tuple[int, ...]]) -> ArrayFn:
    """The components-first function: (n,) or (n, ...) in; (...), (n, ...) or (n, n, ...) out."""
    fns = [(c.fn, c.owned) if isinstance(c, _Code) else (None, c) for c in codes]

    def evaluate(p: np.ndarray) -> np.ndarray:
        x = np.asarray(p, dtype=float)
        if x.ndim == 0 or x.shape[0] != n:
            raise ValueError(f"p must have {n} components first; got shape {x.shape}")
        single = x.ndim == 1
        if single:
            x = x[:, None]
        env = list(x)
        shape = x.shape[1:]
        with np.errstate(all="ignore"):
            for step in steps:
                env.append(step(env))
            if kind == "value":
                fn, own = fns[0]
                out = np.full(shape, own) if fn is None else (fn(env) if own else fn(env).copy())
                return out[0] if single else out
            out = np.empty((n,) * (1 if kind == "gradient" else 2) + shape)
            for (fn, own), at in zip(fns, where):
                value = own if fn is None else fn(env)
                out[at] = value
                if len(at) == 2 and at[0] != at[1]:
                    out[at[::-1]] = value
        return out[..., 0] if single else out

    return evaluate


# --- the landscape -------------------------------------------------------------------------------------
def formula_landscape(
    formula: str,
    *,
    domain: Sequence[Sequence[float]] | Mapping[str, Sequence[float]],
    goal: str = "min",
    variables: Sequence[str] | None = None,
    name: str | None = None,
    title: str | None = None,
    labels: Sequence[str] | None = None,
) -> Landscape:
    """The Landscape of a typed formula: see ``Landscape.from_formula``."""
    if goal not in ("min", "max"):
        raise ValueError(f"goal must be 'min' or 'max'; got {goal!r}")
    parsed = parse_formula(formula, variables)
    names = parsed.variables
    bounds = _domain(domain, names)
    if labels is None:
        labels = names
    elif isinstance(labels, str) or len(labels) != len(names) or not all(isinstance(s, str) for s in labels):
        raise ValueError(f"labels must be {len(names)} strings, one per variable ({', '.join(names)}); got {labels!r}")
    functions = compile_formula(parsed)
    symbols = parsed.symbol_latex
    return Landscape(
        name="formula" if name is None else name,
        title=formula if title is None else title,
        latex=f"f({', '.join(symbols)}) = {parsed.latex}",
        variables=tuple(labels),
        symbols=symbols,
        domain=bounds,
        goal=goal,  # type: ignore[arg-type]
        f=functions.f,
        grad=functions.grad,
        hess=functions.hess,
        formula=formula,
        description=f"The typed formula {formula}, with its gradient and Hessian derived exactly.",
    )


def _domain(domain: Any, names: tuple[str, ...]) -> tuple[tuple[float, float], ...]:
    """One finite (low, high) pair per variable, low < high; a bare pair will do for one variable."""
    if isinstance(domain, Mapping):
        unknown = [k for k in domain if k not in names]
        if unknown:
            raise ValueError(f"domain names {', '.join(map(str, unknown))}, which the formula does not use "
                             f"(its variables: {', '.join(names)})")
        missing = [v for v in names if v not in domain]
        if missing:
            raise ValueError(f"domain needs a [low, high] pair for {', '.join(missing)}")
        pairs = [domain[v] for v in names]
    else:
        pairs = list(domain) if isinstance(domain, Sequence) or isinstance(domain, np.ndarray) else [domain]
        if len(names) == 1 and len(pairs) == 2 and all(np.ndim(v) == 0 for v in pairs):
            pairs = [pairs]
    if len(pairs) != len(names):
        raise ValueError(f"domain needs one [low, high] pair per variable ({', '.join(names)}); got {len(pairs)}")
    out = []
    for v, pair in zip(names, pairs):
        try:
            low, high = (float(b) for b in pair)
        except (TypeError, ValueError):
            raise ValueError(f"domain of {v} must be a pair [low, high] of numbers; got {pair!r}") from None
        if not (np.isfinite(low) and np.isfinite(high)):
            raise ValueError(f"domain of {v} must be finite; got [{low:g}, {high:g}]")
        if not low < high:
            raise ValueError(f"domain of {v} needs low < high; got [{low:g}, {high:g}]")
        out.append((low, high))
    return tuple(out)
