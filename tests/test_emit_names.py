"""Distinct symbols print distinctly in every target, for any set of names.

LaTeX prints ``x1`` and ``x_1`` both nicely as ``x_{1}`` and ``theta`` and ``θ`` both as
``\\theta``; the code targets sanitize names (``θ`` is ``u03b8`` in C) and keep clear of
their own names (``t1``, ``out``, ``math``, ``np``). Within one output, every symbol must
still get a name of its own.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symdiff import Add, Mul, Symbol, cse, evaluate, lambdify, latex, parse
from symdiff.emit import emit_dot, to_networkx
from symdiff.emit.lambdify import c_compiler
from symdiff.emit.latex import latex_name, latex_names
from symdiff.emit.naming import C_RESERVED, PYTHON_RESERVED, assign_names

COLLIDING = [
    "x1",
    "x_1",
    "x01",
    "x_01",
    "x1_",
    "theta",
    "θ",
    "Theta",
    "Θ",
    "alpha",
    "α",
    "u03b8",
    "ﬁ",
    "fi",
    "ufb01",
    "t1",
    "t_1",
    "t2",
    "out",
    "math",
    "np",
    "w",
    "f",
    "f_part1",
    "lambda",
    "lambda_",
    "_x",
    "v_x",
    "x_max",
    "xmax",
    "rate",
    "ℌ",
    "H",
]
_CHARS = st.sampled_from("abxyt_0123θαΘ")
names = st.sampled_from(COLLIDING) | st.text(_CHARS, min_size=1, max_size=5)
name_sets = st.lists(
    names.filter(lambda n: n.isidentifier() and n not in ("pi", "e")),
    min_size=1,
    max_size=8,
    unique=True,
)


def _sum(symbol_names: list[str]):
    """``1*s0 + 2*s1 + 4*s2 + ...``: a swapped or merged name changes the value."""
    return Add(*(Mul(2**i, Symbol(n)) for i, n in enumerate(symbol_names)), 0)


def _point(symbol_names: list[str]) -> dict[str, float]:
    return {n: float(3**i) for i, n in enumerate(symbol_names)}


def test_the_reported_collisions_print_distinctly():
    assert latex(parse("x1 - x_1")) == r"\mathtt{x1} - \mathtt{x\_1}"
    assert latex(parse("theta + θ")) == r"\mathtt{theta} + \mathtt{θ}"
    # the common cases stay as they were
    assert latex(parse("x_1 + theta + x2*y_max")) == r"x_{1} + \theta + x_{2} y_{\mathrm{max}}"
    assert latex_name("x_1") == latex_name("x1") == "x_{1}"


@settings(max_examples=300, deadline=None)
@given(name_sets)
def test_latex_names_are_distinct_and_nice_when_alone(symbol_names):
    mapped = latex_names(symbol_names)
    assert len(set(mapped.values())) == len(symbol_names)
    for name in symbol_names:
        nice = latex_name(name)
        clash = any(latex_name(other) == nice for other in symbol_names if other != name)
        assert mapped[name] == nice or clash
    text = latex(_sum(symbol_names))  # the printed formula uses exactly these names
    assert text == " + ".join(f"{2**i} {mapped[n]}" for i, n in enumerate(symbol_names)) + " + 0"


@settings(max_examples=300, deadline=None)
@given(name_sets, st.booleans())
def test_code_identifiers_are_distinct_and_valid(symbol_names, ascii_only):
    reserved = (C_RESERVED if ascii_only else PYTHON_RESERVED) | {"f", "math", "np", "out"}
    mapped = assign_names(symbol_names, reserved, ascii_only=ascii_only)
    identifiers = list(mapped.values())
    # Python compares identifiers after NFKC normalization: distinct after it, too
    assert len({unicodedata.normalize("NFKC", i) for i in identifiers}) == len(symbol_names)
    for identifier in identifiers:
        assert identifier.isidentifier() and identifier not in reserved
        assert not ascii_only or identifier.isascii()


@settings(max_examples=60, deadline=None)
@given(name_sets, st.sampled_from(["python", "numpy"]))
def test_generated_code_keeps_symbols_apart(symbol_names, backend):
    expr, point = _sum(symbol_names), _point(symbol_names)
    function = lambdify(expr, symbol_names, backend)
    assert float(function(*point.values())) == evaluate(expr, point)
    program = cse([expr, expr * Symbol(symbol_names[0])])
    function = lambdify(program, symbol_names, backend)
    assert [float(v) for v in function(*point.values())] == [
        evaluate(e, point) for e in program.expressions()
    ]


@pytest.mark.skipif(c_compiler() is None, reason="no C compiler")
def test_c_code_keeps_colliding_symbols_apart():
    symbol_names = [n for n in COLLIDING if n not in ("pi", "e")]
    expr, point = _sum(symbol_names), _point(symbol_names)
    function = lambdify([expr, expr * Symbol("t1")], symbol_names, "c")
    assert function(*point.values()) == (evaluate(expr, point), evaluate(expr, point) * 3**15)
    assert "u03b8_" in function.source and "out_" in function.source


@settings(max_examples=200, deadline=None)
@given(name_sets)
def test_dot_node_ids_are_distinct(symbol_names):
    program = cse(_sum(symbol_names))
    graph = to_networkx(program)
    inputs = [n for n, op in graph.nodes(data="op") if op == "input"]
    assert sorted(inputs) == sorted(symbol_names)
    text = emit_dot(program)
    assert all(f'"{n}" [label=' in text for n in symbol_names)
