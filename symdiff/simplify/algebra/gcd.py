"""Greatest common divisors of polynomials over the rationals.

``gcd(f, g)`` tries the heuristic GCD first (Char, Geddes and Gonnet's GCDHEU, in Liao and
Fateman's form: evaluate one generator at a large integer ``xi``, take the GCD of the images
one generator fewer, down to integers, and read the GCD back off the ``xi``-adic digits of
the result); the image is accepted only when it divides both polynomials, and with
``xi > 2*min(|f|, |g|) + 1`` such a divisor is the GCD. When a few values of ``xi`` all fail
it falls back to the primitive polynomial remainder sequence over ``Z[x1, ..., xn]``,
generator by generator, which is always correct.

Both are loops over the polynomial; they call themselves once per generator (one level of
Python recursion per generator, at most ``symdiff.simplify.algebra.convert.MAX_GENERATORS``),
never once per term or per expression node.

>>> from symdiff.simplify.algebra.poly import Poly
>>> x, y = Poly.generator(0, 2), Poly.generator(1, 2)
>>> h, a, b = gcd(x * x * y - y, x * y + y)
>>> h == y * (x + 1), a == x - 1, b == Poly.constant(1, 2)
(True, True, True)
"""

from __future__ import annotations

import math
from contextlib import suppress
from fractions import Fraction

from symdiff.simplify.algebra.poly import Poly, TooLarge

__all__ = ["gcd", "heuristic_gcd", "prs_gcd"]

#: Values of ``xi`` the heuristic tries before the remainder sequence takes over.
HEURISTIC_TRIES = 6


def gcd(f: Poly, g: Poly) -> tuple[Poly, Poly, Poly]:
    """``(h, f/h, g/h)``: ``h`` the GCD, integral, primitive, leading coefficient positive.

    >>> from symdiff.simplify.algebra.poly import Poly
    >>> x = Poly.generator(0, 1)
    >>> h, _, _ = gcd(x * x - 1, (x - 1) * 2)
    >>> h == x - 1
    True
    """
    n = f.nvars
    if f.is_zero() or g.is_zero():
        other = g if f.is_zero() else f
        if other.is_zero():
            return Poly.constant(1, n), f, g
        _, h = other.primitive()
        return h, _divided(f, h), _divided(g, h)
    single = _monomial_gcd(f, g)
    if single is not None:
        h = single
    else:
        ca, a = f.primitive()
        cb, b = g.primitive()
        quotients: list[Poly] = []
        found = heuristic_gcd(a, b, quotients=quotients)
        c, h = (prs_gcd(a, b) if found is None else found).primitive()
        if found is not None and quotients and c == 1:
            qa, qb = quotients  # a/h and b/h: the heuristic's check divided already
            with suppress(TooLarge):
                return h, qa.scale(ca), qb.scale(cb)
    cf, cg = f.exact_div(h), g.exact_div(h)
    if cf is None or cg is None:  # pragma: no cover - a GCD divides both
        raise AssertionError("gcd does not divide")
    return h, cf, cg


def _monomial_gcd(f: Poly, g: Poly) -> Poly | None:
    """The GCD where ``f`` or ``g`` is a single term (a common case: ``x^2`` or ``cos(x)^2``
    as a denominator): the smallest exponent of each generator over both, coefficient 1;
    ``None`` otherwise, or where an exponent is negative."""
    if len(f.terms) != 1 and len(g.terms) != 1:
        return None
    lowest = tuple(map(min, f.monomial_content(), g.monomial_content()))
    if lowest and min(lowest) < 0:
        return None
    return Poly({lowest: 1}, f.nvars)


# -- the heuristic -----------------------------------------------------------------------------


def heuristic_gcd(
    f: Poly, g: Poly, var: int = 0, quotients: list[Poly] | None = None
) -> Poly | None:
    """The GCD of integral ``f`` and ``g`` (with its integer content), or ``None`` when the
    heuristic fails or grows past the bounds; ``quotients`` (if given) receives ``f`` and
    ``g`` divided by it, where the heuristic computed them."""
    try:
        return _heuristic(f, g, var, quotients)
    except TooLarge:
        return None


