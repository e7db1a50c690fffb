"""Expressions to polynomials and back.

A *region* is the part of an expression built from sums, products, integer powers and exact
numbers; everything else in it is an *atom* and becomes a generator of the polynomial ring:
symbols, constants, calls (``sin(x)``), powers with other exponents (``x^(1/2)``, ``e^x``),
floats, and whatever the caller marks as a boundary. An atom with a negative exponent
(``x^(-1/2)``, ``e^(-x)``) is the reciprocal of the atom with the positive one, so that
``e^x*e^(-x)`` and ``sqrt(x)/x^(1/2)`` meet.

``to_rational`` reads a region as one fraction ``N/D`` (denominators joined by their least
common multiple), ``to_polynomial`` as a Laurent polynomial (a negative power of a sum is an
atom). Both walk the region once, children first, with an explicit stack, and raise
``TooLarge`` past ``MAX_REGION`` nodes, ``MAX_GENERATORS`` generators or a bound of
``symdiff.simplify.algebra.poly``, so that the caller leaves the expression alone.

>>> from symdiff.core.parse import parse
>>> n, d, atoms = to_rational(parse("1/x + 1/y"))
>>> str(from_rational(n, d, atoms))
'(x + y)/(x*y)'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterator, Sequence
from fractions import Fraction

from symdiff.core.construct import add, mul, power
from symdiff.core.expr import Expr, Number, Op
from symdiff.simplify.algebra.gcd import gcd
from symdiff.simplify.algebra.poly import MAX_DEGREE, Poly, TooLarge, normal
from symdiff.simplify.order import Ordering

__all__ = [
    "MAX_GENERATORS",
    "MAX_REGION",
    "atom_power",
    "from_poly",
    "from_rational",
    "is_region_node",
    "to_polynomial",
    "to_rational",
    "to_rationals",
]

#: Most generators (distinct atoms) in one region.
MAX_GENERATORS = 8
#: Most nodes in one region.
MAX_REGION = 600

Rational = tuple[Poly, Poly]


def region_nodes(root: Expr) -> Iterator[Expr]:
    """Each node of ``root``'s region once: its region nodes and the atoms just below them.

    Raises:
        TooLarge: past ``MAX_REGION`` nodes.

    >>> from symdiff.core.parse import parse
    >>> [str(n) for n in region_nodes(parse("x*sin(x + 1) + 2"))]
    ['x*sin(x + 1) + 2', '2', 'x*sin(x + 1)', 'sin(x + 1)', 'x']
    """
    seen: set[Expr] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if len(seen) > MAX_REGION:
            raise TooLarge("region too large")
        yield node
        if is_region_node(node):
            stack.extend(node.args)


def is_region_node(node: Expr) -> bool:
    """A sum, a product, an exact number or a bounded integer power: inside a region."""
    op = node.op
    if op is Op.ADD or op is Op.MUL:
        return True
    if op is Op.NUM:
        return not isinstance(node.value, float)
    if op is Op.POW:
        k = node.args[1]
        return k.op is Op.NUM and type(k.value) is int and abs(k.value) <= MAX_DEGREE
    return False


def atom_power(node: Expr) -> tuple[Expr, int] | None:
    """``(a, k)`` with ``node == a^k`` for an integer ``k`` other than 1, where ``node`` is a
    power that is an atom: ``x^(3/2) = (x^(1/2))^3``, ``x^(-1/2) = (x^(1/2))^-1``, and for a
    positive base ``e^(-2*u) = (e^u)^-2``; else ``None``.

    A negative base to a non-integer power is undefined, so splitting a numeric exponent
    keeps the value wherever the power is defined; a symbolic exponent is split only over a
    positive constant base (``(-2)^(2*u)`` is defined at ``u = 1/2``, ``((-2)^u)^2`` is not).
    """
    if node.op is not Op.POW:
        return None
    base, k = node.args
    if k.op is Op.NUM:
        if isinstance(k.value, float) or type(k.value) is int:
            return None
        q = Fraction(k.value)
        atom = power(base, Number(Fraction(1, q.denominator)))
        count = q.numerator
    elif k.op is Op.MUL and k.args[0].op is Op.NUM and _positive_constant(base):
        c = k.args[0].value
        if isinstance(c, float) or type(c) is not int:
            return None
        atom, count = power(base, mul(*k.args[1:])), c
    else:
        return None
    return (atom, count) if count != 1 and abs(count) <= MAX_DEGREE else None


def _positive_constant(node: Expr) -> bool:
    if node.op is Op.CONST:
        return True
    return node.op is Op.NUM and not isinstance(node.value, float) and node.value > 0


def _region(
    roots: Sequence[Expr], boundary: Collection[Expr], inside: Callable[[Expr], bool]
) -> tuple[list[Expr], list[Expr]]:
    """The nodes of the roots' regions children first, and their atoms in order of
    appearance."""
    order: list[Expr] = []
    leaves: list[Expr] = []
    seen: set[Expr] = set()
    stack: list[tuple[Expr, bool]] = [(root, False) for root in reversed(roots)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            if len(order) > MAX_REGION:
                raise TooLarge("region too large")
            continue
        if node in seen:
            continue
        seen.add(node)
        if (node not in roots and node in boundary) or not inside(node):
            leaves.append(node)
            continue
        stack.append((node, True))
        stack.extend((a, False) for a in reversed(node.args))
    return order, leaves


def _generators(
    leaves: list[Expr], order: Ordering | None
) -> tuple[list[Expr], dict[Expr, tuple[int, int]]]:
    """The generators in canonical order (``order``), and each atom as ``(generator index,
    exponent)``. The order makes the result independent of where atoms first appear.

    Where the region has a root of ``b`` (``b^(1/r)``), ``b`` itself is a power of the
    root of the least common degree ``L`` (``x = (x^(1/2))^2``): the region is undefined
    for negative ``b`` anyway, and for ``b >= 0``, ``(b^(1/L))^L == b``.
    """
    split = {leaf: atom_power(leaf) or (leaf, 1) for leaf in leaves}
    degree: dict[Expr, int] = {}
    for atom, _ in split.values():
        root = _root_degree(atom)
        if root is not None:
            degree[atom.args[0]] = math.lcm(degree.get(atom.args[0], 1), root)
    found: dict[Expr, tuple[Expr, int]] = {}
    for leaf, (atom, k) in split.items():
        root = _root_degree(atom)
        if root is not None and atom.args[0] in degree:
            base = atom.args[0]
            atom, k = power(base, Number(Fraction(1, degree[base]))), k * degree[base] // root
        elif atom in degree:
            atom, k = power(atom, Number(Fraction(1, degree[atom]))), k * degree[atom]
        if abs(k) > MAX_DEGREE:
            raise TooLarge("degree too large")
        found[leaf] = (atom, k)
    gens = list(dict.fromkeys(atom for atom, _ in found.values()))
    if len(gens) > MAX_GENERATORS:
        raise TooLarge("too many generators")
    gens.sort(key=(order or Ordering()).factor_key)
    index = {atom: i for i, atom in enumerate(gens)}
    return gens, {leaf: (index[atom], k) for leaf, (atom, k) in found.items()}


def _root_degree(atom: Expr) -> int | None:
    """``r`` for ``b^(1/r)``, else ``None``."""
    if atom.op is Op.POW and atom.args[1].op is Op.NUM:
        k = atom.args[1].value
        if type(k) is Fraction and k.numerator == 1:
            return k.denominator
    return None


def _monomial(where: tuple[int, int], n: int) -> tuple[int, ...]:
    i, k = where
    return tuple(k if j == i else 0 for j in range(n))


def to_rational(
    root: Expr, boundary: Collection[Expr] = (), order: Ordering | None = None
) -> tuple[Poly, Poly, list[Expr]]:
    """``(N, D, atoms)`` with ``root == N/D`` over the generators ``atoms``; the nodes of
    ``boundary`` (other than ``root``) are atoms, ``order`` sorts the atoms (one ``Ordering``
    shared by the calls of one simplification keeps their cost linear). ``D`` is never
    zero."""
    ((num, den),), atoms = to_rationals([root], boundary, order)
    return num, den, atoms


def to_rationals(
    roots: Sequence[Expr], boundary: Collection[Expr] = (), order: Ordering | None = None
) -> tuple[list[Rational], list[Expr]]:
    """``([(N, D), ...], atoms)``: ``to_rational`` of each of ``roots`` over one list of
    generators (the atoms of all of them).

    >>> from symdiff.core.parse import parse
    >>> values, atoms = to_rationals([parse("x/y"), parse("y + 1")])
    >>> [str(from_rational(n, d, atoms)) for n, d in values]
    ['x/y', 'y + 1']
    """
    nodes, leaves = _region(roots, boundary, is_region_node)
    atoms, where = _generators(leaves, order)
    n = len(atoms)
    one = Poly.constant(1, n)
    done: dict[Expr, Rational] = {}

    def value(node: Expr) -> Rational:
        found = done.get(node)
        if found is not None:
            return found
        m = _monomial(where[node], n)
        if where[node][1] > 0:
            return Poly({m: 1}, n), one
        return one, Poly({tuple(-e for e in m): 1}, n)

    for node in nodes:
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
                p, q = value(a)
                num, den = num * p, den * q
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
    _, b1, d1 = gcd(b, d)  # the least common multiple of the denominators
    return a * d1 + c * b1, b * d1


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
    nodes, leaves = _region([root], boundary, _polynomial_node)
    atoms, where = _generators(leaves, order)
    n = len(atoms)
    done: dict[Expr, Poly] = {}

    def value(node: Expr) -> Poly:
        found = done.get(node)
        return Poly({_monomial(where[node], n): 1}, n) if found is None else found

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
    """The expanded sum of ``p``'s terms, highest first."""
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
