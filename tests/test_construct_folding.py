"""The trivial builders fold numbers exactly: their shortcuts give what the exact path gives."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symdiff.core import construct
from symdiff.core.construct import add, mul
from symdiff.core.expr import Mul, Number, symbols

x, y = symbols("x y")

floats = st.one_of(
    st.floats(allow_nan=False),
    st.sampled_from([0.0, -0.0, 5e-324, 2.2250738585072014e-308, 1e308, -1e308, 1.5]),
)
integers = st.one_of(st.integers(-(2**53), 2**53), st.sampled_from([0, 1, -1, 2**53 + 1]))


def _exactly(build, *items):
    """``build(*items)`` through the exact path only (no one-operation shortcut)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(construct, "FLOAT_EXACT", -1)
        return build(*items)


@settings(max_examples=300)
@given(integers, floats, st.sampled_from([add, mul]))
def test_an_integer_and_a_float_fold_as_the_exact_path_folds_them(number, value, build):
    for items in ((x, number, value), (number, value), (value, Mul(2, y), number)):
        assert repr(build(*items)) == repr(_exactly(build, *items))


def test_a_zero_product_is_a_positive_zero():
    assert mul(-1, 0.0, x) is Number(0.0)
    assert math.copysign(1, mul(-1, 0.0).value) == 1


def test_a_coefficient_one_over_q_prints_as_a_division():
    assert str(mul(Fraction(1, 50), x)) == "x/50"
    assert str(mul(Fraction(3, 50), x)) == "3*x/50"
    assert mul(Fraction(1, 50), x).args[-1] is Number(Fraction(1, 50))
