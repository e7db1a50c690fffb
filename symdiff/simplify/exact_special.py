"""Exact values of the special functions at exact numbers, for ``exact.fold_call``.

Takes exact numbers (``int``, ``Fraction``), returns the exact value where it is a rational
number (``gamma(5) = 24``, ``log2(1/8) = -3``, ``hypot(3, 4) = 5``, ``beta(2, 3) = 1/12``) and
``None`` otherwise (irrational, a pole, or larger than ``GROWTH_BITS``). Values that are exact
but not rational (``gamma(1/2) = sqrt(pi)``) are rules in ``symdiff.simplify.rules``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from symdiff.core.construct import fold_power

__all__ = ["SPECIAL_EXACT", "SPECIAL_ZERO_AT_NONZERO"]

Exact = int | Fraction

#: Exact results stay within this many bits (as ``exact.GROWTH_BITS``).
_BITS = 1000
#: ``(n - 1)!`` for ``n`` beyond this is left unfolded (it passes ``_BITS`` near 150).
_LARGEST_FACTORIAL = 150


def _bounded(value: Exact) -> Exact | None:
    fraction = Fraction(value)
    size = max(fraction.numerator.bit_length(), fraction.denominator.bit_length())
    return value if size <= _BITS else None


def _factorial(n: Exact) -> int | None:
    """``n!`` for a nonnegative integer ``n`` not too large, else ``None``."""
    if type(n) is not int or not 0 <= n <= _LARGEST_FACTORIAL:
        return None
    return math.factorial(n)


def _gamma(value: Exact) -> Exact | None:
    return _factorial(value - 1) if type(value) is int and value >= 1 else None


def _lgamma(value: Exact) -> Exact | None:
    return 0 if value in (1, 2) else None


def _beta(a: Exact, b: Exact) -> Exact | None:
    if type(a) is not int or type(b) is not int or a < 1 or b < 1:
        return None
    top, bottom = _factorial(a - 1), _factorial(a + b - 1)
    other = _factorial(b - 1)
    if top is None or bottom is None or other is None:
        return None
    result = Fraction(top * other, bottom)
    return result.numerator if result.denominator == 1 else result


def _log_base(base: int) -> Callable[[Exact], Exact | None]:
    """``log_base`` of an exact power of ``base`` (``log10(1/1000) = -3``)."""

    def log(value: Exact) -> Exact | None:
        if value <= 0:
            return None
        fraction = Fraction(value)
        top, bottom = fraction.numerator, fraction.denominator
        if bottom == 1:
            k = _exponent_of(top, base)
            return k
        k = _exponent_of(bottom, base)
        return None if top != 1 or k is None else -k

    return log


def _exponent_of(number: int, base: int) -> int | None:
    k = 0
    while number % base == 0:
        number //= base
        k += 1
    return k if number == 1 else None


def _exp2(value: Exact) -> Exact | None:
    if type(value) is not int or abs(value) > _BITS:
        return None
    return 2**value if value >= 0 else Fraction(1, 2**-value)


def _hypot(a: Exact, b: Exact) -> Exact | None:
    total = Fraction(a) ** 2 + Fraction(b) ** 2
    root = fold_power(total, Fraction(1, 2))
    if root is None or isinstance(root, float):
        return None
    root = Fraction(root)
    return _bounded(root.numerator if root.denominator == 1 else root)


def _at_zero(value_at_zero: int) -> Callable[[Exact], Exact | None]:
    return lambda value: value_at_zero if value == 0 else None


#: Functions whose value at exact numbers is sometimes rational, by name.
SPECIAL_EXACT: dict[str, Callable[..., Exact | None]] = {
    "erf": _at_zero(0),
    "erfc": _at_zero(1),
    "log1p": _at_zero(0),
    "expm1": _at_zero(0),
    "gamma": _gamma,
    "lgamma": _lgamma,
    "beta": _beta,
    "log2": _log_base(2),
    "log10": _log_base(10),
    "exp2": _exp2,
    "hypot": _hypot,
}

#: Functions with an exact zero at a nonzero float (``lgamma(2.0)``, ``log2(1.0)``).
SPECIAL_ZERO_AT_NONZERO = frozenset({"lgamma", "log2", "log10"})
