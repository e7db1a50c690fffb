"""Exact arithmetic for standard form: content of sums, numeric radicals, exact function values.

Takes exact numbers (``int``, ``Fraction``), returns exact numbers; floats are left alone
(callers get "no change"). Every result is bounded by ``construct.MAX_EXACT_BITS``, so no
input makes the arithmetic explode.

- ``content``: the number a sum's coefficients share, with the sign of the first
  (``-2*x + 4`` has content ``-2``, leaving ``x - 2``);
- ``radicals``: a product of numeric powers ``b^(p/q)`` in standard form: each base an
  integer, each exponent in ``(0, 1)``, bases with the same exponent multiplied together and
  perfect powers taken out (``sqrt(3/2) = sqrt(6)/2``, ``sqrt(8) = 2*sqrt(2)``,
  ``sqrt(2)*sqrt(6) = 2*sqrt(3)``);
- ``fold_call``: functions at numbers where the value is exact (``abs(-3) = 3``,
  ``cbrt(-8) = -2``) or where a float argument makes a float value expected (``sin(0.5)``).
"""

from __future__ import annotations

import math
import operator
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, TypeGuard, cast

from symdiff.core.construct import MAX_EXACT_BITS, fold_power, round_once
from symdiff.core.expr import float_of
from symdiff.simplify.exact_special import SPECIAL_EXACT, SPECIAL_ZERO_AT_NONZERO

if TYPE_CHECKING:
    from symdiff.core.functions import Function

__all__ = [
    "COEFFICIENT_BITS",
    "GROWTH_BITS",
    "bits",
    "content",
    "exactly",
    "fold_call",
    "fold_power_or_none",
    "is_integer",
    "keeps_sign",
    "perfect_part",
    "radicals",
    "round_once",
    "within_coefficient",
]

Num = int | Fraction | float

#: Exact numbers built by the simplifier stay within this many bits (about the float range):
#: distributing a number over a sum and multiplying exponents stop where they would not.
GROWTH_BITS = 1000
#: A product's coefficient absorbs the numbers of nested products only up to this many bits,
#: far inside the float range: evaluating a long product left to right must not overflow.
COEFFICIENT_BITS = 256

#: Trial division for perfect powers uses primes below this bound.
_SMALL_PRIMES = [p for p in range(2, 1000) if all(p % d for d in range(2, int(p**0.5) + 1))]


def content(coefficients: list[Num], constant: Num = 0) -> Num:
    """A positive number to take out of a sum with these coefficients (1 for none): the
    largest common integer factor, or a common fraction when that makes the sum no costlier
    to write (``x/2 + 1/2`` gives ``1/2``, but ``x + 4/5`` keeps its form).

    Args:
        coefficients: the coefficients of the sum's non-constant terms.
        constant: its number (it costs nothing to write, whatever its value).

    >>> content([2], -4), content([Fraction(1, 2)], Fraction(1, 2)), content([1], Fraction(4, 5))
    (2, Fraction(1, 2), 1)
    """
    if any(isinstance(c, float) for c in (*coefficients, constant)) or not coefficients:
        return 1
    top = 0
    bottom = 1
    for c in (*coefficients, constant):
        c = Fraction(c)
        top = math.gcd(top, c.numerator)
        bottom = bottom * c.denominator // math.gcd(bottom, c.denominator)
    if top == 0:
        return 1
    share = Fraction(top, bottom)
    if share.denominator != 1 and _cost([c / share for c in coefficients]) >= _cost(coefficients):
        share = Fraction(top)
    return share.numerator if share.denominator == 1 else share


def _cost(coefficients: list) -> int:
    """Operations the coefficients add when written: ``-x`` 1, ``3*x`` 1, ``3*x/4`` 2."""
    total = 0
    for c in coefficients:
        c = Fraction(c)
        if c == 1:
            continue
        total += 1 if abs(c.numerator) == 1 or c.denominator == 1 else 2
        total += c.numerator < 0 and abs(c.numerator) != 1 and c.denominator != 1
    return total


class _TooLarge(Exception):
    pass


