"""Callables from expressions: emit code for a Program, compile it, return the function.

Takes expressions or a Program, the parameter order and a backend; returns a Python callable.
Guarantees: the only text compiled is the emitter's output, built from validated identifiers
and numeric literals (input text is never passed to ``exec`` or ``eval``); the Python and
NumPy code runs with no builtins except an ``__import__`` that allows only ``math`` and
``numpy``; C is compiled with the system compiler (see ``cache``: the optimization level
depends on the size, and libraries are cached on disk by the hash of their source) into a
shared library loaded with ``ctypes``. Each callable carries its ``source`` and ``program``.

Results: one output is a float (an array for NumPy); several are a tuple (nested tuples for a
Jacobian) for Python and C, and one array of shape ``(n,) + points`` for NumPy.

Arguments are checked: the wrong number of them, or one that is not a real number (for
NumPy: not an array of real numbers), raises ``ArgumentError``. Outside the real domain and
on overflow the Python backend raises ``DomainError`` and ``EvaluationError`` as
``evaluate`` does; NumPy and C follow IEEE 754 (``nan``, ``inf``; NumPy also warns).
"""

from __future__ import annotations

import ctypes
import functools
import numbers
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from symdiff.core.errors import (
    ArgumentError,
    DomainError,
    EmitError,
    EvaluationError,
    SymdiffError,
    check_type,
)
from symdiff.core.evaluate import call_user_function
from symdiff.core.functions import Function
from symdiff.core.optional import require
from symdiff.emit.array import array_callable
from symdiff.emit.cache import MAX_OPTIMIZED_OPS, c_compiler, load_library
from symdiff.emit.careful import careful_input
from symdiff.emit.code import called_functions
from symdiff.emit.compiled import Compiled
from symdiff.emit.numpy import emit_numpy
from symdiff.emit.points import PointsKernel, check_count, real_arguments
from symdiff.emit.python import emit_python
from symdiff.emit.vector import SIGNATURES, vector_callable
from symdiff.program.program import Program

__all__ = ["BACKENDS", "MAX_OPTIMIZED_OPS", "c_compiler", "lambdify"]

BACKENDS = ("python", "numpy", "c", "array")
_ALLOWED_IMPORTS = frozenset({"math", "numpy", "scipy.special"})
#: How many compiled C libraries are kept for reuse (by source). A callable keeps its own
#: library loaded; this only bounds what the cache holds on to.
MAX_CACHED_LIBRARIES = 64
_LIBRARIES: OrderedDict[tuple, ctypes.CDLL] = OrderedDict()  # (source, dir) -> library
_LIBRARIES_LOCK = threading.Lock()


