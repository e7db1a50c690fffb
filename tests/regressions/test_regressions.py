"""Inputs that once broke symdiff, kept so they never break it again.

Each case names what it found. Text cases run through every public entry point (see
``hostile_inputs.run_pipeline``): the only exception allowed out is a ``SymdiffError``.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hostile_inputs import run_pipeline

from symdiff import Number, Symbol, evaluate
from symdiff.errors import EvaluationError, InputTooLargeError, SymdiffError

x = Symbol("x")

_OVERFLOW = pytest.mark.xfail(raises=OverflowError, strict=True, reason="float of a huge int")

TEXTS = [
    # folding a float divided by an integer beyond the float range raised OverflowError
    pytest.param("1e308/" + "9" * 400, id="float-over-huge-int", marks=_OVERFLOW),
    pytest.param("9" * 400 + "/2.0", id="huge-int-over-float", marks=_OVERFLOW),
]


@pytest.mark.parametrize("text", TEXTS)
def test_text_through_every_entry_point(text):
    run_pipeline(text)


def test_print_integer_beyond_python_str_limit():
    big = Number(10**5000)
    assert str(big).startswith("1000") and len(str(big)) == 5001
    assert repr(big) == f"Number({big!s})"
    assert str(Number(-(10**5000) - 7)) == "-1" + "0" * 4999 + "7"
    assert str(x * Fraction(1, 10**5000)) == "x/1" + "0" * 5000


def test_integer_beyond_the_print_limit_is_a_clear_error():
    huge = Number(10**200_000)
    with pytest.raises(InputTooLargeError, match="too large to print"):
        str(huge)
    assert repr(huge) == "Number(<int of 664386 bits>)"
    with pytest.raises(EvaluationError, match="overflows"):
        evaluate(huge * x, x=1.0)


def test_evaluate_error_names_a_huge_value():
    with pytest.raises(SymdiffError, match="not a real number"):
        evaluate(x, x=10**5000)
    with pytest.raises(SymdiffError, match="overflows"):
        evaluate(Number(10**5000) * x, x=1.0)
