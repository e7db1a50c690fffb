"""Sign analysis: what the DAG already says about the sign of a subexpression.

Takes an ``Expr``, returns the set of signs its value can have where it is defined: a subset
of negative, zero and positive, as a ``Sign`` bit mask (``POSITIVE``, ``NONNEGATIVE``,
``NEGATIVE``, ``NONPOSITIVE``, ``NONZERO``, ``UNKNOWN``). It knows numbers, ``pi`` and ``e``,
``exp``, ``cosh``, ``abs``, ``sqrt``, even powers, odd functions (``sinh``, ``atan``, ...),
and sums and products of known signs; a symbol is unknown (there is no assumptions system).

Guarantees: the walk is iterative and memoized per unique node (a weak cache shared by all
calls: the sign of an immutable node never changes), so it costs O(DAG size) once. The
answer is sound: every value the expression takes at a point where it is defined (real
arithmetic) has one of the signs reported.

``SIGN_RULES`` are the rewrites it decides: ``abs``, ``sign`` and ``log`` of a product.

>>> from symdiff.core.parse import parse
>>> sign_of(parse("cosh(x) + x^2")) == POSITIVE
True
>>> sign_of(parse("-exp(x)*abs(y)")) == NONPOSITIVE
True
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from fractions import Fraction

from symdiff.core.expr import Expr, Op
from symdiff.simplify.rules import Rule

__all__ = [
    "NEGATIVE",
    "NONNEGATIVE",
    "NONPOSITIVE",
    "NONZERO",
    "POSITIVE",
    "SIGN_RULES",
    "UNKNOWN",
    "ZERO",
    "is_nonnegative",
    "is_positive",
    "sign_of",
]

NEGATIVE, ZERO, POSITIVE = 1, 2, 4
NONNEGATIVE = ZERO | POSITIVE
NONPOSITIVE = ZERO | NEGATIVE
NONZERO = NEGATIVE | POSITIVE
UNKNOWN = NEGATIVE | ZERO | POSITIVE

_CACHE: weakref.WeakKeyDictionary[Expr, int] = weakref.WeakKeyDictionary()

#: f(u) has the sign of u (odd, increasing, zero only at zero).
_SAME_SIGN = frozenset({"sinh", "tanh", "atan", "asinh", "atanh", "asin", "cbrt", "sign"})
#: f(u) > 0 wherever defined.
_ALWAYS_POSITIVE = frozenset({"exp", "cosh"})
#: f(u) >= 0 wherever defined.
_NONNEGATIVE = frozenset({"acos", "acosh"})


def sign_of(expr: Expr) -> int:
    """The possible signs of ``expr``'s values, a mask of ``NEGATIVE | ZERO | POSITIVE``.

    Args:
        expr: the expression.

    Returns:
        The mask (``UNKNOWN`` when nothing is known).

    >>> from symdiff.core.parse import parse
    >>> sign_of(parse("sqrt(x)")) == NONNEGATIVE, sign_of(parse("x")) == UNKNOWN
    (True, True)
    """
    found = _CACHE.get(expr)
    if found is not None:
        return found
    # postorder of the nodes not yet known, stopping at known ones (a rule asks about new
    # nodes over old arguments: the walk is as long as what is new)
    stack: list[tuple[Expr, bool]] = [(expr, False)]
    while stack:
        node, ready = stack.pop()
        if node in _CACHE:
            continue
        if ready:
            _CACHE[node] = _sign(node, [_CACHE[a] for a in node.args])
            continue
        stack.append((node, True))
        stack.extend((a, False) for a in node.args if a not in _CACHE)
    return _CACHE[expr]


def is_positive(expr: Expr) -> bool:
    """Whether ``expr`` is positive wherever it is defined."""
    return sign_of(expr) == POSITIVE


def is_nonnegative(expr: Expr) -> bool:
    """Whether ``expr`` is at least zero wherever it is defined."""
    return sign_of(expr) & NEGATIVE == 0


def _number(value: object) -> int:
    if value != value:  # nan: no sign
        return UNKNOWN
    return POSITIVE if value > 0 else NEGATIVE if value < 0 else ZERO  # type: ignore[operator]


def _sign(node: Expr, args: list[int]) -> int:
    op = node.op
    if op is Op.NUM:
        return _number(node.value)
    if op is Op.CONST:
        return POSITIVE
    if op is Op.ADD:
        return _sum(args)
    if op is Op.MUL:
        total = POSITIVE
        for s in args:
            total = _times(total, s)
        return total
    if op is Op.POW:
        return _power(node, args[0])
    if op is Op.CALL and len(args) == 1:
        return _call(node.value.name, args[0])
    return UNKNOWN


def _sum(args: list[int]) -> int:
    if all(s & NEGATIVE == 0 for s in args):
        return POSITIVE if any(s == POSITIVE for s in args) else NONNEGATIVE & _union(args)
    if all(s & POSITIVE == 0 for s in args):
        return NEGATIVE if any(s == NEGATIVE for s in args) else NONPOSITIVE & _union(args)
    return UNKNOWN


def _union(args: list[int]) -> int:
    out = 0
    for s in args:
        out |= s
    return out


def _times(a: int, b: int) -> int:
    out = ZERO if (a | b) & ZERO and a and b else 0
    if (a & POSITIVE and b & POSITIVE) or (a & NEGATIVE and b & NEGATIVE):
        out |= POSITIVE
    if (a & POSITIVE and b & NEGATIVE) or (a & NEGATIVE and b & POSITIVE):
        out |= NEGATIVE
    return out or UNKNOWN


def _power(node: Expr, base: int) -> int:
    exponent = node.args[1]
    if base == POSITIVE:
        return POSITIVE
    if exponent.op is not Op.NUM or isinstance(exponent.value, float):
        return UNKNOWN
    value = Fraction(exponent.value)
    nonzero = value < 0  # a negative power is defined only where the base is not zero
    if value.denominator != 1:  # a non-integer power: defined only for a base >= 0
        return POSITIVE if nonzero or base & ZERO == 0 else NONNEGATIVE
    if value.numerator % 2 == 0:
        return POSITIVE if nonzero or base & ZERO == 0 else NONNEGATIVE
    kept = base & ~ZERO if nonzero else base
    return kept or UNKNOWN


def _call(name: str, arg: int) -> int:
    if name in _ALWAYS_POSITIVE:
        return POSITIVE
    if name in _SAME_SIGN:
        return arg
    if name == "abs":
        return POSITIVE if arg & ZERO == 0 else NONNEGATIVE
    if name == "sqrt":
        return POSITIVE if arg == POSITIVE else NONNEGATIVE
    if name in _NONNEGATIVE:
        return NONNEGATIVE
    return UNKNOWN


def _known(name: str, test: Callable[[int], bool]) -> Callable[[Mapping[str, Expr]], bool]:
    return lambda m: test(sign_of(m[name]))


def _positive_factor(m: Mapping[str, Expr]) -> bool:
    """``a`` in ``log(a*b)``: positive and not a number (``log(2*x)`` stays whole)."""
    return m["a"].op is not Op.NUM and sign_of(m["a"]) == POSITIVE


def _table(*rows: tuple) -> tuple[Rule, ...]:
    return tuple(Rule(text, name=name, guard=guard) for name, text, guard in rows)


#: Rewrites decided by the sign of an argument; each keeps the value wherever the left side
#: is defined (``log(a*b)`` with ``a > 0`` is defined only where ``b > 0`` too).
SIGN_RULES: tuple[Rule, ...] = _table(
    ("abs-of-nonnegative", "abs(a) -> a", _known("a", lambda s: s & NEGATIVE == 0)),
    ("abs-of-nonpositive", "abs(a) -> -a", _known("a", lambda s: s & POSITIVE == 0)),
    ("sign-of-positive", "sign(a) -> 1", _known("a", lambda s: s == POSITIVE)),
    ("sign-of-negative", "sign(a) -> -1", _known("a", lambda s: s == NEGATIVE)),
    ("log-of-positive-factor", "log(a*b) -> log(a) + log(b)", _positive_factor),
)
