"""Numeric evaluation of an expression at a point, in real floating-point arithmetic.

Takes an ``Expr`` and values for its symbols, returns a ``float``. Iterative and memoized
per unique node, so cost is linear in the DAG size. Conventions (real mode):

- a function outside its real domain (``log(-1)``, ``sqrt(-1)``, ``acosh(0)``) and division
  by zero (``1/0``, ``0^-1``) raise ``DomainError`` naming the failing subexpression;
- a negative base to a non-integer power (``(-8)^(1/3)``) is outside the real domain too
  (use ``cbrt`` for real odd roots);
- a quotient is a division (``x/y`` is ``x*y^-1``, computed as ``x / y``, one rounding: ``y/y``
  is exactly 1), and an exact integer exponent keeps its parity however large it is
  (``(-1)^(10^30 + 1)`` is ``-1``); exact subexpressions such as ``10^30 + 1`` are computed
  exactly (up to ``MAX_EXACT_BITS``) where a power needs them;
- a registered function's implementation that raises or returns something other than a
  real number raises ``EvaluationError`` (``DomainError`` for ``ValueError``) naming it;
- overflow inside a function or a power (``exp(1000)``) raises ``EvaluationError``; sums and
  products of finite floats follow IEEE 754 (they may give ``inf``/``nan``), and ``nan``/``inf``
  inputs propagate as IEEE functions do;
- a ``where`` (a piecewise function whose condition is one of its arguments) computes only
  the branch it takes: ``where(x > 0, log(x), 0)`` is 0 at ``x = -1``.
"""

from __future__ import annotations

import functools
import math
import numbers
import operator
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from symdiff.core.construct import MAX_EXACT_BITS, exact_bits
from symdiff.core.errors import (
    ArgumentError,
    DomainError,
    EvaluationError,
    InputTooLargeError,
    MissingVariableError,
    check_type,
    describe,
)
from symdiff.core.expr import CONSTANT_VALUES, Expr, Op
from symdiff.core.traverse import natural_key, postorder

if TYPE_CHECKING:
    from symdiff.core.functions import Function

__all__ = ["call_user_function", "evaluate"]


def evaluate(expr: Expr, values: Mapping | None = None, **kwargs: float) -> float:
    """Evaluate ``expr`` with the given values for its symbols.

    Args:
        expr: the expression.
        values: symbol (or symbol name) to number; keyword arguments add more.

    Returns:
        The value as a float.

    Raises:
        ArgumentError: ``expr`` is not an expression, or ``values`` not a mapping.
        MissingVariableError: naming every symbol without a value.
        DomainError: naming the subexpression evaluated outside its domain.

    >>> from symdiff.core.parse import parse
    >>> evaluate(parse("x^2 + 3y"), {"x": 2, "y": 1})
    7.0
    >>> evaluate(parse("y/y"), y=49)  # a true division, not a rounded reciprocal
    1.0
    """
    check_type("expr", expr, Expr, "an expression (parse text first)")
    env = _environment(values, kwargs)
    order = postorder(expr)
    missing = sorted(
        {n.value for n in order if n.op is Op.SYM and n.value not in env}, key=natural_key
    )
    if missing:
        raise MissingVariableError(
            f"no value given for {', '.join(missing)}"
            f" (pass {', '.join(f'{m}=...' for m in missing)})"
        )
    return _Evaluation(env).run(order)


