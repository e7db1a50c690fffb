"""Array-API emitter: one function for NumPy, CuPy, JAX, PyTorch and Dask arrays.

Takes a Program (or expressions, which go through ``cse``); returns source text of
``def f(inputs): ...`` whose array namespace comes from its inputs, through the Python array
API standard as ``array-api-compat`` provides it (``xp = array_namespace(x, y)``). The code
calls only functions of the standard (``xp.sin``, ``xp.atan2``, ``xp.stack``...), so the same
function runs on NumPy arrays, ``jax.numpy`` arrays (also under ``jax.jit``), PyTorch
tensors, CuPy arrays on a GPU, and Dask arrays, where it stays lazy: it adds tasks to the
graph, chunk by chunk, and never turns its input into one in-memory NumPy array.

Results follow the NumPy backend's shapes: one output is an array of the inputs' broadcast
shape; several are one array of shape ``(n,) + shape`` (``(m, n) + shape`` for a Jacobian),
built with ``xp.stack``. Floating inputs keep their dtype (float32 stays float32); integer
and boolean arrays are computed in float64; Python numbers become arrays of the other
inputs' namespace and device (NumPy when every input is a number). Outside a function's
domain the result is ``nan`` or ``inf``, as the namespace computes it.

Functions without a form in the standard (``cbrt`` is written ``sign(u)*abs(u)**(1/3)``) are
written from the standard's functions; a user function needs an ``array`` target
(``register_function(..., targets={"array": "{m}.name({0})"})``, ``{m}`` being the
namespace), else emitting raises ``EmitError``.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from symdiff.core.errors import ArgumentError, SymdiffError
from symdiff.core.expr import Expr, Op
from symdiff.emit.careful import careful_input
from symdiff.emit.code import Dialect, prepare
from symdiff.emit.naming import PYTHON_RESERVED
from symdiff.emit.numpy import NUMPY
from symdiff.emit.python import python_number
from symdiff.program.program import Program

__all__ = [
    "ARRAY",
    "NOT_IN_STANDARD",
    "array_callable",
    "array_inputs",
    "array_namespace",
    "emit_array",
]

# built-in function -> its form in the array API standard (2023.12)
_STANDARD = {
    **{name: f"{{m}}.{name}({{0}})" for name in ("sin", "cos", "tan", "sinh", "cosh", "tanh")},
    **{name: f"{{m}}.{name}({{0}})" for name in ("asin", "acos", "atan", "asinh", "acosh")},
    **{name: f"{{m}}.{name}({{0}})" for name in ("atanh", "exp", "log", "sqrt", "abs", "sign")},
    **{name: f"{{m}}.{name}({{0}})" for name in ("log1p", "expm1", "log2", "log10")},
    "sec": "(1.0/{m}.cos({0}))",
    "csc": "(1.0/{m}.sin({0}))",
    "cot": "(1.0/{m}.tan({0}))",
    "cbrt": "({m}.sign({0})*{m}.abs({0})**(1.0/3.0))",
    "atan2": "{m}.atan2({0} + 0.0, {1} + 0.0)",
    "hypot": "{m}.hypot({0}, {1})",
    "exp2": "(2.0**({0}))",
    "max": "{m}.maximum({0}, {1})",
    "min": "{m}.minimum({0}, {1})",
    "where": "{m}.where({0} != 0, {1}, {2})",
    # conditions are worth 1.0 or 0.0
    **{
        name: f"(({{0}} {symbol} {{1}})*1.0)"
        for name, symbol in (("lt", "<"), ("le", "<="), ("gt", ">"), ("ge", ">="))
    },
    "eq": "(({0} == {1})*1.0)",
    "ne": "(({0} != {1})*1.0)",
    "logical_and": "((({0} != 0) & ({1} != 0))*1.0)",
    "logical_or": "((({0} != 0) | ({1} != 0))*1.0)",
    "logical_not": "(({0} == 0)*1.0)",
    "heaviside": "{m}.where({0} > 0, 1.0, {m}.where({0} < 0, 0.0, {m}.where({0} == 0, 0.5, {0})))",
    "relu": "{m}.where({0} > 0, {0}, {m}.where({0} <= 0, 0.0, {0}))",
}
#: Built-in functions the standard has no form for (``EmitError`` in array code).
NOT_IN_STANDARD = frozenset({"erf", "erfc", "gamma", "lgamma", "digamma", "polygamma", "beta"})


def _array_number(value: int | Fraction | float) -> str:
    return python_number(value, "math.")


ARRAY = Dialect(
    target="array",
    module="xp",
    number=_array_number,
    constants={"pi": "math.pi", "e": "math.e"},
    fallback=_STANDARD,
    power=NUMPY.power,  # b**n, integers beyond 64 as floats
    reserved=PYTHON_RESERVED | {"math", "array_inputs"},
    scalar="xp.asarray",  # constant bases and divisors follow the namespace's arithmetic
    reciprocal_powers=True,
    float_constants=True,
    odd_power="({m}.sign({0})*{m}.abs({0})**{1})",
)


def emit_array(
    program_or_exprs: Any, args: Any = None, *, name: str = "f", careful: bool = True
) -> str:
    """Array-API source of a function computing a Program's outputs on any array library.

    Args:
        program_or_exprs: a ``Program``, or expressions (they go through ``cse``).
        args: the parameters in order (symbols or names); default: the program's inputs.
        name: the function's name.
        careful: write ``log1p``, ``expm1`` and ``hypot`` where the outputs have
            ``log(1 + u)``, ``exp(u) - 1`` or ``sqrt(a^2 + b^2)`` (see ``careful``).

    Returns:
        The source text of a module defining ``name``; it imports ``array_inputs`` from
        this module, which finds the namespace (and needs ``array-api-compat``).

    >>> from symdiff.core.parse import parse
    >>> print(emit_array([parse("sin(x)*y"), parse("2")], ["x", "y"]))
    import math
    <BLANKLINE>
    from symdiff.emit.array import array_inputs
    <BLANKLINE>
    <BLANKLINE>
    def f(x, y):
        xp, _zero, (x, y) = array_inputs(x, y)
        return xp.reshape(xp.stack([_zero + xp.sin(x)*y, _zero + 2]), (2,) + _zero.shape)
    <BLANKLINE>
    """
    program = careful_input(program_or_exprs, args, careful)
    emission = prepare(program, None, ARRAY, name, allow_calls=False)
    program, printer, names = emission.program, emission.printer, emission.names
    params = emission.params()
    unpack = f"({', '.join(params)}{',' if len(params) == 1 else ''})" if params else "()"
    lines = ["import math", "", "from symdiff.emit.array import array_inputs", "", ""]
    lines += [f"def {name}({', '.join(params)}):"]
    lines.append(f"    xp, _zero, {unpack} = array_inputs({', '.join(params)})")
    lines += [f"    {names[a.name]} = {printer(a.expr)}" for a in program]
    outputs = [f"_zero + {_term(printer(out), out)}" for out in program.outputs]
    if not program.shape:
        lines.append(f"    return {outputs[0]}")
    elif not outputs:
        lines.append(f"    return xp.zeros({program.shape!r} + _zero.shape, dtype=_zero.dtype)")
    else:
        stacked = f"xp.stack([{', '.join(outputs)}])"
        lines.append(f"    return xp.reshape({stacked}, {program.shape!r} + _zero.shape)")
    return "\n".join(lines) + "\n"


def _term(text: str, output: Expr) -> str:
    """An output's text as the right operand of ``+`` (a sum or a leading minus in parentheses)."""
    if output.op is Op.ADD or text.startswith("-"):
        return f"({text})"
    return text


