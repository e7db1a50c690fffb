"""Common pairs of operands across sums and products: named once, used by all.

Takes expressions that form a program (a gradient, a Jacobian, a Hessian); returns
expressions of the same values whose DAG has fewer operations whenever two or more sums (or
products) share two operands. ``x*y*z`` and ``2*x*y*w`` share ``x*y``: they become ``(x*y)*z``
and ``2*(x*y)*w``, and the DAG has one operation less. The pair used by the most nodes is taken
first, then the next, until no pair is used twice (greedy pair extraction, as SymPy's
``opt_cse`` and Paar's algorithm for linear maps do); each extraction from ``k`` nodes saves
``k - 1`` operations, so the result never has more operations than the input.

Sums and products of more than ``MAX_ARITY`` operands take no part (their pairs grow as the
square); a negated leaf (``-x``) is never a pair (``cse`` writes it inline).

>>> from symdiff.core.parse import parse
>>> [str(e) for e in share_pairs([parse("x*y*z"), parse("2*x*y*w")])]
['(x*y)*z', '2*(x*y)*w']
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from itertools import chain, combinations

from symdiff.core.expr import LEAVES, Expr, Op
from symdiff.core.traverse import postorder
from symdiff.simplify.pairs_rebuild import Operands, Pair

__all__ = ["MAX_ARITY", "share_pairs"]

#: Sums and products with more operands than this keep them as they are.
MAX_ARITY = 24

Key = tuple[int, int]


def share_pairs(roots: list[Expr]) -> list[Expr]:
    """``roots`` with every pair of operands that several sums or products share built
    once (see the module docstring).

    Returns:
        Expressions of the same values; their DAG has at most the operations of ``roots``'
        (fewer by ``k - 1`` for each pair taken out of ``k`` nodes).
    """
    return shared_pairs(roots, postorder(*roots))[0]


def shared_pairs(roots: list[Expr], order: list[Expr]) -> tuple[list[Expr], bool, bool]:
    """``share_pairs(roots)`` given ``order = postorder(*roots)``, whether a pair was
    taken (if not, the result is ``roots`` itself), and whether the result is *settled*:
    ``share_pairs`` of it takes no pair.

    The extraction ends with no pair held by two operand lists (unless a pair's holders
    fell to two while others were taken: then the result is not called settled). The
    rebuilt DAG holds those lists, and the pairs built (every list holding both operands
    of a pair took it), except where a pair used once was written into its user or two
    operands became one node: only those nodes' pairs are looked up
    (``Operands.rebuilt``). Settled is a sure answer; not settled may still be.
    """
    operands = Operands()
    taken = left = False
    for op in (Op.MUL, Op.ADD):
        nodes = [n for n in order if n.op is op and 2 <= len(n.args) <= MAX_ARITY]
        extraction = _Extraction(op, nodes, operands)
        taken = extraction.run() or taken
        # a pair whose holders fell to two as others took pairs may be left shared
        left = left or any(len(holders) > 1 for holders in extraction.where.values())
    if not taken:
        return roots, False, not left
    results, settled = operands.rebuilt(order, roots)
    return results, True, settled and not left


class _Extraction:
    """For one operation (sums or products): which nodes hold each pair of operands."""

    def __init__(self, op: Op, nodes: list[Expr], operands: Operands) -> None:
        self.op, self.operands = op, operands
        self.lists = operands.lists
        # the holders of each pair: ``first`` for a pair one node holds (most pairs: a dict
        # each would cost more than finding them), ``where`` once two or more have held it
        self.first: dict[Key, Expr] = {}
        self.where: dict[Key, dict[Expr, None]] = {}
        self.heap: list[tuple[int, int, Key]] = []
        self.seen: dict[Key, int] = {}
        self.unpaired: set[int] = set()  # leaves and -1 (no -x pairs)
        self.minus: set[int] = set()
        self.single: set[int] = set()
        numbered = self._numbered(nodes)
        # an operand of one node only is in no pair that two nodes share
        uses = Counter(chain.from_iterable(map(set, numbered)))
        self.single = {i for i, count in uses.items() if count < 2}
        key_sets = list(map(self._keys, numbered))
        first, where = self.first, self.where
        for node, keys in zip(nodes, key_sets, strict=True):
            for key in keys:
                holder = first.get(key)
                if holder is None:
                    holders = where.get(key)
                    if holders is None:
                        first[key] = node
                    else:
                        holders[node] = None
                else:
                    del first[key]
                    where[key] = {holder: None, node: None}
        # ties go to the pair seen first (in the order of the nodes)
        seen = self.seen
        if where:
            for keys in key_sets:
                for key in keys:
                    if key in where and key not in seen:
                        seen[key] = len(seen)
        self.heap = [(-len(where[key]), number, key) for key, number in seen.items()]
        heapq.heapify(self.heap)

    def _numbered(self, nodes: list[Expr]) -> list[list[int]]:
        """Each node's operand list (``lists``), operands numbered by first sight."""
        rank, items, lists = self.operands.rank, self.operands.items, self.lists
        leaves = self.minus, self.unpaired
        products = self.op is Op.MUL
        numbered = []
        for node in nodes:
            ops = lists[node] = []
            for a in node.args:  # ``_number`` inline
                i = rank.get(a)
                if i is None:
                    i = rank[a] = len(items)
                    items.append(a)
                    if products and a.op in LEAVES:  # products number first: all leaves here
                        leaves[a.op is not Op.NUM or a.value != -1].add(i)
                ops.append(i)
            numbered.append(ops)
        return numbered

    def _number(self, item: object) -> int:
        i = self.operands.number(item)
        if self.op is Op.MUL and isinstance(item, Expr) and item.op in LEAVES:
            (self.minus if item.op is Op.NUM and item.value == -1 else self.unpaired).add(i)
        return i

    def _keys(self, ops: list[int]) -> set[Key]:
        # Only tuples of ints go in: their hashes, and so the order the
        # set iterates in (which decides ties between pairs), are the same on every run
        # and platform (``hash(None)`` is an address on Python 3.11).
        single, minus, unpaired = self.single, self.minus, self.unpaired
        keys: set[Key] = set()
        if len(ops) == 2:  # the common case
            i, j = ops
            if not (
                i in single
                or j in single
                or (i in minus and j in unpaired)
                or (j in minus and i in unpaired)
            ):
                keys.add((i, j) if i <= j else (j, i))
            return keys
        add = keys.add
        for i, j in combinations(ops, 2):
            if not (
                i in single
                or j in single
                or (i in minus and j in unpaired)
                or (j in minus and i in unpaired)
            ):
                add((i, j) if i <= j else (j, i))
        return keys

    def _add(self, node: Expr, keys: Iterable[Key]) -> None:
        first, where, seen, heap = self.first, self.where, self.seen, self.heap
        for key in keys:
            holders = where.get(key)
            if holders is None:
                holder = first.get(key)
                if holder is None:
                    first[key] = node
                    continue
                if holder is node:
                    continue
                del first[key]
                holders = where[key] = {holder: None}
            holders[node] = None
            if len(holders) > 1:
                number = seen.setdefault(key, len(seen))
                heapq.heappush(heap, (-len(holders), number, key))

    def run(self) -> bool:
        """Take pairs out, the most used first; whether any was taken."""
        taken = False
        while self.heap:
            count, _, key = heapq.heappop(self.heap)
            holders = self.where.get(key)
            if holders is None or len(holders) != -count:
                continue  # stale: a newer entry (or none, below two) stands for it
            self._take(key, list(holders))
            taken = True
        return taken

    def _take(self, key: Key, holders: list[Expr]) -> None:
        """Build the pair ``key`` once (or use a node that is exactly it) and put it in
        place of its two operands in every holder."""
        a, b = key
        # a node that is exactly the pair gives its order (building the pair gives it back)
        exact = [n for n in holders if len(n.args) == 2 and len(self.lists[n]) == 2]
        ordered = _ordered(self.lists[(exact or holders)[0]], a, b)
        pair = self._number(Pair(self.op, ordered, bool(exact)))
        del self.where[key]
        for node in holders:
            ops = self.lists[node]
            if exact and node is exact[0]:
                continue
            if len(set(ops)) == len(ops):
                self._replace_distinct(node, ops, a, b, pair)
            else:
                before = self._keys(ops)
                _replace(ops, a, b, pair)
                while _holds(ops, a, b):  # a repeated pair: ``x*x*x*x -> (x*x)*(x*x)``
                    _replace(ops, a, b, pair)
                after = self._keys(ops)
                self._drop(node, before - after - {key})
                self._add(node, after - before)

    def _replace_distinct(self, node: Expr, ops: list[int], a: int, b: int, pair: int) -> None:
        """``a`` and ``b`` replaced by ``pair`` in a list without repeats: the pairs of
        ``a`` or ``b`` with the rest go, those of ``pair`` with the rest come."""
        _replace(ops, a, b, pair)
        rest = [o for o in ops if o != pair]
        first, where = self.first, self.where
        # a key ``_keys`` refuses is never held: look the plain pairs up
        for x in (a, b):
            for o in rest:
                key = (x, o) if x <= o else (o, x)
                holders = where.get(key)
                if holders is not None:
                    holders.pop(node, None)
                elif first.get(key) is node:
                    del first[key]
        # ``pair`` is numbered last and is no leaf: its key with ``o`` is ``(o, pair)``
        # unless ``o`` is an operand of one node only
        single = self.single
        self._add(node, [(o, pair) for o in rest if o not in single])

    def _drop(self, node: Expr, keys: Iterable[Key]) -> None:
        first, where = self.first, self.where
        for key in keys:
            holders = where.get(key)
            if holders is not None:
                holders.pop(node, None)
            elif first.get(key) is node:
                del first[key]


def _replace(ops: list[int], a: int, b: int, pair: int) -> None:
    at = ops.index(a)
    del ops[at]
    second = ops.index(b)
    del ops[second]
    ops.insert(min(at, second), pair)


def _holds(ops: list[int], a: int, b: int) -> bool:
    return ops.count(a) >= 2 if a == b else a in ops and b in ops


def _ordered(ops: list[int], a: int, b: int) -> tuple[int, int]:
    """``a`` and ``b`` in the order they stand in ``ops``."""
    return (a, b) if ops.index(a) <= ops.index(b) else (b, a)
