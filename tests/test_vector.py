"""Array calls: the vector convention ``f(x)`` on every backend, C over NumPy arrays, the
NumPy backend's scalar path, dense C outputs with one memset, and bad input."""

from __future__ import annotations

import pickle
from pathlib import Path

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symdiff import ArgumentError, gradient, hessian, lambdify, parse
from symdiff.emit.cache import c_compiler

BACKENDS = ["python", "numpy", "c", "array"]
needs_compiler = pytest.mark.skipif(c_compiler() is None, reason="no C compiler on this machine")


def _backend(backend: str) -> str:
    if backend == "c" and c_compiler() is None:
        pytest.skip("no C compiler")
    return backend


def rosenbrock_text(n: int) -> str:
    return " + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(n - 1))


def rosen_value(x):
    return float(np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))


def rosen_mp_gradient(x, k):
    """d/dx_k of the Rosenbrock function, by mpmath's numerical differentiation."""
    point = [mpmath.mpf(v) for v in x]

    def along(t):
        moved = list(point)
        moved[k] = t
        return sum(
            100 * (moved[i + 1] - moved[i] ** 2) ** 2 + (1 - moved[i]) ** 2
            for i in range(len(x) - 1)
        )

    with mpmath.workdps(40):
        return float(mpmath.diff(along, point[k]))


N = 12
F = parse(rosenbrock_text(N))
G, H = gradient(F), hessian(F)
X = np.linspace(-1.2, 1.1, N)


@pytest.mark.parametrize("backend", BACKENDS)
def test_vector_call_shapes_and_values(backend):
    backend = _backend(backend)
    f = lambdify(F, backend=backend, signature="vector")
    g = lambdify(G, backend=backend, signature="vector")
    h = lambdify(H, backend=backend, signature="vector")
    assert float(f(X)) == pytest.approx(rosen_value(X), rel=1e-14)
    assert g(X).shape == (N,) and h(X).shape == (N, N)
    expected = [rosen_mp_gradient(X, k) for k in range(N)]
    np.testing.assert_allclose(np.asarray(g(X)), expected, rtol=1e-12, atol=1e-12)
    hx = np.asarray(h(X))
    np.testing.assert_array_equal(hx, hx.T)
    for k in range(N):  # the Hessian's column k is the gradient's derivative along x_k
        step = np.zeros(N)
        step[k] = 1e-6
        column = (np.asarray(g(X + step)) - np.asarray(g(X - step))) / 2e-6
        np.testing.assert_allclose(hx[:, k], column, rtol=1e-6, atol=1e-4)


@pytest.mark.parametrize("backend", BACKENDS)
def test_points_are_columns(backend):
    """A 2-D argument has shape (n, P), one column per point (scipy's vectorized=True)."""
    backend = _backend(backend)
    points = np.stack([X, X / 2, -X], axis=1)
    for expr, shape in ((F, ()), (G, (N,)), (H, (N, N))):
        function = lambdify(expr, backend=backend, signature="vector")
        out = np.asarray(function(points))
        assert out.shape == (*shape, 3)
        for p in range(3):
            np.testing.assert_allclose(out[..., p], np.asarray(function(points[:, p])), rtol=1e-15)
        assert np.asarray(function(np.empty((N, 0)))).shape == (*shape, 0)


@needs_compiler
def test_c_backend_takes_arrays_shaped_like_numpy():
    c = lambdify(G, backend="c")
    numpy_backend = lambdify(G, backend="numpy")
    columns = [np.linspace(-1, 1, 7) * (k + 1) for k in range(N)]
    columns[3] = 0.25  # a scalar broadcasts
    out = c(*columns)
    assert out.shape == (N, 7)
    np.testing.assert_allclose(out, numpy_backend(*columns), rtol=1e-13, atol=1e-13)
    grid = lambdify(parse("x*y + sin(x)"), "x y", "c")(np.arange(3.0)[:, None], np.arange(4.0))
    np.testing.assert_allclose(
        grid, np.arange(3.0)[:, None] * np.arange(4.0) + np.sin(np.arange(3.0))[:, None]
    )
    hessian_c = lambdify(H, backend="c")(*columns)
    assert hessian_c.shape == (N, N, 7)
    np.testing.assert_allclose(hessian_c, lambdify(H, backend="numpy")(*columns), rtol=1e-13)


@needs_compiler
@given(st.lists(st.floats(-3, 3, allow_nan=False), min_size=N, max_size=N))
def test_c_vector_agrees_with_python(values):
    x = np.array(values)
    python = lambdify(G, backend="python")(*values)
    np.testing.assert_allclose(_C_G(x), python, rtol=1e-13, atol=1e-10)


_C_G = lambdify(G, backend="c", signature="vector") if c_compiler() else None


