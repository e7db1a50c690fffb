"""Simplification: the trivial and standard levels, user rules, a reported fixed point.

Takes an ``Expr`` (and optionally rules), returns an ``Expr`` with the same value at every
point where the input is defined. Levels:

- ``"trivial"``: the seed talk's rules (``symdiff.core.construct``): drop ``+0`` and ``*1``,
  ``x^1 -> x``, ``x^0 -> 1``, ``0*x -> 0``, fold numbers exactly;
- ``"standard"`` (default): standard form (``symdiff.simplify.canonical``: flatten, order, collect
  like terms, combine powers, exact numbers), the built-in ``SPECIAL_VALUES`` and ``IDENTITIES``
  (``symdiff.simplify.rules``), the caller's rules, a sum factor distributed where its terms
  cancel (``symdiff.simplify.distribute``), and finally a layout for reading
  (``symdiff.simplify.layout``: ``x/y``, ``1/(2*sqrt(x))``, ``1 - x^2``). ``assume_positive=True``
  adds the ``POSITIVE_DOMAIN`` rules, which can change values where arguments are not positive.

Floats keep their value, which is taken to be exact (each float the binary fraction it
holds; the tests compare with 50-digit arithmetic): numbers are combined exactly and a
result with a float is rounded once (``x + 1e20*x - 1e20*x`` is ``1.0*x``, where adding the
coefficients in floats one by one gave ``0``); where that rounding would lose the value
(underflow to zero or a subnormal, overflow to ``inf``) the numbers stay unfolded
(``symdiff.simplify.exact.exactly``, ``symdiff.core.construct.round_once``).

The passes themselves are ``symdiff.simplify.run``; the trivial level is
``symdiff.simplify.trivial``.

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

from symdiff.core.errors import (
    SymdiffError,
    check_choice,
    check_flag,
    check_int,
    check_type,
    items_of,
)
from symdiff.core.expr import Expr, as_expr
from symdiff.core.traverse import collector_paused
from symdiff.simplify.full import FullMemo, simplify_full
from symdiff.simplify.layout import layout
from symdiff.simplify.local import local_many
from symdiff.simplify.rules import Rule
from symdiff.simplify.run import Run, standard_run
from symdiff.simplify.trivial import trivial_many

__all__ = [
    "LEVELS",
    "Simplification",
    "simplify",
    "simplify_report",
    "trivial_many",
]

LEVELS = ("trivial", "standard", "full", "program")

#: Default bound on the number of passes over the expression.
MAX_PASSES = 20
#: Rounds of the full level and distribution over its result, at most.
_FULL_ROUNDS = 4


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
        level: ``"trivial"``, ``"program"`` (numbers, like terms and powers of one base
            merged node by node, then shared operand pairs built once, never more
            operations: ``symdiff.simplify.local``), ``"standard"`` or ``"full"``
            (standard form, then common denominators, cancellation, expansion and common
            factors, keeping the smallest: ``symdiff.simplify.full``).
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
    if level == "program":
        return Simplification(local_many([expr])[0], "fixed-point", 1)
    run = standard_run(extra, assume_positive, max_rewrites, trace)
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
    run = standard_run([], False, None, False)
    with collector_paused():
        return run.fixed_point([as_expr(expr)], MAX_PASSES)[0][0]


def quotient_form(expr: Expr) -> Expr:
    """What the default derivative of a quotient uses: the full level's algebra (common
    denominators, cancellation, expansion, common factors) without its trigonometric and
    inverse-function identities, which stay with ``level="full"``.

    >>> from symdiff.core.parse import parse
    >>> e = parse("(x^2 - 1)/(x - 1) + 2*sin(x)*cos(x)")
    >>> str(quotient_form(e)), str(simplify(e, "full"))
    ('x + 2*cos(x)*sin(x) + 1', 'x + sin(2*x) + 1')
    """
    run = standard_run([], False, None, False)
    return _full(as_expr(expr), run, MAX_PASSES, identities=False).expr


def _full(expr: Expr, run: Run, max_passes: int, identities: bool = True) -> Simplification:
    """The ``"full"`` level (``symdiff.simplify.full``) on top of the standard run ``run``.

    Its rounds compare whole regions, so they see sums as standard form builds them
    (``run`` does not distribute factors); then a standard run that does
    (``symdiff.simplify.distribute``) goes over the result, and the rounds start again from
    what changed, until neither changes anything."""
    budget = run.max_rewrites
    run.opens = False

    def standard(node: Expr) -> Expr:
        run.max_rewrites, run.exhausted = budget, False  # a fresh budget for each part
        return run.fixed_point([node], max_passes)[0][0]

    opening = Run(run.book, run.canon, budget, run.keep_trace)
    with collector_paused():
        current, converged = expr, False
        memo = FullMemo()
        for _ in range(_FULL_ROUNDS):
            result, converged = simplify_full(current, standard, identities=identities, memo=memo)
            opening.max_rewrites, opening.exhausted = budget, False
            current = opening.fixed_point([result], max_passes)[0][0]
            if current is result:
                break
            converged = False
        laid_out = layout(current)
    reason = "fixed-point" if converged else "pass-limit"
    rewrites = run.rewrites + opening.rewrites
    return Simplification(laid_out, reason, max_passes, rewrites, run.trace + opening.trace)


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
    if level in ("trivial", "program") and (extra or assume_positive):
        raise SymdiffError("rules and assume_positive need level='standard'")
    return extra
