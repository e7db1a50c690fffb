"""The ``"full"`` level's exponentials as hyperbolic functions: ``e^u`` and ``e^(-u)`` in one
region written by ``cosh(u)`` and ``sinh(u)``, kept only where smaller.

Exact outputs where the form is the feature, values at 60 digits (mpmath) at random points,
idempotency, and random sums and quotients of exponentials.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st
from test_simplify_full_radicals import _assert_same_values, _check_point

from symdiff import Add, Mul, Number, Pow, Symbol, differentiate, parse, simplify
from symdiff.core.expr import Const
from symdiff.simplify.algebra.hyperbolic import exp_as_hyperbolic
from symdiff.simplify.simplify import standard_form

FORMS = [
    # (name, input, its full simplification)
    ("sinh", "exp(x)/2 - exp(-x)/2", "sinh(x)"),
    ("cosh", "exp(2*x) + exp(-2*x)", "2*cosh(2*x)"),
    ("tanh", "(exp(x) - exp(-x))/(exp(x) + exp(-x))", "tanh(x)"),
    ("fraction-argument", "exp(3*x/2) - exp(-3*x/2)", "2*sinh(3*x/2)"),
    ("with-a-factor", "x*exp(x^2) - x*exp(-x^2)", "2*x*sinh(x^2)"),
    ("alone-kept", "exp(x) + 1", "exp(x) + 1"),
    ("different-arguments-kept", "exp(x) - exp(-2*x)", "exp(x) - exp(-2*x)"),
    ("float-exponent-kept", "exp(2.5*x) - exp(-2.5*x)", "exp(2.5*x) - exp(-2.5*x)"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in FORMS], ids=[c[0] for c in FORMS])
def test_full_level_form(text, expected):
    e = parse(text)
    result = simplify(e, "full")
    assert str(result) == expected
    assert simplify(result, "full") is result
    _assert_same_values(e, result)


def test_the_derivative_of_a_cosh_written_by_exponentials():
    # corpus-sympy: d/dx (exp(x)/2 + exp(-x)/2), which sympy.simplify writes sinh(x)
    result = differentiate("exp(x)/2 + exp(-x)/2", "x", simplify="full")
    assert str(result) == "sinh(x)"


def test_the_candidate_writes_only_exponentials_with_their_opposite():
    e = standard_form(parse("exp(x) + exp(-x) + exp(3*x)"))
    assert str(exp_as_hyperbolic(e)) == "(cosh(x) + sinh(x)) + (cosh(x) - sinh(x)) + e^(3*x)"
    assert exp_as_hyperbolic(standard_form(parse("exp(x) + exp(2*x)"))) is None
    assert exp_as_hyperbolic(standard_form(parse("sin(x) + 1"))) is None


X = Symbol("x")
E = Const("e")


def _exponentials() -> st.SearchStrategy:
    k = st.sampled_from([1, -1, 2, -2, Fraction(1, 2), Fraction(-1, 2)])
    term = st.tuples(st.integers(-3, 3).filter(bool), k).map(
        lambda a: Mul(Number(a[0]), Pow(E, Mul(Number(a[1]), X)))
    )
    sums = st.lists(term, min_size=2, max_size=4).map(lambda a: Add(*a))
    return st.one_of(sums, st.tuples(sums, sums).map(lambda a: Mul(a[0], Pow(a[1], Number(-1)))))


@settings(max_examples=150, deadline=None)
@given(
    expr=_exponentials(), points=st.lists(st.floats(-3, 3, allow_nan=False), min_size=3, max_size=3)
)
def test_full_level_keeps_the_value_of_exponential_expressions(expr, points):
    simplified = simplify(expr, "full")
    note(f"input {expr}\nsimplified {simplified}")
    for x in points:
        _check_point(expr, simplified, x)
    assert simplify(simplified, "full") is simplified
