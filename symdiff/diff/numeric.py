"""Finite-difference derivatives of plain Python functions, used to check symbolic results.

Takes a callable of real numbers (``float``, or ``Fraction`` for exact arithmetic) and a
point; returns estimates of derivatives at that point. Nothing here knows about ``Expr``:
the functions work on any callable and import no other symdiff stage.

Guarantees:

- Stencil weights are exact ``Fraction`` values, found by solving the Vandermonde system
  in rational arithmetic; given ``Fraction`` inputs and step, a stencil derivative is exact
  for every polynomial the stencil can represent.
- Each estimate calls ``f`` a fixed, documented number of times and never at a point where
  the stencil weight is zero.
- The default step balances truncation against rounding error (see ``optimal_step``).
- Every error caused by bad arguments is a ``NumericError`` (a ``ValueError``).
"""

from __future__ import annotations

import math
import numbers
import sys
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from typing import NamedTuple, TypeAlias

from symdiff.core.errors import SymdiffError

Real: TypeAlias = "float | Fraction"
ScalarFunction: TypeAlias = "Callable[[Real], Real]"

EPSILON = sys.float_info.epsilon

__all__ = [
    "Estimate",
    "NumericError",
    "backward_difference",
    "central_difference",
    "central_offsets",
    "forward_difference",
    "numerical_gradient",
    "optimal_step",
    "richardson",
    "stencil_accuracy",
    "stencil_derivative",
    "stencil_weights",
]


class NumericError(SymdiffError, ValueError):
    """A finite-difference request that cannot be carried out (bad step, stencil, order)."""


class Estimate(NamedTuple):
    """A derivative estimate with an estimate of its absolute error."""

    value: float
    error: float


def optimal_step(order: int = 1, accuracy: int = 2, x: Real = 0.0) -> float:
    """Return the step that balances truncation against rounding error.

    A stencil for the ``order``-th derivative with accuracy ``p`` has truncation error
    about ``C * h**p``. Each value of ``f`` carries a relative rounding error near machine
    epsilon; these add like a random walk in the weighted sum, which is then divided by
    ``h**order``, so rounding contributes about ``eps / h**order``. Minimising
    ``E(h) = a / h**order + b * h**p`` gives ``h = (order * a / (p * b)) ** (1 / (p + order))``
    with ``a`` proportional to ``eps``. The constants depend on unknown higher derivatives
    of ``f`` and are taken as 1, leaving::

        h = eps ** (1 / (accuracy + order)) * max(1, |x|)

    The factor ``max(1, |x|)`` keeps the step relative to ``x`` so that ``x + h != x``.

    Args:
        order: Order of the derivative (1 for f').
        accuracy: Order of the truncation error of the stencil (1 forward, 2 central).
        x: Point of evaluation; only its magnitude matters.

    Returns:
        The step ``h`` as a float.

    >>> optimal_step(1, 1) == math.sqrt(EPSILON)
    True
    >>> f"{optimal_step(1, 2, x=1000.0):.2e}"
    '6.06e-03'
    """
    _check_order(order, minimum=0)
    if not isinstance(accuracy, int) or accuracy < 1:
        raise NumericError(f"accuracy must be a positive integer, got {accuracy!r}")
    _checked_real("x", x)
    return EPSILON ** (1 / (accuracy + order)) * max(1.0, abs(float(x)))


def forward_difference(f: ScalarFunction, x: Real, h: Real | None = None) -> Real:
    """Estimate f'(x) by ``(f(x + h) - f(x)) / h``, first-order accurate.

    Args:
        f: Function of one real number.
        x: Point of evaluation.
        h: Positive step; default ``optimal_step(1, 1, x)`` (about 1.5e-8 near 0).

    Returns:
        The estimate of f'(x), from two calls of ``f``.

    >>> round(forward_difference(math.sin, 0.0), 6)
    1.0
    """
    _checked_function(f)
    h = _checked_step(x, optimal_step(1, 1, x) if h is None else h)
    return (f(x + h) - f(x)) / h


def backward_difference(f: ScalarFunction, x: Real, h: Real | None = None) -> Real:
    """Estimate f'(x) by ``(f(x) - f(x - h)) / h``, first-order accurate.

    Args:
        f: Function of one real number.
        x: Point of evaluation.
        h: Positive step; default ``optimal_step(1, 1, x)``.

    Returns:
        The estimate of f'(x), from two calls of ``f``.

    >>> round(backward_difference(math.exp, 0.0), 6)
    1.0
    """
    _checked_function(f)
    h = _checked_step(x, optimal_step(1, 1, x) if h is None else h)
    return (f(x) - f(x - h)) / h


