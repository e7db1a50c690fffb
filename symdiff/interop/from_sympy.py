"""SymPy objects to symdiff expressions.

Takes a SymPy expression; returns the ``Expr`` of the same value. Guarantees: no recursion
(an explicit-stack postorder over ``.args``, each object converted once), exact numbers stay
exact, and a SymPy object without a counterpart is a ``SymdiffError`` naming it before any of
its arguments is looked at.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from fractions import Fraction
from types import ModuleType
from typing import Any

from symdiff.core.errors import SymdiffError
from symdiff.core.expr import CONSTANT_VALUES, E, Expr, Number, Op, Symbol, pi
from symdiff.core.expr import Add as _Add
from symdiff.core.expr import Mul as _Mul
from symdiff.core.expr import Pow as _Pow
from symdiff.core.functions import REGISTRY, Function
from symdiff.core.optional import require
from symdiff.interop.table import FROM_SYMPY, _attribute, heaviside_at_zero

__all__ = ["from_sympy"]

Converter = Callable[[Any, list[Any]], Any]


def from_sympy(obj: Any) -> Expr:
    """The symdiff expression of a SymPy expression (needs the ``sympy`` extra).

    Args:
        obj: a SymPy expression (a Python ``int``, ``float`` or ``Fraction`` passes too).

    Returns:
        An ``Expr``. ``Pow(u, 1/2)`` becomes ``sqrt(u)``, ``sign(u)*Abs(u)**(1/3)`` becomes
        ``cbrt(u)`` and ``polygamma(0, u)`` becomes ``digamma(u)`` (where registered); a
        ``Piecewise`` becomes nested ``where``, an undefined ``sympy.Function`` a call of the
        registered function of that name.

    Raises:
        SymdiffError: for what has no counterpart (``I``, ``Integral``, ``nan``, a function
            that is not registered), naming it.

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> print(from_sympy(sympy.sqrt(x) * sympy.exp(x) + sympy.pi / 2))
    1/2*pi + sqrt(x)*exp(x)
    """
    sympy = require("sympy", purpose="from_sympy")
    if isinstance(obj, (int, float, Fraction)) and not isinstance(obj, bool):
        obj = sympy.sympify(obj)
    if not isinstance(obj, sympy.Basic):
        raise SymdiffError(f"from_sympy needs a SymPy expression, not {type(obj).__name__}")
    table = _converters(sympy)
    done: dict[int, Any] = {}
    stack: list[tuple[Any, bool]] = [(obj, False)]
    while stack:
        node, expanded = stack.pop()
        if id(node) in done:
            continue
        if expanded:
            done[id(node)] = _convert(sympy, table, node, [done[id(a)] for a in node.args])
        else:
            _supported(sympy, table, node)
            stack.append((node, True))
            stack.extend((a, False) for a in reversed(_children(sympy, node)))
    result = done[id(obj)]
    if not isinstance(result, Expr):
        raise SymdiffError(f"SymPy's {type(obj).__name__} is not an expression")
    return result


def _children(sympy: ModuleType, node: Any) -> tuple[Any, ...]:
    if isinstance(node, (sympy.Number, sympy.Symbol, sympy.NumberSymbol)):
        return ()
    return tuple(node.args)


_CACHE: dict[int, dict[type, Converter]] = {}


def _converters(sympy: ModuleType) -> dict[type, Converter]:
    """SymPy class -> converter of ``(object, converted arguments)``, built once."""
    cached = _CACHE.get(id(sympy))
    if cached is not None:
        return cached
    table: dict[type, Converter] = {}
    for path, name in FROM_SYMPY.items():
        table[_attribute(sympy, path)] = _call_of(name)
        if name.startswith("logical_"):  # Ne(u, 0) is how a truth value u goes out
            table[_attribute(sympy, path)] = functools.partial(_logic, _call_of(name))
    table.update(
        {
            sympy.Add: lambda node, args: _Add(*args),
            sympy.Mul: _mul,
            sympy.Pow: _pow,
            sympy.Piecewise: _piecewise,
            sympy.functions.elementary.piecewise.ExprCondPair: lambda node, args: tuple(args),
            sympy.Heaviside: _heaviside,
            sympy.Max: _max,
            sympy.polygamma: _polygamma,
            sympy.logic.boolalg.BooleanTrue: lambda node, args: Number(1),
            sympy.logic.boolalg.BooleanFalse: lambda node, args: Number(0),
        }
    )
    _CACHE[id(sympy)] = table
    return table


def _supported(sympy: ModuleType, table: dict[type, Converter], node: Any) -> None:
    """Raise, naming ``node``, before walking into something without a counterpart."""
    if type(node) in table or isinstance(node, (sympy.Symbol, sympy.Rational, sympy.Float)):
        return
    if isinstance(node, sympy.core.function.AppliedUndef):
        return
    if node in (sympy.oo, -sympy.oo, sympy.E, sympy.pi):
        return
    text = str(node)
    shown = f" ({text})" if len(text) <= 60 else ""
    raise SymdiffError(f"SymPy's {type(node).__name__}{shown} has no counterpart in symdiff")


def _convert(sympy: ModuleType, table: dict[type, Converter], node: Any, args: list[Any]) -> Any:
    converter = table.get(type(node))
    if converter is not None:
        return converter(node, args)
    if isinstance(node, sympy.Symbol):
        return _symbol(node.name)
    if isinstance(node, sympy.Rational):
        return Number(Fraction(int(node.p), int(node.q)))
    if isinstance(node, sympy.Float):
        return _float(node)
    if node == sympy.oo or node == -sympy.oo:
        return Number(math.inf if node == sympy.oo else -math.inf)
    if node == sympy.E:
        return E
    if node == sympy.pi:
        return pi
    return _call(_function(node.func.__name__, f"SymPy's undefined function {node.func}"), args)


def _symbol(name: str) -> Expr:
    if name in CONSTANT_VALUES or not name.isidentifier():
        what = "a constant's name" if name in CONSTANT_VALUES else "not a valid symbol name"
        raise SymdiffError(
            f"the SymPy symbol {name!r} is {what} in symdiff\n"
            "hint: rename it first, e.g. expr.subs(old, sympy.Symbol('x1'))"
        )
    return Symbol(name)


def _float(node: Any) -> Expr:
    value = float(node)
    if math.isinf(value):
        raise SymdiffError(f"the SymPy Float {node} is beyond the range of a float")
    return Number(value)


def _function(name: str, what: str) -> Function:
    function = REGISTRY.get(name)
    if function is None:
        raise SymdiffError(
            f"{what} needs the symdiff function {name!r}, which is not registered\n"
            "hint: register it with symdiff.register_function"
        )
    return function


def _call(function: Function, args: list[Expr]) -> Expr:
    """A call, folded left to right when the function takes two of many arguments
    (``Max(a, b, c)`` is ``max(max(a, b), c)``)."""
    if function.accepts(len(args)) or len(args) < 2 or not function.accepts(2):
        return function(*args)
    result = function(args[0], args[1])
    for arg in args[2:]:
        result = function(result, arg)
    return result


def _max(node: Any, args: list[Expr]) -> Expr:
    """``Max(u, 0)``, in either order, is ``relu(u)`` (how ``to_sympy`` writes relu)."""
    if len(args) == 2 and "relu" in REGISTRY:
        for zero, u in (args, args[::-1]):
            if zero is Number(0):
                return REGISTRY["relu"](u)
    return _call(_function("max", "SymPy's Max"), args)


def _call_of(name: str) -> Converter:
    def convert(node: Any, args: list[Any]) -> Expr:
        return _call(_function(name, f"SymPy's {type(node).__name__}"), args)

    return convert


def _mul(node: Any, args: list[Expr]) -> Expr:
    if len(args) == 2 and "cbrt" in REGISTRY:  # sign(u)*Abs(u)**(1/3), as to_sympy writes it
        for sign, root in (args, args[::-1]):
            if _is_call(sign, "sign") and root.op is Op.POW and _is_call(root.args[0], "abs"):
                u = sign.args[0]
                if root.args[0].args[0] is u and root.args[1] is Number(Fraction(1, 3)):
                    return REGISTRY["cbrt"](u)
    return _Mul(*args)


def _is_call(node: Expr, name: str) -> bool:
    return node.op is Op.CALL and node.value.name == name and node.value.builtin


def _pow(node: Any, args: list[Expr]) -> Expr:
    base, exponent = args
    if exponent is Number(Fraction(1, 2)):
        return REGISTRY["sqrt"](base)
    return _Pow(base, exponent)


def _truth(condition: Expr) -> Expr:
    """``u`` for ``ne(u, 0)`` (a truth value written as a comparison), else the condition."""
    is_nonzero = condition.op is Op.CALL and condition.value.name == "ne"
    return condition.args[0] if is_nonzero and condition.args[1] is Number(0) else condition


def _logic(call: Converter, node: Any, args: list[Any]) -> Expr:
    return call(node, [_truth(a) for a in args])


def _piecewise(node: Any, pieces: list[tuple[Expr, Expr]]) -> Expr:
    """``Piecewise((a, c), ..., (z, True))`` is ``where(c, a, ...)``; ``(1, c), (0, True)``
    is the condition's own value."""
    *branches, (otherwise, last) = pieces
    if last is not Number(1):
        raise SymdiffError(
            f"SymPy's Piecewise {node} has no otherwise branch (a last condition True)"
        )
    if len(branches) == 1 and branches[0][0] is Number(1) and otherwise is Number(0):
        return branches[0][1]
    where = _function("where", "SymPy's Piecewise")
    result = otherwise
    for value, condition in reversed(branches):
        result = where(_truth(condition), value, result)
    return result


def _heaviside(node: Any, args: list[Expr]) -> Expr:
    u, at_zero = args
    if at_zero.op is not Op.NUM or Fraction(at_zero.value) != heaviside_at_zero():
        raise SymdiffError(
            f"SymPy's {node} has another value at 0 than symdiff's heaviside"
            f" ({heaviside_at_zero()})"
        )
    return _function("heaviside", "SymPy's Heaviside")(u)


def _polygamma(node: Any, args: list[Expr]) -> Expr:
    order, u = args
    if order is Number(0) and "digamma" in REGISTRY:
        return REGISTRY["digamma"](u)
    return _call(_function("polygamma", "SymPy's polygamma"), args)
