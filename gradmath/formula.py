"""Formulas typed as text, parsed safely into sympy: tokens, then Python's ast against an allowlist.

The text is never evaluated: it is tokenised and rewritten (``^`` → ``**``, implicit products
``2x``, ``3sin(y)``, ``2(x+1)``, ``(x+1)(x-1)``, ``(x+1)y``, Unicode ``−`` ``·`` ``×`` ``÷`` ``π`` ``²``
``³``), parsed with ``ast.parse(..., mode="eval")``, and the sympy expression is built node by node
from an allowlist: int and float numbers, the variables, ``pi`` and ``e``, ``+ - * / **``, unary
``-``/``+`` and calls of ``FUNCTIONS`` with one argument. Everything else raises a one-line
``FormulaError`` naming the piece and its column in the original text. Sizes are bounded before
any work is done: the text's length, nesting depth and node count, and the size of powers.

Precedence is Python's: ``-x^2`` is −(x²), ``x^2^3`` is x^(2^3), ``2^-1`` is ½, and an implicit
product binds like ``*`` (``1/2x`` is x/2). A name followed by ``(`` is a function call, so
``x(y+1)`` is an error (write ``x*(y+1)``); ``2 x`` and ``(x)(y)`` are products, ``x y`` and
``(x)2`` are errors. ``2e-3`` is scientific notation, ``2e`` is 2·e. ``log`` and ``ln`` are both the
natural logarithm, ``arctan`` and ``atan`` the same function. sympy is imported on first use.
"""

from __future__ import annotations

import ast
import keyword
import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NoReturn

import numpy as np

from ._checks import kind_of, shown

__all__ = [
    "FormulaError",
    "ParsedFormula",
    "parse_formula",
    "FUNCTIONS",
    "CONSTANTS",
    "MAX_LENGTH",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_VARIABLES",
]

FUNCTIONS: tuple[str, ...] = ("sin", "cos", "tan", "exp", "log", "ln", "sqrt", "abs", "tanh", "sinh", "cosh",
                              "arctan", "atan")
CONSTANTS: tuple[str, ...] = ("pi", "e")
MAX_LENGTH = 2000  # characters of text
MAX_DEPTH = 60  # levels of nesting (a chain of + or * is one level)
MAX_NODES = 1500  # expression nodes of Python's syntax tree (numbers, names, operations, calls)
MAX_VARIABLES = 30  # a Hessian has n² entries
MAX_DIGITS = 300  # no number, typed or computed, beyond 10^300
MAX_NUMBER_EXPONENT = 1000  # |k| in a^k when a and k are numbers
MAX_VARIABLE_EXPONENT = 100  # |k| in u^k when u depends on a variable


class FormulaError(ValueError):
    """A formula that cannot be parsed, with the ``column`` (1-based, in the original text) at fault."""

    def __init__(self, text: str, reason: str, column: int | None = None) -> None:
        self.text, self.reason, self.column = text, reason, column
        shown = re.sub(r"\s", " ", text if len(text) <= 80 else text[:77] + "...")
        where = f" (column {column})" if column is not None else ""
        super().__init__(f'formula "{shown}": {reason}{where}')


@dataclass(frozen=True)
class ParsedFormula:
    """The text, its variables in order, the sympy expression and the Python text that ast parsed."""

    text: str
    variables: tuple[str, ...]
    symbols: tuple[Any, ...]  # sympy Symbols (real), one per variable
    expression: Any  # a sympy expression
    python: str  # the rewritten text handed to ast.parse (never evaluated)

    @property
    def latex(self) -> str:
        """The expression as LaTeX (sympy's printer; a sum opens on a positive term when it has one)."""
        return _printer().doprint(self.expression)

    @property
    def symbol_latex(self) -> tuple[str, ...]:
        """The variables as LaTeX: ``alpha`` → ``\\alpha``, ``w1`` → ``w_{1}``."""
        import sympy

        return tuple(sympy.latex(s) for s in self.symbols)


