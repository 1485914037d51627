"""gradmath.formula: what the parser accepts (with its numbers), what it refuses (with the column), and
the bounds that keep hostile text from hanging or filling memory."""

from __future__ import annotations

import io
import math
import subprocess
import sys
import time
import tokenize
from pathlib import Path

import numpy as np
import pytest

from gradmath import FormulaError, Landscape, parse_formula
from gradmath.formula import MAX_DEPTH, MAX_LENGTH, MAX_VARIABLES

ROOT = Path(__file__).resolve().parents[1]


def value(text: str, point: dict[str, float], variables: tuple[str, ...] | None = None) -> float:
    """The formula's value at one point (through the numpy evaluation, as a landscape uses it)."""
    names = variables or tuple(point)
    ls = Landscape.from_formula(text, domain=[(-100, 100)] * len(names), variables=names)
    return float(ls.value([point[v] for v in names]))


# --- accepted syntax, checked by its numbers ----------------------------------------------------------
ACCEPTED = [
    ("2x^2", {"x": 3}, 18),
    ("-x^2", {"x": 3}, -9),  # unary minus binds looser than the power, as in maths
    ("-2^2", {"x": 0}, -4),
    ("(-2)^2", {"x": 0}, 4),
    ("2^-1", {"x": 0}, 0.5),
    ("x^-1", {"x": 4}, 0.25),
    ("x^2^3", {"x": 2}, 256),  # right-associative: 2^(2^3)
    ("2^3^2", {"x": 0}, 512),
    ("x**2 + x^2", {"x": 3}, 18),
    ("e^x", {"x": 1}, math.e),
    ("e", {"x": 0}, math.e),
    ("ln(e)", {"x": 0}, 1),
    ("log(e^2)", {"x": 0}, 2),
    ("3sin(y)", {"y": math.pi / 2}, 3),
    ("2(x+1)", {"x": 2}, 6),
    ("(x+1)(x-1)", {"x": 3}, 8),
    ("(x+1)y", {"x": 2, "y": 3}, 9),
    ("2 x", {"x": 4}, 8),
    ("2pi", {"x": 0}, 2 * math.pi),
    ("2e", {"x": 0}, 2 * math.e),  # a number times e ...
    ("2e-3", {"x": 0}, 0.002),  # ... unless it reads as scientific notation
    ("2e - 3", {"x": 0}, 2 * math.e - 3),
    ("1e-3x", {"x": 2}, 0.002),
    ("1.5E+2 + .5", {"x": 0}, 150.5),
    ("1/2x", {"x": 6}, 3),  # an implicit product binds like *: (1/2)·x
    ("x/y/z", {"x": 8, "y": 2, "z": 2}, 2),
    ("x - y - z", {"x": 8, "y": 2, "z": 2}, 4),
    ("+x", {"x": 2}, 2),
    ("--x", {"x": 2}, 2),
    ("x − y", {"x": 5, "y": 2}, 3),  # Unicode minus
    ("x·y + x×y", {"x": 5, "y": 2}, 20),
    ("x ÷ y", {"x": 5, "y": 2}, 2.5),
    ("π", {"x": 0}, math.pi),
    ("x²y + y³", {"x": 3, "y": 2}, 26),
    ("sqrt(x) + abs(y)", {"x": 9, "y": -2}, 5),
    ("exp(x) + log(y) + ln(y)", {"x": 0, "y": math.e}, 3),
    ("tan(x) + tanh(x) + sinh(x) + cosh(x)", {"x": 0.5}, math.tan(0.5) + math.tanh(0.5) + math.sinh(0.5) + math.cosh(0.5)),
    ("arctan(x) + atan(x)", {"x": 1}, math.pi / 2),
    ("cos(pi*x)", {"x": 1}, -1),
    ("  x \t+\n y ", {"x": 1, "y": 2}, 3),
    ("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", {"x": 3, "y": 2}, 0),
]


@pytest.mark.parametrize(("text", "point", "expected"), ACCEPTED, ids=[t for t, _, _ in ACCEPTED])
def test_accepted_syntax_has_the_right_value(text, point, expected):
    names = tuple(point)
    assert value(text, point, names) == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_variables_default_to_natural_order():
    assert parse_formula("w10 + w2 + w1 + alpha").variables == ("alpha", "w1", "w2", "w10")
    assert parse_formula("y*x + cos(z)").variables == ("x", "y", "z")
    assert parse_formula("x", variables=("y", "x")).variables == ("y", "x")  # given: kept, unused ones too


