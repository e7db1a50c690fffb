"""A reference evaluator for tests: an expression's real value in mpmath arithmetic.

``precise(expr, point)`` evaluates over the postorder (iterative, memoized per node) in
``digits``-digit arithmetic, or at mpmath's current precision when ``digits`` is None (so that
``mpmath.diff`` can raise the precision around it). Real mode, as ``evaluate``: a function
outside its real domain, a division by zero, a negative base to a non-integer power, a
complex or non-finite intermediate value all raise ``Undefined``. Float literals are exact
binary numbers here (a 53-bit float is exact at 50 digits); ``floats_as_written=True``
instead evaluates function calls on symbol-free subexpressions containing a float in double
precision, as written (arithmetic on floats is exact: the simplifier folds it exactly and
rounds once); ``jitter`` then scales each such float by ``1 + jitter``. A function the
table below does not know raises ``Unsupported``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import mpmath

from symdiff import evaluate
from symdiff.core.errors import SymdiffError
from symdiff.core.expr import Expr, Op
from symdiff.core.traverse import postorder

__all__ = [
    "FUNCTIONS",
    "Beyond",
    "Undefined",
    "Unsupported",
    "at_domain_edge",
    "float_literals",
    "near_switch",
    "precise",
    "precise_scaled",
]


class Undefined(Exception):
    """The expression has no finite real value at the point."""


class Unsupported(Undefined):
    """The expression calls a function the reference does not know."""


class Beyond(Undefined):
    """A value is beyond the reference's range (``LARGEST_LOG``, ``LARGEST_ANGLE``)."""


#: A trigonometric function of an argument beyond this is left undefined: mpmath would
#: spend for ever reducing ``sin(e^(10^30))`` modulo pi, and in floats it is noise anyway.
LARGEST_ANGLE = mpmath.mpf(10) ** 100
#: A value beyond ``e^LARGEST_LOG`` is left undefined (no float is that large or small; mpmath
#: would compute ``cosh(cosh(10^20))`` until memory runs out).
LARGEST_LOG = 10**5


def _check(condition: bool, value: object) -> object:
    if not condition:
        raise Undefined
    return value


def _nonzero(value: mpmath.mpf) -> mpmath.mpf:
    return _check(value != 0, value)


def _growth(value: mpmath.mpf) -> mpmath.mpf:
    if abs(value) > LARGEST_LOG:
        raise Beyond
    return value


def _off_poles(value: mpmath.mpf) -> mpmath.mpf:
    """An argument of gamma and its relatives: not zero or a negative integer."""
    return _check(value > 0 or value != mpmath.floor(value), value)


def _order(value: mpmath.mpf) -> int:
    """The order of ``polygamma``: a nonnegative integer."""
    _check(value >= 0 and value == mpmath.floor(value), value)
    return int(value)


def _angle(value: mpmath.mpf) -> mpmath.mpf:
    if abs(value) > LARGEST_ANGLE:
        raise Beyond
    return value


