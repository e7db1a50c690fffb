"""Directional derivatives: jvp, vjp and hvp against dense Jacobians and Hessians."""

from __future__ import annotations

import random

import pytest

from symdiff import (
    ArgumentValueError,
    cse,
    evaluate,
    gradient,
    hessian,
    jacobian,
    parse,
    symbols,
)
from symdiff.diff.directional import hvp, jvp, vjp

N = 12
NAMES = [f"x{i}" for i in range(N)]
ROSENBROCK = " + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(N - 1))
RESIDUALS = [f"sin(x{i})*x{(i + 1) % N} - exp(x{(i + 2) % N}/3) + {i}" for i in range(N)]
rng = random.Random(11)
POINT = {name: rng.uniform(-1, 1) for name in NAMES}
V = [rng.choice([-2, -1, 1, 3]) for _ in range(N)]
W = [rng.choice([-1, 2, 5]) for _ in range(N)]


def values(exprs, point=POINT):
    return [evaluate(e, point) for e in exprs]


def test_jvp_is_the_jacobian_times_v():
    rows = jacobian(RESIDUALS, NAMES)
    dense = [sum(evaluate(d, POINT) * v for d, v in zip(row, V, strict=True)) for row in rows]
    assert values(jvp(RESIDUALS, NAMES, V)) == pytest.approx(dense, rel=1e-12)


def test_jvp_with_a_unit_vector_is_a_jacobian_column():
    column = [row[3] for row in jacobian(RESIDUALS, NAMES)]
    unit = [1 if i == 3 else 0 for i in range(N)]
    assert values(jvp(RESIDUALS, NAMES, unit)) == pytest.approx(values(column), rel=1e-12)


def test_vjp_is_w_times_the_jacobian():
    rows = jacobian(RESIDUALS, NAMES)
    dense = [sum(evaluate(rows[i][j], POINT) * W[i] for i in range(N)) for j in range(N)]
    assert values(vjp(RESIDUALS, NAMES, W)) == pytest.approx(dense, rel=1e-12)


def test_vjp_of_one_expression_is_its_gradient():
    assert vjp(ROSENBROCK, NAMES, 1) == gradient(ROSENBROCK, NAMES)
    assert values(vjp(ROSENBROCK, NAMES, 2.5)) == pytest.approx(
        [2.5 * g for g in values(gradient(ROSENBROCK, NAMES))], rel=1e-12
    )


def test_hvp_is_the_hessian_times_v():
    matrix = hessian(ROSENBROCK, NAMES)
    dense = [sum(evaluate(h, POINT) * v for h, v in zip(row, V, strict=True)) for row in matrix]
    assert values(hvp(ROSENBROCK, NAMES, V)) == pytest.approx(dense, rel=1e-12)


def test_symbolic_directions():
    v = symbols(f"v:{N}")
    point = {**POINT, **{f"v{i}": V[i] for i in range(N)}}
    assert values(hvp(ROSENBROCK, NAMES, v), point) == pytest.approx(
        values(hvp(ROSENBROCK, NAMES, V)), rel=1e-12
    )
    w = symbols(f"w:{N}")
    point.update({f"w{i}": W[i] for i in range(N)})
    assert values(vjp(RESIDUALS, NAMES, w), point) == pytest.approx(
        values(vjp(RESIDUALS, NAMES, W)), rel=1e-12
    )
    assert str(jvp("x*y", ["x", "y"], ["a", "b"])) == "a*y + b*x"


def test_sizes_are_a_small_multiple_of_the_function():
    n = 200
    names = [f"x{i}" for i in range(n)]
    f = parse(" + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(n - 1)))
    base = cse([f]).count_ops()
    direction = symbols(f"v:{n}")
    assert cse([jvp(f, names, direction)]).count_ops() <= 2 * base
    assert cse(vjp(f, names, 1)).count_ops() <= 2 * base
    assert cse(hvp(f, names, direction)).count_ops() <= 2 * base
    assert cse(hvp(f, names, [1] * n)).count_ops() <= 2 * base


def test_raw_and_trivial_levels_agree():
    for level in (False, "trivial"):
        assert values(hvp(ROSENBROCK, NAMES, V, simplify=level)) == pytest.approx(
            values(hvp(ROSENBROCK, NAMES, V)), rel=1e-12
        )
        assert values(jvp(RESIDUALS, NAMES, V, simplify=level)) == pytest.approx(
            values(jvp(RESIDUALS, NAMES, V)), rel=1e-12
        )


def test_wrong_lengths_are_clear_errors():
    with pytest.raises(ArgumentValueError, match="one entry per variable"):
        jvp(ROSENBROCK, NAMES, [1, 2])
    with pytest.raises(ArgumentValueError, match="one entry per output"):
        vjp(RESIDUALS, NAMES, [1])
