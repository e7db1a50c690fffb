"""``evaluate`` divides with one rounding and keeps the parity of exact exponents.

Found by a differential fuzzer against mpmath: ``y/y`` at 49 gave 0.9999999999999999 (it
multiplied by a rounded reciprocal, so ``acosh(y/y)`` raised), and ``(-1)^(10^30 + 1)`` gave
1.0 (the exponent was rounded to an even float before the power).
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symdiff import DomainError, EvaluationError, Number, Pow, evaluate, parse


@pytest.mark.parametrize("y", [49.0, 3.0, 0.1, 1e-300, 1e300, 7e-310, -5.0])
def test_a_quotient_of_equal_values_is_one(y):
    assert evaluate(parse("y/y"), y=y) == 1.0
    assert evaluate(parse("asin(y/y)"), y=y) == math.pi / 2
    assert evaluate(parse("acosh(y/y)"), y=y) == 0.0


@given(
    st.floats(-1e6, 1e6).filter(lambda v: abs(v) > 1e-6),
    st.floats(-1e6, 1e6).filter(lambda v: abs(v) > 1e-6),
    st.floats(-1e6, 1e6).filter(lambda v: abs(v) > 1e-6),
)
@settings(max_examples=200)
def test_a_quotient_is_correctly_rounded(x, y, z):
    assert evaluate(parse("x/y"), x=x, y=y) == x / y
    assert evaluate(parse("x/(y*z)"), x=x, y=y, z=z) == x / (y * z)
    assert evaluate(parse("x/y^2"), x=x, y=y) == x / y**2
    assert evaluate(parse("1/y"), y=y) == 1 / y


def test_a_quotient_by_a_constant_divides():
    assert evaluate(parse("x/3"), x=49.0) == 49.0 / 3
    assert evaluate(parse("x/49"), x=49.0) == 1.0
    assert evaluate(Number(49) * Pow(Number(49), Number(-1))) == 1.0


def test_division_by_zero_is_still_a_domain_error():
    for text in ("1/x", "x/x", "y/(x*y)", "sin(x)/x^2"):
        with pytest.raises(DomainError, match="division by zero"):
            evaluate(parse(text), x=0.0, y=2.0)


def test_a_divisor_used_elsewhere_keeps_its_own_value():
    # 1/x is a divisor in the product and an argument of sin
    assert evaluate(parse("sin(1/x) + y/x"), x=4.0, y=2.0) == math.sin(0.25) + 0.5


def test_tiny_and_huge_divisors_fall_back_to_reciprocals():
    # x^2 overflows where x^-2 does not: the product still has a value
    assert evaluate(parse("y/x^2"), x=1e200, y=1e300) == pytest.approx(1e-100, rel=1e-15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(-1)^(10^30+1)", -1.0),
        ("(-1)^(10^30)", 1.0),
        ("(-1)^(-(10^30)-1)", -1.0),
        ("(-0.5)^(10^30+1)", -0.0),
        ("(-0.5)^(10^30)", 0.0),
        ("(-2)^(-(10^30)-1)", -0.0),
        ("(-1)^(3/3)", -1.0),
        ("(-1)^(2^100*3 + 1)", -1.0),
        ("(-1)^(10^30*2^10000+1)", -1.0),
        ("0.5^(10^400)", 0.0),
        ("(-1)^(10^400)", 1.0),
    ],
)
def test_the_sign_of_a_power_follows_the_exact_exponent(text, expected):
    value = evaluate(parse(text))
    assert value == expected
    assert math.copysign(1.0, value) == math.copysign(1.0, expected)


def test_huge_exact_exponents_still_overflow_and_stay_in_the_domain():
    for text in ("(-2)^(10^30+1)", "2^(10^30)", "1.5^(10^400)"):
        with pytest.raises(EvaluationError, match="overflows"):
            evaluate(parse(text))
    with pytest.raises(DomainError, match="division by zero"):
        evaluate(parse("0^(-(10^30))"))
    for text in ("(-8)^(1/3)", "(-1)^(10^30/3)", "(-1)^(1/(10^30+1))"):
        with pytest.raises(DomainError, match="non-integer power"):
            evaluate(parse(text))


def test_an_exact_power_beyond_float_is_an_exponent_without_overflow():
    assert evaluate(Pow(Number(0.5), Number(10**400))) == 0.0
    assert evaluate(Pow(Number(-1.0), Number(10**400 + 1))) == -1.0
    assert evaluate(Pow(Number(2.0), Number(Fraction(-(10**400), 3)))) == 0.0


@given(st.integers(-(10**40), 10**40), st.floats(0.5, 1.5))
@settings(max_examples=200)
def test_integer_powers_agree_with_mpmath(k, base):
    for b in (base, -base):
        expr = Pow(Number(b), Number(k))
        try:
            value = evaluate(expr)
        except EvaluationError:
            assert abs(mpmath.power(mpmath.mpf(b), k)) > 1e308
            continue
        exact = mpmath.power(mpmath.mpf(b), k)
        assert value == pytest.approx(float(exact), rel=1e-12, abs=1e-300)
        if value == 0:
            assert math.copysign(1.0, value) == (-1.0 if b < 0 and k % 2 else 1.0)