def test_latex_of_variables_and_formula():
    p = parse_formula("alpha^2 + w1 + abs(x)")
    assert p.symbol_latex == (r"\alpha", "w_{1}", "x")
    assert p.latex == r"\alpha^{2} + w_{1} + \left|x\right|"
    assert parse_formula("e^x").latex == "e^{x}"


@pytest.mark.parametrize("text, latex", [
    ("(1-x)^2 + 100(y-x^2)^2", r"\left(1 - x\right)^{2} + 100 \left(y - x^{2}\right)^{2}"),  # Rosenbrock as written
    ("-(x-1)^2 + 3", r"3 - \left(x - 1\right)^{2}"),
    ("-x^2 - y", r"- x^{2} - y"),  # no positive term: sympy's order
    ("x^2 - y", r"x^{2} - y"),
])
def test_a_sum_opens_on_a_positive_term(text: str, latex: str) -> None:
    assert parse_formula(text).latex == latex


def test_implicit_products_in_the_rewritten_text():
    assert parse_formula("2(y+1)(y-1)y").python == "2 * ( y + 1 ) * ( y - 1 ) * y"


# --- refused text: a one-line FormulaError naming the piece and its column ---------------------------
REFUSED = [
    ("__import__('os')", None, 1, "names starting with '_'"),
    ("x.real", None, 2, "attribute access is not allowed"),
    ("x.__class__", None, 3, "names starting with '_'"),
    ("x[0]", None, 2, "indexing is not allowed"),
    ('"a"', None, 1, "strings are not allowed"),
    ("f'{x}'", None, 1, "f-strings are not allowed"),
    ("lambda: 1", None, 1, "lambda is not allowed"),
    ("[x for x in y]", None, 1, "comprehensions are not allowed"),
    ("[x]", None, 1, "lists are not allowed"),
    ("{x}", None, 1, "sets are not allowed"),
    ("{x: 1}", None, 1, "dicts are not allowed"),
    ("x, y", None, 1, "tuples"),
    ("f(x=1)", None, 3, "keyword arguments are not allowed"),
    ("sin(*x)", None, 5, "starred arguments are not allowed"),
    ("sin(x, y)", None, 1, "sin() takes exactly one argument; got 2"),
    ("foo(x)", None, 1, "unknown function 'foo'"),
    ("x(y + 1)", ("x", "y"), 1, "'x' is not a function"),
    ("sin + x", None, 1, "'sin' is a function"),
    ("x + z", ("x", "y"), 5, "unknown name 'z'; the variables are x, y"),
    ("x if y else 1", None, 3, "conditional expressions (if/else) are not allowed"),
    ("x < y", None, 3, "comparisons are not allowed"),
    ("x and y", None, 3, "'and' and 'or' are not allowed"),
    ("not x", None, 1, "'not' is not allowed"),
    ("(x := 1)", None, 4, "assignments (:=) are not allowed"),
    ("await x", None, 1, "'await' is not allowed"),
    ("x % y", None, 3, "the operator '%' is not allowed"),
    ("x // y", None, 3, "the operator '//' is not allowed"),
    ("x @ y", None, 3, "the operator '@' is not allowed"),
    ("1j*x", None, 1, "complex numbers are not allowed"),
    ("True + x", None, 1, "booleans are not allowed"),
    ("None", ("x",), 1, "None is not allowed"),
    ("", None, None, "the formula is empty"),
    ("   ", None, None, "the formula is empty"),
    ("(x + 1", None, 1, "'(' is never closed"),
    ("x + 1)", None, 6, "')' has no matching opening bracket"),
    ("(x]", None, 3, "'(' is closed by ']'"),
    ("x +", None, None, "ends too early"),
    ("x y", None, 3, "missing operator between 'x' and 'y'"),
    ("2 3", ("x",), 3, "missing operator between '2' and '3'"),
    ("(x)2", None, 4, "missing operator between ')' and '2'"),
    ("x\ny", None, 3, "missing operator"),
    ("x; y", None, 2, "invalid syntax"),
    ("x = 1", None, 3, "invalid syntax"),
    ("x # note", None, 3, "unexpected character '#'"),
    ("x $ y", None, 3, "unexpected character '$'"),
    ("α + x", None, 1, "unexpected character 'α'"),
    ("_x", None, 1, "names starting with '_'"),
    ("9^9^9^9", ("x",), 4, "the exponent 3.8742e+08 is too large (at most 1000 on a number)"),
    ("10^10^10", ("x",), 3, "too large"),
    ("2^100000", ("x",), 2, "too large"),
    ("10^400", ("x",), 3, "10^400 is too large"),
    ("e^1000", ("x",), 2, "too large"),
    ("x^100000", None, 2, "the exponent 100000 is too large (at most 100 on a variable)"),
    ("x^(2^10)", None, 2, "too large"),
    ("1e400 + x", None, 1, "the number is too large"),
    ("10^300 * 10^300 * x", None, 1, "too large"),
    ("1/0", ("x",), 2, "division by zero"),
    ("x/(1 - 1)", None, 2, "division by zero"),
    ("log(0) + x", None, 1, "'log(0)' is not a finite real number"),
    ("sqrt(-1) * x", None, 1, "'sqrt(-1)' is not a finite real number"),
    ("tan(pi/2) + x", None, 1, "is not a finite real number"),
    ("exp(1000) + x", None, 1, "is not a finite real number"),
    ("(-8)^(1/3) + x", None, 5, "is not a finite real number"),
    ("(-1)^x", None, 5, "a negative number to a variable power is not real"),
    ("5", None, None, "the formula has no variables"),
]


