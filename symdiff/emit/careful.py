"""Careful forms for generated code: ``log1p``, ``expm1`` and ``hypot`` where they apply.

Takes a Program (or expressions); returns the same outputs with every

- ``log(1 + u)`` written ``log1p(u)`` (``log(u + 1 + v)`` is ``log1p(u + v)``),
- ``exp(u) - 1`` (also ``-1 + exp(u)``, ``e^u - 1``, and among other terms) written
  ``expm1(u)``, and ``1 - exp(u)`` written ``-expm1(u)``,
- ``sqrt(a^2 + b^2)`` (also ``(a^2 + b^2)^(1/2)``, more squares, and a number that is an exact
  square: ``sqrt(x^2 + 1)``) written ``hypot(a, b)`` (``hypot(hypot(a, b), c)`` for three),

so that the code keeps its accuracy where the naive form cancels (``log(1 + 1e-12)`` has four
correct digits in floats, ``log1p(1e-12)`` all of them) or overflows (``sqrt(x^2 + y^2)`` at
``1e200``). Guarantees: each rewrite is exact (the same real function, at every point where
the input is defined); one memoized, iterative pass over the DAG, so shared nodes stay shared
and 100,000-deep expressions work; a Program without these forms is returned as it is, one
with them is shared again by ``cse`` (with ``full=True`` if every operand was a leaf). IEEE
754 makes one difference at a non-number: ``hypot(inf, nan)`` is ``inf`` where
``sqrt(inf^2 + nan^2)`` is ``nan``.

>>> from symdiff.core.parse import parse
>>> print(careful_forms(parse("log(1 + x^2) + sqrt(x^2 + y^2) + exp(2*x) - 1")))
log1p(x^2) + hypot(x, y) + expm1(2*x)
"""

from __future__ import annotations

from fractions import Fraction
from math import isqrt
from typing import Any

from symdiff.core.errors import check_flag
from symdiff.core.expr import LEAVES, Expr, Number, Op, _intern
from symdiff.core.functions import REGISTRY, Function
from symdiff.core.traverse import postorder
from symdiff.program.cse import as_program, cse
from symdiff.program.program import Program, flatten_outputs, nest

__all__ = ["careful_forms", "careful_input", "careful_program"]

_HALF = (Fraction(1, 2), 0.5)


def careful_forms(exprs: Any) -> Any:
    """The expression(s) with ``log1p``, ``expm1`` and ``hypot`` where they apply.

    Args:
        exprs: one expression or a (nested, rectangular) list of them.

    Returns:
        The same shape of expressions, equal in value; unchanged nodes are the same objects.

    >>> from symdiff.core.parse import parse
    >>> [str(e) for e in careful_forms([parse("log(x + 1)"), parse("1 - exp(-x)")])]
    ['log1p(x)', '-expm1(-x)']
    """
    roots, shape = flatten_outputs(exprs)
    new = _rewrite_all(roots)
    return nest(new, shape) if shape else new[0]


def careful_program(program: Program) -> Program:
    """``program`` with the careful forms: itself when it has none, else shared again.

    >>> from symdiff.program.cse import cse
    >>> from symdiff.core.parse import parse
    >>> print(careful_program(cse([parse("log(1 + x)"), parse("1/(1 + x)")])))
    out[0] = log1p(x)
    out[1] = 1/(1 + x)
    """
    if not _has_candidates(program):
        return program
    outputs = program.expressions()
    roots, shape = flatten_outputs(outputs)
    new = _rewrite_all(roots)
    if all(a is b for a, b in zip(new, roots, strict=True)):
        return program
    operands = [o for a in program.assignments for o in a.operands] + list(program.outputs)
    full = all(o.op in LEAVES for o in operands)
    return cse(nest(new, shape) if shape else new[0], full=full, inputs=program.inputs)


def careful_input(program_or_exprs: Any, args: Any, careful: bool) -> Program:
    """What an emitter emits: the Program (``cse`` of expressions, inputs in the order
    ``args`` gives), with the careful forms if ``careful``."""
    program = as_program(program_or_exprs, args)
    return careful_program(program) if check_flag("careful", careful) else program


def _has_candidates(program: Program) -> bool:
    """Whether the program calls ``log``, ``sqrt`` or ``exp``, or has a power ``u^(1/2)`` or
    ``e^u`` (one cheap pass; most programs have none and are returned at once)."""
    roots = [a.expr for a in program.assignments] + list(program.outputs)
    for node in postorder(*roots):
        if node.op is Op.CALL and _builtin(node.value) in ("log", "sqrt", "exp"):
            return True
        if node.op is Op.POW and (_is_half(node.args[1]) or node.args[0].op is Op.CONST):
            return True
    return False


