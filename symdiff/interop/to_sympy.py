"""symdiff expressions to SymPy objects.

Takes an ``Expr``; returns the SymPy expression of the same value. Guarantees: one pass over
the unique nodes (no recursion, shared nodes built once), exact numbers stay exact, ``e`` and
``pi`` become ``sympy.E`` and ``sympy.pi``, and a function without a SymPy counterpart is a
``SymdiffError`` naming it.
"""

from __future__ import annotations

import math
from fractions import Fraction
from types import ModuleType
from typing import Any

from symdiff.core.errors import SymdiffError, check_flag, check_type
from symdiff.core.expr import Expr, Op
from symdiff.core.optional import require
from symdiff.core.traverse import postorder
from symdiff.interop.table import TO_SYMPY

__all__ = ["to_sympy"]


def to_sympy(expr: Expr, *, evaluate: bool = True) -> Any:
    """The SymPy expression of ``expr`` (needs the ``sympy`` extra).

    Args:
        expr: the expression.
        evaluate: let SymPy evaluate while building (its usual form: ``x + x`` is ``2*x``).
            With ``evaluate=False`` every node is built as it is, so ``from_sympy`` gives the
            same expression back (see ``from_sympy`` for the few exceptions).

    Returns:
        A SymPy expression. Symbols are plain ``sympy.Symbol(name)`` (no assumptions), floats
        become 53-bit ``sympy.Float`` holding the same binary value, and a function you
        registered becomes an undefined ``sympy.Function`` of its name.

    Raises:
        SymdiffError: for a built-in function without a SymPy counterpart (it is named).

    >>> from symdiff.core.parse import parse
    >>> to_sympy(parse("x^2*sin(x) + e^(1/2)"))
    x**2*sin(x) + exp(1/2)
    >>> to_sympy(parse("x + x"), evaluate=False)
    x + x
    """
    check_type("expr", expr, Expr, "an expression (parse text first)")
    evaluate = check_flag("evaluate", evaluate)
    sympy = require("sympy", purpose="to_sympy")
    done: dict[Expr, Any] = {}
    try:
        for node in postorder(expr):
            args = tuple(done[a] for a in node.args)
            done[node] = _node(sympy, node, args, evaluate)
    except RecursionError:  # SymPy's own evaluation recurses into deep arguments
        raise SymdiffError(
            "SymPy ran out of stack evaluating a deeply nested expression\n"
            "hint: pass evaluate=False, which builds every node as it is"
        ) from None
    return done[expr]


def _node(sympy: ModuleType, node: Expr, args: tuple[Any, ...], evaluate: bool) -> Any:
    op = node.op
    if op is Op.NUM:
        return _number(sympy, node.value)
    if op is Op.SYM:
        return sympy.Symbol(node.value)
    if op is Op.CONST:
        return sympy.pi if node.value == "pi" else sympy.E
    if op is Op.ADD:
        return sympy.Add(*args, evaluate=evaluate)
    if op is Op.MUL:
        return sympy.Mul(*args, evaluate=evaluate)
    if op is Op.POW:
        return sympy.Pow(*args, evaluate=evaluate)
    return _call(sympy, node, args, evaluate)


def _number(sympy: ModuleType, value: int | Fraction | float) -> Any:
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if math.isinf(value):
        return sympy.oo if value > 0 else -sympy.oo
    return sympy.Float(value, precision=53)


def _call(sympy: ModuleType, node: Expr, args: tuple[Any, ...], evaluate: bool) -> Any:
    function = node.value
    if not function.builtin:
        return sympy.Function(function.name)(*args)
    build = TO_SYMPY.get(function.name)
    if build is None:
        raise SymdiffError(
            f"the function {function.name!r} has no SymPy counterpart in symdiff.interop"
        )
    return build(sympy, args, evaluate)
