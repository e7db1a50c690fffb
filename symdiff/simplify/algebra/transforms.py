"""The algebraic rewrites of one region: expand, together, cancel, factor terms.

Each takes the root of a region (``symdiff.simplify.algebra.convert``) and the nodes to treat
as atoms, and returns an expression of the same value wherever the input is defined (``cancel``
extends the domain: ``(x^2 - 1)/(x - 1)`` becomes ``x + 1``, defined at ``x = 1`` too), built
with the trivial constructors only; callers put the result in standard form. Past a bound
they raise ``TooLarge`` (``expand_region``, ``together_region``, ``cancel_region``) or return
the input (``factor_terms_node``).

>>> from symdiff.core.parse import parse
>>> str(cancel_region(parse("(x^2 - 1)/(x - 1)")))
'x + 1'
>>> str(factor_terms_node(parse("2*x*y + 4*x")))
'2*x*(y + 2)'
"""

from __future__ import annotations

import math
from collections.abc import Collection
from fractions import Fraction

from symdiff.core.construct import add, mul, power
from symdiff.core.expr import Expr, Number, Op
from symdiff.simplify.algebra.gcd import gcd
from symdiff.simplify.algebra.rational import (
    Fractions,
    from_poly,
    from_rational,
    to_polynomial,
    to_rational,
)
from symdiff.simplify.order import Ordering

__all__ = ["cancel_region", "expand_region", "factor_terms_node", "together_region"]

Exact = int | Fraction


def expand_region(
    root: Expr, boundary: Collection[Expr] = (), order: Ordering | None = None
) -> Expr:
    """Products and positive powers of sums multiplied out, like terms collected."""
    p, atoms = to_polynomial(root, boundary, order)
    return from_poly(p, atoms)


def together_region(
    root: Expr, boundary: Collection[Expr] = (), order: Ordering | None = None
) -> Expr:
    """One fraction over the least common denominator."""
    num, den, atoms = to_rational(root, boundary, order)
    return from_rational(num, den, atoms)


def cancel_region(
    root: Expr,
    boundary: Collection[Expr] = (),
    order: Ordering | None = None,
    fractions: Fractions | None = None,
) -> Expr:
    """One fraction with the GCD of numerator and denominator divided out (``order`` and
    ``fractions`` as for ``to_rational``)."""
    num, den, atoms = to_rational(root, boundary, order, fractions)
    if den.constant_value() is None and not num.is_zero():
        _, num, den = gcd(num, den)
    return from_rational(num, den, atoms)


def _split(term: Expr) -> tuple[Exact | None, dict[Expr, Exact]]:
    """A term's exact coefficient (``None`` for a float) and its bases with exact exponents
    (``int`` where they are integers: the common case, without ``Fraction`` arithmetic)."""
    factors = term.args if term.op is Op.MUL else (term,)
    coefficient: Exact | None = 1
    bases: dict[Expr, Exact] = {}
    for f in factors:
        if f.op is Op.NUM:
            if isinstance(f.value, float) or coefficient is None:
                coefficient = None
            else:
                coefficient *= f.value
        elif f.op is Op.POW and f.args[1].op is Op.NUM and not isinstance(f.args[1].value, float):
            bases[f.args[0]] = bases.get(f.args[0], 0) + f.args[1].value
        else:
            bases[f] = bases.get(f, 0) + 1
    return coefficient, bases


def factor_terms_node(node: Expr) -> Expr:
    """A sum with its common number and common powers pulled out in front.

    The common power of a base is its smallest exponent over the terms: a term with a
    negative or fractional power of it already makes the sum undefined wherever the pulled
    power is, so the value is kept wherever the sum is defined.
    """
    if node.op is not Op.ADD:
        return node
    parts = [_split(t) for t in node.args]
    common = dict(parts[0][1])
    for _, bases in parts[1:]:
        common = {b: min(e, bases[b]) for b, e in common.items() if b in bases}
    number = Fraction(1)
    coefficients = [c for c, _ in parts]
    if all(c is not None for c in coefficients):
        exact = [c for c in coefficients if c is not None]
        number = Fraction(
            math.gcd(*(c.numerator for c in exact)),
            math.lcm(*(c.denominator for c in exact)),
        )
        if all(c < 0 for c in exact):
            number = -number
    common = {b: e for b, e in common.items() if e}
    if number == 1 and not common:
        return node
    terms = []
    for term, (c, bases) in zip(node.args, parts, strict=True):
        if c is None:
            factors = term.args if term.op is Op.MUL else (term,)
            scale: list[Expr] = [f for f in factors if f.op is Op.NUM]
        else:
            scale = [Number(_normal(c / number))]
        powers = [power(b, Number(_normal(e - common.get(b, 0)))) for b, e in bases.items()]
        terms.append(mul(*scale, *powers))
    pulled = [power(b, Number(_normal(e))) for b, e in common.items()]
    return mul(Number(_normal(number)), *pulled, add(*terms))


def _normal(value: Exact) -> Exact:
    return value.numerator if value.denominator == 1 else value
