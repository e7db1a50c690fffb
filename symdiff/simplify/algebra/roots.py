"""Radicals of one region, for the ``"full"`` level: contents out, like roots joined, powers split.

Takes the root of a region (``symdiff.simplify.algebra.convert``) and yields rewritten
regions of the same value wherever the input is defined, built with the trivial
constructors; the caller puts each in standard form and keeps the smallest. The region's
*radicals* are its atoms ``b^k`` with ``k`` an exact non-integer number and ``b`` a sum or a
product:

- **content**: a radicand ``b`` whose polynomial (over its own atoms) has the rational
  content ``c`` is ``c*q``, and ``(c*q)^k = |c|^k*(b/|c|)^k`` wherever either side is
  defined (``b/|c|`` has the sign of ``b``). Once with all of ``|c|`` taken out
  (``sqrt(1 - x^2/16) -> sqrt(16 - x^2)/4``), radicands equal up to a positive number then
  written by the smallest of them (``sqrt(2*x + 2) -> sqrt(2)*sqrt(x + 1)`` where ``sqrt(x +
  1)`` occurs, ``sqrt(1 - (1 - x)^2)`` and ``sqrt(2*x - x^2)`` one radical); once with only
  the largest ``r``-th power of ``|c|`` for a root of degree ``r`` (``sqrt(x^2/2 + 1) ->
  sqrt(2*x^2 + 4)/2``, ``sqrt(8*x + 8) -> 2*sqrt(2*x + 2)``);
- **split**: ``b^k = b^m*b^(k - m)`` with ``m = floor(k)`` (the same domain: ``b^(-1/2) =
  b^-1*b^(1/2)``, both defined for ``b > 0``), or with ``m = ceil(k)`` where ``k < 0`` or
  ``b`` is known positive (``b^(1/2) = b*b^(-1/2)`` would lose ``b = 0``);
- then ``root_cancel`` (``symdiff.simplify.algebra.root_cancel``): ``cancel`` knowing that
  ``s = b^(1/q)`` has ``s^q = b``, and with the polynomial ``b`` divided out of numerator and
  denominator into a power of ``b`` that standard form joins to ``s``
  (``(x^4 + 2*x^2 + 1)/(x^2 + 1)^(3/2) -> sqrt(x^2 + 1)``). Like ``cancel`` it may extend the
  domain (``x/sqrt(x)^2 -> 1``), never restrict it.

A product of roots is never split (``sqrt(x^2 - 1)`` is defined for ``x <= -1`` too, where
``sqrt(x - 1)*sqrt(x + 1)`` is not, so ``sqrt(x^2 - 1) -> sqrt(x - 1)*sqrt(x + 1)`` would lose
those points); only a number or, in the standard level, a factor of known sign comes out of a
root (``symdiff.simplify.radicals``).

Bounds: those of ``symdiff.simplify.algebra`` (past them a radical is left as it is) and
``MAX_RADICALS`` radicals per region, and ``MAX_ROOT_REGIONS`` regions with radicals per
simplification (a region past it keeps its radicals: each costs 3-12 ms of exact
polynomial work, and a 100,000-deep nest of roots is 100,000 regions). Contents are memoized
per radicand in a ``RootMemo`` shared by one simplification.

>>> from symdiff.core.parse import parse
>>> from symdiff.simplify.simplify import standard_form
>>> e = standard_form(parse("sqrt(2*x + 2) + sqrt(x + 1)"))
>>> [str(c) for c in root_candidates(e, RootMemo())][:1]
['(x + 1)^(1/2) + 2^(1/2)*(x + 1)^(1/2)']
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import suppress
from fractions import Fraction

from symdiff.core.construct import mul, power
from symdiff.core.errors import SymdiffError
from symdiff.core.evaluate import evaluate
from symdiff.core.expr import Expr, Number, Op
from symdiff.core.traverse import free_symbols, rebuild
from symdiff.simplify.algebra.poly import TooLarge
from symdiff.simplify.algebra.rational import Fractions, from_poly, to_polynomial
from symdiff.simplify.algebra.regions import replace_atoms
from symdiff.simplify.algebra.root_cancel import exponent, radicals, root_cancel
from symdiff.simplify.algebra.transforms import expand_region
from symdiff.simplify.exact import perfect_part
from symdiff.simplify.order import Ordering
from symdiff.simplify.sharing import tree_ops
from symdiff.simplify.signs import POSITIVE, sign_of

__all__ = [
    "MAX_RADICALS",
    "MAX_ROOT_REGIONS",
    "RootMemo",
    "root_cancel",
    "root_candidates",
]

#: Most radicals rewritten in one region (a region with more keeps its radicals).
MAX_RADICALS = 8
#: Most regions given root rewrites in one simplification (the others keep their radicals).
MAX_ROOT_REGIONS = 200
Table = dict[Expr, Expr]


class RootMemo:
    """Contents of radicands, memoized across the regions of one call, with the ordering
    and the fractions read (``symdiff.simplify.algebra.rational``) that the call shares."""

    def __init__(self, order: Ordering | None = None, fractions: Fractions | None = None) -> None:
        self.order = order or Ordering()
        self.fractions = fractions or Fractions()
        self.primitives: dict[Expr, tuple[Fraction, Expr | None]] = {}
        self.sizes: dict[Expr, int] = {}
        self.regions = 0
        self.found: dict[Expr, list[Expr]] = {}

    def radicals(self, root: Expr) -> list[Expr]:
        """``radicals(root)``, once per node."""
        found = self.found.get(root)
        if found is None:
            found = self.found[root] = radicals(root)
        return found

    def primitive(self, base: Expr) -> tuple[Fraction, Expr | None]:
        """``(c, p)``: ``base`` is ``c*p``, ``p`` the primitive polynomial with a positive
        leading coefficient, expanded over ``base``'s own atoms (the same node for bases
        equal up to a number); ``(1, None)`` past a bound."""
        found = self.primitives.get(base)
        if found is None:
            found = Fraction(1), None
            with suppress(TooLarge):
                poly, atoms = to_polynomial(base, (), self.order)
                if not poly.is_zero():
                    c, primitive = poly.primitive()
                    found = c, from_poly(primitive, atoms)
            self.primitives[base] = found
        return found


def root_candidates(root: Expr, memo: RootMemo) -> Iterator[Expr]:
    """The rewrites of the region ``root`` (see the module), nothing without a radical."""
    found = memo.radicals(root)
    if not found or len(found) > MAX_RADICALS or memo.regions >= MAX_ROOT_REGIONS:
        return
    memo.regions += 1
    with suppress(TooLarge):
        joined = replace_atoms(root, _same, lambda node, args: _joined(node, args, memo))
        if joined is not root:
            yield joined
    shared = _representatives(found, memo)
    forms = [root]
    for whole in (True, False):
        table = {r: _normal(r, memo, shared if whole else None) for r in found}
        _append(forms, _substituted(root, {r: new for r, new in table.items() if new is not r}))
    yield from forms[1:]
    splits: list[Expr] = []
    for form in forms:
        _append(splits, form)
        for ceiling in (False, True):
            table = {r: _split(r, ceiling) for r in memo.radicals(form)}
            _append(splits, _substituted(form, {r: n for r, n in table.items() if n is not r}))
    for form in splits:
        with suppress(TooLarge):
            yield root_cancel(form, memo.order, memo.fractions, memo.radicals(form))


def _same(node: Expr) -> Expr:
    return node


def _joined(node: Expr, args: tuple[Expr, ...], memo: RootMemo) -> Expr:
    """A product's roots of positive constants with one exponent as one root of their
    product, multiplied out, where that is no larger than the largest of them
    (``sqrt(2 + sqrt(2))*sqrt(2 - sqrt(2)) -> sqrt(2)``; ``sqrt(3)*sqrt(2 + sqrt(3))`` stays):
    for positive ``a`` and ``b``, ``a^k*b^k = (a*b)^k``."""
    if node.op is not Op.MUL:
        return rebuild(node, args)
    groups: dict[Fraction, list[Expr]] = {}
    rest: list[Expr] = []
    for f in args:
        k = exponent(f)
        if k is not None and _above_zero(f.args[0]):
            groups.setdefault(k, []).append(f.args[0])
        else:
            rest.append(f)
    changed = False
    for k, bases in groups.items():
        if len(bases) > 1:
            joined = _standard(expand_region(mul(*bases), (), memo.order))
            if tree_ops(joined, memo.sizes) <= max(tree_ops(b, memo.sizes) for b in bases):
                rest.append(power(joined, Number(k)))
                changed = True
                continue
        rest.extend(power(b, Number(k)) for b in bases)
    return mul(*rest) if changed else rebuild(node, args)


def _standard(expr: Expr) -> Expr:
    """The standard form (``(2^(1/2))^2 -> 2``), imported here: the standard level's module
    imports the full level, which imports this one."""
    from symdiff.simplify.simplify import standard_form

    return standard_form(expr)


def _above_zero(base: Expr) -> bool:
    """Whether ``base`` has no symbols and a value safely above 0 (a few digits are enough:
    its floating-point error is far below the margin)."""
    if free_symbols(base):
        return False
    try:
        return evaluate(base) > POSITIVE_MARGIN
    except SymdiffError:
        return False


#: A constant radicand counts as positive above this value (evaluated in floats).
POSITIVE_MARGIN = 1e-6


def _representatives(found: list[Expr], memo: RootMemo) -> dict[Expr, Expr]:
    """For each radicand, the smallest radicand of the region equal to it up to a positive
    number (itself when there is none), so that they meet once their contents are out."""
    keys: dict[Expr, tuple[Expr, bool]] = {}
    best: dict[tuple[Expr, bool], tuple[int, Expr]] = {}
    for base in dict.fromkeys(r.args[0] for r in found):
        c, primitive = memo.primitive(base)
        if primitive is None:
            continue
        keys[base] = key = (primitive, c > 0)
        size = tree_ops(base, memo.sizes)
        if key not in best or size < best[key][0]:
            best[key] = size, base
    return {base: best[key][1] for base, key in keys.items()}


def _append(forms: list[Expr], form: Expr) -> None:
    if form not in forms:
        forms.append(form)


def _normal(radical: Expr, memo: RootMemo, shared: dict[Expr, Expr] | None) -> Expr:
    """The radical with its base's content taken out: all of it, the base
    replaced by its representative in ``shared`` (``b = (c_b/c_r)*r``, the same sign), or,
    without ``shared``, the largest perfect power only; the radical itself where none
    applies."""
    base, k = radical.args[0], radical.args[1].value
    c, primitive = memo.primitive(base)
    if primitive is None:
        return radical
    c = abs(c)
    if shared is None:  # c = m*s^r with m an integer free of r-th powers: s^r comes out
        degree = k.denominator
        outside, _ = perfect_part(c.numerator * c.denominator ** (degree - 1), degree)
        c = Fraction(outside, c.denominator) ** degree
        inside = mul(Number(_plain(1 / c)), base)
    else:
        representative = shared.get(base, base)
        inside = mul(Number(_plain(1 / abs(memo.primitive(representative)[0]))), representative)
    if c == 1 and inside is base:
        return radical
    return mul(power(Number(_plain(c)), Number(k)), power(inside, k))


def _split(radical: Expr, ceiling: bool) -> Expr:
    """``b^k`` as ``b^m*b^(k - m)`` (see the module), the radical itself where ``m = 0`` or
    the ceiling would lose a point."""
    base, k = radical.args
    value = k.value
    m = math.ceil(value) if ceiling else math.floor(value)
    if m == 0 or (ceiling and value > 0 and sign_of(base) != POSITIVE):
        return radical
    return mul(power(base, m), power(base, Number(value - m)))


def _substituted(root: Expr, table: Table) -> Expr:
    """The region ``root`` with the atoms of ``table`` replaced (iterative, once per node)."""
    if not table:
        return root
    return replace_atoms(root, lambda atom: table.get(atom, atom))


def _plain(value: Fraction) -> int | Fraction:
    return value.numerator if value.denominator == 1 else value