class _Evaluation:
    """One evaluation: values of the nodes, computed children first.

    Subexpressions made of exact numbers (``10^30 + 1``) also get their exact value (within
    ``MAX_EXACT_BITS``), so that a power reads the parity of an exact integer exponent. A
    power with a negative exact exponent (``b^-k``) is a divisor: a product divides by
    ``b^k`` (one rounding) instead of multiplying by a rounded reciprocal, so ``y/y`` is
    exactly 1. Numbers and divisors get a float value only when something needs it.

    A node that cannot be computed keeps its error, raised when something reads its value:
    so an untaken branch of a ``where`` never raises.
    """

    def __init__(self, env: dict[str, float]) -> None:
        self.env = env
        self.results: dict[Expr, float] = {}
        self.exact: dict[Expr, int | Fraction] = {}
        self.divisors: dict[Expr, float | None] = {}  # b^-k -> b^k (None if it fails)
        self.failed: dict[Expr, EvaluationError] = {}

    def run(self, order: list[Expr]) -> float:
        for node in order:
            try:
                self._visit(node)
            except EvaluationError as error:
                self.failed[node] = error
        return self.value(order[-1])

    def _visit(self, node: Expr) -> None:
        op = node.op
        if op is Op.SYM or op is Op.CALL:  # the common case, kept short
            self.results[node] = self._compute(node)
            return
        exact = _exact_value(node, self.exact)
        if exact is not None:
            self.exact[node] = exact
        if op is Op.POW and self._is_divisor(node):
            self.divisors[node] = self._divisor(node)
        elif exact is None and op is not Op.NUM:
            self.results[node] = self._compute(node)

    def value(self, node: Expr) -> float:
        result = self.results.get(node)
        if result is None:  # exact, or a divisor: computed when something needs it
            if node in self.failed:
                raise self.failed[node]
            result = self.results[node] = self._compute(node)
        return result

    def _compute(self, node: Expr) -> float:
        exact = self.exact.get(node)
        if exact:  # rounded once (a zero keeps the sign the float arithmetic gives it)
            try:
                return float(exact)
            except OverflowError:
                raise EvaluationError(f"{_describe(node)} overflows a float") from None
        if node.op is Op.MUL:
            return self._product(node)
        if node.op is Op.POW:
            base, exponent = node.args
            exact = self.exact.get(exponent)
            power = self.value(exponent) if exact is None else exact
            return _value(node, [self.value(base), power], self.env)
        if node.op is Op.CALL and node.value.select is not None:
            condition, when_true, when_false = node.value.select(*node.args)
            if condition in node.args:  # ``where``: only the branch taken is computed
                chosen = when_true if self.value(condition) != 0 else when_false
                return 0.0 if chosen is None else self.value(node.args[chosen])
        return _value(node, [self.value(a) for a in node.args], self.env)

    def _is_divisor(self, node: Expr) -> bool:
        if node.op is not Op.POW:
            return False
        exponent = self.exact.get(node.args[1])
        return exponent is not None and exponent < 0

    def _divisor(self, node: Expr) -> float | None:
        base = self.value(node.args[0])
        try:
            result = _power(base, -self.exact[node.args[1]])
        except (ValueError, ZeroDivisionError, OverflowError):
            return None  # the reciprocal's own evaluation reports it (or copes)
        return result if result != 0 and math.isfinite(result) else None

    def _product(self, node: Expr) -> float:
        numerator: list[float] = []
        denominator: list[float] = []
        for arg in node.args:
            divisor = self.divisors.get(arg)
            if divisor is not None:
                denominator.append(divisor)
            elif _small_fraction(arg):  # x/49 is x*(1/49): divide by 49
                numerator.append(float(arg.value.numerator))
                denominator.append(float(arg.value.denominator))
            else:
                numerator.append(self.value(arg))
        if denominator:
            below = math.prod(denominator)
            if below != 0 and math.isfinite(below):
                return math.prod(numerator) / below
            return math.prod(self.value(a) for a in node.args)  # the reciprocals cope
        return math.prod(numerator)


def _small_fraction(node: Expr) -> bool:
    """A rational number whose numerator and denominator are exactly floats."""
    if node.op is not Op.NUM or type(node.value) is not Fraction:
        return False
    return abs(node.value.numerator) <= 2**53 and node.value.denominator <= 2**53


def _exact_value(node: Expr, exact: dict[Expr, int | Fraction]) -> int | Fraction | None:
    """The exact value of a node built from exact numbers by ``+``, ``*`` and integer powers,
    or ``None`` (a float, a symbol, a function, or beyond ``MAX_EXACT_BITS``)."""
    op = node.op
    if op is Op.NUM:
        value = node.value
        return value if isinstance(value, (int, Fraction)) else None
    if op not in (Op.ADD, Op.MUL, Op.POW):
        return None
    values = [exact.get(a) for a in node.args]
    if None in values:
        return None
    result: int | Fraction | None
    if op is Op.ADD:
        result = sum(values)  # type: ignore[arg-type]
    elif op is Op.MUL:
        result = math.prod(values)  # type: ignore[arg-type]
    else:
        result = _exact_power(*values)  # type: ignore[arg-type]
    return result if result is not None and exact_bits(result) <= MAX_EXACT_BITS else None


def _exact_power(base: int | Fraction, exponent: int | Fraction) -> int | Fraction | None:
    if type(exponent) is not int or (base == 0 and exponent < 0):
        return None
    if base in (0, 1):
        return base if exponent else 1
    if base == -1:
        return -1 if exponent % 2 else 1
    if exact_bits(base) * abs(exponent) > MAX_EXACT_BITS:
        return None
    return Fraction(base) ** exponent if exponent < 0 else base**exponent


