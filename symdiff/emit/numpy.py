"""NumPy emitter: a Program to the source of a vectorized function.

Takes a Program (or expressions, which go through ``cse`` first); returns source text of
``def f(inputs): ...`` that converts each input with ``np.asarray(..., dtype=np.float64)``,
computes every temporary once over whole arrays, and returns the outputs broadcast to the
inputs' common shape: one output as an array of that shape, several as one array of shape
``(n,) + shape`` (``(m, n) + shape`` for a Jacobian), so constant outputs (a derivative
``2``) broadcast too. The last operation of each output writes into that array itself
(``np.add(a, b, out=_out[0, ...])``), so no output is computed and then copied; each
output is stored as soon as its temporaries exist and each temporary is deleted (``del``)
after its last use, so whole arrays do not pile up in memory. Guarantees as for the Python
emitter (validated, mangled identifiers; exact numbers as float literals;
deterministic output).

Semantics follow NumPy: outside a function's domain the result is ``nan`` or ``inf`` (with
NumPy's ``RuntimeWarning``), never an exception. A user function without a ``numpy`` target
is called by its name; ``lambdify`` binds ``np.vectorize`` of its ``impl``.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from symdiff.core.expr import Expr, Number, Op, float_of
from symdiff.core.functions import Function
from symdiff.core.optional import require
from symdiff.emit.careful import careful_input
from symdiff.emit.code import (
    POWER,
    CodePrinter,
    Dialect,
    Emission,
    called_functions,
    prepare,
    split_last,
)
from symdiff.emit.naming import PYTHON_RESERVED
from symdiff.emit.python import python_number
from symdiff.program.program import Program, indices

__all__ = ["NUMPY", "emit_numpy"]


def _numpy_number(value: int | Fraction | float) -> str:
    return python_number(value, "np.")


def _numpy_power(node: Expr) -> tuple[str, str, str, int, Expr]:
    exponent = node.args[1]
    if exponent.op is Op.NUM and type(exponent.value) is int and abs(exponent.value) > 64:
        exponent = Number(float_of(exponent.value))
    return "", "**", "", POWER, exponent


NUMPY = Dialect(
    target="numpy",
    module="np",
    number=_numpy_number,
    constants={"pi": "np.pi", "e": "np.e"},
    fallback={
        "sec": "(1.0/{m}.cos({0}))",
        "csc": "(1.0/{m}.sin({0}))",
        "cot": "(1.0/{m}.tan({0}))",
    },
    power=_numpy_power,
    reserved=PYTHON_RESERVED,
    scalar="np.float64",
    reciprocal_powers=True,
    float_constants=True,
    odd_power="np.copysign(np.abs({0})**{1}, {0})",
)


def _uses_every_input(emission: Emission, output: Expr) -> bool:
    """Whether ``output`` depends on every input (then it already has the full shape)."""
    program = emission.program
    bit = {name: 1 << i for i, name in enumerate(program.input_names)}
    for assign in program:
        mask = 0
        for node in _symbols(assign.expr):
            mask |= bit.get(node.value, 0)
        bit[assign.name] = mask
    mask = 0
    for node in _symbols(output):
        mask |= bit.get(node.value, 0)
    return mask == (1 << len(program.inputs)) - 1


def _symbols(expr: Expr) -> list[Expr]:
    from symdiff.core.traverse import postorder

    return [n for n in postorder(expr) if n.op is Op.SYM]


def _broadcast_shape(params: list[str]) -> str:
    if not params:
        return "()"
    if len(params) == 1:
        return f"{params[0]}.shape"
    return f"np.broadcast_shapes({', '.join(p + '.shape' for p in params)})"


def _body(emission: Emission) -> list[str]:
    """The statements after the input conversions: temporaries, outputs, return."""
    program, printer, names = emission.program, emission.printer, emission.names
    shape = _broadcast_shape(emission.params())
    if not program.shape:
        output = program.outputs[0]
        is_input = output.op is Op.SYM and output.value in program.input_names
        if not is_input and _uses_every_input(emission, output):
            lines = [f"    {names[a.name]} = {_value(printer, a.expr)}" for a in program]
            return [*lines, f"    return {printer(output)}"]  # full shape already, and new
        targets, allocate = ["_out[...]"], f"_out = np.empty({shape})"
    else:
        # ``, ...`` keeps a view (an array, even of zero dimensions) for ``out=``
        targets = [f"_out[{', '.join(map(str, i))}, ...]" for i in indices(program.shape)]
        allocate = f"_out = np.empty({program.shape!r} + {shape})"
    lines = [f"    {allocate}"]
    for kind, k, dead in _schedule(program):
        if kind == "assign":
            assign = program.assignments[k]
            lines.append(f"    {names[assign.name]} = {_value(printer, assign.expr)}")
        elif _numbers_only(program.outputs[k]):
            lines.append(f"    {targets[k]} = {_value(printer, program.outputs[k])}")
        else:
            lines.append("    " + _store(printer, program.outputs[k], targets[k]))
        if dead:
            lines.append(f"    del {', '.join(names[t] for t in dead)}")
    return [*lines, "    return _out"]


def _schedule(program: Program) -> list[tuple[str, int, list[str]]]:
    """Assignments in order, each output stored as soon as its temporaries exist, and each
    temporary deleted after its last use: whole arrays die early, so memory stays small
    (a gradient's temporaries are not all alive at once)."""
    order = {a.name: k for k, a in enumerate(program.assignments)}
    uses = [_temporaries(a.expr, order) for a in program.assignments]
    output_uses = [_temporaries(out, order) for out in program.outputs]
    ready: dict[int, list[int]] = {}
    for k, used in enumerate(output_uses):
        ready.setdefault(max((order[t] for t in used), default=-1), []).append(k)
    items = [("store", k) for k in ready.get(-1, [])]
    for i in range(len(program.assignments)):
        items += [("assign", i)] + [("store", k) for k in ready.get(i, [])]
    last: dict[str, int] = {}
    for position, (kind, k) in enumerate(items):
        for name in uses[k] if kind == "assign" else output_uses[k]:
            last[name] = position
    dead: dict[int, list[str]] = {}
    for name in sorted(last, key=order.__getitem__):
        dead.setdefault(last[name], []).append(name)
    return [(kind, k, dead.get(position, [])) for position, (kind, k) in enumerate(items)]


def _numbers_only(expr: Expr) -> bool:
    """An operation on numbers and constants alone (Python would compute it in ints)."""
    from symdiff.core.traverse import postorder

    return bool(expr.args) and all(n.op is not Op.SYM for n in postorder(expr))


def _value(printer: CodePrinter, expr: Expr) -> str:
    """A statement's value; a computation on numbers alone becomes a NumPy float, so that
    everything using it follows NumPy arithmetic (no Python int overflow or exception)."""
    text = printer(expr)
    # powers and calls of numbers already give NumPy scalars (the printer wraps the base)
    wrap = expr.op in (Op.ADD, Op.MUL) and _numbers_only(expr)
    return f"np.float64({text})" if wrap else text


def _temporaries(expr: Expr, order: dict[str, int]) -> list[str]:
    from symdiff.core.traverse import postorder

    return [n.value for n in postorder(expr) if n.op is Op.SYM and n.value in order]


def _store(printer: CodePrinter, output: Expr, target: str) -> str:
    """Compute ``output`` into ``target``: the last operation writes there itself (``out=``)
    instead of making a new array that is then copied."""
    split = split_last(output, printer.divisor)
    if split is not None:
        ufunc, left, right = split
        return f"np.{ufunc}({printer(left)}, {printer(right)}, out={target})"
    if output.op is Op.POW and output.args[1].op is Op.NUM and output.args[1].value == 2:
        return f"np.square({printer(output.args[0])}, out={target})"
    if output.op is Op.CALL and _is_ufunc_call(output):
        text = printer(output)
        return f"{text[:-1]}, out={target})"
    return f"{target} = {printer(output)}"


def _is_ufunc_call(node: Expr) -> bool:
    """A built-in function written ``np.name(...)`` where ``np.name`` is a ufunc."""
    numpy = require("numpy", purpose="emit_numpy")

    template = node.value.targets.get("numpy", "") if node.value.builtin else ""
    match = re.fullmatch(r"\{m\}\.(\w+)\((\{\d\}(, )?)+\)", template)
    return match is not None and isinstance(getattr(numpy, match.group(1), None), numpy.ufunc)


def emit_numpy(
    program_or_exprs: Any,
    args: Any = None,
    *,
    name: str = "f",
    calls: dict[str, Function] | None = None,
    careful: bool = True,
) -> str:
    """NumPy source of a vectorized function computing a Program's outputs.

    Args:
        program_or_exprs: a ``Program``, or expressions (they go through ``cse``).
        args: the parameters in order (symbols or names); default: the program's inputs.
        name: the function's name.
        calls: if given, filled with identifier -> user function for the functions without
            a ``numpy`` form, which the code calls by that name (``lambdify`` binds them).
        careful: write ``log1p``, ``expm1`` and ``hypot`` where the outputs have
            ``log(1 + u)``, ``exp(u) - 1`` or ``sqrt(a^2 + b^2)`` (see ``careful``).

    Returns:
        The source text of a module defining ``name``.

    >>> from symdiff.core.parse import parse
    >>> print(emit_numpy([parse("x*y"), parse("2")], ["x", "y"]))
    import numpy as np
    <BLANKLINE>
    <BLANKLINE>
    def f(x, y):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        _out = np.empty((2,) + np.broadcast_shapes(x.shape, y.shape))
        np.multiply(x, y, out=_out[0, ...])
        _out[1, ...] = 2
        return _out
    <BLANKLINE>
    """
    program = careful_input(program_or_exprs, args, careful)
    emission = prepare(program, None, NUMPY, name, allow_calls=True)
    if calls is not None:
        calls.update({identifier: f for f, identifier in emission.calls.items()})
    params = emission.params()
    header = ["import numpy as np"]
    if any(
        "scipy.special." in f.targets.get("numpy", "") for f in called_functions(emission.program)
    ):
        header.append("import scipy.special")
    lines = [*header, "", "", f"def {name}({', '.join(params)}):"]
    lines += [f"    {p} = np.asarray({p}, dtype=np.float64)" for p in params]
    lines += _body(emission)
    return "\n".join(lines) + "\n"