FUNCTIONS: dict[str, Callable[..., mpmath.mpf]] = {
    "sin": lambda u: mpmath.sin(_angle(u)),
    "cos": lambda u: mpmath.cos(_angle(u)),
    "tan": lambda u: mpmath.sin(_angle(u)) / _nonzero(mpmath.cos(u)),
    "sec": lambda u: 1 / _nonzero(mpmath.cos(_angle(u))),
    "csc": lambda u: 1 / _nonzero(mpmath.sin(_angle(u))),
    "cot": lambda u: mpmath.cos(_angle(u)) / _nonzero(mpmath.sin(u)),
    "asin": lambda u: _check(abs(u) <= 1, mpmath.asin(u)),
    "acos": lambda u: _check(abs(u) <= 1, mpmath.acos(u)),
    "atan": mpmath.atan,
    "sinh": lambda u: mpmath.sinh(_growth(u)),
    "cosh": lambda u: mpmath.cosh(_growth(u)),
    "tanh": mpmath.tanh,
    "asinh": mpmath.asinh,
    "acosh": lambda u: _check(u >= 1, mpmath.acosh(u)),
    "atanh": lambda u: _check(abs(u) < 1, mpmath.atanh(u)),
    "exp": lambda u: mpmath.exp(_growth(u)),
    "log": lambda u: _check(u > 0, mpmath.log(u)),
    "sqrt": lambda u: _check(u >= 0, mpmath.sqrt(u)),
    "cbrt": lambda u: mpmath.sign(u) * mpmath.cbrt(abs(u)),
    "abs": abs,
    "sign": mpmath.sign,
    "atan2": lambda y, x: _check(x != 0 or y != 0, mpmath.atan2(y, x)),
    # conditionals: 1 or 0; where is lazy (see precise_scaled)
    "lt": lambda a, b: mpmath.mpf(a < b),
    "le": lambda a, b: mpmath.mpf(a <= b),
    "gt": lambda a, b: mpmath.mpf(a > b),
    "ge": lambda a, b: mpmath.mpf(a >= b),
    "eq": lambda a, b: mpmath.mpf(a == b),
    "ne": lambda a, b: mpmath.mpf(a != b),
    "logical_and": lambda a, b: mpmath.mpf(a != 0 and b != 0),
    "logical_or": lambda a, b: mpmath.mpf(a != 0 or b != 0),
    "logical_not": lambda u: mpmath.mpf(u == 0),
    "where": lambda c, a, b: a if c != 0 else b,
    "max": lambda a, b: max(a, b),
    "min": lambda a, b: min(a, b),
    "relu": lambda u: max(u, mpmath.mpf(0)),
    "heaviside": lambda u: mpmath.mpf(1 if u > 0 else 0 if u < 0 else 0.5),
    # special functions: undefined at their poles, as in symdiff
    "erf": mpmath.erf,
    "erfc": mpmath.erfc,
    "gamma": lambda u: mpmath.gamma(_off_poles(_growth(u))),
    "lgamma": lambda u: mpmath.log(abs(mpmath.gamma(_off_poles(_growth(u))))),
    "digamma": lambda u: mpmath.psi(0, _off_poles(u)),
    "polygamma": lambda n, u: mpmath.psi(_order(n), _off_poles(u)),
    "beta": lambda a, b: mpmath.beta(_off_poles(a), _off_poles(b)),
    "log1p": lambda u: _check(u > -1, mpmath.log1p(u)),
    "expm1": lambda u: mpmath.expm1(_growth(u)),
    "hypot": mpmath.hypot,
    "log2": lambda u: _check(u > 0, mpmath.log(u, 2)),
    "log10": lambda u: _check(u > 0, mpmath.log10(u)),
    "exp2": lambda u: mpmath.power(2, _growth(u)),
}

#: Functions with no real zero: a tiny value of one is not an exact zero seen through rounding.
NEVER_ZERO = frozenset({"exp", "exp2", "cosh", "sec", "csc", "gamma", "erfc"})

#: Where each conditional switches: the arguments' differences (or values) that are zero there.
SWITCHES: dict[str, Callable[..., list]] = {
    **dict.fromkeys(["lt", "le", "gt", "ge", "eq", "ne", "max", "min"], lambda a, b: [a - b]),
    **dict.fromkeys(["logical_and", "logical_or"], lambda a, b: [a, b]),
    **dict.fromkeys(["logical_not", "relu", "heaviside"], lambda u: [u]),
    "where": lambda c, a, b: [c],
}
#: Points this close (relative) to a switch are not used to check derivatives.
SWITCH_TOLERANCE = mpmath.mpf(10) ** -8


