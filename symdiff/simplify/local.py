"""The program level: one local rewrite per unique node, linear in the DAG, never copying.

Takes the outputs of a gradient, Jacobian or Hessian (built with the trivial rules) and
returns expressions of the same values whose DAG has at most their operations. Each unique
node is rewritten once, from its operands' rewritten forms, by rules that look at the node
and its operands only:

- a sum or product used once by a sum (product) is merged into its user, and a node used
  more than once is never opened (what the partials share stays one node);
- in a sum, terms that differ only in their number collect (``3*x*y + 5*x*y -> 8*x*y``,
  ``a - a -> 0``);
- in a product, numbers multiply and powers of one base with numeric exponents add
  (``x*x -> x^2``, ``x^2*x^-1 -> x``: a domain extension, as in the standard level);
- ``-(-u) -> u`` and ``(u^a)^n -> u^(a*n)`` for an integer ``n``.

Then the pairs of operands that several sums or products share are built once
(``symdiff.simplify.pairs``). Almost every rule removes operations or keeps their number;
collecting terms can add one (a number written in front of a shared product), so a round
whose result has more DAG operations than its input (``count_ops(..., dag=True)``) is
dropped and the input returned: the result never has more than the input (on a program of
``MIN_GAIN`` operations or more, a round must also save one in ``MIN_GAIN``). It does not
distribute, expand or sort: that is the standard level's work, about a hundred times the
cost per operation (``simplify_many``). Rounds stop at a fixed point; a round whose local
rewrite changes nothing, after a round whose pairs are *settled* (``shared_pairs``: taking
pairs again would find none), is known to change nothing and ends there.

>>> from symdiff.core.parse import parse
>>> [str(e) for e in local_many([parse("3*x*y + 5*x*y + x*x"), parse("-(-(x*x))")])]
['8*x*y + x^2', 'x^2']
"""

from __future__ import annotations

from collections import Counter
from itertools import chain
from operator import attrgetter
from typing import NamedTuple

from symdiff.core.expr import LEAVES, Expr, Op
from symdiff.core.traverse import _ops, postorder, rebuild
from symdiff.simplify.local_rules import rewrite_power, rewrite_product, rewrite_sum, spliced
from symdiff.simplify.pairs import shared_pairs

__all__ = ["local_many"]


def local_many(roots: list[Expr]) -> list[Expr]:
    """``roots`` rewritten node by node (see the module docstring), then with the operand
    pairs they share built once, again until a round changes nothing or is refused (at
    most ``ROUNDS`` times; a round is refused if it saves too little, see ``MIN_GAIN``).

    Returns:
        Expressions of the same values whose DAG has at most the operations of ``roots``'.
    """
    unique = list(dict.fromkeys(roots))
    if len(unique) == len(roots):
        return _rounds(roots)
    # a Hessian's zeros and mirrored entries: each root is rewritten once
    done = dict(zip(unique, _rounds(unique), strict=True))
    return [done[r] for r in roots]


def _rounds(roots: list[Expr]) -> list[Expr]:
    """``local_many`` of distinct ``roots``: rounds until a fixed point."""
    current, order = roots, postorder(*roots)
    state = _State(_dag_ops(order), False)
    memo: Memo = {}
    for _ in range(ROUNDS):
        again, order, state = _round(current, order, state, memo)
        if again is current:
            break
        current = again
    return current


#: Rounds of ``local_many`` at most: a pair built in one round can make terms alike in the
#: next (``(x*y)*z`` and ``z*(x*y)``).
ROUNDS = 8


#: A sum's or product's rewrite from a round before, when its operands stayed as they were:
#: node -> (which operands of its kind had one user, the rewrite). The rewrite is a function
#: of the operands and those flags only (``local_rules.spliced``), so a later round reuses it.
Memo = dict[Expr, tuple[tuple[bool, ...], Expr]]


class _State(NamedTuple):
    """What a round knows of its input: its DAG operations, and whether the operand pairs
    of the round before are settled on it (``shared_pairs`` of it takes none)."""

    ops: int
    settled: bool


def _round(
    roots: list[Expr], order: list[Expr], state: _State, memo: Memo
) -> tuple[list[Expr], list[Expr], _State]:
    """One round on ``roots`` (``order`` is their postorder): the result, its postorder and
    its state, or ``roots`` itself (with ``order`` and ``state``) when nothing changed or
    the result would be bigger."""
    done = _rewritten(roots, order, memo)
    local = [done[r] for r in roots]
    if all(a is b for a, b in zip(local, roots, strict=True)):
        if state.settled:  # the pairs would find nothing either
            return roots, order, state
        local, local_order = roots, order  # the same roots have the same postorder
    else:
        local_order = postorder(*local)
    results, taken, settled = shared_pairs(local, local_order)
    if results is roots or all(a is b for a, b in zip(results, roots, strict=True)):
        return roots, order, state
    results_order = postorder(*results) if taken else local_order
    after = _dag_ops(results_order)
    before = state.ops
    if before - after < before // MIN_GAIN:
        # a safeguard: a term collected anew (3*a + 5*a -> 8*a) is one node more where
        # its parts stay shared with other users; and on a large program a round that
        # saves less than one operation in MIN_GAIN is not worth the next round's pass
        return roots, order, state
    return results, results_order, _State(after, settled)


def _rewritten(roots: list[Expr], order: list[Expr], memo: Memo) -> dict[Expr, Expr]:
    """Each node of ``order`` (the postorder of ``roots``) rewritten from its operands'
    rewrites (``local_rules``), reusing ``memo``'s where the operands and their users
    allow."""
    users = Counter(chain.from_iterable(map(_args_of, order)))
    for r in dict.fromkeys(roots):
        users[r] += 2
    done: dict[Expr, Expr] = {}
    for node in order:
        if node.op in LEAVES:
            done[node] = node
            continue
        args = tuple(map(done.__getitem__, node.args))
        op = node.op
        if op is Op.ADD or op is Op.MUL:
            kept = args == node.args
            if kept:
                single = tuple([users.get(a, 0) <= 1 for a in args if a.op is op])
                found = memo.get(node)
                if found is not None and found[0] == single:
                    done[node] = found[1]
                    continue
            if kept and True not in single:  # no operand of its kind has one user
                merged = list(args)
            else:
                merged = spliced(op, node.args, args, users)
            # operands as they were, nothing spliced: a rewrite that keeps them is the node
            same = node if kept and len(merged) == len(args) else None
            done[node] = (
                rewrite_sum(merged, same) if op is Op.ADD else rewrite_product(merged, same)
            )
            if kept:
                memo[node] = (single, done[node])
        elif node.op is Op.POW:
            done[node] = rewrite_power(args[0], args[1])
        else:
            done[node] = node if args == node.args else rebuild(node, args)
    return done


_args_of = attrgetter("args")


def _dag_ops(order: list[Expr]) -> int:
    """``count_ops(..., dag=True)`` of the nodes ``order`` lists (each once)."""
    return sum(map(_ops, order))


#: A round is kept if its result has no more operations than its input, and on a program
#: of ``MIN_GAIN`` operations or more, if it saves at least one operation in ``MIN_GAIN``.
#: Rounds after the first rarely save more: on the least-squares gradient of n = 1,000
#: the first saves 1,948 of 58,440 operations and the next three 38 in all, at a
#: whole pass each (the kept result is still a fixed point: the same round is refused again).
MIN_GAIN = 1_000
