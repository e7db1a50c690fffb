"""Careful forms in generated code: ``log1p``, ``expm1`` and ``hypot`` where the outputs have
``log(1 + u)``, ``exp(u) - 1`` or ``sqrt(a^2 + b^2)``, checked against mpmath near 0 and at
``1e200``, exact, sharing-preserving and iterative; ``careful=False`` turns them off."""

from __future__ import annotations

import pickle
import random

import mpmath
import numpy as np
import pytest

from symdiff import (
    REGISTRY,
    Add,
    ArgumentError,
    EvaluationError,
    Number,
    Symbol,
    count_ops,
    cse,
    differentiate,
    emit_array,
    emit_c,
    emit_numpy,
    emit_python,
    evaluate,
    lambdify,
    parse,
)
from symdiff.core.traverse import postorder
from symdiff.emit.careful import careful_forms, careful_program

BACKENDS = ["python", "numpy", "c", "array"]

# (text, its careful form)
REWRITES = [
    ("log(1 + x)", "log1p(x)"),
    ("log(x + 1)", "log1p(x)"),
    ("log(1 - x)", "log1p(-x)"),
    ("log(1 + x + y)", "log1p(x + y)"),
    ("log(1.0 + x)", "log1p(x)"),
    ("log(exp(x) + 1)", "log1p(exp(x))"),
    ("exp(x) - 1", "expm1(x)"),
    ("-1 + exp(2*x)", "expm1(2*x)"),
    ("e^x - 1", "expm1(x)"),
    ("exp(x) - 1 + y", "expm1(x) + y"),
    ("1 - exp(-x)", "-expm1(-x)"),
    ("sqrt(x^2 + y^2)", "hypot(x, y)"),
    ("(x^2 + y^2)^(1/2)", "hypot(x, y)"),
    ("(x^2 + y^2)^0.5", "hypot(x, y)"),
    ("sqrt(x^2 + y^2 + z^2)", "hypot(hypot(x, y), z)"),
    ("sqrt(x^2 + 1)", "hypot(x, 1)"),
    ("sqrt(x^2 + 9/4)", "hypot(x, 3/2)"),
    ("sqrt((x - 1)^2 + sin(y)^2)", "hypot(x - 1, sin(y))"),
    ("log(1 + sqrt(x^2 + y^2))", "log1p(hypot(x, y))"),
    ("where(x > 0, log(1 + x), exp(x) - 1)", "where(x > 0, log1p(x), expm1(x))"),
]

# no careful form: each stays the very same node
UNCHANGED = [
    "log(2 + x)",
    "log(x)",
    "log(2*(1 + x))",
    "exp(x) - 2",
    "2*exp(x) - 1",
    "exp(x) + 1",
    "sqrt(x^2 + 2)",
    "sqrt(x^2 - y^2)",
    "sqrt(x^3 + y^2)",
    "sqrt(x^2)",
    "sqrt(x^2 + 1 + 4)",
    "(x^2 + y^2)^(1/3)",
    "log1p(x) + expm1(x) + hypot(x, y)",
]


@pytest.mark.parametrize(("text", "expected"), REWRITES, ids=[t for t, _ in REWRITES])
def test_rewrites(text, expected):
    assert str(careful_forms(parse(text))) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_no_careful_form(text):
    expr = parse(text)
    assert careful_forms(expr) is expr
    program = cse(expr)
    assert careful_program(program) is program


@pytest.mark.parametrize(("text", "expected"), REWRITES, ids=[t for t, _ in REWRITES])
def test_rewrites_are_exact(text, expected):
    """The same value at random points, against mpmath at 40 digits."""
    expr, rewritten = parse(text), careful_forms(parse(text))
    rng = random.Random(13)
    names = sorted(s.value for s in postorder(expr) if s.op.name == "SYM")
    with mpmath.workdps(40):
        for _ in range(20):
            point = {n: rng.uniform(-0.45, 0.45) for n in names}  # inside every domain
            want = _mp_value(expr, point)
            assert abs(_mp_value(rewritten, point) - want) <= 1e-35 * max(1, abs(want))


