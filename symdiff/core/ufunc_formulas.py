"""NumPy ufuncs that are formulas in symdiff's functions (``np.logaddexp``, ``np.deg2rad``).

Takes the expressions a ufunc is applied to; returns the expression that computes it with
registered functions, looked up by name when the ufunc is called (as ``symdiff.core.ufuncs``
does for the ufuncs that are one function). Guarantees: each formula has the ufunc's value
for real arguments, and a derivative that is right everywhere the ufunc is differentiable:
``logaddexp(a, b)`` is ``m + log(exp(a - m) + exp(b - m))`` with ``m = max(a, b)``, whose
derivative ``(exp(a - m) da + exp(b - m) db) / (exp(a - m) + exp(b - m))`` is exact at a tie
too (the terms in ``dm`` cancel), and it never overflows.

``np.fmax`` and ``np.fmin`` are ``max`` and ``min``: symdiff's variables are real numbers, so
NumPy's difference between them (which one ignores a NaN) does not arise symbolically.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from symdiff.core.errors import SymdiffError
from symdiff.core.expr import Expr, Op, pi

__all__ = ["UFUNC_FORMULAS"]


def _registered(name: str, ufunc_name: str) -> Callable[..., Expr]:
    from symdiff.core.functions import REGISTRY

    function = REGISTRY.get(name)
    if function is None:
        raise SymdiffError(
            f"numpy.{ufunc_name} is written with the function {name!r}, which is not registered"
        )
    return function


def _logaddexp(a: Expr, b: Expr) -> Expr:
    """``log(exp(a) + exp(b))``, shifted by the larger argument as NumPy computes it."""
    m = _registered("max", "logaddexp")(a, b)
    exp = _registered("exp", "logaddexp")
    return m + _registered("log", "logaddexp")(exp(a - m) + exp(b - m))


def _logaddexp2(a: Expr, b: Expr) -> Expr:
    """``log2(2^a + 2^b)``, shifted by the larger argument."""
    m = _registered("max", "logaddexp2")(a, b)
    exp2 = _registered("exp2", "logaddexp2")
    return m + _registered("log2", "logaddexp2")(exp2(a - m) + exp2(b - m))


def _clip(u: Expr, low: Expr, high: Expr) -> Expr:
    """``min(max(u, low), high)``, as NumPy clips."""
    return _registered("min", "clip")(_registered("max", "clip")(u, low), high)


def _heaviside(u: Expr, at_zero: Expr) -> Expr:
    """``np.heaviside(u, h)``: symdiff's ``heaviside`` is 1/2 at 0; another ``h`` adds
    ``(h - 1/2)*eq(u, 0)``."""
    step = _registered("heaviside", "heaviside")(u)
    if at_zero.op is Op.NUM and at_zero.value == 0.5:
        return step
    return step + (at_zero - Fraction(1, 2)) * _registered("eq", "heaviside")(u, 0)


def _radians(u: Expr) -> Expr:
    return u * pi / 180


def _degrees(u: Expr) -> Expr:
    return u * 180 / pi


def _conjugate(u: Expr) -> Expr:
    """Variables are real: the conjugate is the value (``np.var`` and ``np.std`` call it)."""
    return u


#: NumPy ufunc name -> the formula it builds (arguments are expressions).
UFUNC_FORMULAS: dict[str, Callable[..., Expr]] = {
    "logaddexp": _logaddexp,
    "logaddexp2": _logaddexp2,
    "clip": _clip,
    "heaviside": _heaviside,
    "deg2rad": _radians,
    "radians": _radians,
    "rad2deg": _degrees,
    "degrees": _degrees,
    "conjugate": _conjugate,
}
