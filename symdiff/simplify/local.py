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
from fractions import Fraction
from itertools import chain
from operator import attrgetter
from typing import NamedTuple

from symdiff.core.construct import power
from symdiff.core.expr import LEAVES, Expr, Number, Op, _intern
from symdiff.core.traverse import postorder, rebuild
from symdiff.simplify.pairs import shared_pairs

__all__ = ["exceeds_ops", "local_many"]

Num = int | Fraction | float

#: A single-use operand is spliced into its user while the user has fewer operands.
SPLICE_ARITY = 24


def local_many(roots: list[Expr]) -> list[Expr]:
    """``roots`` rewritten node by node (see the module docstring), then with the operand
    pairs they share built once, again until a round changes nothing or is refused (at
    most ``ROUNDS`` times; a round is refused if it saves too little, see ``MIN_GAIN``).

    Returns:
        Expressions of the same values whose DAG has at most the operations of ``roots``'.
    """
    unique = list(dict.fromkeys(roots))
    if len(unique) < len(roots):  # a Hessian's zeros and mirrored entries: each root once
        done = dict(zip(unique, local_many(unique), strict=True))
        return [done[r] for r in roots]
    current, order = roots, postorder(*roots)
    state = _State(_dag_ops(order), False)
    memo: Memo = {}
    for _ in range(ROUNDS):
        again, order, state = _round(current, order, state, memo)
        if again is current:
            break
        current = again
    return current


def exceeds_ops(roots: list[Expr], limit: int) -> bool:
    """Whether the DAG of ``roots`` has more than ``limit`` operations (as
    ``count_ops(roots, dag=True) > limit``), walking no further than it takes to tell.

    >>> from symdiff.core.parse import parse
    >>> exceeds_ops([parse("x*y + x*y")], 2), exceeds_ops([parse("x*y + x*y")], 1)
    (False, True)
    """
    seen: set[Expr] = set()
    stack = list(roots)
    total = 0
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        op = node.op
        if op is Op.ADD or op is Op.MUL:
            total += len(node.args) - 1
        elif op not in LEAVES:
            total += 1
        if total > limit:
            return True
        stack.extend(node.args)
    return False


#: Rounds of ``local_many`` at most: a pair built in one round can make terms alike in the
#: next (``(x*y)*z`` and ``z*(x*y)``).
ROUNDS = 8


#: A sum's or product's rewrite from a round before, when its operands stayed as they were:
#: node -> (which operands of its kind had one user, the rewrite). The rewrite is a function
#: of the operands and those flags only (``_merged``), so a later round reuses it.
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
                merged = _merged(op, node.args, args, users)
            # operands as they were, nothing spliced: a rewrite that keeps them is the node
            same = node if kept and len(merged) == len(args) else None
            done[node] = _sum(merged, same) if op is Op.ADD else _product(merged, same)
            if kept:
                memo[node] = (single, done[node])
        elif node.op is Op.POW:
            done[node] = _power(args[0], args[1])
        else:
            done[node] = node if args == node.args else rebuild(node, args)
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


_args_of = attrgetter("args")


def _dag_ops(order: list[Expr]) -> int:
    """``count_ops(..., dag=True)`` of the nodes ``order`` lists (each once)."""
    total = 0
    for node in order:
        op = node.op
        if op is Op.ADD or op is Op.MUL:
            total += len(node.args) - 1
        elif op not in LEAVES:
            total += 1
    return total


#: A round is kept if its result has no more operations than its input, and on a program
#: of ``MIN_GAIN`` operations or more, if it saves at least one operation in ``MIN_GAIN``.
#: Rounds after the first rarely save more: on the least-squares gradient of n = 1,000
#: the first saves 1,948 of 58,440 operations and the next three 38 in all, at a
#: whole pass each (the kept result is still a fixed point: the same round is refused again).
MIN_GAIN = 1_000


def _merged(
    op: Op, before: tuple[Expr, ...], after: tuple[Expr, ...], users: dict[Expr, int]
) -> list[Expr]:
    """The operands, with those of a single-use operand of the same kind spliced in."""
    out: list[Expr] = []
    for old, new in zip(before, after, strict=True):
        if new.op is op and users.get(old, 0) <= 1 and len(new.args) + len(out) < SPLICE_ARITY:
            out.extend(new.args)
        else:
            out.append(new)
    return out


def _sum(terms: list[Expr], same: Expr | None = None) -> Expr:
    """Terms that differ only in their number collected, in the order of first sight
    (``same``: a node whose operands ``terms`` are, given back if the sum keeps them)."""
    coefficients: dict[tuple[Expr, ...], Num] = {}
    seen: dict[tuple[Expr, ...], Expr] = {}
    numbers: list[Expr] = []
    repeated = False
    for term in terms:
        if term.op is Op.MUL:
            c, key = _split_term(term)
        elif term.op is Op.NUM:
            numbers.append(term)
            continue
        else:
            c, key = 1, (term,)
        if key in coefficients:
            repeated = True
            coefficients[key] += c
        else:
            coefficients[key] = c
            seen[key] = term
    if not repeated:
        return _node(Op.ADD, tuple(terms), same)
    out = [
        seen[key] if c == _split_term(seen[key])[0] else _term(c, key)
        for key, c in coefficients.items()
        if c != 0 or isinstance(c, float)
    ]
    return _add(*out, *numbers)