def _mp_value(expr, point):
    """The value of ``expr`` in mpmath at the current precision."""
    functions = {
        "log": mpmath.log,
        "exp": mpmath.exp,
        "sqrt": mpmath.sqrt,
        "sin": mpmath.sin,
        "log1p": mpmath.log1p,
        "expm1": mpmath.expm1,
        "hypot": mpmath.hypot,
        "where": lambda c, a, b: a if c != 0 else b,
        "gt": lambda a, b: mpmath.mpf(a > b),
    }
    values = {}
    for node in postorder(expr):
        kind, args = node.op.name, [values[a] for a in node.args]
        if kind == "NUM":
            value = node.value
            if not isinstance(value, float):
                value = mpmath.mpf(value.numerator) / value.denominator
            value = mpmath.mpf(value)
        elif kind == "SYM":
            value = mpmath.mpf(point[node.value])
        elif kind == "CONST":
            value = mpmath.e if node.value == "e" else mpmath.pi
        elif kind == "ADD":
            value = mpmath.fsum(args)
        elif kind == "MUL":
            value = mpmath.fprod(args)
        elif kind == "POW":
            value = args[0] ** args[1]
        else:
            value = functions[node.value.name](*args)
        values[node] = value
    return values[expr]


# -- the accuracy gain near 0 and at 1e200 -------------------------------------------------------


def _relative_error(value, exact):
    return abs((mpmath.mpf(float(value)) - exact) / exact)


NEAR_ZERO = [
    ("log(1 + x)", {"x": 1e-12}, lambda x: mpmath.log1p(x)),
    ("exp(x) - 1", {"x": 1e-12}, lambda x: mpmath.expm1(x)),
    ("1 - exp(-x)", {"x": 1e-12}, lambda x: -mpmath.expm1(-x)),
    ("log(1 + x^2)", {"x": 2e-7}, lambda x: mpmath.log1p(x**2)),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("text", "point", "exact"), NEAR_ZERO, ids=[t for t, _, _ in NEAR_ZERO])
def test_accurate_near_zero(text, point, exact, backend):
    with mpmath.workdps(50):
        want = exact(mpmath.mpf(point["x"]))
        careful = lambdify(parse(text), "x", backend)(point["x"])
        naive = lambdify(parse(text), "x", backend, careful=False)(point["x"])
        assert _relative_error(careful, want) < 1e-15
        assert _relative_error(naive, want) > 1e-6  # the cancellation it avoids


@pytest.mark.parametrize("backend", BACKENDS)
def test_hypot_is_accurate_and_does_not_overflow(backend):
    expr = parse("sqrt(x^2 + y^2)")
    f = lambdify(expr, "x y", backend)
    with mpmath.workdps(50):
        for x, y in [(3e200, 4e200), (1e-200, 1e-200), (1e-12, 2.5e-12), (3.0, 4.0)]:
            want = mpmath.hypot(x, y)
            assert _relative_error(f(x, y), want) < 1e-15
    naive = lambdify(expr, "x y", backend, careful=False)
    if backend == "python":
        with pytest.raises(EvaluationError):
            naive(3e200, 4e200)
    else:
        with np.errstate(over="ignore"):
            assert float(naive(3e200, 4e200)) == np.inf
            assert float(naive(1e-200, 1e-200)) == 0.0  # the squares underflow


def test_every_emitter_writes_the_careful_form():
    expr = parse("log(1 + x) + exp(y) - 1 + sqrt(x^2 + y^2)")
    assert "log1p(x)" in emit_python(expr) and "hypot(x, y)" in emit_python(expr)
    assert "np.log1p(x)" in emit_numpy(expr) and "np.expm1(y)" in emit_numpy(expr)
    assert "log1p(x)" in emit_c(expr) and "expm1(y)" in emit_c(expr)
    assert "xp.hypot(x, y)" in emit_array(expr)
    for emit in (emit_python, emit_numpy, emit_c, emit_array):
        text = emit(expr, careful=False)
        assert "log1p" not in text and "expm1" not in text and "hypot" not in text