def _is_half(node: Expr) -> bool:
    return node.op is Op.NUM and type(node.value) is not bool and node.value in _HALF


def _rewrite_all(roots: tuple[Expr, ...]) -> list[Expr]:
    if not all(_builtin(REGISTRY.get(n)) == n for n in ("log1p", "expm1", "hypot")):
        return list(roots)  # replaced by user functions: not ours to call
    done: dict[Expr, Expr] = {}
    for node in postorder(*roots):
        if not node.args:
            done[node] = node
            continue
        args = tuple(done[a] for a in node.args)
        rebuilt = node if args == node.args else _intern(node.op, node.value, args)
        better = _careful(rebuilt)
        done[node] = rebuilt if better is None else better
    return [done[r] for r in roots]


def _builtin(function: Function | None) -> str | None:
    """The name of a built-in function, ``None`` for a user function or anything else."""
    return function.name if isinstance(function, Function) and function.builtin else None


def _call(name: str, *args: Expr) -> Expr:
    return _intern(Op.CALL, REGISTRY[name], args)


def _careful(node: Expr) -> Expr | None:
    """The careful form of one node whose arguments are already careful, or ``None``."""
    if node.op is Op.CALL:
        name = _builtin(node.value)
        if name == "log":
            return _log1p(node.args[0])
        if name == "sqrt":
            return _hypot(node.args[0])
    elif node.op is Op.POW:
        if _is_half(node.args[1]):
            return _hypot(node.args[0])
    elif node.op is Op.ADD:
        return _expm1(node.args)
    return None


def _is_number(node: Expr, value: int) -> bool:
    return node.op is Op.NUM and type(node.value) is not bool and node.value == value


def _sum(terms: list[Expr]) -> Expr:
    return terms[0] if len(terms) == 1 else _intern(Op.ADD, None, tuple(terms))


def _log1p(u: Expr) -> Expr | None:
    """``log(1 + rest)`` -> ``log1p(rest)``."""
    if u.op is not Op.ADD:
        return None
    terms = list(u.args)
    for i, term in enumerate(terms):
        if _is_number(term, 1):
            return _call("log1p", _sum(terms[:i] + terms[i + 1 :]))
    return None


def _exp_argument(node: Expr) -> Expr | None:
    """``u`` for ``exp(u)`` or ``e^u``."""
    if node.op is Op.CALL and _builtin(node.value) == "exp":
        return node.args[0]
    if node.op is Op.POW and node.args[0].op is Op.CONST and node.args[0].value == "e":
        return node.args[1]
    return None


def _negated_exp_argument(node: Expr) -> Expr | None:
    """``u`` for ``-exp(u)`` (``-1*exp(u)``)."""
    if node.op is Op.MUL and len(node.args) == 2 and _is_number(node.args[0], -1):
        return _exp_argument(node.args[1])
    return None


def _expm1(terms: tuple[Expr, ...]) -> Expr | None:
    """``exp(u) - 1 + rest`` -> ``expm1(u) + rest``; ``1 - exp(u) + rest`` -> ``-expm1(u) +
    rest``."""
    for one, find, sign in ((-1, _exp_argument, 1), (1, _negated_exp_argument, -1)):
        i = next((k for k, t in enumerate(terms) if _is_number(t, one)), None)
        if i is None:
            continue
        for j, term in enumerate(terms):
            u = find(term)
            if u is not None:
                value = _call("expm1", u)
                if sign < 0:
                    value = _intern(Op.MUL, None, (Number(-1), value))
                rest = [value if k == j else t for k, t in enumerate(terms) if k != i]
                return _sum(rest)
    return None


def _square_root(node: Expr) -> Expr | None:
    """``a`` for ``a^2``, or the exact non-negative root of a number that has one."""
    if node.op is Op.POW and _is_number(node.args[1], 2):
        return node.args[0]
    if node.op is not Op.NUM or type(node.value) is bool or not node.value >= 0:
        return None
    try:
        value = Fraction(node.value)
    except (OverflowError, ValueError):  # inf
        return None
    p, q = isqrt(value.numerator), isqrt(value.denominator)
    if p * p != value.numerator or q * q != value.denominator:
        return None
    root = Fraction(p, q)
    return Number(float(root) if isinstance(node.value, float) else root)


def _hypot(u: Expr) -> Expr | None:
    """``sqrt(a^2 + b^2 + ...)`` -> ``hypot(hypot(a, b), ...)``: every term a square, at most
    one of them a number."""
    if u.op is not Op.ADD:
        return None
    roots = [_square_root(t) for t in u.args]
    if any(r is None for r in roots) or sum(t.op is Op.NUM for t in u.args) > 1:
        return None
    value = roots[0]
    for root in roots[1:]:
        value = _call("hypot", value, root)  # type: ignore[arg-type]
    return value
