"""Reading the arguments every differentiation entry point shares: the expression (an
``Expr``, a number or text) and the variables (a symbol, a name, ``"x y"`` or a sequence).

Bad arguments raise an ``ArgumentError`` or ``ArgumentValueError`` naming the parameter.

>>> [str(v) for v in as_symbols("x, y")]
['x', 'y']
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

from symdiff.core.errors import (
    ArgumentError,
    ArgumentValueError,
    check_type,
    describe,
    items_of,
)
from symdiff.core.expr import Expr, Op, Symbol, as_expr
from symdiff.core.traverse import free_symbols, natural_key

__all__ = ["as_input", "as_symbol", "as_symbols", "variable_names", "variables_of"]


def as_input(expr: object, name: str = "expr") -> Expr:
    """An expression given as an ``Expr``, a number or text (``ArgumentError`` otherwise,
    naming the argument ``name``)."""
    if isinstance(expr, str):
        from symdiff.core.parse import parse

        return parse(expr)
    check_type(name, expr, (Expr, numbers.Real, bool), "an Expr, a number or text")
    return as_expr(expr)


def variable_names(text: str) -> list[str]:
    """The names in a space- or comma-separated string, as ``lambdify`` and ``cse`` read it.

    >>> variable_names("x, y z")
    ['x', 'y', 'z']
    """
    return text.replace(",", " ").split()


def as_symbol(wrt: object, argument: str = "wrt") -> Expr:
    """A variable given as a symbol or its name (``argument``: the parameter, for messages)."""
    if isinstance(wrt, str):
        names = variable_names(wrt)
        if len(names) != 1:
            count = f"{len(names)} variables" if names else "no variable"
            raise ArgumentValueError(
                f"{argument}: {wrt!r} names {count}; give one symbol or its name"
            )
        return Symbol(names[0])
    if isinstance(wrt, Expr) and wrt.op is Op.SYM:
        return wrt
    raise ArgumentError(
        f"{argument}: can only differentiate with respect to a symbol or its name, "
        f"not {describe(wrt)}"
    )


def variables_of(exprs: Sequence[Expr], wrt: object) -> list[Expr]:
    """The variables ``wrt`` names, or by default the free symbols of ``exprs`` in natural
    order (``x2`` before ``x10``)."""
    if wrt is None:
        names: set[Expr] = set()
        for expr in exprs:
            names |= free_symbols(expr)
        return sorted(names, key=natural_key)
    return as_symbols(wrt)


def as_symbols(wrt: object) -> list[Expr]:
    """One variable, a string of names (``"x y"`` or ``"x, y"``) or a sequence of variables,
    as a list of symbols."""
    if isinstance(wrt, str):
        names = variable_names(wrt)
        if not names:
            raise ArgumentValueError(f"wrt: {wrt!r} names no variable; for example 'x y' or 'x, y'")
        return [Symbol(name) for name in names]
    if isinstance(wrt, Expr):
        return [as_symbol(wrt)]
    return [as_symbol(w) for w in items_of("wrt", wrt, "a symbol, a name or a sequence of them")]
