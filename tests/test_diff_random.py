"""Seeded random expressions: derivatives agree with finite differences and with SymPy."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import mpmath
import pytest
import sympy
from exprgen import random_expr
from hypothesis import given
from strategies import smooth_exprs

from symdiff import EvaluationError, Expr, Op, evaluate, parse, postorder
from symdiff.diff.check import check
from symdiff.diff.diff import differentiate
from symdiff.diff.numeric import richardson

CASES = 320
SEED = 20240611
POINTS = ({"x": 0.43, "y": -0.71}, {"x": -1.37, "y": 0.29})


class Cbrt(sympy.Function):
    """The real cube root (SymPy's ``cbrt`` is the principal, complex one for u < 0)."""

    def fdiff(self, argindex=1):
        return 1 / (3 * Cbrt(self.args[0]) ** 2)


def _real_cbrt(u: mpmath.mpf) -> mpmath.mpf:
    return mpmath.sign(u) * abs(u) ** (mpmath.mpf(1) / 3)


_SYMPY_FUNCTIONS = {
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "sec": sympy.sec,
    "csc": sympy.csc,
    "cot": sympy.cot,
    "asin": sympy.asin,
    "acos": sympy.acos,
    "atan": sympy.atan,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": sympy.tanh,
    "asinh": sympy.asinh,
    "acosh": sympy.acosh,
    "atanh": sympy.atanh,
    "exp": sympy.exp,
    "log": sympy.log,
    "sqrt": sympy.sqrt,
    "cbrt": Cbrt,
    "abs": sympy.Abs,
    "sign": sympy.sign,
    "atan2": sympy.atan2,
}


def to_sympy(expr: Expr) -> sympy.Expr:
    """Convert over the postorder (no recursion); symbols are real, as in symdiff."""
    done: dict[Expr, sympy.Expr] = {}
    for node in postorder(expr):
        args = [done[a] for a in node.args]
        if node.op is Op.NUM:
            value = node.value
            done[node] = (
                sympy.Float(value) if isinstance(value, float) else sympy.Rational(Fraction(value))
            )
        elif node.op is Op.CONST:
            done[node] = sympy.pi if node.value == "pi" else sympy.E
        elif node.op is Op.SYM:
            done[node] = sympy.Symbol(node.value, real=True)
        elif node.op is Op.ADD:
            done[node] = sympy.Add(*args)
        elif node.op is Op.MUL:
            done[node] = sympy.Mul(*args)
        elif node.op is Op.POW:
            done[node] = sympy.Pow(*args)
        else:
            done[node] = _SYMPY_FUNCTIONS[node.name](*args)
    return done[expr]


def _cases() -> list[Expr]:
    rng = random.Random(SEED)
    return [random_expr(rng, rng.randint(6, 24)) for _ in range(CASES)]


EXPRS = _cases()


def test_the_cases_are_varied():
    assert len(set(EXPRS)) >= CASES - 5
    functions = {n.name for e in EXPRS for n in postorder(e) if n.op is Op.CALL}
    assert len(functions) >= 20


def _value(expr: Expr, point: dict[str, float]) -> float | None:
    try:
        value = evaluate(expr, point)
    except EvaluationError:
        return None
    return value if math.isfinite(value) and abs(value) < 1e8 else None


@pytest.mark.parametrize("chunk", range(8))
def test_random_derivatives_agree_with_finite_differences_and_sympy(chunk):
    checked = 0
    x = sympy.Symbol("x", real=True)
    for index in range(chunk, CASES, 8):
        f = EXPRS[index]
        text = str(f)
        assert parse(text) is f
        d = differentiate(f, "x")
        reference = sympy.lambdify(
            [x, sympy.Symbol("y", real=True)],
            sympy.diff(to_sympy(f), x),
            modules=[{"Cbrt": _real_cbrt}, "mpmath"],
        )
        for point in POINTS:
            got = _value(d, point)
            if got is None or _value(f, point) is None:
                continue
            numeric = check(f, "x", point, rtol=1e-6, atol=1e-7)
            assert numeric.ok and numeric.symbolic == got, str(numeric)
            with mpmath.workdps(30):
                exact = complex(reference(mpmath.mpf(point["x"]), mpmath.mpf(point["y"])))
            assert abs(exact.imag) < 1e-12
            assert got == pytest.approx(exact.real, rel=1e-9, abs=1e-11), (text, point)
            checked += 1
    assert checked >= 2 * CASES // 8 * 0.9


@given(smooth_exprs())
def test_derivative_agrees_with_finite_differences(f):
    d = differentiate(f, "x")
    point = {"x": 0.61, "y": -0.35, "z": 1.07}
    try:
        got = evaluate(d, point)
        estimate = richardson(lambda t: evaluate(f, {**point, "x": t}), 0.61, h=0.01)
    except EvaluationError:
        return
    if math.isfinite(got) and abs(got) < 1e6 and estimate.error < 1e-4:
        assert got == pytest.approx(estimate.value, rel=1e-5, abs=1e-6)
