"""C emitter: a Program to a self-contained C function using ``math.h``.

Takes a Program (or expressions, which go through ``cse`` first); returns C99 source: the
``#include <math.h>``, any small ``static`` helper it needs, and one function. One output
gives ``double f(double x, double y)`` returning it; several give
``void f(double x, double y, double *out)`` filling ``out[0] ... out[n-1]`` (row-major for a
Jacobian or Hessian: ``out[i*n + j]``). Every temporary is a ``const double``. A program
longer than ``PART_SIZE`` assignments is split into ``static void f_part1(double *w)`` ...
functions that pass the values they share through a workspace array ``w``.

Guarantees: ASCII identifiers only, validated and mangled away from C keywords, ``math.h``
names and the code's own names (see ``naming``); every number is a double literal
(``2.0``, ``(1.0/3.0)``), so no integer division can happen; deterministic output.
Semantics are IEEE 754 (``nan``/``inf`` outside a domain). A function without a ``c``
target is an ``EmitError`` naming it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from symdiff.core.conditions import is_condition
from symdiff.core.expr import Expr, Op
from symdiff.core.traverse import postorder
from symdiff.emit.branches import Item, Statement, branch_layout
from symdiff.emit.careful import careful_input
from symdiff.emit.code import ATOM, Dialect, Emission, format_fraction, prepare
from symdiff.emit.naming import C_RESERVED
from symdiff.program.program import Assign, Program

__all__ = ["PART_SIZE", "C", "c_number", "emit_c"]

#: A program with more assignments is split into ``static`` parts of this many (compilers
#: slow down more than linearly on one huge function).
PART_SIZE = 1000


def c_number(value: int | Fraction | float) -> str:
    """A C double literal.

    >>> c_number(2), c_number(Fraction(1, 3)), c_number(-0.5), c_number(float("nan"))
    ('2.0', '(1.0/3.0)', '-0.5', 'NAN')
    """
    if isinstance(value, float):
        if math.isnan(value):
            return "NAN"
        if math.isinf(value):
            return "INFINITY" if value > 0 else "-INFINITY"
        return repr(value)
    if isinstance(value, Fraction):
        return format_fraction(value, c_number)
    if abs(value) <= 2**53:
        return f"{value}.0"
    try:
        return c_number(float(value))
    except OverflowError:
        return "INFINITY" if value > 0 else "-INFINITY"


def _c_power(node: Expr) -> tuple[str, str, str, int, Expr]:
    return "pow(", ", ", ")", ATOM, node.args[1]


_SIGN = (
    "static double symdiff_sign(double u)\n{\n    return u > 0.0 ? 1.0 : (u < 0.0 ? -1.0 : u);\n}\n"
)

# max, min, relu and heaviside: nan in, nan out (as NumPy's maximum and heaviside)
_CONDITIONAL_HELPERS = {
    "symdiff_max": "static double symdiff_max(double a, double b)\n{\n"
    "    return a != a || b != b ? a + b : (a >= b ? a : b);\n}\n",
    "symdiff_min": "static double symdiff_min(double a, double b)\n{\n"
    "    return a != a || b != b ? a + b : (a <= b ? a : b);\n}\n",
    "symdiff_relu": "static double symdiff_relu(double u)\n{\n"
    "    return u > 0.0 || u != u ? u : 0.0;\n}\n",
    "symdiff_heaviside": "static double symdiff_heaviside(double u)\n{\n"
    "    return u > 0.0 ? 1.0 : (u < 0.0 ? 0.0 : (u == 0.0 ? 0.5 : u));\n}\n",
}

C = Dialect(
    target="c",
    module="math",
    number=c_number,
    constants={"pi": "3.141592653589793", "e": "2.718281828459045"},
    fallback={
        "sec": "(1.0/cos({0}))",
        "csc": "(1.0/sin({0}))",
        "cot": "(1.0/tan({0}))",
        "sign": "symdiff_sign({0})",
    },
    power=_c_power,
    one="1.0",
    reserved=C_RESERVED | {"out", "symdiff_sign"} | set(_CONDITIONAL_HELPERS),
    helpers={"symdiff_sign": _SIGN, **_CONDITIONAL_HELPERS},
)


def emit_c(
    program_or_exprs: Any, args: Any = None, *, name: str = "f", careful: bool = True
) -> str:
    """C source of a function computing a Program's outputs.

    Args:
        program_or_exprs: a ``Program``, or expressions (they go through ``cse``).
        args: the parameters in order (symbols or names); default: the program's inputs.
        name: the function's name (an ASCII identifier).
        careful: write ``log1p``, ``expm1`` and ``hypot`` where the outputs have
            ``log(1 + u)``, ``exp(u) - 1`` or ``sqrt(a^2 + b^2)`` (see ``careful``).

    Returns:
        The C source text.

    >>> from symdiff.core.parse import parse
    >>> print(emit_c(parse("sin(x^2) + x^2/3"), ["x"]))
    #include <math.h>
    <BLANKLINE>
    double f(double x)
    {
        const double t1 = pow(x, 2.0);
        return sin(t1) + t1*(1.0/3.0);
    }
    <BLANKLINE>
    """
    program = careful_input(program_or_exprs, args, careful)
    count = -(-len(program.assignments) // PART_SIZE)
    parts = [f"{name}_part{k}" for k in range(1, count)]
    extra = frozenset([*parts, "w"]) if parts else frozenset()
    layout = branch_layout(program, lazy=not parts)  # a split program computes eagerly
    emission = prepare(
        program,
        None,
        C,
        name,
        allow_calls=False,
        extra_reserved=extra,
        extra_names=layout.names,
    )
    lines = ["#include <math.h>", ""]
    for helper in sorted(emission.helpers):
        lines += [C.helpers[helper]]
    single = not program.shape
    params = [f"double {p}" for p in emission.params()] + ([] if single else ["double *out"])
    if not program.outputs and program.shape:
        lines.append(f"/* out holds no values: the outputs have shape {program.shape} */")
    elif len(program.shape) > 1:
        lines.append(f"/* out[{_row_major(program.shape)}] holds output {_index(program.shape)} */")
    chunks = [program.assignments[i : i + PART_SIZE] for i in range(0, len(program), PART_SIZE)]
    last = list(chunks.pop()) if chunks else []
    slots = _slots(program, chunks)
    for part, chunk in zip(parts, chunks, strict=True):
        lines += [f"static void {part}(double *w)", "{"]
        lines += [*_chunk(emission, chunk, slots, outputs=False), "}", ""]
    lines += [f"{'double' if single else 'void'} {name}({', '.join(params) or 'void'})", "{"]
    if layout.lazy:
        lines += _lazy_lines(layout.items, emission, "    ")
        lines += _output_lines(emission, layout.outputs)
        return "\n".join([*lines, "}"]) + "\n"
    if parts:
        lines.append(f"    double w[{len(slots)}];")
        lines += [
            f"    w[{slots[n]}] = {emission.names[n]};" for n in program.input_names if n in slots
        ]
        lines += [f"    {part}(w);" for part in parts]
    lines += _chunk(emission, last, slots if parts else {}, outputs=True)
    return "\n".join([*lines, "}"]) + "\n"


def _slots(program: Program, chunks: list[tuple[Assign, ...]]) -> dict[str, int]:
    """Workspace slots of the values a split function passes between its parts: every input
    or temporary used in a part (or the final function) other than the one defining it."""
    owner = dict.fromkeys(program.input_names, len(chunks))  # inputs: the final function's
    for k, chunk in enumerate(chunks):
        owner.update((a.name, k) for a in chunk)
    slots: dict[str, int] = {}
    if not chunks:
        return slots
    final = [a.expr for a in program.assignments[len(chunks) * PART_SIZE :]]
    groups = [[a.expr for a in c] for c in chunks] + [[*final, *program.outputs]]
    for k, roots in enumerate(groups):
        for node in postorder(*roots):
            if node.op is Op.SYM and owner.get(node.value, k) != k:
                slots.setdefault(node.value, len(slots))
    return slots


def _chunk(
    emission: Emission, chunk: Sequence[Assign], slots: dict[str, int], outputs: bool
) -> list[str]:
    """Statements of one function: load the workspace values it uses, compute, store."""
    printer, names, program = emission.printer, emission.names, emission.program
    roots = [a.expr for a in chunk] + (list(program.outputs) if outputs else [])
    defined = {a.name for a in chunk} | (set(program.input_names) if outputs else set())
    used = {n.value for n in postorder(*roots) if n.op is Op.SYM} if slots else set()
    lines = [
        f"    const double {names[n]} = w[{i}];"
        for n, i in slots.items()
        if n in used and n not in defined
    ]
    for assign in chunk:
        lines.append(f"    const double {names[assign.name]} = {printer(assign.expr)};")
        if assign.name in slots and not outputs:
            lines.append(f"    w[{slots[assign.name]}] = {names[assign.name]};")
    if outputs:
        lines += _output_lines(emission, program.outputs)
    return lines


def _output_lines(emission: Emission, outputs: Sequence[Expr]) -> list[str]:
    printer = emission.printer
    if not emission.program.shape:
        return [f"    return {printer(outputs[0])};"]
    return [f"    out[{k}] = {printer(o)};" for k, o in enumerate(outputs)]


def _lazy_lines(items: list[Item], emission: Emission, indent: str) -> list[str]:
    """The statements of a layout with lazy branches: ``if`` blocks (nested at most
    ``MAX_BRANCH_DEPTH`` deep, so this recursion is bounded)."""
    printer, names = emission.printer, emission.names
    lines: list[str] = []
    for item in items:
        if isinstance(item, Statement):
            lines.append(f"{indent}const double {names[item.name]} = {printer(item.expr)};")
            continue
        condition = f"({printer(item.condition)})"
        if is_condition(item.condition) and condition.startswith("(((double)"):
            condition = condition[len("(((double)") : -2]  # the comparison, in parentheses
        lines += [f"{indent}double {names[item.name]};", f"{indent}if {condition} {{"]
        for k, body in enumerate(item.bodies):
            if k:
                lines.append(f"{indent}}} else {{")
            lines += _lazy_lines(body, emission, indent + "    ")
            lines.append(f"{indent}    {names[item.name]} = {printer(item.values[k])};")
        lines.append(f"{indent}}}")
    return lines


def _row_major(shape: tuple[int, ...]) -> str:
    letters = "ijklmn"[: len(shape)]
    strides = [math.prod(shape[k + 1 :]) for k in range(len(shape))]
    return " + ".join(f"{c}*{s}" if s != 1 else c for c, s in zip(letters, strides, strict=True))


def _index(shape: tuple[int, ...]) -> str:
    return "".join(f"[{c}]" for c in "ijklmn"[: len(shape)])
