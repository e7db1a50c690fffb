"""Sign analysis and the rewrites it decides (abs, sign, log of a product, radicals)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import exprs

from symdiff import evaluate, parse, simplify
from symdiff.core.errors import SymdiffError
from symdiff.simplify.signs import (
    NEGATIVE,
    NONNEGATIVE,
    NONPOSITIVE,
    POSITIVE,
    UNKNOWN,
    ZERO,
    sign_of,
)

SIGNS = [
    ("exp(x)", POSITIVE),
    ("cosh(x) + x^2", POSITIVE),
    ("x^2", NONNEGATIVE),
    ("-x^2 - 1", NEGATIVE),
    ("-abs(x)", NONPOSITIVE),
    ("sqrt(x)", NONNEGATIVE),
    ("sinh(exp(x))", POSITIVE),
    ("x", UNKNOWN),
    ("x - 1", UNKNOWN),
    ("0", ZERO),
    ("pi*e", POSITIVE),
    ("1/x^2", POSITIVE),
]


@pytest.mark.parametrize(("text", "expected"), SIGNS, ids=[s[0] for s in SIGNS])
def test_sign_of(text, expected):
    assert sign_of(parse(text)) == expected


CASES = [
    ("abs-of-nonnegative", "abs(cosh(u))", "cosh(u)"),
    ("abs-of-nonnegative", "abs(u^2 + 1)", "u^2 + 1"),
    ("abs-of-nonpositive", "abs(-exp(u) - 1)", "exp(u) + 1"),
    ("sign-of-positive", "sign(cosh(u))", "1"),
    ("sign-of-negative", "sign(-exp(u))", "-1"),
    ("log-of-positive-factor", "log(exp(x)*(x^2 + 1))", "x + log(x^2 + 1)"),
    ("log-of-positive-factor", "log(2*x)", "log(2*x)"),
    ("root-of-positive-factor", "sqrt(cosh(x)*y)/sqrt(cosh(x))", "sqrt(y)"),
    ("numeric-radicals", "sqrt(2*cos(x))/sqrt(cos(x))", "sqrt(2)"),
    ("numeric-radicals", "sqrt(x)*sqrt(2*x)", "sqrt(2)*x"),
    ("numeric-radicals", "sqrt(5*t/3)", "sqrt(15)*sqrt(t)/3"),
    ("numeric-radicals", "sqrt(-3*x)", "sqrt(3)*sqrt(-x)"),
    ("combine-powers", "u^(1/2)*u^(3/2)", "u^2"),
    ("even-root-abs", "sqrt(u^4)", "u^2"),
    ("abs-of-sqrt", "abs(sqrt(u))", "sqrt(u)"),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_sign_rule(name, text, expected):
    result = simplify(parse(text))
    assert str(result) == expected
    assert simplify(result) is result


def _value(expr, point):
    try:
        value = evaluate(expr, point)
    except (SymdiffError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return value if math.isfinite(value) else None


POINTS = st.fixed_dictionaries({n: st.floats(-3, 3, allow_nan=False) for n in "xyz"})


@settings(max_examples=200)
@given(expr=exprs(), point=POINTS)
def test_sign_of_is_sound(expr, point):
    value = _value(expr, point)
    if value is None or abs(value) < 1e-12:
        return  # undefined, or too close to zero for floats to tell the sign
    mask = sign_of(expr)
    assert mask & (POSITIVE if value > 0 else NEGATIVE), (str(expr), value, mask)


@settings(max_examples=100)
@given(expr=exprs(), point=POINTS)
def test_radicals_keep_the_value(expr, point):
    wrapped = parse(f"sqrt(2*({expr})^2*exp(y))") if len(str(expr)) < 200 else expr
    before = _value(wrapped, point)
    if before is None:
        return
    after = _value(simplify(wrapped), point)
    assert after is not None and math.isclose(before, after, rel_tol=1e-6, abs_tol=1e-9)
