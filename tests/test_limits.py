"""Resource bounds: exact arithmetic that could explode, numbers beyond the float range or
beyond Python's int-to-str limit, trees too large to print, and text too long to parse.

Every public entry point finishes within a generous time bound or raises a clear
``SymdiffError`` (never ``OverflowError``, ``ValueError``, ``MemoryError`` or a hang).
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hostile_inputs import allowed, run_cli, run_pipeline, time_bound

import symdiff
from symdiff import Expr, Mul, Number, Op, Symbol, evaluate, lambdify, parse, postorder
from symdiff.core import errors
from symdiff.core.construct import MAX_EXACT_BITS, add, fold_power, mul, power
from symdiff.core.errors import DomainError, EvaluationError, InputTooLargeError, SymdiffError
from symdiff.core.parse import MAX_INPUT_LENGTH, MAX_LITERAL_DIGITS
from symdiff.core.printing import MAX_PRINT_DIGITS, MAX_PRINT_NODES
from symdiff.core.traverse import map_nodes, rebuild, tree_size
from symdiff.diff import diff, numeric
from symdiff.emit.lambdify import c_compiler

x = Symbol("x")
NEEDS_CC = pytest.mark.skipif(c_compiler() is None, reason="no C compiler")

EXPLOSIVE = [
    "2^2^2^2^2^30",
    "10^10^10",
    "(10^1000)^(10^1000)",
    "(3/2)^100000",
    "(1/3)^-100000",
    "2^-100000",
    "(-1)^(10^100)",
    "(2/3)^(10^100 + 1/2)",
    "x^(10^5000)",
    "(x + 1)^100000",
    "9^9^9^9 * x + 1e308^2",
    "(" + "9" * 4300 + ")^(" + "9" * 4300 + ")",
    "1" + "/3" * 1000,
    "2" + "*" + "*".join(["9" * 1000] * 20),
]


def fold(expr: Expr) -> Expr:
    """Rebuild bottom-up with the smart constructors: every numeric fold they allow."""
    smart = {Op.ADD: add, Op.MUL: mul, Op.POW: power}

    def visit(node: Expr, args: tuple[Expr, ...]) -> Expr:
        build = smart.get(node.op)
        return build(*args) if build else rebuild(node, args)

    return map_nodes(expr, visit)


def exact_bits(node: Expr) -> int:
    value = Fraction(node.value)
    return max(value.numerator.bit_length(), value.denominator.bit_length())


@pytest.mark.parametrize("text", EXPLOSIVE, ids=range(len(EXPLOSIVE)))
def test_explosive_arithmetic_is_refused_or_bounded(text):
    with time_bound(20):
        expr = run_pipeline(text)
        folded = fold(expr)
        for node in postorder(folded):
            if node.is_number and not isinstance(node.value, float):
                assert exact_bits(node) <= MAX_EXACT_BITS or node in postorder(expr)
        assert parse(str(folded)) is folded
        result = allowed(lambda: evaluate(folded, x=1.5))
        assert isinstance(result, float | EvaluationError)


def test_fold_power_leaves_huge_powers_unevaluated():
    assert fold_power(10, 10**10) is None
    assert fold_power(10**1000, 10**1000) is None
    assert fold_power(Fraction(3, 2), 100_000) is None
    assert fold_power(2, MAX_EXACT_BITS) is None
    assert fold_power(2, MAX_EXACT_BITS // 2) == 2 ** (MAX_EXACT_BITS // 2)
    assert fold_power(Fraction(1, 3), -100) == 3**100
    assert power(10, power(10, 10)) is parse("10^10000000000")


def test_factorial_growth_is_kept_apart():
    with time_bound(10):
        product = mul(*range(1, 5001), x)
    numbers = [a.value for a in product.args if a.is_number]
    assert max(n.bit_length() for n in numbers) <= MAX_EXACT_BITS
    assert math.prod(numbers) == math.factorial(5000)
    terms = [Fraction(1, k) for k in range(1, 16_001)]  # lcm(1..16000) has 23,000 bits
    with time_bound(10):
        harmonic = add(*terms, x)
    kept = [Fraction(a.value) for a in harmonic.args if a.is_number]
    assert len(kept) > 1 and max(map(exact_bits, (Number(k) for k in kept))) <= MAX_EXACT_BITS
    assert sum(kept) == sum(terms)


def test_numbers_beyond_the_float_range_in_evaluate():
    with pytest.raises(EvaluationError, match="overflows"):
        evaluate(Number(10**400) * x, x=1.0)
    with pytest.raises(EvaluationError, match="not a real number: an integer of 1329 bits"):
        evaluate(x, x=10**400)
    with pytest.raises(EvaluationError, match="overflows"):
        evaluate(Number(Fraction(10**400, 3)))
    assert evaluate(Number(Fraction(1, 10**400))) == 0.0
    assert evaluate(parse("1e308*10")) == math.inf  # products of floats follow IEEE 754
    with pytest.raises(EvaluationError, match="overflows"):
        evaluate(parse("exp(1000)"))


def test_integers_past_python_int_str_limit_print_and_parse():
    for digits in (4300, 4301, MAX_LITERAL_DIGITS):
        text = "7" * digits
        assert str(parse(text)) == text
    with pytest.raises(InputTooLargeError, match=f"the limit is {MAX_LITERAL_DIGITS}"):
        parse("x + " + "7" * (MAX_LITERAL_DIGITS + 1))
    assert parse("1" * 20_000 + ".5") is Number(math.inf)  # a float literal rounds


def test_printing_refuses_what_it_cannot_write():
    huge = Number(10 ** (MAX_PRINT_DIGITS + 10))
    with time_bound(10), pytest.raises(InputTooLargeError, match="too large to print"):
        str(huge)
    assert repr(huge).startswith("Number(<int of ")
    t = x
    for _ in range(200):  # a DAG of 201 nodes whose tree has 2^201 nodes
        t = Mul(t, t)
    assert tree_size(t) > MAX_PRINT_NODES
    with time_bound(10):
        with pytest.raises(InputTooLargeError, match="use cse"):
            str(t)
        assert repr(t).startswith("<Expr: ")
        assert evaluate(t, x=1.0) == 1.0


def test_max_input_length():
    assert MAX_INPUT_LENGTH == 2_000_000
    text = "x+" * (MAX_INPUT_LENGTH // 2) + "x"
    with time_bound(5), pytest.raises(InputTooLargeError) as caught:
        parse(text)
    assert str(caught.value) == (
        f"input is {len(text)} characters long; the limit is {MAX_INPUT_LENGTH} (max_length=...)"
    )
    assert parse("x+1", max_length=3) is parse("x + 1", max_length=10)
    with pytest.raises(InputTooLargeError, match="the limit is 3"):
        parse("x + 1", max_length=3)
    assert run_cli(["parse", text]) == 1


@pytest.mark.parametrize("bad", [math.nan, float("nan"), complex(1, 2), "1", None])
def test_numbers_that_are_not_real(bad):
    with pytest.raises(SymdiffError):
        Number(bad)


# -- numerical edge cases: IEEE 754 results or clear errors, as the README's table says ------

NAN, INF = math.nan, math.inf
#: (text, x, what ``evaluate`` and the Python backend give, what NumPy and C give): a float
#: (``NAN`` for NaN) or the error class.
EDGE_CASES = [
    ("1/x", 0.0, DomainError, INF),
    ("1/x", -0.0, DomainError, -INF),
    ("x^-2", 0.0, DomainError, INF),
    ("log(x)", 0.0, DomainError, -INF),
    ("log(x)", -1.0, DomainError, NAN),
    ("sqrt(x)", -1.0, DomainError, NAN),
    ("x^(1/3)", -8.0, DomainError, NAN),
    ("cbrt(x)", -8.0, -2.0, -2.0),
    ("acosh(x)", 0.0, DomainError, NAN),
    ("cot(x)", 0.0, DomainError, INF),
    ("exp(x)", 1000.0, EvaluationError, INF),
    ("x^2", 1e200, EvaluationError, INF),
    ("x*x", 1e200, INF, INF),
    ("x + x", 1e308, INF, INF),
    ("x - x", INF, NAN, NAN),
    ("0*x", INF, NAN, NAN),
    ("1/x", INF, 0.0, 0.0),
    ("exp(x)", -INF, 0.0, 0.0),
    ("log(x)", INF, INF, INF),
    ("sin(x)", INF, DomainError, NAN),
    ("sin(x)", NAN, NAN, NAN),
    ("log(x)", NAN, NAN, NAN),
    ("sqrt(x)", NAN, NAN, NAN),
    ("x^0", NAN, 1.0, 1.0),
    ("atan2(x, x)", 0.0, 0.0, 0.0),
    ("atan2(x, -1)", -0.0, math.pi, math.pi),  # a zero's sign is not a value
    ("atan2(x, x)", -0.0, 0.0, 0.0),
    ("sign(x)", NAN, NAN, NAN),
]
IDS = [f"{text} at {at}" for text, at, _, _ in EDGE_CASES]


def _same(got: float, expected: float) -> bool:
    return (math.isnan(got) and math.isnan(expected)) or got == expected


@pytest.mark.parametrize("backend", ["evaluate", "python"])
@pytest.mark.parametrize(("text", "at", "expected", "_"), EDGE_CASES, ids=IDS)
def test_numerical_edge_cases_raise_in_real_mode(text, at, expected, _, backend):
    expr = parse(text)
    run = (lambda: evaluate(expr, x=at)) if backend == "evaluate" else lambda: f(at)
    f = lambdify(expr, ["x"], "python") if backend == "python" else None
    if isinstance(expected, type):
        with pytest.raises(expected) as caught:
            run()
        assert (str(expr) if backend == "evaluate" else "f()") in str(caught.value)
    else:
        assert _same(run(), expected)


@pytest.mark.parametrize("backend", ["numpy", pytest.param("c", marks=NEEDS_CC)])
def test_numerical_edge_cases_follow_ieee(backend):
    # one program for every case (one compilation): case i is a function of its own x_i
    names = [f"x_{i}" for i in range(len(EDGE_CASES))]
    cases = zip(EDGE_CASES, names, strict=True)
    exprs = [parse(text).subs({"x": Symbol(n)}) for (text, *_), n in cases]
    function = lambdify(exprs, names, backend)
    with np.errstate(all="ignore"):
        got = function(*[at for _, at, _, _ in EDGE_CASES])
    for (text, at, _, ieee), value in zip(EDGE_CASES, got, strict=True):
        assert _same(float(value), ieee), (text, at, value)


# -- the README's error catalogue is what the code says -------------------------------------

README = Path(__file__).resolve().parent.parent / "README.md"
_ROW = re.compile(r"^\| `(\w+)` \| [^|]+ \| `([^`]+)` \| `([^`]+)` \|$", re.M)


def readme_error_rows() -> list[tuple[str, str, str]]:
    section = README.read_text(encoding="utf-8").split("## Errors", 1)[1].split("\n## ", 1)[0]
    return _ROW.findall(section)


def test_readme_lists_every_error_class():
    listed = {name for name, _, _ in readme_error_rows()}
    classes = {*errors.__all__, "NumericError"}
    assert listed == classes


@pytest.mark.parametrize(("name", "code", "message"), readme_error_rows())
def test_readme_error_example(name, code, message):
    namespace = {**vars(symdiff), **vars(numeric), **vars(diff)}
    with pytest.raises(SymdiffError) as caught:
        eval(code, namespace)  # our own README's examples, not input
    assert type(caught.value).__name__ == name
    assert str(caught.value).split("\n")[0] == message
