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
import re
from fractions import Fraction
from typing import Any

from symdiff.core.conditions import is_condition
from symdiff.core.expr import Expr, Number, Op, float_of
from symdiff.core.functions import Function
from symdiff.emit.branches import Item, Statement, branch_layout
from symdiff.emit.careful import careful_input
from symdiff.emit.code import (
    ATOM,
    POWER,
    CodePrinter,
    Dialect,
    Emission,
    called_functions,
    format_fraction,
    prepare,
)
from symdiff.emit.naming import PYTHON_RESERVED
from symdiff.program.program import Program

__all__ = ["PYTHON", "emit_python", "python_number", "tuple_text"]

#: Integer exponents larger than this are written as floats (``x**100.0``), so that an
#: integer argument cannot start a huge exact computation.
MAX_INT_EXPONENT = 64


def python_number(value: int | Fraction | float, prefix: str = "") -> str:
    """A Python literal for an exact or float number (``prefix`` qualifies ``inf``/``nan``).

    >>> python_number(3), python_number(Fraction(1, 3)), python_number(float("-inf"), "np.")
    ('3', '(1.0/3.0)', '-np.inf')
    """
    if isinstance(value, float):
        if math.isnan(value):
            return f"{prefix}nan"
        if math.isinf(value):
            return f"{prefix}inf" if value > 0 else f"-{prefix}inf"
        return repr(value)
    if isinstance(value, Fraction):
        return format_fraction(value, lambda v: python_number(v, prefix))
    if abs(value) <= 2**53:
        return str(value)
    try:
        return python_number(float(value), prefix)
    except OverflowError:
        return python_number(math.inf if value > 0 else -math.inf, prefix)


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
    return "pow(", ", ", ")", ATOM, exponent


#: Every name the Python code may take from ``math``; reserved, and imported where used.
MATH_NAMES = frozenset(
    """acos acosh asin asinh atan atan2 atanh copysign cos cosh e exp fabs inf log nan pi pow
    sin sinh sqrt tan tanh""".split()  # noqa: SIM905
)
_IDENTIFIER = re.compile(r"(?<![\w.])[A-Za-z_]\w*")

_HELPERS = {
    "_cbrt": (
        "def _cbrt(u):\n    a = fabs(u)\n    r = a ** (1.0 / 3.0)\n"
        "    return copysign(r - (r - a / (r * r)) / 3.0 if 0.0 < r < inf else r, u)\n"
    ),
    "_sign": "def _sign(u):\n    return 1.0 if u > 0 else -1.0 if u < 0 else u * 0.0\n",
    # max, min, relu and heaviside: nan in, nan out (as NumPy's maximum and heaviside)
    "_max": "def _max(a, b):\n    return a + b if a != a or b != b else a if a >= b else b\n",
    "_min": "def _min(a, b):\n    return a + b if a != a or b != b else a if a <= b else b\n",
    "_relu": "def _relu(u):\n    return u if u > 0 or u != u else 0.0\n",
    "_heaviside": (
        "def _heaviside(u):\n    return 1.0 if u > 0 else 0.0 if u < 0 else 0.5 if u == 0 else u\n"
    ),
}

PYTHON = Dialect(
    target="python",
    module="math",
    number=python_number,
    constants={"pi": "pi", "e": "e"},
    fallback={
        "sec": "(1.0/cos({0}))",
        "csc": "(1.0/sin({0}))",
        "cot": "(1.0/tan({0}))",
        "abs": "fabs({0})",
        "cbrt": "_cbrt({0})",
        "sign": "_sign({0})",
    },
    power=_python_power,
    reserved=PYTHON_RESERVED | MATH_NAMES,
    helpers=_HELPERS,
    scalar="float",  # constant powers in floats: exact integer towers would never finish
    qualified=False,
    float_constants=True,
    odd_power="copysign(fabs({0})**{1}, {0})",
)


def _template_names(program: Program) -> frozenset[str]:
    """Names user templates take from the module (``{m}.erf({0})``): imported too."""
    names = set()
    for function in called_functions(program):
        names.update(re.findall(r"\{m\}\.(\w+)", function.targets.get("python", "")))
    return frozenset(names)


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
    rows = [_inline_tuple(row, shape[1:]) for row in _rows(items, shape)]
    return "(\n" + "".join(f"{indent}{row},\n" for row in rows) + indent[4:] + ")"


