"""The table between symdiff's functions and SymPy's, keyed by registry name.

Takes nothing; holds, for every function symdiff has or is expected to have, how to build the
SymPy object from the converted arguments (``TO_SYMPY``) and which SymPy class comes back as
which registry name (``FROM_SYMPY``). SymPy is passed in by the caller, so nothing here
imports it. Entries for names that are not registered are harmless: converting such a SymPy
object back raises ``SymdiffError`` naming the missing function.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from types import ModuleType
from typing import Any

__all__ = ["CONDITIONS", "FROM_SYMPY", "TO_SYMPY", "as_condition", "heaviside_at_zero"]

# name -> SymPy attribute (a dotted path below ``sympy``): one SymPy function per name, the
# same arguments in the same order, converted back to the same name.
_SAME: dict[str, str] = {
    "sin": "sin",
    "cos": "cos",
    "tan": "tan",
    "sec": "sec",
    "csc": "csc",
    "cot": "cot",
    "asin": "asin",
    "acos": "acos",
    "atan": "atan",
    "atan2": "atan2",
    "sinh": "sinh",
    "cosh": "cosh",
    "tanh": "tanh",
    "asinh": "asinh",
    "acosh": "acosh",
    "atanh": "atanh",
    "exp": "exp",
    "log": "log",
    "abs": "Abs",
    "sign": "sign",
    "erf": "erf",
    "erfc": "erfc",
    "gamma": "gamma",
    "lgamma": "loggamma",
    "polygamma": "polygamma",
    "beta": "beta",
    "log1p": "codegen.cfunctions.log1p",
    "expm1": "codegen.cfunctions.expm1",
    "log2": "codegen.cfunctions.log2",
    "log10": "codegen.cfunctions.log10",
    "exp2": "codegen.cfunctions.exp2",
    "hypot": "codegen.cfunctions.hypot",
    "max": "Max",
    "min": "Min",
}

#: Comparisons: 1.0 where the relation holds, else 0.0; SymPy's relational of each.
_RELATIONS = {"lt": "Lt", "le": "Le", "gt": "Gt", "ge": "Ge", "eq": "Eq", "ne": "Ne"}
#: Boolean functions of conditions (1.0/0.0 values) and SymPy's of each.
_LOGIC = {"logical_and": "And", "logical_or": "Or", "logical_not": "Not"}
#: The names whose value is a condition.
CONDITIONS = frozenset(_RELATIONS) | frozenset(_LOGIC)

Builder = Callable[[ModuleType, tuple[Any, ...], bool], Any]


def _attribute(sympy: ModuleType, path: str) -> Any:
    if "." in path:
        import importlib

        module, _, name = path.rpartition(".")
        return getattr(importlib.import_module(f"sympy.{module}"), name)
    return getattr(sympy, path)


def _same(path: str) -> Builder:
    def build(sympy: ModuleType, args: tuple[Any, ...], evaluate: bool) -> Any:
        return _attribute(sympy, path)(*args, evaluate=evaluate)

    return build


def as_condition(sympy: ModuleType, value: Any) -> Any:
    """A SymPy condition from a converted symdiff value: the condition itself for the 1/0
    ``Piecewise`` a comparison becomes, else ``value != 0`` (nonzero is true)."""
    if isinstance(value, sympy.Piecewise) and len(value.args) == 2:
        (one, condition), (zero, otherwise) = value.args
        if one == 1 and zero == 0 and otherwise == sympy.true:
            return condition
    if value in (sympy.true, sympy.false):
        return value
    return sympy.Ne(value, 0)


def _indicator(sympy: ModuleType, condition: Any, evaluate: bool) -> Any:
    return sympy.Piecewise((1, condition), (0, True), evaluate=evaluate)


def _relation(path: str) -> Builder:
    def build(sympy: ModuleType, args: tuple[Any, ...], evaluate: bool) -> Any:
        relation = getattr(sympy, path)(*args, evaluate=evaluate)
        return _indicator(sympy, relation, evaluate)

    return build


def _logic(path: str) -> Builder:
    def build(sympy: ModuleType, args: tuple[Any, ...], evaluate: bool) -> Any:
        conditions = [as_condition(sympy, a) for a in args]
        return _indicator(sympy, getattr(sympy, path)(*conditions, evaluate=evaluate), evaluate)

    return build


def _where(sympy: ModuleType, args: tuple[Any, ...], evaluate: bool) -> Any:
    condition, then, otherwise = args
    pieces = ((then, as_condition(sympy, condition)), (otherwise, True))
    return sympy.Piecewise(*pieces, evaluate=evaluate)


def _sqrt(sympy: ModuleType, args: tuple[Any, ...], evaluate: bool) -> Any:
    return sympy.Pow(args[0], sympy.S.Half, evaluate=evaluate)


def _cbrt(sympy: ModuleType, args: tuple[Any, ...], evaluate: bool) -> Any:
    # the real cube root; SymPy's cbrt(u) is u**(1/3), the principal (complex) root for u < 0
    (u,) = args
    root = sympy.Pow(sympy.Abs(u, evaluate=evaluate), sympy.Rational(1, 3), evaluate=evaluate)
    return sympy.Mul(sympy.sign(u, evaluate=evaluate), root, evaluate=evaluate)


def _digamma(sympy: ModuleType, args: tuple[Any, ...], evaluate: bool) -> Any:
    return sympy.polygamma(0, args[0], evaluate=evaluate)


def heaviside_at_zero() -> Fraction:
    """symdiff's ``heaviside(0)`` as an exact number (SymPy's ``H0``); 1/2 if unregistered."""
    from symdiff.core.functions import REGISTRY

    function = REGISTRY.get("heaviside")
    if function is None:
        return Fraction(1, 2)
    return Fraction(function.impl(0.0)).limit_denominator(1000)


def _heaviside(sympy: ModuleType, args: tuple[Any, ...], evaluate: bool) -> Any:
    at_zero = heaviside_at_zero()
    h0 = sympy.Rational(at_zero.numerator, at_zero.denominator)
    return sympy.Heaviside(args[0], h0, evaluate=evaluate)


def _relu(sympy: ModuleType, args: tuple[Any, ...], evaluate: bool) -> Any:
    return sympy.Max(args[0], 0, evaluate=evaluate)


#: registry name -> builder of the SymPy object from the converted arguments.
TO_SYMPY: dict[str, Builder] = {
    **{name: _same(path) for name, path in _SAME.items()},
    **{name: _relation(path) for name, path in _RELATIONS.items()},
    **{name: _logic(path) for name, path in _LOGIC.items()},
    "where": _where,
    "sqrt": _sqrt,
    "cbrt": _cbrt,
    "digamma": _digamma,
    "heaviside": _heaviside,
    "relu": _relu,
}

#: SymPy attribute -> registry name, for the SymPy functions that come back by class alone
#: (``Pow``, ``Mul``, ``Piecewise``, ``Heaviside``, ``polygamma`` and the relationals are
#: read in ``symdiff.interop.from_sympy``).
FROM_SYMPY: dict[str, str] = {
    **{path: name for name, path in _SAME.items() if name != "polygamma"},
    **{path: name for name, path in _RELATIONS.items()},
    **{path: name for name, path in _LOGIC.items()},
}
