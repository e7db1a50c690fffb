"""Inputs on which ``simplify`` crashed, changed a value or was not idempotent.

Values are checked against 50-digit arithmetic (``precise``, mpmath) of the input.
"""

from __future__ import annotations

import math

import mpmath
import pytest
from test_simplify_properties import Undefined, precise

from symdiff import (
    REGISTRY,
    Call,
    Mul,
    Number,
    Symbol,
    differentiate,
    evaluate,
    lambdify,
    parse,
    simplify,
)
from symdiff.emit.lambdify import c_compiler

x = Symbol("x")
needs_compiler = pytest.mark.skipif(c_compiler() is None, reason="no C compiler on this machine")


def close(actual: float, expected: float) -> bool:
    return math.isclose(actual, expected, rel_tol=1e-12, abs_tol=1e-300)


@pytest.mark.parametrize("text", ["exp(-0.5)/x", "exp(-0.5)/(x*y)", "e^(-2.5)*x^(-1/2)/y"])
def test_a_denominator_laid_out_as_a_call(text):
    # the layout read the power e^-0.5 back from its laid-out form exp(-0.5), a call with one
    # argument, as (base, exponent): ValueError
    expr = parse(text)
    once = simplify(expr)
    assert simplify(once) is once
    point = {"x": 1.7, "y": 0.3}
    assert close(evaluate(once, point), float(precise(expr, point)))


def test_derivative_with_a_float_exponential_factor():
    derivative = differentiate("exp(-0.5)*log(x)", "x")
    assert close(evaluate(derivative, x=2.0), math.exp(-0.5) / 2)


def test_an_underflowing_product_stays_unfolded():
    # 1e-200 * 1e-200 rounds to 0.0: the product was log(0.0), its derivative 0.0
    expr = parse("log(x*1e-200*1e-200)")
    once = simplify(expr)
    assert "0.0" not in str(once) and simplify(once) is once
    assert close(evaluate(differentiate(expr, "x"), x=2.0), 0.5)
    assert simplify(parse("x*1e-200*1e-200*1e300")) is Mul(Number(1e-100), x)


def test_float_coefficients_collect_exactly():
    # the coefficients 1 + 1e20 - 1e20 were added one by one in floats: 0 instead of x
    for text in ("x + 1e20*x - 1e20*x", "(x + 1e20*x) - 1e20*x", "1e20*x + x - 1e20*x"):
        once = simplify(parse(text))
        assert evaluate(once, x=1.0) == 1.0, text
    assert simplify(parse("1 + 1e20 - 1e20")) is Number(1.0)
    # exact, then rounded once: 0.1 + 0.2 - 0.3 is 2^-55, not 2^-54
    assert simplify(parse("0.1*x + 0.2*x - 0.3*x")) is Mul(Number(2.0**-55), x)


def test_overflowing_float_sums_stay_unfolded():
    once = simplify(parse("1e308*x + 1e308*y + 1e308*y"))
    assert "inf" not in str(once) and simplify(once) is once


def test_underflowing_function_values_stay_unfolded():
    assert simplify(parse("exp(-800.0)*x")) is Mul(x, Call(REGISTRY["exp"], Number(-800.0)))
    assert simplify(parse("log(1.0) + x")) is x


def test_atan2_of_tiny_equal_arguments():
    # found by test_simplify_keeps_the_value_where_defined: c*c underflowed to 0.0, so the
    # simplified atan2(0.0*x, 0.0*x) was undefined (or 0) where the input is -pi/4
    c = Number(3.45e-275)
    inner = Mul(x, c, c)
    expr = Mul(Call(REGISTRY["atan2"], inner, inner), Number(-1))
    once = simplify(expr)
    assert simplify(once) is once
    with mpmath.workdps(50):
        assert close(float(precise(once, {"x": 1.5})), -math.pi / 4)


BACKENDS = ["python", "numpy", pytest.param("c", marks=needs_compiler)]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("atan2(0*x, -1)", {"x": -1.0}),  # 0*x is -0.0 in floats, 0 once simplified
        ("atan2(-x, -1)", {"x": 0.0}),
        ("atan2(0*x, x - 2)", {"x": -1.0}),
        ("atan2(y, x)", {"x": -0.0, "y": 1.0}),
    ],
)
def test_atan2_sees_no_sign_of_zero(backend, text, point):
    # atan2(-0.0, -1) is -pi in IEEE arithmetic, but the real atan2(0, -1) is pi, and the
    # simplified form, with 0*x folded to 0, gave pi: every backend now agrees with pi
    expr = parse(text)
    expected = float(precise(expr, point))
    assert evaluate(expr, point) == expected
    assert evaluate(simplify(expr), point) == expected
    names = sorted(point)
    function = lambdify(expr, names, backend=backend)
    assert float(function(*(point[n] for n in names))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # laid out as 1/(2*(x + 1/2)), read back as 1/(2*x + 1): the coefficient's
        # denominator now stays apart when joining it would distribute it
        ("1/(x + 1/2)/2", "1/(x + 1/2)/2"),
        ("(1/2)*(x + y/2)^-1", "1/(x + y/2)/2"),
        ("(1/2)*(0.5*x + 1)^-1", "1/(0.5*x + 1)/2"),
        ("1/(x + 1)/3", "1/(3*(x + 1))"),
        ("3/(4*(x + 2/5))", "3/(4*(x + 2/5))"),
        # laid out as 1/sqrt(0), read back as 0^-1
        ("(x - x)^(-1/2)", "0^(-1/2)"),
        ("y/sqrt(x - x)", "0^-1*y"),
    ],
)
def test_layout_reads_back_as_itself(text, expected):
    once = simplify(parse(text))
    assert str(once) == expected
    assert simplify(once) is once
    assert parse(str(once)) is once
    point = {"x": 1.7, "y": 0.3}
    try:
        value = float(precise(parse(text), point))
    except Undefined:
        return
    assert close(evaluate(once, point), value)


def test_a_big_coefficient_negated_is_absorbed_at_once():
    """``-1`` times a coefficient beyond ``COEFFICIENT_BITS`` (the sinh-odd rule on
    ``-6*(10^30*z)^-3``) merges in the first pass, not only in a second one."""
    once = simplify(parse("sinh(-6/(10^30*z)^3)"))
    assert simplify(once) is once
    assert str(once) == "-sinh(3/(5" + "0" * 89 + "*z^3))"