def lambdify(
    exprs_or_program: Any,
    args: Any = None,
    backend: str = "python",
    *,
    name: str = "f",
    careful: bool = True,
    signature: str = "args",
) -> Callable[..., Any]:
    """Compile expressions (or a Program) into a fast callable.

    Args:
        exprs_or_program: an expression, a (nested) list of them, or a ``Program``.
        args: the parameters in order (symbols, names, or a string ``"x y"``); default: the
            free symbols in natural order, ``x2`` before ``x10`` (the Program's inputs;
            see ``natural_key``). An order given is used exactly as given.
        backend: ``"python"`` (``math``), ``"numpy"`` (vectorized), ``"c"`` (compiled) or
            ``"array"`` (any array-API library: NumPy, CuPy, JAX, PyTorch, Dask).
        name: the function's name in the generated code.
        careful: compute ``log(1 + u)``, ``exp(u) - 1`` and ``sqrt(a^2 + b^2)`` with
            ``log1p``, ``expm1`` and ``hypot`` (accurate near 0, no overflow; see
            ``symdiff.emit.careful``); ``False`` emits the program exactly as it is.
        signature: ``"args"`` (one argument per variable, each a number or, except for
            ``"python"``, an array) or ``"vector"``: ``f(x)`` with one 1-D array of length n,
            or a 2-D array ``(n, P)`` of P points (see ``symdiff.emit.vector``); the result
            is shaped like the outputs (a Hessian ``(n, n)``), then the points.

    Returns:
        The callable (a ``Compiled``, which pickles: it is rebuilt from its program); its
        ``source`` attribute holds the generated code.

    >>> from symdiff.core.parse import parse
    >>> f = lambdify([parse("x*y"), parse("x + y")], "x y")
    >>> f(2.0, 3.0)
    (6.0, 5.0)
    """
    from symdiff.diff.sparse import SparseMatrix

    if isinstance(exprs_or_program, SparseMatrix):  # nonzeros only: symdiff.emit.sparse
        from symdiff.emit.sparse import lambdify_sparse

        return lambdify_sparse(exprs_or_program, args, backend, name=name)
    check_type("backend", backend, str, f"one of {', '.join(BACKENDS)}")
    if backend not in BACKENDS:
        raise EmitError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    check_type("signature", signature, str, f"one of {', '.join(SIGNATURES)}")
    if signature not in SIGNATURES:
        raise EmitError(f"unknown signature {signature!r}; choose one of {', '.join(SIGNATURES)}")
    if backend == "numpy" or signature == "vector":
        require("numpy", purpose=f'backend="{backend}", signature="{signature}"')
    program = careful_input(exprs_or_program, _names(args), careful)
    if backend == "numpy" and any(
        "scipy.special." in f.targets.get("numpy", "") for f in called_functions(program)
    ):
        require("scipy", purpose="special functions with NumPy")
    kernel = None
    if backend == "c":
        kernel = PointsKernel(program, name, cached_library)
        inner = _c_callable(kernel)
    elif backend == "array":
        inner = array_callable(program, name, careful=False)
    else:
        inner = _python_callable(program, name, backend)
    options = {"backend": backend, "name": name, "careful": careful, "signature": signature}
    if signature == "vector":
        vector = vector_callable(program, backend, name, inner, kernel)
        for attribute in ("source", "library"):
            if hasattr(inner, attribute):
                setattr(vector, attribute, getattr(inner, attribute))
        inner = vector
    function = Compiled(inner, program, options)
    for attribute in ("source", "library", "__wrapped__"):
        if hasattr(inner, attribute):
            setattr(function, attribute, getattr(inner, attribute))
    return function


def _names(args: Any) -> Any:
    if isinstance(args, str):
        return args.replace(",", " ").split()
    return args


def _restricted_import(name: str, *args: Any, **kwargs: Any) -> Any:
    if name not in _ALLOWED_IMPORTS:
        raise ImportError(f"generated code may import only {sorted(_ALLOWED_IMPORTS)}")
    return __import__(name, *args, **kwargs)


def _python_callable(program: Program, name: str, backend: str) -> Callable[..., Any]:
    source, function = _compiled_source(program, name, backend)
    inputs = [str(i) for i in program.inputs]
    if backend == "python":
        function = _real_mode(function, name, inputs)
    else:
        try:  # plain floats take the scalar path: the same code with ``math``
            scalar = _compiled_source(program, name, "python")[1]
        except EmitError:  # a function without a ``math`` form
            scalar = None
        function = _array_mode(function, name, inputs, scalar, program.shape)
    function.source = source  # type: ignore[attr-defined]
    return function


def _compiled_source(program: Program, name: str, backend: str) -> tuple[str, Any]:
    emit = emit_python if backend == "python" else emit_numpy
    calls: dict[str, Function] = {}
    source = emit(program, name=name, calls=calls, careful=False)  # lambdify applied it
    namespace: dict[str, Any] = {"__builtins__": {"__import__": _restricted_import}}
    namespace["float"] = float  # the Python dialect's scalar (a reserved name)
    for identifier, user_function in calls.items():
        impl = _checked_impl(user_function)
        namespace[identifier] = _vectorized(impl) if backend == "numpy" else impl
    exec(compile(source, f"<symdiff {backend}>", "exec"), namespace)
    return source, namespace[name]


_FLOAT = frozenset({float})


