"""C emitter: golden output, compiled with the system compiler and called through ctypes."""

from __future__ import annotations

import math

import pytest
from deep_chain import chain_value, deep_chain
from goldens import check_golden, mixed_program, seed_program
from user_functions import registered

from symdiff import ArgumentError, EmitError, Symbol, emit_c, lambdify, parse, symbols
from symdiff.emit import c as c_module
from symdiff.emit.c import c_number
from symdiff.emit.lambdify import c_compiler

needs_compiler = pytest.mark.skipif(c_compiler() is None, reason="no C compiler on this machine")
x, y = symbols("x y")


def test_golden_seed_wengert_list():
    check_golden("seed_full.c", emit_c(seed_program()))


def test_golden_mixed_jacobian():
    check_golden("mixed.c", emit_c(mixed_program(), name="jacobian"))


def test_numbers_are_double_literals():
    assert [c_number(v) for v in (3, -2, 0.1, 1e300, float("-inf"), 10**400)] == [
        "3.0",
        "-2.0",
        "0.1",
        "1e+300",
        "-INFINITY",
        "INFINITY",
    ]
    last = emit_c(parse("2/3*x + 3/4 + x/5"), "x").splitlines()[-2]
    assert last == "    return (2.0/3.0)*x + 0.75 + x*(1.0/5.0);"


def test_names_are_ascii_and_clear_of_c_and_math_h():
    names = symbols("int double sin out θ _x y1")
    source = emit_c(sum(names[1:], names[0]), name="g")
    assert "double g(double v_x, double double_, double int_, double out_, double sin_," in source
    assert "double y1_, double u03b8)" in source  # inputs in natural order: y1 before θ
    assert "return int_ + double_ + sin_ + out_ + u03b8 + v_x + y1_;" in source
    with pytest.raises(EmitError, match="reserved"):
        emit_c(parse("x"), name="sin")
    with pytest.raises(EmitError, match="cannot be used"):
        emit_c(parse("x"), name="not valid")


def test_function_without_c_form_is_an_error_naming_it():
    with (
        registered(("halve_c", lambda u: u / 2, [lambda u: 0.5], None)),
        pytest.raises(EmitError, match=r"halve_c\(\) has no c form"),
    ):
        emit_c(parse("halve_c(x) + 1"))


@needs_compiler
def test_compiled_function_matches_python_on_the_golden_program():
    program = mixed_program()
    c_function, py_function = lambdify(program, backend="c"), lambdify(program)
    for point in [(0.3, 1.5, -0.7), (2.0, -0.25, 0.5)]:
        c_rows, py_rows = c_function(*point), py_function(*point)
        assert len(c_rows) == 2 and all(len(row) == 2 for row in c_rows)
        for c_row, py_row in zip(c_rows, py_rows, strict=True):
            assert c_row == pytest.approx(py_row, rel=1e-13)


@needs_compiler
def test_exact_rationals_never_divide_integers():
    f = lambdify([parse("2/3*x + 1/3"), parse("x/3"), parse("2^-1 + 1/(2*3)")], "x", "c")
    assert f(2.0) == pytest.approx((4 / 3 + 1 / 3, 2 / 3, 0.5 + 1 / 6), rel=1e-15)


@needs_compiler
def test_single_output_is_a_float_and_arity_is_checked():
    f = lambdify(parse("sin(x)*y"), "x y", "c")
    assert f(1.0, 2.0) == pytest.approx(2 * math.sin(1.0), rel=1e-15)
    with pytest.raises(ArgumentError, match="takes 2 argument"):
        f(1.0)
    assert lambdify(parse("2"), [], "c")() == 2.0


@needs_compiler
def test_long_program_is_split_into_parts(monkeypatch):
    monkeypatch.setattr(c_module, "PART_SIZE", 1)
    program = mixed_program()
    source = emit_c(program, name="g")
    assert "static void g_part1(double *w)" in source and "double w[" in source
    c_rows, py_rows = (
        lambdify(program, backend="c")(0.4, 1.1, 0.9),
        lambdify(program)(0.4, 1.1, 0.9),
    )
    assert sum(c_rows, ()) == pytest.approx(sum(py_rows, ()), rel=1e-13)


@needs_compiler
def test_input_named_w_survives_splitting(monkeypatch):
    monkeypatch.setattr(c_module, "PART_SIZE", 1)
    w = Symbol("w")
    expr = parse("sin(w*x) + cos(w*x)^2 + exp(sin(w*x))")
    assert lambdify(expr, [w, x], "c")(0.5, 0.3) == pytest.approx(expr.evaluate(w=0.5, x=0.3))


@needs_compiler
@pytest.mark.slow
def test_deep_chain_compiles_and_runs():
    _, program = deep_chain()
    assert lambdify(program, "x", "c")(0.7) == pytest.approx(chain_value(0.7), rel=1e-12)