def central_difference(f: ScalarFunction, x: Real, h: Real | None = None) -> Real:
    """Estimate f'(x) by ``(f(x + h) - f(x - h)) / (2h)``, second-order accurate.

    Args:
        f: Function of one real number.
        x: Point of evaluation.
        h: Positive step; default ``optimal_step(1, 2, x)`` (about 6e-6 near 0).

    Returns:
        The estimate of f'(x), from two calls of ``f``.

    >>> round(central_difference(math.sin, 0.0), 9)
    1.0
    >>> central_difference(lambda t: t**2, Fraction(3), h=Fraction(1, 10))
    Fraction(6, 1)
    """
    _checked_function(f)
    h = _checked_step(x, optimal_step(1, 2, x) if h is None else h)
    return (f(x + h) - f(x - h)) / (2 * h)


def stencil_weights(offsets: Sequence[int | Fraction], order: int) -> list[Fraction]:
    """Return exact weights ``w`` with ``f^(order)(x) ≈ sum(w_i f(x + o_i h)) / h**order``.

    Expanding each ``f(x + o_i h)`` in a Taylor series and asking the weighted sum to keep
    only the ``order``-th term gives the Vandermonde system
    ``sum_i w_i * o_i**k = order! * [k == order]`` for ``k = 0 .. n-1``, solved here
    exactly in ``Fraction`` arithmetic.

    Args:
        offsets: Distinct integer or ``Fraction`` offsets, in units of the step.
        order: Order of the derivative (0 interpolates).

    Returns:
        One weight per offset, in the order given.

    Raises:
        NumericError: If an offset is not rational, offsets repeat, or there are not more
            offsets than ``order``.

    >>> [str(w) for w in stencil_weights([-2, -1, 0, 1, 2], 1)]
    ['1/12', '-2/3', '0', '2/3', '-1/12']
    """
    _check_order(order, minimum=0)
    points = _checked_offsets(offsets)
    if len(points) <= order:
        raise NumericError(
            f"a derivative of order {order} needs at least {order + 1} offsets, got {len(points)}"
        )
    matrix = [[point**k for point in points] for k in range(len(points))]
    rhs = [Fraction(math.factorial(order) if k == order else 0) for k in range(len(points))]
    return _solve_exact(matrix, rhs)


def stencil_accuracy(offsets: Sequence[int | Fraction], order: int) -> int:
    """Return the order ``p`` of the truncation error ``O(h**p)`` of a stencil.

    The error's leading term comes from the first moment ``sum_i w_i * o_i**k`` with
    ``k >= n`` that does not vanish; symmetric stencils gain one order this way.

    Args:
        offsets: Distinct integer or ``Fraction`` offsets.
        order: Order of the derivative.

    Returns:
        ``k - order`` for that first non-vanishing moment ``k``.

    >>> stencil_accuracy([-1, 0, 1], 1), stencil_accuracy([0, 1, 2], 1)
    (2, 2)
    """
    weights = stencil_weights(offsets, order)
    points = _checked_offsets(offsets)
    k = len(points)
    # If n moments in a row vanish, so does every weight off offset 0; only the order-0
    # stencil that is just f(x) gets that far, and it has no error term at all.
    while k < 2 * len(points):
        if sum(w * p**k for w, p in zip(weights, points, strict=True)) != 0:
            break
        k += 1
    return k - order


def central_offsets(order: int = 1, accuracy: int = 2) -> list[int]:
    """Return the smallest centred offsets ``-m .. m`` with the given accuracy.

    A centred stencil of ``2m + 1`` points has even accuracy, and
    ``m = (order - 1) // 2 + accuracy // 2`` is the least half-width that reaches it.

    Args:
        order: Order of the derivative.
        accuracy: Wanted order of the truncation error; must be even and positive.

    Returns:
        The offsets as a list of integers.

    >>> central_offsets(1, 2), central_offsets(2, 4)
    ([-1, 0, 1], [-2, -1, 0, 1, 2])
    """
    _check_order(order, minimum=0)
    if not isinstance(accuracy, int) or accuracy < 2 or accuracy % 2:
        raise NumericError(f"a centred stencil has even accuracy >= 2, got {accuracy!r}")
    half_width = (order - 1) // 2 + accuracy // 2
    return list(range(-half_width, half_width + 1))


