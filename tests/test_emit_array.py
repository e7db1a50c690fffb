"""The array-API backend: one emitted function on NumPy, Dask (also on a real cluster), JAX
and PyTorch arrays, lazily on Dask, agreeing with ``evaluate``."""

from __future__ import annotations

import itertools
import math
import sys

import numpy as np
import pytest
from agreement import reference

from symdiff import gradient, hessian, jacobian, lambdify, parse, register_function
from symdiff.core.errors import ArgumentError, EmitError, SymdiffError
from symdiff.core.functions import REGISTRY, unregister_function
from symdiff.emit.array import NOT_IN_STANDARD, array_inputs, emit_array

da = pytest.importorskip("dask.array", reason="dask is a test dependency (the dev extra)")

ROSENBROCK = "sum"  # built below: a chained Rosenbrock in 4 variables
NAMES = ["x1", "x2", "x3", "x4"]


def rosenbrock() -> object:
    terms = [f"100*({b} - {a}^2)^2 + (1 - {a})^2" for a, b in itertools.pairwise(NAMES)]
    return parse(" + ".join(terms))


def points(n: int, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.uniform(-2.0, 2.0, n) for _ in NAMES]


# every built-in function of one argument, on arguments inside its domain
UNARY_CASES = {
    "acosh": "acosh(1.5 + x^2)",
    "atanh": "atanh(x/(3 + x^2))",
    "asin": "asin(x/(2 + abs(x)))",
    "acos": "acos(x/(2 + abs(x)))",
    "log": "log(1 + x^2)",
    "sqrt": "sqrt(2 + x)",
}


def unary_expression(name: str) -> object:
    return parse(UNARY_CASES.get(name, f"{name}(x/3 + 0.25)"))


@pytest.mark.parametrize("name", sorted(n for n, f in REGISTRY.items() if f.builtin))
def test_every_builtin_agrees_with_evaluate(name: str) -> None:
    function = REGISTRY[name]
    if name in NOT_IN_STANDARD:
        with pytest.raises(EmitError, match=rf"{name}\(\) has no array form"):
            lambdify(function(*(parse("x"),) * function.arity), ["x"], backend="array")
        return
    if function.arity == 1:
        expr = unary_expression(name)
    elif name == "where":
        expr = parse("where(x - 0.3, x^2, 1 - x)")
    else:
        expr = function(parse("x/3 + 0.25"), parse("1.5 - x/5"))
    f = lambdify(expr, ["x"], backend="array")
    xs = np.linspace(-1.7, 1.9, 13)
    values = f(xs)
    for x, value in zip(xs, values, strict=True):
        expected = reference(expr, {"x": float(x)})
        if expected is not None:
            assert abs(value - expected[0]) <= expected[1] + 1e-15 * abs(expected[0])


def test_gradient_jacobian_and_hessian_match_the_numpy_backend() -> None:
    f = rosenbrock()
    outputs = [gradient(f, NAMES), jacobian([f, parse("x1*x4 - exp(x2)")], NAMES), hessian(f)]
    xs = points(50)
    for out in outputs:
        got = lambdify(out, NAMES, backend="array")(*xs)
        want = lambdify(out, NAMES, backend="numpy")(*xs)
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-14, atol=1e-12)


def test_shapes_numbers_and_dtypes() -> None:
    f = lambdify([parse("x*y"), parse("2"), parse("y")], "x y", backend="array")
    out = f(np.arange(3), 2.0)  # an integer array and a number
    assert out.shape == (3, 3) and out.dtype == np.float64
    np.testing.assert_array_equal(out, [[0.0, 2.0, 4.0], [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]])
    assert lambdify(parse("x^2"), ["x"], backend="array")(3.0) == 9.0  # numbers: 0-d NumPy
    single = lambdify(parse("x*y"), "x y", backend="array")(np.float32([1, 2]), np.float32([3]))
    assert single.dtype == np.float32 and single.tolist() == [3.0, 6.0]
    grid = lambdify(parse("x + y"), "x y", backend="array")(np.ones((2, 1)), np.ones(3))
    assert grid.shape == (2, 3)
    empty = lambdify(jacobian([parse("x"), parse("x^2")], []), ["x"], backend="array")
    assert empty(np.ones(4)).shape == (2, 0, 4)


def test_constants_and_numbers_only_outputs() -> None:
    f = lambdify([parse("pi*x"), parse("e"), parse("1/3")], ["x"], backend="array")
    out = f(np.array([1.0, 2.0]))
    np.testing.assert_array_equal(out[0], [math.pi, 2 * math.pi])
    assert out[1].tolist() == [math.e, math.e] and out[2].tolist() == [1 / 3, 1 / 3]