@pytest.mark.parametrize(("text", "variables", "column", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_text_names_the_piece_and_its_column(text, variables, column, message):
    with pytest.raises(FormulaError) as caught:
        parse_formula(text, variables)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.column == column
    assert message in str(error)
    assert "\n" not in str(error)
    assert str(error).startswith("formula ")


def test_error_message_shape():
    with pytest.raises(FormulaError) as caught:
        parse_formula("x.real + y")
    assert str(caught.value) == 'formula "x.real + y": attribute access is not allowed (column 2)'
    assert caught.value.reason == "attribute access is not allowed" and caught.value.text == "x.real + y"


def test_columns_count_characters_of_the_original_text():
    # ^ becomes ** and 2x becomes 2 * x in the rewritten text; columns still point into the original
    with pytest.raises(FormulaError) as caught:
        parse_formula("2x^2 + x^y^3 + 3x.imag")
    assert caught.value.column == 18
    with pytest.raises(FormulaError) as caught:
        parse_formula("x²−y·z % 2")
    assert caught.value.column == 8


def test_long_text_is_shortened_in_the_message_but_the_column_is_exact():
    text = "x + " * 30 + "x.real"
    with pytest.raises(FormulaError) as caught:
        parse_formula(text)
    assert caught.value.column == len(text) - 4
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (("x", "pi"), "'pi' is a constant"),
        (("sin",), "'sin' is a function"),
        (("x", "x"), "distinct"),
        (("2x",), "not a valid name"),
        (("_x",), "not a valid name"),
        (("lambda",), "not a valid name"),
    ],
)
def test_bad_variables_are_refused(variables, message):
    with pytest.raises(ValueError, match=message):
        parse_formula("x", variables)


@pytest.mark.parametrize("variables", ["xy", 3, {"x": 1}])
def test_variables_of_the_wrong_kind_are_a_type_error(variables):
    with pytest.raises(TypeError, match=r"variables must be a sequence of names such as \('x', 'y'\); got "):
        parse_formula("x", variables)


def test_text_must_be_a_string():
    with pytest.raises(ValueError, match="must be a string"):
        parse_formula(42)  # type: ignore[arg-type]


# --- nothing runs, nothing hangs --------------------------------------------------------------------
def test_code_in_a_formula_is_never_run(tmp_path):
    target = tmp_path / "pwned"
    for text in (
        f"__import__('pathlib').Path('{target}').touch()",
        f"open('{target}', 'w')",
        "exec('import os')",
        "eval('1')",
        "globals()",
        "(lambda: 1)()",
        "x.__class__.__bases__[0].__subclasses__()",
        "Symbol('x')",
        "Integer(2)",
    ):
        with pytest.raises(FormulaError):
            parse_formula(text)
    assert not target.exists()


