"""Growth on long chains of shared products (see ``benchmarks/bench_doubling.py``).

Operation counts after simplification are deterministic, so they are asserted; times are not.
"""

from __future__ import annotations

import math

import pytest

from symdiff import Add, Call, Expr, Mul, Symbol, count_ops, evaluate, gradient
from symdiff.core.functions import REGISTRY
from symdiff.simplify.sharing import MAX_HEAD_LEVELS, head_levels

X, Y = Symbol("x"), Symbol("y")


def squaring(levels: int) -> Expr:
    """``u_{k+1} = sin(u_k*u_k + x)``: a DAG of about 3 nodes per level."""
    node: Expr = Mul(X, Y)
    for _ in range(levels):
        node = Call(REGISTRY["sin"], Add(Mul(node, node), X))
    return node


@pytest.mark.parametrize("levels", [40, 400])
def test_gradient_of_squaring_chain_stays_linear(levels: int) -> None:
    # Each adjoint is 2*u_k*cos(...) times the adjoint above it, a product shared by the
    # next adjoint and by the x-partial. Merging only its number (not copying its factors
    # into each user) keeps the gradient linear; copying made 64,752 operations at 250
    # levels instead of 2,254.
    expr = squaring(levels)
    result = gradient(expr, "x y")
    assert count_ops(result, dag=True) <= 6 * count_ops(expr, dag=True)
    raw = gradient(expr, "x y", simplify=False)
    point = {"x": 0.3, "y": 0.2}
    for got, want in zip(result, raw, strict=True):
        assert math.isclose(evaluate(got, point), evaluate(want, point), rel_tol=1e-9)


def test_long_chain_takes_the_kept_whole_path() -> None:
    # the 400-level gradient above goes through the simplification that keeps shared sums
    # and products whole (more than MAX_HEAD_LEVELS nested heads), where the copying was
    raw = gradient(squaring(400), "x y", simplify=False)
    assert head_levels(raw) > MAX_HEAD_LEVELS
