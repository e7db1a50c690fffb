"""Ways to write a fraction over trigonometric atoms back as an expression.

Takes a numerator and denominator (``symdiff.simplify.algebra.poly.Poly``) over a region's
atoms and the sine-cosine pairs among them (``symdiff.simplify.algebra.trig``); returns
expressions of the same value built with the trivial constructors: ``power_fraction``
writes a numerator or denominator that is a power of a polynomial as that power
(``cos(x)^2 + 2*cos(x) + 1 -> (cos(x) + 1)^2``), ``distributed`` divides each term of the
numerator by a one-term denominator and writes each sine-cosine quotient as ``tan``, ``cot``,
``sec``, ``csc`` or ``tanh`` (``cos(x)^2/sin(x)^2 -> cot(x)^2``), defined exactly where the
quotient is. Both loops are bounded by the polynomials' bounds (``MAX_DEGREE`` tries of a
power).

>>> from symdiff.simplify.algebra.poly import Poly
>>> from symdiff.core.parse import parse
>>> c = Poly.generator(0, 1)
>>> str(power_fraction(c * c + c * 2 + 1, Poly.constant(3, 1), [parse("cos(x)")]))
'(cos(x) + 1)^2/3'
"""

from __future__ import annotations

from fractions import Fraction

from symdiff.core.construct import add, mul, power
from symdiff.core.expr import Expr, Number, Op
from symdiff.core.functions import REGISTRY
from symdiff.simplify.algebra.gcd import gcd
from symdiff.simplify.algebra.poly import Poly, normal
from symdiff.simplify.algebra.rational import from_poly

__all__ = ["distributed", "power_fraction"]

Pair = tuple[str, tuple[int, int], tuple[int, int]]

#: Names of the quotients: family -> (sine/cosine, cosine/sine, 1/sine, 1/cosine).
NAMES: dict[str, tuple[str | None, ...]] = {
    "trig": ("tan", "cot", "csc", "sec"),
    "hyperbolic": ("tanh", None, None, None),
}


def _derivative(p: Poly, i: int) -> Poly:
    terms = {}
    for m, c in p.terms.items():
        if m[i]:
            terms[(*m[:i], m[i] - 1, *m[i + 1 :])] = c * m[i]
    return Poly(terms, p.nvars)


def _as_power(p: Poly) -> tuple[Poly, int]:
    """``(q, k)`` with ``p == c*q^k`` for a number ``c`` and the largest such ``k`` found
    from one square-free step (``k = 1`` when there is none)."""
    i = next((i for i in range(p.nvars) if p.degree(i) > 1), None)
    if i is None or len(p.terms) < 2:
        return p, 1
    _, q, _ = gcd(p, _derivative(p, i))
    dq = q.degree(i)
    if dq <= 0 or p.degree(i) % dq or p.degree(i) == dq:
        return p, 1
    k = p.degree(i) // dq
    _, pp = p.primitive()
    _, qk = (q**k).primitive()
    return (q, k) if pp == qk or pp == -qk else (p, 1)


def _poly_expr(p: Poly, atoms: list[Expr]) -> tuple[Expr, int | Fraction | None]:
    """``p`` as ``q^k`` with its number pulled out: (expression, number)."""
    q, k = _as_power(p)
    if k == 1:
        return from_poly(p, atoms), None
    _cq, pq = q.primitive()
    scale = p.exact_div(pq**k)
    value = scale.constant_value() if scale is not None else None
    if value is None:  # pragma: no cover - q^k divides p
        return from_poly(p, atoms), None
    return power(from_poly(pq, atoms), Number(k)), value


def power_fraction(num: Poly, den: Poly, atoms: list[Expr]) -> Expr:
    """``num/den`` with a numerator or denominator that is a power written as one."""
    n, cn = _poly_expr(num, atoms)
    d, cd = _poly_expr(den, atoms)
    scale = Number(normal(Fraction(cn or 1) / (cd or 1)))
    return mul(scale, n, power(d, Number(-1)))


def distributed(num: Poly, den: Poly, atoms: list[Expr], pairs: list[Pair]) -> Expr | None:
    """The sum of ``num``'s terms each divided by ``den``, a one-term polynomial (``None``
    otherwise), its sine-cosine quotients written as tan, cot, sec, csc or tanh."""
    if len(den.terms) != 1:
        return None
    ((md, cd),) = den.terms.items()
    terms = []
    for m, c in num.terms.items():
        exponents = [e - f for e, f in zip(m, md, strict=True)]
        factors = [Number(normal(Fraction(c) / cd))]
        for family, (i, ri), (j, rj) in pairs:
            if ri == rj == 1:
                factors.extend(_quotients(family, atoms[i].args[0], exponents, i, j))
        factors.extend(power(a, Number(e)) for a, e in zip(atoms, exponents, strict=True) if e)
        terms.append(mul(*factors))
    return add(*terms)


def _quotients(family: str, u: Expr, exponents: list[int], i: int, j: int) -> list[Expr]:
    """Quotient factors of the sine (``i``) and cosine (``j``) powers, taken out of
    ``exponents``."""
    tan, cot, csc, sec = NAMES[family]
    a, b = exponents[i], exponents[j]
    out: list[Expr] = []
    if a > 0 > b:
        k = min(a, -b)
        out.append(power(REGISTRY[tan](u), Number(k)))  # type: ignore[index]
        exponents[i], exponents[j] = a - k, b + k
    elif b > 0 > a:
        k = min(b, -a)
        if cot is None:
            out.append(power(REGISTRY[tan](u), Number(-k)))  # type: ignore[index]
        else:
            out.append(power(REGISTRY[cot](u), Number(k)))
        exponents[i], exponents[j] = a + k, b - k
    elif a < 0 and b < 0 and csc is not None and sec is not None:
        out += [power(REGISTRY[csc](u), Number(-a)), power(REGISTRY[sec](u), Number(-b))]
        exponents[i] = exponents[j] = 0
    return [f for f in out if f.op is not Op.NUM]
