"""Conditional functions: comparisons, logic, ``where`` and piecewise functions.

Takes nothing; registers built-in functions in the registry. A condition is a real expression
worth ``1.0`` (true) or ``0.0`` (false), as in CasADi, so conditions are ordinary ``Call``
nodes that every stage already handles:

- comparisons ``lt(a, b)`` (``a < b``), ``le`` (``<=``), ``gt`` (``>``), ``ge`` (``>=``),
  ``eq`` and ``ne`` (functions only: ``==`` between expressions is structural identity);
- logic ``logical_and(c1, c2)``, ``logical_or(c1, c2)``, ``logical_not(c)``: a nonzero value
  is true (so ``nan`` is true, as in C and NumPy);
- ``where(c, a, b)`` (also spelled ``ifelse`` in text): ``a`` where ``c`` is nonzero, else ``b``;
- ``max(a, b)``, ``min(a, b)`` (a ``nan`` argument gives ``nan``, as NumPy's ``maximum``),
  ``relu(u) = max(u, 0)`` and ``heaviside(u)``: 0 below zero, 1 above, ``1/2`` at zero
  (NumPy's ``heaviside(u, 0.5)``).

Derivatives are zero for comparisons, logic and ``heaviside`` (away from the switching
points). ``where``, ``max``, ``min`` and ``relu`` are piecewise: each one's ``select`` gives
the condition and which argument the value is on each side, and the derivative is the
``where`` of the arguments' derivatives: ``d max(a, b) = where(a >= b, da, db)``, so at a tie
it is ``da``; ``d relu(u) = where(u > 0, du, 0)``, so it is 0 at 0.

``evaluate`` computes only the branch a ``where`` takes (``where(x > 0, log(x), 0)`` is 0 at
-1). So does Python and C code: a temporary used only inside one branch is computed inside
an ``if`` (see ``symdiff.emit.branches``). NumPy's ``where`` computes both branches, so an
untaken branch outside its domain gives ``nan`` with NumPy's warning, never an exception.

>>> from symdiff.core.parse import parse
>>> parse("where(x > 0, log(x), 0)").evaluate(x=-1.0)
0.0
"""

from __future__ import annotations

from collections.abc import Callable

from symdiff.core.expr import Expr, as_expr
from symdiff.core.functions import REGISTRY, Function

__all__ = ["ALIASES", "CONDITIONS", "HEAVISIDE_AT_ZERO", "INFIX", "is_condition"]

#: Comparisons written infix in text, with their operator.
INFIX = {"lt": "<", "le": "<=", "gt": ">", "ge": ">="}
#: Functions whose value is always 0 or 1.
CONDITIONS = frozenset([*INFIX, "eq", "ne", "logical_and", "logical_or", "logical_not"])
#: Other names text may use for a function.
ALIASES = {"ifelse": "where"}
#: The value of ``heaviside(0)``.
HEAVISIDE_AT_ZERO = 0.5


def is_condition(node: Expr) -> bool:
    """Whether ``node`` is a built-in condition (a comparison or logic), worth 0 or 1.

    >>> from symdiff.core.parse import parse
    >>> is_condition(parse("x < 1")), is_condition(parse("x - 1"))
    (True, False)
    """
    function = node.value
    return isinstance(function, Function) and function.builtin and function.name in CONDITIONS


def _max(a: float, b: float) -> float:
    if a != a or b != b:
        return a + b  # nan
    return a if a >= b else b


def _min(a: float, b: float) -> float:
    if a != a or b != b:
        return a + b
    return a if a <= b else b


def _relu(u: float) -> float:
    return u if u > 0 or u != u else 0.0


def _heaviside(u: float) -> float:
    if u != u:
        return u
    return 1.0 if u > 0 else 0.0 if u < 0 else HEAVISIDE_AT_ZERO


def _f(name: str) -> Function:
    return REGISTRY[name]


def _zero(*_args: Expr) -> Expr:
    return as_expr(0)


def _compare(name: str, impl: Callable[[float, float], bool], latex: str, op: str) -> Function:
    # Python and C compare with the operator; NumPy with its ufunc, as floats like the rest
    ufunc = {"<": "less", "<=": "less_equal", ">": "greater", ">=": "greater_equal"}
    ufunc |= {"==": "equal", "!=": "not_equal"}
    targets = {
        "latex": latex,
        "python": f"float({{0}} {op} {{1}})",
        "numpy": f"({{m}}.{ufunc[op]}({{0}}, {{1}}) * 1.0)",
        "c": f"((double)({{0}} {op} {{1}}))",
    }
    return Function(name, 2, lambda a, b: float(impl(a, b)), (_zero, _zero), targets, builtin=True)


