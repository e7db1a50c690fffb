"""Variables given as one string of names (``"x y"``, ``"x, y"``) mean the same list of
variables in every public function that takes several, as ``lambdify`` always did; the
functions of one variable take one name and say so when given more."""

from __future__ import annotations

import mpmath
import pytest
from reference import precise

from symdiff import (
    ArgumentValueError,
    check,
    cse,
    differentiate,
    emit_c,
    emit_python,
    evaluate,
    explain,
    gradient,
    hessian,
    hvp,
    jacobian,
    jvp,
    lambdify,
    parse,
    series,
    taylor_coefficients,
    vjp,
)
from symdiff.cli import main

F = parse("x^2*sin(y) + exp(x*y)")
G = parse("x*y^3 - log(1 + x^2)")
SPELLINGS = ["x y", "x, y", "x,y", "  x \t y ", "x,, y"]

# name: a call taking the variables; its result for ["x", "y"] is the reference
SEVERAL = {
    "differentiate": lambda wrt: differentiate(F, wrt),
    "gradient": lambda wrt: gradient(F, wrt),
    "jacobian": lambda wrt: jacobian([F, G], wrt),
    "hessian": lambda wrt: hessian(F, wrt),
    "jvp": lambda wrt: jvp([F, G], wrt, [1, 2]),
    "vjp": lambda wrt: vjp([F, G], wrt, [1, 2]),
    "hvp": lambda wrt: hvp(F, wrt, [1, 2]),
    "cse.inputs": lambda wrt: str(cse([F, G], inputs=wrt)),
    "emit_python.args": lambda wrt: emit_python([F, G], wrt),
    "emit_c.args": lambda wrt: emit_c([F, G], wrt),
    "lambdify.args": lambda wrt: lambdify([F, G], wrt)(0.5, -1.25),
}


@pytest.mark.parametrize("name", sorted(SEVERAL))
@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_string_of_names_is_the_list_of_them(name, spelling):
    call = SEVERAL[name]
    assert call(spelling) == call(["x", "y"])
    reversed_order = " ".join(reversed(spelling.replace(",", " ").split()))
    assert call(reversed_order) == call(["y", "x"])


def _mp(expr, wrt, point):
    """d expr / d wrt at ``point`` by ``mpmath.diff`` on the expression's value in mpmath."""
    names = sorted(point)

    def f(*values):
        return precise(expr, dict(zip(names, values, strict=True)), digits=None)

    order = tuple(wrt.count(n) for n in names)
    with mpmath.workdps(50):
        return mpmath.diff(f, [mpmath.mpf(point[n]) for n in names], order)


@pytest.mark.parametrize("point", [{"x": 0.7, "y": -0.4}, {"x": -1.3, "y": 2.1}])
def test_the_derivatives_are_right(point):
    for name, partial in zip("xy", gradient(F, "x, y"), strict=True):
        assert evaluate(partial, point) == pytest.approx(float(_mp(F, [name], point)), rel=1e-9)
    rows = hessian(G, "x y")
    for i, a in enumerate("xy"):
        for j, b in enumerate("xy"):
            assert evaluate(rows[i][j], point) == pytest.approx(
                float(_mp(G, [a, b], point)), rel=1e-9, abs=1e-12
            )
    mixed = differentiate(F, "x y")  # d/dy of d/dx, as ["x", "y"]
    assert evaluate(mixed, point) == pytest.approx(float(_mp(F, ["x", "y"], point)), rel=1e-9)
    jacobian_rows = jacobian([F, G], "y x")
    assert evaluate(jacobian_rows[1][0], point) == pytest.approx(
        float(_mp(G, ["y"], point)), rel=1e-9
    )


@pytest.mark.parametrize("blank", ["", "   ", " , ,"])
@pytest.mark.parametrize("name", ["differentiate", "gradient", "jacobian", "hessian", "jvp"])
def test_a_string_naming_nothing_is_refused(name, blank):
    with pytest.raises(ArgumentValueError, match="names no variable"):
        SEVERAL[name](blank)


ONE = {
    "check": (lambda v: check(F, v, {"x": 0.5, "y": 1.0}), "wrt"),
    "series": (lambda v: series("exp(x)", v, 0, 2), "x"),
    "taylor_coefficients": (lambda v: taylor_coefficients("exp(x)", v, 0, 2), "x"),
    "explain": (lambda v: explain(F, v), "wrt"),
}


@pytest.mark.parametrize("name", sorted(ONE))
def test_functions_of_one_variable_take_one_name(name):
    call, argument = ONE[name]
    assert str(call(" x ")) == str(call("x"))
    with pytest.raises(ArgumentValueError, match=rf"^{argument}: 'x y' names 2 variables"):
        call("x y")
    with pytest.raises(ArgumentValueError, match=rf"^{argument}: '' names no variable"):
        call("")


def test_the_command_line_takes_both_spellings(capsys):
    for wrt in ("x,y", "x y", "x, y"):
        assert main(["grad", "x^2*y", "--wrt", wrt]) == 0
        assert capsys.readouterr().out == "d/dx = 2*x*y\nd/dy = x^2\n"