def radicals(
    coefficient: Num, powers: list[tuple[int | Fraction, Fraction]]
) -> tuple[Num, list[tuple[int, Fraction]]] | None:
    """Standard form of ``coefficient * prod(base^exponent)`` for positive rational bases and
    non-integer rational exponents: ``(coefficient, [(integer base, exponent in (0, 1))])``,
    or ``None`` when the numbers would grow beyond the exact-size bound.

    >>> radicals(1, [(Fraction(3, 2), Fraction(1, 2))])
    (Fraction(1, 2), [(6, Fraction(1, 2))])
    >>> radicals(1, [(8, Fraction(1, 2))])
    (2, [(2, Fraction(1, 2))])
    """
    try:
        return _radicals(coefficient, powers)
    except _TooLarge:
        return None


def _radicals(
    coefficient: Num, powers: list[tuple[int | Fraction, Fraction]]
) -> tuple[Num, list[tuple[int, Fraction]]]:
    by_exponent: dict[Fraction, int] = {}
    for base, exponent in powers:
        base = Fraction(base)
        for number, power in ((base.numerator, exponent), (base.denominator, -exponent)):
            if number == 1:
                continue
            whole = math.floor(power)
            part = power - whole
            coefficient = _times(coefficient, number, whole)
            if part:
                by_exponent[part] = by_exponent.get(part, 1) * number
                if by_exponent[part].bit_length() > MAX_EXACT_BITS:
                    raise _TooLarge
    out: list[tuple[int, Fraction]] = []
    for exponent, number in sorted(by_exponent.items()):
        outside, inside = perfect_part(number, exponent.denominator)
        coefficient = _times(coefficient, outside, exponent.numerator)
        if inside != 1:
            out.append((inside, exponent))
    return coefficient, out


def _times(coefficient: Num, number: int, power: int) -> Num:
    folded = fold_power(number, power)
    if folded is None or isinstance(coefficient, float):
        raise _TooLarge
    product = Fraction(coefficient) * folded
    if max(product.numerator.bit_length(), product.denominator.bit_length()) > MAX_EXACT_BITS:
        raise _TooLarge
    return product.numerator if product.denominator == 1 else product


def perfect_part(number: int, degree: int) -> tuple[int, int]:
    """``(m, r)`` with ``number == m**degree * r`` (small prime factors only).

    >>> perfect_part(72, 2)
    (6, 2)
    """
    outside = 1
    if number.bit_length() > MAX_EXACT_BITS // 4:
        return 1, number
    for prime in _SMALL_PRIMES:
        if (prime.bit_length() - 1) * degree >= number.bit_length():
            break  # prime^degree > number (checked before the power is built)
        step = prime**degree
        if step > number:
            break
        while number % step == 0:
            number //= step
            outside *= prime
    return outside, number


def fold_call(function: Function, values: list[Num]) -> Num | None:
    """The value of ``function`` at numbers, when it should be a number; else ``None``."""
    if any(isinstance(v, float) for v in values):
        try:
            result = float(function.impl(*(float(v) for v in values)))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
        if not math.isfinite(result) or 0 < abs(result) < sys.float_info.min:
            return None
        if result == 0 and all(values) and function.name not in _ZERO_AT_NONZERO:
            return None  # an underflow (exp(-800.0)), not a zero
        return result
    exact = _EXACT.get(function.name) if function.builtin else None
    return None if exact is None else exact(*cast("list[int | Fraction]", values))  # no floats


#: Functions with an exact zero at a nonzero float (log(1.0), acosh(1.0)); any other function
#: giving 0.0 where no argument is zero has underflowed, and is left unfolded.
_ZERO_AT_NONZERO = frozenset({"log", "acosh"}) | SPECIAL_ZERO_AT_NONZERO


def _abs(value: int | Fraction) -> int | Fraction:
    return -value if value < 0 else value  # typed: builtins.abs of a union is an object


def _cbrt(value: int | Fraction) -> int | Fraction | None:
    root = fold_power(_abs(value), Fraction(1, 3))
    return None if root is None else (root if value >= 0 else -root)


#: Functions whose value at an exact number is exact: abs(-3) = 3, sign(-3) = -1, cbrt(-8) = -2.
_EXACT: dict[str, Callable[..., int | Fraction | None]] = {
    "abs": _abs,
    "sign": lambda v: (v > 0) - (v < 0),
    "cbrt": _cbrt,
    **SPECIAL_EXACT,
}


def is_integer(value: Num) -> TypeGuard[int]:
    """True for an exact integer (floats are never treated as known integers)."""
    return type(value) is int


