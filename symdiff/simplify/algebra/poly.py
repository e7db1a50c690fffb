"""Sparse multivariate polynomials over the rationals.

A ``Poly`` maps exponent tuples (one entry per generator) to nonzero coefficients: ``int``
where the coefficient is an integer (the fast path), ``Fraction`` otherwise. Arithmetic is
exact; every operation is a loop (no recursion) and checks the bounds below, raising
``TooLarge`` beyond them, so that a caller can leave its expression alone instead of
growing without limit.

>>> x, y = Poly.generator(0, 2), Poly.generator(1, 2)
>>> p = (x + y) ** 2
>>> sorted(p.terms.items())
[((0, 2), 1), ((1, 1), 2), ((2, 0), 1)]
>>> (p.exact_div(x + y) == x + y, p.exact_div(x) is None)
(True, True)
"""

from __future__ import annotations

import math
import operator
from fractions import Fraction

__all__ = ["MAX_DEGREE", "MAX_TERMS", "MAX_WORK", "Poly", "TooLarge", "normal"]

#: Largest exponent of one generator in any polynomial built.
MAX_DEGREE = 48
#: Most terms in any polynomial built.
MAX_TERMS = 400
#: Most coefficient multiplications in one product or division.
MAX_WORK = 60_000
#: Largest numerator or denominator of a coefficient, in bits.
MAX_COEFFICIENT_BITS = 4_000

Coefficient = int | Fraction
Monomial = tuple[int, ...]


class TooLarge(Exception):
    """A polynomial operation went past one of the bounds of this module."""


def normal(value: Coefficient) -> Coefficient:
    """An integer-valued ``Fraction`` as an ``int`` (the fast path), else unchanged."""
    if type(value) is Fraction and value.denominator == 1:
        return value.numerator
    return value