@needs_compiler
def test_dense_c_outputs_write_zeros_once():
    h = lambdify(H, backend="c")
    assert h.source.count("= 0.0;") == 0  # no statement per structural zero
    assert "memset(o, 0, 144*sizeof(double));" in h.source
    nonzeros = sum(1 for row in H for entry in row if str(entry) != "0")
    assert h.source.count("    out[") == nonzeros  # one store per nonzero only
    assert f"f_index[{nonzeros}]" in h.source and nonzeros < N * N
    assert lambdify(H, backend="c", signature="vector")(X)[0, 5] == 0.0


def test_numpy_scalar_path_has_no_zero_d_arrays():
    f = lambdify(parse("log(x)*y"), "x y", "numpy")
    value = f(2.0, 3.0)
    assert type(value) is np.float64 and value == pytest.approx(3 * np.log(2.0), rel=1e-15)
    g = lambdify(G, backend="numpy")(*map(float, X))
    assert isinstance(g, np.ndarray) and g.shape == (N,)
    np.testing.assert_allclose(g, lambdify(G, backend="python")(*map(float, X)), rtol=1e-15)
    with np.errstate(invalid="ignore"):  # outside math's domain: NumPy's IEEE 754 answer
        assert np.isnan(f(-1.0, 3.0))


@pytest.mark.parametrize("backend", BACKENDS)
def test_vector_bad_input(backend):
    backend = _backend(backend)
    g = lambdify(G, backend=backend, signature="vector")
    expected = rf"1-D array of length {N} .* 2-D array of shape \({N}, P\)"
    for bad in [np.zeros(N - 1), np.zeros((N + 1, 2)), np.zeros((2, N)), np.zeros((N, 2, 2))]:
        with pytest.raises(ArgumentError, match=expected):
            g(bad)
    for bad in [np.zeros(N, dtype=complex), ["a"] * N, [[1.0], [1.0, 2.0]], None]:
        with pytest.raises(ArgumentError, match="real number"):
            g(bad)
    exact = np.asarray(g(X))
    np.testing.assert_array_equal(np.asarray(g(list(X))), exact)  # lists are arrays
    if backend != "array":  # the array backend keeps its input's dtype
        single = X.astype(np.float32)
        np.testing.assert_array_equal(np.asarray(g(single)), g(single.astype(float)))
    wide = np.zeros(2 * N)
    wide[::2] = X
    np.testing.assert_array_equal(np.asarray(g(wide[::2])), exact)  # non-contiguous: copied
    np.testing.assert_array_equal(np.asarray(g(np.arange(N))), g(np.arange(N, dtype=float)))
    with np.errstate(invalid="ignore", over="ignore"):
        special = np.asarray(g(np.full(N, np.nan)))
    assert np.isnan(special).all()


@needs_compiler
def test_c_array_bad_input():
    f = lambdify(parse("x*y"), "x y", "c")
    with pytest.raises(ArgumentError, match="do not broadcast"):
        f(np.zeros(3), np.zeros(4))
    with pytest.raises(ArgumentError, match="y must be a real number"):
        f(np.zeros(3), np.array(["a", "b", "c"]))
    with pytest.raises(ArgumentError, match=r"takes 2 argument\(s\)"):
        f(np.zeros(3))
    np.testing.assert_array_equal(f(np.arange(3), np.ones(3, dtype=bool)), [0.0, 1.0, 2.0])
    out = f(np.array([np.inf, np.nan, 1.0]), 2.0)
    assert out[0] == np.inf and np.isnan(out[1]) and out[2] == 2.0
    column = np.arange(12.0).reshape(3, 4)[:, 1]  # a strided view
    np.testing.assert_array_equal(f(column, 1.0), column)


@pytest.mark.parametrize("backend", BACKENDS)
def test_vector_callables_pickle(backend):
    backend = _backend(backend)
    g = lambdify(G, backend=backend, signature="vector")
    again = pickle.loads(pickle.dumps(g))
    np.testing.assert_array_equal(np.asarray(again(X)), np.asarray(g(X)))
    assert repr(again) == f"<symdiff {backend} function f(x[{N}])>"


def readme_scipy_example() -> str:
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Array calls, the vector convention and scipy") :]
    start = section.index("```python\n") + len("```python\n")
    return section[start : section.index("\n```", start)]


@needs_compiler
def test_readme_scipy_example_converges(capsys):
    pytest.importorskip("scipy")
    namespace: dict = {}
    exec(compile(readme_scipy_example(), "README.md", "exec"), namespace)
    assert capsys.readouterr().out == "True True\n"
    np.testing.assert_allclose(namespace["result"].x, np.ones(100), atol=1e-6)
