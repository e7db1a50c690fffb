"""Properties of simplify on random expressions: same value where defined, idempotent.

Values are compared in 60-digit arithmetic (mpmath, a SymPy dependency), so that rounding in
the input's own evaluation cannot hide or fake a difference; function calls on float literals
only are evaluated in double precision, as written (the simplifier folds them so). Arithmetic
on floats is exact (a float is the binary fraction it holds): the simplifier folds it exactly
and rounds once, or leaves it unfolded.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
from hypothesis import given, note, settings
from hypothesis import strategies as st
from strategies import exprs, smooth_exprs

from symdiff import evaluate, simplify
from symdiff.errors import SymdiffError
from symdiff.expr import Op
from symdiff.traverse import postorder

POINTS = st.fixed_dictionaries(
    {n: st.floats(-3, 3, allow_nan=False).filter(lambda v: abs(v) > 1e-3) for n in "xyz"}
)


class Undefined(Exception):
    pass


def _check(condition: bool, value):
    if not condition:
        raise Undefined
    return value


def _nonzero(value):
    return _check(value != 0, value)


def _real_pow(node, base, exponent):
    literal = node.args[1]
    if literal.op is Op.NUM and isinstance(literal.value, int):
        _check(base != 0 or literal.value >= 0, None)
        return base**literal.value
    _check(base >= 0 or exponent == int(exponent), None)
    _check(base != 0 or exponent >= 0, None)
    if base < 0:
        return base ** int(exponent)
    return mpmath.mpf(1) if exponent == 0 else base**exponent


FUNCTIONS = {
    "sin": mpmath.sin,
    "cos": mpmath.cos,
    "tan": lambda u: mpmath.sin(u) / _nonzero(mpmath.cos(u)),
    "sec": lambda u: 1 / _nonzero(mpmath.cos(u)),
    "csc": lambda u: 1 / _nonzero(mpmath.sin(u)),
    "cot": lambda u: mpmath.cos(u) / _nonzero(mpmath.sin(u)),
    "asin": lambda u: _check(abs(u) <= 1, mpmath.asin(u)),
    "acos": lambda u: _check(abs(u) <= 1, mpmath.acos(u)),
    "atan": mpmath.atan,
    "sinh": mpmath.sinh,
    "cosh": mpmath.cosh,
    "tanh": mpmath.tanh,
    "asinh": mpmath.asinh,
    "acosh": lambda u: _check(u >= 1, mpmath.acosh(u)),
    "atanh": lambda u: _check(abs(u) < 1, mpmath.atanh(u)),
    "exp": mpmath.exp,
    "log": lambda u: _check(u > 0, mpmath.log(u)),
    "sqrt": lambda u: _check(u >= 0, mpmath.sqrt(u)),
    "cbrt": lambda u: mpmath.sign(u) * mpmath.cbrt(abs(u)),
    "abs": abs,
    "sign": mpmath.sign,
    "atan2": lambda y, x: _check(x != 0 or y != 0, mpmath.atan2(y, x)),
}


def _float_literals_only(expr) -> set:
    """Float literals, and nodes on numbers only (no symbols, no constants) with a float
    among them: what the simplifier folds into a float."""
    kind: dict = {}
    for node in postorder(expr):
        if node.op in (Op.SYM, Op.CONST):  # pi and e are not folded into floats
            kind[node] = None
        elif node.op is Op.NUM:
            kind[node] = isinstance(node.value, float)
        else:
            inner = [kind[a] for a in node.args]
            kind[node] = None if None in inner else any(inner)
    return {n for n, k in kind.items() if k}


def precise(expr, point: dict, digits: int = 60, jitter: float = 0.0):
    """The value in ``digits``-digit real arithmetic; ``Undefined`` outside the domain.

    Function calls on float literals are evaluated in double precision. With ``jitter``,
    every folded float (``_float_literals_only``) is scaled by ``1 + jitter``: how much the
    value moves under roundings of that size (folding rounds once) tells how well-conditioned
    the comparison is.
    """
    floats = _float_literals_only(expr)
    values: dict = {}
    with mpmath.workdps(digits):
        for node in postorder(expr):
            args = [values[a] for a in node.args]
            value = _real(_value(node, args, point, floats))
            values[node] = value * (1 + mpmath.mpf(jitter)) if node in floats else value
        return values[expr]


def _value(node, args, point, floats):
    op = node.op
    try:
        if node in floats and op is Op.CALL:
            return mpmath.mpf(evaluate(node))
        if op is Op.NUM:
            value = Fraction(node.value) if not isinstance(node.value, float) else node.value
            if isinstance(value, float):
                return mpmath.mpf(value)
            return mpmath.mpf(value.numerator) / value.denominator
        if op is Op.SYM:
            return mpmath.mpf(point[node.value])
        if op is Op.CONST:
            return +(mpmath.pi if node.value == "pi" else mpmath.e)
        if op is Op.ADD:
            return mpmath.fsum(args)
        if op is Op.MUL:
            return mpmath.fprod(args)
        if op is Op.POW:
            return _real_pow(node, *args)
        return FUNCTIONS[node.value.name](*args)
    except (SymdiffError, ZeroDivisionError, ValueError, OverflowError):
        raise Undefined from None


def _real(value):
    if isinstance(value, mpmath.mpc):
        _check(abs(value.imag) <= mpmath.mpf(10) ** -40 * max(1, abs(value.real)), None)
        value = value.real
    return _check(bool(mpmath.isfinite(value)), value)


def assert_same_value(expr, point, level="standard"):
    try:
        plain = evaluate(expr, point)
    except SymdiffError:
        return  # undefined input: any value (or none) is fine
    if not math.isfinite(plain) or abs(plain) > 1e10:
        return  # huge: overflow and cancellation make the comparison meaningless
    simplified = simplify(expr, level)
    note(f"input {expr}\nsimplified {simplified}")
    try:
        expected = precise(expr, point)
    except Undefined:
        return  # defined in floats only by rounding (e.g. tan near pi/2)
    try:
        actual = precise(simplified, point)
    except Undefined:
        raise AssertionError(f"{simplified} is undefined where {expr} is not") from None
    assert abs(actual - expected) <= 1e-9 * max(1, abs(expected)), (expected, actual)


@settings(max_examples=300)
@given(expr=exprs(), point=POINTS)
def test_simplify_keeps_the_value_where_defined(expr, point):
    assert_same_value(expr, point)


@settings(max_examples=200)
@given(expr=smooth_exprs(), point=POINTS)
def test_simplify_keeps_the_value_of_smooth_expressions(expr, point):
    assert_same_value(expr, point)


@settings(max_examples=200)
@given(expr=exprs())
def test_simplify_is_idempotent(expr):
    once = simplify(expr)
    assert simplify(once) is once


@given(expr=exprs(), point=POINTS)
def test_trivial_level_is_idempotent_and_keeps_values(expr, point):
    once = simplify(expr, "trivial")
    assert simplify(once, "trivial") is once
    assert_same_value(expr, point, "trivial")


def test_the_oracle_itself():
    from symdiff import parse

    assert precise(parse("sqrt(x)^2"), {"x": 2.0}) == 2
    for text in ("log(x)", "x^(1/2)", "1/(x - x)", "asin(x)"):
        try:
            precise(parse(text), {"x": -2.0})
        except Undefined:
            continue
        raise AssertionError(f"{text} should be undefined at -2")