def stencil_derivative(
    f: ScalarFunction,
    x: Real,
    order: int = 1,
    offsets: Sequence[int | Fraction] | None = None,
    h: Real | None = None,
    accuracy: int | None = None,
) -> Real:
    """Estimate the ``order``-th derivative of ``f`` at ``x`` with a finite-difference stencil.

    Args:
        f: Function of one real number.
        x: Point of evaluation.
        order: Order of the derivative.
        offsets: Stencil offsets in units of ``h``; default ``central_offsets(order,
            accuracy)``. Give either ``offsets`` or ``accuracy``, not both.
        h: Positive step; default ``optimal_step(order, p, x)`` with ``p`` the stencil's
            accuracy.
        accuracy: Even accuracy of the default centred stencil; default 2.

    Returns:
        ``sum(w_i * f(x + o_i * h)) / h**order``, calling ``f`` once per nonzero weight.
        With ``Fraction`` ``x`` and ``h`` the result is exact arithmetic on the stencil.

    >>> round(stencil_derivative(math.sin, 0.0, order=2), 6) == 0
    True
    >>> stencil_derivative(lambda t: t**3, Fraction(1), order=3, h=Fraction(1, 2))
    Fraction(6, 1)
    """
    if offsets is not None and accuracy is not None:
        raise NumericError("give offsets or accuracy, not both")
    if offsets is None:
        offsets = central_offsets(order, 2 if accuracy is None else accuracy)
    weights = stencil_weights(offsets, order)
    _checked_function(f)
    if h is None:
        h = optimal_step(order, stencil_accuracy(offsets, order), x)
    h = _checked_step(x, h)
    total: Real = 0
    for weight, offset in zip(weights, offsets, strict=True):
        if weight:
            total += weight * f(x + offset * h)
    return total / h**order


def richardson(
    f: ScalarFunction, x: float, h: float | None = None, levels: int = 4, ratio: float = 2.0
) -> Estimate:
    """Estimate f'(x) by Richardson extrapolation of central differences.

    A central difference ``D(h) = f'(x) + c1*h**2 + c2*h**4 + ...`` is computed at steps
    ``h, h/ratio, ...``; combining neighbours cancels one power of ``h**2`` per column
    of the tableau. As in Ridders' method, the answer is the tableau entry whose change
    against its neighbours is smallest, and that change is the (conservative) error
    estimate; it is never below the rounding error the values of ``f`` leave at that step
    (neighbours that agree to the last bit do not make an estimate exact).

    Args:
        f: Function of one real number, defined on ``[x - h, x + h]``.
        x: Point of evaluation.
        h: Largest step; default ``optimal_step(1, 2 * levels, x)``, the step balancing
            rounding against the ``O(h**(2 * levels))`` error of the last column. Like
            every default step it grows with ``|x|``; for functions that oscillate on a
            fixed scale far from 0, pass ``h``.
        levels: Number of steps (at least 2); ``f`` is called ``2 * levels`` times.
        ratio: Factor (> 1) by which the step shrinks between levels.

    Returns:
        An ``Estimate(value, error)``.

    >>> value, error = richardson(math.exp, 0.0)
    >>> abs(value - 1) < 1e-12, error < 1e-10
    (True, True)
    """
    if isinstance(levels, bool) or not isinstance(levels, int) or levels < 2:
        raise NumericError(f"levels must be an integer >= 2, got {levels!r}")
    _checked_real("ratio", ratio)
    if not ratio > 1:
        raise NumericError(f"ratio must be greater than 1, got {ratio!r}")
    _checked_function(f)
    if h is None:
        h = optimal_step(1, 2 * levels, x)
    table: list[list[float]] = []
    steps: list[float] = []
    size = 0.0
    for i in range(levels):
        value, magnitude = _central(f, x, h / ratio**i)
        size = max(size, magnitude)
        row = [value]
        for j, below in enumerate(table[-1] if table else [], start=1):
            row.append(row[-1] + (row[-1] - below) / (ratio ** (2 * j) - 1))
        table.append(row)
        steps.append(h / ratio**i)
    return _most_trusted(table, steps, size)


def _most_trusted(table: list[list[float]], steps: list[float], size: float) -> Estimate:
    """The tableau entry whose change against its neighbours is smallest (Ridders), with the
    neighbour in the next row counted too when there is one, so that two entries agreeing by
    chance (a step far too large for an oscillating function) are not trusted. The error is
    never below the rounding error left at that step (a polynomial's differences can agree
    to the last bit)."""
    best = Estimate(table[0][0], math.inf)
    for i in range(1, len(table)):
        for j in range(1, i + 1):
            entry = table[i][j]
            change = max(abs(entry - table[i][j - 1]), abs(entry - table[i - 1][j - 1]))
            if i + 1 < len(table):
                change = max(change, abs(table[i + 1][j] - entry))
            error = max(change, _rounding(size, steps[i], entry))
            if error <= best.error:
                best = Estimate(entry, error)
    return best


def _central(f: ScalarFunction, x: float, h: float) -> tuple[float, float]:
    """A central difference and the larger magnitude of the two values of ``f``."""
    step = _checked_step(x, h)
    above, below = f(x + step), f(x - step)
    return float((above - below) / (2 * step)), max(abs(float(above)), abs(float(below)))


