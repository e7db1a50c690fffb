"""The ``"full"`` level: standard form, then the algebraic rewrites, keeping the smallest.

Takes an ``Expr`` and the standard simplifier to use; returns the expression in standard form
with every region (``symdiff.simplify.algebra.regions``), inner ones first, replaced by the
smallest of: its standard form, ``cancel`` (one fraction, the polynomial GCD of numerator and
denominator divided out), that fraction with the common factors of its numerator and
denominator pulled out, ``expand`` and ``factor_terms``, each put in standard form and
measured by the operation count of the tree (``count_ops``). A candidate is tried only where
it can change something (``cancel`` where the region has a denominator, ``expand`` where it
has a product or power of a sum), and not at all past the bounds of
``symdiff.simplify.algebra`` (a region of more than ``MAX_REGION`` nodes or
``MAX_GENERATORS`` atoms, polynomials of more than ``MAX_TERMS`` terms or degree
``MAX_DEGREE``): such a region keeps its standard form.

Guarantees: the value is kept wherever the input is defined (``cancel`` extends the domain:
``(x^2 - 1)/(x - 1) -> x + 1``); each unique node is visited once per round, and rounds repeat
until nothing changes (at most ``MAX_ROUNDS``), so the result is a fixed point.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress

from symdiff.core.expr import Expr, Op
from symdiff.core.traverse import postorder, rebuild
from symdiff.simplify.algebra.convert import region_nodes
from symdiff.simplify.algebra.denest import denest_all
from symdiff.simplify.algebra.hyperbolic import exp_as_hyperbolic
from symdiff.simplify.algebra.inverse import with_compositions
from symdiff.simplify.algebra.poly import TooLarge
from symdiff.simplify.algebra.rational import Fractions
from symdiff.simplify.algebra.regions import map_regions
from symdiff.simplify.algebra.roots import RootMemo, root_candidates
from symdiff.simplify.algebra.transforms import cancel_region, expand_region, factor_terms_node
from symdiff.simplify.algebra.trig import has_trig_atoms, trig_candidates
from symdiff.simplify.order import Ordering
from symdiff.simplify.sharing import tree_ops

__all__ = ["MAX_ROUNDS", "FullMemo", "Sizes", "has_polynomial_denominator", "simplify_full"]

#: Rounds of the rewrites over the whole expression, at most.
MAX_ROUNDS = 4

#: A candidate whose raw size is over ``PRUNE_FACTOR`` times the best size plus
#: ``PRUNE_SLACK`` is not put in standard form (which rarely shrinks a candidate that much).
PRUNE_FACTOR = 8
PRUNE_SLACK = 20

Standard = Callable[[Expr], Expr]


class Sizes:
    """Operation counts of trees (``count_ops``), memoized per node across calls."""

    def __init__(self) -> None:
        self.known: dict[Expr, int] = {}

    def __call__(self, root: Expr) -> int:
        return tree_ops(root, self.known)


class FullMemo:
    """What ``simplify_full`` calls with the same ``standard`` and ``identities`` share:
    sizes, the ordering of atoms, radicands' contents, and each region's result (a region
    the last round left as it was is not searched again), the fractions read from regions
    and the sums with their common factors pulled out."""

    def __init__(self) -> None:
        self.sizes = Sizes()
        self.order = Ordering()
        self.fractions = Fractions()
        self.roots = RootMemo(self.order, self.fractions)
        self.visited: dict[Expr, Expr] = {}
        self.factored: dict[Expr, Expr] = {}

    def factor_terms(self, node: Expr) -> Expr:
        """``factor_terms_node(node)``, once per node."""
        found = self.factored.get(node)
        if found is None:
            found = self.factored[node] = factor_terms_node(node)
        return found


def simplify_full(
    expr: Expr, standard: Standard, *, identities: bool = True, memo: FullMemo | None = None
) -> tuple[Expr, bool]:
    """``(result, converged)``: the full simplification of ``expr``, in the standard form
    ``standard`` gives (not laid out), and whether the rounds reached a fixed point.
    ``identities=False`` leaves out the trigonometric and inverse-function candidates
    (the algebra alone: what the default derivative of a quotient uses). Calls with the same
    ``standard`` and ``identities`` may share a ``memo``."""
    memo = memo or FullMemo()
    visited = memo.visited
    current = standard(expr)
    if identities:
        denested = denest_all(current, standard, memo.sizes)
        if denested is not current:
            current = standard(denested)

    def visit(node: Expr) -> Expr:
        found = visited.get(node)
        if found is None:
            found = visited[node] = _smallest(node, standard, memo, identities)
        return found

    for _ in range(MAX_ROUNDS):
        following = standard(map_regions(current, visit))
        if following is current:
            return current, True
        current = following
    return current, False


def has_polynomial_denominator(expr: Expr) -> bool:
    """Whether a sum is raised to a negative integer power somewhere in ``expr`` (what a
    quotient's derivative has, and what ``cancel`` can shrink).

    >>> from symdiff.core.parse import parse
    >>> has_polynomial_denominator(parse("1/(x + 1)^2")), has_polynomial_denominator(parse("1/x"))
    (True, False)
    """
    for node in postorder(expr):
        if node.op is Op.POW and node.args[0].op is Op.ADD:
            k = node.args[1]
            if k.op is Op.NUM and type(k.value) is int and k.value < 0:
                return True
    return False


def _smallest(node: Expr, standard: Standard, memo: FullMemo, identities: bool) -> Expr:
    sizes = memo.sizes
    best = standard(node)
    size = sizes(best)
    seen = {best}
    for candidate in _candidates(best, memo, identities):
        if candidate in seen:
            continue
        seen.add(candidate)
        if sizes(candidate) > PRUNE_FACTOR * size + PRUNE_SLACK:
            continue  # too far from winning to be worth its standard form
        form = standard(candidate)
        n = sizes(form)
        if n < size:
            best, size = form, n
    return best


def _candidates(node: Expr, memo: FullMemo, identities: bool) -> Iterator[Expr]:
    order, fractions = memo.order, memo.fractions
    denominator, product = _kinds(node)
    if denominator:
        try:
            cancelled = cancel_region(node, (), order, fractions)
        except TooLarge:
            pass
        else:
            yield cancelled
            yield _factor_parts(cancelled, memo.factor_terms)
    if product:
        with suppress(TooLarge):
            yield expand_region(node, (), order)
    if node.op is Op.ADD:
        yield memo.factor_terms(node)
    if not identities:
        return
    if has_trig_atoms(node):
        yield from trig_candidates(node, order, fractions)
    composed = with_compositions(node)
    if composed is not None:
        yield composed
    hyperbolic = exp_as_hyperbolic(node)
    if hyperbolic is not None:
        yield hyperbolic
    yield from root_candidates(node, memo.roots)


def _factor_parts(node: Expr, factor_terms: Callable[[Expr], Expr]) -> Expr:
    """A fraction with the common factors of its numerator and denominator pulled out
    (``factor_terms`` as ``factor_terms_node``)."""
    if node.op is not Op.MUL:
        return factor_terms(node)
    parts = []
    for f in node.args:
        if f.op is Op.POW and f.args[0].op is Op.ADD:
            f = rebuild(f, (factor_terms(f.args[0]), f.args[1]))
        parts.append(factor_terms(f))
    return rebuild(node, tuple(parts))


def _kinds(root: Expr) -> tuple[bool, bool]:
    """Whether the region has a fraction worth cancelling (a sum in a denominator, or a sum
    of terms with denominators), and a product or positive power of a sum (``False, False``
    past ``MAX_REGION`` nodes: the region is left alone)."""
    denominator = product = False
    try:
        nodes = list(region_nodes(root))
    except TooLarge:
        return False, False
    for node in nodes:
        if node.op is Op.POW:
            base, k = node.args
            denominator |= base.op is Op.ADD and _negative(node)
            product |= base.op is Op.ADD and k.op is Op.NUM and k.value > 1
        elif node.op is Op.MUL:
            product |= any(a.op is Op.ADD for a in node.args)
        elif node.op is Op.ADD:
            denominator |= any(_has_denominator(a) for a in node.args)
    return denominator, product


def _negative(node: Expr) -> bool:
    """A power with a negative exponent (``u^-2``, ``u^(-1/2)``, ``e^(-x)``)."""
    if node.op is not Op.POW:
        return False
    k = node.args[1]
    if k.op is Op.MUL:
        k = k.args[0]
    return k.op is Op.NUM and k.value < 0


def _has_denominator(term: Expr) -> bool:
    return _negative(term) or (term.op is Op.MUL and any(_negative(f) for f in term.args))
