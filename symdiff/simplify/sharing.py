"""Simplification of several outputs as one program: shared nodes are never copied.

Takes expressions that share structure (a gradient, a Jacobian, a Hessian) and a simplifier
of independent expressions; returns expressions of the same values whose DAG has at most the
operations of the input's (``count_ops(outputs, dag=True)``), whatever the input.

The DAG is cut at its *heads*: the outputs and every node used more than once. Below a head,
down to the next heads, lies its *region*, a tree (each of its nodes has one user). Each region
is simplified on its own, with the heads it uses stood in for by placeholder symbols, so a
shared node is simplified once and never flattened, distributed or opened into its users. Of
the region's simplified form, the same with the smallest heads written out (``-(-x)`` is
``x``: a head of one operation on leaves may be copied), and the region as it was, the one
with the fewest operations is kept. The DAG's operations are the sum of its regions', so the
result has at most the input's. Heads are simplified level by level, the heads a region uses
before it, and a placeholder is named after its head's *result*: a region reads the same when
the result is simplified again. Each round ends with the pairs of operands that several sums
or products share built once (``symdiff.simplify.pairs``: ``x*y*z`` and ``2*x*y*w`` use one
``x*y``), which only removes operations. A round is repeated on its own result (what is shared
changes as nodes merge or cancel) until it is a fixed point.

>>> from symdiff.core.parse import parse
>>> from symdiff.simplify.simplify import simplify
>>> shared = parse("(x + 1)*(x + 1) + (x + 1)")
>>> str(simplify_program([shared * 2, shared * 3], lambda forms: [simplify(f) for f in forms])[0])
'2*((x + 1)^2 + (x + 1))'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from symdiff.core.expr import LEAVES, Expr, Op, _intern
from symdiff.core.traverse import count_ops, rebuild
from symdiff.simplify.heads import Heads, head_levels, program_heads, tree_ops
from symdiff.simplify.order import Ordering
from symdiff.simplify.pairs import share_pairs

__all__ = [
    "MAX_HEAD_LEVELS",
    "ROUNDS",
    "Heads",
    "head_levels",
    "program_heads",
    "simplify_program",
    "tree_ops",
]

#: Rounds over the result, at most, to reach a fixed point.
ROUNDS = 4
#: Programs whose shared nodes nest deeper than this many levels are simplified in one run
#: with shared sums and products kept whole (``simplify_many``'s fallback): each level costs
#: one call of the rule engine, about a millisecond, so a 10,000-deep chain of shared nodes
#: would take seconds per round.
MAX_HEAD_LEVELS = 1000

Simplifier = Callable[[list[Expr]], list[Expr]]


def simplify_program(
    roots: list[Expr],
    simplify_forms: Simplifier,
    lay_out: Simplifier = list,
    ordering: Ordering | None = None,
    sizes: dict[Expr, int] | None = None,
    heads: Heads | None = None,
) -> list[Expr]:
    """Simplify ``roots`` region by region (see the module docstring), ``simplify_forms``
    simplifying a list of independent expressions to standard form; ``lay_out`` writes the
    result for reading at the end (one pass over the whole DAG, which copies nothing).
    ``ordering`` and ``sizes`` (``tree_ops``' memo) may be the simplifier's own: both depend
    only on structure, so what one round or the simplifier computed is not computed again;
    ``heads`` may be ``program_heads`` of the distinct roots, found already.

    Returns:
        The simplified roots: their DAG has at most the operations of the input's.
    """
    memo = _Memo(ordering or Ordering(), {} if sizes is None else sizes, heads)
    unique = list(dict.fromkeys(roots))
    if len(unique) == len(roots):
        return _rounds(roots, simplify_forms, lay_out, memo)
    # a Hessian's zeros and mirrored entries: each root is simplified once
    done = dict(zip(unique, _rounds(unique, simplify_forms, lay_out, memo), strict=True))
    return [done[r] for r in roots]


class _Memo(NamedTuple):
    """What the rounds of one ``simplify_program`` share (each a function of structure)."""

    ordering: Ordering
    sizes: dict[Expr, int]  # tree_ops of each node met
    heads: Heads | None  # the first round's


def _rounds(
    roots: list[Expr], simplify_forms: Simplifier, lay_out: Simplifier, memo: _Memo
) -> list[Expr]:
    """``simplify_program`` of distinct ``roots``: rounds until a fixed point."""
    results = roots
    known: dict[tuple[Expr, Expr], Expr] = {}
    # a round's standard form -> the round's result (a function of it): a round that
    # gives the standard form of an earlier round gives that round's result
    finished: dict[tuple[Expr, ...], list[Expr]] = {}
    for _ in range(ROUNDS):
        found = memo.heads if results is roots else None
        again = _Round(results, simplify_forms, known, memo, found).run()
        key = tuple(again)
        if key not in finished:
            finished[key] = _finished(again, lay_out)
        again = finished[key]
        if all(a is b for a, b in zip(again, results, strict=True)):
            break
        results = again
    return results


def _finished(again: list[Expr], lay_out: Simplifier) -> list[Expr]:
    """The end of a round: the layout (part of the round, so that the result is a fixed
    point of the whole) where it does not add operations (1/(2*sqrt(x)) has one more than
    x^(-1/2)/2), then the pairs of operands built once."""
    laid = lay_out(again)
    changed = any(a is not b for a, b in zip(laid, again, strict=True))
    if changed and count_ops(laid, dag=True) <= count_ops(again, dag=True):
        again = laid
    return share_pairs(again)


class _Round:
    """One round: heads found, then simplified level by level."""

    def __init__(
        self,
        roots: list[Expr],
        simplify_forms: Simplifier,
        known: dict[tuple[Expr, Expr], Expr],
        memo: _Memo,
        found: Heads | None = None,
    ) -> None:
        self.roots = roots
        self.simplify_forms = simplify_forms
        self.known = known  # (region, region with small heads written out) -> result
        self.heads, self.levels = found or program_heads(roots)
        self.small = {
            h for h in self.heads if len(h.args) <= 3 and all(a.op in LEAVES for a in h.args)
        }
        self.final: dict[Expr, Expr] = {}
        self.holders: dict[Expr, Expr] = {}  # head -> placeholder of its result
        self.back: dict[Expr, Expr] = {}  # placeholder -> the result
        self.ordering = memo.ordering
        self.sizes = memo.sizes
        self.rebuilt: dict[Expr, Expr] = {}

    def run(self) -> list[Expr]:
        for depth, level in enumerate(self.levels, 1):
            self._level(level, depth == len(self.levels))
        return [self.final.get(r, r) for r in self.roots]

    def _level(self, heads: list[Expr], last: bool) -> None:
        opaque, inlined = self._forms(heads)
        # a region that reads as it did in an earlier round (placeholders are named after
        # results) has the result it had then: only the others are simplified
        keys = list(zip(opaque, inlined, strict=True))
        todo = [i for i, key in enumerate(keys) if key not in self.known]
        done = self.simplify_forms([opaque[i] for i in todo] + [inlined[i] for i in todo])
        for i, plain, written in zip(todo, done[: len(todo)], done[len(todo) :], strict=True):
            best = min((written, plain, opaque[i]), key=lambda c: tree_ops(c, self.sizes))
            self.known[keys[i]] = self._substituted(best)
        for head, key in zip(heads, keys, strict=True):
            result = self.known[key]
            self.final[head] = result
            if last:
                continue  # no level above takes placeholders for these heads
            holder = self._holder(result)
            self.holders[head] = holder
            self.back[holder] = result

    def _forms(self, heads: list[Expr]) -> tuple[list[Expr], list[Expr]]:
        """Each head's region with placeholders for the heads below it, and the same with
        the small heads below it written out (their results)."""
        if not self.holders:  # the first level: no head below, each region is as it is
            return heads, heads
        opaque: dict[Expr, Expr] = {}
        inlined: dict[Expr, Expr] = {}
        for head in heads:
            for node in self._region(head):
                plain, written = [], []
                for a in node.args:
                    holder = self.holders.get(a)
                    if holder is None:
                        plain.append(opaque.get(a, a))
                        written.append(inlined.get(a, a))
                    else:
                        plain.append(holder)
                        written.append(self.final[a] if a in self.small else holder)
                form = opaque[node] = rebuild(node, tuple(plain))
                inlined[node] = form if written == plain else rebuild(node, tuple(written))
        return [opaque[h] for h in heads], [inlined[h] for h in heads]

    def _region(self, head: Expr) -> list[Expr]:
        """The non-leaf nodes below ``head`` down to the next heads, children first (each
        has one user, so the region is a tree)."""
        order: list[Expr] = []
        stack: list[tuple[Expr, bool]] = [(head, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            stack.append((node, True))
            stack.extend(
                (a, False) for a in node.args if a.op not in LEAVES and a not in self.heads
            )
        return order

    def _holder(self, result: Expr) -> Expr:
        """A placeholder symbol named after ``result``'s structure; the name is not an
        identifier, so it cannot be a user's symbol."""
        if result.op in LEAVES:
            return result  # a leaf is never copied: it stands for itself
        name = f"\x00{self.ordering.key(result)[1]:016x}"
        while True:
            holder = _intern(Op.SYM, name, ())
            if self.back.get(holder, result) is result:
                return holder
            name += "'"  # two structures with one digest: a rare tie, kept apart

    def _substituted(self, form: Expr) -> Expr:
        """``form`` with each placeholder replaced by its head's result."""
        back, done = self.back, self.rebuilt
        if not back:  # the first level: no placeholder anywhere
            return form
        stack = [form]
        while stack:  # children first, not entering what earlier forms substituted
            node = stack[-1]
            if node in done:
                stack.pop()
                continue
            found = back.get(node)
            if found is None:
                missing = [a for a in node.args if a not in done]
                if missing:
                    stack.extend(missing)
                    continue
                args = tuple(done[a] for a in node.args)
                if args != node.args and node.op in (Op.ADD, Op.MUL):
                    args = self._sorted(node.op, args)
                found = rebuild(node, args)
            stack.pop()
            done[node] = found
        return done[form]

    def _sorted(self, op: Op, args: tuple[Expr, ...]) -> tuple[Expr, ...]:
        """A sum's terms or a product's factors in standard order once the placeholders
        are replaced by what they stand for (a placeholder sorted as a symbol)."""
        order = self.ordering
        if op is Op.MUL:
            first = args[0] if args[0].op is Op.NUM else None
            rest = sorted(args[1:] if first is not None else args, key=order.factor_key)
            return (first, *rest) if first is not None else tuple(rest)
        last = args[-1] if args[-1].op is Op.NUM else None
        rest = sorted(
            args[:-1] if last is not None else args, key=lambda t: order.term_key(_monomial(t))
        )
        return (*rest, last) if last is not None else tuple(rest)


def _monomial(term: Expr) -> Expr:
    """A term without its numeric coefficient (``3*x*y`` -> ``x*y``)."""
    if term.op is Op.MUL and term.args[0].op is Op.NUM:
        rest = term.args[1:]
        return rest[0] if len(rest) == 1 else _intern(Op.MUL, None, rest)
    return term