class Poly:
    """A polynomial in ``nvars`` generators: ``terms`` maps exponent tuples to coefficients.

    >>> x = Poly.generator(0, 1)
    >>> str((x - 1) * (x + 1))
    'Poly({(2,): 1, (0,): -1})'
    """

    __slots__ = ("nvars", "terms")

    def __init__(self, terms: dict[Monomial, Coefficient], nvars: int) -> None:
        self.terms = terms
        self.nvars = nvars
        if len(terms) > MAX_TERMS:
            raise TooLarge("too many terms")

    def __str__(self) -> str:
        return f"Poly({self.terms})"

    __repr__ = __str__

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def constant(cls, value: Coefficient, nvars: int) -> Poly:
        """The constant polynomial ``value``."""
        value = normal(value)
        return cls({(0,) * nvars: value} if value else {}, nvars)

    @classmethod
    def generator(cls, index: int, nvars: int) -> Poly:
        """The generator number ``index`` (from 0)."""
        return cls({tuple(int(i == index) for i in range(nvars)): 1}, nvars)

    # -- reading -------------------------------------------------------------------------------
    def is_zero(self) -> bool:
        return not self.terms

    def constant_value(self) -> Coefficient | None:
        """The value of a constant polynomial, else ``None``."""
        if not self.terms:
            return 0
        if len(self.terms) == 1:
            ((monomial, c),) = self.terms.items()
            if not any(monomial):
                return c
        return None

    def leading(self) -> tuple[Monomial, Coefficient]:
        """The leading term in lexicographic order."""
        monomial = max(self.terms)
        return monomial, self.terms[monomial]

    def degree(self, index: int) -> int:
        """The largest exponent of generator ``index`` (-1 for zero)."""
        return max((m[index] for m in self.terms), default=-1)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Poly) and self.terms == other.terms

    __hash__ = None  # type: ignore[assignment]

    # -- arithmetic ----------------------------------------------------------------------------
    def _lift(self, other: Poly | Coefficient) -> Poly:
        return other if isinstance(other, Poly) else Poly.constant(other, self.nvars)

    def __add__(self, other: Poly | Coefficient) -> Poly:
        other = self._lift(other)
        terms = dict(self.terms)
        for m, c in other.terms.items():
            s = normal(terms.get(m, 0) + c)
            if s:
                terms[m] = s
            else:
                terms.pop(m, None)
        return Poly(terms, self.nvars)

    def __neg__(self) -> Poly:
        return Poly({m: -c for m, c in self.terms.items()}, self.nvars)

    def __sub__(self, other: Poly | Coefficient) -> Poly:
        return self + (-self._lift(other))

    def scale(self, factor: Coefficient) -> Poly:
        """Every coefficient times ``factor``."""
        if not factor:
            return Poly({}, self.nvars)
        if type(factor) is Fraction:  # by a content, mostly: integer results without a Fraction
            return Poly(
                {m: _checked(_times_fraction(c, factor)) for m, c in self.terms.items()}, self.nvars
            )
        return Poly({m: _checked(normal(c * factor)) for m, c in self.terms.items()}, self.nvars)

    def shift(self, monomial: Monomial) -> Poly:
        """Times the monomial (exponents may be negative: Laurent polynomials)."""
        return Poly(
            {_times(m, monomial): c for m, c in self.terms.items()},
            self.nvars,
        )

    def __mul__(self, other: Poly | Coefficient) -> Poly:
        other = self._lift(other)
        left, right = self.terms, other.terms
        if len(left) * len(right) > MAX_WORK:
            raise TooLarge("product too large")
        if not left or not right:
            return Poly({}, self.nvars)
        terms: dict[Monomial, Coefficient] = {}
        if len(left) == 1 or len(right) == 1:  # by a term: no two products meet, none is 0
            if len(right) != 1:
                left, right = right, left  # the terms in the same order as pair by pair
            ((m2, c2),) = right.items()
            for m1, c1 in left.items():
                terms[_times(m1, m2)] = _checked(normal(c1 * c2))
            return Poly(terms, self.nvars)
        _check_degrees(left, right)
        get = terms.get
        if self.nvars == 1:  # the common case, without a tuple built per pair by ``map``
            for (e1,), c1 in left.items():
                for (e2,), c2 in right.items():
                    m = (e1 + e2,)
                    terms[m] = get(m, 0) + c1 * c2
        else:
            for m1, c1 in left.items():
                for m2, c2 in right.items():
                    m = tuple(map(operator.add, m1, m2))
                    terms[m] = get(m, 0) + c1 * c2
        return Poly({m: _checked(normal(c)) for m, c in terms.items() if c}, self.nvars)

    def __pow__(self, exponent: int) -> Poly:
        if exponent < 0:
            raise ValueError("negative power of a polynomial")
        result = Poly.constant(1, self.nvars)
        square = self
        while exponent:  # binary powering
            if exponent & 1:
                result = result * square
            exponent >>= 1
            if exponent:
                square = square * square
        return result

    def exact_div(self, divisor: Poly) -> Poly | None:
        """The quotient when ``divisor`` divides exactly over the rationals, else ``None``.

        Lexicographic division: each step removes the leading term, so the loop is bounded by
        the number of monomials below it (and by ``MAX_WORK``).
        """
        if divisor.is_zero():
            raise ZeroDivisionError("division by the zero polynomial")
        lead, lc = divisor.leading()
        if len(divisor.terms) == 1:
            return self._by_term(lead, lc)
        rest = [(m, c) for m, c in divisor.terms.items() if m != lead]
        remainder = dict(self.terms)
        quotient: dict[Monomial, Coefficient] = {}
        work = 0
        while remainder:
            top = max(remainder)
            step = tuple(map(operator.sub, top, lead))
            if step and min(step) < 0:
                return None
            c = _quotient(remainder.pop(top), lc)
            quotient[step] = c
            for m, d in rest:
                key = _times(m, step)
                value = normal(remainder.get(key, 0) - c * d)
                if value:
                    remainder[key] = _checked(value)
                else:
                    remainder.pop(key, None)
            work += len(rest) + 1
            if work > MAX_WORK or len(quotient) > MAX_TERMS:
                raise TooLarge("division too long")
        return Poly(quotient, self.nvars)

    def _by_term(self, monomial: Monomial, c: Coefficient) -> Poly | None:
        """``exact_div`` by the single term ``c*monomial``: each term divided on its own."""
        quotient: dict[Monomial, Coefficient] = {}
        for m, d in self.terms.items():
            step = tuple(map(operator.sub, m, monomial))
            if step and min(step) < 0:
                return None
            quotient[step] = _quotient(d, c)
        return Poly(quotient, self.nvars)

    # -- content -------------------------------------------------------------------------------
    def content(self) -> Fraction:
        """The positive rational ``c`` with ``self / c`` integral and primitive (1 for zero)."""
        if not self.terms:
            return Fraction(1)
        numerators, denominators = 0, 1
        for c in self.terms.values():
            if type(c) is int:  # the common case, without building a Fraction
                numerators = math.gcd(numerators, c)
                continue
            numerators = math.gcd(numerators, c.numerator)
            denominators = denominators * c.denominator // math.gcd(denominators, c.denominator)
        return Fraction(numerators, denominators)

    def primitive(self) -> tuple[Fraction, Poly]:
        """``(c, p)`` with ``self == c*p``, ``p`` integral, primitive, leading coefficient > 0."""
        ints = [c for c in self.terms.values() if type(c) is int]
        if len(ints) == len(self.terms):  # integral already: divide by the integer GCD
            g = math.gcd(*ints)
            if g and self.terms[max(self.terms)] < 0:
                g = -g
            if g == 1 or not g:
                return _ONE, self
            return Fraction(g), Poly(
                {m: _checked(c // g) for m, c in self.terms.items()}, self.nvars
            )
        c = self.content()
        if self.terms and self.leading()[1] < 0:
            c = -c
        return c, self.scale(1 / c) if c != 1 else self

    def monomial_content(self) -> Monomial:
        """The smallest exponent of each generator over the terms (the common monomial)."""
        monomials = list(self.terms)
        if not monomials:
            return (0,) * self.nvars
        return tuple(min(column) for column in zip(*monomials, strict=True))


_ONE = Fraction(1)


def _times(m1: Monomial, m2: Monomial) -> Monomial:
    m = tuple(map(operator.add, m1, m2))
    if m and (max(m) > MAX_DEGREE or min(m) < -MAX_DEGREE):
        raise TooLarge("degree too large")
    return m


def _check_degrees(left: dict[Monomial, Coefficient], right: dict[Monomial, Coefficient]) -> None:
    """Raise ``TooLarge`` where a product of a monomial of ``left`` and one of ``right`` has
    an exponent past ``MAX_DEGREE`` (checked on the extremes of each generator, not on each
    pair)."""
    columns = zip(zip(*left, strict=True), zip(*right, strict=True), strict=True)
    for one, two in columns:
        if max(one) + max(two) > MAX_DEGREE or min(one) + min(two) < -MAX_DEGREE:
            raise TooLarge("degree too large")


def _quotient(top: Coefficient, bottom: Coefficient) -> Coefficient:
    """``top / bottom`` exactly: an ``int`` when it divides (the common integer case without
    building a ``Fraction``)."""
    if type(top) is int and type(bottom) is int:
        q, r = divmod(top, bottom)
        if not r:
            return q
    return normal(Fraction(top) / bottom)


def _times_fraction(c: Coefficient, factor: Fraction) -> Coefficient:
    if type(c) is int:
        q, r = divmod(c * factor.numerator, factor.denominator)
        if not r:
            return q
    return normal(c * factor)


def _checked(value: Coefficient) -> Coefficient:
    if type(value) is int:
        if value.bit_length() > MAX_COEFFICIENT_BITS:
            raise TooLarge("coefficient too large")
    elif max(value.numerator.bit_length(), value.denominator.bit_length()) > (MAX_COEFFICIENT_BITS):
        raise TooLarge("coefficient too large")
    return value