BANNED = {"eval", "exec", "sympify", "parse_expr", "lambdify", "__import__"}


def test_gradmath_never_hands_text_to_an_evaluator():
    """No use of eval/exec/sympify/parse_expr/lambdify in gradmath's code (comments and strings aside;
    ``def eval`` is sympy's hook for simplifying a function, which we define), and no sympy.S(...)."""
    for path in sorted((ROOT / "gradmath").glob("*.py")):
        tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline))
        for before, token, after in zip(tokens, tokens[1:], tokens[2:]):
            if token.type != tokenize.NAME:
                continue
            assert token.string not in BANNED or before.string == "def", f"{path.name}:{token.start[0]}: {token.string}"
            assert not (token.string == "S" and after.string == "("), f"{path.name}:{token.start[0]}: S(...)"


def test_sympy_is_loaded_only_when_a_formula_is_parsed():
    code = (
        "import sys, gradmath; assert 'sympy' not in sys.modules; "
        "gradmath.parse_formula('x^2'); assert 'sympy' in sys.modules; "
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('manim', 'matplotlib')]; assert not heavy, heavy; "
        "print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def _nest(function: str, depth: int, inner: str) -> str:
    return f"{function}(" * depth + inner + ")" * depth


HOSTILE = [
    "9^9^9^9",
    "10^10^10",
    "2^100000",
    "x^100000",
    "x" * (MAX_LENGTH + 1),
    "(" * 1000 + "x" + ")" * 1000,
    "(" * 100 + "x" + ")" * 100,
    "-" * 200 + "x",
    "x" + "^x" * 200,
    "+".join(f"v{k}" for k in range(MAX_VARIABLES + 1)),
    "*".join(f"tanh(x + {k}y*z)" for k in range(60)),  # a product's Hessian has 60³ factors
    "*".join(f"(x + {k}y)" for k in range(150)),
]


@pytest.fixture(scope="module")
def warm() -> None:
    """Import sympy once, so that timings measure the formula, not the import."""
    Landscape.from_formula("x^2", domain=[(-1, 1)])


@pytest.mark.parametrize("text", HOSTILE, ids=[t[:24] for t in HOSTILE])
def test_hostile_text_fails_fast(text, warm):
    start = time.perf_counter()
    with pytest.raises(FormulaError) as caught:
        Landscape.from_formula(text, domain=[(0.5, 1.5)] * 3, variables=("x", "y", "z") if "v1" not in text else None)
    assert time.perf_counter() - start < 1.0, str(caught.value)
    assert "\n" not in str(caught.value)


def test_nesting_limit_has_a_column(warm):
    with pytest.raises(FormulaError, match="nested too deeply") as caught:
        parse_formula("(" * 100 + "x" + ")" * 100)
    assert caught.value.column == MAX_DEPTH + 1
    with pytest.raises(FormulaError, match="nested too deeply"):
        parse_formula(_nest("sin", MAX_DEPTH, "x"))


@pytest.mark.parametrize(
    "text",
    [
        _nest("exp", 55, "x*y/100"),
        _nest("atan", 55, "x*y*z"),
        _nest("tanh", 55, "x - y"),
        _nest("abs", 55, "x - y"),
        "^".join(["x", "y"] * 28),
        "+".join(_nest("exp", 8, f"x*y/{k + 2} + z") for k in range(28)),
        "cos(sin(tanh(sqrt(log(exp(" * 9 + "x*y*z + 2" + "))))))" * 9,
    ],
    ids=["exp55", "atan55", "tanh55", "abs55", "tower56", "wide", "mixed54"],
)
def test_deep_but_legal_formulas_build_quickly(text, warm):
    names = parse_formula(text).variables
    start = time.perf_counter()
    ls = Landscape.from_formula(text, domain=[(0.5, 1.5)] * len(names))
    assert time.perf_counter() - start < 1.5
    h = ls.hessian(np.full((ls.n, 7), 0.9))
    assert h.shape == (ls.n, ls.n, 7)
