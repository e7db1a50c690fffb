"""Sparse Jacobians and Hessians: entries against the dense ones, compiled, and used by SciPy."""

from __future__ import annotations

import pickle
import re
import sys

import numpy as np
import pytest
import scipy.optimize
import scipy.sparse
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sparse_families import (
    arrowhead,
    block_diagonal,
    block_residuals,
    broyden_residuals,
    chained_rosenbrock,
    dense,
    variables,
)
from strategies import SYMBOLS, smooth_exprs

from symdiff import (
    ArgumentError,
    SparseMatrix,
    SymdiffError,
    cse,
    emit_c,
    gradient,
    hessian,
    jacobian,
    lambdify,
    lambdify_sparse,
    sparse_hessian,
    sparse_jacobian,
    to_sympy,
)
from symdiff.core.optional import MissingDependencyError

N = 9
BACKENDS = ["python", "numpy", "c"]


def dense_values(matrix, args, point):
    return np.array(lambdify(matrix, args)(*point), dtype=float).reshape(len(matrix), -1)


@pytest.fixture(scope="module")
def point():
    return np.random.default_rng(12).uniform(-1.0, 1.0, N)


# -- entries: the dense derivative's nonzeros, at the same positions ------------------------


@pytest.mark.parametrize("family", [chained_rosenbrock, arrowhead, block_diagonal, dense])
def test_sparse_hessian_is_the_dense_one(family):
    x = variables(N)
    f = family(x)
    full = sparse_hessian(f, x)
    assert full.to_dense() == hessian(f, x)
    lower = sparse_hessian(f, x, triangle="lower")
    assert list(lower.pattern) == [(r, c) for r, c in full.pattern if r >= c]
    at = dict(zip(full.pattern, full.entries, strict=True))
    assert all(at[rc] is e for rc, e in zip(lower.pattern, lower.entries, strict=True))


@pytest.mark.parametrize("family", [broyden_residuals, block_residuals])
def test_sparse_jacobian_is_the_dense_one(family):
    x = variables(N)
    residuals = family(x)
    assert sparse_jacobian(residuals, x).to_dense() == jacobian(residuals, x)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("kind", ["csr", "coo", "values"])
