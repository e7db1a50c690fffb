"""Simplification: standard form, exact arithmetic, and rewrite rules.

Takes an ``Expr`` (or several sharing structure, ``simplify_many``); returns an ``Expr`` of the
same value: by default in standard form (``canonical``, ordered by ``order``, exact numbers
and radicals by ``exact``), rewritten by the rule tables of ``rules`` (matched by
``patterns``, applied by ``rulebook``) and laid out for reading (``layout``); at
``level="full"`` also rewritten by the polynomial algebra of ``algebra`` (``full``), whose
rewrites are also functions of their own (``polynomials``: ``expand``, ``together``,
``cancel``, ``factor_terms``).

Guarantees: a rewrite never changes the value where the input was defined (rules that hold
only for positive arguments run only with ``assume_positive=True``); the result is a fixed
point (simplifying it again returns it); the walk is iterative and memoized per unique node;
``simplify_many`` never copies a shared node into its users.

>>> from symdiff.simplify import simplify
>>> from symdiff import parse
>>> print(simplify(parse("x + x + sin(x)^2 + cos(x)^2")))
2*x + 1
"""

from symdiff.simplify.many import simplify_many
from symdiff.simplify.polynomials import cancel, expand, factor_terms, together
from symdiff.simplify.rules import Rule
from symdiff.simplify.simplify import simplify, simplify_report

__all__ = [
    "Rule",
    "cancel",
    "expand",
    "factor_terms",
    "simplify",
    "simplify_many",
    "simplify_report",
    "together",
]
