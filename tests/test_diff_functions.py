"""Every registered function's derivative, checked numerically inside its domain."""

from __future__ import annotations

import pytest

from symdiff import REGISTRY, evaluate, parse
from symdiff.diff.check import check
from symdiff.diff.diff import differentiate

# Points strictly inside each function's real domain, away from kinks and poles.
POINTS = {
    "sin": [-2.3, -0.4, 0.7, 3.1],
    "cos": [-2.3, -0.4, 0.7, 3.1],
    "tan": [-1.2, -0.3, 0.5, 1.4],
    "sec": [-1.2, 0.3, 2.0, 4.0],
    "csc": [-2.5, -0.3, 0.4, 2.9],
    "cot": [-2.5, -0.3, 0.4, 2.9],
    "asin": [-0.9, -0.2, 0.3, 0.95],
    "acos": [-0.9, -0.2, 0.3, 0.95],
    "atan": [-30.0, -0.5, 0.2, 4.0],
    "sinh": [-3.0, -0.1, 0.8, 5.0],
    "cosh": [-3.0, -0.1, 0.8, 5.0],
    "tanh": [-3.0, -0.1, 0.8, 5.0],
    "asinh": [-20.0, -0.6, 0.1, 7.0],
    "acosh": [1.05, 1.6, 3.0, 40.0],
    "atanh": [-0.9, -0.3, 0.2, 0.95],
    "exp": [-4.0, -0.5, 0.3, 6.0],
    "log": [0.05, 0.7, 2.0, 300.0],
    "sqrt": [0.02, 0.7, 2.0, 300.0],
    "cbrt": [-27.0, -0.4, 0.3, 8.0],
    "abs": [-3.0, -0.2, 0.4, 9.0],
    "sign": [-3.0, -0.2, 0.4, 9.0],
    "relu": [-3.0, -0.2, 0.4, 9.0],
    "heaviside": [-3.0, -0.2, 0.4, 9.0],
    "logical_not": [-3.0, -0.2, 0.4, 9.0],
    "erf": [-2.0, -0.3, 0.4, 1.7],
    "erfc": [-2.0, -0.3, 0.4, 1.7],
    "gamma": [-2.5, -0.5, 0.7, 4.3],
    "lgamma": [-2.5, -0.5, 0.7, 4.3],
    "digamma": [-2.5, -0.5, 0.7, 4.3],
    "log1p": [-0.9, -0.2, 0.3, 40.0],
    "expm1": [-4.0, -0.5, 0.3, 6.0],
    "log2": [0.05, 0.7, 2.0, 300.0],
    "log10": [0.05, 0.7, 2.0, 300.0],
    "exp2": [-4.0, -0.5, 0.3, 6.0],
}
# special functions of two arguments: (a, b) inside the domain (polygamma: (order, x))
SPECIAL_2 = {
    "hypot": [(0.5, 1.2), (-0.7, 0.3), (1.1, -2.0)],
    "beta": [(0.5, 1.2), (2.5, 0.3), (-0.5, 1.7)],
    "polygamma": [(0.0, 0.7), (1.0, 2.5), (3.0, -1.5)],
}
POINTS_2 = {"atan2": [(0.5, 1.2), (-0.7, 0.3), (1.1, -2.0), (-2.0, -0.4)]}
# conditionals: (y, x) points away from every switch (x != y, neither is 0)
_OFF_SWITCH = [(0.5, 1.2), (-0.7, 0.3), (1.1, -2.0), (-2.0, -0.4)]
POINTS_2 |= dict.fromkeys(
    ["lt", "le", "gt", "ge", "eq", "ne", "logical_and", "logical_or", "max", "min"], _OFF_SWITCH
)
POINTS_3 = {"where": [(1.0, 0.5, 2.0), (0.0, -0.7, 0.3)]}


def test_every_builtin_function_is_covered():
    builtin = {name for name, function in REGISTRY.items() if function.builtin}
    assert builtin == set(POINTS) | set(POINTS_2) | set(POINTS_3) | set(SPECIAL_2)


@pytest.mark.parametrize("name", sorted(SPECIAL_2))
def test_special_partials(name):
    for a, b in SPECIAL_2[name]:
        at = {"x": b, "y": a}
        if name == "polygamma":  # no derivative in the order
            assert check(f"polygamma({int(a)}, x)", "x", at, rtol=1e-7), (name, a, b)
            continue
        assert check(f"{name}(y, x)", "y", at, rtol=1e-7), (name, a, b)
        assert check(f"{name}(y, x)", "x", at, rtol=1e-7), (name, a, b)


@pytest.mark.parametrize("name", sorted(set(POINTS_2) - {"atan2"}))
def test_conditional_partials_away_from_switches(name):
    for y, x in POINTS_2[name]:
        at = {"x": x, "y": y}
        assert check(f"{name}(y^2, x*y)", "y", at, rtol=1e-8), (name, y, x)
        assert check(f"{name}(y^2, x*y)", "x", at, rtol=1e-8), (name, y, x)


def test_where_partials():
    for c, y, x in POINTS_3["where"]:
        at = {"c": c, "x": x, "y": y}
        assert check("where(c, y^2, x*y)", "y", at, rtol=1e-8)
        assert check("where(c, y^2, x*y)", "x", at, rtol=1e-8)


@pytest.mark.parametrize("name", sorted(POINTS))
def test_derivative_matches_finite_differences(name):
    for point in POINTS[name]:
        assert check(f"{name}(x)", "x", point, rtol=1e-8), (name, point)


@pytest.mark.parametrize("name", sorted(POINTS))
def test_chain_rule_through_each_function(name):
    # u = (x + a)/2 moves every point of the table to x = 2*p - a.
    for point in POINTS[name]:
        at = {"x": 2 * point - 0.3}
        result = check(f"{name}((x + 0.3)/2)^2", "x", at, rtol=1e-8)
        assert result, str(result)


@pytest.mark.parametrize(("y", "x"), POINTS_2["atan2"])
def test_atan2_partials(y, x):
    at = {"x": x, "y": y}
    assert check("atan2(y, x)", "y", at, rtol=1e-9)
    assert check("atan2(y, x)", "x", at, rtol=1e-9)
    assert check("atan2(y^2, x*y)", "y", at, rtol=1e-8)


def test_abs_and_sign_derivatives_away_from_zero():
    d_abs = differentiate("abs(x)", "x")
    assert [evaluate(d_abs, x=v) for v in (-2.0, 3.0)] == [-1.0, 1.0]
    assert differentiate("sign(x)", "x") is parse("0")
