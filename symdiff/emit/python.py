"""Python emitter: a Program to the source of a plain-Python function using ``math``.

Takes a Program (or expressions, which go through ``cse`` first); returns source text: an
``import math``, the helper functions the code needs, and ``def f(inputs): ...`` with one
line per assignment and a ``return`` of the output (a tuple for several, nested tuples for a
Jacobian). Guarantees: identifiers are validated and mangled where they would collide (see
``naming``), numbers are literals (``1/3`` is ``(1.0/3.0)``), the output is deterministic.

Semantics follow ``math``: a value outside a function's real domain raises ``ValueError`` or
``ZeroDivisionError`` and overflow raises ``OverflowError`` (``evaluate`` turns the same
situations into ``DomainError`` and ``EvaluationError``). Non-integer powers use
``math.pow`` so that a negative base raises instead of giving a complex number. A user
function without a ``python`` target is called by its name; ``lambdify`` binds its ``impl``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from symdiff.emit.code import ATOM, POWER, Dialect, Emission, format_fraction, prepare
from symdiff.emit.naming import PYTHON_RESERVED
from symdiff.expr import Expr, Number, Op, float_of

__all__ = ["PYTHON", "emit_python", "python_number", "tuple_text"]

#: Integer exponents larger than this are written as floats (``x**100.0``), so that an
#: integer argument cannot start a huge exact computation.
MAX_INT_EXPONENT = 64


def python_number(value: int | Fraction | float, module: str = "math") -> str:
    """A Python literal for an exact or float number.

    >>> python_number(3), python_number(Fraction(1, 3)), python_number(float("inf"))
    ('3', '(1.0/3.0)', 'math.inf')
    """
    if isinstance(value, float):
        if math.isnan(value):
            return f"{module}.nan"
        if math.isinf(value):
            return f"{module}.inf" if value > 0 else f"-{module}.inf"
        return repr(value)
    if isinstance(value, Fraction):
        return format_fraction(value, lambda v: python_number(v, module))
    if abs(value) <= 2**53:
        return str(value)
    try:
        return python_number(float(value), module)
    except OverflowError:
        return python_number(math.inf if value > 0 else -math.inf, module)


def _float_literal(value: int | Fraction | float) -> str:
    try:
        return python_number(float(value))
    except OverflowError:
        return python_number(math.inf if value > 0 else -math.inf)


def _python_power(node: Expr) -> tuple[str, str, str, int, Expr]:
    exponent = node.args[1]
    if exponent.op is Op.NUM and type(exponent.value) is int:
        if abs(exponent.value) > MAX_INT_EXPONENT:
            exponent = Number(float_of(exponent.value))
        return "", "**", "", POWER, exponent
    return "math.pow(", ", ", ")", ATOM, exponent


_HELPERS = {
    "_cbrt": "def _cbrt(u):\n    return math.copysign(math.fabs(u) ** (1.0 / 3.0), u)\n",
    "_sign": "def _sign(u):\n    return 1.0 if u > 0 else -1.0 if u < 0 else u * 0.0\n",
}

PYTHON = Dialect(
    target="python",
    module="math",
    number=python_number,
    constants={"pi": "math.pi", "e": "math.e"},
    fallback={
        "sec": "(1.0/{m}.cos({0}))",
        "csc": "(1.0/{m}.sin({0}))",
        "cot": "(1.0/{m}.tan({0}))",
        "abs": "{m}.fabs({0})",
        "cbrt": "_cbrt({0})",
        "sign": "_sign({0})",
    },
    power=_python_power,
    reserved=PYTHON_RESERVED,
    helpers=_HELPERS,
    scalar="float",  # constant powers in floats: exact integer towers would never finish
)


def tuple_text(items: list[str], shape: tuple[int, ...], indent: str) -> str:
    """A (nested) tuple display: one top-level item per line.

    >>> print(tuple_text(["a", "b", "c", "d"], (2, 2), "    "))
    (
        (a, b),
        (c, d),
    )
    """
    if not shape or shape[0] == 0:
        return "()"
    size = len(items) // shape[0]
    rows = [_inline_tuple(items[i : i + size], shape[1:]) for i in range(0, len(items), size)]
    return "(\n" + "".join(f"{indent}{row},\n" for row in rows) + indent[4:] + ")"


def _inline_tuple(items: list[str], shape: tuple[int, ...]) -> str:
    if not shape:
        return items[0]
    if shape[0] == 0:
        return "()"
    size = len(items) // shape[0]
    parts = [_inline_tuple(items[i : i + size], shape[1:]) for i in range(0, len(items), size)]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def emit_body(emission: Emission, name: str, header: list[str], indent: str = "    ") -> list[str]:
    """The ``def`` line and the assignments (shared by the Python and NumPy emitters)."""
    printer, names = emission.printer, emission.names
    lines = [f"def {name}({', '.join(emission.params())}):", *header]
    lines += [f"{indent}{names[a.name]} = {printer(a.expr)}" for a in emission.program]
    return lines


def emit_python(program_or_exprs: Any, args: Any = None, *, name: str = "f") -> str:
    """Python source of a function computing a Program's outputs with ``math``.

    Args:
        program_or_exprs: a ``Program``, or expressions (they go through ``cse``).
        args: the parameters in order (symbols or names); default: the program's inputs.
        name: the function's name.

    Returns:
        The source text of a module defining ``name``.

    >>> from symdiff.parse import parse
    >>> print(emit_python(parse("sin(x^2) + x^2/y"), ["x", "y"]))
    import math
    <BLANKLINE>
    <BLANKLINE>
    def f(x, y):
        t1 = x**2
        return math.sin(t1) + t1/y
    <BLANKLINE>
    """
    emission = prepare(program_or_exprs, args, PYTHON, name, allow_calls=True)
    program, printer = emission.program, emission.printer
    lines = ["import math", "", ""]
    for helper in sorted(emission.helpers):
        lines += [PYTHON.helpers[helper], ""]
    lines += emit_body(emission, name, [])
    # a constant output is a float like every other result (not the int literal ``2``)
    outputs = [
        _float_literal(out.value) if out.op is Op.NUM else printer(out) for out in program.outputs
    ]
    if not program.shape:
        lines.append(f"    return {outputs[0]}")
    else:
        lines.append(f"    return {tuple_text(outputs, program.shape, '        ')}")
    return "\n".join(lines) + "\n"
