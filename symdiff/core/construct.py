"""Smart constructors: the seed talk's trivial rules applied while building a node.

Takes ``Expr`` operands, returns ``Expr``. ``add``, ``mul`` and ``power`` flatten nested sums
and products, drop ``+0`` and ``*1``, turn ``0*x`` into ``0``, ``x^1`` into ``x`` and ``x^0``
into ``1``, and fold numbers exactly (``2*3 -> 6``, ``1/2 + 1/3 -> 5/6``; a float appears only
where a float already was). They never reorder or collect terms: that is the simplifier's
job. Exact folding is bounded by ``MAX_EXACT_BITS`` bits, so building never explodes: a power
whose exact result would be larger (``10^10^10``) is left unevaluated, and in a sum or product
a number that would take the folded result past the bound is kept as a separate term or
factor (its value is unchanged, only not multiplied out).
"""

from __future__ import annotations

import math
import operator
import sys
from collections.abc import Callable, Sequence
from fractions import Fraction

from symdiff.core.expr import (
    MAX_EXACT_BITS,
    Add,
    Expr,
    Mul,
    Number,
    Op,
    Pow,
    _intern,
    as_expr,
    fold_numbers,
)
from symdiff.core.powers import fold_power

__all__ = ["MAX_EXACT_BITS", "add", "div", "fold_power", "mul", "neg", "power", "sub"]

Num = int | Fraction | float


def add(*terms: object) -> Expr:
    """A sum with the trivial rules applied.

    >>> from symdiff.core.expr import symbols
    >>> x = symbols("x")
    >>> str(add(x, 0, Fraction(1, 2), Fraction(1, 3)))
    'x + 5/6'
    """
    if len(terms) > 1:  # the common case: no number, no sum, so nothing to do
        for term in terms:
            if type(term) is not Expr or term.op is Op.NUM or term.op is Op.ADD:
                break
        else:
            return _intern(Op.ADD, None, terms)  # type: ignore[arg-type]
    return sum_of(terms)


def sum_of(terms: Sequence[object]) -> Expr:
    """``add(*terms)``, on a sequence."""
    flat = _flatten(Op.ADD, terms)
    total, kept, rest = _fold(operator.add, 0, flat)
    if _is_nan(total):  # inf + -inf: no number holds NaN, so the sum stays as it is
        return Add(*flat)
    if not rest and not kept:
        return Number(total)
    if total != 0:
        rest.append(Number(total))
    rest.extend(kept)
    return rest[0] if len(rest) == 1 else _intern(Op.ADD, None, tuple(rest))


def mul(*factors: object) -> Expr:
    """A product with the trivial rules applied; a rational coefficient ``p/q`` is laid out
    as ``p * ... / q`` so that it prints as ``3*x/4``.

    >>> from symdiff.core.expr import symbols
    >>> x = symbols("x")
    >>> str(mul(2, x, 1, Fraction(3, 8)))
    '3*x/4'
    >>> str(mul(0, x))
    '0'
    """
    if len(factors) > 1:  # the common case: no number, no product, so nothing to do
        for factor in factors:
            if type(factor) is not Expr or factor.op is Op.NUM or factor.op is Op.MUL:
                break
        else:
            return _intern(Op.MUL, None, factors)  # type: ignore[arg-type]
    return product_of(factors)


def product_of(factors: Sequence[object]) -> Expr:
    """``mul(*factors)``, on a sequence."""
    flat = _flatten(Op.MUL, factors)
    coefficient, kept, rest = _fold(operator.mul, 1, flat)
    if _is_nan(coefficient):  # 0.0 * inf
        return Mul(*flat)
    if (not rest and not kept) or coefficient == 0:
        return Number(coefficient)
    return _layout(coefficient, kept + rest)


def _fold(
    operation: Callable[[Num, Num], Num], start: Num, items: list[Expr]
) -> tuple[Num, list[Expr], list[Expr]]:
    """Fold the numbers among ``items`` into ``start``. A number that would take the result
    past ``MAX_EXACT_BITS`` is kept apart, unfolded, so a long chain of big numbers costs
    linear time, not quadratic. Floats are folded last, exactly and rounded once, and kept
    apart when that rounding would lose the value (``round_once``). Returns the folded
    number, the kept numbers, the rest."""
    total, kept, rest, floats = start, [], [], []
    for item in items:
        if item.op is not Op.NUM:
            rest.append(item)
            continue
        kind = type(item.value)
        if (kind is int or kind is Fraction) and type(total) is not float:
            # exact: never overflows; from the start (0 or 1, a cached int) it is the number
            folded = item.value if total is start else operation(total, item.value)
            bits = folded.bit_length() if type(folded) is int else exact_bits(folded)
            if bits > MAX_EXACT_BITS:
                kept.append(item)
            else:
                total = folded
        elif isinstance(item.value, float) and math.isfinite(item.value):
            floats.append(item)
        else:
            folded = fold_numbers(operation, total, item.value)
            if exact_bits(folded) > MAX_EXACT_BITS:
                kept.append(item)
            else:
                total = folded
    if floats:
        total = _fold_floats(operation, total, floats, kept)
    return total, kept, rest


