"""Regions read as fractions and polynomials, and written back.

Takes the root of a region (``symdiff.simplify.algebra.convert``): ``to_rational`` reads it as
one fraction ``N/D`` (denominators joined by their least common multiple), ``to_polynomial``
as a Laurent polynomial (a negative power of a sum is an atom); ``from_poly`` and
``from_rational`` write them back with the trivial constructors. Both readings walk the
region once, children first, with an explicit stack, and raise ``TooLarge`` past
``MAX_REGION`` nodes, ``MAX_GENERATORS`` generators or a bound of
``symdiff.simplify.algebra.poly``, so that the caller leaves the expression alone.

A ``Fractions`` shared by the readings of one simplification keeps each region node's fraction
per ``Context`` (the generators, and how atoms map to them: all a node's fraction depends on),
so that rewrites of one region that share most of its nodes read each of them once.

>>> from symdiff.core.parse import parse
>>> n, d, atoms = to_rational(parse("1/x + 1/y"))
>>> str(from_rational(n, d, atoms))
'(x + y)/(x*y)'
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from fractions import Fraction

from symdiff.core.construct import add, mul, power
from symdiff.core.expr import Add, Expr, Mul, Number, Op, Pow
from symdiff.simplify.algebra.convert import (
    Context,
    generators,
    is_region_node,
    monomial,
    region,
)
from symdiff.simplify.algebra.gcd import gcd
from symdiff.simplify.algebra.poly import Coefficient, Poly, TooLarge, normal
from symdiff.simplify.order import Ordering

__all__ = [
    "Fractions",
    "Rational",
    "from_poly",
    "from_rational",
    "to_polynomial",
    "to_rational",
    "to_rationals",
]

Rational = tuple[Poly, Poly]


class Fractions:
    """The fractions of region nodes read so far, by ``Context`` (``Poly`` values are never
    changed once built, so they are shared)."""

    def __init__(self) -> None:
        self.by_context: dict[Context, dict[Expr, Rational]] = {}

    def known(self, context: Context) -> dict[Expr, Rational]:
        """The fractions read in ``context`` (filled by the caller)."""
        found = self.by_context.get(context)
        if found is None:
            found = self.by_context[context] = {}
        return found


def to_rational(
    root: Expr,
    boundary: Collection[Expr] = (),
    order: Ordering | None = None,
    fractions: Fractions | None = None,
) -> tuple[Poly, Poly, list[Expr]]:
    """``(N, D, atoms)`` with ``root == N/D`` over the generators ``atoms``; the nodes of
    ``boundary`` (other than ``root``) are atoms, ``order`` sorts the atoms (one ``Ordering``
    shared by the calls of one simplification keeps their cost linear), ``fractions`` keeps
    what was read. ``D`` is never zero."""
    ((num, den),), atoms = to_rationals([root], boundary, order, fractions)
    return num, den, atoms


def to_rationals(
    roots: Sequence[Expr],
    boundary: Collection[Expr] = (),
    order: Ordering | None = None,
    fractions: Fractions | None = None,
) -> tuple[list[Rational], list[Expr]]:
    """``([(N, D), ...], atoms)``: ``to_rational`` of each of ``roots`` over one list of
    generators (the atoms of all of them).

    >>> from symdiff.core.parse import parse
    >>> values, atoms = to_rationals([parse("x/y"), parse("y + 1")])
    >>> [str(from_rational(n, d, atoms)) for n, d in values]
    ['x/y', 'y + 1']
    """
    nodes, leaves = region(roots, boundary, is_region_node)
    atoms, where, context = generators(leaves, order)
    n = len(atoms)
    one = Poly.constant(1, n)
    # a boundary makes some region nodes atoms: what is read then holds for this call only
    done = {} if fractions is None or boundary else fractions.known(context)

    def value(node: Expr) -> Rational:
        found = done.get(node)
        if found is not None:
            return found
        m = monomial(where[node], n)
        if where[node][1] > 0:
            return Poly({m: 1}, n), one
        return one, Poly({tuple(-e for e in m): 1}, n)

    for node in nodes:
        if node in done:
            continue
        if node.op is Op.NUM:
            v = Fraction(node.value)
            done[node] = Poly.constant(v.numerator, n), Poly.constant(v.denominator, n)
        elif node.op is Op.ADD:
            total = value(node.args[0])
            for a in node.args[1:]:
                total = _add(total, value(a))
            done[node] = total
        elif node.op is Op.MUL:
            num, den = one, one
            for a in node.args:
                p, q = value(a)  # an atom's denominator is ``one``: nothing to multiply
                num = p if num is one else num if p is one else num * p
                den = q if den is one else den if q is one else den * q
            done[node] = num, den
        else:
            done[node] = _power(value(node.args[0]), node.args[1].value)
    return [value(root) for root in roots], atoms


def _add(left: Rational, right: Rational) -> Rational:
    (a, b), (c, d) = left, right
    if b == d:
        return a + c, b
    if d.constant_value() is not None:
        return a * d + c * b, b * d
    if b.constant_value() is not None:
        return a * d + c * b, b * d
    _, b1, d1 = _cofactors(b, d)  # the least common multiple of the denominators
    return a * d1 + c * b1, b * d1


def _cofactors(b: Poly, d: Poly) -> tuple[Poly, Poly, Poly]:
    """``gcd(b, d)``, without the GCD's search where one of two sums divides the other
    (``(x + 1)^2`` and ``x + 1``): the GCD is then the primitive part of that one."""
    if len(b.terms) > 1 and len(d.terms) > 1:
        for small, large in ((d, b), (b, d)):
            c, h = small.primitive()
            try:
                quotient = large.exact_div(h)
            except TooLarge:
                quotient = None
            if quotient is not None:
                unit = Poly.constant(normal(c), h.nvars)
                return (h, quotient, unit) if large is b else (h, unit, quotient)
    return gcd(b, d)


def _power(base: Rational, k: int) -> Rational:
    num, den = base
    if k < 0:
        if num.is_zero():
            raise TooLarge("a power of zero with a negative exponent")
        num, den, k = den, num, -k
    return num**k, den**k


def to_polynomial(
    root: Expr, boundary: Collection[Expr] = (), order: Ordering | None = None
) -> tuple[Poly, list[Expr]]:
    """``(P, atoms)`` with ``root == P``, ``P`` a Laurent polynomial over ``atoms``: a
    negative power of anything but a single term is an atom (``order`` as for
    ``to_rational``)."""
    nodes, leaves = region([root], boundary, _polynomial_node)
    atoms, where, _ = generators(leaves, order)
    n = len(atoms)
    done: dict[Expr, Poly] = {}

    def value(node: Expr) -> Poly:
        found = done.get(node)
        return Poly({monomial(where[node], n): 1}, n) if found is None else found

    for node in nodes:
        if node.op is Op.NUM:
            done[node] = Poly.constant(Fraction(node.value), n)
        elif node.op is Op.ADD:
            total = value(node.args[0])
            for a in node.args[1:]:
                total = total + value(a)
            done[node] = total
        elif node.op is Op.MUL:
            product = Poly.constant(1, n)
            for a in node.args:
                product = product * value(a)
            done[node] = product
        else:
            done[node] = _laurent_power(value(node.args[0]), node.args[1].value)
    return value(root), atoms


def _polynomial_node(node: Expr) -> bool:
    if node.op is Op.POW and is_region_node(node) and node.args[1].value < 0:
        return node.args[0].op not in (Op.ADD,)
    return is_region_node(node)


def _laurent_power(base: Poly, k: int) -> Poly:
    if k >= 0:
        return base**k
    if len(base.terms) != 1:
        raise TooLarge("a negative power of a sum")  # pragma: no cover - an atom instead
    ((m, c),) = base.terms.items()
    inverse = Poly({tuple(-e for e in m): normal(1 / Fraction(c))}, base.nvars)
    return inverse**-k


def from_poly(p: Poly, atoms: list[Expr]) -> Expr:
    """The expanded sum of ``p``'s terms, highest first (what ``add``, ``mul`` and ``power``
    build from them: the constant term last, a rational coefficient ``p/q`` laid out as
    ``p*...*(1/q)``).

    >>> from symdiff.core.parse import parse
    >>> x = Poly.generator(0, 1)
    >>> str(from_poly(x * x * Fraction(3, 2) - 1, [parse("x")]))
    '3*x^2/2 - 1'
    """
    if any(a.op is Op.NUM for a in atoms):  # a float atom folds into the coefficient
        return _built(p, atoms)
    terms: list[Expr] = []
    constant = None
    for m in sorted(p.terms, reverse=True):
        factors = [a if e == 1 else Pow(a, Number(e)) for a, e in zip(atoms, m, strict=True) if e]
        if factors:
            terms.append(_term(p.terms[m], factors))
        else:
            constant = Number(p.terms[m])
    if constant is not None:
        terms.append(constant)
    if not terms:
        return Number(0)
    return terms[0] if len(terms) == 1 else Add(*terms)


def _term(c: Coefficient, factors: list[Expr]) -> Expr:
    """``mul(c, *factors)`` for a nonzero exact ``c`` and factors that are not numbers or
    products."""
    if type(c) is Fraction:
        head = [] if c.numerator == 1 else [Number(c.numerator)]
        factors = [*head, *factors, Number(Fraction(1, c.denominator))]
    elif c != 1:
        factors = [Number(c), *factors]
    return factors[0] if len(factors) == 1 else Mul(*factors)


def _built(p: Poly, atoms: list[Expr]) -> Expr:
    terms = []
    for m in sorted(p.terms, reverse=True):
        factors = [power(a, e) for a, e in zip(atoms, m, strict=True) if e]
        terms.append(mul(Number(p.terms[m]), *factors))
    return add(*terms) if terms else Number(0)


def from_rational(num: Poly, den: Poly, atoms: list[Expr]) -> Expr:
    """``num/den`` with their numeric contents gathered into one number in front."""
    cn, pn = num.primitive()
    cd, pd = den.primitive()
    c = normal(cn / cd)
    if c == -1 and any(v < 0 for v in pn.terms.values()):
        c, pn = -c, -pn  # x^2 - x^5 rather than -(x^5 - x^2): one operation less
    if pd.constant_value() == 1:
        return mul(Number(c), from_poly(pn, atoms))
    return mul(Number(c), from_poly(pn, atoms), power(from_poly(pd, atoms), -1))
