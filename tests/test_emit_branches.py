"""Lazy branches in Python and C code: a temporary used only inside one branch of a ``where``
is computed inside that branch, so the branch not taken never runs (``math.log(-1)`` would
raise in Python), while the Program's sharing is kept."""

from __future__ import annotations

import mpmath
import pytest

from symdiff import (
    REGISTRY,
    Number,
    Symbol,
    cse,
    differentiate,
    emit_c,
    emit_python,
    evaluate,
    lambdify,
    parse,
)
from symdiff.emit.branches import MAX_BRANCH_DEPTH, Branch, branch_layout

CODE_BACKENDS = ["python", "c"]


def _mp_derivative(text: str, x: float) -> mpmath.mpf:
    """d/dx of ``where(x > a, f(x), 0)`` on the taken side, by mpmath at 30 digits."""
    functions = {"log": mpmath.log, "sqrt": mpmath.sqrt, "sin": mpmath.sin}
    with mpmath.workdps(30):
        return mpmath.diff(lambda t: eval(text, {"__builtins__": {}}, {"x": t, **functions}), x)


CASES = [
    # (expression, the branch written in Python for mpmath, its switch point)
    ("where(x > 0, x*log(x), 0)", "x*log(x)", 0.0),
    ("where(x > 1e-3, sqrt(x)*sin(sqrt(x)), 0)", "sqrt(x)*sin(sqrt(x))", 1e-3),
    ("where(x > 0, log(x)^2 + log(x), 0)", "log(x)**2 + log(x)", 0.0),
]


@pytest.mark.parametrize("backend", CODE_BACKENDS)
@pytest.mark.parametrize(("text", "branch", "switch"), CASES, ids=[c[0] for c in CASES])
def test_derivative_below_the_switch_is_zero_without_error(text, branch, switch, backend):
    derivative = differentiate(parse(text), "x")
    f = lambdify(derivative, "x", backend)
    for x in (-1.0, -1e-300, switch - 0.5, -50.0):
        value = f(x)
        assert value == 0.0 and isinstance(value, float)
    for x in (switch + 0.25, 0.5, 3.0):
        assert f(x) == pytest.approx(float(_mp_derivative(branch, x)), rel=1e-13)


def test_the_branch_temporary_is_computed_inside_the_branch():
    derivative = differentiate(parse("where(x > 1e-3, sqrt(x)*sin(sqrt(x)), 0)"), "x")
    assert emit_python(derivative) == (
        "from math import cos, sin, sqrt\n\n\n"
        "def f(x):\n"
        "    if x > 0.001:\n"
        "        t1 = sqrt(x)\n"
        "        w1 = cos(t1)*0.5 + sin(t1)/(2*t1)\n"
        "    else:\n"
        "        w1 = 0.0\n"
        "    return w1\n"
    )
    assert emit_c(derivative) == (
        "#include <math.h>\n\n"
        "double f(double x)\n{\n"
        "    double w1;\n"
        "    if (x > 0.001) {\n"
        "        const double t1 = sqrt(x);\n"
        "        w1 = cos(t1)*0.5 + sin(t1)/(2.0*t1);\n"
        "    } else {\n"
        "        w1 = 0.0;\n"
        "    }\n"
        "    return w1;\n}\n"
    )


def test_sharing_is_kept():
    """Each temporary is still computed once: sqrt(x) once, inside its branch."""
    expr = parse("where(x > 0, sqrt(x)*sin(sqrt(x)) + sqrt(x)^3, 1)")
    for source in (emit_python(expr), emit_c(expr)):
        assert source.count("sqrt(") == 1
    assert lambdify(expr, "x")(-4.0) == 1.0
    assert lambdify(expr, "x", "c")(4.0) == pytest.approx(evaluate(expr, x=4.0), rel=1e-15)


def test_a_temporary_used_outside_the_branch_is_computed_before_it():
    expr = parse("where(x > 0, log(x)*log(x), 0) + log(x)")
    layout = branch_layout(cse(expr))
    assert not layout.lazy  # log(x) is needed on every path: computed once, first
    assert emit_python(expr).splitlines()[4] == "    t1 = log(x)"


def test_nested_branches():
    expr = parse("where(x > 0, 3*where(y > 0, log(x*y)*log(x*y), sqrt(x)*sqrt(x)), sqrt(-x))")
    python, c = lambdify(expr, "x y"), lambdify(expr, "x y", "c")
    for point in [(-4.0, 1.0), (-4.0, -1.0), (4.0, -1.0), (4.0, 2.0), (0.5, 0.25)]:
        want = evaluate(expr, x=point[0], y=point[1])
        assert python(*point) == pytest.approx(want, rel=1e-15)
        assert c(*point) == pytest.approx(want, rel=1e-15)
    source = emit_python(expr)
    assert "        if y > 0:\n            t1 = log(x*y)" in source  # two levels down


def test_several_outputs_and_a_branch_as_a_whole_temporary():
    expr = parse("where(x > 0, log(x)*log(x), 0)")
    program = cse([expr, expr + 1])
    python, c = lambdify(program), lambdify(program, backend="c")
    assert python(-2.0) == c(-2.0) == (0.0, 1.0)
    assert python(2.0) == pytest.approx(c(2.0), rel=1e-15)
    assert "    double t2;\n    if (x > 0.0) {" in emit_c(program)


def test_nesting_is_bounded():
    """A where nested 3*MAX_BRANCH_DEPTH deep compiles (Python limits indentation); the
    temporaries beyond MAX_BRANCH_DEPTH are computed at that depth."""
    x = Symbol("x")
    where, gt, log = REGISTRY["where"], REGISTRY["gt"], REGISTRY["log"]
    expr = Number(0)
    for k in range(3 * MAX_BRANCH_DEPTH, 0, -1):
        shifted = log(x - (k - 1))
        expr = where(gt(x, k - 1), shifted * shifted + expr, 0)
    source = emit_python(expr)
    depth = max(len(line) - len(line.lstrip()) for line in source.splitlines()) // 4
    assert depth <= MAX_BRANCH_DEPTH + 1
    python, c = lambdify(expr, "x"), lambdify(expr, "x", "c")
    for point in (-3.0, 0.5, 2.5, 5.5, 3.0 * MAX_BRANCH_DEPTH + 0.5):
        want = evaluate(expr, x=point)
        assert python(point) == pytest.approx(want, rel=1e-14)
        assert c(point) == pytest.approx(want, rel=1e-14)


def test_layout_of_a_program_without_branch_temporaries_is_flat():
    program = cse(parse("where(x > 0, x^2, -x) + x^2"))
    layout = branch_layout(program)
    assert not layout.lazy and not any(isinstance(i, Branch) for i in layout.items)
    assert branch_layout(cse(parse("where(x > 0, log(x)^2*log(x), 0)")), lazy=False).items[0].name
