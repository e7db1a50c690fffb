"""Products of sines and cosines as sums of multiple angles (linearization).

Takes a polynomial (``symdiff.simplify.algebra.poly.Poly``) over a region's atoms and the
sine-cosine pairs among them (``symdiff.simplify.algebra.trig``); returns it as an expression
in which each product of powers of ``sin(u)`` and ``cos(u)`` is written as a sum of
``cos(k*u)`` and ``sin(k*u)`` (``2*sin(u)*cos(u) -> sin(2*u)``, ``cos(u)^2 - sin(u)^2 ->
cos(2*u)``, ``2*sinh(u)^2 + 1 -> cosh(2*u)``), through ``sin(u) = (z - 1/z)/(2i)``,
``cos(u) = (z + 1/z)/2`` with ``z = e^(iu)`` (``z = e^u`` and no ``i`` for ``sinh`` and
``cosh``): the value is kept everywhere. Only pairs of degree at most ``MAX_ANGLE_DEGREE``
are written so; the loops are bounded by it.

>>> from symdiff.core.parse import parse
>>> s, c = Poly.generator(0, 2), Poly.generator(1, 2)
>>> atoms = [parse("sin(x)"), parse("cos(x)")]
>>> str(linearized(s * c * 2, atoms, [("trig", (0, 1), (1, 1))]))
'sin(2*x)'
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache

from symdiff.core.construct import add, mul, power
from symdiff.core.expr import Expr, Number
from symdiff.core.functions import REGISTRY
from symdiff.simplify.algebra.poly import Poly, TooLarge, normal

__all__ = ["MAX_ANGLE_DEGREE", "linearized"]

#: Largest total degree in one sine-cosine pair that is linearized.
MAX_ANGLE_DEGREE = 8

Pair = tuple[str, tuple[int, int], tuple[int, int]]
Complex = tuple[Fraction, Fraction]
Series = dict[int, Complex]

NAMES = {"trig": ("sin", "cos"), "hyperbolic": ("sinh", "cosh")}


def _times(a: Series, b: Series, trig: bool) -> Series:
    out: Series = {}
    for k1, (r1, i1) in a.items():
        for k2, (r2, i2) in b.items():
            r, i = out.get(k1 + k2, (Fraction(0), Fraction(0)))
            re, im = r1 * r2 - i1 * i2, r1 * i2 + i1 * r2
            out[k1 + k2] = (r + re, i + im) if trig else (r + r1 * r2, i)
    return out


@cache
def _series(a: int, b: int, trig: bool) -> Series:
    """``sin^a*cos^b`` (``sinh``, ``cosh``) as a Laurent series in ``z`` (a constant:
    cached, at most ``(MAX_ANGLE_DEGREE + 1)^2`` entries per family)."""
    half = Fraction(1, 2)
    sine: Series = (
        {1: (Fraction(0), -half), -1: (Fraction(0), half)}
        if trig
        else {1: (half, Fraction(0)), -1: (-half, Fraction(0))}
    )
    cosine: Series = {1: (half, Fraction(0)), -1: (half, Fraction(0))}
    out: Series = {0: (Fraction(1), Fraction(0))}
    for _ in range(a):
        out = _times(out, sine, trig)
    for _ in range(b):
        out = _times(out, cosine, trig)
    return out


def _angles(series: Series, u: Expr, family: str) -> Expr:
    """The series as ``sum A_k cos(k*u) + B_k sin(k*u)`` (``k >= 0``)."""
    sine, cosine = (REGISTRY[n] for n in NAMES[family])
    zero = (Fraction(0), Fraction(0))
    terms = []
    for k in range(max(series, default=0), -1, -1):
        (rp, ip), (rm, im) = series.get(k, zero), series.get(-k, zero)
        even = rp if k == 0 else rp + rm
        odd = Fraction(0) if k == 0 else (im - ip if family == "trig" else rp - rm)
        angle = mul(Number(k), u)
        if even:
            terms.append(mul(Number(normal(even)), cosine(angle)) if k else Number(normal(even)))
        if odd:
            terms.append(mul(Number(normal(odd)), sine(angle)))
    return add(*terms)


def _linearize_pair(p: Poly, pair: Pair) -> dict[tuple[int, ...], Series]:
    """``{rest monomial: series}``: ``p`` grouped by its other generators, each group's
    powers of the pair summed as one series."""
    family, (i, _), (j, _) = pair
    trig = family == "trig"
    out: dict[tuple[int, ...], Series] = {}
    for m, c in p.terms.items():
        a, b = m[i], m[j]
        if a + b > MAX_ANGLE_DEGREE:
            raise TooLarge("degree too large to linearize")
        rest = tuple(0 if k in (i, j) else e for k, e in enumerate(m))
        total = out.setdefault(rest, {})
        for k, (r, im) in _series(a, b, trig).items():
            r0, i0 = total.get(k, (Fraction(0), Fraction(0)))
            total[k] = (r0 + c * r, i0 + c * im)
    return out


def linearized(p: Poly, atoms: list[Expr], pairs: list[Pair]) -> Expr:
    """``p`` with the powers of its plain sine-cosine pair of highest degree written as
    multiple angles (``TooLarge`` past ``MAX_ANGLE_DEGREE`` or without a plain pair)."""
    plain = [q for q in pairs if q[1][1] == q[2][1] == 1]
    if not plain:
        raise TooLarge("no plain sine-cosine pair")
    pair = max(plain, key=lambda q: p.degree(q[1][0]) + p.degree(q[2][0]))
    u = atoms[pair[1][0]].args[0]
    terms = []
    for rest, series in _linearize_pair(p, pair).items():
        factors = [power(a, Number(e)) for a, e in zip(atoms, rest, strict=True) if e]
        terms.append(mul(*factors, _angles(series, u, pair[0])))
    return add(*terms)