def bits(value: int | Fraction) -> int:
    """The size of an exact number: bits of its numerator or denominator, the larger."""
    value = Fraction(value)
    return max(value.numerator.bit_length(), value.denominator.bit_length())


def exactly(operation: Callable[..., Num], *operands: object) -> Num | None:
    """``operation`` on numbers (``+``, ``*``, ``sum``, ``math.prod``), folded only where that
    keeps the value. Exact numbers give the exact result. With a float among them the result
    is computed exactly (each float is the binary fraction it holds) and rounded once, so
    ``1 + 1e20 - 1e20`` is ``1.0``, as ``math.fsum`` gives; ``None`` (leave the numbers
    unfolded) where that one rounding would lose the value: beyond the float range, or a
    nonzero result that underflows to zero or to a subnormal (``1e-200 * 1e-200``). With an
    infinite float the float result, or ``None`` where it is NaN (``inf * 0``): an expression
    holds no NaN, so such numbers stay unfolded.

    >>> exactly(sum, [1, 1e20, -1e20]), exactly(sum, [0.5, 10**400])
    (1.0, None)
    >>> exactly(lambda a, b: a * b, 1e-200, 1e-200) is None
    True
    >>> exactly(lambda a, b: a * b, math.inf, 0) is None
    True
    """
    flat = [v for o in operands for v in (o if isinstance(o, list) else (o,))]
    if not any(isinstance(v, float) for v in flat):
        return operation(*operands)
    fast = _correctly_rounded(operation, flat)
    if fast is not None:
        return fast
    if not all(math.isfinite(v) for v in flat if isinstance(v, float)):
        try:
            result = operation(*_mapped(float_of, operands))
        except OverflowError:
            return None
        return None if result != result else result
    return round_once(operation(*_mapped(_exact, operands)))


def _correctly_rounded(operation: Callable[..., Num], flat: list) -> float | None:
    """The float result where the hardware's gives the exact result rounded once: a
    product of two numbers, or ``math.fsum`` of a sum, of floats and integers that floats
    hold exactly, with a normal result (else ``None``: the exact path decides)."""
    if not all(
        type(v) is float or (type(v) is int and -_EXACT_INT <= v <= _EXACT_INT) for v in flat
    ):
        return None
    try:
        if operation is operator.mul and len(flat) == 2:
            result = float(flat[0]) * float(flat[1])
        elif operation is sum:
            result = math.fsum(flat)
        else:
            return None
    except (OverflowError, ValueError):  # fsum of inf and -inf: the exact path decides
        return None
    return result if math.isfinite(result) and abs(result) >= sys.float_info.min else None


#: Integers up to this size are floats exactly.
_EXACT_INT = 2**53


def _exact(value: Num) -> int | Fraction:
    return Fraction(value) if isinstance(value, float) else value


def _mapped(function: Callable[[Num], Num], operands: tuple) -> list:
    return [[function(v) for v in o] if isinstance(o, list) else function(o) for o in operands]


def fold_power_or_none(base: Num, exponent: Num) -> Num | None:
    """``construct.fold_power``, or ``None`` where a float meets a number beyond floats."""
    try:
        return fold_power(base, exponent)
    except OverflowError:
        return None


def within_coefficient(coefficient: Num, number: Num) -> bool:
    """Whether a product's coefficient may absorb ``number`` and stay within
    ``COEFFICIENT_BITS``. One coefficient for a long chain could overflow a float where the
    product, whose other factors are small, does not (a derivative 100,000 levels deep
    multiplies 50,000 factors 2 along its chain). Beyond the bound a number may still be
    absorbed where the product is no larger than the larger of the two (``-1`` times a big
    coefficient): the result then does not depend on how the factors were grouped, which
    keeps ``simplify`` idempotent.

    >>> within_coefficient(2, 2**300), within_coefficient(-1, Fraction(3, 10**90))
    (False, True)
    """
    if isinstance(coefficient, float) or isinstance(number, float):
        return True
    sizes = bits(coefficient), bits(number)
    return sum(sizes) <= COEFFICIENT_BITS or bits(coefficient * number) <= max(sizes)


def keeps_sign(exponent: Num) -> bool:
    """Whether ``(b^a)^v == b^(a*v)`` wherever the left side is defined, for any ``v``:
    true unless ``a`` is an even integer (then ``b^a = |b|^a``)."""
    if isinstance(exponent, float):
        return False
    return not (is_integer(exponent) and exponent % 2 == 0)
