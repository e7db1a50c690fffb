"""Polynomial rewrites as functions: ``expand``, ``together``, ``cancel``, ``factor_terms``.

Each takes an ``Expr`` (or text), puts it in standard form, rewrites every region
(``symdiff.simplify.algebra.regions``: the sums, products and integer powers between atoms
such as ``sin(x)``, ``e^x`` or ``x^(1/2)``; the regions inside a call's argument too), and
returns the standard form of the result. A region past a bound of ``symdiff.simplify.algebra``
(``MAX_REGION`` nodes, ``MAX_GENERATORS`` atoms, ``MAX_TERMS`` terms, degree ``MAX_DEGREE``)
is left as it is, so each call finishes quickly on any input. The value is kept wherever the
input is defined; ``cancel`` extends the domain (``(x^2 - 1)/(x - 1)`` is ``x + 1``, at
``x = 1`` too).

>>> from symdiff.core.parse import parse
>>> print(cancel(parse("(x^2 - 1)/(x - 1)")))
x + 1
"""

from __future__ import annotations

from collections.abc import Callable

from symdiff.core.expr import Expr, as_expr
from symdiff.core.parse import parse
from symdiff.core.traverse import map_nodes, rebuild
from symdiff.simplify.algebra.poly import TooLarge
from symdiff.simplify.algebra.regions import map_regions
from symdiff.simplify.algebra.transforms import (
    cancel_region,
    expand_region,
    factor_terms_node,
    together_region,
)
from symdiff.simplify.order import Ordering
from symdiff.simplify.simplify import simplify, standard_form

__all__ = ["cancel", "expand", "factor_terms", "together"]


def _everywhere(expr: object, transform: Callable[..., Expr]) -> Expr:
    order = Ordering()  # one for the whole walk: each node's sort key is computed once

    def visit(node: Expr) -> Expr:
        try:
            return transform(node, (), order)
        except TooLarge:
            return node

    return simplify(map_regions(standard_form(_expression(expr)), visit))


def _expression(expr: object) -> Expr:
    """An expression, or text parsed into one."""
    return parse(expr) if isinstance(expr, str) else as_expr(expr)


def expand(expr: object) -> Expr:
    """Multiply out products and positive integer powers of sums, collecting like terms.

    A negative power of a sum stays a factor of its own (its base expanded).

    Args:
        expr: the expression.

    Returns:
        The expanded expression in standard form.

    >>> from symdiff.core.parse import parse
    >>> print(expand(parse("(x + 1)^2 - x^2 - 2*x - 1")))
    0
    >>> print(expand(parse("(x + y)*(x - y)*sin(x + (x + 1)^2)")))
    x^2*sin(x^2 + 3*x + 1) - y^2*sin(x^2 + 3*x + 1)
    """
    return _everywhere(expr, expand_region)


def together(expr: object) -> Expr:
    """Write each sum of fractions as one fraction over the least common denominator.

    Args:
        expr: the expression.

    Returns:
        The expression with one denominator per region, in standard form.

    >>> from symdiff.core.parse import parse
    >>> print(together(parse("1/x + 1/y")))
    (x + y)/(x*y)
    """
    return _everywhere(expr, together_region)


def cancel(expr: object) -> Expr:
    """One fraction per region, with the polynomial GCD of numerator and denominator divided
    out (exact, over the rationals, in any number of atoms).

    Args:
        expr: the expression.

    Returns:
        The cancelled expression in standard form.

    >>> from symdiff.core.parse import parse
    >>> print(cancel(parse("(x^2*y - y)/(x*y + y)")))
    x - 1
    >>> print(cancel(parse("(exp(2*x) - 1)/(exp(x) + 1)")))
    exp(x) - 1
    """
    return _everywhere(expr, cancel_region)


def factor_terms(expr: object) -> Expr:
    """Pull the common number and the common powers out of every sum.

    Args:
        expr: the expression.

    Returns:
        The expression with common factors in front of each sum, in standard form.

    >>> from symdiff.core.parse import parse
    >>> print(factor_terms(parse("2*x*y + 4*x")))
    2*x*(y + 2)
    >>> print(factor_terms(parse("x^(1/2)*y + x^(3/2)")))
    sqrt(x)*(x + y)
    """
    base = standard_form(_expression(expr))
    return simplify(map_nodes(base, lambda node, args: factor_terms_node(rebuild(node, args))))
