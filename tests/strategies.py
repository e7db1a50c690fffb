"""Shared hypothesis strategies: random expressions with repeated subtrees."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from symdiff import REGISTRY, Add, Const, Mul, Number, Pow, Symbol
from symdiff.core.expr import Call

SYMBOLS = [Symbol(n) for n in ("x", "y", "z")]
UNARY = [f for f in REGISTRY.values() if f.arity == 1]

numbers = st.one_of(
    st.integers(-20, 20),
    st.fractions(min_value=-10, max_value=10, max_denominator=12),
    st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False),
).map(Number)

leaves = st.one_of(
    st.sampled_from(SYMBOLS),
    numbers,
    st.sampled_from([Const("pi"), Const("e")]),
)


def _extend(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.lists(children, min_size=2, max_size=4).map(lambda a: Add(*a)),
        st.lists(children, min_size=2, max_size=4).map(lambda a: Mul(*a)),
        st.tuples(children, children).map(lambda a: Pow(*a)),
        st.tuples(children, st.integers(-3, 3) | st.sampled_from([Fraction(1, 2)])).map(
            lambda a: Pow(a[0], a[1])
        ),
        st.tuples(st.sampled_from(UNARY), children).map(lambda a: Call(*a)),
        st.tuples(children).map(lambda a: Call(REGISTRY["atan2"], a[0], a[0])),
        children.map(lambda a: Add(a, a)),  # a shared subtree
        children.map(lambda a: Mul(a, Number(-1))),
        children.map(lambda a: Mul(Number(-1), a)),
    )


def exprs(max_leaves: int = 12) -> st.SearchStrategy:
    """Random raw expressions (any structure the constructors allow)."""
    return st.recursive(leaves, _extend, max_leaves=max_leaves)


# Smooth, real-valued expressions for numeric checks: no abs/sign kinks, safe domains.
SAFE_UNARY = [REGISTRY[n] for n in ("sin", "cos", "exp", "atan", "sinh", "tanh")]


def _extend_smooth(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.lists(children, min_size=2, max_size=3).map(lambda a: Add(*a)),
        st.lists(children, min_size=2, max_size=3).map(lambda a: Mul(*a)),
        st.tuples(children, st.integers(-2, 3)).map(lambda a: Pow(a[0], a[1])),
        st.tuples(st.sampled_from(SAFE_UNARY), children).map(lambda a: Call(*a)),
        children.map(lambda a: Mul(a, a)),
    )


def smooth_exprs(max_leaves: int = 8) -> st.SearchStrategy:
    """Random expressions that are smooth wherever they are defined."""
    small = st.integers(-5, 5).map(Number) | st.fractions(-3, 3, max_denominator=5).map(Number)
    return st.recursive(st.sampled_from(SYMBOLS) | small, _extend_smooth, max_leaves=max_leaves)


# Quotients of products of small polynomials that share factors (something to cancel), over
# the symbols and a few atoms that are not polynomials.
ATOMS = [*SYMBOLS, Call(REGISTRY["sin"], SYMBOLS[0]), Pow(Const("e"), SYMBOLS[1])]
ATOMS.append(Pow(SYMBOLS[0], Number(Fraction(1, 2))))


def _polynomials() -> st.SearchStrategy:
    monomial = st.tuples(
        st.integers(-4, 4).filter(bool), st.sampled_from(ATOMS), st.integers(0, 3)
    ).map(lambda t: Mul(Number(t[0]), Pow(t[1], Number(t[2]))))
    return st.lists(monomial, min_size=1, max_size=3).map(lambda a: Add(*a, Number(1)))


def rational_exprs() -> st.SearchStrategy:
    """``(p*q + s)/(p*r)`` and sums of such: polynomials sharing a factor, to cancel."""
    polys = _polynomials()
    quotient = st.tuples(polys, polys, polys, polys | st.just(Number(0))).map(
        lambda t: Add(Mul(t[0], t[1]), t[3]) * Pow(Mul(t[0], t[2]), Number(-1))
    )
    return st.lists(quotient | polys, min_size=1, max_size=2).map(
        lambda a: a[0] if len(a) == 1 else Add(*a)
    )
