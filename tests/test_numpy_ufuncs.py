"""NumPy ufuncs, array functions and Python built-ins on expressions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from symdiff import (
    REGISTRY,
    SymbolicBranchError,
    SymdiffError,
    evaluate,
    parse,
    sqrt,
    symbols,
    trace,
)
from symdiff.core.ufuncs import UFUNC_FUNCTIONS, as_array

x, y = symbols("x y")
POINT = {"x": 0.3, "y": 0.7}

# (ufunc, the text it builds with x (and y) as arguments)
UNARY = [
    (np.sin, "sin(x)"),
    (np.cos, "cos(x)"),
    (np.tan, "tan(x)"),
    (np.exp, "exp(x)"),
    (np.log, "log(x)"),
    (np.sqrt, "sqrt(x)"),
    (np.cbrt, "cbrt(x)"),
    (np.abs, "abs(x)"),
    (np.absolute, "abs(x)"),
    (np.sign, "sign(x)"),
    (np.tanh, "tanh(x)"),
    (np.sinh, "sinh(x)"),
    (np.cosh, "cosh(x)"),
    (np.arcsin, "asin(x)"),
    (np.arccos, "acos(x)"),
    (np.arctan, "atan(x)"),
    (np.arcsinh, "asinh(x)"),
    (np.arctanh, "atanh(x)"),
    (np.square, "x^2"),
    (np.reciprocal, "1/x"),
    (np.negative, "-x"),
]
BINARY = [
    (np.add, "x + y"),
    (np.subtract, "x - y"),
    (np.multiply, "x*y"),
    (np.divide, "x/y"),
    (np.true_divide, "x/y"),
    (np.power, "x^y"),
    (np.arctan2, "atan2(x, y)"),
]


@pytest.mark.parametrize(("ufunc", "text"), UNARY, ids=lambda v: getattr(v, "__name__", v))
def test_unary_ufunc_on_an_expression_builds_the_call(ufunc, text):
    assert ufunc(x) is parse(text)
    result = ufunc(as_array([x, y]))
    assert result.dtype == object
    assert result[0] is parse(text)
    assert evaluate(result[1], POINT) == pytest.approx(evaluate(parse(text), x=0.7))


@pytest.mark.parametrize(("ufunc", "text"), UNARY, ids=lambda v: getattr(v, "__name__", v))
def test_unary_ufunc_on_a_plain_object_array(ufunc, text):
    plain = np.array([x, y], dtype=object)
    if ufunc is np.sign:  # NumPy's object loop compares: that needs an ExprArray
        with pytest.raises(SymbolicBranchError):
            ufunc(plain)
        return
    result = ufunc(plain)
    assert type(result) is np.ndarray
    assert result.dtype == object
    assert evaluate(result[1], POINT) == pytest.approx(evaluate(parse(text), x=0.7))


@pytest.mark.parametrize(("ufunc", "text"), BINARY, ids=lambda v: getattr(v, "__name__", v))
def test_binary_ufunc_builds_what_the_operator_builds(ufunc, text):
    assert ufunc(x, y) is parse(text)
    result = ufunc(as_array([x, x]), np.array([y, 2.0]))
    assert result[0] is parse(text)
    assert evaluate(result[1], POINT) == pytest.approx(float(ufunc(0.3, 2.0)))


def test_numpy_scalars_combine_with_expressions_in_both_orders():
    two = np.float64(2.0)
    assert two * x is parse("2.0*x")
    assert x * two is parse("x*2.0")
    assert two + x is parse("2.0 + x")
    assert x - np.int64(3) is parse("x - 3")
    assert np.float64(1) / x is parse("1.0/x")
    assert two**x is parse("2.0^x")
    assert isinstance(np.log(two) * x, type(x))


def test_mixed_float_and_expression_arrays():
    values = np.array([1.0, 2.0])
    products = [values * as_array([x, y]), as_array([x, y]) * values]
    sums = [values + np.array([x, y]), np.array([x, y]) + values]
    for result in products:
        assert result.dtype == object
        assert [evaluate(e, POINT) for e in result] == pytest.approx([0.3, 1.4])
    for result in sums:
        assert result.dtype == object
        assert [evaluate(e, POINT) for e in result] == pytest.approx([1.3, 2.7])


def test_reductions_and_products_keep_expressions():
    a = as_array([x, y])
    matrix = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert evaluate(np.sum(a**2), POINT) == pytest.approx(0.58)
    assert evaluate(np.prod(a), POINT) == pytest.approx(0.21)
    for product in (matrix @ a, np.dot(matrix, a)):
        assert product.dtype == object
        assert [evaluate(e, POINT) for e in product] == pytest.approx([1.7, 3.7])
    assert evaluate(a @ a, POINT) == pytest.approx(0.58)
    # results stay ExprArray, so mapped ufuncs keep working on them
    assert type(matrix @ a) is type(a)
    assert type(np.zeros_like(a)) is type(a)


def test_in_place_updates_of_object_arrays():
    def f(v):
        out = np.zeros_like(v)
        out[0] = v[0] ** 2
        out[1:] = np.exp(v[1:]) - v[:-1]
        out *= 2
        return out

    traced = trace(f, symbols("x:3"))
    values = np.array([0.1, 0.2, 0.3])
    assert [evaluate(e, x0=0.1, x1=0.2, x2=0.3) for e in traced] == pytest.approx(f(values))


def test_unmapped_ufunc_is_a_clear_error():
    with pytest.raises(SymdiffError, match=r"numpy\.floor has no symbolic counterpart"):
        np.floor(as_array([x]))
    with pytest.raises(SymdiffError, match=r"numpy\.floor"):
        np.floor(x)


MAPPED_LATER = ["max", "min", "heaviside", "log1p", "expm1", "hypot", "log2", "log10", "exp2"]


@pytest.mark.parametrize("name", MAPPED_LATER)
def test_a_ufunc_of_an_unregistered_function_names_it(name):
    if name in REGISTRY:
        pytest.skip(f"{name} is registered: its ufunc is tested below")
    ufunc = getattr(np, next(u for u, n in UFUNC_FUNCTIONS.items() if n == name))
    args = (x,) * ufunc.nin
    with pytest.raises(SymdiffError, match=f"maps to the function '{name}', which is not"):
        ufunc(*args)


@pytest.mark.skipif("max" not in REGISTRY, reason="max is not registered")
def test_maximum_and_minimum_map_to_max_and_min():
    a = as_array([x, y])
    assert np.maximum(a, 0)[0] is REGISTRY["max"](x, 0)
    assert np.minimum(x, y) is REGISTRY["min"](x, y)
    assert evaluate(np.maximum(a, 0.5)[0], POINT) == pytest.approx(0.5)


@pytest.mark.skipif("heaviside" not in REGISTRY, reason="heaviside is not registered")
def test_heaviside_maps():
    result = np.heaviside(as_array([x]), 0.5)[0]
    assert evaluate(result, x=2.0) == 1.0


@pytest.mark.skipif("where" not in REGISTRY, reason="where is not registered")
def test_where_maps_through_array_function():
    condition = REGISTRY["gt"](x, 0) if "gt" in REGISTRY else x
    result = np.where(condition, x, -x)
    assert evaluate(result, x=-2.0) == pytest.approx(2.0)
    assert evaluate(np.where(as_array([x]) > 0, x, 0)[0], x=3.0) == 3.0


@pytest.mark.parametrize(
    ("ufunc", "name", "value"),
    [
        (np.log1p, "log1p", math.log1p(0.3)),
        (np.expm1, "expm1", math.expm1(0.3)),
        (np.log2, "log2", math.log2(0.3)),
        (np.log10, "log10", math.log10(0.3)),
        (np.exp2, "exp2", 2**0.3),
    ],
)
def test_special_ufuncs_map_once_registered(ufunc, name, value):
    if name not in REGISTRY:
        pytest.skip(f"{name} is not registered")
    assert ufunc(x) is REGISTRY[name](x)
    assert evaluate(ufunc(as_array([x]))[0], x=0.3) == pytest.approx(value)


@pytest.mark.skipif("hypot" not in REGISTRY, reason="hypot is not registered")
def test_hypot_maps():
    assert evaluate(np.hypot(x, y), x=3.0, y=4.0) == pytest.approx(5.0)


# -- Python built-ins ------------------------------------------------------------------------


def test_builtins_on_expressions():
    assert abs(x) is parse("abs(x)")
    assert pow(x, 2) is parse("x^2")
    assert +x is x
    assert -x is parse("-x")
    with pytest.raises(SymbolicBranchError, match="modulo"):
        pow(x, 2, 3)


def test_constant_expressions_convert_to_numbers():
    assert float(sqrt(2)) == math.sqrt(2)
    assert math.sin(sqrt(2)) == math.sin(math.sqrt(2))
    assert round(3 * sqrt(2)) == 4
    assert round(sqrt(2), 2) == 1.41
    assert math.floor(sqrt(2)) == 1
    assert math.ceil(sqrt(2)) == 2
    assert int(sqrt(5)) == 2


@pytest.mark.parametrize(
    "convert", [float, math.sin, round, math.floor, math.ceil, math.trunc, int], ids=repr
)
def test_symbolic_values_do_not_convert(convert):
    with pytest.raises(SymbolicBranchError) as info:
        convert(x + 1)
    assert isinstance(info.value, TypeError)
    assert "symbolic" in str(info.value)
    if convert in (float, math.sin):
        assert "symdiff.sin" in str(info.value)
        assert "numpy.sin" in str(info.value)


def test_a_float_array_cannot_hold_an_expression_and_says_what_to_do():
    values = np.zeros(2)
    with pytest.raises(SymbolicBranchError, match="dtype=object"):
        values[0] = x