def _real_mode(function: Callable[..., Any], name: str, inputs: list[str]) -> Callable[..., Any]:
    """Python's ``math`` raises where IEEE 754 gives ``nan`` or ``inf``: report it as
    ``evaluate`` does, with ``DomainError`` and ``EvaluationError``."""

    count = len(inputs)

    @functools.wraps(function)
    def call(*args: float) -> Any:
        if len(args) != count or not _FLOAT.issuperset(map(type, args)):
            args = real_arguments(args, inputs, name)  # real mode: floats, as evaluate computes
        try:
            return function(*args)
        except SymdiffError:  # a user function's failure, already named
            raise
        except (ValueError, ZeroDivisionError) as error:
            raise DomainError(f"{name}() is undefined at this point ({error})") from None
        except OverflowError:
            raise EvaluationError(f"{name}() overflows a float at this point") from None

    return call


def _array_mode(
    function: Callable[..., Any],
    name: str,
    inputs: list[str],
    scalar: Callable[..., Any] | None = None,
    shape: tuple[int, ...] = (),
) -> Callable[..., Any]:
    """Arguments must be real numbers or arrays of them (``None`` would become ``nan``).
    Plain floats go to ``scalar`` (the ``math`` code) when given: a float, or an array of
    ``shape``; where ``math`` raises (outside a domain) the NumPy code gives IEEE 754."""
    import numpy as np

    count, asarray, float64 = len(inputs), np.asarray, np.float64

    @functools.wraps(function)
    def call(*args: Any) -> Any:
        if scalar is not None and len(args) == count and _FLOAT.issuperset(map(type, args)):
            try:
                value = scalar(*args)
            except (ValueError, ZeroDivisionError, OverflowError):
                return function(*args)
            return asarray(value, dtype=float64) if shape else float64(value)
        check_count(args, inputs, name)
        for value, input_name in zip(args, inputs, strict=True):
            if isinstance(value, numbers.Real):
                continue
            kind = getattr(value, "dtype", None)
            if kind is None:
                try:
                    kind = np.asarray(value).dtype
                except (TypeError, ValueError):  # ragged nested lists
                    kind = None
            if kind is None or kind.kind not in "biuf":
                raise ArgumentError(
                    f"{name}(): {input_name} must be a real number or an array of them,"
                    f" not {type(value).__name__}"
                )
        return function(*args)

    return call


def _checked_impl(function: Function) -> Callable[..., float]:
    """A user function's implementation whose failures (an exception, a result that is not
    a real number) are ``EvaluationError``/``DomainError`` naming it, as in ``evaluate``."""

    def call(*args: float) -> float:
        return call_user_function(function, args)

    return call


def _vectorized(impl: Callable[..., float]) -> Callable[..., Any]:
    import numpy as np

    return np.vectorize(impl, otypes=[np.float64])


# -- C -------------------------------------------------------------------------------------------


def _c_callable(kernel: PointsKernel) -> Callable[..., Any]:
    """Plain floats take the one-point path; NumPy arrays (one per variable, broadcast
    together) run the loop over points in C (see ``points``)."""
    scalar, arrays = kernel.scalar, kernel.arrays
    try:
        import numpy as np

        array_types: tuple[type, ...] = (np.ndarray, list, tuple)
    except ImportError:  # no NumPy: scalars only
        array_types = ()

    def call(*args: Any) -> Any:
        for value in args:
            if isinstance(value, array_types):
                return arrays(*args)
        return scalar(*args)

    call.source = kernel.source  # type: ignore[attr-defined]
    call.library = kernel.library  # type: ignore[attr-defined]
    return call


def cached_library(source: str, operations: int, cache_dir: Any = None) -> ctypes.CDLL:
    """The library compiled from ``source``, loaded unless this process holds it already
    (``load_library`` compiles it unless it is in the disk cache). Two threads asking for a
    new source at once may both load it (no lock is held while compiling); both work."""
    key = (source, None if cache_dir is None else str(cache_dir))
    with _LIBRARIES_LOCK:
        library = _LIBRARIES.get(key)
        if library is not None:
            _LIBRARIES.move_to_end(key)
            return library
    library = load_library(source, operations, cache_dir)
    with _LIBRARIES_LOCK:
        _LIBRARIES[key] = library
        while len(_LIBRARIES) > MAX_CACHED_LIBRARIES:
            _LIBRARIES.popitem(last=False)
    return library
