"""The ``"full"`` level's radicals: contents out, like radicands joined, powers split and
cancelled, numbers denested.

Exact outputs where the form is the feature; values at 60 digits (mpmath) at random points of
each input's domain, with the output defined wherever the input is; idempotency; random
expressions over roots of polynomials; and the bounds: deep and wide inputs finish.
"""

from __future__ import annotations

import math
import random
import sys
from fractions import Fraction

import pytest
import reference
from hypothesis import given, note, settings
from hypothesis import strategies as st
from reference import Undefined

from symdiff import (
    Add,
    Mul,
    Number,
    Pow,
    Symbol,
    count_ops,
    differentiate,
    evaluate,
    parse,
    simplify,
)
from symdiff.simplify.algebra.denest import denested
from symdiff.simplify.algebra.roots import (
    MAX_RADICALS,
    MAX_ROOT_REGIONS,
    RootMemo,
    root_cancel,
    root_candidates,
)
from symdiff.simplify.simplify import standard_form

# -- exact forms ------------------------------------------------------------------------------

FORMS = [
    # (name, input, its full simplification)
    ("content-square", "x/sqrt(1 - x^2/16) + 4*x/sqrt(16 - x^2)", "8*x/sqrt(16 - x^2)"),
    ("content-integer", "sqrt(2*x + 2) - sqrt(2)*sqrt(x + 1)", "0"),
    ("content-perfect-power", "sqrt(8*x + 8)/sqrt(x + 1)", "2*sqrt(2)"),
    ("content-of-a-call", "sqrt(2)*sin(x)/(2*sqrt(sin(x)^2/2 + 1/2))", "sin(x)/sqrt(sin(x)^2 + 1)"),
    ("content-joins", "x*(x^4/sqrt(x^4 + 5) + sqrt(5)/sqrt(x^4/5 + 1))", "x*sqrt(x^4 + 5)"),
    ("equal-radicands", "x*sqrt(1 - (1 - x)^2) - x*sqrt(2*x - x^2)", "0"),
    ("half-content", "x/sqrt(x^2/2 + 1) + sqrt(2*x^2 + 4)", "sqrt(2)*(x^2 + x + 2)/sqrt(x^2 + 2)"),
    ("split-floor", "(x^4 + 2*x^2 + 1)/(x^2 + 1)^(3/2)", "sqrt(x^2 + 1)"),
    ("split-product", "-(x^2 - 6*x)/sqrt(x*(6 - x))", "sqrt(x*(6 - x))"),
    (
        "split-ceiling",
        "-(x^6 + x^4 + x^2 + 1)/((x^2 - 1)*(x^4 + 1)^(3/2))",
        "-(x^2 + 1)/((x^2 - 1)*sqrt(x^4 + 1))",
    ),
    ("radicand-out", "-sqrt(25 - x^2)/(x^6 - 25*x^4)", "1/(x^4*sqrt(25 - x^2))"),
    ("denest", "sqrt(3 + 2*sqrt(2))", "sqrt(2) + 1"),
    ("denest-difference", "sqrt(5 - 2*sqrt(6))", "sqrt(3) - sqrt(2)"),
    ("denest-fraction", "sqrt(9/4 + sqrt(2))", "sqrt(2) + 1/2"),
    ("denest-reciprocal", "1/sqrt(7 + 4*sqrt(3))", "1/(sqrt(3) + 2)"),
    ("denest-inside", "sin(sqrt(5 + 2*sqrt(6)))", "sin(sqrt(2) + sqrt(3))"),
    ("no-denesting", "sqrt(2 + sqrt(3))", "sqrt(sqrt(3) + 2)"),
    ("constant-roots-joined", "x*sqrt(2 + sqrt(2))*sqrt(2 - sqrt(2))", "sqrt(2)*x"),
    ("constant-roots-kept", "sqrt(3)*sqrt(2 + sqrt(3))", "sqrt(3)*sqrt(sqrt(3) + 2)"),
    ("numerator-sign", "-(x^5 - x^2)/(x^6 - x^3 + 1)", "(x^2 - x^5)/(x^6 - x^3 + 1)"),
    # a product of roots is defined on less than the root of the product: kept apart
    ("product-kept", "sqrt(x - 1)*sqrt(x + 1)", "sqrt(x - 1)*sqrt(x + 1)"),
    ("root-of-product-kept", "sqrt(x^2 - 1)", "sqrt(x^2 - 1)"),
    ("lone-root-kept", "sqrt(1 - x^2/16)", "sqrt(1 - x^2/16)"),
]

