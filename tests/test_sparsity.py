"""Sparsity patterns found without differentiating, against the formed jacobian and hessian."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sparse_families import (
    arrowhead,
    arrowhead_residuals,
    band,
    block_diagonal,
    block_residuals,
    broyden_residuals,
    chained_rosenbrock,
    dense,
    variables,
)
from strategies import SYMBOLS, exprs

from symdiff import (
    ArgumentError,
    SparsityPattern,
    SymdiffError,
    hessian,
    hessian_sparsity,
    jacobian,
    jacobian_sparsity,
    parse,
)
from symdiff.diff.sparsity import local_rule, nonzero_pattern

N = 12


def positions(pattern: SparsityPattern) -> set[tuple[int, int]]:
    return set(pattern)


# -- known families: the pattern is exactly the formed derivative's nonzeros ------------------


def test_broyden_jacobian_is_tridiagonal():
    x = variables(N)
    residuals = broyden_residuals(x)
    pattern = jacobian_sparsity(residuals, x)
    assert positions(pattern) == band(N, 1)
    assert pattern == nonzero_pattern(jacobian(residuals, x))
    assert pattern.nnz == 3 * N - 2


def test_broyden_least_squares_hessian_is_pentadiagonal():
    x = variables(N)
    f = sum((r**2 for r in broyden_residuals(x)), parse("0"))
    pattern = hessian_sparsity(f, x)
    assert positions(pattern) == band(N, 2)
    assert pattern == nonzero_pattern(hessian(f, x))


def test_chained_rosenbrock_hessian_is_tridiagonal():
    x = variables(N)
    f = chained_rosenbrock(x)
    pattern = hessian_sparsity(f, x)
    assert positions(pattern) == band(N, 1)
    assert pattern == nonzero_pattern(hessian(f, x))


def test_arrowhead():
    x = variables(N)
    last = N - 1
    arrow = (
        {(i, i) for i in range(N)} | {(i, last) for i in range(N)} | {(last, i) for i in range(N)}
    )
    f = arrowhead(x)
    assert positions(hessian_sparsity(f, x)) == arrow
    assert hessian_sparsity(f, x) == nonzero_pattern(hessian(f, x))
    residuals = arrowhead_residuals(x)
    assert positions(jacobian_sparsity(residuals, x)) == arrow
    assert jacobian_sparsity(residuals, x) == nonzero_pattern(jacobian(residuals, x))


def test_block_diagonal():
    x = variables(N)
    blocks = {(i, j) for i in range(N) for j in range(N) if i // 3 == j // 3}
    f = block_diagonal(x)
    assert positions(hessian_sparsity(f, x)) == blocks
    assert hessian_sparsity(f, x) == nonzero_pattern(hessian(f, x))
    residuals = block_residuals(x)
    assert positions(jacobian_sparsity(residuals, x)) == blocks
    assert jacobian_sparsity(residuals, x) == nonzero_pattern(jacobian(residuals, x))


def test_dense():
    x = variables(N)
    f = dense(x)
    pattern = hessian_sparsity(f, x)
    assert pattern.nnz == N * N
    assert pattern == nonzero_pattern(hessian(f, x))
    assert jacobian_sparsity([f], x).nnz == N


# -- the local rules come from the registry's derivatives ----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x + y", ((0, 1), ())),
        ("x*y*z", ((0, 1, 2), ((0, 1), (0, 2), (1, 2)))),
        ("x*0", ((), ())),
        ("x^2", ((0,), ((0, 0),))),
        ("x^1", ((0,), ())),
        ("x^y", ((0, 1), ((0, 0), (0, 1), (1, 1)))),
        ("exp(x)", ((0,), ((0, 0),))),
        ("abs(x)", ((0,), ())),
        ("sign(x)", ((), ())),
        ("x < y", ((), ())),
        ("where(x > 0, y, z)", ((1, 2), ())),
        ("max(x, y)", ((0, 1), ())),
        ("atan2(y, x)", ((0, 1), ((0, 0), (0, 1), (1, 1)))),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_local_rule(text, expected):
    node = parse(text)
    assert local_rule(node) == expected


def test_piecewise_and_flat_functions_prune_the_pattern():
    x, y, z = (parse(n) for n in "xyz")
    f = parse("where(x > 0, y^2, z) + sign(x)*x + abs(y)*z")
    pattern = hessian_sparsity(f, [x, y, z])
    assert pattern == nonzero_pattern(hessian(f, [x, y, z]))
    assert list(pattern) == [(1, 1), (1, 2), (2, 1)]
    assert list(jacobian_sparsity(["sign(x) + y", "x < y"], [x, y])) == [(0, 1)]


def test_user_functions():
    from user_functions import registered

    with registered(
        ("cube", lambda u: u**3, ["3*u^2"], None),
        ("scale", lambda u, v: 2 * u + v, ["2", "1"], None),
        ("opaque", lambda u: u, None),  # no derivative known: assumed to depend on and mix all
        ("broken", lambda u: u, [lambda u: 1 / 0], None),
    ):
        f = parse("cube(x) + scale(y, z) + opaque(w) + broken(v)")
        pattern = hessian_sparsity(f, ["x", "y", "z", "w", "v"])
        assert list(pattern) == [(0, 0), (3, 3), (4, 4)]
        assert list(jacobian_sparsity("scale(y, z)*x", ["x", "y", "z"])) == [(0, 0), (0, 1), (0, 2)]
        g = parse("cube(x*y) + scale(x, y^2)")
        assert hessian_sparsity(g, ["x", "y"]) == nonzero_pattern(hessian(g, ["x", "y"]))


def test_variables_outside_wrt_are_constants():
    assert list(hessian_sparsity("x*y + y^2", ["x"])) == []
    assert list(hessian_sparsity("x^2*y", ["x"])) == [(0, 0)]
    assert hessian_sparsity("3").shape == (0, 0)


# -- random expressions: a superset of the formed derivative's nonzeros ---------------------


def formed(build, *args):
    try:
        return nonzero_pattern(build(*args))
    except SymdiffError:  # the derivative itself is undefined (a function with no rule)
        assume(False)
        raise


@settings(max_examples=150)
@given(st.lists(exprs(10), min_size=1, max_size=3))
def test_jacobian_pattern_covers_the_jacobian(outputs):
    found = jacobian_sparsity(outputs, SYMBOLS)
    assert positions(formed(jacobian, outputs, SYMBOLS)) <= positions(found)


@settings(max_examples=150)
@given(exprs(10))
def test_hessian_pattern_covers_the_hessian(expr):
    found = hessian_sparsity(expr, SYMBOLS)
    assert positions(formed(hessian, expr, SYMBOLS)) <= positions(found)
    assert positions(found) == {(c, r) for r, c in found}  # symmetric


@settings(max_examples=60)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), unique=True, max_size=20))
def test_pattern_views_agree(pairs):
    masks = [0] * 8
    for r, c in pairs:
        masks[r] |= 1 << c
    pattern = SparsityPattern.from_row_sets(masks, 8)
    assert pattern.nnz == len(pairs) and set(pattern) == set(pairs)
    assert list(pattern) == sorted(pairs)
    expected = np.zeros((8, 8), dtype=bool)
    for r, c in pairs:
        expected[r, c] = True
    assert (pattern.to_dense() == expected).all()
    for kind in ("csr", "coo"):
        matrix = pattern.to_scipy(kind)
        assert matrix.format == kind
        assert (matrix.toarray() == expected).all()
    csr = pattern.to_scipy("csr")
    assert csr.indptr.tolist() == list(pattern.indptr)
    assert set(pattern.lower()) == {(r, c) for r, c in pairs if r >= c}


# -- depth, input errors ------------------------------------------------------------------


def test_deep_chain():
    from deep_chain import deep_chain

    expr, _ = deep_chain()
    assert list(jacobian_sparsity(expr, ["x"])) == [(0, 0)]
    assert list(hessian_sparsity(expr, ["x"])) == [(0, 0)]


def test_bad_input():
    with pytest.raises(ArgumentError, match="wrt"):
        jacobian_sparsity("x", [3])
    with pytest.raises(ArgumentError, match="exprs"):
        jacobian_sparsity(3.5j, ["x"])
    with pytest.raises(SymdiffError, match="format"):
        hessian_sparsity("x^2").to_scipy("dense")


def test_str_and_repr():
    pattern = hessian_sparsity("x^2 + x*y", ["x", "y"])
    assert str(pattern) == "x x\nx ."
    assert repr(pattern) == "<SparsityPattern 2x2, nnz=3>"
