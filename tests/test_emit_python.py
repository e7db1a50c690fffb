"""Python emitter: readable source, math semantics, safe names, exact numbers."""

from __future__ import annotations

import ast
import math

import pytest
from goldens import mixed_program
from user_functions import registered

from symdiff import (
    REGISTRY,
    Add,
    DomainError,
    EmitError,
    Mul,
    Number,
    Pow,
    Symbol,
    cse,
    emit_python,
    lambdify,
    parse,
    symbols,
)
from symdiff.emit.python import python_number

x, y = symbols("x y")


def test_source_reads_like_the_wengert_list():
    source = emit_python(cse(parse("(1 + x)/(2x^2)"), full=True), name="g")
    assert source.splitlines() == [
        "def g(x):",
        "    t1 = 1 + x",
        "    t2 = x**2",
        "    t3 = 2*t2",
        "    t4 = 1/t3",
        "    t5 = t1*t4",
        "    return t5",
    ]


def test_several_and_nested_outputs_are_tuples():
    assert emit_python([x * y, Number(2)], "x y").endswith(
        "    return (\n        x*y,\n        2.0,\n    )\n"
    )
    f = lambdify(mixed_program())
    rows = f(0.5, 1.0, 2.0)
    assert isinstance(rows, tuple) and all(isinstance(r, tuple) and len(r) == 2 for r in rows)
    assert lambdify([x], "x")(3.0) == (3.0,)
    assert lambdify([], "x")(3.0) == ()


def test_numbers():
    assert [python_number(v) for v in (7, -2, 0.25, 2**60, 10**400, float("nan"))] == [
        "7",
        "-2",
        "0.25",
        "1.152921504606847e+18",
        "inf",
        "nan",
    ]
    assert emit_python(parse("1e999*x")).splitlines()[0] == "from math import inf"
    f = lambdify([parse("x/3"), parse("2/3*x"), Pow(x, 100), parse("x^(1/3)")], "x")
    third = 1 / 3
    assert f(3) == (3 * third, 2 / 3 * 3, 3.0**100, 3 ** (1 / 3))
    assert isinstance(f(3)[2], float)  # a large integer power of an int argument stays a float


def test_math_semantics_raise_instead_of_complex():
    with pytest.raises(DomainError):
        lambdify(parse("x^(1/3)"), "x")(-8.0)
    with pytest.raises(DomainError):
        lambdify(parse("log(x)"), "x")(-1.0)
    with pytest.raises(DomainError):
        lambdify(parse("1/x"), "x")(0.0)


def test_functions_without_a_math_form():
    f = lambdify(parse("sec(x) + csc(x) + cot(x) + cbrt(x) + abs(x) + sign(x)"), "x")
    for value in (-2.0, 0.7):
        expected = 1 / math.cos(value) + 1 / math.sin(value) + 1 / math.tan(value)
        expected += (
            math.copysign(abs(value) ** (1 / 3), value) + abs(value) + math.copysign(1, value)
        )
        assert f(value) == pytest.approx(expected, rel=1e-15)
    sign = lambdify(REGISTRY["sign"](x), "x")
    assert (sign(0.0), math.isnan(sign(math.nan))) == (0.0, True)
    assert "_cbrt" not in emit_python(parse("sin(x)"))


def test_user_functions_with_and_without_a_python_form():
    with registered(
        ("twice", lambda u: 2 * u, [lambda u: 2], {"python": "2*{0}"}),
        ("bump", lambda u: u + 1, [lambda u: 1], None),
        ("lambda", lambda u: u, [lambda u: 1], None),  # a keyword as a function name
    ):
        variable = Symbol("erf")  # a variable named like the imported (built-in) function
        erf = lambdify(REGISTRY["erf"](x) + variable, [x, variable])
        assert erf.source.startswith("from math import erf\n")
        assert "def f(x, erf_):" in erf.source and erf(0.5, 1.0) == math.erf(0.5) + 1.0
        source = emit_python(parse("twice(x + 1)^2 + bump(y)"), "x y")
        assert "(2*(x + 1))**2 + bump(y)" in source
        assert lambdify(parse("twice(x + 1)^2 + bump(y)"), "x y")(1.0, 5.0) == 22.0
        assert lambdify(Add(REGISTRY["lambda"](x), x), "x")(2.0) == 4.0
    assert "lambda" not in REGISTRY


def test_wide_sums_and_products_compile():
    xs = [Symbol(f"x{i}") for i in range(3000)]
    f = lambdify([Add(*xs), Mul(*xs)], xs)
    assert f(*[1.0] * 3000) == (3000.0, 1.0)
    source = emit_python(Add(*xs), xs)
    assert max(len(line) for line in source.splitlines()) < 40_000


def test_source_is_valid_python_built_only_from_safe_parts():
    names = symbols("lambda __class__ __import__ os exec eval math np t1 _sign print")
    expr = sum((n * (i + 1) for i, n in enumerate(names)), REGISTRY["sign"](names[0]))
    tree = ast.parse(emit_python(cse([expr, REGISTRY["cbrt"](expr)])))
    allowed = (
        ast.Module, ast.ImportFrom, ast.alias, ast.FunctionDef, ast.arguments, ast.arg, ast.Assign,
        ast.Return, ast.Name, ast.Load, ast.Store, ast.Constant, ast.BinOp, ast.UnaryOp, ast.Add,
        ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.Call, ast.Attribute, ast.Tuple,
        ast.IfExp, ast.Compare, ast.Gt, ast.Lt, ast.Eq,
    )  # fmt: skip
    for node in ast.walk(tree):
        assert isinstance(node, allowed), ast.dump(node)
        if isinstance(node, ast.Call):
            target = node.func
            assert target.id in {"_sign", "_cbrt", "sin", "copysign", "fabs", "pow"}
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            assert node.id not in {"lambda", "__class__", "__import__", "exec", "eval", "print"}


def test_bad_function_names_are_refused():
    for name in ("not valid", "lambda", "math", "_private"):
        with pytest.raises(EmitError):
            emit_python(x, name=name)
