"""Derivatives of piecewise functions (``where``, ``max``, ``min``, ``relu``).

Takes a call of a function with a ``select`` (see ``symdiff.core.functions.Function``) and
its arguments' derivatives (or one adjoint); returns the ``where`` of the derivatives of the
arguments the value is on each side: ``d where(c, a, b) = where(c, da, db)``,
``d max(a, b) = where(a >= b, da, db)``. The condition itself contributes nothing (its
derivative is zero away from the switching points), and a derivative that is only
defined on one side stays guarded: ``d where(x > 0, sqrt(x), 0)`` is
``where(x > 0, 1/(2*sqrt(x)), 0)``, defined everywhere ``where(x > 0, sqrt(x), 0)`` is.
"""

from __future__ import annotations

from symdiff.core.expr import Expr, Number
from symdiff.core.functions import REGISTRY

__all__ = ["select_adjoints", "select_derivative"]

ZERO = Number(0)


def _is_zero(node: Expr) -> bool:
    return node.is_number and node.value == 0


def _where(condition: Expr, when_true: Expr, when_false: Expr) -> Expr:
    if when_true is when_false:
        return when_true
    return REGISTRY["where"](condition, when_true, when_false)


def select_derivative(node: Expr, dargs: list[Expr]) -> Expr:
    """The derivative of a piecewise call from its arguments' derivatives.

    >>> from symdiff.core.parse import parse
    >>> str(select_derivative(parse("max(x, y)"), [parse("1"), parse("0")]))
    'where(x >= y, 1, 0)'
    """
    condition, i, j = node.value.select(*node.args)
    left = ZERO if i is None else dargs[i]
    right = ZERO if j is None else dargs[j]
    if _is_zero(left) and _is_zero(right):
        return ZERO
    return _where(condition, left, right)


def select_adjoints(node: Expr, adjoint: Expr, live: set[Expr]) -> list[tuple[Expr, Expr]]:
    """The contributions of a piecewise call's adjoint to its arguments: ``where(c, a, 0)``
    to the argument chosen where ``c`` holds, ``where(c, 0, a)`` to the other.

    >>> from symdiff.core.parse import parse
    >>> node, x = parse("relu(x)"), parse("x")
    >>> [(str(arg), str(a)) for arg, a in select_adjoints(node, parse("2"), {x})]
    [('x', 'where(x > 0, 2, 0)')]
    """
    condition, i, j = node.value.select(*node.args)
    out: list[tuple[Expr, Expr]] = []
    if i is not None and node.args[i] in live:
        out.append((node.args[i], _where(condition, adjoint, ZERO)))
    if j is not None and node.args[j] in live:
        out.append((node.args[j], _where(condition, ZERO, adjoint)))
    return out
