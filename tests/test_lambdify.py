"""lambdify: every backend computes what ``evaluate`` computes; names cannot inject code."""

from __future__ import annotations

import builtins
import math

import numpy as np
import pytest
from agreement import close, reference
from deep_chain import chain_value, deep_chain
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import exprs

from symdiff import (
    ArgumentError,
    EmitError,
    EvaluationError,
    Symbol,
    SymdiffError,
    cse,
    evaluate,
    lambdify,
    parse,
    symbols,
)
from symdiff.emit.lambdify import c_compiler

needs_compiler = pytest.mark.skipif(c_compiler() is None, reason="no C compiler on this machine")
NAMES = ("x", "y", "z")
points = st.tuples(*(st.floats(-4, 4, allow_nan=False) for _ in NAMES))


def _check(expr, function, point):
    expected = reference(expr, dict(zip(NAMES, point, strict=True)))
    if expected is None:  # outside the domain, or too ill-conditioned to compare
        return
    value, bound = expected
    assert close(function(*point), value, bound), (str(expr), point, function(*point), value)


@given(exprs(), st.lists(points, min_size=1, max_size=4), st.booleans())
def test_python_agrees_with_evaluate(expr, at, full):
    function = lambdify(cse(expr, full=full, inputs=NAMES), backend="python")
    for point in at:
        _check(expr, function, point)


@given(exprs(), st.lists(points, min_size=1, max_size=4))
def test_numpy_agrees_with_evaluate(expr, at):
    function = lambdify(expr, NAMES, "numpy")
    arrays = [np.array([p[i] for p in at]) for i in range(len(NAMES))]
    with np.errstate(all="ignore"):
        values = function(*arrays)
    assert values.shape == (len(at),)
    for k, point in enumerate(at):
        _check(expr, lambda *_, k=k: values[k], point)


@needs_compiler
@settings(max_examples=15)
@given(st.lists(exprs(), min_size=1, max_size=8), st.lists(points, min_size=1, max_size=4))
def test_c_agrees_with_evaluate(batch, at):
    function = lambdify(batch, NAMES, "c")  # one compilation for the whole batch
    for point in at:
        values = function(*point)
        for k, expr in enumerate(batch):
            _check(expr, lambda *_, k=k, values=values: values[k], point)


BACKENDS = ["python", "numpy", pytest.param("c", marks=needs_compiler)]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "text", ["(atan2(0*(-1), 0*(-1))*(-1))*(-1) + x", "(0^0^0*(-1))*(-1) + x", "2^70*3^40 + x"]
)
def test_computations_on_integers_match_evaluate(backend, text):
    # found by the properties above: Python integers lose the sign of zero (0*(-1) is 0,
    # but -0.0 in evaluate, and atan2 tells them apart) and never round
    expr = parse(text)
    assert float(lambdify(expr, "x", backend)(0.0)) == evaluate(expr, x=0.0)


@pytest.mark.parametrize("backend", BACKENDS)
def test_awkward_names_work(backend):
    names = symbols("lambda __class__ __import__ os exec math np t1 out int sin")
    expr = sum((n * (i + 1) for i, n in enumerate(names)), names[0] * names[7])
    program = cse([expr, expr**2, names[7] + 1])  # t1 is an input, so temporaries are t_1...
    function = lambdify(program, backend=backend)
    values = [0.5 + k / 10 for k in range(len(names))]
    point = dict(zip(program.input_names, values, strict=True))
    expected = [e.evaluate(point) for e in program.expressions()]
    assert np.asarray(function(*values)).ravel().tolist() == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_malicious_looking_name_cannot_run_anything(backend, monkeypatch):
    calls = []
    monkeypatch.setattr(builtins, "__import__", _recording(builtins.__import__, calls))
    names = symbols("__import__ exec eval system open globals __builtins__ compile")
    function = lambdify(sum(names[1:], names[0]), backend=backend)
    assert float(function(*range(len(names)))) == sum(range(len(names)))
    assert "os" not in calls and "subprocess" not in calls
    for bad in ("__import__('os').system('true')", "x; import os", "a b", "1x", ""):
        with pytest.raises(SymdiffError):
            Symbol(bad)
        with pytest.raises(SymdiffError):
            lambdify(parse("x"), [bad], backend)


def _recording(real, calls):
    def record(name, *args, **kwargs):
        calls.append(name)
        return real(name, *args, **kwargs)

    return record


def test_generated_code_has_no_builtins():
    function = lambdify(parse("x + 1"), "x")
    generated = function.__wrapped__  # inside the wrapper that reports math errors
    assert generated.__globals__["__builtins__"].keys() == {"__import__"}
    with pytest.raises(ImportError, match="only"):
        generated.__globals__["__builtins__"]["__import__"]("os")
    assert function.source == "def f(x):\n    return x + 1\n"
    assert lambdify(parse("sin(x)"), "x").source.startswith("from math import sin\n")
    assert str(function.program) == "out = x + 1"


def test_args_order_and_checks():
    x, y = symbols("x y")
    assert lambdify(x - y, [y, x])(1.0, 3.0) == 2.0
    assert lambdify(x - y, "y, x")(1.0, 3.0) == 2.0
    assert lambdify(cse(x - y), "y x")(1.0, 3.0) == 2.0
    assert lambdify(x, "x y")(1.0, 2.0) == 1.0
    with pytest.raises(SymdiffError, match="y used but not among the inputs"):
        lambdify(x - y, "x")
    with pytest.raises(EmitError, match="unknown backend"):
        lambdify(x, "x", "fortran")


@pytest.mark.parametrize("backend", ["python", "numpy", "c"])
def test_arguments_are_counted_and_must_be_real_numbers(backend):
    if backend == "c" and c_compiler() is None:
        pytest.skip("no C compiler")
    f = lambdify(parse("2*x + y"), "x y", backend)
    assert float(f(1, 2)) == 4.0 and float(f(np.float32(1.5), True)) == 4.0
    for bad in [(1.0,), (1.0, 2.0, 3.0), ()]:
        with pytest.raises(ArgumentError, match=r"takes 2 argument\(s\) \(x, y\)"):
            f(*bad)
    # Python would compute 2*"a" = "aa" or turn None into nan with NumPy: never silently
    for bad in ["a", None, [1, "a"], {"x": 1}, 1j]:
        with pytest.raises(ArgumentError, match="x must be a real number"):
            f(bad, 1.0)
    assert issubclass(ArgumentError, TypeError)


def test_python_backend_computes_in_floats():
    f = lambdify(parse("x^2*2"), "x")
    assert repr(f(3)) == "18.0"
    with pytest.raises(EvaluationError, match="overflows"):
        f(10**400)


def test_numpy_backend_takes_arrays_of_real_numbers():
    f = lambdify(parse("2*x"), "x", "numpy")
    assert f([1, 2]).tolist() == [2.0, 4.0]
    assert f(np.arange(3, dtype=np.int8)).tolist() == [0.0, 2.0, 4.0]
    with pytest.raises(ArgumentError):
        f(np.array(["1"]))


@pytest.mark.parametrize("backend", ["python", "numpy"])
def test_deep_chain(backend):
    _, program = deep_chain()
    assert float(lambdify(program, "x", backend)(0.7)) == pytest.approx(chain_value(0.7), rel=1e-12)


def test_expression_given_directly_goes_through_cse():
    expr, _ = deep_chain()
    assert lambdify(expr, "x")(0.3) == pytest.approx(chain_value(0.3), rel=1e-12)
    assert math.isfinite(lambdify(expr, "x", "numpy")(np.array([0.3, 0.4]))[1])
