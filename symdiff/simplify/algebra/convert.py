"""Regions of an expression and the generators of their polynomial rings.

A *region* is the part of an expression built from sums, products, integer powers and exact
numbers; everything else in it is an *atom* and becomes a generator of the polynomial ring:
symbols, constants, calls (``sin(x)``), powers with other exponents (``x^(1/2)``, ``e^x``),
floats, and whatever the caller marks as a boundary. An atom with a negative exponent
(``x^(-1/2)``, ``e^(-x)``) is the reciprocal of the atom with the positive one, so that
``e^x*e^(-x)`` and ``sqrt(x)/x^(1/2)`` meet.

``region`` walks the regions of some roots once, children first, with an explicit stack, and
``generators`` orders their atoms as generators (what ``symdiff.simplify.algebra.rational``
reads regions over); both raise ``TooLarge`` past ``MAX_REGION`` nodes or
``MAX_GENERATORS`` generators, so that the caller leaves the expression alone.

>>> from symdiff.core.parse import parse
>>> nodes, leaves = region([parse("1/x + 1/y")], (), is_region_node)
>>> [str(a) for a in generators(leaves, None)[0]]
['x', 'y']
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterator, Sequence
from fractions import Fraction

from symdiff.core.construct import mul, power
from symdiff.core.expr import Expr, Number, Op
from symdiff.simplify.algebra.poly import MAX_DEGREE, TooLarge
from symdiff.simplify.order import Ordering

__all__ = [
    "MAX_GENERATORS",
    "MAX_REGION",
    "Context",
    "atom_power",
    "generators",
    "is_region_node",
    "monomial",
    "region",
    "region_nodes",
]

#: Most generators (distinct atoms) in one region.
MAX_GENERATORS = 8
#: Most nodes in one region.
MAX_REGION = 600

#: What the polynomial of a region node depends on besides the node: the generators, and
#: the least common root degree of each radicand (which sets how its atoms map to them).
Context = tuple[tuple[Expr, ...], frozenset[tuple[Expr, int]]]


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


def region(
    roots: Sequence[Expr], boundary: Collection[Expr], inside: Callable[[Expr], bool]
) -> tuple[list[Expr], list[Expr]]:
    """The nodes of the roots' regions children first (those for which ``inside`` holds,
    other than the nodes of ``boundary`` below a root), and their atoms in order of
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


def generators(
    leaves: list[Expr], order: Ordering | None
) -> tuple[list[Expr], dict[Expr, tuple[int, int]], Context]:
    """The generators in canonical order (``order``), each atom as ``(generator index,
    exponent)``, and the ``Context`` that mapping is a function of. The order makes the
    result independent of where atoms first appear.

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
    context = (tuple(gens), frozenset(degree.items()))
    return gens, {leaf: (index[atom], k) for leaf, (atom, k) in found.items()}, context


def _root_degree(atom: Expr) -> int | None:
    """``r`` for ``b^(1/r)``, else ``None``."""
    if atom.op is Op.POW and atom.args[1].op is Op.NUM:
        k = atom.args[1].value
        if type(k) is Fraction and k.numerator == 1:
            return k.denominator
    return None


def monomial(where: tuple[int, int], n: int) -> tuple[int, ...]:
    """The exponents of generator ``where[0]`` to the power ``where[1]``, ``n`` generators."""
    i, k = where
    return tuple(k if j == i else 0 for j in range(n))