def _fold_floats(
    operation: Callable[[Num, Num], Num], total: Num, floats: list[Expr], kept: list[Expr]
) -> Num:
    """``total`` with the finite ``floats`` folded in, exactly and rounded once (they join
    ``kept`` when the rounding would lose the value)."""
    if isinstance(total, float) and not math.isfinite(total):
        for item in floats:
            total = fold_numbers(operation, total, item.value)
        return total
    if len(floats) == 1 and type(total) is int and -FLOAT_EXACT <= total <= FLOAT_EXACT:
        # one IEEE operation on two exact floats is the exact result rounded once (where
        # that is a finite normal float: a zero or subnormal takes the exact path)
        quick = operation(float(total), float(floats[0].value))
        if sys.float_info.min <= math.fabs(quick) < math.inf:
            return quick
    exact: Num = _exact(total)
    for item in floats:
        exact = operation(exact, Fraction(item.value))
    rounded = round_once(exact)
    if rounded is None:
        kept.extend(floats)
        return total
    return rounded


#: Integers up to this size convert to a float exactly.
FLOAT_EXACT = 2**53


def round_once(value: Num) -> float | None:
    """``value`` rounded once to the nearest float, or ``None`` where that loses it: beyond
    the float range, or nonzero and below the normal floats (zero or a subnormal).

    >>> round_once(Fraction(1, 3)), round_once(Fraction(1, 10**400)), round_once(10**400)
    (0.3333333333333333, None, None)
    """
    try:
        result = float(value)  # int / int: correctly rounded
    except OverflowError:
        return None
    if value != 0 and abs(result) < sys.float_info.min:
        return None
    return result


def _exact(value: Num) -> int | Fraction:
    return Fraction(value) if isinstance(value, float) else value


def exact_bits(value: Num) -> int:
    """The size of an exact number in bits (its numerator or denominator, the larger; 0 for
    a float).

    >>> exact_bits(Fraction(-3, 1024)), exact_bits(2**64), exact_bits(0.5)
    (11, 65, 0)
    """
    if isinstance(value, float):
        return 0
    if isinstance(value, Fraction):
        return max(value.numerator.bit_length(), value.denominator.bit_length())
    return value.bit_length()


def _is_nan(value: Num) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _layout(coefficient: Num, rest: list[Expr]) -> Expr:
    if isinstance(coefficient, Fraction) and coefficient.denominator != 1:
        if coefficient.numerator == 1:  # the coefficient is the reciprocal: no new Fraction
            args = [*rest, Number(coefficient)]
        else:
            reciprocal = Number(Fraction(1, coefficient.denominator))
            args = [Number(coefficient.numerator), *rest, reciprocal]
    elif coefficient == 1 and not isinstance(coefficient, float):
        args = rest
    else:
        args = [Number(coefficient), *rest]
    return args[0] if len(args) == 1 else _intern(Op.MUL, None, tuple(args))


def power(base: object, exponent: object) -> Expr:
    """A power with the trivial rules applied.

    >>> from symdiff.core.expr import symbols
    >>> x = symbols("x")
    >>> str(power(x, 1)), str(power(x, 0)), str(power(2, 10)), str(power(4, Fraction(-1, 2)))
    ('x', '1', '1024', '1/2')
    """
    base, exponent = as_expr(base), as_expr(exponent)
    if exponent.op is Op.NUM:
        if exponent.value == 0:
            return Number(1)
        if exponent.value == 1 and not isinstance(exponent.value, float):
            return base
        if base.op is Op.NUM:
            folded = fold_power(base.value, exponent.value)
            if folded is not None:
                return Number(folded)
    if base.op is Op.NUM and base.value == 1 and not isinstance(base.value, float):
        return base
    return Pow(base, exponent)


def neg(term: object) -> Expr:
    """``-term`` with the trivial rules applied."""
    return mul(-1, term)


def sub(left: object, right: object) -> Expr:
    """``left - right`` with the trivial rules applied."""
    return add(left, neg(right))


def div(left: object, right: object) -> Expr:
    """``left / right`` with the trivial rules applied.

    >>> str(div(6, 4))
    '3/2'
    """
    return mul(left, power(right, -1))


def _flatten(op: Op, items: Sequence[object]) -> list[Expr]:
    out: list[Expr] = []
    for item in items:
        node = item if type(item) is Expr else as_expr(item)
        if node.op is op:
            out.extend(node.args)
        else:
            out.append(node)
    return out
