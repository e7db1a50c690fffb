"""Polynomial algebra for the ``"full"`` simplification level.

Takes regions of an expression (sums, products and integer powers over atoms), returns
rewritten regions of the same value where the input is defined: ``poly`` (sparse multivariate
polynomials over the rationals), ``gcd`` (heuristic GCD with an exact fallback), ``convert``
(regions and their generators), ``rational`` (regions to polynomials and fractions and
back), ``transforms`` (expand, together, cancel,
factor terms of one region) and ``regions`` (visiting the regions of an expression).

Guarantees: every loop is bounded (``MAX_REGION``, ``MAX_GENERATORS``, ``MAX_TERMS``,
``MAX_DEGREE``, ``MAX_WORK``); past a bound an operation raises ``TooLarge`` and the caller
leaves the region as it is. No recursion over expressions or terms (the GCD recurses once per
generator, at most ``MAX_GENERATORS`` deep).

>>> from symdiff.core.parse import parse
>>> from symdiff.simplify.algebra.transforms import cancel_region
>>> str(cancel_region(parse("(x^2 - 1)/(x - 1)")))
'x + 1'
"""

from symdiff.simplify.algebra.convert import MAX_GENERATORS, MAX_REGION
from symdiff.simplify.algebra.poly import MAX_DEGREE, MAX_TERMS, MAX_WORK, Poly, TooLarge

__all__ = [
    "MAX_DEGREE",
    "MAX_GENERATORS",
    "MAX_REGION",
    "MAX_TERMS",
    "MAX_WORK",
    "Poly",
    "TooLarge",
]
