"""Reverse mode: gradients, Jacobians and Hessians, their values and their operation counts."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from strategies import smooth_exprs

from symdiff import (
    Mul,
    Number,
    SymdiffError,
    count_ops,
    evaluate,
    parse,
    sin,
    symbols,
)
from symdiff.diff.diff import differentiate, gradient, hessian, jacobian
from symdiff.diff.numeric import numerical_gradient

x, y, z = symbols("x y z")


def rosenbrock(n: int) -> str:
    """The n-variable Rosenbrock function as text."""
    return " + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(1, n))


def least_squares(n: int, rows: int = 20, seed: int = 5) -> str:
    """The squared error of a linear model with n coefficients on fixed numeric data."""
    rng = random.Random(seed)
    residuals = []
    for _ in range(rows):
        prediction = " + ".join(f"{rng.randint(-40, 40) / 8}*w{j}" for j in range(1, n + 1))
        residuals.append(f"({rng.randint(-80, 80) / 16} - ({prediction}))^2")
    return " + ".join(residuals)


def values(exprs, point):
    return [evaluate(e, point) for e in exprs]


def test_gradient_forms():
    assert [str(d) for d in gradient("x^2*y + y")] == ["2*x*y", "x^2 + 1"]
    assert [str(d) for d in gradient("x*y*z")] == ["y*z", "x*z", "x*y"]
    assert [str(d) for d in gradient("sin(x*y)", ["y", "x"])] == ["x*cos(x*y)", "y*cos(x*y)"]
    assert gradient("x^2", ["x", "y"])[1] is Number(0)


def test_gradient_trivial_forms():
    trivial = [str(d) for d in gradient("x^2*y + y", simplify="trivial")]
    assert trivial == ["2*y*x", "x^2 + 1"]
    pair = gradient("sin(x*y)", ["y", "x"], simplify="trivial")
    assert [str(d) for d in pair] == ["cos(x*y)*x", "cos(x*y)*y"]


def test_gradient_simplified_together_keeps_sharing():
    # simplified one by one, each partial would get its own copy of the shared residuals
    f = parse(least_squares(50))
    names = [f"w{i}" for i in range(1, 51)]
    trivial = gradient(f, names, simplify="trivial")
    standard = gradient(f, names)
    assert count_ops(standard, dag=True) <= 1.1 * count_ops(trivial, dag=True)
    point = {n: 0.1 * i for i, n in enumerate(names)}
    assert values(standard[:5], point) == pytest.approx(values(trivial[:5], point), rel=1e-9)


def test_bad_simplify_argument():
    with pytest.raises(SymdiffError, match="simplify must be"):
        gradient("x", simplify="full")


def test_gradient_default_variables_are_sorted_names():
    assert [str(d) for d in gradient("b*a + c")] == ["b", "a", "1"]


def test_gradient_raw_adjoints():
    assert [str(d) for d in gradient(x * y, simplify=False)] == ["1*y", "1*x"]


@given(smooth_exprs())
def test_gradient_agrees_with_forward_mode(f):
    point = {"x": 0.37, "y": -0.61, "z": 1.13}
    names = ["x", "y", "z"]
    try:
        forward = [evaluate(differentiate(f, v), point) for v in names]
        reverse = values(gradient(f, names), point)
    except SymdiffError:
        return
    for a, b in zip(forward, reverse, strict=True):
        if math.isfinite(a) and math.isfinite(b):
            assert b == pytest.approx(a, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize("make", [rosenbrock, least_squares])
def test_cheap_gradient_principle(make, n):
    f = parse(make(n))
    grad = gradient(f)
    assert len(grad) == n
    assert count_ops(grad, dag=True) <= 4 * count_ops(f, dag=True)


def test_rosenbrock_gradient_values():
    f = parse(rosenbrock(10))
    names = [f"x{i}" for i in range(1, 11)]
    point = [0.3 + 0.07 * i for i in range(10)]
    env = dict(zip(names, point, strict=True))
    numeric = numerical_gradient(lambda *xs: evaluate(f, dict(zip(names, xs, strict=True))), point)
    exact = values(gradient(f, names), env)
    assert exact == pytest.approx(numeric, rel=1e-6, abs=1e-6)


def test_least_squares_gradient_is_the_normal_equations():
    f = parse(least_squares(10))
    point = {f"w{j}": 0.1 * j for j in range(1, 11)}
    grad = values(gradient(f, list(point)), point)
    names = list(point)
    numeric = numerical_gradient(
        lambda *ws: evaluate(f, dict(zip(names, ws, strict=True))), list(point.values())
    )
    assert grad == pytest.approx(numeric, rel=1e-6, abs=1e-5)


def test_gradient_of_many_variables_shares_one_structure():
    # sum of sin(x_i * x_{i+1}): each cos appears once however many partials use it.
    xs = symbols(" ".join(f"v{i}" for i in range(50)))
    f = parse(" + ".join(f"sin(v{i}*v{i + 1})" for i in range(49)))
    grad = gradient(f, xs)
    assert count_ops(grad, dag=True) <= 4 * count_ops(f, dag=True)
    assert count_ops(grad, dag=True) < count_ops(grad)


def test_big_product_gradient_is_linear():
    xs = symbols(" ".join(f"v{i}" for i in range(300)))
    f = Mul(*xs)
    grad = gradient(f, xs)
    assert count_ops(grad, dag=True) <= 4 * count_ops(f, dag=True)
    point = {f"v{i}": 1.0 + 0.001 * i for i in range(300)}
    total = math.prod(point.values())
    assert values(grad[:3], point) == pytest.approx([total / point[f"v{i}"] for i in range(3)])


def test_deep_chain_gradient_does_not_recurse():
    f = x
    for i in range(20_000):
        f = sin(f) if i % 2 else f * y + x
    grad = gradient(f)
    assert count_ops(grad, dag=True) <= 4 * count_ops(f, dag=True)


def test_jacobian():
    rows = jacobian(["x*y", "x + y", "sin(z)"], ["x", "y", "z"])
    assert [[str(d) for d in row] for row in rows] == [
        ["y", "x", "0"],
        ["1", "1", "0"],
        ["0", "0", "cos(z)"],
    ]
    assert jacobian("x^2", ["x"])[0][0] is differentiate("x^2", "x")


def test_jacobian_default_variables_are_the_union():
    rows = jacobian(["x", "y^2"])
    assert [[str(d) for d in row] for row in rows] == [["1", "0"], ["0", "2*y"]]


def test_hessian_forms_and_symmetry():
    h = hessian("x^2*y + sin(x*y)")
    assert h[0][1] is h[1][0]
    point = {"x": 0.3, "y": 0.7}
    for i, a in enumerate("xy"):
        for j, b in enumerate("xy"):
            expected = evaluate(differentiate("x^2*y + sin(x*y)", [a, b]), point)
            assert evaluate(h[i][j], point) == pytest.approx(expected, rel=1e-12)


@given(smooth_exprs(max_leaves=6))
def test_hessian_agrees_with_forward_mode(f):
    names = ["x", "y"]
    point = {"x": 0.37, "y": -0.61, "z": 1.13}
    try:
        h = [[evaluate(e, point) for e in row] for row in hessian(f, names)]
        forward = [[evaluate(differentiate(f, [a, b]), point) for b in names] for a in names]
    except SymdiffError:
        return
    for row, expected in zip(h, forward, strict=True):
        for a, b in zip(row, expected, strict=True):
            if math.isfinite(a) and math.isfinite(b):
                assert a == pytest.approx(b, rel=1e-8, abs=1e-8)


@pytest.mark.parametrize("n", [10, 100])
def test_rosenbrock_hessian_reuses_the_gradient(n):
    f = parse(rosenbrock(n))
    h = hessian(f, [f"x{i}" for i in range(1, n + 1)])
    entries = [e for row in h for e in row]
    # Tridiagonal, built from the shared gradient: linear in n, not n^2 trees.
    assert sum(e is not Number(0) for e in entries) == 3 * n - 2
    assert count_ops(entries, dag=True) <= 2 * count_ops(f, dag=True)
    point = {f"x{i}": 0.5 + 0.01 * i for i in range(1, n + 1)}
    assert evaluate(h[0][0], point) == pytest.approx(1200 * 0.51**2 - 400 * 0.52 + 2)
    assert evaluate(h[0][1], point) == pytest.approx(-400 * 0.51)


def test_least_squares_hessian_is_twice_xtx():
    f = parse(least_squares(10, rows=20, seed=5))
    h = hessian(f, [f"w{j}" for j in range(1, 11)])
    assert all(e.is_number for row in h for e in row)
    rng = random.Random(5)
    data = []
    for _ in range(20):
        data.append([rng.randint(-40, 40) / 8 for _ in range(10)])
        rng.randint(-80, 80)
    for i in (0, 3, 9):
        for j in (0, 5, 9):
            expected = 2 * sum(row[i] * row[j] for row in data)
            assert float(h[i][j].value) == pytest.approx(expected)


def test_hessian_of_a_function_of_one_variable():
    assert [[str(d) for d in row] for row in hessian("x^3")] == [["6*x"]]


def _hessian_over_whole_cones(f, names):
    """The Hessian with each column's forward pass over every node above its variable."""
    from symdiff.diff.forward import ONE, propagate
    from symdiff.diff.reverse import REVERSE, gradient_graph

    variables = list(symbols(" ".join(names)))
    grad, index, parents = gradient_graph(parse(f), variables, REVERSE)
    matrix = []
    for variable in variables:
        cone, stack = {variable}, [variable]
        while stack:
            for parent in parents.get(stack.pop(), ()):
                if parent not in cone:
                    cone.add(parent)
                    stack.append(parent)
        known = {variable: ONE}
        propagate(sorted(cone, key=lambda n: index.get(n, -1)), known, cone, REVERSE)
        matrix.append([known.get(g, Number(0)) for g in grad])
    return matrix


