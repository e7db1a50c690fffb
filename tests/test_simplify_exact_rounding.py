"""Folding floats: the hardware's product of two numbers and ``math.fsum`` of a sum are the
exact result rounded once, so ``exactly`` takes them where the result is a normal float, and
gives what the exact path gives everywhere (checked against it)."""

from __future__ import annotations

import math
import operator
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from symdiff.core.construct import round_once
from symdiff.simplify.exact import exactly

numbers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(min_value=-1e3, max_value=1e3),
    st.integers(-(2**60), 2**60),
    st.fractions(max_denominator=50),
)


def exact_path(values: list) -> float | None:
    return round_once(sum(Fraction(v) for v in values))


@settings(max_examples=400)
@given(
    st.lists(numbers, min_size=1, max_size=6).filter(lambda v: any(isinstance(x, float) for x in v))
)
def test_sums_fold_as_the_exact_sum_rounded_once(values):
    assert exactly(sum, values) == exact_path(values)


@settings(max_examples=400)
@given(numbers, st.floats(allow_nan=False, allow_infinity=False))
def test_products_fold_as_the_exact_product_rounded_once(a, b):
    expected = round_once(Fraction(a) * Fraction(b))
    assert exactly(operator.mul, a, b) == expected
    assert exactly(operator.mul, b, a) == expected


def test_the_cases_the_hardware_would_round_twice_or_lose():
    assert exactly(sum, [1, 1e20, -1e20]) == 1.0  # fsum, not left to right
    assert exactly(operator.mul, 2**60 + 1, 1.0) == float(2**60)  # one rounding of the exact
    assert exactly(operator.mul, 1e-200, 1e-200) is None  # underflow
    assert exactly(operator.mul, 1e200, 1e200) is None  # overflow
    assert math.copysign(1, exactly(operator.mul, -2.0, 0.0)) == 1  # the exact zero is +0
