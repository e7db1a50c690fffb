"""Conditionals end to end: comparisons, logic, ``where``/``ifelse``, ``max``, ``min``, ``relu``,
``heaviside`` and ``abs`` through text, evaluation, simplification, derivatives (against
mpmath finite differences away from the switch points, documented values at them), CSE,
every emitter, ``explain``, and tracing (whose ``SymbolicBranchError`` points to ``where``)."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from reference import precise

import symdiff
from symdiff import (
    SymbolicBranchError,
    cse,
    differentiate,
    emit_array,
    emit_c,
    emit_dot,
    emit_numpy,
    emit_python,
    evaluate,
    explain,
    lambdify,
    latex,
    parse,
    simplify,
    symbols,
    trace,
)

x, y = symbols("x y")

# -- text -----------------------------------------------------------------------------------------

ROUND_TRIP = [
    ("where(x > 0, x, -x)", "where(x > 0, x, -x)"),
    ("ifelse(x < 1, x^2, 1)", "where(x < 1, x^2, 1)"),
    ("where(x >= y, x, y) + 1", "where(x >= y, x, y) + 1"),
    ("max(x, y) + min(x, 2)", "max(x, y) + min(x, 2)"),
    ("relu(x) + heaviside(x - 1)", "relu(x) + heaviside(x - 1)"),
    ("logical_and(x > 0, x <= 1)", "logical_and(x > 0, x <= 1)"),
    ("logical_or(x < 0, logical_not(y >= 2))", "logical_or(x < 0, logical_not(y >= 2))"),
    ("eq(x, 1) + ne(x, y)", "eq(x, 1) + ne(x, y)"),
    ("2*(x > 1)", "2*(x > 1)"),
    ("(x + 1 > y) + 1", "(x + 1 > y) + 1"),
    ("where(x > 0, where(y > 0, 1, 2), 3)", "where(x > 0, where(y > 0, 1, 2), 3)"),
    ("abs(x - y)", "abs(x - y)"),
]


@pytest.mark.parametrize(("text", "printed"), ROUND_TRIP, ids=[t for t, _ in ROUND_TRIP])
def test_parse_print_round_trip(text, printed):
    expr = parse(text)
    assert str(expr) == printed
    assert parse(str(expr)) is expr


def test_python_functions_build_the_same_nodes():
    assert symdiff.gt(x, 0) is parse("x > 0") and symdiff.le(x, y) is parse("x <= y")
    assert symdiff.where(symdiff.gt(x, 0), x, -x) is parse("where(x > 0, x, -x)")
    assert symdiff.eq(x, y) is parse("eq(x, y)")
    assert abs(x) is parse("abs(x)")
    assert (x == y) is False  # == stays structural identity; eq(x, y) is the comparison
    with pytest.raises(SymbolicBranchError, match=r"symdiff\.where\("):
        bool(x > 0)


def test_chained_comparisons_are_refused():
    with pytest.raises(symdiff.SymdiffSyntaxError, match="cannot be chained") as info:
        parse("0 < x < 1")
    assert "logical_and" in info.value.hint


# -- evaluate -------------------------------------------------------------------------------------

VALUES = [
    ("where(x > 0, log(x), 0)", {"x": -1.0}, 0.0),  # only the branch taken is computed
    ("where(x > 0, log(x), 0)", {"x": math.e}, 1.0),
    ("where(x - 2, 1, 7)", {"x": 2.0}, 7.0),  # any nonzero value is true
    ("max(x, y)", {"x": -1.0, "y": 3.0}, 3.0),
    ("min(x, y)", {"x": -1.0, "y": 3.0}, -1.0),
    ("relu(x)", {"x": -2.5}, 0.0),
    ("relu(x)", {"x": 2.5}, 2.5),
    ("heaviside(x)", {"x": 0.0}, 0.5),
    ("heaviside(x)", {"x": -1e-300}, 0.0),
    ("logical_and(x > 0, y > 0)", {"x": 1.0, "y": -1.0}, 0.0),
    ("logical_or(x > 0, y > 0)", {"x": 1.0, "y": -1.0}, 1.0),
    ("logical_not(x)", {"x": 0.0}, 1.0),
    ("eq(x, y) + 2*ne(x, y)", {"x": 1.0, "y": 1.0}, 1.0),
    ("(x >= 1) + (x <= 1) + (x < 1) + (x > 1)", {"x": 1.0}, 2.0),
    ("abs(x)", {"x": -3.0}, 3.0),
]


@pytest.mark.parametrize(("text", "point", "value"), VALUES, ids=[t for t, _, _ in VALUES])
def test_evaluate(text, point, value):
    assert evaluate(parse(text), **point) == value


def test_nan():
    nan = float("nan")
    assert math.isnan(evaluate(parse("max(x, 1)"), x=nan))
    assert math.isnan(evaluate(parse("heaviside(x)"), x=nan))
    assert evaluate(parse("where(x, 1, 2)"), x=nan) == 1.0  # nan is nonzero: true


# -- simplify ------------------------------------------------------------------------------------

FOLDS = [
    ("where(x > 0, sin(x), sin(x))", "sin(x)"),
    ("where(c, a + b, b + a)", "a + b"),
    ("where(2 > 1, x, y)", "x"),
    ("where(1 < 0, x, y)", "y"),
    ("where(0, x, y)", "y"),
    ("where(3, x, y)", "x"),
    ("where(x > 0, 1, 1)", "1"),
    ("2 < 3", "1"),
    ("2 >= 3", "0"),
    ("logical_and(1, 0) + logical_or(0, 2)", "1"),
    ("logical_not(0)", "1"),
    ("max(3, 2) + min(3, 2)", "5"),
    ("max(x, x)", "x"),
    ("min(x, x)", "x"),
    ("relu(-2) + relu(5)", "5"),
    ("heaviside(0) + heaviside(-3) + heaviside(2)", "3/2"),
]


@pytest.mark.parametrize(("text", "folded"), FOLDS, ids=[t for t, _ in FOLDS])
def test_simplify_folds(text, folded):
    assert str(simplify(parse(text))) == folded


@pytest.mark.parametrize("text", [t for t, _ in ROUND_TRIP])
def test_simplify_keeps_the_value(text):
    expr = parse(text)
    simplified = simplify(expr)
    for point in [(-1.5, 0.5), (0.0, 0.0), (1.0, 1.0), (2.0, -3.0), (0.75, 2.0)]:
        values = dict(zip(("x", "y"), point, strict=True))
        assert evaluate(simplified, **values) == pytest.approx(evaluate(expr, **values))


# -- derivatives ---------------------------------------------------------------------------------

# (expression, points away from its switch points)
SMOOTH_PIECES = [
    ("where(x > 0, x^2, -x)", [-2.0, -0.3, 0.4, 3.0]),
    ("where(x > 1, log(x)*x, sin(x))", [-1.0, 0.5, 1.5, 4.0]),
    ("max(x, x^2)", [-1.0, 0.5, 2.0]),
    ("min(x, 2 - x^3)", [-1.0, 0.5, 1.5]),
    ("relu(x^3 - x)", [-2.0, -0.5, 0.5, 2.0]),
    ("heaviside(x)*x^2", [-1.0, 1.0]),
    ("abs(sin(x))", [-1.0, 0.5, 4.0]),
    ("relu(x)*where(x < 2, exp(x), 2*x) + max(0, sin(x))", [-1.0, 0.5, 2.5, 4.0]),
]


def _finite_difference(expr, at: float) -> float:
    with mpmath.workdps(30):
        return float(mpmath.diff(lambda t: precise(expr, {"x": t}, digits=None), at))


@pytest.mark.parametrize(("text", "points"), SMOOTH_PIECES, ids=[t for t, _ in SMOOTH_PIECES])
def test_derivatives_away_from_the_switch(text, points):
    expr = parse(text)
    first = differentiate(expr, "x")
    second = differentiate(expr, "x", 2)
    for at in points:
        assert evaluate(first, x=at) == pytest.approx(_finite_difference(expr, at), rel=1e-12)
        assert evaluate(second, x=at) == pytest.approx(
            _finite_difference(first, at), rel=1e-10, abs=1e-12
        )


# (expression, switch point, documented derivative there)
AT_THE_SWITCH = [
    ("max(x, 2 - x)", 1.0, 1.0),  # a tie: d max(a, b) = da
    ("max(2 - x, x)", 1.0, -1.0),
    ("min(x, 2 - x)", 1.0, 1.0),  # a tie: d min(a, b) = da
    ("relu(x)", 0.0, 0.0),
    ("heaviside(x)", 0.0, 0.0),
    ("abs(x)", 0.0, 0.0),  # sign(0)
    ("where(x > 0, x^2 + x, -x)", 0.0, -1.0),  # the branch the condition takes
    ("where(x >= 0, x^2 + x, -x)", 0.0, 1.0),
]


@pytest.mark.parametrize(
    ("text", "at", "value"), AT_THE_SWITCH, ids=[t for t, _, _ in AT_THE_SWITCH]
)
def test_documented_derivatives_at_the_switch(text, at, value):
    derivative = differentiate(parse(text), "x")
    assert evaluate(derivative, x=at) == value
    for backend in ("python", "numpy", "c", "array"):
        assert float(lambdify(derivative, "x", backend)(at)) == value


def test_derivative_forms():
    assert str(differentiate("where(x > 0, x^2, -x)", "x")) == "where(x > 0, 2*x, -1)"
    assert str(differentiate("max(x, y)", "x")) == "where(x >= y, 1, 0)"
    assert str(differentiate("relu(x)", "x")) == "where(x > 0, 1, 0)"
    assert str(differentiate("heaviside(x) + (x > 1)", "x")) == "0"
    assert str(differentiate("abs(x)", "x")) == "sign(x)"


# -- CSE and emitters -----------------------------------------------------------------------------


def test_cse_shares_across_branches():
    exprs = [parse("where(x > 0, sin(x)^2, sin(x))"), parse("sin(x)")]
    program = cse(exprs)
    assert str(program) == "t1 = sin(x)\nout[0] = where(x > 0, t1^2, t1)\nout[1] = t1"
    assert program.expressions() == exprs


BACKEND_CASES = [
    "where(x > 0, x, -x)",
    "max(x, y) - min(x, y)",
    "relu(x - y) + heaviside(x)",
    "logical_and(x > -1, logical_not(y > 1)) + logical_or(x < 0, eq(x, y))",
    "where(x > 0, log(x)*log(x), x^2) + where(x >= y, sqrt(abs(y)), 2)",
    "ne(x, y)*max(0, x)",
]
POINTS = [(-2.0, 1.0), (0.0, 0.0), (1.0, 1.0), (2.5, -0.5), (0.5, 3.0), (-1.0, -1.0)]


@pytest.mark.parametrize("backend", ["python", "numpy", "c", "array"])
@pytest.mark.parametrize("text", BACKEND_CASES)
def test_every_backend_agrees_with_evaluate(text, backend):
    expr = parse(text)
    f = lambdify(expr, "x y", backend)
    with np.errstate(invalid="ignore", divide="ignore"):  # NumPy computes both branches
        _agree(expr, f, backend)


def _agree(expr, f, backend):
    for point in POINTS:
        want = evaluate(expr, x=point[0], y=point[1])
        assert float(f(*point)) == pytest.approx(want, rel=1e-15)
    if backend in ("numpy", "array"):
        xs, ys = (np.array(column) for column in zip(*POINTS, strict=True))
        wants = [evaluate(expr, x=a, y=b) for a, b in POINTS]
        assert np.allclose(np.asarray(f(xs, ys)), wants, rtol=1e-15, atol=0)


def test_emitted_forms():
    expr = parse("where(x > 0, x, -x)")
    assert "return (x if float(x > 0) else -x)" in emit_python(expr)
    assert "np.where((np.greater(x, 0) * 1.0), x, -x)" in emit_numpy(expr)
    assert "return (((double)(x > 0.0)) ? x : -x);" in emit_c(expr)
    assert "xp.where(((x > 0)*1.0) != 0, x, -x)" in emit_array(expr)
    assert "where" in emit_dot(cse(expr, full=True))


LATEX = [
    (
        "where(x > 0, x, -x)",
        r"\begin{cases} x & \text{if } x > 0 \\ -x & \text{otherwise} \end{cases}",
    ),
    (
        "ifelse(x >= y, x^2, 1)",
        r"\begin{cases} x^{2} & \text{if } x \geq y \\ 1 & \text{otherwise} \end{cases}",
    ),
    ("max(x, y) + min(x, 2)", r"\max\left(x, y\right) + \min\left(x, 2\right)"),
    (
        "relu(x) + heaviside(x)",
        r"\operatorname{ReLU}\left(x\right) + \operatorname{H}\left(x\right)",
    ),
    ("logical_and(x > 0, x < 1)", r"x > 0 \land x < 1"),
    ("logical_not(x <= 1)", r"\lnot \left(x \leq 1\right)"),
    ("eq(x, 1) + ne(x, y)", r"\left(x = 1\right) + \left(x \neq y\right)"),
]


@pytest.mark.parametrize(("text", "tex"), LATEX, ids=[t for t, _ in LATEX])
def test_latex(text, tex):
    assert latex(parse(text)) == tex


# -- explain and tracing --------------------------------------------------------------------------


def test_explain():
    text = str(explain(parse("where(x > 0, x^2, -x)"), "x"))
    assert "with f = where" in text
    assert text.rstrip().endswith("Simplified: where(x > 0, 2*x, -1)")
    assert "Simplified: where(x >= x^2, 1, 2*x)" in str(explain(parse("max(x, x^2)"), "x"))


def test_a_python_branch_points_to_where():
    with pytest.raises(SymbolicBranchError) as info:
        trace(lambda x: x if x > 0 else -x)
    message = str(info.value)
    assert message.startswith("cannot decide whether x > 0: the value is symbolic")
    assert "symdiff.where(symdiff.gt(x, 0), x, 0)" in message
    traced = trace(lambda x: symdiff.where(symdiff.gt(x, 0), x, -x))
    assert traced is parse("where(x > 0, x, -x)")
    assert trace(lambda x: np.maximum(x, 0) + abs(x)) is parse("max(x, 0) + abs(x)")
