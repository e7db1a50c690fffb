"""The trivial level over many roots, and the nested chains every level flattens in one visit.

Takes expressions, returns them with the seed talk's rules applied (``symdiff.core.construct``:
no ``+0``, ``*1``, ``x^1``; numbers folded exactly). Guarantees: one memoized pass, linear in
the DAG size, also along a sum or product chain 100,000 deep (``internal_nodes`` finds the
single-use links of such chains; the standard level flattens them the same way).
"""

from __future__ import annotations

from symdiff.core.construct import add, mul, power
from symdiff.core.expr import Expr, Op
from symdiff.core.traverse import postorder, rebuild

__all__ = ["internal_nodes", "trivial_many"]


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
    internal, _ = internal_nodes(roots, order)
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


def internal_nodes(roots: list[Expr], order: list[Expr]) -> tuple[set[Expr], set[Expr]]:
    """Sums (products) used exactly once, by a sum (product), and not a root themselves:
    flattened into their user; and the nodes used more than once (or a root used below)."""
    parents: dict[Expr, int] = {}
    other_use: set[Expr] = set(roots)
    count = parents.get
    for node in order:
        args = node.args
        if not args:
            continue
        op = node.op
        for arg in set(args) if len(args) > 1 else args:
            parents[arg] = count(arg, 0) + 1
            if arg.op is not op:
                other_use.add(arg)
    internal = {
        n for n in order if n.op in (Op.ADD, Op.MUL) and parents.get(n) == 1 and n not in other_use
    }
    roots_below = {r for r in roots if r in parents}
    return internal, {n for n, k in parents.items() if k > 1} | roots_below