def _split_term(term: Expr) -> tuple[Num, tuple[Expr, ...]]:
    """A term's number (the product of its numeric factors, ``1`` without one) and the
    rest (``3*x/4 -> 3/4, (x,)``)."""
    if term.op is not Op.MUL:
        return 1, (term,)
    c: Num | None = None
    rest = []
    for f in term.args:
        if f.op is not Op.NUM:
            rest.append(f)
        elif c is None:  # the common single number: no arithmetic (no new Fraction)
            c = f.value
        else:
            c *= f.value
    return 1 if c is None else c, tuple(rest)


def _term(c: Num, key: tuple[Expr, ...]) -> Expr:
    return _mul(Number(c), *key)


def _add(*terms: Expr) -> Expr:
    """A sum with its exact numbers added and a zero dropped, its operands otherwise as
    given: a sum operand stays one node (the trivial constructor would splice it, copying a
    shared sum into each user)."""
    return _node(Op.ADD, terms)


def _mul(*factors: Expr) -> Expr:
    """A product with its exact numbers multiplied (first) and a one dropped, its operands
    otherwise as given (see ``add``); zero for an exact zero factor."""
    return _node(Op.MUL, factors)


def _node(op: Op, items: tuple[Expr, ...], same: Expr | None = None) -> Expr:
    """``items`` with their exact numbers folded, under ``op``; ``same`` (a node of ``op``
    with operands ``items``, or ``None``) is the result when nothing folds."""
    unit = 0 if op is Op.ADD else 1
    total: int | Fraction = unit
    rest: list[Expr] = []
    exact = 0
    for item in items:
        if item.op is not Op.NUM or type(item.value) not in _EXACT:
            rest.append(item)
        elif not exact:  # the first number is the total so far (no arithmetic)
            exact, total = 1, item.value
        else:
            exact += 1
            total = total + item.value if op is Op.ADD else total * item.value
    if not exact:  # the common case: no number to fold
        if len(items) == 1:
            return items[0]
        return same if same is not None else _intern(op, None, tuple(items))
    if op is Op.MUL and total == 0:
        return Number(0)
    if exact == 1 and total != unit:  # nothing folded: keep the operands' order
        if same is not None and len(items) > 1:
            return same
        rest = list(items)
    elif total != unit:
        rest.insert(0 if op is Op.MUL else len(rest), Number(total))
    if not rest:
        return Number(total)
    if len(rest) == 1:
        return rest[0]
    return _intern(op, None, tuple(rest))


_EXACT = (int, Fraction)


def _product(factors: list[Expr], same: Expr | None = None) -> Expr:
    """Powers of one base with numeric exponents added, and ``c*(d*u) -> (c*d)*u`` where
    ``d*u`` is shared (the same operations, and ``-(-u) -> u``); a product of no repeated
    base is left to the trivial rules (``same`` as in ``_sum``)."""
    if len(factors) == 2:  # the common case, as the loop below would find it
        a, b = factors
        if a.op is Op.NUM and b.op is Op.MUL:
            d, rest = _split_term(b)
            if len(rest) == 1:
                return _mul(Number(a.value * d), rest[0])
        base = _base(a)
        if base is None or base is not _base(b):
            return _node(Op.MUL, (a, b), same)
    exponents: dict[Expr, list[Expr]] = {}
    repeated = False
    for f in factors:
        if f.op is Op.NUM:
            continue
        if f.op is Op.POW:
            if f.args[1].op is not Op.NUM:
                continue
            base = f.args[0]
        else:
            base = f
        group = exponents.get(base)
        if group is None:
            exponents[base] = [f]
        else:
            group.append(f)
            repeated = True
    if not repeated:
        return _node(Op.MUL, tuple(factors), same)
    out: list[Expr] = []
    placed: set[Expr] = set()
    for f in factors:
        base = f.args[0] if f.op is Op.POW else f
        group = exponents.get(base) if f.op is not Op.NUM else None
        if group is None or len(group) == 1 or f not in group:
            out.append(f)
        elif base not in placed:
            placed.add(base)
            total = sum(_exponent(g) for g in group)
            out.append(_power(base, Number(total)))
    return _mul(*out)


def _base(factor: Expr) -> Expr | None:
    """What ``factor`` is a power of, with a numeric exponent (``None`` for a number, or a
    power with another exponent)."""
    if factor.op is Op.POW:
        return factor.args[0] if factor.args[1].op is Op.NUM else None
    return None if factor.op is Op.NUM else factor


def _exponent(factor: Expr) -> Num:
    return factor.args[1].value if factor.op is Op.POW else 1


def _power(base: Expr, k: Expr) -> Expr:
    """``(u^a)^n -> u^(a*n)`` for an integer ``n`` and a number ``a``; otherwise the trivial
    rules."""
    if (
        base.op is Op.POW
        and k.op is Op.NUM
        and type(k.value) is int
        and base.args[1].op is Op.NUM
        and not isinstance(base.args[1].value, float)
    ):
        return power(base.args[0], Number(base.args[1].value * k.value))
    return power(base, k)
