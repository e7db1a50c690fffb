"""``check``'s error estimate is Richardson's own, never below the rounding error.

Found by a differential fuzzer: ``check("x^2", "x", 3463.547142940437)`` reported an error
estimate of 0.0 beside a difference of 3.5e-9. ``check`` kept, of six extrapolations, the
one whose error estimate was smallest, and an extrapolation of a polynomial's differences
(which agree to the last bit) estimates its error as exactly zero.
"""

from __future__ import annotations

import math
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symdiff import check
from symdiff.diff.numeric import richardson

EPS = sys.float_info.epsilon


@pytest.mark.parametrize(
    "x", [3463.547142940437, 5281.017849480358, 4998.626957338393, 8475.863032002955, 0.41676]
)
def test_a_square_far_from_zero_has_an_honest_error(x):
    result = check("x^2", "x", x)
    assert result.ok
    assert result.estimate_error > 0
    assert result.difference <= result.estimate_error
    assert result.estimate_error < 1e-9 * abs(result.symbolic)  # and a small one
    assert "error estimate 0.0e+00" not in str(result)


def test_richardson_of_a_polynomial_is_not_exact():
    # every central difference of t^2 is the same rounded number: the change is 0
    value, error = richardson(lambda t: t * t, 3463.547142940437)
    assert error > 0
    assert abs(value - 2 * 3463.547142940437) <= error


def test_richardson_errors_stay_small_where_the_function_is_smooth():
    value, error = richardson(math.exp, 0.0)
    assert abs(value - 1) <= error < 1e-12
    value, error = richardson(math.sin, 1.0)
    assert abs(value - math.cos(1.0)) <= error < 1e-12


FUNCTIONS = {
    "x^2": lambda x: 2 * x,
    "x^3 - 2x": lambda x: 3 * x * x - 2,
    "x^7": lambda x: 7 * x**6,
    "exp(x)": math.exp,
    "sin(x)": math.cos,
    "x^2*sin(x)": lambda x: 2 * x * math.sin(x) + x * x * math.cos(x),
    "log(x)": lambda x: 1 / x,
    "sqrt(x)": lambda x: 0.5 / math.sqrt(x),
    "1/x": lambda x: -1 / (x * x),
    "atan(x)": lambda x: 1 / (1 + x * x),
    "exp(-x^2)": lambda x: -2 * x * math.exp(-x * x),
}


@given(st.sampled_from(sorted(FUNCTIONS)), st.floats(0.05, 20.0))
@settings(max_examples=300, deadline=None)
def test_the_error_estimate_bounds_the_real_error(text, x):
    result = check(text, "x", x)
    exact = FUNCTIONS[text](x)
    real = abs(result.numeric - exact)
    assert result.ok
    if real > 0:
        assert result.estimate_error > 0
    # the estimate is of the numeric value's error; allow the exact value's own rounding
    assert real <= 2 * result.estimate_error + 4 * EPS * max(1.0, abs(exact))