def test_outside_the_domain_is_nan() -> None:
    f = lambdify(parse("log(x) + sqrt(x)"), ["x"], backend="array")
    with np.errstate(invalid="ignore", divide="ignore"):
        out = f(np.array([-1.0, 0.0, 1.0]))
    assert math.isnan(out[0]) and out[1] == -math.inf and out[2] == 1.0


def test_bad_arguments_are_argument_errors() -> None:
    f = lambdify(parse("x*y"), "x y", backend="array")
    with pytest.raises(ArgumentError, match="takes 2 argument"):
        f(np.ones(2))
    with pytest.raises(ArgumentError, match="list"):
        f([1.0, 2.0], 1.0)
    with pytest.raises(ArgumentError, match="str"):
        f("1", 1.0)
    with pytest.raises(ArgumentError, match="complex"):
        f(np.ones(2, dtype=complex), 1.0)


def test_user_functions_need_an_array_form() -> None:
    register_function("softplus_a", lambda u: math.log1p(math.exp(u)))
    try:
        with pytest.raises(EmitError, match=r"softplus_a.*array"):
            emit_array([parse("softplus_a(x)")], ["x"])
    finally:
        unregister_function("softplus_a")
    register_function(
        "softplus_b",
        lambda u: math.log1p(math.exp(u)),
        targets={"array": "{m}.log1p({m}.exp({0}))"},
    )
    try:
        f = lambdify(parse("softplus_b(x)"), ["x"], backend="array")
        assert f(np.array([0.0]))[0] == pytest.approx(math.log(2.0), rel=1e-15)
    finally:
        unregister_function("softplus_b")


def test_a_missing_array_api_compat_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "array_api_compat", None)
    with pytest.raises(SymdiffError, match=r"symdiff\[array\]"):
        lambdify(parse("x"), ["x"], backend="array")


def test_dask_stays_lazy() -> None:
    import dask

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed while building the graph")

    g = lambdify(gradient(rosenbrock(), NAMES), NAMES, backend="array")
    xs = [da.from_array(p, chunks=25) for p in points(100)]
    with dask.config.set(scheduler=refuse):
        lazy = g(*xs)
        _xp, zero, _ = array_inputs(*xs)
    assert isinstance(lazy, da.Array) and isinstance(zero, da.Array)
    assert lazy.shape == (4, 100) and lazy.chunks[1] == (25, 25, 25, 25)
    want = lambdify(gradient(rosenbrock(), NAMES), NAMES, backend="numpy")(*points(100))
    np.testing.assert_allclose(lazy.compute(scheduler="sync"), want, rtol=1e-14)


def test_gradient_on_a_local_cluster() -> None:
    distributed = pytest.importorskip("dask.distributed")
    g = gradient(rosenbrock(), NAMES)
    f = lambdify(g, NAMES, backend="array")
    rng = da.random.default_rng(7)
    xs = [rng.uniform(-2.0, 2.0, size=200_000, chunks=50_000) for _ in NAMES]
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        lazy = f(*xs)
        assert isinstance(lazy, da.Array)
        got, inputs = client.compute([lazy, da.stack(xs)], sync=True)
        assert len(client.scheduler_info()["workers"]) == 2
    want = lambdify(g, NAMES, backend="numpy")(*inputs)
    assert got.shape == (4, 200_000)
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-11)


def test_jax_arrays_and_jit() -> None:
    jax = pytest.importorskip("jax", reason="JAX is not installed (pip install jax)")
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)
    g = gradient(rosenbrock(), NAMES)
    f = lambdify(g, NAMES, backend="array")
    xs = points(20)
    want = lambdify(g, NAMES, backend="numpy")(*xs)
    jitted = jax.jit(f)(*map(jnp.asarray, xs))
    assert isinstance(jitted, jax.Array)
    np.testing.assert_allclose(np.asarray(jitted), want, rtol=1e-13)


def test_pytorch_tensors() -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is not installed (pip install torch)")
    g = gradient(rosenbrock(), NAMES)
    f = lambdify(g, NAMES, backend="array")
    xs = points(20)
    got = f(*(torch.from_numpy(p) for p in xs))
    assert isinstance(got, torch.Tensor)
    want = lambdify(g, NAMES, backend="numpy")(*xs)
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-13)


def test_cupy_on_a_gpu() -> None:
    cupy = pytest.importorskip("cupy", reason="CuPy is not installed (no GPU here)")
    g = gradient(rosenbrock(), NAMES)
    f = lambdify(g, NAMES, backend="array")
    xs = points(20)
    got = f(*(cupy.asarray(p) for p in xs))
    want = lambdify(g, NAMES, backend="numpy")(*xs)
    np.testing.assert_allclose(cupy.asnumpy(got), want, rtol=1e-13)