def array_namespace(*arrays: Any) -> Any:
    """The array-API namespace of arrays (``array_api_compat.array_namespace``); NumPy's when
    none is given.

    >>> import numpy as np
    >>> array_namespace(np.ones(2)).__name__
    'array_api_compat.numpy'
    """
    try:
        import array_api_compat
    except ImportError:
        raise SymdiffError(
            'the "array" backend needs array-api-compat: pip install "symdiff[array]"'
        ) from None
    if not arrays:
        import array_api_compat.numpy as xp

        return xp
    try:
        return array_api_compat.array_namespace(*arrays)
    except TypeError as error:
        raise ArgumentError(f"these arguments are not arrays of one library ({error})") from None


def array_inputs(*args: Any) -> tuple[Any, Any, tuple[Any, ...]]:
    """The namespace of the arguments, a zero array of their broadcast shape and result dtype
    (outputs are added to it, so a constant output gets the full shape), and the arguments
    as arrays of that namespace: numbers become arrays on the arrays' device, integer and
    boolean arrays become float64. Nothing is computed: a Dask array stays lazy.

    >>> import numpy as np
    >>> xp, zero, (x, y) = array_inputs(np.arange(3), 2.0)
    >>> zero.shape, x.dtype, float(y)
    ((3,), dtype('float64'), 2.0)
    """
    arrays = [a for a in args if not isinstance(a, numbers.Real)]
    for value in arrays:
        if not hasattr(value, "shape") or not hasattr(value, "dtype"):
            raise ArgumentError(
                f"an argument must be a real number or an array, not {type(value).__name__}"
                " (convert lists with numpy.asarray)"
            )
    xp = array_namespace(*arrays)
    device = _device(arrays[0]) if arrays else None
    converted = tuple(_as_float_array(xp, a, device) for a in args)
    if not converted:
        return xp, xp.asarray(0.0, dtype=xp.float64), ()
    dtype = xp.result_type(*converted)
    zero = xp.zeros_like(xp.broadcast_arrays(*converted)[0], dtype=dtype)
    return xp, zero, converted


