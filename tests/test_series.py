"""Taylor series by Taylor-mode propagation, against SymPy's series."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from symdiff import DifferentiationError, evaluate, parse, register_function, series, symbols
from symdiff.core.expr import Op
from symdiff.diff.series import taylor_coefficients

x = symbols("x")

# (expression, expansion point, order): 50 functions
CASES = [
    ("exp(x)", 0, 6),
    ("sin(x)", 0, 7),
    ("cos(x)", 0, 6),
    ("tan(x)", 0, 7),
    ("sinh(x)", 0, 5),
    ("cosh(x)", 0, 6),
    ("tanh(x)", 0, 7),
    ("log(1 + x)", 0, 6),
    ("sqrt(1 + x)", 0, 5),
    ("cbrt(1 + x)", 0, 4),
    ("1/(1 - x)", 0, 6),
    ("1/(1 + x^2)", 0, 8),
    ("atan(x)", 0, 7),
    ("asin(x)", 0, 7),
    ("acos(x)", 0, 5),
    ("asinh(x)", 0, 7),
    ("atanh(x)", 0, 7),
    ("exp(sin(x))", 0, 6),
    ("sin(x)*cos(x)", 0, 7),
    ("exp(x)*sin(x)", 0, 6),
    ("x^3 - 2*x + 5", 0, 4),
    ("(1 + x)^10", 0, 5),
    ("(1 + 2*x)^(-3)", 0, 5),
    ("(1 - x)^(1/2)", 0, 5),
    ("2^x", 0, 5),
    ("(1 + x)^x", 0, 5),
    ("x^2*exp(-x^2)", 0, 8),
    ("sec(x)", 0, 6),
    ("cot(x + 1)", 0, 4),
    ("csc(x + 1)", 0, 4),
    ("log(cos(x))", 0, 6),
    ("exp(x)/(1 + x)", 0, 5),
    ("sin(sin(x))", 0, 7),
    ("atan(x)^2", 0, 6),
    ("exp(x^2 + x)", 0, 5),
    ("sqrt(4 + x)", 0, 4),
    ("log(x)", 1, 5),
    ("exp(x)", Fraction(1, 2), 4),
    ("sin(x)", Fraction(1, 3), 4),
    ("sqrt(x)", 4, 4),
    ("1/x", 2, 5),
    ("x^5", -1, 6),
    ("atan(x)", 1, 4),
    ("log(x^2 + 1)", Fraction(-1, 2), 4),
    ("acosh(x)", 2, 3),
    ("abs(x)*x", -2, 3),
    ("atan2(x, 1 + x)", 0, 5),
    ("cosh(x)^2 - sinh(x)^2", 0, 4),
    ("x^x", 1, 4),
    ("tan(x)", Fraction(1, 4), 3),
]

NAMES = {"cbrt": lambda u: sympy.real_root(u, 3), "abs": sympy.Abs}


def sympy_coefficients(text: str, point, order: int) -> list:
    sx, t = sympy.symbols("x t")
    f = sympy.sympify(text.replace("^", "**"), locals={**NAMES, "x": sx})
    x0 = (
        sympy.Rational(point.numerator, point.denominator) if isinstance(point, Fraction) else point
    )
    expansion = sympy.series(f, sx, x0, order + 1).removeO()
    polynomial = sympy.expand(expansion.subs(sx, t + x0))
    return [polynomial.coeff(t, k) for k in range(order + 1)]


@pytest.mark.parametrize(("text", "point", "order"), CASES, ids=[c[0] + f"@{c[1]}" for c in CASES])
def test_coefficients_agree_with_sympy(text, point, order):
    ours = taylor_coefficients(text, "x", point, order)
    theirs = sympy_coefficients(text, point, order)
    assert len(ours) == order + 1
    for k, (mine, reference) in enumerate(zip(ours, theirs, strict=True)):
        if reference.is_Rational:  # exact: ours is the same exact number
            assert mine.op is Op.NUM, f"c{k} = {mine} should be the number {reference}"
            assert not isinstance(mine.value, float)
            assert Fraction(mine.value) == Fraction(int(reference.p), int(reference.q)), k
        else:
            assert evaluate(mine) == pytest.approx(
                float(sympy.N(reference, 30)), rel=1e-12, abs=1e-14
            )


def test_exact_polynomial_forms():
    assert str(series("exp(x)", "x", 0, 4)) == "1 + x + x^2/2 + x^3/6 + x^4/24"
    assert series("exp(x)", x, 0, 4) is parse("1 + x + x^2/2 + x^3/6 + x^4/24")
    assert str(series("sin(x)", "x", 0, 5)) == "x - x^3/6 + x^5/120"
    assert str(series("1/x", "x", 2, 2)) == "1/2 - (x - 2)/4 + (x - 2)^2/8"
    assert str(series("x^2 + 1", "x", 0, 1)) == "1"
    assert str(series("sin(x)", "x", 0, 0)) == "0"


def test_other_symbols_are_constants():
    coefficients = taylor_coefficients("exp(a*x)", "x", 0, 3)
    assert [str(c) for c in coefficients] == ["1", "a", "a^2/2", "a^3/6"]


def test_expansion_about_pi():
    coefficients = taylor_coefficients("sin(x)", "x", parse("pi"), 3)
    assert [evaluate(c) for c in coefficients] == pytest.approx([0, -1, 0, 1 / 6], abs=1e-15)


def test_a_deep_expression_is_iterative():
    expr = x
    for _ in range(1000):
        expr = expr * Fraction(1, 2) + x
    slope = taylor_coefficients(expr, "x", 0, 1)[1]
    assert slope.value == 2 - Fraction(1, 2**1000)


@pytest.mark.parametrize(
    ("text", "point", "says"),
    [
        ("log(x)", 0, "no Taylor series at this point"),
        ("sqrt(x)", 0, "no Taylor series at this point"),
        ("1/x", 0, "no Taylor series at this point"),
        ("abs(x)", 0, "sign of its argument"),
    ],
)
def test_points_without_a_power_series(text, point, says):
    with pytest.raises(DifferentiationError, match=says):
        series(text, "x", point, 3)


def test_function_without_a_rule_is_named():
    register_function("zz_series", lambda u: u, [lambda u: 1], replace=True)
    try:
        with pytest.raises(DifferentiationError, match="'zz_series'"):
            series("zz_series(x)", "x", 0, 2)
    finally:
        from symdiff import unregister_function

        unregister_function("zz_series")