def test_exact_forms_in_code():
    expected = "from math import log1p\n\n\ndef f(x):\n    return log1p(x)\n"
    assert emit_python(parse("log(1 + x)")) == expected
    assert emit_python(parse("log(1 + x)"), careful=False) == (
        "from math import log\n\n\ndef f(x):\n    return log(1 + x)\n"
    )
    assert "return -expm1(-x);" in emit_c(parse("1 - exp(-x)"))


# -- derivatives, sharing, Programs, depth ---------------------------------------------------


def test_derivatives_only_where_the_pattern_appears():
    # d/dx log(1 + x^2) = 2x/(1 + x^2): no logarithm left, so no log1p
    first = differentiate(parse("log(1 + x^2)"), "x")
    assert careful_forms(first) is first
    assert "log1p" not in emit_python(first)
    # d/dx x*log(1 + x^2) keeps the logarithm: log1p(x^2), with x^2 shared by both terms
    second = differentiate(parse("x*log(1 + x^2)"), "x")
    source = emit_python(second)
    assert "log1p(t1)" in source and "t1 = x**2" in source and " log(" not in source
    f, g = lambdify(second, "x"), lambdify(second, "x", careful=False)
    with mpmath.workdps(50):
        for x in (1e-9, 0.3, -2.0):
            exact = mpmath.log1p(mpmath.mpf(x) ** 2) + 2 * mpmath.mpf(x) ** 2 / (
                1 + mpmath.mpf(x) ** 2
            )
            assert _relative_error(f(x), exact) < 1e-15
        assert _relative_error(g(1e-9), mpmath.mpf(3e-18)) > 1e-3  # the naive form
    # expm1 in the derivative of a softplus-like expression's inverse: d/dx log(exp(x) - 1)
    third = differentiate(parse("log(exp(x) - 1)"), "x")
    assert "expm1" in emit_c(third)


def test_sharing_is_kept():
    one_plus_x = parse("1 + x")
    exprs = [REGISTRY["log"](one_plus_x), one_plus_x**-1]
    rewritten = careful_forms(exprs)
    assert str(rewritten[0]) == "log1p(x)" and rewritten[1] is exprs[1]
    # a shared node is rewritten once, and everything it shares stays shared
    square = parse("(x - y)^2")
    big = parse(f"log(1 + {square}) * sqrt({square} + 1) + {square}")
    assert count_ops(careful_forms(big), dag=True) <= count_ops(big, dag=True)
    program = careful_program(cse(big))
    assert str(program).count("(x - y)^2") == 0 and str(program).count("x - y") == 1


def test_programs():
    program = cse([parse("log(1 + x)"), parse("1/(1 + x)")])
    careful = careful_program(program)
    assert [str(o) for o in careful.outputs] == ["log1p(x)", "1/(1 + x)"]
    full = careful_program(cse(parse("log(1 + x*y)"), full=True))
    assert str(full) == "t1 = x*y\nt2 = log1p(t1)\nout = t2"
    # a Program keeps its input order
    assert careful_program(cse(parse("log(1 + x*y)"), inputs=["y", "x"])).input_names == ("y", "x")


def test_deep_expressions():
    x, half, log = Symbol("x"), Number(0.5), REGISTRY["log"]
    expr = x
    for _ in range(50_000):  # 100,000 levels: log(1 + log(1 + ...)/2)
        expr = log(Add(Number(1), expr * half))
    rewritten = careful_forms(expr)
    assert (
        sum(n.op.name == "CALL" and n.value.name == "log1p" for n in postorder(rewritten)) == 50_000
    )
    assert evaluate(rewritten, x=0.5) == pytest.approx(evaluate(expr, x=0.5), rel=1e-12)
    assert careful_program(cse(expr)).count_ops() == count_ops(rewritten, dag=True)


def test_option_is_checked_and_kept():
    with pytest.raises(ArgumentError, match="careful"):
        lambdify(parse("log(1 + x)"), "x", careful="no")
    naive = pickle.loads(pickle.dumps(lambdify(parse("log(1 + x)"), "x", careful=False)))
    assert "log(1 + x)" in naive.source
    careful = pickle.loads(pickle.dumps(lambdify(parse("log(1 + x)"), "x", "c")))
    assert "log1p(x)" in careful.source
