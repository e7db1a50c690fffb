"""Simplification: the trivial and standard levels, user rules, a reported fixed point.

Takes an ``Expr`` (and optionally rules), returns an ``Expr`` with the same value at every
point where the input is defined. Levels:

- ``"trivial"``: the seed talk's rules (``symdiff.core.construct``): drop ``+0`` and ``*1``,
  ``x^1 -> x``, ``x^0 -> 1``, ``0*x -> 0``, fold numbers exactly;
- ``"standard"`` (default): standard form (``symdiff.simplify.canonical``: flatten, order, collect
  like terms, combine powers, exact numbers), the built-in ``SPECIAL_VALUES`` and ``IDENTITIES``
  (``symdiff.simplify.rules``), the caller's rules, and finally a layout for reading
  (``symdiff.simplify.layout``: ``x/y``, ``1/(2*sqrt(x))``, ``1 - x^2``). ``assume_positive=True``
  adds the ``POSITIVE_DOMAIN`` rules, which can change values where arguments are not positive.

Floats keep their value, which is taken to be exact (each float the binary fraction it
holds; the tests compare with 50-digit arithmetic): numbers are combined exactly and a
result with a float is rounded once (``x + 1e20*x - 1e20*x`` is ``1.0*x``, where adding the
coefficients in floats one by one gave ``0``); where that rounding would lose the value
(underflow to zero or a subnormal, overflow to ``inf``) the numbers stay unfolded
(``symdiff.simplify.exact.exactly``, ``symdiff.core.construct.round_once``).

Guarantees: the walk is iterative (any depth) and memoized per unique node; a nested sum or
product chain is flattened in one visit with multiplicities (linear, also for shared
subtrees); passes repeat until the result is a verified fixed point (standard form, no rule
applies anywhere), or until ``max_passes`` or ``max_rewrites`` stop it, and
``simplify_report`` says which (``stop_reason``). So ``simplify(simplify(e)) is simplify(e)``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from symdiff.core.construct import add, mul, power
from symdiff.core.errors import (
    ArgumentValueError,
    SymdiffError,
    check_choice,
    check_flag,
    check_int,
    check_type,
    items_of,
)
from symdiff.core.expr import Expr, Number, Op, as_expr
from symdiff.core.traverse import collector_paused, postorder, rebuild
from symdiff.simplify.canonical import COEFFICIENT_BITS, Canon
from symdiff.simplify.full import simplify_full
from symdiff.simplify.layout import layout, layout_many
from symdiff.simplify.radicals import RADICAL_RULES
from symdiff.simplify.rulebook import Rulebook
from symdiff.simplify.rules import (
    CONDITIONALS,
    IDENTITIES,
    POSITIVE_DOMAIN,
    SPECIAL_VALUES,
    Rule,
)
from symdiff.simplify.sharing import MAX_HEAD_LEVELS, head_levels, simplify_program
from symdiff.simplify.signs import SIGN_RULES

__all__ = [
    "LEVELS",
    "Simplification",
    "simplify",
    "simplify_many",
    "simplify_report",
    "trivial_many",
]

LEVELS = ("trivial", "standard", "full")

#: Default bound on the number of passes over the expression.
MAX_PASSES = 20
#: ``simplify_many`` distributes a number over a sum of at most this many terms only
#: (``2*(x - y) -> 2*x - 2*y``): distributing copies the sum, once per user when it is shared.
SHARED_DISTRIBUTE = 4
#: Runs of ``simplify_many`` over its own result, at most, to reach a fixed point.
_MANY_ROUNDS = 4
#: Rule applications allowed at one node before the node is left to the next pass.
_LOCAL_LIMIT = 32
#: Nesting of rule results simplified inside a pass.
_NESTING_LIMIT = 16


@dataclass
class Simplification:
    """What ``simplify_report`` did.

    Attributes:
        expr: the simplified expression.
        stop_reason: ``"fixed-point"``, ``"pass-limit"`` or ``"rewrite-limit"``.
        passes: passes over the expression.
        rewrites: rule name -> number of applications.
        trace: ``(rule name, before, after)`` for each application, if asked for.
    """

    expr: Expr
    stop_reason: str
    passes: int
    rewrites: Counter = field(default_factory=Counter)
    trace: list[tuple[str, Expr, Expr]] = field(default_factory=list)


def simplify(
    expr: Expr,
    level: str = "standard",
    rules: Iterable[Rule | str] = (),
    *,
    assume_positive: bool = False,
    max_passes: int = MAX_PASSES,
) -> Expr:
    """Simplify ``expr`` without changing its value wherever it is defined.

    Args:
        expr: the expression.
        level: ``"trivial"``, ``"standard"`` or ``"full"`` (standard form, then common
            denominators, cancellation, expansion and common factors, keeping the smallest:
            ``symdiff.simplify.full``).
        rules: extra rules (``Rule`` objects or rule text) tried after the built-in ones.
        assume_positive: also apply ``POSITIVE_DOMAIN`` rules (``log(x*y) -> log(x) +
            log(y)``), which hold only where logarithms, roots and powers see positive values.
        max_passes: bound on the passes; see ``simplify_report`` for the stop reason.

    Returns:
        The simplified expression.

    >>> from symdiff.core.parse import parse
    >>> str(simplify(parse("x + x + 3*x*y - y*x")))
    '2*x*y + 2*x'
    >>> str(simplify(parse("(x*1 + 1*x) + 0"), level="trivial"))
    'x + x'
    """
    return simplify_report(
        expr, level, rules, assume_positive=assume_positive, max_passes=max_passes
    ).expr


def simplify_report(
    expr: Expr,
    level: str = "standard",
    rules: Iterable[Rule | str] = (),
    *,
    assume_positive: bool = False,
    max_passes: int = MAX_PASSES,
    max_rewrites: int | None = None,
    trace: bool = False,
) -> Simplification:
    """Simplify and report how: passes, rule applications, why it stopped.

    Args:
        expr, level, rules, assume_positive, max_passes: as for ``simplify``.
        max_rewrites: bound on rule applications (default: 10 per node plus 10,000).
        trace: record every rule application.

    >>> from symdiff.core.parse import parse
    >>> report = simplify_report(parse("cos(-x)^2 + sin(x)^2"))
    >>> str(report.expr), report.stop_reason, sorted(report.rewrites)
    ('1', 'fixed-point', ['cos-even', 'pythagoras'])
    """
    expr = as_expr(expr)
    extra = _checked_options(level, rules, assume_positive, max_passes, max_rewrites, trace)
    if level == "trivial":
        return Simplification(trivial_many([expr])[0], "fixed-point", 1)
    run = _standard_run(extra, assume_positive, max_rewrites, trace)
    if level == "full":
        return _full(expr, run, max_passes)
    with collector_paused():
        results, reason, passes = run.fixed_point([expr], max_passes)
        laid_out = layout(results[0])
    return Simplification(laid_out, reason, passes, run.rewrites, run.trace)


def standard_form(expr: Expr) -> Expr:
    """The standard form of ``expr`` before the layout for reading (``sqrt(u)`` still
    ``u^(1/2)``, ``exp(u)`` still ``e^u``): what the rewrites of ``symdiff.simplify.full``
    and ``symdiff.simplify.polynomials`` read.

    >>> from symdiff.core.parse import parse
    >>> str(standard_form(parse("sqrt(x)/x")))
    '1/x^(1/2)'
    """
    run = _standard_run([], False, None, False)
    with collector_paused():
        return run.fixed_point([as_expr(expr)], MAX_PASSES)[0][0]


def _full(expr: Expr, run: _Run, max_passes: int) -> Simplification:
    """The ``"full"`` level (``symdiff.simplify.full``) on top of the standard run ``run``."""
    budget = run.max_rewrites

    def standard(node: Expr) -> Expr:
        run.max_rewrites, run.exhausted = budget, False  # a fresh budget for each part
        return run.fixed_point([node], max_passes)[0][0]

    with collector_paused():
        result, converged = simplify_full(expr, standard)
        laid_out = layout(result)
    reason = "fixed-point" if converged else "pass-limit"
    return Simplification(laid_out, reason, max_passes, run.rewrites, run.trace)


def simplify_many(
    exprs: Iterable[Expr],
    level: str = "standard",
    rules: Iterable[Rule | str] = (),
    *,
    assume_positive: bool = False,
    max_passes: int = MAX_PASSES,
) -> list[Expr]:
    """Simplify several expressions together, keeping what they share shared.

    One run over all of them: a subexpression they share is simplified once, and a shared
    sum or product is kept whole instead of being flattened into each user (so a gradient
    whose partials share one structure stays about as small as that structure). Each result
    is the fixed point ``simplify`` would reach on its own, except that shared sums and
    products stay nested.

    >>> from symdiff.core.parse import parse
    >>> [str(e) for e in simplify_many([parse("x + x"), parse("2*x*1")])]
    ['2*x', '2*x']
    """
    roots = [as_expr(e) for e in items_of("exprs", exprs, "a sequence of expressions")]
    extra = _checked_options(level, rules, assume_positive, max_passes)
    if level == "full":
        raise ArgumentValueError(
            "simplify_many keeps shared structure shared; level='full' rewrites one"
            " expression at a time: use simplify(e, level='full') on each, or 'standard'"
        )
    if level == "trivial":
        return trivial_many(roots)
    if not roots:
        return []

    if head_levels(roots) > MAX_HEAD_LEVELS:
        return _kept_whole(roots, extra, assume_positive, max_passes)
    run = _standard_run(extra, assume_positive, None, False)

    def simplify_forms(forms: list[Expr]) -> list[Expr]:
        # one run for all regions (its memo and verified nodes are reused), with a fresh
        # rewrite budget for each batch
        run.max_rewrites, run.exhausted = None, False
        return run.fixed_point(forms, max_passes)[0]

    with collector_paused():
        return simplify_program(roots, simplify_forms, layout_many)


def simplify_kept_whole(expr: Expr) -> Expr:
    """The standard form of one expression with its shared sums and products kept whole
    (``symdiff.simplify.canonical.Canon.shared``) but numbers and powers merged through
    them: a readable single derivative that does not copy a long shared product into each
    of its users (``simplify_many`` keeps shared nodes wholly apart: a program).

    >>> from symdiff.core.parse import parse
    >>> str(simplify_kept_whole(parse("x*x + x")))
    'x^2 + x'
    """
    return _kept_whole([as_expr(expr)], [], False, MAX_PASSES)[0]


def _kept_whole(
    roots: list[Expr], extra: list[Rule], assume_positive: bool, max_passes: int
) -> list[Expr]:
    # Which sums and products are shared is read from the input, and simplifying can change
    # it (a shared node's other users cancel away): run again on the result until it is a
    # fixed point, so that the result is its own simplification.
    results = roots
    for _ in range(_MANY_ROUNDS):
        run = _standard_run(extra, assume_positive, None, False, shared=True)
        with collector_paused():
            again, _, _ = run.fixed_point(results, max_passes)
            again = layout_many(again)
        if all(a is b for a, b in zip(again, results, strict=True)) or not _alone(again):
            break
        results = again
    return again


def _alone(roots: list[Expr]) -> bool:
    """Whether a sum (product) kept whole in a sum (product) is used only there: the next run
    would flatten it (what made it shared in the input has cancelled away)."""
    parents: Counter = Counter()
    order = postorder(*roots)
    for node in order:
        parents.update(set(node.args))
    outer = set(roots)
    return any(
        a.op is node.op and parents[a] == 1 and a not in outer
        for node in order
        if node.op in (Op.ADD, Op.MUL)
        for a in node.args
    )


def _checked_options(
    level: object,
    rules: object,
    assume_positive: object,
    max_passes: object,
    max_rewrites: object = None,
    trace: object = False,
) -> list[Rule]:
    """The caller's rules as ``Rule`` objects, once the level and options are checked
    (``ArgumentError`` naming a bad one)."""
    check_choice("level", level, LEVELS)
    check_flag("assume_positive", assume_positive)
    check_int("max_passes", max_passes, minimum=0)
    if max_rewrites is not None:
        check_int("max_rewrites", max_rewrites, minimum=0)
    check_flag("trace", trace)
    extra = []
    for i, rule in enumerate(items_of("rules", rules, "a sequence of Rule objects or rule text")):
        if isinstance(rule, str):
            rule = Rule(rule)
        check_type(f"rules[{i}]", rule, Rule, "a Rule or rule text")
        extra.append(rule)
    if level == "trivial" and (extra or assume_positive):
        raise SymdiffError("rules and assume_positive need level='standard'")
    return extra


def _standard_run(
    extra: list[Rule],
    assume_positive: bool,
    max_rewrites: int | None,
    trace: bool,
    shared: bool = False,
) -> _Run:
    book = [*SPECIAL_VALUES, *IDENTITIES, *CONDITIONALS, *SIGN_RULES, *RADICAL_RULES]
    book += [*(POSITIVE_DOMAIN if assume_positive else ()), *extra]
    canon = Canon(SHARED_DISTRIBUTE if shared else None)
    return _Run(Rulebook(book, canon), canon, max_rewrites, trace, keep_shared=shared)


def trivial_many(roots: list[Expr]) -> list[Expr]:
    """The trivial level of each root, in one memoized pass, linear in the DAG size.

    A sum (product) used once, by a sum (product), is not built on its own: its user
    gathers the operands of the whole nested chain and folds them in one call, so a chain
    100,000 deep costs linear time instead of copying the growing operand list per level.

    >>> from symdiff.core.parse import parse
    >>> [str(e) for e in trivial_many([parse("((x + 0) + 2) + 3*1*y")])]
    ['x + 3*y + 2']
    """
    order = postorder(*roots)
    internal, _ = _internal(roots, order)
    done: dict[Expr, Expr] = {}
    for node in order:
        if node in internal:
            continue
        if node.op in (Op.ADD, Op.MUL) and any(a in internal for a in node.args):
            done[node] = _trivial(node, _chain_operands(node, internal, done))
        else:
            done[node] = _trivial(node, tuple(done[a] for a in node.args))
    return [done[r] for r in roots]


def _chain_operands(top: Expr, internal: set[Expr], done: dict[Expr, Expr]) -> tuple[Expr, ...]:
    """The simplified operands below ``top``, in order, through its internal sums or
    products (each flattened as its own trivial visit would have flattened it)."""
    out: list[Expr] = []
    stack = list(reversed(top.args))
    while stack:
        node = stack.pop()
        if node in internal:
            stack.extend(reversed(node.args))
        else:
            out.append(done[node])
    return tuple(out)


def _trivial(node: Expr, args: tuple[Expr, ...]) -> Expr:
    if node.op is Op.ADD:
        return add(*args)
    if node.op is Op.MUL:
        return mul(*args)
    if node.op is Op.POW:
        return power(*args)
    return rebuild(node, args)


class _Run:
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
        internal, shared = _internal(roots, order) if flatten else (set(), set())
        keep = self.keep_shared
        for node in order:
            if node in internal:
                continue
            if node.op in (Op.ADD, Op.MUL) and any(a in internal for a in node.args):
                result = self._flattened(node, internal)
            else:
                args = tuple(self.result(a) for a in node.args)
                result = self.visit(node, args, None)
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
        stack: list[tuple[Expr, bool]] = [(r, False) for r in reversed(roots)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif node not in seen and node not in memo and node not in fresh:
                seen.add(node)
                stack.append((node, True))
                stack.extend((a, False) for a in reversed(node.args))
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
        if self.exhausted or self.depth >= _NESTING_LIMIT:
            return current
        for _ in range(_LOCAL_LIMIT):
            hit = self.book.rewrite(current)
            if hit is None:
                # standard form is idempotent: with verified arguments, this is a fixed point
                if all(a in self.stable for a in current.args):
                    self.stable.add(current)
                    self.memo[current] = current
                return current
            rule, replacement = hit
            self._record(rule, current, replacement)
            if self.exhausted:
                return replacement
            self.depth += 1
            try:
                current = self.run_one(replacement)
            finally:
                self.depth -= 1
        return current

    def _record(self, rule: Rule, before: Expr, after: Expr) -> None:
        self.rewrites[rule.name] += 1
        self.total += 1
        if self.keep_trace:
            self.trace.append((rule.name, before, after))
        if self.total >= (self.max_rewrites or 0):
            self.exhausted = True


def _number_bits(node: Expr) -> int:
    """Bits of the number a simplified factor brings into a product's coefficient."""
    number = node.args[0] if node.op is Op.MUL else node
    if number.op is not Op.NUM or isinstance(number.value, float):
        return 0
    value = Fraction(number.value)
    return max(value.numerator.bit_length(), value.denominator.bit_length())


def _internal(roots: list[Expr], order: list[Expr]) -> tuple[set[Expr], set[Expr]]:
    """Sums (products) used exactly once, by a sum (product), and not a root themselves:
    flattened into their user; and the nodes used more than once (or a root used below)."""
    parents: Counter = Counter()
    other_use: set[Expr] = set(roots)
    for node in order:
        for arg in set(node.args):
            parents[arg] += 1
            if arg.op is not node.op:
                other_use.add(arg)
    internal = {
        n for n in order if n.op in (Op.ADD, Op.MUL) and parents[n] == 1 and n not in other_use
    }
    roots_below = {r for r in roots if parents[r]}
    return internal, {n for n, k in parents.items() if k > 1} | roots_below
