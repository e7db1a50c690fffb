"""``cancel`` of a region that knows its radicals, for the ``"full"`` level.

Takes the root of a region (``symdiff.simplify.algebra.convert``) whose atoms include
radicals ``b^k`` (``k`` an exact non-integer number, ``b`` a sum or a product) and returns
one fraction of the same value wherever the input is defined, built with the trivial
constructors: ``s = b^(1/q)`` has ``s^q = b``, and the polynomial ``b`` is divided out of
numerator and denominator into a power of ``b`` that standard form joins to ``s``
(``(x^4 + 2*x^2 + 1)/(x^2 + 1)^(3/2) -> sqrt(x^2 + 1)``). Like ``cancel`` it may extend the
domain (``x/sqrt(x)^2 -> 1``), never restrict it. Bounds: those of
``symdiff.simplify.algebra`` (past them ``TooLarge``).
"""

from __future__ import annotations

from fractions import Fraction

from symdiff.core.construct import mul, power
from symdiff.core.expr import Expr, Op
from symdiff.simplify.algebra.convert import is_region_node, region_nodes
from symdiff.simplify.algebra.gcd import gcd
from symdiff.simplify.algebra.poly import MAX_DEGREE, Coefficient, Monomial, Poly, TooLarge, normal
from symdiff.simplify.algebra.rational import Fractions, from_rational, to_rationals
from symdiff.simplify.order import Ordering

__all__ = ["exponent", "radicals", "root_cancel"]


def root_cancel(
    root: Expr,
    order: Ordering | None = None,
    fractions: Fractions | None = None,
    found: list[Expr] | None = None,
) -> Expr:
    """``cancel`` of the region ``root`` knowing its radicals: with ``s = b^(1/q)`` a
    generator and ``b`` a polynomial, ``s^q`` is replaced by ``b`` in the numerator and
    denominator before their GCD is divided out, and then ``b`` itself is divided out of
    both as often as it goes, kept as a power ``b^e`` that standard form joins to ``s``
    (``order`` and ``fractions`` as for ``to_rational``; ``found``: ``radicals(root)``
    where the caller has it).

    >>> from symdiff.core.parse import parse
    >>> from symdiff.simplify.simplify import standard_form
    >>> str(standard_form(root_cancel(standard_form(parse("sqrt(x^2 + 1)/(x^4 + 2*x^2 + 1)")))))
    '1/(x^2 + 1)^(3/2)'
    """
    order = order or Ordering()
    found = radicals(root) if found is None else found
    bases = list(dict.fromkeys(r.args[0] for r in found))
    values, atoms = to_rationals([root, *bases], (), order, fractions)
    (num, den), radicands = values[0], values[1:]
    known = [
        (b, p.scale(normal(1 / Fraction(d.constant_value() or 1))))
        for b, (p, d) in zip(bases, radicands, strict=True)
        if d.constant_value() is not None
    ]
    for base, p in known:
        generator = _root_generator(base, atoms)
        if generator is not None:
            num, den = _reduced(num, *generator, p), _reduced(den, *generator, p)
    if den.constant_value() is None and not num.is_zero():
        _, num, den = gcd(num, den)
    pulled: list[Expr] = []
    for base, p in known:
        c, primitive = p.primitive()
        if primitive.constant_value() is not None:
            continue
        num, e_num = _divided(num, primitive)
        den, e_den = _divided(den, primitive)
        if e_num != e_den:  # primitive^e = (base/c)^e
            e = e_num - e_den
            num = num.scale(normal(Fraction(1) / Fraction(c) ** e))
            pulled.append(power(base, e))
    for p in (num, den):  # common monomials apart, so that standard form joins them to roots
        common = p.monomial_content()
        if any(common) and not p.is_zero():
            e = 1 if p is num else -1
            pulled.extend(power(a, e * k) for a, k in zip(atoms, common, strict=True) if k)
    num, den = (
        num.shift(_negated(num.monomial_content())),
        den.shift(_negated(den.monomial_content())),
    )
    return mul(from_rational(num, den, atoms), *pulled)


def _negated(monomial: Monomial) -> Monomial:
    return tuple(-e for e in monomial)


def _root_generator(base: Expr, atoms: list[Expr]) -> tuple[int, int] | None:
    """``(index, q)`` of the generator ``base^(1/q)`` among ``atoms``, else ``None``."""
    for i, atom in enumerate(atoms):
        if atom.op is Op.POW and atom.args[0] is base:
            k = exponent(atom)
            if k is not None and k.numerator == 1:
                return i, k.denominator
    return None


def _reduced(p: Poly, index: int, q: int, radicand: Poly) -> Poly:
    """``p`` with ``s^q`` replaced by ``radicand``, ``s`` the generator ``index``."""
    kept: dict[Monomial, Coefficient] = {}
    by_power: dict[int, dict[Monomial, Coefficient]] = {}
    for m, c in p.terms.items():
        j, rest = divmod(m[index], q)
        if not j:
            kept[m] = c
        else:
            by_power.setdefault(j, {})[(*m[:index], rest, *m[index + 1 :])] = c
    if not by_power:
        return p
    total = Poly(kept, p.nvars)
    for j, terms in by_power.items():
        total = total + Poly(terms, p.nvars) * radicand**j
    return total


def _divided(p: Poly, factor: Poly) -> tuple[Poly, int]:
    """``(p / factor^e, e)`` for the largest ``e`` (at most ``MAX_DEGREE``)."""
    e = 0
    while e < MAX_DEGREE and p.constant_value() is None:
        quotient = p.exact_div(factor)
        if quotient is None:
            break
        p, e = quotient, e + 1
    return p, e


def radicals(root: Expr) -> list[Expr]:
    """The radicals among the atoms of the region ``root`` (``[]`` past ``MAX_REGION``)."""
    try:
        return [
            node
            for node in region_nodes(root)
            if not is_region_node(node)
            and exponent(node) is not None
            and node.args[0].op in (Op.ADD, Op.MUL)
        ]
    except TooLarge:
        return []


def exponent(node: Expr) -> Fraction | None:
    """``k`` of a power ``b^k`` with an exact non-integer ``k``, else ``None``."""
    if node.op is not Op.POW or node.args[1].op is not Op.NUM:
        return None
    k = node.args[1].value
    return k if type(k) is Fraction and k.denominator != 1 else None
