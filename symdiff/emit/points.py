"""C callables over arrays of points: the loop of ``c_points`` behind ``lambdify(backend="c")``.

Takes a Program; returns the compiled library's entry points wrapped for three calls: plain
floats (one point), NumPy arrays one per variable (broadcast together, any shape), and one
array of points for the vector convention (see ``vector``). Only the structurally nonzero
outputs are computed; the dense result is cleared with one ``memset`` per point in C.

Why ``ctypes`` and not ``cffi``: ``ctypes`` is in the standard library, so compiled code needs
no extra dependency and no build of a Python extension per function (``cffi``'s fast API mode
would compile one for every source); its per-call cost (about a microsecond) is paid once per
call, not per point, because the inputs and outputs cross as two pointers to contiguous
float64 NumPy buffers and the loop over points runs in C.

Guarantees: every buffer passed to C is a C-contiguous float64 NumPy array whose size was
checked against the point count here, so C never reads or writes past it; inputs of another
real dtype (``int``, ``bool``, ``float32``) are converted and non-contiguous arrays copied;
anything else (complex, text, objects, ragged lists, shapes that do not broadcast) is an
``ArgumentError`` naming what was expected. ``nan`` and ``inf`` pass through (IEEE 754).
"""

from __future__ import annotations

import ctypes
import math
import numbers
from collections.abc import Callable
from typing import Any

from symdiff.core.errors import ArgumentError, EvaluationError
from symdiff.core.expr import Op
from symdiff.emit.c_points import emit_c_points
from symdiff.emit.cache import load_library
from symdiff.program.program import Program, nest

__all__ = ["PointsKernel", "as_float_array", "check_count", "dense_pattern", "real_arguments"]

_FLOAT = frozenset({float})


def dense_pattern(program: Program) -> tuple[Program, list[int]]:
    """The Program of the outputs that are not the number 0, and their flat positions."""
    pattern = [k for k, o in enumerate(program.outputs) if not _is_zero(o)]
    values = [program.outputs[k] for k in pattern]
    return Program(program.inputs, program.assignments, values), pattern


def _is_zero(node: Any) -> bool:
    """The number 0 (``memset`` writes +0.0, so a float -0.0 is stored as itself)."""
    if node.op is not Op.NUM or node.value != 0:
        return False
    return not isinstance(node.value, float) or math.copysign(1.0, node.value) > 0


def as_float_array(value: Any, what: str, name: str) -> Any:
    """``value`` as a float64 NumPy array (a copy only if its dtype differs), or an
    ``ArgumentError`` if it is not real numbers (complex, text, objects, ragged lists)."""
    import numpy as np

    if isinstance(value, np.ndarray) and value.dtype == np.float64:
        return value
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):  # ragged nested lists
        array = None
    if array is None or array.dtype.kind not in "biuf":
        kind = getattr(array, "dtype", type(value).__name__)
        raise ArgumentError(
            f"{name}(): {what} must be a real number or an array of real numbers, not {kind}"
        )
    return array.astype(np.float64)


class PointsKernel:
    """The compiled loop ``NAME_dense(x, out, npoints)`` of one Program, with its checks.

    >>> from symdiff.core.parse import parse
    >>> from symdiff.program.cse import cse
    >>> kernel = PointsKernel(cse([parse("x*y"), parse("0")], inputs=["x", "y"]), "f")
    >>> kernel.scalar(2.0, 3.0)
    (6.0, 0.0)
    >>> kernel.source.count("= 0.0;")
    0
    """

    def __init__(
        self, program: Program, name: str, load: Callable[[str, int], Any] | None = None
    ) -> None:
        values, pattern = dense_pattern(program)
        self.inputs = list(program.input_names)
        self.shape = program.shape
        self.size = math.prod(program.shape)
        self.name = name
        self.source = emit_c_points(values, pattern, self.size, name=name)
        self.library = (load or load_library)(self.source, program.count_ops())
        cfunc = self.library[f"{name}_dense"]
        cfunc.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_longlong]
        cfunc.restype = None
        self._cfunc = cfunc
        self._in = ctypes.c_double * len(self.inputs)
        self._out = ctypes.c_double * self.size

    def scalar(self, *args: Any) -> Any:
        """One point given as real numbers: a float, or nested tuples shaped like the outputs."""
        if len(args) != len(self.inputs) or not _FLOAT.issuperset(map(type, args)):
            args = real_arguments(args, self.inputs, self.name)
        point, out = self._in(*args), self._out()
        self._cfunc(ctypes.addressof(point), ctypes.addressof(out), 1)
        if not self.shape:
            return out[0]
        return nest(out[:], self.shape, tuple)

    def run(self, points: Any) -> Any:
        """``points``: a C-contiguous float64 array of shape ``(P, ninputs)``. Returns the
        float64 array of shape ``(P, size)``."""
        import numpy as np

        count = points.shape[0]
        if points.shape != (count, len(self.inputs)) or not points.flags.c_contiguous:
            raise AssertionError("points were not checked")  # pragma: no cover - internal
        out = np.empty((count, self.size))
        self._cfunc(points.ctypes.data, out.ctypes.data, count)
        return out

    def arrays(self, *args: Any) -> Any:
        """One NumPy array (or number) per variable, broadcast together: the result is shaped
        like the NumPy backend's, ``shape + points``."""
        import numpy as np

        check_count(args, self.inputs, self.name)
        arrays = [as_float_array(a, v, self.name) for a, v in zip(args, self.inputs, strict=True)]
        try:
            common = np.broadcast_shapes(*(a.shape for a in arrays))
        except ValueError:
            shapes = ", ".join(str(a.shape) for a in arrays)
            raise ArgumentError(
                f"{self.name}(): the arguments' shapes {shapes} do not broadcast together"
            ) from None
        count = math.prod(common)
        points = np.empty((count, len(self.inputs)))
        for k, array in enumerate(arrays):
            points[:, k] = np.broadcast_to(array, common).reshape(-1)
        out = self.run(points)
        return np.moveaxis(out, 0, -1).reshape(self.shape + common)


def check_count(args: tuple, inputs: list[str], name: str) -> None:
    """An ``ArgumentError`` unless there is one argument per input."""
    if len(args) != len(inputs):
        wanted = f"({', '.join(inputs)})" if inputs else "no arguments"
        raise ArgumentError(f"{name}() takes {len(inputs)} argument(s) {wanted}, got {len(args)}")


def real_arguments(args: tuple, inputs: list[str], name: str) -> tuple:
    """The arguments as floats, each checked to be a real number (``int``, ``float``, a NumPy
    scalar), never text or None: Python would repeat a string (``2*"a"``) instead of failing.
    Floats pass at the cost of one set check."""
    if len(args) == len(inputs) and _FLOAT.issuperset(map(type, args)):
        return args
    check_count(args, inputs, name)
    for value, input_name in zip(args, inputs, strict=True):
        if not isinstance(value, numbers.Real):
            raise ArgumentError(
                f"{name}(): {input_name} must be a real number, not {type(value).__name__}"
            )
    try:
        return tuple(map(float, args))
    except OverflowError:
        raise EvaluationError(f"{name}(): an argument overflows a float") from None
