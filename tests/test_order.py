"""The default order of variables: natural order (``x2`` before ``x10``), the same everywhere."""

from __future__ import annotations

import ast
import math
import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from symdiff import (
    ArgumentError,
    MissingVariableError,
    ProgramError,
    Symbol,
    cse,
    differentiate,
    emit_c,
    emit_numpy,
    emit_python,
    evaluate,
    free_symbols,
    gradient,
    hessian,
    jacobian,
    lambdify,
    natural_key,
    parse,
)
from symdiff.cli import main


def natural(names):
    return sorted(names, key=natural_key)


def shuffled(names, seed=3):
    names = list(names)
    random.Random(seed).shuffle(names)
    return names


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([f"x{i}" for i in range(1, 13)], [f"x{i}" for i in range(1, 13)]),
        (["x_10", "x_9"], ["x_9", "x_10"]),
        (["a10", "b2", "a2"], ["a2", "a10", "b2"]),
        (["x1", "x", "x_1", "x10", "xa"], ["x", "x1", "x10", "x_1", "xa"]),
        (["b", "a", "B"], ["B", "a", "b"]),
        (["x1", "x01", "x001", "x2", "x02"], ["x001", "x01", "x1", "x02", "x2"]),
        (["θ10", "θ2", "θ", "α1"], ["α1", "θ", "θ2", "θ10"]),
        (["x١٠", "x٣", "x2", "x10"], ["x2", "x٣", "x10", "x١٠"]),  # Arabic-Indic digits
        (["x2y10", "x2y9", "x10y1"], ["x2y9", "x2y10", "x10y1"]),
        (["x" + "9" * 5000, "x1" + "0" * 5000], ["x" + "9" * 5000, "x1" + "0" * 5000]),
    ],
    ids=["x1-x12", "x_9-x_10", "mixed", "prefixes", "case", "leading-zeros", "unicode",
         "unicode-digits", "several-runs", "long-runs"],
)  # fmt: skip
def test_exact_orders(names, expected):
    assert natural(shuffled(names)) == expected
    assert natural(names) == expected


def test_the_key_takes_a_symbol_or_its_name():
    assert natural_key(Symbol("x10")) == natural_key("x10")
    with pytest.raises(ArgumentError, match="a symbol or a name"):
        natural_key(parse("x + 1"))
    with pytest.raises(ArgumentError):
        natural_key(10)  # type: ignore[arg-type]


NAME_PARTS = st.sampled_from(["x", "y", "X", "_", "θ", "é", "0", "1", "2", "9", "٣", "٠", "10"])
NAMES = st.one_of(st.text(), st.lists(NAME_PARTS, max_size=6).map("".join))


@given(NAMES, NAMES, NAMES)
def test_the_key_is_a_total_order_consistent_with_equality(a, b, c):
    ka, kb, kc = natural_key(a), natural_key(b), natural_key(c)
    assert (ka == kb) == (a == b)
    assert [ka < kb, ka == kb, ka > kb].count(True) == 1  # comparable, exactly one holds
    if ka <= kb and kb <= kc:
        assert ka <= kc
    assert natural([a, b, c]) == natural([c, a, b]) == natural([b, c, a])


@given(st.integers(0, 10**30), st.integers(0, 10**30), st.sampled_from(["x", "x_", "w"]))
def test_digit_runs_compare_by_value(i, j, stem):
    assert (natural_key(f"{stem}{i}") < natural_key(f"{stem}{j}")) == (i < j)


SUM_OF_SQUARES = " + ".join(f"x_{i}^2" for i in range(12))  # sum of x_i^2 for i in 0..11


def test_gradient_lines_up_with_the_natural_order():
    partials = gradient(SUM_OF_SQUARES)
    assert [str(d) for d in partials] == [f"2*x_{i}" for i in range(12)]


@pytest.mark.parametrize("backend", ["python", "numpy", "c"])
def test_a_lambdified_gradient_agrees_with_each_partial_at_the_named_point(backend):
    function = parse(" + ".join(f"{i + 1}*x_{i}^2*x_{(i + 1) % 12}" for i in range(12)))
    values = {f"x_{i}": 0.25 + 0.5 * i for i in range(12)}  # x_i = 0.25 + i/2
    compiled = lambdify(gradient(function), backend=backend)
    got = compiled(*(values[f"x_{i}"] for i in range(12)))  # positional, in natural order
    for i, value in enumerate(got):
        expected = evaluate(differentiate(function, f"x_{i}"), values)
        assert math.isclose(float(value), expected, rel_tol=1e-12)


