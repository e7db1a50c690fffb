"""Differential properties of ``simplify`` and ``simplify_many`` over the whole input space.

Random expressions over every node kind, every built-in function and every number kind
(exact integers and fractions, ordinary floats, tiny and huge floats, subnormals, ``-0.0``,
negative powers with coefficients), at random points that include zeros of both signs.
Checked: the result is a fixed point (``simplify(simplify(e)) is simplify(e)``, the same for
``simplify_many``) and it has the input's value in 50-digit arithmetic (``precise``)
wherever the input is defined and finite. Each input these properties found is a test in
``tests/regressions/test_simplify_values.py``.
"""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import given, note, settings
from hypothesis import strategies as st
from test_simplify_properties import Undefined, precise

from symdiff import REGISTRY, Add, Const, Mul, Number, Pow, Symbol, evaluate
from symdiff.core.errors import SymdiffError
from symdiff.core.expr import Call, Expr
from symdiff.simplify.many import simplify_many
from symdiff.simplify.simplify import simplify

SYMBOLS = [Symbol(n) for n in ("x", "y")]
FUNCTIONS = sorted((f for f in REGISTRY.values() if f.builtin), key=lambda f: f.name)

#: Floats where folding can lose the value: near the ends of the float range, subnormal.
EXTREME_FLOATS = [1e-200, 3.45e-275, 1e-160, 5e-324, 2.2e-308, 1e20, 1e154, 1e200, 1e300, -0.0]

numbers = st.one_of(
    st.integers(-12, 12),
    st.fractions(min_value=-6, max_value=6, max_denominator=9),
    st.floats(-50, 50, allow_nan=False, allow_infinity=False),
    st.sampled_from(EXTREME_FLOATS + [-v for v in EXTREME_FLOATS]),
    st.sampled_from([0, 1, -1, 2, Fraction(1, 2), Fraction(-1, 2), Fraction(1, 3), 0.5]),
).map(Number)

leaves = st.one_of(st.sampled_from(SYMBOLS), numbers, st.sampled_from([Const("pi"), Const("e")]))

EXPONENTS = st.sampled_from([-3, -2, -1, Fraction(-1, 2), Fraction(1, 2), Fraction(-3, 2), 2, 3])


def _call(function, children: st.SearchStrategy) -> st.SearchStrategy:
    return st.tuples(*[children] * function.arity).map(lambda a: Call(function, *a))


def _extend(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.lists(children, min_size=2, max_size=4).map(lambda a: Add(*a)),
        st.lists(children, min_size=2, max_size=4).map(lambda a: Mul(*a)),
        st.tuples(children, children).map(lambda a: Pow(*a)),
        # a coefficient times a negative power: what derivatives are made of
        st.tuples(numbers, children, EXPONENTS).map(lambda a: Mul(a[0], Pow(a[1], a[2]))),
        st.tuples(numbers, children, numbers, EXPONENTS).map(
            lambda a: Mul(a[0], Pow(Add(a[1], a[2]), a[3]))
        ),
        st.tuples(children, numbers, numbers).map(lambda a: Mul(a[0], a[1], a[2])),
        st.one_of(*[_call(f, children) for f in FUNCTIONS]),
        children.map(lambda a: Add(a, Mul(Number(-1), a))),  # cancels: a zero of some sign
        children.map(lambda a: Mul(a, a)),  # a shared subtree
    )


def exprs(max_leaves: int = 10) -> st.SearchStrategy:
    return st.recursive(leaves, _extend, max_leaves=max_leaves)


#: Relative size of the roundings ``assert_keeps_value`` allows for (a few ulps).
JITTER = 2.0**-50

coordinates = st.one_of(
    st.floats(-4, 4, allow_nan=False),
    st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, 2.0]),
)
POINTS = st.fixed_dictionaries({s.value: coordinates for s in SYMBOLS})


def assert_keeps_value(expr: Expr, simplified: Expr, point: dict) -> None:
    """``simplified`` has ``expr``'s value at ``point`` (50 digits), if ``expr`` is defined
    and finite there (in floats, and in exact arithmetic)."""
    try:
        plain = evaluate(expr, point)
    except SymdiffError:
        return
    if not math.isfinite(plain):
        return
    try:
        expected = precise(expr, point, digits=50)
        # folding rounds a float once: the value may move as much as such roundings move it
        moved = max(abs(precise(expr, point, 50, j) - expected) for j in (-JITTER, JITTER))
    except Undefined:
        return
    note(f"input {expr}\nsimplified {simplified}\npoint {point}")
    try:
        actual = precise(simplified, point, digits=50)
    except Undefined:
        raise AssertionError(f"{simplified} is undefined where {expr} is not") from None
    assert abs(actual - expected) <= 1e-9 * max(1, abs(expected)) + 4 * moved, (expected, actual)


@settings(max_examples=400)
@given(expr=exprs(), point=POINTS)
def test_simplify_is_a_fixed_point_with_the_same_value(expr, point):
    once = simplify(expr)
    note(f"input {expr}\nonce {once}")
    assert simplify(once) is once
    assert_keeps_value(expr, once, point)


@settings(max_examples=200)
@given(roots=st.lists(exprs(max_leaves=8), min_size=1, max_size=3), point=POINTS)
def test_simplify_many_is_a_fixed_point_with_the_same_values(roots, point):
    # share subtrees between the roots, as a gradient's partials do
    roots = [*roots, Add(*roots)] if len(roots) > 1 else roots
    once = simplify_many(roots)
    note(f"inputs {[str(r) for r in roots]}\nonce {[str(o) for o in once]}")
    again = simplify_many(once)
    assert all(a is b for a, b in zip(again, once, strict=True))
    for root, result in zip(roots, once, strict=True):
        assert_keeps_value(root, result, point)