DERIVATIVES = [
    # (name, function of x, its derivative at the full level), from the bench's cited cases
    ("arcsine-shifted", "asin((1 + x)/sqrt(2))", "1/sqrt(2 - (x + 1)^2)"),
    ("arcsine-scaled", "-asin((1 - 2*x)/3)", "1/sqrt(x - x^2 + 2)"),
    ("arcsine-of-cosine", "-asin(cos(x)/sqrt(2))", "sin(x)/sqrt(sin(x)^2 + 1)"),
    (
        "inverse-sinh",
        "asinh(x) - sqrt(2)*atanh(sqrt(2)*x/sqrt(1 + x^2))",
        "sqrt(x^2 + 1)/(x^2 - 1)",
    ),
    ("root-of-product", "-(3 - x)*sqrt(6*x - x^2)/2 - 9*asin(1 - x/3)/2", "sqrt(x*(6 - x))"),
    (
        "fraction-radicand",
        "x*sqrt(x^2 - 36/25)/2 - 18*log(x + sqrt(x^2 - 36/25))/25",
        "sqrt(x^2 - 36/25)",
    ),
    (
        "arctangent-quartic",
        "atan(sqrt(2)*x/sqrt(1 + x^4))/sqrt(2)",
        "(1 - x^2)/((x^2 + 1)*sqrt(x^4 + 1))",
    ),
    (
        "power-five-halves",
        "x/(3*(1 + 2*x^2)^(3/2)) + 2*x/(3*sqrt(1 + 2*x^2))",
        "1/(2*x^2 + 1)^(5/2)",
    ),
]


def _points(expr, count=12, seed=11):
    """Up to ``count`` random points in [-4, 4] where ``expr`` is defined, with its values."""
    rng = random.Random(seed)
    found = []
    for _ in range(200):
        x = rng.randint(-4000, 4000) / 1000
        try:
            found.append((x, reference.precise(expr, {"x": x}, 60)))
        except Undefined:
            continue
        if len(found) == count:
            break
    return found


def _assert_same_values(before, after):
    points = _points(before)
    assert points, before
    for x, want in points:
        try:
            got = reference.precise(after, {"x": x}, 60)
        except Undefined:
            raise AssertionError(
                f"{after} is undefined at x = {x}, where {before} is not"
            ) from None
        assert abs(got - want) <= 1e-45 * max(1, abs(want)), (x, want, got)


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in FORMS], ids=[c[0] for c in FORMS])
def test_full_level_form(text, expected):
    e = parse(text)
    result = simplify(e, "full")
    assert str(result) == expected
    assert simplify(result, "full") is result
    _assert_same_values(e, result)


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in DERIVATIVES], ids=[c[0] for c in DERIVATIVES]
)
def test_full_level_derivative(text, expected):
    result = simplify(differentiate(text, "x"), "full")
    assert str(result) == expected
    assert simplify(result, "full") is result
    _assert_same_values(differentiate(text, "x", simplify=False), result)


def test_the_full_level_is_never_larger_than_the_standard_level_on_these():
    for _, text, _ in FORMS:
        assert count_ops(simplify(parse(text), "full")) <= count_ops(simplify(parse(text)))
    for _, text, _ in DERIVATIVES:
        d = differentiate(text, "x", simplify="standard")
        assert count_ops(simplify(d, "full")) <= count_ops(d)


def test_the_pieces():
    e = standard_form(parse("sqrt(2*x + 2) + sqrt(x + 1)"))
    forms = [str(c) for c in root_candidates(e, RootMemo())]
    assert forms[0] == "(x + 1)^(1/2) + 2^(1/2)*(x + 1)^(1/2)"
    assert list(root_candidates(standard_form(parse("x^2 + sin(x)")), RootMemo())) == []
    e = standard_form(parse("sqrt(x^2 + 1)/(x^4 + 2*x^2 + 1)"))
    assert str(standard_form(root_cancel(e))) == "1/(x^2 + 1)^(3/2)"
    assert str(denested(standard_form(parse("3 + 2*sqrt(2)")))) == "2^(1/2) + 1"
    # sqrt(2 + sqrt(3)) does denest, to a larger form that the full level then refuses
    assert str(denested(standard_form(parse("2 + sqrt(3)")))) == "(3/2)^(1/2) + (1/2)^(1/2)"
    for text in ("-3 + 2*sqrt(2)", "3 + 2*sqrt(x)", "3.0 + 2*sqrt(2)"):
        assert denested(standard_form(parse(text))) is None, text


def test_a_root_of_zero_keeps_its_point():
    # sqrt(x^2 - 1)^3/(x^2 - 1) is 0 at x = 1 only on the left: b*b^(-1/2) would lose it, so
    # the ceiling split is only taken for roots of known positive bases
    e = parse("x*sqrt(x^2 - 1) + (x^2 - 1)^(3/2)")
    result = simplify(e, "full")
    assert reference.precise(result, {"x": 1}, 60) == 0
    _assert_same_values(e, result)


