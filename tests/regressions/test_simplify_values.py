"""Inputs on which ``simplify`` crashed, changed a value or was not idempotent.

Values are checked against 50-digit arithmetic (``precise``, mpmath) of the input.
"""

from __future__ import annotations

import math

import pytest
from test_simplify_properties import precise

from symdiff import Symbol, differentiate, evaluate, parse, simplify

x = Symbol("x")


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
