"""Numeric agreement with ``evaluate`` up to a running forward-error bound.

Emitted code sums left to right where ``evaluate`` uses ``math.fsum``, writes ``a*b^-1`` as
``a/b``, and calls libm or NumPy's vectorized functions: each differs from ``evaluate`` by a
few rounding errors per operation, which cancellation and steep functions can amplify. The
bound below propagates those rounding errors through the expression to first order (partial
derivatives from the registry), so the comparison is tight where the expression is
well-conditioned and points where it is not are reported as such instead of hiding behind a
loose tolerance.
"""

from __future__ import annotations

import math

from symdiff import Number, evaluate
from symdiff.core.errors import SymdiffError
from symdiff.core.expr import Expr, Op
from symdiff.core.special import SPECIAL_FUNCTIONS
from symdiff.core.traverse import postorder

#: Rounding error allowed per operation (libm and NumPy's SIMD functions are within a few ulp).
UNIT = 8 * 2.0**-52


def reference(expr: Expr, point: dict[str, float]) -> tuple[float, float] | None:
    """``(evaluate(expr), error bound)``, or ``None`` where evaluate raises or the bound is
    not small (the point is ill-conditioned: first-order analysis no longer applies)."""
    try:
        value = evaluate(expr, point)
    except SymdiffError:
        return None
    values: dict[Expr, float] = {}
    bounds: dict[Expr, float] = {}
    for node in postorder(expr):
        try:
            values[node] = evaluate(node, point)
            bounds[node] = _bound(node, values, bounds)
        except (SymdiffError, OverflowError, ValueError, ZeroDivisionError):
            return None
    bound = bounds[expr]
    if not math.isfinite(bound) or bound > 1e-6 * (1 + abs(value)):
        return None
    return value, bound


def _bound(node: Expr, values: dict[Expr, float], bounds: dict[Expr, float]) -> float:
    v = values[node]
    args = node.args
    rounding = UNIT * abs(v) if math.isfinite(v) else 0.0
    if node.op in (Op.NUM, Op.CONST, Op.SYM):
        return 0.0  # the same literal or argument on both sides
    vs = [values[a] for a in args]
    es = [bounds[a] for a in args]
    if node.op is Op.ADD:
        return sum(es) + UNIT * len(args) * sum(abs(a) for a in vs)
    if node.op is Op.MUL:
        others = [math.prod(abs(w) for j, w in enumerate(vs) if j != i) for i in range(len(vs))]
        return sum(e * o for e, o in zip(es, others, strict=True)) + UNIT * len(args) * abs(v)
    if node.op is Op.POW:
        (b, p), (eb, ep) = vs, es
        partial_base = abs(p * b ** (p - 1)) if eb else 0.0
        partial_exponent = abs(math.log(abs(b)) * v) if ep and b else 0.0
        return partial_base * eb + partial_exponent * ep + rounding
    function = node.value
    if function.name in SPECIAL_FUNCTIONS:
        # scipy.special is not as close as libm (gammaln(-2.5) is 45 ulp off)
        rounding *= 16
    if function.name == "sign":
        return 2.0 if es[0] >= abs(vs[0]) else 0.0
    if any(d is None and e for d, e in zip(function.derivatives, es, strict=True)):
        return math.inf  # no derivative in that argument (polygamma's order): no bound
    partials = [
        abs(evaluate(d(*(Number(a) for a in vs)))) if e else 0.0
        for d, e in zip(function.derivatives, es, strict=True)
    ]
    return sum(d * e for d, e in zip(partials, es, strict=True)) + rounding


def close(actual: float, expected: float, bound: float) -> bool:
    """Whether ``actual`` is within the bound of ``expected`` (nan/inf must match exactly)."""
    actual = float(actual)
    if math.isnan(expected) or math.isnan(actual):
        return math.isnan(expected) and math.isnan(actual)
    if math.isinf(expected) or math.isinf(actual):
        return actual == expected
    return abs(actual - expected) <= 4 * bound + 1e-300
