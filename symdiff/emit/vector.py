"""The vector calling convention: ``f(x)`` with one array, as ``scipy.optimize`` calls it.

Takes a backend's callable (one argument per variable) or, for C, its ``PointsKernel``;
returns ``f(x)`` where ``x`` is

- a 1-D array of length n (one point, the variables in the Program's input order): the
  result is a float for one output, else an array shaped like the outputs (a gradient
  ``(n,)``, a Jacobian ``(m, n)``, a Hessian ``(n, n)``);
- a 2-D array of shape ``(n, P)``, one column per point (scipy's ``vectorized=True``
  convention, and the NumPy backend's layout: variables first, points last): the result has
  shape ``outputs + (P,)``.

Lists are accepted as arrays. Integer, boolean and float32 inputs are converted to float64;
a non-contiguous array is copied (C gets contiguous buffers only). Any other shape or dtype
is an ``ArgumentError`` saying what was expected. The ``array`` backend keeps its inputs'
namespace (and returns arrays, a 0-d array for one output).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from symdiff.core.errors import ArgumentError
from symdiff.emit.points import PointsKernel, as_float_array
from symdiff.program.program import Program

__all__ = ["SIGNATURES", "vector_callable"]

SIGNATURES = ("args", "vector")


def vector_callable(
    program: Program, backend: str, name: str, inner: Any, kernel: PointsKernel | None = None
) -> Callable[[Any], Any]:
    """``f(x)`` for a backend's callable ``inner`` (or the C ``kernel``); see the module.

    >>> from symdiff.core.parse import parse
    >>> from symdiff.emit.lambdify import lambdify
    >>> f = lambdify([parse("x*y"), parse("x + y")], "x y", signature="vector")
    >>> f([2.0, 3.0])
    array([6., 5.])
    """
    if kernel is not None:
        return _c_vector(program, name, kernel)
    if backend == "array":
        return _array_vector(program, name, inner)
    return _numpy_vector(program, name, inner, backend == "python")


def _checked(x: Any, n: int, name: str) -> Any:
    array = as_float_array(x, "x", name)
    if array.ndim in (1, 2) and array.shape[0] == n:
        return array
    raise ArgumentError(
        f"{name}(x): x must be a 1-D array of length {n} (one point) or a 2-D array of shape"
        f" ({n}, P) (one column per point), not an array of shape {array.shape}"
    )


def _c_vector(program: Program, name: str, kernel: PointsKernel) -> Callable[[Any], Any]:
    import numpy as np

    n, shape, size, cfunc = len(program.inputs), program.shape, kernel.size, kernel._cfunc
    ndarray, float64, empty = np.ndarray, np.float64, np.empty

    def call(x: Any) -> Any:
        if type(x) is not ndarray or x.dtype != float64 or x.shape != (n,):
            x = _checked(x, n, name)
        if x.ndim == 1:
            if not x.flags.c_contiguous:
                x = np.ascontiguousarray(x)
            out = empty(size)
            cfunc(x.ctypes.data, out.ctypes.data, 1)
            return float(out[0]) if not shape else out.reshape(shape)
        out = kernel.run(np.ascontiguousarray(x.T))
        return np.moveaxis(out, 0, -1).reshape((*shape, x.shape[1]))

    return call


def _numpy_vector(program: Program, name: str, inner: Any, per_point: bool) -> Callable[[Any], Any]:
    import numpy as np

    n, shape = len(program.inputs), program.shape

    def call(x: Any) -> Any:
        x = _checked(x, n, name)
        if x.ndim == 1:
            value = inner(*x.tolist())
            return float(value) if not shape else np.asarray(value, dtype=np.float64)
        if not per_point:
            return np.asarray(inner(*x), dtype=np.float64).reshape((*shape, x.shape[1]))
        values = [inner(*column) for column in x.T.tolist()]  # Python: one call per point
        out = np.asarray(values, dtype=np.float64).reshape((x.shape[1], *shape))
        return np.moveaxis(out, 0, -1)

    return call


def _array_vector(program: Program, name: str, inner: Any) -> Callable[[Any], Any]:
    n = len(program.inputs)

    def call(x: Any) -> Any:
        if not hasattr(x, "shape") or not hasattr(x, "dtype"):
            x = as_float_array(x, "x", name)
        dims = tuple(x.shape)
        if len(dims) not in (1, 2) or dims[0] != n:
            raise ArgumentError(
                f"{name}(x): x must be a 1-D array of length {n} (one point) or a 2-D array"
                f" of shape ({n}, P) (one column per point), not an array of shape {dims}"
            )
        return inner(*(x[k, ...] for k in range(n)))

    return call
