"""NumPy's array functions, reductions and formula ufuncs on expressions.

Regressions found by running NumPy-written test functions through ``trace``
(``test_numpy_functions.py``): each test here is the smallest example of one failure.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from symdiff import (
    REGISTRY,
    SymbolicBranchError,
    SymdiffError,
    differentiate,
    evaluate,
    parse,
    symbols,
    trace,
)
from symdiff.core.ufuncs import as_array

x, y, z = symbols("x y z")
Max, Min = REGISTRY["max"], REGISTRY["min"]


def values(exprs, **point):
    return [evaluate(e, point) for e in exprs]


# -- array functions on a single expression used to recurse for ever -----------------------


@pytest.mark.parametrize(
    ("function", "expected"),
    [(np.sum, "x"), (np.max, "x"), (np.min, "x"), (np.prod, "x"), (np.mean, "x*1")],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_reductions_of_one_expression(function, expected):
    assert function(x) is parse(expected)


@pytest.mark.parametrize(
    "join",
    [
        lambda a, b: np.concatenate([a, b]),
        lambda a, b: np.stack([a, b]).ravel(),
        lambda a, b: np.hstack([a, b]),
        lambda a, b: np.append(a, b),
    ],
    ids=["concatenate", "stack", "hstack", "append"],
)
def test_joining_arrays_of_expressions(join):
    result = join(as_array([x, y]), as_array([z, 1.5]))
    assert type(result) is type(as_array([x]))
    assert list(result) == [x, y, z, 1.5]
    assert np.stack([x, y]).tolist() == [x, y]


# -- reductions of ufuncs whose object loop compares ---------------------------------------


def test_max_and_min_reduce_with_max_and_min():
    a = as_array([x, y, z])
    assert np.max(a) is Max(Max(x, y), z)
    assert a.max() is Max(Max(x, y), z)
    assert np.amin(a) is Min(Min(x, y), z)
    assert np.max(a, initial=0.0) is Max(Max(Max(parse("0.0"), x), y), z)
    assert np.ptp(a) is Max(Max(x, y), z) - Min(Min(x, y), z)
    grid = as_array([[x, y], [z, 2]]).reshape(2, 2)
    assert list(np.max(grid, axis=0)) == [Max(x, z), Max(y, 2)]
    assert list(np.maximum.accumulate(a)) == [x, Max(x, y), Max(Max(x, y), z)]
    assert np.maximum.outer(a, a)[0, 1] is Max(x, y)


def test_maximum_at_updates_in_place():
    a = as_array([x, y])
    np.maximum.at(a, [0, 0], [y, z])
    assert list(a) == [Max(Max(x, y), z), y]


def test_a_masked_sum_starts_from_the_identity():
    a = as_array([x, y, z])
    assert evaluate(np.sum(a, where=np.array([True, False, True])), x=1, y=10, z=100) == 101
    assert evaluate(np.prod(a, where=np.array([False, True, True])), x=1, y=2, z=3) == 6


def test_softmax_traces_with_np_max():
    def softmax(v):
        e = np.exp(v - np.max(v))
        return e / np.sum(e)

    traced = trace(softmax, symbols("x:3"))
    point = np.array([0.3, -1.2, 2.0])
    assert values(traced, x0=0.3, x1=-1.2, x2=2.0) == pytest.approx(softmax(point), rel=1e-15)


# -- ufuncs that are formulas --------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), [(0.3, -1.1), (-2.0, 5.0), (1000.0, 999.0), (-800.0, -801.0)])
def test_logaddexp_values_do_not_overflow(a, b):
    assert evaluate(np.logaddexp(x, y), x=a, y=b) == pytest.approx(np.logaddexp(a, b), rel=1e-15)
    assert evaluate(np.logaddexp2(x, y), x=a, y=b) == pytest.approx(np.logaddexp2(a, b), rel=1e-15)


def test_logaddexp_derivative_is_exact_at_a_tie_and_elsewhere():
    e = np.logaddexp(x, y)
    dx, dy = differentiate(e, "x"), differentiate(e, "y")
    assert evaluate(dx, x=0.7, y=0.7) == 0.5
    assert evaluate(dy, x=0.7, y=0.7) == 0.5
    with mpmath.workdps(30):
        expected = mpmath.diff(lambda t: mpmath.log(mpmath.exp(t) + mpmath.exp(-0.4)), 1.3)
    assert evaluate(dx, x=1.3, y=-0.4) == pytest.approx(float(expected), rel=1e-14)
    softplus = np.logaddexp(0.0, x)  # its derivative is the logistic sigmoid
    for t in (-30.0, -1.0, 0.0, 2.5):
        sigmoid = 1 / (1 + math.exp(-t))
        assert evaluate(differentiate(softplus, "x"), x=t) == pytest.approx(sigmoid, rel=1e-14)


def test_logaddexp_reduce_is_log_sum_exp():
    a = as_array([x, y, z])
    point = {"x": 0.5, "y": -1.0, "z": 3.0}
    expected = math.log(sum(math.exp(v) for v in point.values()))
    assert evaluate(np.logaddexp.reduce(a), point) == pytest.approx(expected, rel=1e-15)


def test_clip_fmax_fmin_and_angles():
    assert np.clip(x, -1, 2) is Min(Max(x, -1), 2)
    assert np.clip(as_array([x]), None, 2)[0] is Min(x, 2)
    assert as_array([x]).clip(0, 1)[0] is Min(Max(x, 0), 1)
    assert np.fmax(x, y) is Max(x, y)
    assert np.fmin(x, 0) is Min(x, 0)
    assert np.deg2rad(x) is np.radians(x) is parse("x*pi/180")
    assert np.rad2deg(x) is np.degrees(x) is parse("x*180/pi")
    assert evaluate(np.sin(np.deg2rad(x)), x=30.0) == pytest.approx(0.5, rel=1e-15)


def test_variance_and_standard_deviation():
    a = as_array([x, y, z])
    point = np.array([0.5, -1.25, 2.0])
    env = dict(zip("xyz", point, strict=True))
    assert evaluate(np.var(a), env) == pytest.approx(np.var(point), rel=1e-14)
    assert evaluate(np.std(a, ddof=1), env) == pytest.approx(np.std(point, ddof=1), rel=1e-14)
    assert np.conjugate(x) is x


def test_logical_ufuncs_and_all_any():
    a = as_array([x, y])
    gt = REGISTRY["gt"]
    assert np.logical_and(gt(x, 0), gt(y, 0)) is REGISTRY["logical_and"](gt(x, 0), gt(y, 0))
    assert evaluate(np.all(a > 0), x=1.0, y=2.0) == 1.0
    assert evaluate(np.any(a > 0), x=-1.0, y=-2.0) == 0.0
    assert evaluate(np.logical_not(gt(x, 0)), x=-1.0) == 1.0


# -- functions that cannot work on expressions say so --------------------------------------


@pytest.mark.parametrize(
    ("call", "names"),
    [
        (lambda: np.round(as_array([x, y])), ["numpy.round", "numpy.rint"]),
        (lambda: np.round(x), ["numpy.round", "numpy.rint"]),
        (lambda: np.linalg.solve(np.eye(2), as_array([x, y])), ["numpy.linalg.solve"]),
        (lambda: np.linalg.det(as_array([x, y, z, x]).reshape(2, 2)), ["numpy.linalg.det"]),
        (lambda: np.interp(0.5, [0.0, 1.0], as_array([x, y])), ["numpy.interp"]),
        (lambda: np.isclose(as_array([x]), 0), ["numpy.isclose"]),
        (lambda: np.linalg.norm(as_array([x, y]), 3), ["numpy.linalg.norm"]),
        (lambda: np.floor(as_array([x])), ["numpy.floor"]),
    ],
    ids=["round", "round-scalar", "solve", "det", "interp", "isclose", "norm-3", "floor"],
)
def test_unsupported_functions_name_themselves(call, names):
    with pytest.raises(SymdiffError) as info:
        call()
    assert not isinstance(info.value, SymbolicBranchError)
    for name in names:
        assert name in str(info.value)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda a: np.sort(a), "numpy.sort"),
        (lambda a: np.median(a), "numpy.partition"),  # median partitions
        (lambda a: np.linalg.norm(a, np.inf), "numpy.linalg.norm"),
    ],
    ids=["sort", "median", "norm-inf"],
)
def test_comparing_functions_are_a_symbolic_branch_that_names_them(call, name):
    with pytest.raises(SymbolicBranchError, match="cannot decide") as info:
        call(as_array([x, y]))
    assert str(info.value).startswith(f"{name} compares the values")


def test_norms_that_need_no_comparison():
    a = as_array([x, y])
    assert evaluate(np.linalg.norm(a), x=3.0, y=4.0) == 5.0
    assert evaluate(np.linalg.norm(a, 1), x=3.0, y=-4.0) == 7.0
    assert evaluate(np.linalg.norm(a.reshape(1, 2), "fro"), x=3.0, y=4.0) == 5.0


def test_an_unfilled_element_is_named():
    def unfinished(v):
        out = np.empty_like(v)
        out[0] = v[0] ** 2
        return out

    with pytest.raises(SymdiffError, match=r"empty element \(None\) at index 1"):
        trace(unfinished, symbols("x:3"))
