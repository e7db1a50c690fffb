"""Derivatives of high order: Taylor-mode propagation at a symbolic point, and the bounds.

Takes an ``Expr``, a symbol ``x`` and an order ``n``; returns the ``n``-th derivative. Taking
``n`` derivatives one after the other with the trivial rules grows the DAG by a constant
factor per order (each derivative copies the products of the last one: ``exp(sin(x))`` has
43,442 operations at ``n = 10``), so ``taylor_derivative`` propagates the truncated Taylor
series of every node about the symbolic point ``x`` instead (``symdiff.diff.series``) and
returns ``n! * c_n``: ``O(n^2)`` operations per node of the input, shared between the orders
(the ``k``-th coefficient is built from the lower ones). Guarantees:

- the result has the value of the ``n``-th derivative wherever the input's derivatives are
  defined; it is built with the trivial rules (constant terms in standard form);
- ``None`` when a function on the way has no Taylor-series rule, or its rule needs to know
  a sign (``abs``): the caller then differentiates ``n`` times;
- the work is predicted before it starts and bounded by ``MAX_TAYLOR_WORK``
  (``InputTooLargeError``), never a hang.
"""

from __future__ import annotations

import math

from symdiff.core.construct import mul
from symdiff.core.errors import DifferentiationError, InputTooLargeError
from symdiff.core.expr import Expr, Number, Op
from symdiff.core.traverse import postorder
from symdiff.diff.forward import live_nodes
from symdiff.diff.series import SERIES_RULES, propagate_series

__all__ = ["MAX_TAYLOR_WORK", "TAYLOR_FROM_ORDER", "taylor_derivative"]

#: ``differentiate(..., n, simplify="trivial")`` uses Taylor-mode propagation from this
#: order on (below it, ``n`` derivatives in a row are smaller: the linear product rule
#: beats a Cauchy product per factor, and the growth per order has not compounded yet).
TAYLOR_FROM_ORDER = 6

#: The most work one Taylor-mode derivative may take: ``(n + 1)^2`` times the number of
#: nodes that depend on the variable (the 1000th derivative of ``exp(sin(x))`` is 3 million).
MAX_TAYLOR_WORK = 4_000_000

#: Functions whose series rule holds at a symbolic point (``abs``, ``sign`` need a number).
_SYMBOLIC_RULES = frozenset([*SERIES_RULES, "atan2"])
ZERO = Number(0)


def taylor_derivative(expr: Expr, variable: Expr, n: int) -> Expr | None:
    """The ``n``-th derivative of ``expr`` in ``variable`` as ``n!`` times its ``n``-th Taylor
    coefficient about the symbolic point ``variable``; ``None`` when a function on the way
    has no Taylor rule usable at a symbolic point.

    Raises:
        InputTooLargeError: when ``(n + 1)^2`` times the nodes that depend on ``variable``
            exceeds ``MAX_TAYLOR_WORK``.

    >>> from symdiff.core.parse import parse
    >>> x = parse("x")
    >>> print(taylor_derivative(parse("sin(2*x)"), x, 3))
    -8*cos(2*x)
    >>> print(taylor_derivative(parse("gamma(x)"), x, 3))
    None
    """
    order = postorder(expr)
    depends = live_nodes(order, [variable])
    live = [node for node in order if node in depends]
    if not live:
        return ZERO
    for node in live:
        if node.op is Op.CALL and node.value.name not in _SYMBOLIC_RULES:
            return None
    work = (n + 1) ** 2 * len(live)
    if work > MAX_TAYLOR_WORK:
        raise InputTooLargeError(
            f"the derivative of order {n} would take about {work} steps of Taylor-mode"
            f" propagation ((n + 1)^2 times {len(live)} nodes that depend on {variable}); the"
            f" limit is {MAX_TAYLOR_WORK}: take a lower order, or a smaller expression"
        )
    try:
        coefficients = propagate_series(expr, variable, variable, n + 1)
    except DifferentiationError:  # a rule that needs a number at the point
        return None
    return mul(math.factorial(n), coefficients[n])
