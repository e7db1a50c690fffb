"""Derivatives of high order: Taylor-mode at the trivial level, a work bound at the standard.

Values are checked against ``mpmath.diff`` (its own high-precision differences) at 40+
digits; sizes (operation counts) are asserted, never times.
"""

from __future__ import annotations

import math

import mpmath
import pytest
from reference import precise

from symdiff import Number, count_ops, parse
from symdiff.core.errors import InputTooLargeError
from symdiff.diff.diff import MAX_DERIVATIVE_WORK, differentiate
from symdiff.diff.higher import MAX_TAYLOR_WORK, taylor_derivative

FUNCTIONS = {
    "exp(sin(x))": lambda t: mpmath.exp(mpmath.sin(t)),
    "atan(x)/(1 + x^2)": lambda t: mpmath.atan(t) / (1 + t**2),
    "sqrt(1 + x^2)*log(x)": lambda t: mpmath.sqrt(1 + t**2) * mpmath.log(t),
    "tan(x) + x^5*cosh(2*x)": lambda t: mpmath.tan(t) + t**5 * mpmath.cosh(2 * t),
    "2^x*asin(x/3)": lambda t: 2**t * mpmath.asin(t / 3),
}
POINT = mpmath.mpf("0.3")


def reference(function, n: int, digits: int) -> mpmath.mpf:
    with mpmath.workdps(digits):
        return mpmath.diff(function, POINT, n)


@pytest.mark.parametrize("text", FUNCTIONS)
@pytest.mark.parametrize("n", [3, 7, 16, 25])
def test_trivial_level_agrees_with_mpmath(text, n):
    result = differentiate(text, "x", n, simplify="trivial")
    expected = reference(FUNCTIONS[text], n, 60)
    actual = precise(result, {"x": POINT}, 60)
    assert abs(actual - expected) <= mpmath.mpf(10) ** -40 * max(1, abs(expected))


@pytest.mark.parametrize("text", ["exp(sin(x))", "sqrt(1 + x^2)*log(x)"])
@pytest.mark.parametrize("n", [3, 6, 12])
def test_trivial_and_standard_levels_agree(text, n):
    trivial = differentiate(text, "x", n, simplify="trivial")
    standard = differentiate(text, "x", n)
    a, b = precise(trivial, {"x": POINT}, 50), precise(standard, {"x": POINT}, 50)
    assert abs(a - b) <= mpmath.mpf(10) ** -35 * max(1, abs(b))


@pytest.mark.parametrize("n", [60, 100])
def test_high_orders_at_high_precision(n):
    result = differentiate("exp(sin(x))", "x", n, simplify="trivial")
    expected = reference(FUNCTIONS["exp(sin(x))"], n, 3 * n)
    actual = precise(result, {"x": POINT}, 3 * n)
    assert abs(actual - expected) <= mpmath.mpf(10) ** -30 * abs(expected)


@pytest.mark.parametrize("n", [50, 100, 200])
def test_taylor_size_is_quadratic_in_the_order(n):
    # n! c_n of exp(sin(x)): about 1.8 n^2 operations, where n derivatives in a row with
    # the trivial rules grow by a constant factor per order (43,442 at n = 10)
    result = differentiate("exp(sin(x))", "x", n, simplify="trivial")
    assert count_ops(result, dag=True) <= 2 * (n + 1) ** 2


def test_functions_without_a_symbolic_series_rule_fall_back_to_repeated_rules():
    x = parse("x")
    assert taylor_derivative(parse("erf(x)"), x, 4) is None
    assert taylor_derivative(parse("abs(x)*x"), x, 4) is None
    result = differentiate("erf(x)", "x", 4, simplify="trivial")
    expected = reference(mpmath.erf, 4, 50)
    assert abs(precise(result, {"x": POINT}, 50) - expected) <= mpmath.mpf(10) ** -35


def test_constant_and_polynomial_inputs():
    assert differentiate("sin(y)", "x", 5, simplify="trivial") is parse("0")
    assert differentiate("x^4", "x", 4, simplify="trivial") is parse("24")
    assert differentiate("x^4", "x", 5, simplify="trivial") is parse("0")


def test_taylor_work_is_bounded():
    text = "+".join(f"sin({k}*x)" for k in range(1, 20))
    with pytest.raises(InputTooLargeError, match="Taylor-mode"):
        differentiate(text, "x", 1000, simplify="trivial")
    assert MAX_TAYLOR_WORK >= 3 * 1001**2  # exp(sin(x)) to the 1000th order fits


def test_standard_level_stops_early_with_a_hint():
    with pytest.raises(InputTooLargeError, match="simplify='trivial'") as caught:
        differentiate("exp(sin(x))", "x", 1000)
    assert f"limit {MAX_DERIVATIVE_WORK}" in str(caught.value)
    # a polynomial of high order shrinks as it is differentiated: never stopped
    result = differentiate("x^300 + x^299", "x", 300)
    assert result is Number(math.factorial(300))