def _rows(items: list[str], shape: tuple[int, ...]) -> list[list[str]]:
    """The ``shape[0]`` rows of a row-major list (rows may be empty: shape ``(2, 0)``)."""
    size = math.prod(shape[1:])
    return [items[i * size : (i + 1) * size] for i in range(shape[0])]


def _inline_tuple(items: list[str], shape: tuple[int, ...]) -> str:
    if not shape:
        return items[0]
    parts = [_inline_tuple(row, shape[1:]) for row in _rows(items, shape)]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def emit_body(emission: Emission, name: str, header: list[str], indent: str = "    ") -> list[str]:
    """The ``def`` line and the assignments (shared by the Python and NumPy emitters)."""
    printer, names = emission.printer, emission.names
    lines = [f"def {name}({', '.join(emission.params())}):", *header]
    lines += [f"{indent}{names[a.name]} = {printer(a.expr)}" for a in emission.program]
    return lines


def _value(printer: CodePrinter, expr: Expr) -> str:
    return _float_literal(expr.value) if expr.op is Op.NUM else printer(expr)


def _lazy_lines(items: list[Item], emission: Emission, indent: str) -> list[str]:
    """The statements of a layout with lazy branches (nested at most ``MAX_BRANCH_DEPTH``
    deep, so this recursion is bounded)."""
    printer, names = emission.printer, emission.names
    lines: list[str] = []
    for item in items:
        if isinstance(item, Statement):
            lines.append(f"{indent}{names[item.name]} = {printer(item.expr)}")
            continue
        condition = printer(item.condition)
        if is_condition(item.condition) and condition.startswith("float("):
            condition = condition[len("float(") : -1]  # a comparison's bool, not its float
        lines.append(f"{indent}if {condition}:")
        for k, body in enumerate(item.bodies):
            if k:
                lines.append(f"{indent}else:")
            lines += _lazy_lines(body, emission, indent + "    ")
            lines.append(f"{indent}    {names[item.name]} = {_value(printer, item.values[k])}")
    return lines


def emit_python(
    program_or_exprs: Any,
    args: Any = None,
    *,
    name: str = "f",
    calls: dict[str, Function] | None = None,
    careful: bool = True,
) -> str:
    """Python source of a function computing a Program's outputs with ``math``.

    Args:
        program_or_exprs: a ``Program``, or expressions (they go through ``cse``).
        args: the parameters in order (symbols or names); default: the program's inputs.
        name: the function's name.
        calls: if given, filled with identifier -> user function for the functions without
            a ``python`` form, which the code calls by that name (``lambdify`` binds them).
        careful: write ``log1p``, ``expm1`` and ``hypot`` where the outputs have
            ``log(1 + u)``, ``exp(u) - 1`` or ``sqrt(a^2 + b^2)`` (see ``careful``).

    Returns:
        The source text of a module defining ``name``.

    >>> from symdiff.core.parse import parse
    >>> print(emit_python(parse("sin(x^2) + x^2/y"), ["x", "y"]))
    from math import sin
    <BLANKLINE>
    <BLANKLINE>
    def f(x, y):
        t1 = x**2
        return sin(t1) + t1/y
    <BLANKLINE>
    """
    program = careful_input(program_or_exprs, args, careful)
    imported = MATH_NAMES | _template_names(program)
    layout = branch_layout(program)
    emission = prepare(
        program,
        None,
        PYTHON,
        name,
        allow_calls=True,
        extra_reserved=imported,
        extra_names=layout.names,
    )
    printer = emission.printer
    if calls is not None:
        calls.update({identifier: f for f, identifier in emission.calls.items()})
    lines: list[str] = []
    for helper in sorted(emission.helpers):
        lines += [PYTHON.helpers[helper], ""]
    if layout.lazy:
        lines.append(f"def {name}({', '.join(emission.params())}):")
        lines += _lazy_lines(layout.items, emission, "    ")
    else:
        lines += emit_body(emission, name, [])
    # a constant output is a float like every other result (not the int literal ``2``)
    outputs = [_value(printer, out) for out in layout.outputs]
    if not program.shape:
        lines.append(f"    return {outputs[0]}")
    else:
        lines.append(f"    return {tuple_text(outputs, program.shape, '        ')}")
    used = sorted(imported.intersection(_IDENTIFIER.findall("\n".join(lines))))
    header = [f"from math import {', '.join(used)}", "", ""] if used else []
    return "\n".join(header + lines) + "\n"
