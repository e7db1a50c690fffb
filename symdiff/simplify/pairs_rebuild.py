"""The operand lists of ``symdiff.simplify.pairs``, and the DAG rebuilt from them.

Takes the operands of the sums and products taking part, numbered by first sight, and the
operand list each ends with once pairs are taken; returns the rebuilt DAG (a pair used
twice or more is one node, a pair used once is written into its user), and whether taking
pairs from it again would find none (*settled*), told from the rebuild alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import chain, combinations

from symdiff.core.expr import LEAVES, Expr, Op, _intern

__all__ = ["Operands", "Pair"]


class Pair:
    """A pair of operands (by number) to build: ``op`` of the two."""

    __slots__ = ("args", "existing", "op")

    def __init__(self, op: Op, args: tuple[int, int], existing: bool) -> None:
        self.op, self.args, self.existing = op, args, existing


class Operands:
    """Operands numbered by first sight, and the operand list of each node taking part."""

    def __init__(self) -> None:
        self.rank: dict[object, int] = {}  # operand (by identity) -> its number
        self.items: list[object] = []
        self.lists: dict[Expr, list[int]] = {}

    def number(self, item: object) -> int:
        """``item``'s number, a new one on first sight."""
        found = self.rank.get(item)
        if found is None:
            found = self.rank[item] = len(self.items)
            self.items.append(item)
        return found

    def rebuilt(self, order: list[Expr], roots: list[Expr]) -> tuple[list[Expr], bool]:
        """The DAG rebuilt children first, each node from its operand list. A pair is built
        where it is first used (its operands are below every node that uses it); a pair
        used once is written into its user (``(x*y)*z`` is ``x*y*z``, as the standard form
        has it). Also whether the result is settled (``shared_pairs``)."""
        self.uses = uses = self._pair_uses()
        once = {i for i, count in uses.items() if count < 2}
        done: dict[Expr, Expr] = {}
        pairs: dict[int, Expr] = {}
        items, lists, value = self.items, self.lists, self._value
        for node in order:
            found = lists.get(node)
            if found is not None:
                flat = found if once.isdisjoint(found) else self._flat(found)
                args = tuple(
                    [
                        done[item] if type(item) is Expr else value(i, done, pairs)
                        for i, item in zip(flat, map(items.__getitem__, flat), strict=True)
                    ]
                )
                if len(args) == 1:  # the node was the pair
                    done[node] = args[0]
                    continue
            else:
                args = tuple(map(done.__getitem__, node.args))
            done[node] = node if args == node.args else _intern(node.op, node.value, args)
        return [done[r] for r in roots], self._settled(done, pairs)

    def _settled(self, done: dict[Expr, Expr], pairs: dict[int, Expr]) -> bool:
        """Whether no pair of operands of the rebuilt DAG is held by two of its nodes, given
        that none is in the operand lists the extraction ended with (``shared_pairs``).

        The pairs of a list are the DAG's own unless the list had a pair written into it
        (used once) or holds an operand that is one node now with another (a pair that is
        an existing node, say): only the pairs of those lists can be shared."""
        items = self.items
        values: list[Expr | None] = [
            done[item] if type(item) is Expr else pairs.get(i) for i, item in enumerate(items)
        ]
        if any(v is None and self.uses.get(i, 0) > 1 for i, v in enumerate(values)):
            return False  # a pair not built: not the case this reasons about
        count = Counter(values)
        moved = {i for i, v in enumerate(values) if count[v] > 1 or v is None}
        nodes = [(done[n], n.op, numbers) for n, numbers in self.lists.items()]
        for i, value in enumerate(values):
            item = items[i]
            if isinstance(item, Pair) and value is not None:
                nodes.append((value, item.op, list(item.args)))
        # the operand lists of the rebuilt nodes: a pair used once written into its user
        changed = [(h, op, self._flat(ns)) for h, op, ns in nodes if not moved.isdisjoint(ns)]
        if not changed:
            return True
        nodes = [entry for entry in nodes if moved.isdisjoint(entry[2])] + changed
        wanted = {values[i] for _, _, ns in changed for i in ns}
        numbers_wanted = {i for i, v in enumerate(values) if v in wanted}
        users: dict[tuple[Op, Expr | None], set[Expr]] = {}  # value -> the nodes holding it
        for holder, op, numbers in nodes:
            if numbers_wanted.isdisjoint(numbers):
                continue
            for i in numbers:
                if i in numbers_wanted:
                    users.setdefault((op, values[i]), set()).add(holder)
        for holder, op, numbers in changed:
            for i, j in combinations(numbers, 2):
                both = users.get((op, values[i]), set()) & users.get((op, values[j]), set())
                if len(both - {holder}) > 0 and not _never_paired(op, values[i], values[j]):
                    return False
        return True

    def _pair_uses(self) -> dict[int, int]:
        """How many operand lists name each pair (one more for a pair that is also an
        existing node: that node keeps its own users)."""
        found = [(i, item) for i, item in enumerate(self.items) if isinstance(item, Pair)]
        named = Counter(chain.from_iterable(self.lists.values()))
        named.update(chain.from_iterable(item.args for _, item in found))
        return {i: named[i] + item.existing for i, item in found if named[i] + item.existing}

    def _flat(self, numbers: Iterable[int]) -> list[int]:
        """``numbers`` with each pair used once replaced by its operands (iteratively)."""
        out: list[int] = []
        stack = list(reversed(list(numbers)))
        while stack:
            i = stack.pop()
            item = self.items[i]
            if isinstance(item, Pair) and self.uses.get(i, 0) < 2:
                stack.extend(reversed(item.args))
            else:
                out.append(i)
        return out

    def _value(self, number: int, done: dict[Expr, Expr], pairs: dict[int, Expr]) -> Expr:
        """What operand ``number`` stands for; a pair is built on first use."""
        item = self.items[number]
        if isinstance(item, Expr):
            return done[item]
        waiting = [number]
        while waiting:
            top = waiting[-1]
            pair = self.items[top]
            assert isinstance(pair, Pair)
            if top in pairs:
                waiting.pop()
                continue
            flat = self._flat(pair.args)
            missing = [i for i in flat if isinstance(self.items[i], Pair) and i not in pairs]
            if missing:
                waiting.extend(missing)
                continue
            waiting.pop()
            args = [pairs[i] if i in pairs else done[self.items[i]] for i in flat]  # type: ignore[index]
            pairs[top] = _intern(pair.op, None, tuple(args))
        return pairs[number]


def _never_paired(op: Op, u: Expr | None, v: Expr | None) -> bool:
    """A product's ``-1`` and a leaf are no pair (``cse`` writes ``-x`` inline)."""
    if op is not Op.MUL or u is None or v is None:
        return False
    return any(a.op is Op.NUM and a.value == -1 and b.op in LEAVES for a, b in ((u, v), (v, u)))