def _environment(values: Mapping | None, kwargs: Mapping) -> dict[str, float]:
    if values is not None and not isinstance(values, Mapping):
        raise ArgumentError(
            f"values must be a mapping of symbols (or names) to numbers, not {describe(values)}"
        )
    env: dict[str, float] = {}
    for key, value in {**(values or {}), **kwargs}.items():
        if isinstance(key, Expr) and key.op is Op.SYM:
            name = key.value
        elif isinstance(key, str) and key.isidentifier():
            name = key
        else:
            raise ArgumentError(f"values: a key must be a symbol or its name, not {describe(key)}")
        if not isinstance(value, numbers.Real):
            raise ArgumentError(
                f"the value for {name} must be a real number, not {describe(value)}"
            )
        try:
            env[name] = float(value)
        except OverflowError:
            raise EvaluationError(
                f"the value for {name} is not a real number:"
                f" {describe(value)} is beyond the float range"
            ) from None
    return env


def _value(node: Expr, args: list[Any], env: dict[str, float]) -> float:
    op = node.op
    if op is Op.CALL and not node.value.builtin:
        try:
            return call_user_function(node.value, args)
        except EvaluationError as error:
            raise type(error)(f"{_describe(node)}: {error}") from error.__cause__
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
            return _power(args[0], args[1])
        return float(node.value.impl(*args))
    except (ValueError, ZeroDivisionError) as error:
        raise DomainError(f"{_describe(node)} is undefined at this point ({error})") from None
    except OverflowError:
        raise EvaluationError(f"{_describe(node)} overflows a float at this point") from None


def call_user_function(function: Function, args: Sequence[float]) -> float:
    """Call a registered function's implementation, turning what it may do wrong into errors
    that name it: ``ValueError``/``ZeroDivisionError`` are ``DomainError`` (the registry's
    convention), ``OverflowError`` and any other exception ``EvaluationError``, and so is a
    result that is not a real number (a complex, text, ``None``).

    >>> from symdiff.core.functions import REGISTRY
    >>> call_user_function(REGISTRY["sin"], [0.0])
    0.0
    """
    try:
        result = function.impl(*args)
    except (ValueError, ZeroDivisionError) as error:
        raise DomainError(f"{function.name}() is undefined at this point ({error})") from error
    except OverflowError as error:
        raise EvaluationError(f"{function.name}() overflows a float at this point") from error
    except Exception as error:
        raise EvaluationError(
            f"the implementation of {function.name}() raised {type(error).__name__}: {error}"
        ) from error
    if not isinstance(result, numbers.Real):
        raise EvaluationError(
            f"the implementation of {function.name}() returned {describe(result)},"
            " not a real number"
        )
    try:
        return float(result)
    except OverflowError:
        raise EvaluationError(f"{function.name}() overflows a float at this point") from None


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


def _power(base: float, exponent: float | int | Fraction) -> float:
    """``base ** exponent`` in real arithmetic, for an exact (``int``/``Fraction``) or a float
    exponent. An exact integer gives the sign by its own parity, however large it is
    (``(-1)^(10^30 + 1)`` is ``-1``); an exact non-integer is a root, undefined for a negative
    base (``cbrt`` is the real cube root)."""
    if base == 0 and exponent < 0:
        raise ZeroDivisionError("division by zero")
    if isinstance(exponent, int):
        if -(2**53) <= exponent <= 2**53:  # exactly a float: Python keeps the parity
            return base**exponent
        magnitude = _magnitude(abs(base), _as_float(exponent))
        return -magnitude if exponent % 2 and math.copysign(1.0, base) < 0 else magnitude
    if isinstance(exponent, Fraction):
        if base < 0:
            raise ValueError("negative base to a non-integer power")
        return _magnitude(base, _as_float(exponent))
    if base < 0 and math.isfinite(exponent) and exponent != int(exponent):
        raise ValueError("negative base to a non-integer power")
    return base**exponent


def _magnitude(base: float, exponent: float) -> float:
    """``base ** exponent`` for ``base >= 0``; overflow raises, as ``**`` does for finite
    exponents (an infinite one gives ``inf`` silently)."""
    result = base**exponent
    if math.isinf(result) and math.isfinite(base):
        raise OverflowError("result too large")
    return result


def _as_float(number: int | Fraction) -> float:
    try:
        return float(number)
    except OverflowError:
        return math.inf if number > 0 else -math.inf


def _describe(node: Expr) -> str:
    from symdiff.core.printing import to_infix

    try:
        text = to_infix(node, max_nodes=10**6) if _small(node) else repr(node)
    except InputTooLargeError:  # a number too long to write out
        text = repr(node)
    return text if len(text) <= 200 else text[:197] + "..."


def _small(node: Expr) -> bool:
    from symdiff.core.traverse import tree_size

    return tree_size(node) <= 2000
