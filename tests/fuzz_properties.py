"""The differential fuzzer's properties, shared by tests/test_fuzz_differential.py and
benchmarks/fuzz_long.py.

Each property takes an expression and a point (the misuse property takes a drawn call, the
backends property a batch) and returns what it did: ``"checked"`` or ``"skipped: why"``
(the input is undefined, non-finite or ill-conditioned there); a failure raises. Values are
compared with ``reference.precise`` (mpmath, 50 digits): to ``1e-35`` of the largest
intermediate value, plus ``1e-9`` relative when the expression holds float literals (a float
folded once is rounded once; conditioning may amplify that, not turn 1 into 0).
``known_issues.known`` tells failures already reported apart from new ones.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence

import mpmath
import numpy as np
from agreement import close, reference
from hostile_inputs import expression_stages
from reference import Beyond, Undefined, at_domain_edge, near_switch, precise, precise_scaled

from symdiff import (
    Program,
    SymdiffError,
    cse,
    differentiate,
    gradient,
    hessian,
    lambdify,
    parse,
    simplify,
)
from symdiff.core.errors import EmitError
from symdiff.core.expr import Expr, Op
from symdiff.core.traverse import postorder

DIGITS = 50
LARGEST = 1e300  # a larger value is not finite in double precision
NAMES = ("x", "y", "z")


def has_floats(*exprs: Expr) -> bool:
    return any(n.op is Op.NUM and isinstance(n.value, float) for n in postorder(*exprs))


def _tolerance(expected: mpmath.mpf, scale: mpmath.mpf, floats: bool) -> mpmath.mpf:
    tol = mpmath.mpf(10) ** (15 - DIGITS) * scale
    return tol + (mpmath.mpf(1e-9) * max(1, abs(expected)) if floats else 0)


def _names(expr: Expr) -> list[str]:
    return sorted(s.name for s in expr.free_symbols)


# -- (1) only SymdiffError escapes -------------------------------------------------------------


def no_other_exception(expr: Expr, point: dict) -> str:
    """Every public entry point on ``expr`` returns or raises a ``SymdiffError``."""
    expression_stages(expr)
    return "checked"


def misuse_is_refused(case: tuple) -> str:
    """A misused entry point returns or raises a ``SymdiffError`` (``misuse.misuse``)."""
    name, call, what = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            call.run()
        except SymdiffError as error:
            assert str(error), f"{name}({what}): an error without a message"
    return "checked"


def _settled(expr: Expr, point: dict, value: mpmath.mpf) -> bool:
    """Whether 50 digits gave the input's value: 80 digits agree, also on the largest
    intermediate value (``cot(tan(pi))^-2`` passes through 1e50 at 50 digits and 1e80 at 80:
    it is undefined in exact arithmetic)."""
    try:
        more, scale = precise_scaled(expr, point, DIGITS + 30)
        _, scale_before = precise_scaled(expr, point, DIGITS)
    except Undefined:
        return False
    close = mpmath.mpf(10) ** (20 - DIGITS)
    return bool(
        abs(more - value) <= close * max(1, abs(more))
        and abs(scale - scale_before) <= close * scale
    )


# -- (2) simplify keeps the value --------------------------------------------------------------

JITTER = 2.0**-50  # a few units in the last place of a double


def _float_sensitivity(expr: Expr, point: dict) -> mpmath.mpf:
    """How far the value moves when each symbol-free part holding a float moves by a few
    units in its last place: folding rounds such a part once (``cot(atan2(-902.0, -9.6e10))``
    moves in its 8th digit), so the simplified form may differ by that much."""
    if not has_floats(expr):
        return mpmath.mpf(0)
    try:
        base = precise(expr, point, DIGITS)
        moved = [abs(precise(expr, point, DIGITS, jitter=j) - base) for j in (-JITTER, JITTER)]
    except (Undefined, Beyond):
        return mpmath.mpf("inf")
    return max(moved)


def simplify_keeps_value(expr: Expr, point: dict) -> str:
    try:
        expected, scale = precise_scaled(expr, point, DIGITS)
    except Undefined:
        return "skipped: input undefined"
    if abs(expected) > LARGEST:
        return "skipped: not finite in floats"
    try:
        simplified = simplify(expr)
    except SymdiffError as error:
        return f"skipped: {type(error).__name__}"
    try:
        actual, scale_after = precise_scaled(simplified, point, DIGITS)
    except Beyond:
        return "skipped: beyond the reference's range"
    except Undefined:
        if not _settled(expr, point, expected):
            return "skipped: ill-conditioned"
        raise AssertionError(
            f"simplify gave {simplified}, undefined where the input is not"
        ) from None
    tol = _tolerance(expected, max(scale, scale_after), has_floats(expr))
    if abs(actual - expected) > tol:
        tol += 4 * _float_sensitivity(expr, point)
    if abs(actual - expected) > tol and not _settled(expr, point, expected):
        return "skipped: ill-conditioned"
    assert abs(actual - expected) <= tol, (
        f"simplify changed the value at {point}: {expected} became {actual} ({simplified})"
    )
    return "checked"


# -- (3) derivatives agree with mpmath.diff ----------------------------------------------------


def _numeric(expr: Expr, point: dict, wrt: Sequence[str]) -> mpmath.mpf:
    """``d/d wrt[0] d/d wrt[1] ...`` of ``expr`` at ``point`` by mpmath.diff."""
    names = sorted(set(wrt))
    orders = tuple(wrt.count(n) for n in names)

    def f(*values: mpmath.mpf) -> mpmath.mpf:
        return precise(expr, {**point, **dict(zip(names, values, strict=True))}, None)

    with mpmath.workdps(DIGITS):
        return mpmath.diff(f, tuple(mpmath.mpf(point[n]) for n in names), orders)


def _agrees(symbolic: Expr, expr: Expr, point: dict, wrt: Sequence[str]) -> str:
    try:
        expected = _numeric(expr, point, wrt)
    except Undefined:
        return "skipped: not differentiable numerically here"
    try:
        actual, scale = precise_scaled(symbolic, point, DIGITS)
    except Beyond:
        return "skipped: beyond the reference's range"
    except Undefined:
        if at_domain_edge(expr, point) or not _settled(expr, point, precise(expr, point)):
            return "skipped: ill-conditioned"
        raise AssertionError(
            f"d/d{wrt} is {symbolic}, undefined where the input is smooth"
        ) from None
    if abs(expected) > 1e12 or scale > 1e12:
        return "skipped: ill-conditioned"
    tol = mpmath.mpf(1e-20) * scale + (1e-9 * max(1, abs(expected)) if has_floats(expr) else 0)
    assert abs(actual - expected) <= tol, (
        f"d/d{list(wrt)} at {point}: symbolic {actual} ({symbolic}), numeric {expected}"
    )
    return "checked"


def derivatives_agree(expr: Expr, point: dict) -> str:
    try:
        scale = precise_scaled(expr, point, DIGITS)[1]
    except Undefined:
        return "skipped: input undefined"
    if scale > 1e12:
        return "skipped: ill-conditioned"
    if near_switch(expr, point):
        return "skipped: at a switch of a conditional"
    names = _names(expr) or ["x"]
    results = [_agrees(differentiate(expr, names[0]), expr, point, [names[0]])]
    for name, partial in zip(names, gradient(expr, names), strict=True):
        results.append(_agrees(partial, expr, point, [name]))
    pair = names[:2]
    for i, row in enumerate(hessian(expr, pair)):
        for j, entry in enumerate(row):
            if j >= i:
                results.append(_agrees(entry, expr, point, [pair[i], pair[j]]))
    return "checked" if "checked" in results else results[0]


# -- (4) every lambdify backend agrees with evaluate -------------------------------------------


def backends_agree(exprs: Sequence[Expr], points: Sequence[dict], backends: Sequence[str]) -> str:
    """All ``exprs`` in one program per backend (one compilation for C), at every point."""
    names = list(NAMES)
    expected = [[reference(e, p) for p in points] for e in exprs]
    checked = 0
    for backend in backends:
        try:
            function = lambdify(list(exprs), names, backend)
        except EmitError as error:  # digamma, polygamma, beta: no C form, refused by name
            if f"has no {backend} form" not in str(error):
                raise
            continue
        for k, point in enumerate(points):
            got = _outputs(function, backend, [point[n] for n in names], len(exprs))
            for i, expr in enumerate(exprs):
                if expected[i][k] is not None:
                    value, bound = expected[i][k]
                    assert close(got[i], value, bound), (
                        f"{backend} gives {got[i]} for {expr} at {point}, evaluate {value}"
                    )
                    checked += 1
    return "checked" if checked else "skipped: undefined at every point"


def _outputs(function: Callable, backend: str, values: list[float], count: int) -> list[float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            result = function(*values)
        except SymdiffError:
            return [math.nan] * count
    return [float(v) for v in np.asarray(result, dtype=float).reshape(count)]


# -- (5), (6), (7): structural round trips -----------------------------------------------------


def simplify_is_idempotent(expr: Expr, point: dict) -> str:
    for level in ("trivial", "standard"):
        once = simplify(expr, level)
        twice = simplify(once, level)
        assert twice is once, f"simplify({level!r}) of {expr} is {once}, then {twice}"
    return "checked"


def text_round_trip(expr: Expr, point: dict) -> str:
    for item in (expr, simplify(expr)):
        text = str(item)
        assert parse(text) is item, f"parse({text!r}) is not the expression {item!r}"
    return "checked"


def cse_round_trip(expr: Expr, point: dict) -> str:
    names = _names(expr) or ["x"]
    shapes: list = [expr, [expr, simplify(expr)], gradient(expr, names), hessian(expr, names[:2])]
    for exprs in shapes:
        for full in (False, True):
            program = cse(exprs, full=full)
            assert isinstance(program, Program)
            back = program.expressions()
            assert _same(back, exprs), f"cse(full={full}) of {exprs} gives back {back}"
    return "checked"


def _same(left: object, right: object) -> bool:
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(_same, left, right))
    return left is right


#: name -> property taking ``(expr, point)``.
EXPR_PROPERTIES: dict[str, Callable[[Expr, dict], str]] = {
    "no-other-exception": no_other_exception,
    "simplify-keeps-value": simplify_keeps_value,
    "derivatives-agree": derivatives_agree,
    "simplify-idempotent": simplify_is_idempotent,
    "text-round-trip": text_round_trip,
    "cse-round-trip": cse_round_trip,
}
