"""Radicals: the numeric and positive content of a root taken out of it.

Takes nothing at import; ``RADICAL_RULES`` are rules the standard level applies after the
built-in identities. A non-integer power of a product splits off each factor the sign
analysis (``symdiff.simplify.signs``) knows to be positive (numbers are split off by standard
form, ``symdiff.simplify.canonical``):

- ``sqrt(2*cos(x)) -> sqrt(2)*sqrt(cos(x))``, so ``sqrt(2*cos(x))/sqrt(cos(x)) -> sqrt(2)``;
- ``sqrt(5*t/3) -> sqrt(15)*sqrt(t)/3`` (the number in standard form,
  ``symdiff.simplify.exact``);
- ``sqrt(x)*sqrt(2*x) -> sqrt(2)*x`` (the powers of ``x`` then combine in standard form);
- a negative number comes out as its absolute value: ``sqrt(-3*x) -> sqrt(3)*sqrt(-x)``.

Each keeps the value wherever the left side is defined: with ``a > 0``, ``(a*b)^c`` and
``a^c*b^c`` are defined at the same points (``b^c`` is, exactly where ``(a*b)^c`` is) and
equal there. Powers of the same base then combine by standard form (``u^(1/2)*u^(3/2) ->
u^2``), which extends the domain as ``x/x -> 1`` does.

>>> from symdiff.simplify.simplify import simplify
>>> from symdiff.core.parse import parse
>>> print(simplify(parse("sqrt(2*cos(x))/sqrt(cos(x))")))
sqrt(2)
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from symdiff.core.expr import Expr, Op
from symdiff.simplify.rules import Rule
from symdiff.simplify.signs import POSITIVE, sign_of

__all__ = ["RADICAL_RULES"]


def _root(m: Mapping[str, Expr]) -> bool:
    """``c`` is an exact non-integer number."""
    c = m["c"]
    return c.op is Op.NUM and isinstance(c.value, Fraction) and c.value.denominator != 1


def _positive_root(m: Mapping[str, Expr]) -> bool:
    return _root(m) and sign_of(m["a"]) == POSITIVE


#: Roots of products with a factor of known sign.
RADICAL_RULES: tuple[Rule, ...] = (
    Rule("(a*b)^c -> a^c*b^c", name="root-of-positive-factor", guard=_positive_root),
)
