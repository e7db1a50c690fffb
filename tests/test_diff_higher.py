"""Derivatives of high order: Taylor-mode at the trivial level, polynomials in atoms at the
standard level, and the work bounds of both.

Values are checked against ``mpmath.diff`` (its own high-precision differences) at 40+
digits; sizes (operation counts) are asserted, never times.
"""

from __future__ import annotations

import math
import sys

import mpmath
import pytest
from hypothesis import given, settings
from reference import Undefined, precise
from strategies import smooth_exprs

from symdiff import Number, Op, count_ops, cse, parse, postorder
from symdiff.core.errors import InputTooLargeError
from symdiff.diff.atoms import MAX_ATOM_WORK, atom_derivative
from symdiff.diff.diff import differentiate
from symdiff.diff.higher import MAX_TAYLOR_WORK, taylor_derivative

diff_module = sys.modules[differentiate.__module__]

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
    # one reference (mpmath.diff at 3n digits is the slow part) for both levels
    expected = reference(FUNCTIONS["exp(sin(x))"], n, 3 * n)
    for level in ("trivial", "standard"):
        result = differentiate("exp(sin(x))", "x", n, simplify=level)
        actual = precise(result, {"x": POINT}, 3 * n)
        assert abs(actual - expected) <= mpmath.mpf(10) ** -30 * abs(expected), level


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
    message = str(caught.value)
    assert f"MAX_ATOM_WORK, is {MAX_ATOM_WORK}" in message
    assert "taylor_coefficients" in message
    # predicted early: the orders taken before the refusal are a few percent of the 1000
    taken = int(message.split("predicted after ")[1].split()[0])
    assert taken <= 40
    # the 200th fits the bound
    assert count_ops(differentiate("exp(sin(x))", "x", 200), dag=True) > 0
    # a polynomial of high order shrinks as it is differentiated: never stopped
    result = differentiate("x^300 + x^299", "x", 300)
    assert result is Number(math.factorial(300))


def test_order_by_order_keeps_its_work_bound(monkeypatch):
    # a float keeps the input off the polynomial way (floats are folded by the simplifier)
    assert atom_derivative(parse("exp(0.5*sin(x))"), parse("x"), 6) is None
    result = differentiate("exp(0.5*sin(x))", "x", 8)
    expected = reference(lambda t: mpmath.exp(mpmath.sin(t) / 2), 8, 50)
    assert abs(precise(result, {"x": POINT}, 50) - expected) <= mpmath.mpf(10) ** -35
    monkeypatch.setattr(diff_module, "MAX_DERIVATIVE_WORK", 20_000)
    with pytest.raises(InputTooLargeError, match="simplify='trivial'") as caught:
        differentiate("exp(0.5*sin(x))", "x", 1000)
    assert "limit 20000" in str(caught.value)


@pytest.mark.parametrize("text", FUNCTIONS)
@pytest.mark.parametrize("n", [3, 7, 16, 25])
def test_standard_level_agrees_with_mpmath(text, n):
    result = differentiate(text, "x", n)
    expected = reference(FUNCTIONS[text], n, 60)
    actual = precise(result, {"x": POINT}, 60)
    assert abs(actual - expected) <= mpmath.mpf(10) ** -40 * max(1, abs(expected))


def _order_by_order(text: str, n: int):
    result = parse(text)
    for _ in range(n):
        result = differentiate(result, "x")
    return result


@pytest.mark.parametrize(
    "text",
    ["exp(sin(x))", "2^x*asin(x/3)", "gamma(x)", "erf(x)", "exp(x^2)", "(x + 1)^5*exp(2*x)"],
)
@pytest.mark.parametrize("n", [3, 6, 9])
def test_standard_form_is_the_order_by_order_form(text, n):
    # the same standard form as n derivatives simplified one after the other
    assert differentiate(text, "x", n) is _order_by_order(text, n)


def test_standard_form_of_closed_families():
    assert str(differentiate("x^2*sin(x)", "x", 12)) == "x^2*sin(x) - 24*x*cos(x) - 132*sin(x)"
    assert str(differentiate("sin(x)*cos(x)", "x", 9)) == "256*cos(x)^2 - 256*sin(x)^2"
    assert str(differentiate("1/(1 + x)", "x", 7)) == "-5040/(x + 1)^8"
    assert str(differentiate("log(x)", "x", 20)) == "-121645100408832000/x^20"


def _junk(node) -> bool:
    """A trivial rule that still applies: ``*1``, ``+0``, ``u^1``, ``u^0``, ``0*u``."""
    if node.op is Op.MUL:
        return any(a.op is Op.NUM and a.value in (0, 1) for a in node.args)
    if node.op is Op.ADD:
        return any(a.op is Op.NUM and a.value == 0 for a in node.args)
    if node.op is Op.POW:
        return node.args[1].op is Op.NUM and node.args[1].value in (0, 1)
    return False


@pytest.mark.parametrize("n", [20, 50, 100])
def test_standard_form_is_simplified_and_no_larger_than_the_trivial(n):
    standard = differentiate("exp(sin(x))", "x", n)
    trivial = differentiate("exp(sin(x))", "x", n, simplify="trivial")
    assert not any(_junk(node) for node in postorder(standard))
    assert standard.simplify() is standard  # a fixed point
    assert cse([standard]).count_ops() < cse([trivial]).count_ops()
    assert count_ops(standard, dag=True) < count_ops(trivial, dag=True) / 2


def test_powers_with_a_variable_exponent():
    # x^x: 248 operations at n = 12, where twelve derivatives in a row gave 5,848
    result = differentiate("x^x", "x", 12)
    assert count_ops(result, dag=True) <= 300
    expected = reference(lambda t: t**t, 12, 60)
    assert abs(precise(result, {"x": POINT}, 60) - expected) <= mpmath.mpf(10) ** -40 * abs(
        expected
    )


@settings(max_examples=40, deadline=None)
@given(smooth_exprs(max_leaves=5))
def test_standard_level_agrees_with_order_by_order_values(f):
    point = {"x": mpmath.mpf("0.61"), "y": mpmath.mpf("-0.35"), "z": mpmath.mpf("1.07")}
    try:
        expected = precise(_order_by_order(str(f), 4), point, 50)
    except (Undefined, InputTooLargeError):
        return
    actual = precise(differentiate(f, "x", 4), point, 50)
    assert abs(actual - expected) <= mpmath.mpf(10) ** -30 * max(1, abs(expected))
