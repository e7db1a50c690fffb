"""Nested square roots of numbers, denested: ``sqrt(3 + 2*sqrt(2)) -> 1 + sqrt(2)``.

Takes an expression; returns it with each power ``(a + b*sqrt(r))^(n/2)`` (``a, b``
rational, ``r`` a positive integer, ``n`` odd with ``|n| <= MAX_DENEST_POWER``) written as
``(sqrt(s) + sign(b)*sqrt(t))^n``, ``s, t = (a +- sqrt(d))/2`` with ``d = a^2 - b^2*r``,
where ``a > 0`` and ``d`` is the square of a rational. Then ``s >= t >= 0``, the right side
is a nonnegative number and its square is ``s + t + 2*sign(b)*sqrt(s*t) = a + b*sqrt(r)``:
the value is the same. A denesting is kept only where its standard form is no larger
(``sqrt(2 + sqrt(3)) = (sqrt(6) + sqrt(2))/2`` is not).

Bounds: numbers of at most ``MAX_DENEST_BITS`` bits; the walk is iterative, once per node.

>>> from symdiff.core.parse import parse
>>> from symdiff.simplify.simplify import standard_form
>>> str(denested(standard_form(parse("3 + 2*sqrt(2)"))))
'2^(1/2) + 1'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from symdiff.core.construct import add, mul, power
from symdiff.core.expr import Expr, Number, Op
from symdiff.core.traverse import postorder, rebuild

__all__ = ["MAX_DENEST_BITS", "MAX_DENEST_POWER", "denest_all", "denested"]

#: Largest numerator or denominator, in bits, of the numbers of a denested radical.
MAX_DENEST_BITS = 256
#: Largest ``|n|`` of a denested ``(a + b*sqrt(r))^(n/2)``.
MAX_DENEST_POWER = 3

_HALF = Fraction(1, 2)


def denest_all(expr: Expr, standard: Callable[[Expr], Expr], size: Callable[[Expr], int]) -> Expr:
    """``expr`` (in standard form) with its nested numeric square roots denested where the
    standard form of the denested one is no larger by ``size``; ``expr`` itself without any."""
    order = postorder(expr)
    table: dict[Expr, Expr] = {}
    for node in order:
        k = node.args[1].value if node.op is Op.POW and node.args[1].op is Op.NUM else None
        if type(k) is not Fraction or k.denominator != 2 or abs(k.numerator) > MAX_DENEST_POWER:
            continue
        root = denested(node.args[0])
        if root is not None:
            form = standard(power(root, k.numerator))
            if size(form) <= size(node):
                table[node] = form
    if not table:
        return expr
    done: dict[Expr, Expr] = {}
    for node in order:
        new = rebuild(node, tuple(done[a] for a in node.args)) if node.args else node
        done[node] = table.get(node, new)
    return done[expr]


def denested(base: Expr) -> Expr | None:
    """``sqrt(base)`` as ``sqrt(s) + sign(b)*sqrt(t)`` for ``base = a + b*sqrt(r)`` (see the
    module), built with the trivial constructors; ``None`` where it does not denest."""
    parts = _surd(base)
    if parts is None:
        return None
    a, b, r = parts
    d = a * a - b * b * r
    if a <= 0 or d < 0:
        return None
    root = _rational_sqrt(d)
    if root is None:
        return None
    s, t = (a + root) / 2, (a - root) / 2
    return add(power(Number(_plain(s)), _HALF), mul(1 if b > 0 else -1, power(_plain(t), _HALF)))


def _surd(base: Expr) -> tuple[Fraction, Fraction, int] | None:
    """``(a, b, r)`` for a sum ``a + b*sqrt(r)`` of exact numbers, ``r`` a positive integer."""
    if base.op is not Op.ADD or len(base.args) != 2:
        return None
    numbers = [t for t in base.args if t.op is Op.NUM]
    if len(numbers) != 1 or isinstance(numbers[0].value, float):
        return None
    (term,) = (t for t in base.args if t.op is not Op.NUM)
    b: int | Fraction | float = 1
    if term.op is Op.MUL and len(term.args) == 2 and term.args[0].op is Op.NUM:
        b, term = term.args[0].value, term.args[1]
    if isinstance(b, float) or term.op is not Op.POW or term.args[0].op is not Op.NUM:
        return None
    r, half = term.args[0].value, term.args[1]
    if type(r) is not int or r <= 0 or half.op is not Op.NUM or half.value != _HALF:
        return None
    a, b = Fraction(numbers[0].value), Fraction(b)
    if max(_bits(a), _bits(b), r.bit_length()) > MAX_DENEST_BITS:
        return None
    return a, b, r


def _rational_sqrt(value: Fraction) -> Fraction | None:
    n, d = math.isqrt(value.numerator), math.isqrt(value.denominator)
    return Fraction(n, d) if n * n == value.numerator and d * d == value.denominator else None


def _bits(value: Fraction) -> int:
    return max(value.numerator.bit_length(), value.denominator.bit_length())


def _plain(value: Fraction) -> int | Fraction:
    return value.numerator if value.denominator == 1 else value
