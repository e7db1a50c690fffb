"""Sparse Hessians on a banded problem: detection, build and evaluation against dense.

Run from the repository root (not collected by pytest)::

    python benchmarks/bench_sparse.py            # n = 1000
    python benchmarks/bench_sparse.py 1000 300   # n, and the n of the dense symdiff anchor

The problem is the chained Rosenbrock function ``sum 100 (x_(i+1) - x_i^2)^2 + (1 - x_i)^2``
(``scipy.optimize.rosen``, a tridiagonal Hessian). Printed, each with its ratio to an anchor
measured in the same run:

- sparsity: ``hessian_sparsity`` against forming ``hessian`` and reading its nonzeros;
- build: ``sparse_hessian`` against ``hessian`` (dense, n^2 entries);
- compile: ``lambdify_sparse`` per backend (C: the first build, unless the disk cache has it);
- evaluation, one call at one point: the sparse callables (CSR output, and values) against
  ``scipy.optimize.rosen_hess`` (hand-written dense NumPy), and, at the second n, against
  symdiff's dense NumPy callable of ``hessian``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.optimize

from symdiff import (
    Number,
    hessian,
    hessian_sparsity,
    lambdify,
    lambdify_sparse,
    sparse_hessian,
    symbols,
)
from symdiff.diff.sparsity import nonzero_pattern


def rosenbrock(n: int) -> tuple[Any, list[Any]]:
    x = list(symbols(" ".join(f"x{i}" for i in range(1, n + 1))))
    f: Any = Number(0)
    for i in range(n - 1):
        f = f + 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
    return f, x


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def per_call(function: Callable[[], Any], budget: float = 0.5) -> float:
    """Seconds per call: the best of five rounds, each about ``budget / 5`` long."""
    once, _ = timed(function)
    repeat = max(1, int(budget / 5 / max(once, 1e-7)))
    best = float("inf")
    for _ in range(5):
        seconds, _ = timed(lambda: [function() for _ in range(repeat)])
        best = min(best, seconds / repeat)
    return best


def line(label: str, seconds: float, anchor: float | None = None) -> None:
    ratio = f"  {seconds / anchor:8.3f} x anchor" if anchor else ""
    unit, scale = ("ms", 1e3) if seconds >= 1e-3 else ("us", 1e6)
    print(f"  {label:44s} {seconds * scale:10.2f} {unit}{ratio}")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    small = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    f, x = rosenbrock(n)
    print(f"chained Rosenbrock, n = {n}")
    dense_build, dense = timed(lambda: hessian(f, x))
    formed, _ = timed(lambda: nonzero_pattern(dense))
    detect, pattern = timed(lambda: hessian_sparsity(f, x))
    assert pattern == nonzero_pattern(dense)
    print(f"sparsity (nnz = {pattern.nnz} of {n * n})")
    line("hessian + its nonzeros (anchor)", dense_build + formed)
    line("hessian_sparsity", detect, dense_build + formed)
    print("build")
    line("hessian, dense (anchor)", dense_build)
    sparse_build, matrix = timed(lambda: sparse_hessian(f, x))
    line("sparse_hessian", sparse_build, dense_build)
    point = np.random.default_rng(1).uniform(-2.0, 2.0, n)
    print("compile and evaluate one point")
    anchor = per_call(lambda: scipy.optimize.rosen_hess(point))
    line("scipy.optimize.rosen_hess, dense NumPy (anchor)", anchor)
    for backend in ("python", "numpy", "c"):
        seconds, h = timed(lambda b=backend: lambdify_sparse(matrix, backend=b, signature="vector"))
        values = lambdify_sparse(matrix, backend=backend, signature="vector", format="values")
        assert np.allclose(h(point).toarray(), scipy.optimize.rosen_hess(point), atol=1e-9)
        line(f"compile {backend}", seconds)
        line(f"  {backend}, csr_matrix", per_call(lambda h=h: h(point)), anchor)
        line(f"  {backend}, values", per_call(lambda v=values: v(point)), anchor)
    dense_anchor(small)


def dense_anchor(n: int) -> None:
    """symdiff's dense Hessian callable against the sparse one at a smaller ``n``."""
    f, x = rosenbrock(n)
    point = list(np.random.default_rng(2).uniform(-2.0, 2.0, n))
    print(f"dense against sparse symdiff callables, n = {n} (NumPy backend)")
    build, dense = timed(lambda: lambdify(hessian(f, x), x, backend="numpy"))
    line("build + compile dense (anchor)", build)
    sparse_seconds, sparse = timed(
        lambda: lambdify_sparse(sparse_hessian(f, x), backend="numpy", format="values")
    )
    line("build + compile sparse", sparse_seconds, build)
    anchor = per_call(lambda: dense(*point))
    line("dense call (anchor)", anchor)
    line("sparse call, values", per_call(lambda: sparse(*point)), anchor)


if __name__ == "__main__":
    main()