@pytest.mark.parametrize(
    "f",
    [
        "exp(-(x0 - x1)^2) + exp(-(x1 - x2)^2) + x0*x1*x2 + (1 + x0^2/3)*(1 + x1^2/3)*(1 + x2^2/3)",
        " + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(3)),
        "x0*(2 + x1) + sin(x1*x2)^3 + x2^x0",
    ],
)
def test_hessian_columns_visit_only_the_rows_they_fill(f):
    # each column's pass skips the nodes only the rows above it need: the same entries
    names = ["x0", "x1", "x2", "x3"][: 4 if "x3" in f else 3]
    whole = _hessian_over_whole_cones(f, names)
    h = hessian(f, names, simplify="trivial")
    for col in range(len(names)):
        for row in range(col, len(names)):
            assert h[row][col] is whole[col][row]


def test_sum_derivative_keeps_the_form_of_its_one_term():
    # leaving the zero terms out of a sum's derivative must not change what is left
    assert repr(differentiate("x*(2 + y) + 3", "x", simplify="trivial")) == (
        "Add(Symbol('y'), Number(2))"
    )
    assert repr(differentiate("x*(2 + y)", "x", simplify="trivial")) == (
        "Add(Number(2), Symbol('y'))"
    )
    assert differentiate("x + y + 3", "x", simplify="trivial") is Number(1)