# -- random roots of polynomials ----------------------------------------------------------------

X = Symbol("x")
COEFFICIENTS = st.sampled_from(
    [Fraction(1), Fraction(2), Fraction(1, 2), Fraction(-3), Fraction(4, 9)]
)


def _radicand() -> st.SearchStrategy:
    terms = st.tuples(COEFFICIENTS, st.integers(0, 3)).map(
        lambda a: Mul(Number(a[0]), Pow(X, Number(a[1])))
    )
    return st.lists(terms, min_size=2, max_size=3).map(lambda a: Add(*a))


def _atom() -> st.SearchStrategy:
    roots = st.tuples(
        _radicand(),
        st.sampled_from(
            [Fraction(1, 2), Fraction(-1, 2), Fraction(3, 2), Fraction(-3, 2), Fraction(1, 3)]
        ),
    )
    return st.one_of(
        roots.map(lambda a: Pow(a[0], Number(a[1]))),
        roots.map(lambda a: Pow(Mul(Number(2), a[0]), Number(a[1]))),
        st.just(X),
        st.integers(-3, 3).map(Number),
    )


def _extend(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.lists(children, min_size=2, max_size=3).map(lambda a: Add(*a)),
        st.lists(children, min_size=2, max_size=3).map(lambda a: Mul(*a)),
        st.tuples(children, st.integers(-2, 3)).map(lambda a: Pow(a[0], Number(a[1]))),
    )


def root_exprs() -> st.SearchStrategy:
    """Sums, products and integer powers of roots of small polynomials in ``x``."""
    return st.recursive(_atom(), lambda children: _extend(children), max_leaves=6)


POINT = st.floats(-3, 3, allow_nan=False)


def _check_point(expr, simplified, x):
    try:
        expected = reference.precise(expr, {"x": x}, 60)
    except Undefined:
        return
    if abs(expected) > 1e12:
        return  # near a pole: cancellation makes the comparison meaningless
    try:
        actual = reference.precise(simplified, {"x": x}, 60)
    except Undefined:
        raise AssertionError(f"{simplified} is undefined where {expr} is not") from None
    assert abs(actual - expected) <= 1e-30 * max(1, abs(expected)), (expected, actual)


@settings(max_examples=200, deadline=None)
@given(expr=root_exprs(), points=st.lists(POINT, min_size=3, max_size=3))
def test_full_level_keeps_the_value_of_root_expressions(expr, points):
    simplified = simplify(expr, "full")
    note(f"input {expr}\nsimplified {simplified}")
    for x in points:
        _check_point(expr, simplified, x)


@settings(max_examples=100, deadline=None)
@given(expr=root_exprs(), points=st.lists(POINT, min_size=2, max_size=2))
def test_full_level_keeps_the_value_of_root_derivatives(expr, points):
    d = differentiate(expr, "x", simplify=False)
    simplified = simplify(d, "full")
    note(f"derivative {d}\nsimplified {simplified}")
    for x in points:
        _check_point(d, simplified, x)


@settings(max_examples=150, deadline=None)
@given(expr=root_exprs())
def test_full_level_is_idempotent_on_root_expressions(expr):
    once = simplify(expr, "full")
    note(f"once {once}")
    assert simplify(once, "full") is once


# -- bounds -----------------------------------------------------------------------------------


def test_a_deep_nest_of_roots_finishes():
    # ten times MAX_ROOT_REGIONS regions with radicals: those past it keep their radicals
    # (the 100,000-deep chain of the trigonometric tests takes the same region walk)
    e = X
    for i in range(10 * MAX_ROOT_REGIONS):
        e = Pow(Add(Mul(Number(2 + i % 3), e), Number(1)), Number(Fraction(1, 2)))
    limit = sys.getrecursionlimit()
    result = simplify(e, "full")  # no RecursionError
    assert sys.getrecursionlimit() == limit
    value = 0.5
    for i in range(10 * MAX_ROOT_REGIONS):
        value = math.sqrt((2 + i % 3) * value + 1)
    assert evaluate(result, x=0.5) == pytest.approx(value, rel=1e-12)


def test_a_region_with_many_radicals_keeps_them():
    roots = [
        Pow(Add(Mul(Number(2), Pow(X, Number(k))), Number(2)), Number(Fraction(1, 2)))
        for k in range(1, MAX_RADICALS + 3)
    ]
    e = standard_form(Add(*roots))
    assert list(root_candidates(e, RootMemo())) == []
    wide = Add(*(Mul(Number(k), r) for k, r in enumerate(roots * 300, start=1)))
    assert count_ops(simplify(wide, "full")) <= count_ops(simplify(wide))
