"""Checking a symbolic derivative against numerical differentiation.

Takes an expression, a variable and a point; returns a ``CheckResult`` holding the symbolic
derivative's value, a Richardson-extrapolated central-difference estimate
(``symdiff.diff.numeric.richardson``) and their difference. The comparison is the seed talk's
first chapter put to work: a high-order finite difference is accurate to about 1e-10 on
smooth functions, far below any real error in a derivative rule.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

from symdiff.core.errors import (
    ArgumentError,
    ArgumentValueError,
    DomainError,
    check_real,
    describe,
)
from symdiff.core.evaluate import evaluate
from symdiff.core.expr import Expr, Op
from symdiff.core.printing import format_number
from symdiff.diff.inputs import as_input, as_symbol
from symdiff.diff.numeric import Estimate, Real, optimal_step, richardson

__all__ = ["CheckResult", "check"]

LEVELS = 5

#: Steps in the one Richardson tableau of ``check`` (each half the one before).
STEPS = 20


@dataclass(frozen=True)
class CheckResult:
    """The outcome of ``check``; true when the two values agree.

    Attributes:
        expr: the function differentiated.
        wrt: the variable's name.
        at: the point, as names to floats.
        derivative: the symbolic derivative.
        symbolic: its value at the point.
        numeric: the finite-difference estimate.
        estimate_error: Richardson's own (conservative) estimate of its error.
        difference: ``|symbolic - numeric|``.
        relative: ``difference`` relative to the larger magnitude (or to 1 near zero).
        ok: ``difference <= rtol * max(|symbolic|, |numeric|) + atol``.
    """

    expr: Expr
    wrt: str
    at: dict[str, float]
    derivative: Expr
    symbolic: float
    numeric: float
    estimate_error: float
    difference: float
    relative: float
    ok: bool

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        point = ", ".join(f"{name}={format_number(value)}" for name, value in self.at.items())
        verdict = "OK" if self.ok else "MISMATCH"
        text = str(self.derivative)
        shown = text if len(text) <= 60 else text[:57] + "..."
        return (
            f"d/d{self.wrt} of {_short(self.expr)} at {point}\n"
            f"  symbolic   {self.symbolic!r:<24} = {shown}\n"
            f"  numeric    {self.numeric!r:<24} (Richardson, error estimate "
            f"{self.estimate_error:.1e})\n"
            f"  difference {self.difference:.1e} (relative {self.relative:.1e}): {verdict}"
        )


def _short(expr: Expr) -> str:
    text = str(expr)
    return text if len(text) <= 60 else text[:57] + "..."


def check(
    expr: object,
    wrt: object,
    at: Mapping | float,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-8,
) -> CheckResult:
    """Compare ``differentiate(expr, wrt)`` with a finite-difference estimate at a point.

    Args:
        expr: an ``Expr`` or text.
        wrt: the variable (a symbol or its name).
        at: values of every free symbol (names or symbols to numbers); a number alone
            gives the value of ``wrt``.
        rtol, atol: the agreement asked for (relative and absolute).

    Returns:
        A ``CheckResult`` (true when the values agree; ``str()`` gives a report).

    >>> result = check("x^2*sin(x)", "x", {"x": 1.3})
    >>> result.ok, result.difference < 1e-9
    (True, True)
    """
    from symdiff.diff.diff import differentiate

    rtol = check_real("rtol", rtol, minimum=0)
    atol = check_real("atol", atol, minimum=0)
    function = as_input(expr)
    variable = as_symbol(wrt)
    point = _point(at, variable)
    derivative = differentiate(function, variable)
    symbolic = evaluate(derivative, point)
    estimate = _estimate(function, variable.name, point)
    difference = abs(symbolic - estimate.value)
    scale = max(abs(symbolic), abs(estimate.value))
    return CheckResult(
        expr=function,
        wrt=variable.name,
        at=point,
        derivative=derivative,
        symbolic=symbolic,
        numeric=estimate.value,
        estimate_error=estimate.error,
        difference=difference,
        relative=difference / max(scale, 1.0) if math.isfinite(difference) else math.inf,
        ok=difference <= rtol * scale + atol,
    )


def _point(at: Mapping | float, variable: Expr) -> dict[str, float]:
    if isinstance(at, Mapping):
        items = list(at.items())
    elif isinstance(at, numbers.Real) and not isinstance(at, bool):
        items = [(variable.name, at)]
    else:
        raise ArgumentError(
            f"at must be a mapping of symbols (or names) to numbers, or a number,"
            f" not {describe(at)}"
        )
    point: dict[str, float] = {}
    for key, value in items:
        if isinstance(key, Expr) and key.op is Op.SYM:
            name = key.value
        elif isinstance(key, str):
            name = key
        else:
            raise ArgumentError(f"at: a key must be a symbol or its name, not {describe(key)}")
        if not isinstance(value, numbers.Real):
            raise ArgumentError(f"at: the value of {name} is not a real number: {describe(value)}")
        try:
            point[name] = float(value)
        except OverflowError:
            raise ArgumentValueError(
                f"at: the value of {name} is not a real number:"
                f" {describe(value)} is beyond the float range"
            ) from None
    if variable.name not in point:
        raise ArgumentValueError(
            f"at: no value given for {variable.name} (the variable differentiated)"
        )
    return point


def _estimate(function: Expr, name: str, point: dict[str, float]) -> Estimate:
    x0 = point[name]

    def along(t: Real) -> float:
        return evaluate(function, {**point, name: t})

    along(x0)  # a domain error at the point itself is reported as it is
    # One extrapolation over a wide range of steps, from the optimal step down by 2^19: its
    # own error (never below the rounding error at its steps) is the estimate's. Near a pole
    # or a domain boundary the largest steps can fail; then start again from a smaller one.
    h = optimal_step(1, 2 * LEVELS, x0)
    failure: DomainError | None = None
    for _ in range(6):
        try:
            return richardson(along, x0, h=h, levels=STEPS)
        except DomainError as error:
            failure = failure or error
        h /= 8
    raise DomainError(f"cannot estimate the derivative numerically near {name}={x0}: {failure}")
