"""Compiled sparse Jacobians and Hessians: compute only the nonzeros, return them in a format.

Takes a ``SparseMatrix`` (``symdiff.diff.sparse``) and ``lambdify``'s options; returns a
``SparseCompiled`` callable. Its Program has one output per structural nonzero (a mirrored
Hessian entry is the same node, so it is computed once and only stored twice); no zero is
computed or stored. Each call returns, by ``format``:

- ``"values"``: a 1-D NumPy array of the nonzeros in the pattern's row-major order (with the
  NumPy backend and arrays of points: shape ``(nnz,) + points``);
- ``"csr"`` / ``"coo"``: a ``scipy.sparse.csr_matrix`` / ``coo_matrix`` of the right shape.

Guarantees: numpy is needed (``MissingDependencyError`` naming the extra otherwise), scipy
only for ``"csr"`` and ``"coo"``; the index arrays handed to SciPy are fresh copies, so
changing a returned matrix never changes the next one; the callable pickles.
"""

from __future__ import annotations

from typing import Any

from symdiff.core.errors import ArgumentError, ArgumentValueError, check_type, describe
from symdiff.core.optional import require
from symdiff.diff.sparse import SparseMatrix
from symdiff.diff.sparsity import SparsityPattern
from symdiff.emit.lambdify import lambdify

__all__ = ["FORMATS", "SIGNATURES", "SparseCompiled", "lambdify_sparse"]

#: What ``lambdify_sparse(format=...)`` accepts.
FORMATS = ("csr", "coo", "values")
#: How the compiled function takes its arguments: one per variable, or one 1-D array.
SIGNATURES = ("scalars", "vector")


def lambdify_sparse(
    matrix: SparseMatrix,
    args: Any = None,
    backend: str = "python",
    *,
    format: str = "csr",
    signature: str = "scalars",
    name: str = "f",
) -> SparseCompiled:
    """Compile a sparse Jacobian or Hessian into a function that computes only its nonzeros.

    Args:
        matrix: a ``SparseMatrix`` from ``sparse_jacobian`` or ``sparse_hessian``.
        args: the parameters in order; default: the matrix's variables (its columns).
        backend: ``"python"``, ``"numpy"`` or ``"c"`` (as for ``lambdify``).
        format: ``"csr"`` (default), ``"coo"`` or ``"values"`` (see the module docstring).
        signature: ``"scalars"`` (``f(x, y)``) or ``"vector"`` (``f(v)`` with one 1-D
            array, as ``scipy.optimize`` calls ``jac`` and ``hess``).
        name: the function's name in the generated code.

    Returns:
        A ``SparseCompiled``; its ``pattern``, ``values`` (the compiled values function)
        and ``source`` attributes show what it computes.

    >>> from symdiff.diff.sparse import sparse_hessian
    >>> h = lambdify_sparse(sparse_hessian("x^2*y", ["x", "y"]), format="values")
    >>> h(3.0, 5.0).tolist(), list(h.pattern)
    ([10.0, 6.0, 6.0], [(0, 0), (0, 1), (1, 0)])
    """
    check_type("matrix", matrix, SparseMatrix, "a SparseMatrix (sparse_jacobian, sparse_hessian)")
    check_type("format", format, str, "'csr', 'coo' or 'values'")
    if format not in FORMATS:
        raise ArgumentValueError(f"format must be 'csr', 'coo' or 'values', not {format!r}")
    check_type("signature", signature, str, "'scalars' or 'vector'")
    if signature not in SIGNATURES:
        raise ArgumentValueError(
            f"signature must be 'scalars' or 'vector', not {describe(signature)}"
        )
    require("numpy", purpose="sparse derivatives")
    if format != "values":
        require("scipy.sparse", "scipy", purpose=f'format="{format}"')
    params = list(matrix.variables) if args is None else args
    values = lambdify(list(matrix.entries), params, backend, name=name) if matrix.entries else None
    options = {"backend": backend, "format": format, "signature": signature, "name": name}
    inputs = values.program.input_names if values is not None else _names(params)  # type: ignore[attr-defined]
    return SparseCompiled(values, matrix.pattern, tuple(inputs), options)


def _names(params: Any) -> list[str]:
    if isinstance(params, str):
        return params.replace(",", " ").split()
    return [str(p) for p in params]


class SparseCompiled:
    """A compiled sparse Jacobian or Hessian (see ``lambdify_sparse``).

    Attributes:
        pattern: the ``SparsityPattern`` of what it returns.
        values: the compiled function of the nonzeros (``None`` when there are none).
        options: ``backend``, ``format``, ``signature`` and ``name``.
        source: the generated code of ``values``.
    """

    def __init__(
        self,
        values: Any,
        pattern: SparsityPattern,
        inputs: tuple[str, ...],
        options: dict[str, Any],
    ):
        self.values = values
        self.pattern = pattern
        self.inputs = inputs
        self.options = options
        self.__name__ = options["name"]
        self.source = getattr(values, "source", "")
        import numpy as np

        self._np = np
        self._rows = np.asarray(pattern.rows, dtype=np.int32)
        self._cols = np.asarray(pattern.cols, dtype=np.int32)
        self._indptr = np.asarray(pattern.indptr, dtype=np.int32)
        self._sparse = None if options["format"] == "values" else require("scipy.sparse")

    def __call__(self, *args: Any) -> Any:
        np = self._np
        if self.options["signature"] == "vector":
            args = self._unpack(args)
        if self.values is None:
            data = np.zeros(0)
            if len(args) != len(self.inputs):
                raise ArgumentError(
                    f"{self.__name__}() takes {len(self.inputs)} argument(s), got {len(args)}"
                )
        else:
            data = np.asarray(self.values(*args), dtype=np.float64)
        kind = self.options["format"]
        if kind == "values":
            return data
        if data.ndim != 1:
            raise ArgumentError(
                f'{self.__name__}(): format="{kind}" evaluates at one point; pass numbers,'
                ' or use format="values" for arrays of points'
            )
        if kind == "coo":
            return self._sparse.coo_matrix(  # type: ignore[union-attr]
                (data, (self._rows.copy(), self._cols.copy())), shape=self.pattern.shape
            )
        return self._sparse.csr_matrix(  # type: ignore[union-attr]
            (data, self._cols.copy(), self._indptr.copy()), shape=self.pattern.shape
        )

    def _unpack(self, args: tuple) -> tuple:
        np = self._np
        count = len(self.inputs)
        if len(args) != 1:
            raise ArgumentError(
                f"{self.__name__}() takes one array of {count} values, got {len(args)} arguments"
            )
        try:
            vector = np.asarray(args[0], dtype=np.float64)
        except (TypeError, ValueError):
            raise ArgumentError(
                f"{self.__name__}() takes one array of {count} real numbers,"
                f" not {type(args[0]).__name__}"
            ) from None
        if vector.shape != (count,):
            raise ArgumentError(
                f"{self.__name__}() takes one array of shape ({count},), got shape {vector.shape}"
            )
        return tuple(vector.tolist())

    def __reduce__(self) -> tuple:
        return (SparseCompiled, (self.values, self.pattern, self.inputs, self.options))

    def __repr__(self) -> str:
        options = self.options
        params = ", ".join(self.inputs)
        if options["signature"] == "vector":
            params = f"x[{len(self.inputs)}]"
        rows, cols = self.pattern.shape
        return (
            f"<symdiff {options['backend']} sparse {rows}x{cols} function"
            f" {options['name']}({params}), nnz={self.pattern.nnz}, format={options['format']}>"
        )
