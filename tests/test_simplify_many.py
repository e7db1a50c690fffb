"""Properties of ``simplify_many`` and of the standard-form derivatives built on it.

Values are compared in 60-digit arithmetic (``precise`` from test_simplify_properties), after
``evaluate`` in floats says the input is defined and finite at the point; finite differences
are taken in that arithmetic too, with a tiny step, so that they are accurate to far more
digits than the tolerance.
"""

from __future__ import annotations

import math

import mpmath
from hypothesis import given, note, settings
from hypothesis import strategies as st
from reference import Undefined, cancels_to_tiny
from reference import float_literals as _float_literals_only
from strategies import SYMBOLS, exprs, smooth_exprs
from test_simplify_properties import POINTS, precise

from symdiff import REGISTRY, Mul, evaluate, simplify, simplify_many
from symdiff.core.errors import SymdiffError
from symdiff.diff.diff import differentiate, gradient, hessian

NAMES = [s.value for s in SYMBOLS]
TOLERANCE = 1e-9


def defined(expr, point) -> bool:
    """Whether ``expr`` evaluates in floats at ``point`` to a finite, moderate value."""
    try:
        value = evaluate(expr, point)
    except SymdiffError:
        return False
    return math.isfinite(value) and abs(value) <= 1e10


def exact_value(expr, point):
    """``expr`` at ``point`` in 60 digits, or None where it is undefined there (or only
    defined because rounding hides an exact zero)."""
    if cancels_to_tiny(expr, point):
        return None
    try:
        return precise(expr, point)
    except Undefined:
        return None


def assert_close(actual, expected, tolerance=TOLERANCE, what=""):
    assert abs(actual - expected) <= tolerance * max(1, abs(expected)), (what, expected, actual)


def assert_same_values(inputs, outputs, point):
    """Each output has its input's value wherever the input is defined."""
    for before, after in zip(inputs, outputs, strict=True):
        if not defined(before, point):
            continue
        expected = exact_value(before, point)
        if expected is None:
            continue  # defined in floats only by rounding
        note(f"input {before}\noutput {after}")
        actual = exact_value(after, point)
        assert actual is not None, f"{after} is undefined where {before} is not"
        assert_close(actual, expected, TOLERANCE * float_scale(before), what=str(before))


def float_scale(expr) -> float:
    """The largest float-only subexpression (at least 1): numbers are folded in a different
    order than written, so their rounding, about 1e-16 of this, reaches the value (``sin`` of
    a float near 1e7 differs in the 9th digit)."""
    scale = 1.0
    for node in _float_literals_only(expr):
        try:
            value = abs(evaluate(node))
        except SymdiffError:
            continue
        if math.isfinite(value):
            scale = max(scale, value)
    return scale


def related(pair):
    """A list with repeated and overlapping outputs: ``[e, f, e*f, sin(e), e]``."""
    e, f = pair
    return [e, f, Mul(e, f), REGISTRY["sin"](e), e, Mul(f, e, e)]


lists = st.lists(exprs(8), min_size=1, max_size=4) | st.tuples(exprs(6), exprs(6)).map(related)
smooth_lists = st.lists(smooth_exprs(), min_size=1, max_size=4) | st.tuples(
    smooth_exprs(6), smooth_exprs(6)
).map(related)


# -- (a) values ---------------------------------------------------------------------------------


@settings(max_examples=150)
@given(inputs=lists, point=POINTS)
def test_simplify_many_keeps_each_value(inputs, point):
    assert_same_values(inputs, simplify_many(inputs), point)


@settings(max_examples=100)
@given(inputs=smooth_lists, point=POINTS)
def test_simplify_many_keeps_each_value_of_smooth_expressions(inputs, point):
    assert_same_values(inputs, simplify_many(inputs), point)


# -- (b) idempotence ----------------------------------------------------------------------------


@settings(max_examples=150)
@given(inputs=lists)
def test_simplify_many_is_idempotent(inputs):
    once = simplify_many(inputs)
    twice = simplify_many(once)
    assert all(a is b for a, b in zip(once, twice, strict=True)), (once, twice)


@settings(max_examples=100)
@given(inputs=lists)
def test_simplify_many_maps_equal_inputs_to_equal_outputs(inputs):
    out = simplify_many(inputs)
    for i, a in enumerate(inputs):
        for j, b in enumerate(inputs):
            if a is b:
                assert out[i] is out[j]


# -- (c), (e) gradients and Hessians --------------------------------------------------------------


def _shifted(point, steps):
    moved = {n: mpmath.mpf(v) for n, v in point.items()}
    for name, step in steps:
        moved[name] += step
    return moved