def _conditions() -> list[Function]:
    made = [
        _compare("lt", lambda a, b: a < b, "{0} < {1}", "<"),
        _compare("le", lambda a, b: a <= b, r"{0} \leq {1}", "<="),
        _compare("gt", lambda a, b: a > b, "{0} > {1}", ">"),
        _compare("ge", lambda a, b: a >= b, r"{0} \geq {1}", ">="),
        _compare("eq", lambda a, b: a == b, "{0} = {1}", "=="),
        _compare("ne", lambda a, b: a != b, r"{0} \neq {1}", "!="),
    ]
    logic = {
        "logical_and": (r"{0} \land {1}", "and", "logical_and", "&&"),
        "logical_or": (r"{0} \lor {1}", "or", "logical_or", "||"),
    }
    for name, (latex, word, ufunc, c_op) in logic.items():
        targets = {
            "latex": latex,
            "python": f"float({{0}} != 0 {word} {{1}} != 0)",
            "numpy": f"({{m}}.{ufunc}({{0}}, {{1}}) * 1.0)",
            "c": f"((double)({{0}} != 0.0 {c_op} {{1}} != 0.0))",
        }
        impl = {
            "logical_and": lambda a, b: float(a != 0 and b != 0),
            "logical_or": lambda a, b: float(a != 0 or b != 0),
        }[name]
        made.append(Function(name, 2, impl, (_zero, _zero), targets, builtin=True))
    not_targets = {
        "latex": r"\lnot {0}",
        "python": "float({0} == 0)",
        "numpy": "({m}.equal({0}, 0.0) * 1.0)",
        "c": "((double)({0} == 0.0))",
    }
    made.append(
        Function("logical_not", 1, lambda u: float(u == 0), (_zero,), not_targets, builtin=True)
    )
    return made


_CASES = r"\begin{{cases}} {1} & \text{{if }} {0} \\ {2} & \text{{otherwise}} \end{{cases}}"


def _piecewise() -> list[Function]:
    where = Function(
        "where",
        3,
        lambda c, a, b: a if c != 0 else b,
        (
            _zero,
            lambda c, a, b: _f("where")(c, 1, 0),
            lambda c, a, b: _f("where")(c, 0, 1),
        ),
        {
            "latex": _CASES,
            "python": "({1} if {0} else {2})",
            "numpy": "{m}.where({0}, {1}, {2})",
            "c": "({0} ? {1} : {2})",
        },
        builtin=True,
        select=lambda c, a, b: (c, 1, 2),
    )
    maximum = Function(
        "max",
        2,
        _max,
        (lambda a, b: _f("ge")(a, b), lambda a, b: _f("lt")(a, b)),
        {
            "latex": r"\max",
            "python": "_max({0}, {1})",
            "numpy": "{m}.maximum({0}, {1})",
            "c": "symdiff_max({0}, {1})",
        },
        builtin=True,
        select=lambda a, b: (_f("ge")(a, b), 0, 1),
    )
    minimum = Function(
        "min",
        2,
        _min,
        (lambda a, b: _f("le")(a, b), lambda a, b: _f("gt")(a, b)),
        {
            "latex": r"\min",
            "python": "_min({0}, {1})",
            "numpy": "{m}.minimum({0}, {1})",
            "c": "symdiff_min({0}, {1})",
        },
        builtin=True,
        select=lambda a, b: (_f("le")(a, b), 0, 1),
    )
    relu = Function(
        "relu",
        1,
        _relu,
        (lambda u: _f("gt")(u, 0),),
        {
            "latex": r"\operatorname{ReLU}",
            "python": "_relu({0})",
            "numpy": "{m}.maximum({0}, 0.0)",
            "c": "symdiff_relu({0})",
        },
        builtin=True,
        select=lambda u: (_f("gt")(u, 0), 0, None),
    )
    heaviside = Function(
        "heaviside",
        1,
        _heaviside,
        (_zero,),
        {
            "latex": r"\operatorname{H}",
            "python": "_heaviside({0})",
            "numpy": f"{{m}}.heaviside({{0}}, {HEAVISIDE_AT_ZERO})",
            "c": "symdiff_heaviside({0})",
        },
        builtin=True,
    )
    return [where, maximum, minimum, relu, heaviside]


def install() -> None:
    """Register the conditional functions (once, when the registry is made)."""
    for function in [*_conditions(), *_piecewise()]:
        REGISTRY[function.name] = function
