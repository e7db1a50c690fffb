"""Functions written as plain NumPy code, traced, differentiated and compiled.

Each function of ``numpy_functions.CASES`` goes ``trace`` -> ``gradient`` (a scalar) or
``jacobian`` (a vector) -> ``lambdify`` (Python, NumPy, and C for some), and is checked at
reproducible random points:

- the traced expression (evaluated, at 40 digits, and compiled for NumPy) has the value
  the NumPy function computes on floats;
- every backend's derivative matches a central finite difference of the traced expression
  computed in 40-digit mpmath arithmetic (``reference.precise``, step 1e-15: its error is
  about 1e-25 of the values involved), to a relative 1e-10.

Points closer than ``reference.SWITCH_TOLERANCE`` to a switch of ``max``, ``where`` or
``abs`` (a ReLU's kink, the Huber loss's seam) are redrawn: a derivative is not defined there.
"""

from __future__ import annotations

import functools

import mpmath
import numpy as np
import pytest
import reference
from numpy_functions import CASES, Case
from reference import near_switch, precise

from symdiff import evaluate, gradient, jacobian, lambdify, symbols, trace
from symdiff.emit.lambdify import c_compiler

DIGITS = 40
STEP = mpmath.mpf(10) ** -15
POINTS = 2
TOLERANCE = 1e-10

# the careful functions, for the reference evaluator (which knows the elementary ones)
for _name, _function in {
    "log1p": mpmath.log1p,
    "expm1": mpmath.expm1,
    "hypot": mpmath.hypot,
    "log2": lambda u: mpmath.log(u, 2),
    "exp2": lambda u: mpmath.mpf(2) ** u,
}.items():
    reference.FUNCTIONS.setdefault(_name, _function)

BY_NAME = {case.name: case for case in CASES}
NAMES = list(BY_NAME)


@functools.cache
def traced(name: str) -> tuple:
    """``(variables, outputs, derivative rows)``: one trace per function, then the
    gradient of a scalar or the Jacobian of a vector."""
    case = BY_NAME[name]
    variables = symbols(f"x:{case.n}")
    result = trace(case.function, variables)
    if isinstance(result, list):  # a vector function: its Jacobian
        return variables, result, jacobian(result, variables)
    return variables, [result], [gradient(result, variables)]


@functools.cache
def points(name: str) -> tuple[tuple[float, ...], ...]:
    """``POINTS`` random points in the case's box, away from every switch (seeded by name)."""
    case = BY_NAME[name]
    _, outputs, _ = traced(name)
    rng = np.random.default_rng([ord(c) for c in name])
    chosen: list[tuple[float, ...]] = []
    while len(chosen) < POINTS:
        point = tuple(float(v) for v in rng.uniform(case.low, case.high, case.n))
        if not any(near_switch(e, _env(point)) for e in outputs):
            chosen.append(point)
    return tuple(chosen)


def _env(point: tuple[float, ...]) -> dict[str, float]:
    return {f"x{i}": v for i, v in enumerate(point)}


def numeric_jacobian(outputs: list, point: tuple[float, ...]) -> list[list[mpmath.mpf]]:
    """Central differences of the outputs, one column per variable, at 40 digits."""
    rows: list[list[mpmath.mpf]] = [[] for _ in outputs]
    with mpmath.workdps(DIGITS):
        for i in range(len(point)):
            up, down = _env(point), _env(point)
            up[f"x{i}"] = mpmath.mpf(point[i]) + STEP
            down[f"x{i}"] = mpmath.mpf(point[i]) - STEP
            for row, e in zip(rows, outputs, strict=True):
                row.append((precise(e, up, None) - precise(e, down, None)) / (2 * STEP))
    return rows


def assert_rows_close(got, expected, where: str) -> None:
    """Each entry to ``TOLERANCE`` of itself, or of a millionth of its row's largest entry
    (a gradient's small components are computed next to its large ones)."""
    for i, (row, row_expected) in enumerate(zip(got, expected, strict=True)):
        size = max(abs(v) for v in row_expected)
        for j, (value, want) in enumerate(zip(row, row_expected, strict=True)):
            bound = TOLERANCE * max(abs(want), 1e-6 * size, 1e-300)
            assert abs(value - want) <= bound, f"{where}: d f{i} / d x{j} = {value}, not {want}"


def test_there_are_at_least_25_functions():
    assert len(CASES) >= 25
    assert len(NAMES) == len(CASES)  # names are unique


@pytest.mark.parametrize("name", NAMES)
def test_the_trace_computes_what_numpy_computes(name):
    case: Case = BY_NAME[name]
    variables, outputs, _ = traced(name)
    for point in points(name):
        expected = np.atleast_1d(np.asarray(case.function(np.array(point)), dtype=float))
        got = [evaluate(e, _env(point)) for e in outputs]
        assert got == pytest.approx(expected, rel=1e-12, abs=1e-12)
        with mpmath.workdps(DIGITS):
            exact = [float(precise(e, _env(point), None)) for e in outputs]
        assert exact == pytest.approx(expected, rel=1e-12, abs=1e-12)
    compiled = lambdify(outputs, variables, backend="numpy")
    columns = [np.array([p[i] for p in points(name)]) for i in range(case.n)]
    got = np.asarray(compiled(*columns), dtype=float).reshape(len(outputs), -1)
    expected = [np.atleast_1d(case.function(np.array(p))).astype(float) for p in points(name)]
    np.testing.assert_allclose(got.T, np.array(expected), rtol=1e-12, atol=1e-12)


def _backends() -> list:
    cases = [(n, b) for n in NAMES for b in ("python", "numpy")]
    cases += [(c.name, "c") for c in CASES if c.c]
    return [
        pytest.param(
            n, b, marks=pytest.mark.skipif(b == "c" and c_compiler() is None, reason="no cc")
        )
        for n, b in cases
    ]


@pytest.mark.parametrize(("name", "backend"), _backends())
def test_derivatives_match_mpmath_finite_differences(name, backend):
    variables, outputs, derivative = traced(name)
    function = lambdify(derivative, variables, backend=backend)
    chosen = points(name)
    if backend == "numpy":  # all points in one call: shape (rows, columns, points)
        columns = [np.array([p[i] for p in chosen]) for i in range(len(variables))]
        values = np.asarray(function(*columns), dtype=float).reshape(
            len(outputs), len(variables), len(chosen)
        )
        computed = [values[:, :, k].tolist() for k in range(len(chosen))]
    else:
        computed = [function(*point) for point in chosen]
    for point, got in zip(chosen, computed, strict=True):
        expected = numeric_jacobian(outputs, point)
        assert_rows_close(got, expected, f"{name} ({backend}) at {point}")
