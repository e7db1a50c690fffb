"""Tracing Python functions into expressions, and the symbolic-branch errors."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from symdiff import (
    Number,
    Op,
    SymbolicBranchError,
    SymdiffError,
    evaluate,
    exp,
    parse,
    postorder,
    sin,
    symbols,
    trace,
)

x, y = symbols("x y")

# The seed talk's examples, written in Python.
XS = [1, 2, 3]
YS = [2, 4, 6]


def linear_regression_error(coef):
    pred = [v * coef for v in XS]
    error = 0.0
    for i in range(len(YS)):
        error += (YS[i] - pred[i]) ** 2
    return error


def crazy_function(x, y):
    return x + y if random.random() < 0.5 else x - y


def test_linear_regression_loop_over_data():
    traced = trace(linear_regression_error, "coef")
    assert {s.name for s in traced.free_symbols} == {"coef"}
    for coef in (-1.5, 0.0, 0.5, 2.0, 3.25):
        assert evaluate(traced, coef=coef) == pytest.approx(linear_regression_error(coef))
    # The data stays numeric: exact integers from the lists, no symbols for them.
    numbers = {n.value for n in postorder(traced) if n.op is Op.NUM}
    assert {2, 4, 6} <= numbers
    assert all(type(v) in (int, float) for v in numbers)
    # The error is zero at the true slope.
    assert evaluate(traced, coef=2.0) == 0.0


def test_parameter_names_are_the_default_symbols():
    assert trace(linear_regression_error) is trace(linear_regression_error, "coef")


@pytest.mark.parametrize(("draw", "expected"), [(0.25, "x + y"), (0.75, "x - y")])
def test_crazy_function_records_the_branch_taken(monkeypatch, draw, expected):
    monkeypatch.setattr(random, "random", lambda: draw)
    assert trace(crazy_function, "x", "y") is parse(expected)


def test_calls_to_symdiff_functions():
    assert trace(lambda x: sin(x) ** 2 + exp(-x)) is parse("sin(x)^2 + exp(-x)")


def test_list_arguments_and_keywords():
    def model(weights, bias, *, inputs):
        return sum((w * v for w, v in zip(weights, inputs, strict=True)), bias)

    traced = trace(model, ["a", "b"], "c", inputs=[2, 3])
    assert evaluate(traced, a=1.0, b=10.0, c=0.5) == 32.5


def test_list_result_and_plain_number_result():
    assert trace(lambda x: [x, 2 * x, 3]) == [x, 2 * x, Number(3)]
    assert trace(lambda x: 7, "x") is Number(7)


def test_numbers_may_be_passed_as_arguments():
    assert trace(lambda x, k: x**k, "x", 3) is x**3


def test_deep_loop_builds_a_deep_expression_without_recursion():
    def nest(x):
        for _ in range(20_000):
            x = sin(x)
        return x

    traced = trace(nest)
    assert evaluate(traced, x=0.5) == pytest.approx(nest_float(0.5))


def nest_float(v: float) -> float:
    for _ in range(20_000):
        v = math.sin(v)
    return v


@given(
    st.lists(st.fractions(-5, 5, max_denominator=7), min_size=1, max_size=6),
    st.fractions(-3, 3, max_denominator=5),
)
def test_traced_horner_matches_the_function_exactly(coefficients, point):
    def horner(x):
        total = 0
        for c in coefficients:
            total = total * x + c
        return total

    traced = trace(horner, "x")
    assert evaluate(traced.subs({"x": point})) == pytest.approx(float(horner(point)))
    assert traced.subs({"x": Fraction(0)}).free_symbols == frozenset()


# -- branches on symbolic values are errors that say why and where ---------------------------


def branch_on_comparison(x):
    if x > 0:
        return x
    return -x


def branch_on_truth(x):
    while x:
        x = x - 1
    return x


def uses_math(x):
    return math.sin(x)


def loops_symbolic_times(n):
    total = 0
    for _ in range(n):
        total += 1
    return total


@pytest.mark.parametrize(
    ("function", "says"),
    [
        (branch_on_comparison, "whether x > 0"),
        (branch_on_truth, "whether x is true or false"),
        (uses_math, "symdiff.sin, not math.sin"),
        (loops_symbolic_times, "as an integer"),
    ],
)
def test_symbolic_branch_is_a_clear_error(function, says):
    with pytest.raises(SymbolicBranchError) as info:
        trace(function)
    message = str(info.value)
    assert says in message
    assert f"while tracing {function.__name__}" in message
    assert isinstance(info.value, SymdiffError)
    assert isinstance(info.value, TypeError)


def test_error_names_the_offending_line():
    with pytest.raises(SymbolicBranchError, match=r"line \d+: if x > 0:"):
        trace(branch_on_comparison, "x")


def test_reversed_and_mixed_comparisons():
    for compare in (lambda: 0 < x, lambda: x <= y, lambda: x >= 1.5, lambda: Number(1) < x):  # noqa: SIM300
        with pytest.raises(SymbolicBranchError, match="cannot decide whether"):
            compare()


def test_numbers_keep_their_order_but_have_no_truth_value():
    for value in (0, 1, Fraction(1, 2), 0.0):
        with pytest.raises(SymbolicBranchError, match="no truth value"):
            bool(Number(value))
    assert Number(2) < 3
    assert Number(2.5) >= Fraction(5, 2)
    assert float(Number(Fraction(1, 4))) == 0.25
    assert [10, 20, 30][Number(1)] == 20


def test_equality_stays_identity():
    assert (x == 0) is False
    assert x + 1 == x + 1


@pytest.mark.parametrize(
    ("function", "message"),
    [
        (lambda x: None, "returned None"),
        (lambda x: "text", "returned str"),
        (lambda x: [1, 2] * x, "comprehension"),
    ],
)
def test_bad_results_are_errors(function, message):
    with pytest.raises(SymdiffError, match=message):
        trace(function, "x")


def test_bad_arguments_are_errors():
    with pytest.raises(SymdiffError, match="needs a function"):
        trace(42, "x")
    with pytest.raises(SymdiffError, match="not a valid symbol name"):
        trace(lambda x: x, "2x")
