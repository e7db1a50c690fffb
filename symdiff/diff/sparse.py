"""Sparse Jacobians and Hessians: only the structural nonzeros, as expressions with their pattern.

Takes expressions and variables; returns a ``SparseMatrix``: the pattern of
``symdiff.diff.sparsity`` and one derivative ``Expr`` per nonzero, in the pattern's row-major
order. Guarantees:

- no structural zero is built or simplified: the Jacobian takes, for each row, the reverse
  sweep over the variables of that row; the Hessian differentiates the shared reverse-mode
  gradient forward, one variable at a time over the nodes that depend on it, and keeps only
  the rows of the pattern (as ``hessian`` does, so the entries share one structure);
- the entries are simplified together (``simplify_many``) by default, like ``jacobian``;
- a ``SparseMatrix`` compiles with ``lambdify`` (see ``symdiff.emit.sparse``) into a
  function computing only the nonzeros.

>>> m = sparse_hessian("x^2*y + z", ["x", "y", "z"])
>>> m.pattern.nnz, [str(e) for e in m.entries]
(3, ['2*y', '2*x', '2*x'])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from symdiff.core.errors import ArgumentValueError, check_type, describe
from symdiff.core.expr import Expr, Number
from symdiff.diff.forward import Kit
from symdiff.diff.inputs import as_input, variables_of
from symdiff.diff.levels import finish, kit_for, level_of
from symdiff.diff.reverse import REVERSE, adjoints, gradient_graph, lower_columns
from symdiff.diff.sparsity import (
    SparsityPattern,
    _outputs,
    hessian_sparsity,
    jacobian_sparsity,
)

__all__ = ["TRIANGLES", "SparseMatrix", "sparse_hessian", "sparse_jacobian"]

ZERO = Number(0)

#: What ``sparse_hessian(triangle=...)`` accepts.
TRIANGLES = ("full", "lower")


@dataclass(frozen=True)
class SparseMatrix:
    """A sparse matrix of expressions: ``entries[k]`` sits at ``pattern`` position ``k``.

    Attributes:
        entries: one expression per structural nonzero, in the pattern's row-major order
            (for a full Hessian, ``(i, j)`` and ``(j, i)`` hold the same node).
        pattern: the ``SparsityPattern``.
        variables: the columns' variables (the default argument order when compiled).

    >>> m = sparse_jacobian(["x*y", "y"], ["x", "y"])
    >>> [[str(e) for e in row] for row in m.to_dense()]
    [['y', 'x'], ['0', '1']]
    """

    entries: tuple[Expr, ...]
    pattern: SparsityPattern
    variables: tuple[Expr, ...]

    def to_dense(self) -> list[list[Expr]]:
        """The matrix as rows of expressions, ``0`` outside the pattern."""
        rows, cols = self.pattern.shape
        dense = [[ZERO] * cols for _ in range(rows)]
        for (r, c), entry in zip(self.pattern, self.entries, strict=True):
            dense[r][c] = entry
        return dense

    def __repr__(self) -> str:
        rows, cols = self.pattern.shape
        return f"<SparseMatrix {rows}x{cols}, nnz={self.pattern.nnz}>"


def sparse_jacobian(
    exprs: object, wrt: object = None, *, simplify: bool | str = True
) -> SparseMatrix:
    """The nonzero entries of the Jacobian of ``exprs`` and their pattern.

    Args:
        exprs: an expression or text, or a sequence of them (the rows).
        wrt: the variables (the columns); default: the free symbols in natural order.
        simplify: as for ``jacobian``: ``True`` (standard, together), ``"trivial"`` or
            ``False``.

    Returns:
        A ``SparseMatrix`` of shape ``(len(exprs), len(wrt))``.

    >>> m = sparse_jacobian(["x^2", "x*y", "y"], ["x", "y"])
    >>> list(m.pattern), [str(e) for e in m.entries]
    ([(0, 0), (1, 0), (1, 1), (2, 1)], ['2*x', 'y', 'x', '1'])
    """
    level_of(simplify)
    outputs = _outputs(exprs)
    variables = variables_of(outputs, wrt)
    pattern = jacobian_sparsity(outputs, variables)
    k = kit_for(simplify, REVERSE)
    entries: list[Expr] = []
    pointers = pattern.indptr
    for row, output in enumerate(outputs):
        cols = pattern.cols[pointers[row] : pointers[row + 1]]
        wanted = [variables[c] for c in cols]
        table = adjoints(output, wanted, k) if wanted else {}
        entries += [table.get(v, ZERO) for v in wanted]
    cells = finish(entries, simplify, shared=True)
    return SparseMatrix(tuple(cells), pattern, tuple(variables))


def sparse_hessian(
    expr: object, wrt: object = None, *, triangle: str = "full", simplify: bool | str = True
) -> SparseMatrix:
    """The nonzero entries of the Hessian of ``expr`` and their pattern.

    Args:
        expr: an expression or text.
        wrt: the variables; default: the free symbols in natural order.
        triangle: ``"full"`` (default): both triangles, each mirrored entry the same node
            (computed once when compiled); ``"lower"``: only ``row >= col``.
        simplify: as for ``hessian``.

    Returns:
        A ``SparseMatrix`` of shape ``(len(wrt), len(wrt))``.

    >>> m = sparse_hessian("x*y + y^3", ["x", "y"], triangle="lower")
    >>> list(m.pattern), [str(e) for e in m.entries]
    ([(1, 0), (1, 1)], ['1', '6*y'])
    """
    check_type("triangle", triangle, str, "'full' or 'lower'")
    if triangle not in TRIANGLES:
        raise ArgumentValueError(f"triangle must be 'full' or 'lower', not {describe(triangle)}")
    level_of(simplify)
    root = as_input(expr)
    variables = variables_of([root], wrt)
    full = hessian_sparsity(root, variables)
    lower = full.lower()
    values = _lower_entries(root, variables, lower, kit_for(simplify, REVERSE))
    cells = finish(values, simplify, shared=True)
    if triangle == "lower":
        return SparseMatrix(tuple(cells), lower, tuple(variables))
    at = dict(zip(lower, cells, strict=True))
    entries = tuple(at[(r, c) if r >= c else (c, r)] for r, c in full)
    return SparseMatrix(entries, full, tuple(variables))


def _lower_entries(
    root: Expr, variables: Sequence[Expr], lower: SparsityPattern, k: Kit
) -> list[Expr]:
    """The lower-triangle entries in ``lower``'s order: forward over reverse, per column."""
    graph = gradient_graph(root, variables, k)
    grad = graph[0]
    by_column: dict[int, list[int]] = {}
    for position, (_, col) in enumerate(lower):
        by_column.setdefault(col, []).append(position)
    values: list[Expr] = [ZERO] * lower.nnz
    for col, known in lower_columns(variables, graph, k, by_column):
        for position in by_column[col]:
            values[position] = known.get(grad[lower.rows[position]], ZERO)
    return values