def _real_pow(node: Expr, base: mpmath.mpf, exponent: mpmath.mpf) -> mpmath.mpf:
    literal = node.args[1]
    if base != 0 and abs(base) != 1:
        _growth(exponent * mpmath.log(abs(base)))
    if literal.op is Op.NUM and isinstance(literal.value, int):
        _check(base != 0 or literal.value >= 0, None)
        return base**literal.value
    _check(base >= 0 or exponent == int(exponent), None)
    _check(base != 0 or exponent >= 0, None)
    if base < 0:
        return base ** int(exponent)
    return mpmath.mpf(1) if exponent == 0 else base**exponent


def float_literals(expr: Expr) -> set[Expr]:
    """Symbol-free subexpressions with a float literal in them."""
    kind: dict[Expr, bool | None] = {}
    for node in postorder(expr):
        if node.op in (Op.SYM, Op.CONST):  # pi and e are not folded into floats
            kind[node] = None
        elif node.op is Op.NUM:
            kind[node] = isinstance(node.value, float)
        else:
            inner = [kind[a] for a in node.args]
            kind[node] = None if None in inner else any(inner)
    return {n for n, k in kind.items() if k}


@contextlib.contextmanager
def _precision(digits: int | None) -> Iterator[None]:
    if digits is None:
        yield
    else:
        with mpmath.workdps(digits):
            yield


#: Where each function's derivative is singular (``abs`` and ``sign``: their kink at 0).
EDGES = {
    "log": (0,),
    "sqrt": (0,),
    "cbrt": (0,),
    "abs": (0,),
    "sign": (0,),
    "asin": (-1, 1),
    "acos": (-1, 1),
    "atanh": (-1, 1),
    "acosh": (1,),
}


def at_domain_edge(expr: Expr, point: dict, digits: int = 50) -> bool:
    """Whether a function or power is applied exactly where its derivative is singular
    (``acos(1)``, ``sqrt(0)``, ``0^x``): no derivative rule can be expected to hold there."""
    values: dict[Expr, mpmath.mpf] = {}
    with _precision(digits):
        for node in postorder(expr):
            try:
                values[node] = _real(_value(node, [values[a] for a in node.args], point, set()))
            except Undefined:
                return False
            if node.op is Op.POW and values[node.args[0]] == 0:
                return True
            if node.op is Op.CALL:
                edges = EDGES.get(node.value.name, ())
                if any(values[a] == edge for a in node.args for edge in edges):
                    return True
    return False


def near_switch(expr: Expr, point: dict, digits: int = 50) -> bool:
    """Whether a conditional is evaluated at or near the point where it switches
    (``max(a, b)`` with ``a`` about ``b``, ``relu(u)`` with ``u`` about 0), where its
    derivative (defined one-sidedly there) need not match a numeric one."""
    with _precision(digits):
        try:
            values = _values(expr, point, set())
        except Undefined:
            return False
        for node in values:
            gaps = SWITCHES.get(node.name) if node.op is Op.CALL else None
            if gaps is None or any(a not in values for a in node.args):
                continue
            args = [values[a] for a in node.args]
            size = max([mpmath.mpf(1), *map(abs, args)])
            if any(abs(gap) <= SWITCH_TOLERANCE * size for gap in gaps(*args)):
                return True
    return False


def cancels_to_tiny(expr: Expr, point: dict, digits: int = 60) -> bool:
    """Whether a call or a sum comes out nonzero but far below the magnitudes around it
    (``sin(pi)`` is about 1e-60 at 60 digits): an exact zero seen through rounding, where
    a simplified form that knows it is zero (``atan2(0, 0)``) may rightly differ."""
    values: dict[Expr, mpmath.mpf] = {}
    with _precision(digits):
        tiny = mpmath.mpf(10) ** (15 - digits)
        for node in postorder(expr):
            try:
                value = _real(_value(node, [values[a] for a in node.args], point, set()))
            except Undefined:
                return False
            values[node] = value
            never_zero = node.op is Op.CALL and node.value.name in NEVER_ZERO
            if node.op in (Op.CALL, Op.ADD) and value != 0 and not never_zero:
                around = max([mpmath.mpf(1), *(abs(values[a]) for a in node.args)])
                if abs(value) < tiny * around:
                    return True
    return False