def _heuristic(f: Poly, g: Poly, var: int, quotients: list[Poly] | None = None) -> Poly | None:
    n = f.nvars
    while var < n and f.degree(var) <= 0 and g.degree(var) <= 0:
        var += 1
    if var == n:
        return _integer_gcd(f, g)
    content = math.gcd(_integer_content(f), _integer_content(g))
    f, g = f.scale(Fraction(1, content)), g.scale(Fraction(1, content))
    bound = 2 * min(_norm(f), _norm(g)) + 29
    xi = bound
    for _ in range(HEURISTIC_TRIES):
        ff, gg = _evaluate(f, var, xi), _evaluate(g, var, xi)
        if not ff.is_zero() and not gg.is_zero():
            image = _heuristic(ff, gg, var + 1)
            if image is not None:
                _, h = _interpolate(image, var, xi).primitive()
                qf = f.exact_div(h)
                qg = g.exact_div(h) if qf is not None else None
                if qf is not None and qg is not None:
                    if quotients is not None:
                        quotients[:] = [qf, qg]
                    return h.scale(content)
        xi = xi * 73794 * math.isqrt(math.isqrt(xi)) // 27011
    return None


def _integer_content(f: Poly) -> int:
    return math.gcd(*(int(c) for c in f.terms.values()))


def _integer_gcd(f: Poly, g: Poly) -> Poly:
    return Poly.constant(math.gcd(_integer_content(f), _integer_content(g)), f.nvars)


def _norm(f: Poly) -> int:
    return max(abs(int(c)) for c in f.terms.values())


def _evaluate(f: Poly, var: int, value: int) -> Poly:
    """``f`` with generator ``var`` replaced by the integer ``value``."""
    terms: dict[tuple[int, ...], int] = {}
    for m, c in f.terms.items():
        key = (*m[:var], 0, *m[var + 1 :])
        terms[key] = terms.get(key, 0) + int(c) * value ** m[var]
    return Poly({m: c for m, c in terms.items() if c}, f.nvars)


def _interpolate(image: Poly, var: int, xi: int) -> Poly:
    """The polynomial whose coefficients are the symmetric ``xi``-adic digits of ``image``'s,
    digit ``i`` the coefficient of generator ``var`` to the ``i``."""
    terms: dict[tuple[int, ...], int | Fraction] = {}
    rest = {m: int(c) for m, c in image.terms.items()}
    power = 0
    half = xi // 2
    while rest:
        following = {}
        for m, c in rest.items():
            digit = c % xi
            if digit > half:
                digit -= xi
            if digit:
                terms[(*m[:var], power, *m[var + 1 :])] = digit
            carry = (c - digit) // xi
            if carry:
                following[m] = carry
        rest, power = following, power + 1
    return Poly(terms, image.nvars)


# -- the remainder sequence --------------------------------------------------------------------


def prs_gcd(f: Poly, g: Poly, var: int = 0) -> Poly:
    """The GCD of integral ``f`` and ``g`` (with a positive leading coefficient), by
    primitive remainder sequences in generator ``var`` times the GCD of their contents in
    the generators after it."""
    n = f.nvars
    if f.is_zero() or g.is_zero():
        return g if f.is_zero() else f
    while var < n and f.degree(var) <= 0 and g.degree(var) <= 0:
        var += 1
    if var == n:
        return _integer_gcd(f, g)
    cf, cg = _content_in(f, var), _content_in(g, var)
    common = prs_gcd(cf, cg, var + 1)
    a, b = _divided(f, cf), _divided(g, cg)
    if a.degree(var) < b.degree(var):
        a, b = b, a
    while not b.is_zero():
        if b.degree(var) == 0:
            a = Poly.constant(1, n)
            break
        r = _pseudo_remainder(a, b, var)
        a, b = b, (_divided(r, _content_in(r, var)) if not r.is_zero() else r)
    _, a = a.primitive()
    return a * common


def _divided(f: Poly, d: Poly) -> Poly:
    q = f.exact_div(d)
    if q is None:  # pragma: no cover - contents divide
        raise AssertionError("content does not divide")
    return q


def _coefficient(f: Poly, var: int, degree: int) -> Poly:
    """The coefficient of generator ``var`` to ``degree`` (a polynomial in the others)."""
    return Poly(
        {(*m[:var], 0, *m[var + 1 :]): c for m, c in f.terms.items() if m[var] == degree},
        f.nvars,
    )


def _content_in(f: Poly, var: int) -> Poly:
    """The GCD of ``f``'s coefficients as a polynomial in generator ``var``."""
    content: Poly | None = None
    for degree in sorted({m[var] for m in f.terms}):
        c = _coefficient(f, var, degree)
        content = c if content is None else prs_gcd(content, c, var + 1)
    assert content is not None
    return -content if content.leading()[1] < 0 else content


def _pseudo_remainder(a: Poly, b: Poly, var: int) -> Poly:
    db = b.degree(var)
    lead = _coefficient(b, var, db)
    unit = [0] * a.nvars
    r = a
    while not r.is_zero() and r.degree(var) >= db:
        dr = r.degree(var)
        unit[var] = dr - db
        r = r * lead - (_coefficient(r, var, dr) * b).shift(tuple(unit))
    return r
