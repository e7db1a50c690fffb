"""Sparsity patterns of Jacobians and Hessians, found on the expression without differentiating.

Takes expressions and variables; returns a ``SparsityPattern``: the structural nonzeros, as
sorted row-major ``(row, col)`` index pairs. Guarantees:

- no derivative of the input is formed: each node gets a *local* rule (which arguments its
  value depends on, and which pairs of arguments interact in its second derivative), derived
  once per function from the registry's own partial derivatives (``sin`` interacts with itself,
  ``*`` pairs distinct factors, ``+`` and ``where`` are linear, ``sign`` and comparisons have
  no derivative at all), much as Symbolics.jl's ``linearity`` table, but read from the rules;
- Jacobian: one pass in postorder carries each node's dependency set (a bit set of
  variables) through the arguments with a nonzero partial;
- Hessian: "edge pushing" (Walther; Gower and Mello): the second derivative of the root is the
  sum over every node reached from it through nonzero partials of its local second
  derivative, so the pattern is the union of ``D(u_i) x D(u_j)`` over the interacting
  argument pairs ``(u_i, u_j)`` of those nodes; nothing is propagated per node but the
  dependency sets;
- the pattern is a superset of the nonzeros of the formed ``jacobian``/``hessian`` (an entry
  that cancels, ``x*y - y*x``, stays in it); iterative, so depth is unlimited.

>>> from symdiff.core.parse import parse
>>> print(hessian_sparsity(parse("x^2 + x*y + sin(z)"), ["x", "y", "z"]))
x x .
x . .
. . x
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence

from symdiff.core.errors import SymdiffError, items_of
from symdiff.core.expr import Expr, Op, Symbol
from symdiff.core.functions import Function
from symdiff.core.traverse import postorder
from symdiff.diff.forward import TRIVIAL, derive, is_zero, partial
from symdiff.diff.inputs import as_input, variables_of
from symdiff.diff.pattern import SparsityPattern, set_bits

__all__ = [
    "SparsityPattern",
    "hessian_sparsity",
    "jacobian_sparsity",
    "local_rule",
    "nonzero_pattern",
]

#: The local rule of a node: the arguments its value depends on (a nonzero partial), and the
#: pairs ``(i, j)``, ``i <= j``, whose mixed second partial is not structurally zero.
Local = tuple[tuple[int, ...], tuple[tuple[int, int], ...]]

_LEAF: Local = ((), ())
_CALL_RULES: weakref.WeakKeyDictionary[Function, Local] = weakref.WeakKeyDictionary()


# -- local rules -----------------------------------------------------------------------------


def local_rule(node: Expr) -> Local:
    """Which arguments of ``node`` it depends on, and which pairs interact (second order).

    >>> from symdiff.core.parse import parse
    >>> local_rule(parse("x*y")), local_rule(parse("sin(x)")), local_rule(parse("x^1"))
    (((0, 1), ((0, 1),)), ((0,), ((0, 0),)), ((0,), ()))
    """
    if not node.args:
        return _LEAF
    if node.op is Op.ADD:
        return tuple(range(len(node.args))), ()
    if node.op is Op.MUL:
        if any(is_zero(a) for a in node.args):
            return _LEAF
        count = len(node.args)
        return tuple(range(count)), tuple((i, j) for i in range(count) for j in range(i + 1, count))
    if node.op is Op.POW:
        return _pow_rule(*node.args)
    function = node.value
    rule = _CALL_RULES.get(function)
    if rule is None:
        rule = _CALL_RULES[function] = _call_rule(function)
    return rule


def _live(node: Expr) -> Sequence[int]:
    """The first part of ``local_rule``, without listing a product's pairs."""
    if node.op is Op.MUL:
        return () if any(is_zero(a) for a in node.args) else range(len(node.args))
    return local_rule(node)[0]


def _product_blocks(node: Expr, deps: dict[Expr, int], blocks: set[tuple[int, int]]) -> None:
    """A product's interactions, ``D(u_i) x D(all other factors)`` for each factor: linear in
    the number of factors (prefix and suffix unions), where listing the pairs is quadratic."""
    masks = [deps[a] for a in node.args]
    suffix = [0] * (len(masks) + 1)
    for i in range(len(masks) - 1, -1, -1):
        suffix[i] = suffix[i + 1] | masks[i]
    prefix = 0
    for i, mask in enumerate(masks):
        others = prefix | suffix[i + 1]
        if mask and others:
            blocks.add((mask, others))
        prefix |= mask


def _pow_rule(base: Expr, exponent: Expr) -> Local:
    if exponent.is_number:
        if exponent.value == 0:
            return _LEAF
        return ((0,), ()) if exponent.value == 1 else ((0,), ((0, 0),))
    if is_zero(base):
        return _LEAF
    return (0, 1), ((0, 0), (0, 1), (1, 1))