# Names from every case above, written into the expression in a scrambled order.
NAMES_MIXED = ["x10", "x2", "x1", "x01", "a10", "b2", "a2", "x_10", "x_9", "x", "θ2", "θ10"]
EXPECTED = ["a2", "a10", "b2", "x", "x01", "x1", "x2", "x10", "x_9", "x_10", "θ2", "θ10"]


def _parameters_of(source, keyword):
    """The parameter names of the first function defined in Python or C source."""
    if keyword == "def":
        tree = ast.parse(source)
        function = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))
        return [a.arg for a in function.args.args]
    signature = re.search(r"^double \w+\((.*)\)$", source, re.MULTILINE)
    assert signature
    return [p.split()[-1] for p in signature.group(1).split(", ")]


def _orders():
    """The variables each default-order site chooses, as names, for one expression."""
    f = parse(" + ".join(f"{name}^3" for name in NAMES_MIXED))  # d/ds = 3*s^2, d2/ds2 = 6*s
    grad = gradient(f)
    c_source = emit_c(f)
    c_names = dict(zip(_parameters_of(c_source, "double"), cse(f).input_names, strict=True))
    return {
        "gradient": [_only_name(d) for d in grad],
        "jacobian": [_only_name(d) for d in jacobian([f, f])[1]],
        "hessian": [_only_name(row[i]) for i, row in enumerate(hessian(f))],
        "cse": list(cse(f).input_names),
        "cse of the gradient": list(cse(grad).input_names),
        "lambdify": list(lambdify(f).program.input_names),
        "lambdify source": _parameters_of(lambdify(f).source, "def"),
        "emit_python": _parameters_of(emit_python(f), "def"),
        "emit_numpy": _parameters_of(emit_numpy(grad), "def"),
        "emit_c": [c_names[p] for p in _parameters_of(c_source, "double")],
    }


def _only_name(expr):
    (symbol,) = free_symbols(expr)
    return symbol.name


def test_every_default_order_site_gives_the_same_order():
    orders = _orders()
    for site, order in orders.items():
        assert order == EXPECTED, site


def test_cli_grad_prints_partials_in_natural_order(capsys):
    assert main(["grad", " + ".join(f"{n}^2" for n in NAMES_MIXED)]) == 0
    out = capsys.readouterr().out
    assert [line.split(" = ")[0] for line in out.splitlines()] == [f"d/d{n}" for n in EXPECTED]


def test_cli_program_inputs_are_in_natural_order(capsys):
    assert main(["grad", "x10*x2 + x1", "--emit", "python"]) == 0
    out = capsys.readouterr().out
    assert "def f(x1, x2, x10):" in out


def test_an_explicit_order_is_used_exactly_as_given():
    f = parse("x10*x2 + x1")
    wrt = ["x10", "x1", "x2"]
    assert [str(d) for d in gradient(f, wrt)] == ["x2", "1", "x10"]
    assert [str(d) for d in jacobian([f], wrt)[0]] == ["x2", "1", "x10"]
    assert [[str(d) for d in row] for row in hessian(f, wrt)] == [
        ["0", "0", "1"],
        ["0", "0", "0"],
        ["1", "0", "0"],
    ]
    assert cse(f, inputs=wrt).input_names == tuple(wrt)
    assert lambdify(f, "x10 x1 x2")(3.0, 5.0, 7.0) == 3.0 * 7.0 + 5.0
    assert emit_python(f, wrt).splitlines()[0] == "def f(x10, x1, x2):"


def test_error_messages_list_names_in_natural_order():
    with pytest.raises(MissingVariableError, match="no value given for x2, x10"):
        evaluate(parse("x10 + x2 + x1"), {"x1": 1.0})
    with pytest.raises(ProgramError, match="x2, x10 used but not among the inputs"):
        cse(parse("x10 + x2 + x1"), inputs=["x1"])
