"""Numeric evaluation of an expression at a point, in real floating-point arithmetic.

Takes an ``Expr`` and values for its symbols, returns a ``float``. Iterative and memoized
per unique node, so cost is linear in the DAG size. Conventions (real mode):

- a function outside its real domain (``log(-1)``, ``sqrt(-1)``, ``acosh(0)``) and division
  by zero (``1/0``, ``0^-1``) raise ``DomainError`` naming the failing subexpression;
- a negative base to a non-integer power (``(-8)^(1/3)``) is outside the real domain too
  (use ``cbrt`` for real odd roots);
- overflow inside a function or a power (``exp(1000)``) raises ``EvaluationError``; sums and
  products of finite floats follow IEEE 754 (they may give ``inf``/``nan``), and ``nan``/``inf``
  inputs propagate as IEEE functions do.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Mapping

from symdiff.errors import DomainError, EvaluationError, InputTooLargeError, MissingVariableError
from symdiff.expr import CONSTANT_VALUES, Expr, Op
from symdiff.traverse import postorder

__all__ = ["evaluate"]


def evaluate(expr: Expr, values: Mapping | None = None, **kwargs: float) -> float:
    """Evaluate ``expr`` with the given values for its symbols.

    Args:
        expr: the expression.
        values: symbol (or symbol name) to number; keyword arguments add more.

    Returns:
        The value as a float.

    Raises:
        MissingVariableError: naming every symbol without a value.
        DomainError: naming the subexpression evaluated outside its domain.

    >>> from symdiff.parse import parse
    >>> evaluate(parse("x^2 + 3y"), {"x": 2, "y": 1})
    7.0
    """
    env = _environment(values, kwargs)
    order = postorder(expr)
    missing = sorted({n.value for n in order if n.op is Op.SYM and n.value not in env})
    if missing:
        raise MissingVariableError(
            f"no value given for {', '.join(missing)}"
            f" (pass {', '.join(f'{m}=...' for m in missing)})"
        )
    results: dict[Expr, float] = {}
    for node in order:
        results[node] = _value(node, [results[a] for a in node.args], env)
    return results[expr]


def _environment(values: Mapping | None, kwargs: Mapping) -> dict[str, float]:
    env: dict[str, float] = {}
    for key, value in {**(values or {}), **kwargs}.items():
        name = key.name if isinstance(key, Expr) else str(key)
        try:
            env[name] = float(value)
        except (TypeError, ValueError, OverflowError) as error:
            raise EvaluationError(
                f"value for {name} is not a real number: {_brief(value)}"
            ) from error
    return env


def _brief(value: object) -> str:
    """``repr(value)`` cut short (an int beyond Python's int-to-str limit has no repr)."""
    if isinstance(value, int) and value.bit_length() > 200:
        return f"an integer of {value.bit_length()} bits"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _value(node: Expr, args: list[float], env: dict[str, float]) -> float:
    op = node.op
    try:
        if op is Op.NUM:
            return float(node.value)
        if op is Op.SYM:
            return env[node.value]
        if op is Op.CONST:
            return CONSTANT_VALUES[node.value]
        if op is Op.ADD:
            return _sum(args)
        if op is Op.MUL:
            return math.prod(args)
        if op is Op.POW:
            return _power(node, args[0], args[1])
        return float(node.value.impl(*args))
    except (ValueError, ZeroDivisionError) as error:
        raise DomainError(f"{_describe(node)} is undefined at this point ({error})") from None
    except OverflowError:
        raise EvaluationError(f"{_describe(node)} overflows a float at this point") from None


def _sum(args: list[float]) -> float:
    """An accurate sum; IEEE 754 where it overflows (``fsum`` would raise instead), and for
    the sign of zero: a sum of negative zeros is ``-0.0`` (``fsum`` and ``sum`` give ``0.0``),
    as the compiled backends compute it (``atan2`` tells the two apart)."""
    if all(map(math.isfinite, args)):
        try:
            total = math.fsum(args)
        except OverflowError:
            pass
        else:
            if total == 0 and all(math.copysign(1.0, a) < 0 for a in args):
                return -0.0
            return total
    return functools.reduce(operator.add, args)


def _power(node: Expr, base: float, exponent: float) -> float:
    exact = node.args[1]
    if exact.op is Op.NUM and isinstance(exact.value, int):
        if base == 0 and exact.value < 0:
            raise ZeroDivisionError("division by zero")
        return base**exact.value
    if base < 0 and math.isfinite(exponent) and exponent != int(exponent):
        raise ValueError("negative base to a non-integer power")
    if base == 0 and exponent < 0:
        raise ZeroDivisionError("division by zero")
    return base**exponent


def _describe(node: Expr) -> str:
    from symdiff.printing import to_infix

    try:
        text = to_infix(node, max_nodes=10**6) if _small(node) else repr(node)
    except InputTooLargeError:  # a number too long to write out
        text = repr(node)
    return text if len(text) <= 200 else text[:197] + "..."


def _small(node: Expr) -> bool:
    from symdiff.traverse import tree_size

    return tree_size(node) <= 2000