def precise_scaled(
    expr: Expr,
    point: dict,
    digits: int | None = 50,
    *,
    floats_as_written: bool = False,
    jitter: float = 0.0,
) -> tuple[mpmath.mpf, mpmath.mpf]:
    """``(value, scale)``: the value, and the largest magnitude of any intermediate value
    (with 1), which bounds the reference's own rounding error (a multiple of ``scale``
    times the unit roundoff). Raises ``Undefined`` outside the real domain."""
    floats = float_literals(expr) if floats_as_written else set()
    jittered = (floats or float_literals(expr)) if jitter else set()
    with _precision(digits):
        values = _values(expr, point, floats, jittered, jitter)
        scale = max([mpmath.mpf(1), *(abs(v) for v in values.values())])
        return +values[expr], scale


def _values(
    expr: Expr, point: dict, floats: set[Expr], jittered: set = frozenset(), jitter: float = 0.0
) -> dict[Expr, mpmath.mpf]:
    """The value of every node computed; a ``where`` computes only the branch it takes (a
    node that is undefined keeps its error until something needs its value)."""
    values: dict[Expr, mpmath.mpf] = {}
    failed: dict[Expr, Undefined] = {}
    for node in postorder(expr):
        args = node.args
        if node.op is Op.CALL and node.name == "where" and node.value.builtin:
            if args[0] not in values:  # the condition is undefined
                failed[node] = failed[args[0]]
                continue
            args = (args[0], args[1] if values[args[0]] != 0 else args[2])
        missing = next((a for a in args if a not in values), None)
        if missing is not None:
            failed[node] = failed[missing]
            continue
        try:
            if len(args) == 2 and node.op is Op.CALL and node.name == "where":
                value = values[args[1]]
            else:
                value = _real(_value(node, [values[a] for a in args], point, floats))
        except Undefined as error:
            failed[node] = error
            continue
        if node in jittered:
            value *= 1 + mpmath.mpf(jitter)
        values[node] = value
    if expr in failed:
        raise failed[expr]
    return values


def precise(expr: Expr, point: dict, digits: int | None = 50, **options: Any) -> mpmath.mpf:
    """The value in ``digits``-digit real arithmetic; ``Undefined`` outside the domain.

    >>> from symdiff import parse
    >>> abs(precise(parse("sqrt(x)^2"), {"x": 2.0}) - 2) < 1e-48
    True
    """
    return precise_scaled(expr, point, digits, **options)[0]


def _value(node: Expr, args: list, point: dict, floats: set[Expr]) -> mpmath.mpf:
    op = node.op
    try:
        if node in floats and op is Op.CALL:
            return mpmath.mpf(evaluate(node))
        if op is Op.NUM:
            value = node.value
            if isinstance(value, float):
                return mpmath.mpf(value)
            value = Fraction(value)
            return mpmath.mpf(value.numerator) / value.denominator
        if op is Op.SYM:
            return mpmath.mpf(point[node.value])
        if op is Op.CONST:
            return +(mpmath.pi if node.value == "pi" else mpmath.e)
        if op is Op.ADD:
            return mpmath.fsum(args)
        if op is Op.MUL:
            return mpmath.fprod(args)
        if op is Op.POW:
            return _real_pow(node, *args)
        function = FUNCTIONS.get(node.value.name)
        if function is None:
            raise Unsupported(node.value.name)
        return function(*args)
    except (SymdiffError, ZeroDivisionError, ValueError, OverflowError):
        raise Undefined from None


def _real(value: object) -> mpmath.mpf:
    if isinstance(value, mpmath.mpc):
        _check(abs(value.imag) <= mpmath.mpf(10) ** -40 * max(1, abs(value.real)), None)
        value = value.real
    return _check(bool(mpmath.isfinite(value)), value)