def _call_rule(function: Function) -> Local:
    """The local rule of ``function``, read from its partial derivatives at fresh symbols."""
    u = [Symbol(f"u{i}") for i in range(function.arity)]
    node = function(*u)
    everything = tuple(range(function.arity))
    if function.select is not None:  # piecewise: linear in the branches, not the condition
        _, i, j = function.select(*u)
        return tuple(k for k in everything if k in (i, j)), ()
    live: list[int] = []
    pairs: set[tuple[int, int]] = set()
    for i in everything:
        try:
            first = partial(node, i)
            seconds = [derive(first, u[j], TRIVIAL) for j in everything]
        except SymdiffError:  # no rule (or one that fails): assume it depends on and mixes all
            live.append(i)
            pairs.update((min(i, j), max(i, j)) for j in everything)
            continue
        if is_zero(first):
            continue
        live.append(i)
        pairs.update((min(i, j), max(i, j)) for j in everything if not is_zero(seconds[j]))
    return tuple(live), tuple(sorted(pairs))


# -- the passes ------------------------------------------------------------------------------


def _dependencies(order: list[Expr], index: dict[Expr, int]) -> dict[Expr, int]:
    """Each node's dependency set: a bit set over the variables' positions in ``index``."""
    deps: dict[Expr, int] = {}
    for node in order:
        if node.op is Op.SYM:
            position = index.get(node)
            deps[node] = 0 if position is None else 1 << position
        elif not node.args:
            deps[node] = 0
        else:
            mask = 0
            args = node.args
            for i in _live(node):
                mask |= deps[args[i]]
            deps[node] = mask
    return deps


def _outputs(exprs: object) -> list[Expr]:
    if isinstance(exprs, (str, Expr)):
        return [as_input(exprs)]
    items = items_of("exprs", exprs, "an expression, text or a sequence of them")
    return [as_input(e, f"exprs[{i}]") for i, e in enumerate(items)]


def jacobian_sparsity(exprs: object, wrt: object = None) -> SparsityPattern:
    """The structural nonzeros of ``jacobian(exprs, wrt)``, without differentiating.

    Args:
        exprs: an expression or text, or a sequence of them (the rows).
        wrt: the variables (the columns); default: the free symbols in natural order.

    Returns:
        A ``SparsityPattern`` of shape ``(len(exprs), len(wrt))``.

    >>> p = jacobian_sparsity(["x*y", "sin(z)", "sign(x) + 2"], ["x", "y", "z"])
    >>> p.rows, p.cols, p.shape
    ((0, 0, 1), (0, 1, 2), (3, 3))
    """
    outputs = _outputs(exprs)
    variables = variables_of(outputs, wrt)
    index = {v: i for i, v in enumerate(variables)}
    deps = _dependencies(postorder(*outputs), index) if outputs else {}
    return SparsityPattern.from_row_sets([deps[o] for o in outputs], len(variables))


def hessian_sparsity(expr: object, wrt: object = None) -> SparsityPattern:
    """The structural nonzeros of ``hessian(expr, wrt)`` (both triangles), without
    differentiating. ``.lower()`` keeps the lower triangle.

    Args:
        expr: an expression or text.
        wrt: the variables; default: the free symbols in natural order.

    Returns:
        A symmetric ``SparsityPattern`` of shape ``(len(wrt), len(wrt))``.

    >>> p = hessian_sparsity("x1^2*x2 + exp(x3) + x4", ["x1", "x2", "x3", "x4"])
    >>> list(p)
    [(0, 0), (0, 1), (1, 0), (2, 2)]
    """
    root = as_input(expr)
    variables = variables_of([root], wrt)
    index = {v: i for i, v in enumerate(variables)}
    order = postorder(root)
    deps = _dependencies(order, index)
    blocks = _interactions(order, deps)
    masks = [0] * len(variables)
    for left, right in blocks:
        for i in set_bits(left):
            masks[i] |= right
        for j in set_bits(right):
            masks[j] |= left
    return SparsityPattern.from_row_sets(masks, len(variables))


def _interactions(order: list[Expr], deps: dict[Expr, int]) -> set[tuple[int, int]]:
    """The products ``D(u_i) x D(u_j)`` (as bit-set pairs) of every node that the root
    reaches through nonzero partials: the terms of its second derivative."""
    root = order[-1]
    reached = {root} if deps[root] else set()
    blocks: set[tuple[int, int]] = set()
    for node in reversed(order):  # every parent before its children
        if node not in reached:
            continue
        args = node.args
        for i in _live(node):
            if deps[args[i]]:
                reached.add(args[i])
        if node.op is Op.MUL:
            if _live(node):
                _product_blocks(node, deps, blocks)
            continue
        for i, j in local_rule(node)[1]:
            left, right = deps[args[i]], deps[args[j]]
            if left and right:
                blocks.add((left, right))
    return blocks


def nonzero_pattern(matrix: Iterable[Iterable[Expr]]) -> SparsityPattern:
    """The entries of a formed matrix of expressions that are not the number 0.

    >>> from symdiff.diff.reverse import hessian
    >>> list(nonzero_pattern(hessian("x^2*y")))
    [(0, 0), (0, 1), (1, 0)]
    """
    rows = [list(row) for row in matrix]
    width = len(rows[0]) if rows else 0
    masks = [sum(1 << c for c, e in enumerate(row) if not is_zero(e)) for row in rows]
    return SparsityPattern.from_row_sets(masks, width)
