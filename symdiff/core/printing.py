"""Infix printing: ``Expr`` to readable text that parses back to the same node.

Takes an ``Expr``, returns ``str``. Guarantees ``parse(to_infix(e)) is e`` for every ``e``:
subtraction and division are restored (``x - y``, ``x/2``, ``1/x``), parentheses appear only
where the structure needs them, multiplication is always written with ``*`` (never
juxtaposition), and the walk is iterative (an explicit stack), so depth is unlimited.
"""

from __future__ import annotations

import math
from enum import Enum, auto
from fractions import Fraction

from symdiff.core.conditions import INFIX
from symdiff.core.errors import InputTooLargeError
from symdiff.core.expr import Expr, Number, Op, is_exact

__all__ = ["MAX_PRINT_DIGITS", "MAX_PRINT_NODES", "format_integer", "to_infix", "to_repr"]

#: Printing writes the tree, not the DAG: refuse trees larger than this (use ``cse``).
MAX_PRINT_NODES = 5_000_000

#: Refuse to write integers with more digits than this (the conversion is quadratic).
MAX_PRINT_DIGITS = 100_000

_CHUNK_DIGITS = 600  # below the smallest int-to-str limit Python allows (640)


class Ctx(Enum):
    TOP = auto()  # anywhere a whole sum may stand: top level, call arguments, inside (...)
    TERM = auto()  # the first term of a sum
    FACTOR = auto()  # the first factor of a product
    BASE = auto()  # base of a power
    EXPONENT = auto()  # exponent of a power
    DIVISOR = auto()  # after "/"
    COMPARAND = auto()  # a side of a comparison ``a < b``


Piece = "str | tuple[Expr, Ctx]"