def _rounding(size: float, h: float, value: float) -> float:
    """The rounding error a central difference at step ``h`` and its extrapolation carry:
    each value of ``f`` (of magnitude up to ``size``) is off by about half an ulp, the
    difference is divided by ``2h``, and the extrapolation's weights add up to at most about
    2; the estimate itself is rounded once more."""
    return 2 * EPSILON * size / h + EPSILON * abs(value)


_DIFFERENCES: dict[str, Callable[[ScalarFunction, Real, Real | None], Real]] = {
    "central": central_difference,
    "forward": forward_difference,
    "backward": backward_difference,
}


def numerical_gradient(
    f: Callable[..., Real],
    point: Sequence[Real],
    h: Real | None = None,
    method: str = "central",
) -> list[Real]:
    """Estimate the gradient of ``f(*xs)`` at ``point``, one coordinate at a time.

    Args:
        f: Function of ``len(point)`` real numbers, called as ``f(*xs)``.
        point: The coordinates at which to differentiate.
        h: Step for every coordinate; default the method's optimal step, scaled by each
            coordinate separately.
        method: ``"central"`` (default), ``"forward"`` or ``"backward"``.

    Returns:
        The partial derivatives as a list, from ``2 * len(point)`` calls of ``f``.

    >>> [round(g, 6) for g in numerical_gradient(lambda x, y: x * y + y, [2.0, 3.0])]
    [3.0, 3.0]
    """
    try:
        difference = _DIFFERENCES[method]
    except KeyError:
        raise NumericError(
            f"unknown method {method!r}; expected one of {sorted(_DIFFERENCES)}"
        ) from None
    _checked_function(f)
    if isinstance(point, str) or not isinstance(point, Iterable):
        raise NumericError(f"point must be a sequence of real numbers, got {point!r}")
    coordinates = list(point)
    for i, value in enumerate(coordinates):
        _checked_real(f"point[{i}]", value)
    gradient = []
    for i in range(len(coordinates)):
        before, after = coordinates[:i], coordinates[i + 1 :]

        def along(t: Real, before: list[Real] = before, after: list[Real] = after) -> Real:
            return f(*before, t, *after)

        gradient.append(difference(along, coordinates[i], h))
    return gradient


def _check_order(order: int, minimum: int) -> None:
    if isinstance(order, bool) or not isinstance(order, int) or order < minimum:
        raise NumericError(f"derivative order must be an integer >= {minimum}, got {order!r}")


def _checked_offsets(offsets: Sequence[int | Fraction]) -> list[Fraction]:
    for offset in offsets:
        if isinstance(offset, bool) or not isinstance(offset, numbers.Rational):
            raise NumericError(f"offsets must be integers or Fractions, got {offset!r}")
    points = [Fraction(offset) for offset in offsets]
    if len(set(points)) != len(points):
        raise NumericError(f"offsets must be distinct, got {list(offsets)!r}")
    return points


def _checked_real(name: str, value: object) -> None:
    """A point or step must be a real number (int, float, Fraction, a NumPy scalar)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise NumericError(f"{name} must be a real number, got {type(value).__name__} {value!r}")


def _checked_function(f: object) -> None:
    if not callable(f):
        raise NumericError(f"f must be a function of real numbers, got {type(f).__name__}")


def _checked_step(x: Real, h: Real) -> Real:
    _checked_real("x", x)
    _checked_real("h", h)
    if not h > 0 or not math.isfinite(h):
        raise NumericError(f"step must be positive and finite, got {h!r}")
    if isinstance(h, float):
        # Use the step the machine actually takes, so the division by h matches the
        # difference of the arguments (x + h - x can differ from h in the last bits).
        h = (x + h) - x
        if h == 0:
            raise NumericError(f"step is too small to change x = {x!r}")
    return h


def _solve_exact(matrix: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction]:
    """Solve ``matrix @ w = rhs`` by Gaussian elimination in exact arithmetic."""
    size = len(rhs)
    rows = [[*row, value] for row, value in zip(matrix, rhs, strict=True)]
    for col in range(size):
        pivot = next((r for r in range(col, size) if rows[r][col] != 0), None)
        if pivot is None:
            raise NumericError("stencil system is singular; offsets must be distinct")
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(col + 1, size):
            factor = rows[r][col] / rows[col][col]
            if factor:
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    solution = [Fraction(0)] * size
    for r in reversed(range(size)):
        known = sum(rows[r][c] * solution[c] for c in range(r + 1, size))
        solution[r] = (rows[r][size] - known) / rows[r][r]
    return solution
