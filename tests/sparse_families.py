"""Test problems with known sparsity: banded, arrowhead, block-diagonal and dense."""

from __future__ import annotations

from symdiff import Expr, Number, exp, sin, symbols


def variables(n: int) -> list[Expr]:
    """``x1 ... xn``."""
    return list(symbols(" ".join(f"x{i}" for i in range(1, n + 1))))


def total(terms: list[Expr]) -> Expr:
    out: Expr = Number(0)
    for term in terms:
        out = out + term
    return out


def broyden_residuals(x: list[Expr]) -> list[Expr]:
    """Broyden's tridiagonal function: ``(3 - 2 x_i) x_i - x_(i-1) - 2 x_(i+1) + 1``."""
    n = len(x)
    out = []
    for i in range(n):
        term = (3 - 2 * x[i]) * x[i] + 1
        if i > 0:
            term = term - x[i - 1]
        if i < n - 1:
            term = term - 2 * x[i + 1]
        out.append(term)
    return out


def chained_rosenbrock(x: list[Expr]) -> Expr:
    """``sum 100 (x_(i+1) - x_i^2)^2 + (1 - x_i)^2``: a tridiagonal Hessian."""
    return total([100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1)])


def arrowhead(x: list[Expr]) -> Expr:
    """``sum (x_i^2 - x_n)^2 + x_i^4``: the diagonal plus the last row and column."""
    last = x[-1]
    return total([(x[i] ** 2 - last) ** 2 + x[i] ** 4 for i in range(len(x) - 1)])


def arrowhead_residuals(x: list[Expr]) -> list[Expr]:
    """``x_i^2 + x_n`` and ``sum x_i``: a Jacobian with a diagonal and full last row and column."""
    return [x[i] ** 2 + x[-1] for i in range(len(x) - 1)] + [total(list(x))]


def block_diagonal(x: list[Expr], size: int = 3) -> Expr:
    """``sum exp(x_a + 2 x_b + 3 x_c)`` over consecutive blocks: full blocks on the diagonal."""
    blocks = [x[i : i + size] for i in range(0, len(x), size)]
    return total([exp(total([(k + 1) * v for k, v in enumerate(b)])) for b in blocks])


def block_residuals(x: list[Expr], size: int = 3) -> list[Expr]:
    """``sin(product of its block) * (k + 1)`` for each variable's block."""
    out = []
    for i in range(len(x)):
        start = i - i % size
        product: Expr = Number(1)
        for v in x[start : start + size]:
            product = product * v
        out.append((i + 1) * sin(product))
    return out


def dense(x: list[Expr]) -> Expr:
    """``(sum x_i)^2 + exp(sum i x_i)``: every entry nonzero."""
    return total(list(x)) ** 2 + exp(total([(i + 1) * v for i, v in enumerate(x)]))


def band(n: int, width: int) -> set[tuple[int, int]]:
    return {(i, j) for i in range(n) for j in range(n) if abs(i - j) <= width}