@lru_cache(maxsize=1)
def _printer() -> Any:
    """sympy's LaTeX printer, except that a sum whose first term is negative opens on its first
    positive one: ``y - x^{2}``, never ``- x^{2} + y`` (how a person writes it; the order is
    otherwise sympy's)."""
    from sympy.core.function import _coeff_isneg
    from sympy.printing.latex import LatexPrinter

    class _PositiveFirst(LatexPrinter):
        def _as_ordered_terms(self, expr: Any, order: Any = None) -> list:
            terms = list(super()._as_ordered_terms(expr, order=order))
            if terms and _coeff_isneg(terms[0]):
                first = next((i for i, term in enumerate(terms) if not _coeff_isneg(term)), None)
                if first is not None:
                    terms.insert(0, terms.pop(first))
            return terms

    return _PositiveFirst()


def parse_formula(text: str, variables: Sequence[str] | None = None) -> ParsedFormula:
    """Parse ``text`` into a sympy expression of ``variables`` (default: its names, in natural order).

    Raises ``FormulaError`` (a ValueError) with the column of the offending piece.
    """
    if not isinstance(text, str):
        raise ValueError(f"formula must be a string; got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise FormulaError(text, f"the formula is too long ({len(text)} characters; at most {MAX_LENGTH})")
    if not text.strip():
        raise FormulaError(text, "the formula is empty")
    declared = None if variables is None else _check_variables(variables)
    python, origin = _rewrite(text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(python, mode="eval")
    except SyntaxError as exc:
        _syntax_error(text, python, origin, exc)
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError(text, "the formula is too complex to parse") from None
    nodes = sum(isinstance(node, ast.expr) for node in ast.walk(tree))
    if nodes > MAX_NODES:
        raise FormulaError(text, f"the formula is too large ({nodes} terms; at most {MAX_NODES})")
    names = declared if declared is not None else _natural_sort(_free_names(tree.body))
    if len(names) > MAX_VARIABLES:
        raise FormulaError(text, f"the formula has too many variables ({len(names)}; at most {MAX_VARIABLES})")
    from . import _symbolic

    symbols = tuple(_symbolic.sympy.Symbol(name, real=True) for name in names)
    builder = _Builder(text, python, origin, dict(zip(names, symbols)), declared is not None, _symbolic)
    expression, _ = builder.build(tree.body, 1)
    if not names:
        raise FormulaError(text, "the formula has no variables; name them with variables=(...)")
    return ParsedFormula(text=text, variables=tuple(names), symbols=symbols, expression=expression, python=python)


# --- variables ----------------------------------------------------------------------------------------
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def _check_variables(variables: Sequence[str]) -> tuple[str, ...]:
    if isinstance(variables, str) or not isinstance(variables, Sequence):
        raise TypeError(f"variables must be a sequence of names such as ('x', 'y'); got {kind_of(variables)}")
    for v in variables:
        if not isinstance(v, str) or not _NAME.match(v) or keyword.iskeyword(v):
            raise ValueError(f"variables: {shown(v)} is not a valid name (a letter, then letters, digits or _)")
        if v in FUNCTIONS or v in CONSTANTS:
            raise ValueError(f"variables: {v!r} is a {'function' if v in FUNCTIONS else 'constant'}; choose another name")
    if len(set(variables)) != len(variables):
        raise ValueError(f"variables must be distinct; got {shown(tuple(variables))}")
    return tuple(variables)


def _natural_sort(names: set[str]) -> list[str]:
    """Alphabetical, with digit runs compared as numbers: w1, w2, w10."""
    return sorted(names, key=lambda s: [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.findall(r"\d+|\D+", s)])


def _free_names(body: ast.AST) -> set[str]:
    called = {id(n.func) for n in ast.walk(body) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(body) if isinstance(n, ast.Name) and id(n) not in called
            and n.id not in CONSTANTS and n.id not in FUNCTIONS and _NAME.match(n.id)}


# --- tokens and rewriting -------------------------------------------------------------------------------
_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<string>(?:[rRbBuUfF]{1,2})?['\"])"
    r"|(?P<number>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[jJ]?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|//|<=|>=|==|!=|:=|<<|>>|[-+*/^()\[\]{}.,:;<>=!%@&|~])"
)
_UNICODE = {"−": ("op", "-"), "–": ("op", "-"), "·": ("op", "*"), "⋅": ("op", "*"), "×": ("op", "*"),
            "÷": ("op", "/"), "π": ("name", "pi"), "²": ("power", "2"), "³": ("power", "3")}
_OPENING, _CLOSING = "([{", ")]}"


def _rewrite(text: str) -> tuple[str, list[int]]:
    """Python text for ``text`` and, for each of its characters (and its end), the original index."""
    tokens: list[tuple[str, str, int]] = []  # (kind, python text, original index)
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _UNICODE:
            kind, out = _UNICODE[ch]
            if kind == "power":
                tokens += [("op", "**", i), ("number", out, i)]
            else:
                tokens.append((kind, out, i))
            i += 1
            continue
        m = _TOKEN.match(text, i)
        if m is None:
            raise FormulaError(text, f"unexpected character {ch!r}", i + 1)
        kind = m.lastgroup or ""
        if kind == "string":
            raise FormulaError(text, f"{'f-' if 'f' in m.group().lower() else ''}strings are not allowed", i + 1)
        if kind == "name" and m.group().startswith("_"):
            raise FormulaError(text, f"names starting with '_' are not allowed ({m.group()!r})", i + 1)
        if kind != "space":
            tokens.append((kind, "**" if m.group() == "^" else m.group(), i))
        i = m.end()
    out: list[str] = []
    origin: list[int] = []
    stack: list[int] = []
    previous: tuple[str, str, int] | None = None
    for tok in tokens:
        kind, piece, at = tok
        if previous is not None:
            star = _implicit_product(previous, tok)
            if star is None:
                raise FormulaError(text, f"missing operator between {_original(text, previous)!r} and "
                                         f"{_original(text, tok)!r}", at + 1)
            if star:
                out.append(" *")
                origin += [at, at]
        if piece in _OPENING:
            stack.append(at)
            if len(stack) > MAX_DEPTH:
                raise FormulaError(text, f"brackets are nested too deeply (more than {MAX_DEPTH} levels)", at + 1)
        elif piece in _CLOSING:
            if not stack:
                raise FormulaError(text, f"{text[at]!r} has no matching opening bracket", at + 1)
            opened = stack.pop()
            if _OPENING.index(text[opened]) != _CLOSING.index(piece):
                raise FormulaError(text, f"{text[opened]!r} is closed by {piece!r}", at + 1)
        out.append(" " + piece if out else piece)  # spaces keep tokens apart (ast refuses a leading one)
        width = len(piece) if piece == text[at:at + len(piece)] else 1  # rewritten pieces map to one char
        origin += ([at] if len(out) > 1 else []) + [at + min(k, width - 1) for k in range(len(piece))]
        previous = tok
    if stack:
        raise FormulaError(text, f"{text[stack[-1]]!r} is never closed", stack[-1] + 1)
    origin.append(len(text))
    return "".join(out), origin


def _operand(tok: tuple[str, str, int]) -> bool:
    kind, piece, _ = tok
    return kind == "number" or (kind == "name" and not keyword.iskeyword(piece))


def _implicit_product(prev: tuple[str, str, int], cur: tuple[str, str, int]) -> bool | None:
    """Whether to insert ``*`` between two tokens; ``None`` when they cannot stand side by side."""
    ends = _operand(prev) or prev[1] == ")"
    starts = _operand(cur) or cur[1] == "("
    if not (ends and starts):
        return False
    if prev[0] == "name" and cur[1] == "(":
        return False  # a call
    if prev[0] == "number" and not prev[1][-1] in "jJ" and (cur[0] == "name" or cur[1] == "("):
        return True  # 2x, 2(x + 1)
    if prev[1] == ")" and (cur[0] == "name" or cur[1] == "("):
        return True  # (x + 1)(x - 1), (x + 1)y
    return None


def _original(text: str, tok: tuple[str, str, int]) -> str:
    kind, piece, at = tok
    return piece if piece == text[at:at + len(piece)] else text[at]


def _syntax_error(text: str, python: str, origin: list[int], exc: SyntaxError) -> NoReturn:
    if "too complex" in str(exc.msg) or "too many" in str(exc.msg):
        raise FormulaError(text, "the formula is too complex to parse") from None
    offset = (exc.offset or 0) - 1
    if offset < 0 or offset >= len(python) or not python[offset:].strip():
        raise FormulaError(text, "the formula ends too early (an operand or bracket is missing)") from None
    at = origin[offset]
    rest = text[at:].split()
    raise FormulaError(text, f"invalid syntax at {rest[0][:20]!r}" if rest else "invalid syntax", at + 1) from None


# --- the allowlist: ast nodes to sympy ---------------------------------------------------------------
_REFUSED = {
    ast.Attribute: "attribute access is", ast.Subscript: "indexing is", ast.Lambda: "lambda is",
    ast.ListComp: "comprehensions are", ast.SetComp: "comprehensions are", ast.DictComp: "comprehensions are",
    ast.GeneratorExp: "comprehensions are", ast.List: "lists are", ast.Set: "sets are", ast.Dict: "dicts are",
    ast.Tuple: "tuples (a comma outside a call) are", ast.Compare: "comparisons are",
    ast.BoolOp: "'and' and 'or' are", ast.IfExp: "conditional expressions (if/else) are",
    ast.NamedExpr: "assignments (:=) are", ast.Starred: "starred arguments are", ast.JoinedStr: "f-strings are",
    ast.Await: "'await' is", ast.Yield: "'yield' is", ast.YieldFrom: "'yield' is", ast.Slice: "slices are",
}
_OPERATORS = {ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|",
              ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>", ast.Not: "not", ast.Invert: "~"}
_LOG10_MAX = float(MAX_DIGITS)


class _Builder:
    """Walks Python's syntax tree once; returns (sympy expression, float value if constant)."""

    def __init__(self, text: str, python: str, origin: list[int], symbols: dict[str, Any], declared: bool,
                 sym: Any) -> None:
        self.text, self.python, self.origin = text, python, origin
        self.symbols, self.declared, self.sym = symbols, declared, sym

    def fail(self, reason: str, offset: int) -> NoReturn:
        raise FormulaError(self.text, reason, self.origin[min(max(offset, 0), len(self.origin) - 1)] + 1)

    def between(self, left: ast.AST, right: ast.AST | None = None) -> int:
        """Offset of the operator after ``left`` (and before ``right``): skips spaces and ``)``."""
        start = left.end_col_offset or 0
        stop = len(self.python) if right is None else right.col_offset
        gap = self.python[start:stop]
        return start + len(gap) - len(gap.lstrip(" )"))

    def snippet(self, node: ast.AST) -> str:
        a = self.origin[node.col_offset]
        b = self.origin[max(node.end_col_offset - 1, node.col_offset)]
        return self.text[a:b + 1]

    def build(self, node: ast.AST, depth: int) -> tuple[Any, float | None]:
        if depth > MAX_DEPTH:
            self.fail(f"the formula is nested too deeply (more than {MAX_DEPTH} levels)", node.col_offset)
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BinOp) and type(node.op) in (ast.Add, ast.Sub):
            return self.chain(node, depth, (ast.Add, ast.Sub))
        if isinstance(node, ast.BinOp) and type(node.op) in (ast.Mult, ast.Div):
            return self.chain(node, depth, (ast.Mult, ast.Div))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            return self.power(node, depth)
        if isinstance(node, (ast.BinOp, ast.UnaryOp)) and type(node.op) in _OPERATORS:
            where = self.between(node.left, node.right) if isinstance(node, ast.BinOp) else node.col_offset
            self.fail(f"the operator {_OPERATORS[type(node.op)]!r} is not allowed", where)
        if isinstance(node, ast.UnaryOp):
            expr, value = self.build(node.operand, depth + 1)
            return (-expr, None if value is None else -value) if isinstance(node.op, ast.USub) else (expr, value)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        self.refuse(node)

    def refuse(self, node: ast.AST) -> NoReturn:
        what = _REFUSED.get(type(node), f"{type(node).__name__} is")
        where = node.col_offset
        if isinstance(node, (ast.Attribute, ast.Subscript)):
            where = self.between(node.value)
        elif isinstance(node, ast.Compare):
            where = self.between(node.left, node.comparators[0])
        elif isinstance(node, ast.BoolOp):
            where = self.between(node.values[0], node.values[1])
        elif isinstance(node, ast.IfExp):
            where = self.between(node.body, node.test)
        elif isinstance(node, ast.NamedExpr):
            where = self.between(node.target, node.value)
        self.fail(f"{what} not allowed", where)

    def constant(self, node: ast.Constant) -> tuple[Any, float]:
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            what = {bool: "booleans are", complex: "complex numbers are", str: "strings are"}.get(type(v))
            self.fail(f"{what or repr(v) + ' is'} not allowed", node.col_offset)
        if (isinstance(v, int) and v.bit_length() > 996) or not math.isfinite(v) or abs(v) > 10.0**MAX_DIGITS:
            self.fail(f"the number is too large (at most 1e{MAX_DIGITS})", node.col_offset)
        sympy = self.sym.sympy
        return (sympy.Integer(v) if isinstance(v, int) else sympy.Float(v)), float(v)

    def name(self, node: ast.Name) -> tuple[Any, float | None]:
        name = node.id
        if name.startswith("_"):
            self.fail(f"names starting with '_' are not allowed ({name!r})", node.col_offset)
        if name in self.sym.CONSTANTS:
            return self.sym.CONSTANTS[name]
        if name in FUNCTIONS:
            self.fail(f"{name!r} is a function: write {name}(...)", node.col_offset)
        if name not in self.symbols:
            self.fail(f"unknown name {name!r}; the variables are {', '.join(self.symbols) or 'none'}", node.col_offset)
        return self.symbols[name], None

    def chain(self, root: ast.BinOp, depth: int, ops: tuple[type, ...]) -> tuple[Any, float | None]:
        """A flattened run of + and − (or * and /), built as one sympy Add (Mul)."""
        items: list[tuple[bool, ast.AST, ast.BinOp | None]] = []
        node: ast.AST = root
        while isinstance(node, ast.BinOp) and type(node.op) in ops:
            items.append((isinstance(node.op, (ast.Sub, ast.Div)), node.right, node))
            node = node.left
        items.append((False, node, None))
        adding = ops[0] is ast.Add
        parts, value, constant = [], 0.0 if adding else 1.0, 0.0 if adding else 1.0
        for inverse, child, parent in reversed(items):
            expr, v = self.build(child, depth + 1)
            if inverse and not adding and v == 0:
                self.fail("division by zero", self.between(parent.left, child))
            if adding:
                parts.append(-expr if inverse else expr)
            else:
                parts.append(1 / expr if inverse else expr)
            value = None if value is None or v is None else _float_op(value, v, adding, inverse)
            constant = constant if v is None else _float_op(constant, v, adding, inverse)
        if not math.isfinite(constant):
            self.fail(f"the numbers in {self.snippet(root)!r} are too large", root.col_offset)
        self.check_value(value, root.col_offset, root)
        sympy = self.sym.sympy
        return self.check_expr(sympy.Add(*parts) if adding else sympy.Mul(*parts), value, root.col_offset, root)

    def power(self, node: ast.BinOp, depth: int) -> tuple[Any, float | None]:
        base, b = self.build(node.left, depth + 1)
        exponent, k = self.build(node.right, depth + 1)
        at = self.between(node.left, node.right)
        if k is not None and b is not None:
            if abs(k) > MAX_NUMBER_EXPONENT:
                self.fail(f"the exponent {k:.6g} is too large (at most {MAX_NUMBER_EXPONENT} on a number)", at)
            if b != 0 and abs(k) * abs(math.log10(abs(b))) > _LOG10_MAX:
                self.fail(f"{b:.6g}^{k:.6g} is too large (about 10^{abs(k) * math.log10(abs(b)):.0f}; "
                          f"numbers stay within 10^{MAX_DIGITS})", at)
        elif k is not None and abs(k) > MAX_VARIABLE_EXPONENT:
            self.fail(f"the exponent {k:.6g} is too large (at most {MAX_VARIABLE_EXPONENT} on a variable)", at)
        elif b is not None and b < 0:
            self.fail("a negative number to a variable power is not real", at)
        value = None
        if b is not None and k is not None:
            with np.errstate(all="ignore"):
                value = float(np.power(np.float64(b), np.float64(k)))
        self.check_value(value, at, node)
        power = self.sym.FUNCTIONS["exp"](exponent) if base == self.sym.sympy.E else base**exponent
        return self.check_expr(power, value, at, node)

    def call(self, node: ast.Call, depth: int) -> tuple[Any, float | None]:
        func = node.func
        if not isinstance(func, ast.Name):
            self.build(func, depth + 1)  # refuses whatever it is (attribute, lambda, ...)
            self.fail("only the named functions can be called", node.col_offset)
        name = func.id
        if name.startswith("_"):
            self.fail(f"names starting with '_' are not allowed ({name!r})", func.col_offset)
        if node.keywords:
            self.fail("keyword arguments are not allowed", node.keywords[0].col_offset)
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                self.fail("starred arguments are not allowed", arg.col_offset)
        if name not in FUNCTIONS:
            if name in self.symbols or name in CONSTANTS:
                self.fail(f"{name!r} is not a function: write {name}*(...) for a product", func.col_offset)
            self.fail(f"unknown function {name!r}; the functions are {', '.join(FUNCTIONS)}", func.col_offset)
        if len(node.args) != 1:
            self.fail(f"{name}() takes exactly one argument; got {len(node.args)}", func.col_offset)
        arg, v = self.build(node.args[0], depth + 1)
        value = None
        if v is not None:
            with np.errstate(all="ignore"):
                value = float(self.sym.FLOAT_FUNCTIONS[name](np.float64(v)))
        self.check_value(value, func.col_offset, node)
        return self.check_expr(self.sym.FUNCTIONS[name](arg), value, func.col_offset, node)

    def check_value(self, value: float | None, at: int, node: ast.AST) -> None:
        """Refuse a constant part whose float64 value is infinite or not real, before sympy sees it."""
        if value is not None and not math.isfinite(value):
            self.fail(f"{self.snippet(node)!r} is not a finite real number", at)

    def check_expr(self, expr: Any, value: float | None, at: int, node: ast.AST) -> tuple[Any, float | None]:
        """Refuse a constant part that sympy finds infinite, undefined or complex (tan(pi/2))."""
        if value is not None and self.sym.is_undefined(expr):
            self.fail(f"{self.snippet(node)!r} is not a finite real number", at)
        return expr, value


def _float_op(a: float, b: float, adding: bool, inverse: bool) -> float:
    with np.errstate(all="ignore"):
        x, y = np.float64(a), np.float64(b)
        return float((x - y if inverse else x + y) if adding else (x / y if inverse else x * y))
