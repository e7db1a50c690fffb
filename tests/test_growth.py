"""Growth on long chains of shared products (see ``benchmarks/bench_doubling.py``).

Operation counts after simplification are deterministic, so they are asserted; times are not.
"""

from __future__ import annotations

import importlib
import math

import pytest

from symdiff import Add, Call, Expr, Mul, Number, Symbol, count_ops, evaluate, gradient
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


def deep_where(n: int) -> Expr:
    """``where(x > n, ..., where(x > 1, x*y, sin(x)) ..., sin(n*x))``, nested ``n`` deep."""
    node: Expr = Mul(X, Y)
    for k in range(1, n + 1):
        condition = Call(REGISTRY["gt"], X, Number(k))
        node = Call(REGISTRY["where"], condition, node, Call(REGISTRY["sin"], Mul(Number(k), X)))
    return node


def candidate_scans(monkeypatch: pytest.MonkeyPatch, expr: Expr) -> int:
    """How many operands the rule matcher looks at while simplifying ``expr``'s gradient."""
    patterns = importlib.import_module("symdiff.simplify.patterns")
    scanned = [0]
    with_op, calls_on = patterns._Pool.with_op, patterns._Pool.calls_on
    monkeypatch.setattr(
        patterns._Pool, "with_op", lambda self, op: _counted(scanned, with_op(self, op))
    )
    monkeypatch.setattr(
        patterns._Pool,
        "calls_on",
        lambda self, f, first: _counted(scanned, calls_on(self, f, first)),
    )
    gradient(expr, "x y")
    return scanned[0]


def _counted(counter: list[int], found: list[int]) -> list[int]:
    counter[0] += len(found)
    return found


def test_gradient_of_nested_choices_scans_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    # The gradient of n nested choices is a sum of n choices; merging two choices on one
    # condition used to look at every other choice of the sum for each one (quadratic).
    # A choice whose condition is already bound is now found by one lookup.
    small = candidate_scans(monkeypatch, deep_where(100))
    large = candidate_scans(monkeypatch, deep_where(200))
    assert large <= 2.5 * small


@pytest.mark.parametrize("n", [3, 30])
def test_gradient_of_nested_choices_keeps_values(n: int) -> None:
    expr = deep_where(n)
    result = gradient(expr, "x y")
    raw = gradient(expr, "x y", simplify=False)
    for x in (0.5, 1.5, n / 2 + 0.25, n + 1.0):
        point = {"x": x, "y": 0.7}
        for got, want in zip(result, raw, strict=True):
            assert math.isclose(evaluate(got, point), evaluate(want, point), rel_tol=1e-12)
