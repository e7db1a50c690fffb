"""Exact powers of numbers: ``fold_power`` and the integer roots it needs.

Takes numbers (``int``, ``Fraction`` or ``float``); returns the power as an exact number (or a
float if either is a float), or ``None`` when it is not real, not exact, undefined or larger
than ``MAX_EXACT_BITS`` (so building never explodes). Used by the trivial builders
(``symdiff.core.construct``), which re-export it.
"""

from __future__ import annotations

import math
import sys
from fractions import Fraction
from typing import overload

from symdiff.core.expr import MAX_EXACT_BITS

__all__ = ["fold_power"]

Num = int | Fraction | float


@overload
def fold_power(base: int | Fraction, exponent: int | Fraction) -> int | Fraction | None: ...
@overload
def fold_power(base: Num, exponent: Num) -> Num | None: ...
def fold_power(base: Num, exponent: Num) -> Num | None:
    """``base ** exponent`` as an exact number (or a float if either is a float), or ``None``
    when the result is not real, not exact (``2^(1/2)``), undefined (``0^-1``) or larger than
    ``MAX_EXACT_BITS``.

    >>> fold_power(8, Fraction(2, 3)), fold_power(2, Fraction(1, 2)), fold_power(10, 10**10)
    (4, None, None)
    """
    if isinstance(base, float) or isinstance(exponent, float):
        try:
            return _float_power(float(base), float(exponent))
        except OverflowError:  # an exact operand beyond the float range
            return None
    if base == 0:
        return None if exponent < 0 else (1 if exponent == 0 else 0)
    if type(base) is int and type(exponent) is int:  # the common case, without Fractions
        magnitude = abs(exponent)
        if abs(base).bit_length() * magnitude > MAX_EXACT_BITS:
            return None
        power = base**magnitude
        return power if exponent >= 0 else (Fraction(1, power) if abs(power) != 1 else power)
    exponent = Fraction(exponent)
    root = _exact_root(Fraction(base), exponent.denominator)
    if root is None:
        return None
    magnitude = abs(exponent.numerator)
    bits = max(root.numerator.bit_length(), root.denominator.bit_length())
    if bits * magnitude > MAX_EXACT_BITS:
        return None
    result = root**magnitude if exponent.numerator > 0 else 1 / root**magnitude
    return result.numerator if result.denominator == 1 else result


def _float_power(base: float, exponent: float) -> float | None:
    try:
        result = base**exponent
    except (OverflowError, ZeroDivisionError):
        return None
    if isinstance(result, complex) or not math.isfinite(result):
        return None
    if base != 0 and abs(result) < sys.float_info.min:
        return None  # underflow: 1e-200^2 is not 0
    return result


def _exact_root(value: Fraction, degree: int) -> Fraction | None:
    """The real ``degree``-th root of ``value`` when it is rational (principal branch)."""
    if degree == 1:
        return value
    if value < 0:
        return None
    top, bottom = _int_root(value.numerator, degree), _int_root(value.denominator, degree)
    if top is None or bottom is None:
        return None
    return Fraction(top, bottom)


def _int_root(value: int, degree: int) -> int | None:
    if degree > value.bit_length():  # only 0 and 1 have a root of such a high degree
        return value if value < 2 else None
    if value.bit_length() > MAX_EXACT_BITS:
        return None
    guess = round(value ** (1.0 / degree)) if value.bit_length() < 1000 else _newton(value, degree)
    for candidate in (guess - 1, guess, guess + 1):
        if candidate >= 0 and candidate**degree == value:
            return candidate
    return None


def _newton(value: int, degree: int) -> int:
    x = 1 << ((value.bit_length() + degree - 1) // degree)
    while True:
        y = ((degree - 1) * x + value // x ** (degree - 1)) // degree
        if y >= x:
            return x
        x = y