def finite_gradient(f, point):
    """Central differences in 60 digits (error about h^2)."""
    with mpmath.workdps(60):
        h = mpmath.mpf(10) ** -20
        return [
            (precise(f, _shifted(point, [(n, h)])) - precise(f, _shifted(point, [(n, -h)])))
            / (2 * h)
            for n in NAMES
        ]


def finite_hessian(f, point):
    with mpmath.workdps(60):
        h = mpmath.mpf(10) ** -15

        def at(i, si, j, sj):
            return precise(f, _shifted(point, [(NAMES[i], si * h), (NAMES[j], sj * h)]))

        def second(i, j):
            return at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)

        return [[second(i, j) / (4 * h * h) for j in range(3)] for i in range(3)]


def _smooth_point(f, point):
    """Whether f and its standard and trivial forms can be compared at point (None: skip)."""
    if not defined(f, point):
        return False
    return exact_value(f, point) is not None


@settings(max_examples=60)
@given(f=smooth_exprs(), point=POINTS)
def test_gradient_agrees_with_trivial_form_and_finite_differences(f, point):
    standard = gradient(f, NAMES)
    trivial = gradient(f, NAMES, simplify="trivial")
    if not _smooth_point(f, point):
        return
    try:
        estimate = finite_gradient(f, point)
    except Undefined:
        return  # a singularity next to the point
    note(f"f = {f}\nstandard {[str(d) for d in standard]}")
    for s, t, fd in zip(standard, trivial, estimate, strict=True):
        expected = exact_value(t, point)
        if expected is None or abs(expected) > 1e10:
            continue
        actual = exact_value(s, point)
        assert actual is not None, f"{s} undefined where {t} is defined"
        assert_close(actual, expected, what=str(t))
        assert_close(actual, fd, 1e-8, what="finite differences")


@settings(max_examples=40)
@given(f=smooth_exprs(6), point=POINTS)
def test_hessian_agrees_with_trivial_form_and_finite_differences(f, point):
    standard = hessian(f, NAMES)
    trivial = hessian(f, NAMES, simplify="trivial")
    for i in range(len(NAMES)):
        for j in range(len(NAMES)):
            assert standard[i][j] is standard[j][i]  # (e) symmetry survives simplification
    if not _smooth_point(f, point):
        return
    try:
        estimate = finite_hessian(f, point)
    except Undefined:
        return
    note(f"f = {f}")
    for i in range(len(NAMES)):
        for j in range(len(NAMES)):
            expected = exact_value(trivial[i][j], point)
            if expected is None or abs(expected) > 1e10:
                continue
            actual = exact_value(standard[i][j], point)
            assert actual is not None, f"{standard[i][j]} undefined where {trivial[i][j]} is not"
            assert_close(actual, expected, what=str(trivial[i][j]))
            assert_close(actual, estimate[i][j], 1e-7, what="finite differences")


@settings(max_examples=60)
@given(f=exprs(8))
def test_hessian_is_symmetric_in_standard_form(f):
    h = hessian(f, NAMES)
    assert all(h[i][j] is h[j][i] for i in range(3) for j in range(3))


# -- (d) differentiate ------------------------------------------------------------------------


@settings(max_examples=100)
@given(e=exprs(10), wrt=st.sampled_from(SYMBOLS))
def test_derivative_is_a_fixed_point_of_simplify(e, wrt):
    d = differentiate(e, wrt)
    assert simplify(d) is d, (str(e), str(d), str(simplify(d)))


@settings(max_examples=60)
@given(e=smooth_exprs(), wrt=st.sampled_from(SYMBOLS), point=POINTS)
def test_second_derivative_agrees_with_trivial_form(e, wrt, point):
    standard = differentiate(e, wrt, n=2)
    trivial = differentiate(e, wrt, n=2, simplify="trivial")
    assert simplify(standard) is standard
    if not _smooth_point(e, point) or not defined(trivial, point):
        return
    expected = exact_value(trivial, point)
    if expected is None:
        return
    actual = exact_value(standard, point)
    assert actual is not None, f"{standard} undefined where {trivial} is not"
    assert_close(actual, expected, what=str(trivial))


@settings(max_examples=60)
@given(f=exprs(8))
def test_gradient_and_hessian_are_fixed_points_of_simplify_many(f):
    g = gradient(f, NAMES)
    assert all(a is b for a, b in zip(simplify_many(g), g, strict=True))
    cells = [c for row in hessian(f, NAMES) for c in row]
    assert all(a is b for a, b in zip(simplify_many(cells), cells, strict=True))
