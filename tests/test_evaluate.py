"""Evaluation: agrees with math, errors name what failed, linear in the DAG."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from symdiff import (
    REGISTRY,
    DomainError,
    EvaluationError,
    MissingVariableError,
    Mul,
    SymdiffError,
    evaluate,
    parse,
    symbols,
)

x, y = symbols("x y")

AGAINST_MATH = [
    ("x^2*sin(x) + 4x", lambda x: x**2 * math.sin(x) + 4 * x),
    ("exp(-x^2/2)", lambda x: math.exp(-(x**2) / 2)),
    ("log(x, 2)", lambda x: math.log(x) / math.log(2)),
    ("atan2(x, 2)", lambda x: math.atan2(x, 2)),
    ("sec(x) + csc(x) + cot(x)", lambda x: 1 / math.cos(x) + 1 / math.sin(x) + 1 / math.tan(x)),
    ("cbrt(-x)", lambda x: -(x ** (1 / 3))),
    ("abs(-x) + sign(-x)", lambda x: x - 1),
    ("2pi*x", lambda x: 2 * math.pi * x),
    ("e^x", lambda x: math.e**x),
    ("x^(1/2)", lambda x: math.sqrt(x)),
    (
        "asinh(x) + acosh(x + 1) + atanh(x/2)",
        lambda x: math.asinh(x) + math.acosh(x + 1) + math.atanh(x / 2),
    ),
]


@pytest.mark.parametrize(("text", "reference"), AGAINST_MATH, ids=[t for t, _ in AGAINST_MATH])
@pytest.mark.parametrize("point", [0.3, 0.7, 1.1, 1.9])
def test_against_math(text, reference, point):
    assert evaluate(parse(text), x=point) == pytest.approx(reference(point), rel=1e-13)


@pytest.mark.parametrize("name", sorted(n for n, f in REGISTRY.items() if f.arity == 1))
@given(st.floats(-3, 3))
def test_every_function_matches_its_impl(name, value):
    function = REGISTRY[name]
    try:
        expected = function.impl(value)
    except (ValueError, ZeroDivisionError):
        with pytest.raises(DomainError):
            evaluate(function(x), x=value)
        return
    except OverflowError:  # gamma(200): too large for a float
        with pytest.raises(EvaluationError):
            evaluate(function(x), x=value)
        return
    assert evaluate(function(x), x=value) == expected


def test_missing_variables_all_named():
    with pytest.raises(MissingVariableError) as info:
        evaluate(parse("x + y*z"), x=1)
    assert str(info.value) == "no value given for y, z (pass y=..., z=...)"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("log(x - 3)", "log(x - 3)"),
        ("1/(x - 1)", "1/(x - 1)"),
        ("sqrt(-x)", "sqrt(-x)"),
        ("(-x)^0.5", "(-x)^0.5"),
        ("acosh(x - 1)", "acosh(x - 1)"),
    ],
)
def test_domain_errors_name_the_subexpression(text, fragment):
    with pytest.raises(DomainError) as info:
        evaluate(parse(text), x=1)
    assert fragment in str(info.value)


def test_overflow_is_a_clear_error():
    with pytest.raises(EvaluationError, match="overflows"):
        evaluate(parse("exp(x)"), x=1000)


def test_nan_and_inf_inputs_propagate():
    assert math.isnan(evaluate(parse("sin(x) + 1"), x=math.nan))
    assert evaluate(parse("exp(x)"), x=math.inf) == math.inf


def test_values_by_symbol_and_bad_values():
    assert evaluate(x * y, {x: 2, "y": 3}) == 6.0
    with pytest.raises(SymdiffError):
        evaluate(x, x="abc")


@given(st.integers(1, 60))
def test_repeated_squaring_is_linear_in_the_dag(depth):
    node = x
    for _ in range(depth):
        node = Mul(node, node)
    assume(depth < 1000)
    assert evaluate(node, x=1.0) == 1.0


def test_deep_evaluation():
    node = x
    for _ in range(100_000):
        node = node * 1 + 0
    assert evaluate(node, x=2.5) == 2.5