def _device(array: Any) -> Any:
    import array_api_compat

    return array_api_compat.device(array)


def _as_float_array(xp: Any, value: Any, device: Any) -> Any:
    if isinstance(value, numbers.Real):
        if device is None:
            return xp.asarray(float(value), dtype=xp.float64)
        return xp.asarray(float(value), device=device)
    if xp.isdtype(value.dtype, "real floating"):
        return value
    if xp.isdtype(value.dtype, ("integral", "bool")):
        return xp.astype(value, xp.float64)
    raise ArgumentError(f"an argument must be an array of real numbers, not of {value.dtype}")


_ALLOWED_IMPORTS = frozenset({"math", "symdiff.emit.array"})


def _restricted_import(name: str, *args: Any, **kwargs: Any) -> Any:
    if name not in _ALLOWED_IMPORTS:
        raise ImportError(f"generated code may import only {sorted(_ALLOWED_IMPORTS)}")
    return __import__(name, *args, **kwargs)


def array_callable(program: Program, name: str = "f", careful: bool = True) -> Callable[..., Any]:
    """The function ``emit_array`` writes, compiled with no builtins, its argument count
    checked; ``lambdify(..., backend="array")`` returns it.

    >>> import numpy as np
    >>> from symdiff.core.parse import parse
    >>> from symdiff.program.cse import as_program
    >>> f = array_callable(as_program([parse("x*y")], ["x", "y"]))
    >>> f(np.arange(3.0), 2.0)
    array([[0., 2., 4.]])
    """
    array_namespace()  # a missing array-api-compat is reported now, not at the first call
    source = emit_array(program, name=name, careful=careful)
    namespace: dict[str, Any] = {"__builtins__": {"__import__": _restricted_import}}
    exec(compile(source, "<symdiff array>", "exec"), namespace)
    function = namespace[name]
    inputs = [str(i) for i in program.inputs]

    @functools.wraps(function)
    def call(*args: Any) -> Any:
        if len(args) != len(inputs):
            wanted = f"({', '.join(inputs)})" if inputs else "no arguments"
            raise ArgumentError(
                f"{name}() takes {len(inputs)} argument(s) {wanted}, got {len(args)}"
            )
        return function(*args)

    call.source = source  # type: ignore[attr-defined]
    return call
