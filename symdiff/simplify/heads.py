"""Heads and sizes of a program: what ``symdiff.simplify.sharing`` cuts a DAG at, and counts.

Takes expressions that share structure; returns their *heads* (the outputs and every node
used more than once) grouped by height, and operation counts of trees (``tree_ops``). Both
are iterative and depend only on the structure of the nodes.
"""

from __future__ import annotations

from typing import NamedTuple

from symdiff.core.expr import LEAVES, Expr, Op
from symdiff.core.traverse import postorder

__all__ = ["Heads", "head_levels", "program_heads", "tree_ops"]


class Heads(NamedTuple):
    """The heads of distinct roots (outputs and nodes used more than once), by level."""

    heads: set[Expr]
    levels: list[list[Expr]]


def program_heads(roots: list[Expr]) -> Heads:
    """The heads of distinct ``roots``, grouped by height (``_levels``)."""
    order = postorder(*roots)
    users: dict[Expr, int] = dict.fromkeys(roots, 2)
    for node in order:
        for arg in node.args:  # with repeats: x*x uses x twice
            users[arg] = users.get(arg, 0) + 1
    heads = {n for n in order if n.op not in LEAVES and users.get(n, 0) > 1}
    return Heads(heads, _levels(order, heads))


def head_levels(roots: list[Expr]) -> int:
    """How many levels of heads (outputs and nodes used more than once) ``roots`` nest.

    >>> from symdiff.core.parse import parse
    >>> head_levels([parse("(x + 1)*(x + 1)")])
    2
    """
    return len(program_heads(list(dict.fromkeys(roots))).levels)


def _levels(order: list[Expr], heads: set[Expr]) -> list[list[Expr]]:
    """Heads grouped by height: a head comes after every head its region uses."""
    height: dict[Expr, int] = {}
    levels: list[list[Expr]] = []
    for node in order:
        below = 0
        for a in node.args:
            h = height.get(a, 0)
            below = max(below, h + 1 if a in heads else h)
        height[node] = below
        if node in heads:
            while len(levels) <= below:
                levels.append([])
            levels[below].append(node)
    return levels


def tree_ops(root: Expr, sizes: dict[Expr, int]) -> int:
    """Operations of ``root`` counted once per use (at least its DAG's), memoized in
    ``sizes`` across calls; placeholders are leaves."""
    found = sizes.get(root)
    if found is not None:
        return found
    stack = [root]
    while stack:
        node = stack[-1]
        if node in sizes:
            stack.pop()
            continue
        args = node.args
        total = 0
        for a in args:
            size = sizes.get(a)
            if size is None:
                if a.args:
                    total = -1
                    stack.append(a)
                    continue
                size = sizes[a] = 0
            if total >= 0:
                total += size
        if total < 0:
            continue
        stack.pop()
        own = len(args) - 1 if node.op in (Op.ADD, Op.MUL) else (1 if args else 0)
        sizes[node] = own + total
    return sizes[root]