def to_infix(expr: Expr, max_nodes: int = MAX_PRINT_NODES) -> str:
    """Print ``expr`` as infix text that parses back to the same node.

    Args:
        expr: the expression.
        max_nodes: refuse trees (with shared subtrees counted per use) larger than this.

    Returns:
        The text, with ``-`` and ``/`` restored and minimal parentheses.

    >>> from symdiff.core.expr import symbols
    >>> x, y = symbols("x y")
    >>> to_infix(x*y**-1 - 2*x**2)
    'x/y - 2*x^2'
    """
    from symdiff.core.traverse import tree_size

    size = tree_size(expr)
    if size > max_nodes:
        raise InputTooLargeError(
            f"the expression has {size} nodes when written out as a tree (limit {max_nodes});"
            " use cse() to print it as a program with shared subexpressions"
        )
    out: list[str] = []
    stack: list = [(expr, Ctx.TOP)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        else:
            stack.extend(reversed(_expand(*item)))
    return "".join(out)


def format_number(value: int | Fraction | float) -> str:
    """The literal text of a number (``inf`` is written ``1e999`` so that it parses back)."""
    if isinstance(value, float):
        if math.isinf(value):
            return "1e999" if value > 0 else "-1e999"
        return repr(value)
    if isinstance(value, Fraction):
        return f"{format_integer(value.numerator)}/{format_integer(value.denominator)}"
    return format_integer(value)


def format_integer(value: int) -> str:
    """The decimal digits of ``value``, also beyond Python's int-to-str limit (4300 digits).

    Raises:
        InputTooLargeError: for more than ``MAX_PRINT_DIGITS`` digits.

    >>> len(format_integer(10**5000))
    5001
    """
    if value.bit_length() <= 3 * _CHUNK_DIGITS:
        return str(value)
    digits = int(value.bit_length() * math.log10(2)) + 1
    if digits > MAX_PRINT_DIGITS:
        raise InputTooLargeError(
            f"an integer of about {digits} digits is too large to print"
            f" (limit {MAX_PRINT_DIGITS} digits)"
        )
    sign, rest = ("-", -value) if value < 0 else ("", value)
    chunks: list[int] = []
    while rest:
        rest, chunk = divmod(rest, 10**_CHUNK_DIGITS)
        chunks.append(chunk)
    head, *tail = reversed(chunks)
    return sign + str(head) + "".join(f"{c:0{_CHUNK_DIGITS}d}" for c in tail)


def _negative(node: Expr) -> bool:
    if node.op is not Op.NUM:
        return False
    value = node.value
    return value < 0 or (isinstance(value, float) and math.copysign(1.0, value) < 0)


def _reciprocal_form(node: Expr) -> bool:
    """Whether a power prints as ``1/...`` (``x^-1`` as ``1/x``, ``x^-2`` as ``1/x^2``)."""
    base, exponent = node.args
    return (
        exponent.op is Op.NUM
        and exponent.value < 0
        and base.op is not Op.NUM
        and not (base.op is Op.POW and base.args[1].op is Op.NUM)
    )


def _infix(node: Expr) -> str | None:
    """The operator of a comparison written infix (``x < 1``), else ``None``."""
    if node.op is Op.CALL and node.value.builtin:
        return INFIX.get(node.value.name)
    return None


def _needs_parens(node: Expr, ctx: Ctx) -> bool:
    op = node.op
    if ctx is Ctx.TOP:
        return False
    if _infix(node) is not None or ctx is Ctx.COMPARAND:
        return _infix(node) is not None
    if ctx is Ctx.TERM:
        return op is Op.ADD
    if ctx is Ctx.FACTOR:
        return op in (Op.ADD, Op.MUL) or _negative(node)
    if ctx is Ctx.DIVISOR:
        return op in (Op.ADD, Op.MUL)
    if ctx is Ctx.BASE:
        if op is Op.NUM:
            return _negative(node) or isinstance(node.value, Fraction)
        return op in (Op.ADD, Op.MUL, Op.POW)
    # exponent
    if op is Op.NUM:
        return isinstance(node.value, Fraction)
    return op in (Op.ADD, Op.MUL)


def _expand(node: Expr, ctx: Ctx) -> list:
    if _needs_parens(node, ctx):
        return ["(", (node, Ctx.TOP), ")"]
    op = node.op
    if op is Op.NUM:
        return [format_number(node.value)]
    if op in (Op.SYM, Op.CONST):
        return [node.value]
    if op is Op.CALL and _infix(node) is not None:
        left, right = node.args
        return [(left, Ctx.COMPARAND), f" {_infix(node)} ", (right, Ctx.COMPARAND)]
    if op is Op.CALL:
        pieces: list = [node.value.name, "("]
        for i, arg in enumerate(node.args):
            if i:
                pieces.append(", ")
            pieces.append((arg, Ctx.TOP))
        pieces.append(")")
        return pieces
    if op is Op.ADD:
        return _sum_pieces(node)
    if op is Op.MUL:
        negative, factors = _split_sign(node)
        return ["-", *_product_pieces(factors)] if negative else _product_pieces(factors)
    return _power_pieces(node, ctx)


def _power_pieces(node: Expr, ctx: Ctx) -> list:
    base, exponent = node.args
    if ctx in (Ctx.TOP, Ctx.TERM, Ctx.FACTOR) and _reciprocal_form(node):
        return ["1/", *_divisor_pieces(node)]
    return [(base, Ctx.BASE), "^", (exponent, Ctx.EXPONENT)]


def _divisor_pieces(node: Expr) -> list:
    """``x^-e`` written after a ``/``: ``x`` for ``e == 1``, else ``x^e``."""
    base, exponent = node.args
    if exponent.value == -1 and type(exponent.value) is int:
        return [(base, Ctx.DIVISOR)]
    return [(base, Ctx.BASE), "^", (Number(-exponent.value), Ctx.EXPONENT)]


def _sum_pieces(node: Expr) -> list:
    pieces: list = [(node.args[0], Ctx.TERM)]
    for term in node.args[1:]:
        if term.op is Op.NUM and _negative(term):
            pieces += [" - ", format_number(-term.value)]
        elif term.op is Op.MUL and _split_sign(term)[0]:
            pieces += [" - ", *_product_pieces(_split_sign(term)[1])]
        elif term.op is Op.ADD:
            pieces += [" + (", (term, Ctx.TOP), ")"]
        else:
            pieces += [" + ", (term, Ctx.TERM)]
    return pieces


def _split_sign(node: Expr) -> tuple[bool, list[Expr]]:
    """A product with a negative leading number prints as ``-`` and the rest."""
    first, rest = node.args[0], list(node.args[1:])
    if not _negative(first):
        return False, list(node.args)
    if type(first.value) is int and first.value == -1 and rest[0].op is not Op.NUM:
        return True, rest
    return True, [Number(-first.value), *rest]


def _product_pieces(factors: list[Expr]) -> list:
    pieces: list = [(factors[0], Ctx.FACTOR)]
    for i in range(1, len(factors)):
        pieces += _factor_pieces(factors[i], factors[i - 1], i == 1 and _is_one(factors[0]))
    return pieces


def _is_one(node: Expr) -> bool:
    return node.op is Op.NUM and type(node.value) is int and node.value == 1


def _factor_pieces(node: Expr, previous: Expr, after_lone_one: bool) -> list:
    """A non-first factor: ``/q``, ``/x``, ``*p/q`` where that parses back, else ``*f``."""
    after_number = previous.op is Op.NUM
    if node.op is Op.NUM:
        value = node.value
        if _negative(node) or (after_number and isinstance(value, Fraction)):
            return ["*(", format_number(value), ")"]
        if isinstance(value, Fraction) and is_exact(node):
            denominator = format_integer(value.denominator)
            if value.numerator == 1:
                return ["/", denominator]
            return ["*", format_integer(value.numerator), "/", denominator]
        return ["*", format_number(value)]
    if node.op is Op.POW and _reciprocal_form(node) and not after_lone_one:
        return ["/", *_divisor_pieces(node)]
    if node.op is Op.POW:
        return ["*", (node.args[0], Ctx.BASE), "^", (node.args[1], Ctx.EXPONENT)]
    if node.op in (Op.ADD, Op.MUL):
        return ["*(", (node, Ctx.TOP), ")"]
    return ["*", (node, Ctx.FACTOR)]


def to_repr(expr: Expr, max_nodes: int = MAX_PRINT_NODES) -> str:
    """An unambiguous constructor form, e.g. ``Add(Symbol('x'), Number(2))``.

    >>> from symdiff.core.expr import symbols
    >>> to_repr(symbols("x") + 2)
    "Add(Symbol('x'), Number(2))"
    """
    from symdiff.core.traverse import tree_size

    if tree_size(expr) > max_nodes:
        return f"<Expr: {tree_size(expr)} tree nodes; use cse() to inspect it>"
    out: list[str] = []
    stack: list = [expr]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        stack.extend(reversed(_repr_pieces(item)))
    return "".join(out)


def _repr_pieces(node: Expr) -> list:
    if node.op is Op.NUM:
        value = node.value
        if isinstance(value, float):
            return [f"Number({value!r})"]
        try:
            if isinstance(value, Fraction):
                top, bottom = format_integer(value.numerator), format_integer(value.denominator)
                return [f"Number(Fraction({top}, {bottom}))"]
            return [f"Number({format_integer(value)})"]
        except InputTooLargeError:
            return [f"Number(<{type(value).__name__} of {value.numerator.bit_length()} bits>)"]
    if node.op is Op.SYM:
        return [f"Symbol({node.value!r})"]
    if node.op is Op.CONST:
        return [f"Const({node.value!r})"]
    head = f"Call({node.value.name!r}, " if node.op is Op.CALL else f"{node.op.name.title()}("
    pieces: list = [head]
    for i, arg in enumerate(node.args):
        if i:
            pieces.append(", ")
        pieces.append(arg)
    pieces.append(")")
    return pieces
