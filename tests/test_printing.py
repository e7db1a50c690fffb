"""Printer: readable infix, minimal parentheses, exact round trip, depth."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from strategies import exprs

from symdiff import Add, InputTooLargeError, Mul, Number, Pow, Symbol, parse, sin, symbols
from symdiff.core.printing import to_infix

x, y, z = symbols("x y z")

CASES = [
    (Add(x, Mul(-1, y)), "x - y"),
    (Mul(x, Pow(y, -1)), "x/y"),
    (Add(Mul(x, 1), Mul(1, x), 0), "x*1 + 1*x + 0"),
    (Add(Add(x, y), z), "(x + y) + z"),
    (Mul(Mul(x, y), z), "(x*y)*z"),
    (Pow(Pow(x, 2), 3), "(x^2)^3"),
    (Pow(x, Pow(y, 2)), "x^y^2"),
    (Pow(Add(x, 1), -1), "1/(x + 1)"),
    (Mul(2, Pow(x, -2)), "2/x^2"),
    (Mul(Fraction(1, 2), x), "1/2*x"),
    (Mul(x, Fraction(1, 2)), "x/2"),
    (Mul(3, x, Fraction(1, 4)), "3*x/4"),
    (Mul(-1, x, Fraction(1, 2)), "-x/2"),
    (Add(x, Mul(-2, y)), "x - 2*y"),
    (Add(x, -3), "x - 3"),
    (Add(-3, x), "-3 + x"),
    (Pow(Number(-2), x), "(-2)^x"),
    (Pow(x, Fraction(1, 2)), "x^(1/2)"),
    (Pow(x, -1.5), "1/x^1.5"),
    (Mul(x, Number(-1)), "x*(-1)"),
    (Mul(-1, Add(x, y)), "-(x + y)"),
    (Mul(-1, Mul(-1, x)), "-(-x)"),
    (sin(Add(x, Mul(-1, y))), "sin(x - y)"),
    (Number(float("inf")), "1e999"),
    (Number(1e-5), "1e-05"),
    (Number(Fraction(-3, 4)), "-3/4"),
    (Mul(Number(1), Pow(x, -1)), "1*x^-1"),
    (Pow(Number(2), -1), "2^-1"),
]


@pytest.mark.parametrize(("expr", "text"), CASES, ids=[t for _, t in CASES])
def test_exact_text(expr, text):
    assert str(expr) == text
    assert parse(text) is expr


@given(exprs())
def test_round_trip(expr):
    assert parse(str(expr)) is expr


@given(exprs(6))
def test_repr_is_unambiguous(expr):
    assert eval(repr(expr), _repr_namespace()) is expr


def _repr_namespace() -> dict:
    from symdiff import REGISTRY, Add, Const, Mul, Number, Pow, Symbol
    from symdiff.core.expr import Call

    return {
        "Add": Add,
        "Mul": Mul,
        "Pow": Pow,
        "Number": Number,
        "Symbol": Symbol,
        "Const": Const,
        "Fraction": Fraction,
        "Call": lambda name, *args: Call(REGISTRY[name], *args),
        "inf": float("inf"),
    }


def test_deep_expression_prints_and_round_trips():
    node = x
    for i in range(100_000):
        node = sin(node) if i % 2 else Add(node, 1)
    text = str(node)
    assert text.startswith("sin(sin(")
    assert parse(text) is node


def test_huge_shared_tree_is_refused_not_hung():
    node = x
    for _ in range(40):
        node = Mul(node, node)
    with pytest.raises(InputTooLargeError):
        to_infix(node)
    assert "cse()" in repr(node)


def test_symbol_names_print_as_given():
    assert str(Symbol("θ") + Symbol("x_1")) == "θ + x_1"