def test_compiled_values_match_the_dense_hessian(backend, kind, point):
    x = variables(N)
    f = chained_rosenbrock(x) + block_diagonal(x)
    h = lambdify_sparse(sparse_hessian(f, x), backend=backend, format=kind)
    got = h(*point)
    expected = dense_values(hessian(f, x), x, point)
    if kind == "values":
        assert got.shape == (h.pattern.nnz,)
        got = scipy.sparse.coo_matrix((got, (h.pattern.rows, h.pattern.cols)), (N, N))
    else:
        assert got.format == kind and got.shape == (N, N)
    np.testing.assert_allclose(got.toarray(), expected, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("backend", BACKENDS)
def test_compiled_jacobian_matches_the_dense_one(backend, point):
    x = variables(N)
    residuals = broyden_residuals(x)
    j = lambdify_sparse(sparse_jacobian(residuals, x), backend=backend, signature="vector")
    np.testing.assert_allclose(
        j(point).toarray(), dense_values(jacobian(residuals, x), x, point), rtol=1e-14
    )


def test_hessian_against_sympy(point):
    x = variables(5)
    f = arrowhead(x) + dense(x[:2])
    at = dict(zip(map(to_sympy, x), point[:5], strict=True))
    expected = np.array(sympy.hessian(to_sympy(f), [to_sympy(v) for v in x]).subs(at), dtype=float)
    h = lambdify_sparse(sparse_hessian(f, x), backend="c", signature="vector")
    np.testing.assert_allclose(h(point[:5]).toarray(), expected, rtol=1e-12)


@settings(max_examples=60)
@given(smooth_exprs(8), st.lists(st.floats(0.2, 1.5), min_size=3, max_size=3))
def test_random_sparse_hessian_values(expr, at):
    h = lambdify_sparse(sparse_hessian(expr, SYMBOLS), backend="python", format="values")
    try:
        expected = dense_values(hessian(expr, SYMBOLS), SYMBOLS, at)
        got = h(*at)
    except SymdiffError:  # outside the domain (0^-1, overflow): nothing to compare
        return
    dense_got = np.zeros((3, 3))
    dense_got[h.pattern.rows, h.pattern.cols] = got
    np.testing.assert_allclose(dense_got, expected, rtol=1e-9, atol=1e-9)
    assert not expected[~h.pattern.to_dense()].any()  # nothing outside the pattern


# -- SciPy takes the sparse Hessian --------------------------------------------------------


def test_trust_constr_with_the_sparse_hessian():
    n = 200
    x = variables(n)
    f = chained_rosenbrock(x)  # scipy.optimize.rosen
    value = lambdify(f, x)
    grad = lambdify(gradient(f, x), x, backend="c")
    hess = lambdify_sparse(sparse_hessian(f, x), backend="c", signature="vector")
    assert hess.pattern.nnz == 3 * n - 2
    at = np.random.default_rng(5).uniform(-2.0, 2.0, n)
    np.testing.assert_allclose(
        hess(at).toarray(), scipy.optimize.rosen_hess(at), rtol=1e-13, atol=1e-12
    )
    result = scipy.optimize.minimize(
        lambda v: value(*v),
        np.zeros(n),
        jac=lambda v: np.array(grad(*v)),
        hess=hess,
        method="trust-constr",
    )
    assert result.success
    np.testing.assert_allclose(result.x, np.ones(n), atol=1e-5)
    assert np.abs(scipy.optimize.rosen_der(result.x)).max() < 1e-7


# -- sizes: the sparse program stores only the nonzeros -------------------------------------


def test_sparse_hessian_program_is_smaller():
    n = 50
    x = variables(n)
    f = chained_rosenbrock(x)
    sparse_program = lambdify_sparse(sparse_hessian(f, x), format="values").values.program
    dense_program = cse(hessian(f, x))
    # the arithmetic is the same (symdiff never computes a structural zero) ...
    assert sparse_program.count_ops() == dense_program.count_ops() == 246
    # ... but the dense program stores n^2 outputs, the sparse one 3n - 2
    assert len(sparse_program.outputs) == 148 and len(dense_program.outputs) == 2500
    sparse_c = len(re.findall(";", emit_c(sparse_program)))
    dense_c = len(re.findall(";", emit_c(dense_program)))
    assert (sparse_c, dense_c) == (197, 2549)


# -- lambdify, pickling, errors -------------------------------------------------------------


def test_lambdify_takes_a_sparse_matrix(point):
    x = variables(3)
    f = block_diagonal(x)
    h = lambdify(sparse_hessian(f, x), x, backend="numpy")
    assert h(*point[:3]).format == "csr"
    assert "nnz=9, format=csr" in repr(h)


@pytest.mark.parametrize("backend", BACKENDS)
def test_pickles(backend, point):
    x = variables(4)
    h = lambdify_sparse(sparse_hessian(arrowhead(x), x), backend=backend, signature="vector")
    again = pickle.loads(pickle.dumps(h))
    assert (again(point[:4]) != h(point[:4])).nnz == 0


def test_numpy_points_in_values_format():
    x = variables(3)
    h = lambdify_sparse(sparse_hessian(arrowhead(x), x), backend="numpy", format="values")
    points = np.random.default_rng(3).uniform(-1, 1, (3, 5))
    got = h(*points)
    assert got.shape == (h.pattern.nnz, 5)
    for k in range(5):
        np.testing.assert_allclose(got[:, k], h(*points[:, k]), rtol=1e-15)
    with pytest.raises(ArgumentError, match='format="values"'):
        lambdify_sparse(sparse_hessian(arrowhead(x), x), backend="numpy")(*points)


def test_no_nonzeros():
    h = lambdify_sparse(sparse_hessian("x + y", ["x", "y"]), format="csr")
    assert h(1.0, 2.0).nnz == 0 and h(1.0, 2.0).shape == (2, 2)
    with pytest.raises(ArgumentError):
        h(1.0)


def test_returned_matrices_are_independent():
    h = lambdify_sparse(sparse_hessian("x^2*y", ["x", "y"]))
    first = h(1.0, 2.0)
    first.indices[:] = 0
    assert h(1.0, 2.0).toarray().tolist() == [[4.0, 2.0], [2.0, 0.0]]


def test_bad_input():
    m = sparse_hessian("x^2*y", ["x", "y"])
    with pytest.raises(SymdiffError, match="format must be"):
        lambdify_sparse(m, format="dense")
    with pytest.raises(SymdiffError, match="signature must be"):
        lambdify_sparse(m, signature="array")
    with pytest.raises(SymdiffError, match="triangle must be"):
        sparse_hessian("x^2", triangle="upper")
    with pytest.raises(ArgumentError, match="SparseMatrix"):
        lambdify_sparse(hessian("x^2"))
    vector = lambdify_sparse(m, signature="vector")
    with pytest.raises(ArgumentError, match=r"shape \(2,\)"):
        vector(np.ones(3))
    with pytest.raises(ArgumentError, match="one array"):
        vector(1.0, 2.0)
    with pytest.raises(ArgumentError, match="real numbers"):
        vector(["a", "b"])
    with pytest.raises(ArgumentError):
        lambdify_sparse(m)("a", 1.0)


def test_without_scipy(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy", None)
    monkeypatch.setitem(sys.modules, "scipy.sparse", None)
    m = sparse_hessian("x^2*y", ["x", "y"])
    with pytest.raises(MissingDependencyError, match=r'pip install "symdiff\[scipy\]"'):
        lambdify_sparse(m, format="csr")
    assert lambdify_sparse(m, format="values")(1.0, 2.0).tolist() == [4.0, 2.0, 2.0]
    assert isinstance(m, SparseMatrix)


def test_deep_chain_jacobian():
    from deep_chain import chain_value, deep_chain

    from symdiff import evaluate

    expr, _ = deep_chain()
    matrix = sparse_jacobian(expr, ["x"], simplify="trivial")
    assert list(matrix.pattern) == [(0, 0)]
    step = 1e-5
    expected = (chain_value(0.5 + step) - chain_value(0.5 - step)) / (2 * step)
    assert evaluate(matrix.entries[0], x=0.5) == pytest.approx(expected, rel=1e-6)
