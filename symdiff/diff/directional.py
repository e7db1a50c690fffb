"""Directional derivatives: Jacobian-vector, vector-Jacobian and Hessian-vector products.

Takes expressions, variables and a direction (numbers or expressions); returns the product
as expressions, without forming the Jacobian or Hessian:

- ``jvp``: one forward pass over the DAG of all outputs, seeded with the direction
  (``d x_i = v_i``): ``J v``, a column of the Jacobian when ``v`` is a unit vector;
- ``vjp``: one reverse pass over the same DAG, every output's adjoint seeded with its
  weight: ``w^T J``, a row (a gradient) when ``w`` is a unit vector;
- ``hvp``: forward over reverse: the reverse-mode gradient, then one forward pass over it
  in the direction ``v``: ``H v``.

Guarantees: each is one pass linear in the DAG size (of the function, or of its gradient
for ``hvp``), so the result's size after ``cse`` is a small multiple of the function's
(``benchmarks/bench_directional.py`` measures it); no Python recursion; results are
simplified together with ``simplify_many`` (the shared structure stays shared).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence

from symdiff.core.errors import ArgumentValueError, items_of
from symdiff.core.expr import Expr, Number
from symdiff.core.traverse import postorder
from symdiff.diff.forward import Kit, is_zero, live_nodes, propagate
from symdiff.diff.inputs import as_input, variables_of
from symdiff.diff.levels import finish, kit_for
from symdiff.diff.reverse import REVERSE, accumulate, adjoints

__all__ = ["hvp", "jvp", "vjp"]

ZERO = Number(0)


def _outputs(exprs: object) -> tuple[list[Expr], bool]:
    """The outputs as expressions, and whether one expression (not a sequence) was given."""
    if isinstance(exprs, str | Expr | numbers.Real):
        return [as_input(exprs)], True
    items = items_of("exprs", exprs, "an expression, text or a sequence of them")
    return [as_input(e, f"exprs[{i}]") for i, e in enumerate(items)], False


def _direction(name: str, values: object, size: int, what: str) -> list[Expr]:
    items = items_of(name, values, "a sequence of numbers or expressions")
    if len(items) != size:
        raise ArgumentValueError(
            f"{name} must have one entry per {what} ({size}), not {len(items)}"
        )
    return [as_input(v, f"{name}[{i}]") for i, v in enumerate(items)]


def _forward(roots: Sequence[Expr], seeds: dict[Expr, Expr], k: Kit) -> list[Expr]:
    """One forward pass over the DAG of ``roots`` with ``d s = seeds[s]``."""
    order = postorder(*roots)
    live = live_nodes(order, seeds)
    known = dict(seeds)
    propagate([n for n in order if n in live], known, live, k)
    return [known.get(r, ZERO) if r in live else ZERO for r in roots]


def jvp(
    exprs: object, wrt: object, v: Iterable[object], *, simplify: bool | str = True
) -> Expr | list[Expr]:
    """The Jacobian-vector product ``J v`` in one forward pass.

    Args:
        exprs: an expression (or text), or a sequence of them.
        wrt: the variables, as for ``gradient`` (``"x y"`` works too; default ``None``:
            the free symbols in natural order).
        v: the direction, one number or expression per variable.
        simplify: as for ``gradient``.

    Returns:
        One expression per output (a single one for a single expression).

    >>> print(jvp("x^2*y", ["x", "y"], [1, 0]))
    2*x*y
    >>> [str(d) for d in jvp(["x*y", "x + y"], ["x", "y"], ["a", "b"])]
    ['a*y + b*x', 'a + b']
    """
    outputs, single = _outputs(exprs)
    variables = variables_of(outputs, wrt)
    seeds = dict(zip(variables, _direction("v", v, len(variables), "variable"), strict=True))
    result = finish(_forward(outputs, seeds, kit_for(simplify, REVERSE)), simplify, shared=True)
    return result[0] if single else result


def vjp(exprs: object, wrt: object, w: object, *, simplify: bool | str = True) -> list[Expr]:
    """The vector-Jacobian product ``w^T J`` in one reverse pass.

    Args:
        exprs: an expression (or text), or a sequence of them.
        wrt: the variables, as for ``gradient`` (``"x y"`` works too; default ``None``:
            the free symbols in natural order).
        w: the weights, one number or expression per output (a single one for a single
            expression).
        simplify: as for ``gradient``.

    Returns:
        One expression per variable.

    >>> [str(d) for d in vjp(["x*y", "x + y"], ["x", "y"], [1, "c"])]
    ['c + y', 'c + x']
    """
    outputs, single = _outputs(exprs)
    variables = variables_of(outputs, wrt)
    weights = [as_input(w, "w")] if single and not isinstance(w, list | tuple) else None
    if weights is None:
        weights = _direction("w", w, len(outputs), "output")
    k = kit_for(simplify, REVERSE)
    table = _reverse(outputs, weights, variables, k)
    return finish([table.get(x, ZERO) for x in variables], simplify, shared=True)


def _reverse(
    outputs: list[Expr], weights: list[Expr], variables: list[Expr], k: Kit
) -> dict[Expr, Expr]:
    """One reverse sweep over the DAG of all outputs, output ``i`` seeded with ``weights[i]``."""
    order = postorder(*outputs)
    live = live_nodes(order, variables)
    pending: dict[Expr, list[Expr]] = {}
    for output, weight in zip(outputs, weights, strict=True):
        if output in live and not is_zero(weight):
            pending.setdefault(output, []).append(weight)
    return accumulate(order, pending, live, k)


def hvp(
    expr: object, wrt: object, v: Iterable[object], *, simplify: bool | str = True
) -> list[Expr]:
    """The Hessian-vector product ``H v``, forward over reverse, without the Hessian.

    Args:
        expr: an expression or text.
        wrt: the variables, as for ``gradient`` (``"x y"`` works too; default ``None``:
            the free symbols in natural order).
        v: the direction, one number or expression per variable.
        simplify: as for ``gradient``.

    Returns:
        One expression per variable.

    >>> [str(d) for d in hvp("x^2*y", ["x", "y"], [1, 1])]
    ['2*x + 2*y', '2*x']
    """
    root = as_input(expr)
    variables = variables_of([root], wrt)
    seeds = dict(zip(variables, _direction("v", v, len(variables), "variable"), strict=True))
    k = kit_for(simplify, REVERSE)
    table = adjoints(root, variables, k)
    grad = [table.get(x, ZERO) for x in variables]
    return finish(_forward(grad, seeds, k), simplify, shared=True)
