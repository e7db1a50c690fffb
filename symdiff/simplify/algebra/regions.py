"""Visiting the regions of an expression, inner ones first.

A region root is a region node (``symdiff.simplify.algebra.convert.is_region_node``, not a
bare number) that is the root or is used by an atom (a call's argument, the base of
``x^(1/2)``, the exponent of ``e^u``). Each region root is visited once, children first,
after the regions inside its atoms: the visit sees its region rebuilt from their results.
A sum or product shared by two regions belongs to both (so that each can cancel it); the
visits bound the work they do per region (``symdiff.simplify.algebra.convert.MAX_REGION``).
The walk is iterative and linear in the number of unique nodes, apart from the visits.

>>> from symdiff.core.parse import parse
>>> seen = []
>>> _ = map_regions(parse("sin(x + 1)*y + 2"), lambda node: seen.append(str(node)) or node)
>>> seen
['x + 1', 'sin(x + 1)*y + 2']
"""

from __future__ import annotations

from collections.abc import Callable

from symdiff.core.expr import Expr, Op
from symdiff.core.traverse import postorder, rebuild
from symdiff.simplify.algebra.convert import is_region_node

__all__ = ["map_regions", "region_roots", "replace_atoms"]

Visit = Callable[[Expr], Expr]


def region_roots(root: Expr, order: list[Expr]) -> set[Expr]:
    """The region roots among ``order`` (the nodes below ``root``, children first)."""
    under_atom: set[Expr] = set()
    for node in order:
        if not is_region_node(node):
            under_atom.update(node.args)
    return {
        n
        for n in order
        if n.op is not Op.NUM and is_region_node(n) and (n is root or n in under_atom)
    }


def map_regions(root: Expr, visit: Visit) -> Expr:
    """``root`` with each region replaced by ``visit(region)``, inner regions first."""
    order = postorder(root)
    roots = region_roots(root, order)
    done: dict[Expr, Expr] = {}
    for node in order:
        new = rebuild(node, tuple(done[a] for a in node.args)) if node.args else node
        if node in roots:
            new = visit(new)
        done[node] = new
    return done[root]


def replace_atoms(
    root: Expr,
    replace: Visit,
    build: Callable[[Expr, tuple[Expr, ...]], Expr] = rebuild,
) -> Expr:
    """The region ``root`` rebuilt with each atom (a node that is not a region node) as
    ``replace(atom)`` and each region node as ``build(node, its new operands)``; iterative,
    each node once.

    >>> from symdiff.core.parse import parse
    >>> z = parse("z")
    >>> str(replace_atoms(parse("sin(x)*y + sin(x)"), lambda a: z if a.op is Op.CALL else a))
    'z*y + z'
    """
    done: dict[Expr, Expr] = {}
    stack: list[tuple[Expr, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if node in done:
            continue
        if not is_region_node(node):
            done[node] = replace(node)
        elif expanded:
            done[node] = build(node, tuple(done[a] for a in node.args))
        else:
            stack.append((node, True))
            stack.extend((a, False) for a in node.args if a not in done)
    return done[root]
