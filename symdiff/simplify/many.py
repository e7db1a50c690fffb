"""Simplifying several expressions together: the outputs of a gradient, Jacobian or Hessian.

Takes expressions that share structure, returns each one simplified with what they share
kept shared: ``simplify_many`` runs the standard level over the shared DAG
(``symdiff.simplify.sharing``: a shared sum or product is simplified once and never flattened
into its users), or the program level (``symdiff.simplify.local``); ``simplify_kept_whole``
is the standard form of one expression whose shared long products stay whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from symdiff.core.errors import ArgumentValueError, items_of
from symdiff.core.expr import Expr, Op, as_expr
from symdiff.core.traverse import collector_paused, postorder
from symdiff.simplify.layout import layout_many
from symdiff.simplify.local import local_many
from symdiff.simplify.rules import Rule
from symdiff.simplify.run import standard_run
from symdiff.simplify.sharing import MAX_HEAD_LEVELS, program_heads, simplify_program
from symdiff.simplify.simplify import MAX_PASSES, _checked_options
from symdiff.simplify.trivial import trivial_many

__all__ = ["simplify_kept_whole", "simplify_many"]

#: Runs of ``simplify_many`` over its own result, at most, to reach a fixed point.
_MANY_ROUNDS = 4


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
    products stay nested. ``level="program"`` is the linear-time pass of
    ``symdiff.simplify.local`` instead (about a hundredth of the standard level's cost per
    operation; no expansion, no ordering): what large gradients and Hessians get by default.

    >>> from symdiff.core.parse import parse
    >>> [str(e) for e in simplify_many([parse("x + x"), parse("2*x*1")])]
    ['2*x', '2*x']
    >>> [str(e) for e in simplify_many([parse("x*y*z + x*x"), parse("2*x*y*w")], "program")]
    ['(x*y)*z + x^2', '2*(x*y)*w']
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
    if level == "program":
        return local_many(roots)
    if not roots:
        return []

    heads = program_heads(list(dict.fromkeys(roots)))
    if len(heads.levels) > MAX_HEAD_LEVELS:
        return _kept_whole(roots, extra, assume_positive, max_passes)
    run = standard_run(extra, assume_positive, None, False)

    def simplify_forms(forms: list[Expr]) -> list[Expr]:
        # one run for all regions (its memo and verified nodes are reused), with a fresh
        # rewrite budget for each batch
        run.max_rewrites, run.exhausted = None, False
        return run.fixed_point(forms, max_passes)[0]

    with collector_paused():
        laid: dict[Expr, Expr] = {}  # each node's layout, for every round

        def lay_out(forms: list[Expr]) -> list[Expr]:
            return layout_many(forms, laid)

        return simplify_program(roots, simplify_forms, lay_out, run.canon.order, run.sizes, heads)


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
        run = standard_run(extra, assume_positive, None, False, shared=True)
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
