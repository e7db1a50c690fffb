"""Simplification of conditionals: constant conditions fold, choices merge.

Takes a call of a conditional function (see ``symdiff.core.conditions``) with arguments in
standard form; ``fold_conditional`` returns its folded form or ``None`` (the rules the
standard level applies are ``symdiff.simplify.rules.CONDITIONALS``). Every rewrite keeps the
value wherever the expression is defined:

- comparisons of exact numbers fold exactly (``1/3 < 33333333333333333/10^17``); with a
  float, in floats as ``evaluate`` computes them (``0.1 >= 1/10`` is 1); a comparison of a
  node with itself folds (``x <= x`` is 1);
- logic with a number folds (``logical_and(0, c)`` is 0, ``logical_or(2, c)`` is 1);
- ``where(1, a, b)`` is ``a``, ``where(0, a, b)`` is ``b``, ``where(c, a, a)`` is ``a``;
- ``max``, ``min``, ``relu``, ``heaviside`` of numbers fold exactly, ``max(a, a)`` is ``a``;
- a product or sum of choices on one condition is one choice (``where(c, 0, b)*u`` is
  ``where(c, 0, b*u)``): a gradient's adjoint stays inside the branch that defines it, so
  ``gradient(where(x > 0, sqrt(x), 0))`` is defined at ``x = -1``.

>>> from symdiff.core.parse import parse
>>> str(parse("where(2 > 1, x, y) + max(1/2, 1/3)").simplify())
'x + 1/2'
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from fractions import Fraction

from symdiff.core.conditions import HEAVISIDE_AT_ZERO, is_condition
from symdiff.core.expr import Expr, Number, Op, float_of
from symdiff.core.functions import REGISTRY, Function

__all__ = ["fold_conditional"]

Num = int | Fraction | float

_COMPARE: dict[str, Callable[[Num, Num], bool]] = {
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "eq": operator.eq,
    "ne": operator.ne,
}
_REFLEXIVE = {"lt": 0, "le": 1, "gt": 0, "ge": 1, "eq": 1, "ne": 0}


def _numbers(args: Sequence[Expr]) -> list[Num] | None:
    """The arguments' values if all are numbers: exact, or all floats if one is a float
    (the value ``evaluate`` compares)."""
    if not all(a.op is Op.NUM for a in args):
        return None
    values = [a.value for a in args]
    if any(isinstance(v, float) for v in values):
        return [float_of(v) for v in values]
    return values


def fold_conditional(function: Function, args: Sequence[Expr]) -> Expr | None:
    """The folded form of a built-in conditional call, or ``None``.

    >>> from symdiff.core.parse import parse
    >>> x = parse("x")
    >>> str(fold_conditional(REGISTRY["where"], [Number(0), x, Number(2)]))
    '2'
    """
    if not function.builtin:
        return None
    name = function.name
    values = _numbers(args)
    if name in _COMPARE:
        if values is not None:
            return Number(int(_COMPARE[name](*values)))
        return Number(_REFLEXIVE[name]) if args[0] is args[1] else None
    if name.startswith("logical_"):
        return _fold_logic(name, args)
    if name == "where":
        condition = args[0]
        if condition.op is Op.NUM:
            return args[1] if condition.value != 0 else args[2]
        return args[1] if args[1] is args[2] else None
    return _fold_piecewise(name, args, values)


def _fold_logic(name: str, args: Sequence[Expr]) -> Expr | None:
    known = [a.value != 0 for a in args if a.op is Op.NUM]
    if name == "logical_not":
        return Number(int(not known[0])) if known else None
    if len(known) == 2:
        both = all(known) if name == "logical_and" else any(known)
        return Number(int(both))
    if not known:
        return None
    other = args[1] if args[0].op is Op.NUM else args[0]
    decided = known[0] is False if name == "logical_and" else known[0] is True
    if decided:  # and(0, c) is 0; or(1, c) is 1
        return Number(int(known[0]))
    return other if is_condition(other) else REGISTRY["ne"](other, 0)


def _fold_piecewise(name: str, args: Sequence[Expr], values: list[Num] | None) -> Expr | None:
    if name in ("max", "min"):
        if args[0] is args[1]:
            return args[0]
        if values is None:
            return None
        pick = max if name == "max" else min
        return args[values.index(pick(values))]
    if values is None or name not in ("relu", "heaviside"):
        return None
    (value,) = values
    if name == "relu":
        return args[0] if value > 0 else Number(0)
    if name == "heaviside":
        half = Fraction(HEAVISIDE_AT_ZERO)
        return Number(1 if value > 0 else 0 if value < 0 else half)
    return None
