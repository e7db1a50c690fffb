"""One standard simplification run: a memoized bottom-up pass, repeated to a fixed point.

Takes expressions and the rules of a run (``standard_run``); returns them in standard form
(``symdiff.simplify.canonical``) with no rule applying anywhere, and, at a sum, no factor left
whose distribution lets terms cancel (``symdiff.simplify.distribute``). Guarantees: the walk is
iterative and memoized per unique node; a pass visits only the nodes not simplified yet; rule
results are simplified inside the pass, nested at most ``NESTING_LIMIT`` deep; rule
applications are bounded per node and per run, and the run says why it stopped.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from symdiff.core.expr import Expr, Number, Op
from symdiff.simplify.canonical import COEFFICIENT_BITS, Canon
from symdiff.simplify.distribute import distributed
from symdiff.simplify.heads import tree_ops
from symdiff.simplify.layout import layout
from symdiff.simplify.radicals import RADICAL_RULES
from symdiff.simplify.rulebook import Rulebook
from symdiff.simplify.rules import (
    CONDITIONALS,
    IDENTITIES,
    POSITIVE_DOMAIN,
    SPECIAL_VALUES,
    Rule,
)
from symdiff.simplify.signs import SIGN_RULES
from symdiff.simplify.trivial import internal_nodes

__all__ = ["DISTRIBUTE_TO_CANCEL", "SHARED_DISTRIBUTE", "Run", "standard_run"]

#: The name the distribution step of ``symdiff.simplify.distribute`` is counted under.
DISTRIBUTE_TO_CANCEL = "distribute-to-cancel"
#: ``simplify_many`` distributes a number over a sum of at most this many terms only
#: (``2*(x - y) -> 2*x - 2*y``): distributing copies the sum, once per user when it is shared.
SHARED_DISTRIBUTE = 4
#: Rule applications allowed at one node before the node is left to the next pass.
_LOCAL_LIMIT = 32
#: Nesting of rule results simplified inside a pass.
NESTING_LIMIT = 16


def standard_run(
    extra: list[Rule],
    assume_positive: bool,
    max_rewrites: int | None,
    trace: bool,
    shared: bool = False,
) -> Run:
    """A run with the built-in rules, then ``extra``; with ``shared``, sums and products
    used in several places are kept whole (``simplify_many``) and no factor is distributed."""
    book = [*SPECIAL_VALUES, *IDENTITIES, *CONDITIONALS, *SIGN_RULES, *RADICAL_RULES]
    book += [*(POSITIVE_DOMAIN if assume_positive else ()), *extra]
    canon = Canon(SHARED_DISTRIBUTE if shared else None)
    return Run(Rulebook(book, canon), canon, max_rewrites, trace, keep_shared=shared)


class Run:
    """One standard simplification: memo, verified nodes, rule counts."""

    def __init__(
        self,
        book: Rulebook,
        canon: Canon,
        max_rewrites: int | None,
        trace: bool,
        keep_shared: bool = False,
    ) -> None:
        self.keep_shared = keep_shared
        self.book = book
        self.canon = canon
        self.max_rewrites = max_rewrites
        self.keep_trace = trace
        self.memo: dict[Expr, Expr] = {}  # node -> its simplification
        self.fresh: dict[Expr, Expr] = {}  # results of this pass (not yet verified)
        self.stable: set[Expr] = set()  # verified fixed points
        self.rewrites: Counter = Counter()
        self.trace: list[tuple[str, Expr, Expr]] = []
        self.total = 0
        self.depth = 0
        self.exhausted = False
        #: whether sums try ``symdiff.simplify.distribute`` (not while a trial is simplified)
        self.opens = not keep_shared
        self.sizes: dict[Expr, int] = {}
        self.closed: set[Expr] = set()  # sums with no factor to distribute
        self.inert: set[Expr] = set()  # nodes no rule of the book applies to

    def fixed_point(self, roots: list[Expr], max_passes: int) -> tuple[list[Expr], str, int]:
        results = roots
        for done in range(1, max(1, max_passes) + 1):
            self.fresh = {}
            results = self.run(results, flatten=True)
            if all(r in self.stable for r in results):
                return results, "fixed-point", done
            if self.exhausted:
                return results, "rewrite-limit", done
        return results, "pass-limit", max(1, max_passes)

    def run_one(self, root: Expr) -> Expr:
        """``run`` on one root (the rule results simplified inside a pass)."""
        return self.run([root])[0]

    def run(self, roots: list[Expr], flatten: bool = False) -> list[Expr]:
        """One bottom-up pass over the nodes below ``roots`` that are not simplified yet."""
        memo, fresh = self.memo, self.fresh
        order = self._pending(roots)
        if self.max_rewrites is None:
            self.max_rewrites = self.total + 10 * len(order) + 10_000
        internal, shared = internal_nodes(roots, order) if flatten else (set(), set())
        keep = self.keep_shared
        visit = self.visit
        for node in order:
            if internal and node in internal:
                continue
            if internal and node.op in (Op.ADD, Op.MUL) and any(a in internal for a in node.args):
                result = self._flattened(node, internal)
            else:  # each argument is simplified: in the memo, or a result of this pass
                args = tuple([memo[a] if a in memo else fresh[a] for a in node.args])
                result = visit(node, args, None)
            memo[node] = result
            fresh[result] = result
            if keep and node in shared and result.op in (Op.ADD, Op.MUL):
                self.canon.shared.add(result)
        return [self.result(r) for r in roots]

    def _pending(self, roots: list[Expr]) -> list[Expr]:
        """Nodes below ``roots`` not simplified yet, children first (known nodes are not
        entered, so a pass costs only what changed since the last one)."""
        memo, fresh = self.memo, self.fresh
        order: list[Expr] = []
        seen: set[Expr] = set()
        # the order of a recursive walk, with one iterator per open node (as ``postorder``)
        for root in roots:
            if root in seen or root in memo or root in fresh:
                continue
            seen.add(root)
            stack = [(root, iter(root.args))]
            while stack:
                node, rest = stack[-1]
                for a in rest:
                    if a not in seen and a not in memo and a not in fresh:
                        seen.add(a)
                        if a.args:
                            stack.append((a, iter(a.args)))
                            break
                        order.append(a)
                else:
                    stack.pop()
                    order.append(node)
        return order

    def result(self, node: Expr) -> Expr:
        """The simplification of a node this pass has already seen."""
        found = self.memo.get(node)
        return self.fresh[node] if found is None else found

    def _flattened(self, root: Expr, internal: set[Expr]) -> Expr:
        """A sum or product flattened through its single-use nested sums or products, in
        one visit with multiplicities: linear even for a chain 100,000 long."""
        segments: list[tuple[Expr, Counter]] = []
        pending = [root]
        while pending:
            top = pending.pop()
            counts, cuts = self._segment(top, internal)
            segments.append((top, counts))
            pending.extend(cuts)
        canon = self.canon
        for top, counts in reversed(segments):  # the deepest first
            items = [(self.result(a), k) for a, k in counts.items()]
            if top.op is Op.ADD:
                built = canon.add([t if k == 1 else canon.mul([Number(k), t]) for t, k in items])
            else:
                built = canon.mul([f if k == 1 else canon.power(f, Number(k)) for f, k in items])
            result = self.visit(top, None, built)
            self.memo[top] = result
            self.fresh[result] = result
        return self.memo[root]

    def _segment(self, top: Expr, internal: set[Expr]) -> tuple[Counter, list[Expr]]:
        """The arguments below ``top`` with multiplicities, through internal nodes; a product
        stops descending once its numbers reach half of ``COEFFICIENT_BITS`` (the rest is a
        product of its own: one coefficient for all would overflow floats)."""
        counts: Counter = Counter()
        cuts: list[Expr] = []
        size = 0
        stack = [(top, 1)]
        while stack:
            current, times = stack.pop()
            deeper = []
            for arg, repeat in Counter(current.args).items():
                if arg in internal:
                    deeper.append((arg, times * repeat))
                else:
                    counts[arg] += times * repeat
                    size += times * repeat * _number_bits(self.result(arg))
            for arg, k in deeper:
                if top.op is Op.MUL and size > COEFFICIENT_BITS // 2:
                    counts[arg] += k
                    cuts.append(arg)
                else:
                    stack.append((arg, k))
        return counts, cuts

    def visit(self, node: Expr, args: tuple[Expr, ...] | None, built: Expr | None) -> Expr:
        """Standard form of one node, then rules at its root until none applies."""
        current = built if built is not None else self.canon.build(node, args)  # type: ignore[arg-type]
        if self.exhausted or self.depth >= NESTING_LIMIT:
            return current
        for _ in range(_LOCAL_LIMIT):
            hit = self._rewrite(current)
            if hit is None:
                # standard form is idempotent: with verified arguments, this is a fixed point
                if self.stable.issuperset(current.args):
                    self.stable.add(current)
                    self.memo[current] = current
                return current
            name, replacement = hit
            self._record(name, current, replacement)
            if self.exhausted:
                return replacement
            self.depth += 1
            try:
                current = self.run_one(replacement)
            finally:
                self.depth -= 1
        return current

    def _rewrite(self, node: Expr) -> tuple[str, Expr] | None:
        """The first rule that applies at ``node`` (then, for a sum, distributing a factor
        where its terms cancel), as ``(name, result)``; or ``None``."""
        if node not in self.inert:
            hit = self.book.rewrite(node)
            if hit is not None:
                return hit[0].name, hit[1]
            self.inert.add(node)  # whether a rule applies depends on the node only
        if node.op is not Op.ADD or not self.opens or node in self.closed:
            return None
        self.opens = False  # the trials themselves are not opened again: bounded work
        try:
            found = distributed(node, self.canon, self.run_one, self._size, self._rewrites)
        finally:
            self.opens = True
        if found is None:
            self.closed.add(node)  # not tried again in a later pass
            return None
        return DISTRIBUTE_TO_CANCEL, found

    def _rewrites(self, node: Expr) -> bool:
        if node in self.inert:
            return False
        if self.book.rewrite(node) is None:
            self.inert.add(node)
            return False
        return True

    def _size(self, node: Expr) -> int:
        """Operations of the tree as it is shown (``1/(2*sqrt(x))``, not ``1/2*x^(-1/2)``)."""
        return tree_ops(layout(node), self.sizes)

    def _record(self, name: str, before: Expr, after: Expr) -> None:
        self.rewrites[name] += 1
        self.total += 1
        if self.keep_trace:
            self.trace.append((name, before, after))
        if self.total >= (self.max_rewrites or 0):
            self.exhausted = True


def _number_bits(node: Expr) -> int:
    """Bits of the number a simplified factor brings into a product's coefficient."""
    number = node.args[0] if node.op is Op.MUL else node
    if number.op is not Op.NUM or isinstance(number.value, float):
        return 0
    value = Fraction(number.value)
    return max(value.numerator.bit_length(), value.denominator.bit_length())
