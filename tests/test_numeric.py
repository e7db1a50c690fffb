"""Tests for symdiff.diff.numeric: exact stencils, convergence orders, steps, gradients."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symdiff.diff.numeric import (
    NumericError,
    backward_difference,
    central_difference,
    central_offsets,
    forward_difference,
    numerical_gradient,
    optimal_step,
    richardson,
    stencil_accuracy,
    stencil_derivative,
    stencil_weights,
)

F = Fraction

# Known tables (Fornberg 1988, "Generation of finite difference formulas on arbitrarily
# spaced grids"), as (offsets, order, weights).
KNOWN_STENCILS = {
    "central-3-first": ([-1, 0, 1], 1, [F(-1, 2), 0, F(1, 2)]),
    "central-3-second": ([-1, 0, 1], 2, [1, -2, 1]),
    "central-5-first": ([-2, -1, 0, 1, 2], 1, [F(1, 12), F(-2, 3), 0, F(2, 3), F(-1, 12)]),
    "central-5-second": (
        [-2, -1, 0, 1, 2],
        2,
        [F(-1, 12), F(4, 3), F(-5, 2), F(4, 3), F(-1, 12)],
    ),
    "central-5-third": ([-2, -1, 0, 1, 2], 3, [F(-1, 2), 1, 0, -1, F(1, 2)]),
    "central-5-fourth": ([-2, -1, 0, 1, 2], 4, [1, -4, 6, -4, 1]),
    "forward-2-first": ([0, 1], 1, [-1, 1]),
    "backward-2-first": ([-1, 0], 1, [-1, 1]),
    "forward-3-first": ([0, 1, 2], 1, [F(-3, 2), 2, F(-1, 2)]),
    "forward-4-first": ([0, 1, 2, 3], 1, [F(-11, 6), 3, F(-3, 2), F(1, 3)]),
    "forward-4-second": ([0, 1, 2, 3], 2, [2, -5, 4, -1]),
    "half-steps-first": ([F(-1, 2), F(1, 2)], 1, [-1, 1]),
    "unordered-first": ([1, -1, 0], 1, [F(1, 2), F(-1, 2), 0]),
    "interpolate-at-0": ([-1, 1], 0, [F(1, 2), F(1, 2)]),
}


@pytest.mark.parametrize(
    ("offsets", "order", "expected"), KNOWN_STENCILS.values(), ids=KNOWN_STENCILS.keys()
)
def test_stencil_weights_match_known_tables(offsets, order, expected):
    weights = stencil_weights(offsets, order)
    assert weights == [F(w) for w in expected]
    assert all(type(w) is Fraction for w in weights)


@pytest.mark.parametrize(
    ("offsets", "order", "accuracy"),
    [
        ([-1, 0, 1], 1, 2),
        ([-1, 0, 1], 2, 2),
        ([-2, -1, 0, 1, 2], 1, 4),
        ([0, 1], 1, 1),
        ([0, 1, 2], 1, 2),
        ([-2, -1, 0, 1, 2], 3, 2),
        ([0, 1, 3], 2, 1),
    ],
)
def test_stencil_accuracy(offsets, order, accuracy):
    assert stencil_accuracy(offsets, order) == accuracy


@pytest.mark.parametrize(
    ("order", "accuracy", "offsets"),
    [
        (1, 2, [-1, 0, 1]),
        (2, 2, [-1, 0, 1]),
        (3, 2, [-2, -1, 0, 1, 2]),
        (4, 2, [-2, -1, 0, 1, 2]),
        (1, 4, [-2, -1, 0, 1, 2]),
        (2, 6, list(range(-3, 4))),
    ],
)
def test_central_offsets_are_smallest_with_accuracy(order, accuracy, offsets):
    assert central_offsets(order, accuracy) == offsets
    assert stencil_accuracy(offsets, order) >= accuracy
    assert len(offsets) - 2 <= order or stencil_accuracy(offsets[1:-1], order) < accuracy


@pytest.mark.parametrize(
    ("offsets", "order", "message"),
    [
        ([-1, 0, 1], 3, "at least 4 offsets"),
        ([0], 1, "at least 2 offsets"),
        ([0, 1, 1], 1, "distinct"),
        ([F(1, 2), F(2, 4)], 1, "distinct"),
        ([0, 0.5], 1, "integers or Fractions"),
        ([0, 1], -1, "order"),
        ([0, 1], 1.0, "order"),
    ],
)
def test_stencil_weights_rejects_bad_input(offsets, order, message):
    with pytest.raises(NumericError, match=message):
        stencil_weights(offsets, order)


def test_numeric_error_is_value_error():
    assert issubclass(NumericError, ValueError)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: central_difference(math.sin, 1.0, h=0.0), "positive"),
        (lambda: forward_difference(math.sin, 1.0, h=-1e-3), "positive"),
        (lambda: central_difference(math.sin, 1.0, h=math.nan), "positive"),
        (lambda: central_difference(math.sin, 1e20, h=1e-10), "too small"),
        (lambda: stencil_derivative(math.sin, 1.0, offsets=[0, 1], accuracy=2), "not both"),
        (lambda: stencil_derivative(math.sin, 1.0, accuracy=3), "even"),
        (lambda: optimal_step(1, 0), "accuracy"),
        (lambda: richardson(math.sin, 1.0, levels=1), "levels"),
        (lambda: richardson(math.sin, 1.0, ratio=1.0), "ratio"),
        (lambda: numerical_gradient(math.hypot, [1.0, 2.0], method="sideways"), "sideways"),
        # wrong kinds of argument: a NumericError, never Python's TypeError
        (lambda: central_difference(math.sin, "1.0"), "x must be a real number"),
        (lambda: forward_difference(math.sin, None), "x must be a real number"),
        (lambda: central_difference(math.sin, 1.0, h="1e-3"), "h must be a real number"),
        (lambda: central_difference("sin", 1.0), "f must be a function"),
        (lambda: stencil_derivative(None, 1.0), "f must be a function"),
        (lambda: richardson(math.sin, [1.0]), "x must be a real number"),
        (lambda: richardson(math.sin, 1.0, ratio="2"), "ratio must be a real number"),
        (lambda: richardson(math.sin, 1.0, levels=True), "levels"),
        (lambda: optimal_step(1, 2, x="0"), "x must be a real number"),
        (lambda: numerical_gradient(math.hypot, "12"), "point must be a sequence"),
        (lambda: numerical_gradient(math.hypot, [1.0, None]), r"point\[1\] must be a real"),
        (lambda: numerical_gradient(42, [1.0]), "f must be a function"),
    ],
)
def test_bad_arguments_raise_numeric_error(call, message):
    with pytest.raises(NumericError, match=message):
        call()


# --- convergence orders -------------------------------------------------------------------

# Steps 2^-3 .. 2^-10: large enough that truncation error dominates rounding on sin at 1.0.
STEPS = [2.0**-k for k in range(3, 11)]


def _slope(steps, errors):
    """Least-squares slope of log(error) against log(step)."""
    xs, ys = [math.log(h) for h in steps], [math.log(e) for e in errors]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    num = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return num / sum((x - mean_x) ** 2 for x in xs)


@pytest.mark.parametrize(
    ("estimate", "expected_slope"),
    [
        (lambda h: forward_difference(math.sin, 1.0, h) - math.cos(1.0), 1),
        (lambda h: backward_difference(math.sin, 1.0, h) - math.cos(1.0), 1),
        (lambda h: central_difference(math.sin, 1.0, h) - math.cos(1.0), 2),
        (lambda h: stencil_derivative(math.sin, 1.0, 1, [0, 1, 2], h) - math.cos(1.0), 2),
        (lambda h: stencil_derivative(math.sin, 1.0, 2, h=h) + math.sin(1.0), 2),
    ],
    ids=["forward", "backward", "central", "one-sided-3", "second-derivative"],
)
def test_error_order_is_measured_slope(estimate, expected_slope):
    errors = [abs(estimate(h)) for h in STEPS]
    assert _slope(STEPS, errors) == pytest.approx(expected_slope, abs=0.05)


def test_fourth_order_stencil_converges_at_fourth_order():
    steps = [2.0**-k for k in range(2, 7)]  # h^4 error reaches rounding level sooner
    errors = [abs(stencil_derivative(math.sin, 1.0, accuracy=4, h=h) - math.cos(1)) for h in steps]
    assert _slope(steps, errors) == pytest.approx(4, abs=0.1)


# --- default step ---------------------------------------------------------------------------


def test_optimal_step_formula_and_scaling():
    assert optimal_step(1, 1) == pytest.approx(math.sqrt(2.0**-52))
    assert optimal_step(1, 2) == pytest.approx(2.0 ** (-52 / 3))
    assert optimal_step(2, 2) == pytest.approx(2.0**-13)
    assert optimal_step(1, 2, x=0.5) == optimal_step(1, 2)
    assert optimal_step(1, 2, x=-1e6) == pytest.approx(1e6 * optimal_step(1, 2))


@pytest.mark.parametrize(
    ("difference", "accuracy"),
    [(forward_difference, 1), (central_difference, 2)],
    ids=["forward", "central"],
)
def test_optimal_step_beats_much_larger_and_smaller_steps(difference, accuracy):
    """The seed talk's experiment: error falls with h, then rounding makes it rise again."""
    points = [0.3, 0.7, 1.0, 1.9, 2.6]

    def total_error(scale):
        h = scale * optimal_step(1, accuracy)
        return sum(abs(difference(math.sin, x, h) - math.cos(x)) for x in points)

    best = total_error(1.0)
    assert best < total_error(1e-3)
    assert best < total_error(1e3)


@pytest.mark.parametrize("x", [1e-3, 1.0, 1e4, -3e7])
def test_default_steps_scale_with_x(x):
    """The step is relative to |x|, so relative accuracy holds at every magnitude."""

    def cube(t):
        return t**3

    exact = 3 * x * x
    assert forward_difference(cube, x) == pytest.approx(exact, rel=1e-7, abs=1e-7)
    assert backward_difference(cube, x) == pytest.approx(exact, rel=1e-7, abs=1e-7)
    assert central_difference(cube, x) == pytest.approx(exact, rel=1e-10, abs=1e-10)
    # Without the scaling the step vanishes beside x and the difference is meaningless.
    with pytest.raises(NumericError, match="too small"):
        central_difference(cube, 3e12, h=optimal_step(1, 2))


def test_default_stencil_second_derivative():
    assert stencil_derivative(math.exp, 1.0, order=2) == pytest.approx(math.e, rel=1e-7)
    assert stencil_derivative(math.exp, 1.0, order=2, accuracy=4) == pytest.approx(math.e, rel=1e-9)


# --- Richardson -----------------------------------------------------------------------------

CASES = [
    (math.sin, math.cos, 1.0),
    (math.tan, lambda x: 1 / math.cos(x) ** 2, 1.2),
    (math.sqrt, lambda x: 0.5 / math.sqrt(x), 1.7),
    (math.exp, math.exp, 0.5),
    (math.log, lambda x: 1 / x, 2.0),
    (math.atan, lambda x: 1 / (1 + x * x), -0.7),
    (lambda x: x**5 - 3 * x, lambda x: 5 * x**4 - 3, 1.3),
]


@pytest.mark.parametrize(("f", "df", "x"), CASES)
def test_richardson_beats_plain_central_difference(f, df, x):
    value, error = richardson(f, x)
    exact = df(x)
    actual = abs(value - exact)
    assert actual <= abs(central_difference(f, x) - exact)
    assert actual < 1e-12 * max(1.0, abs(exact))
    assert actual <= 10 * error + 1e-15  # the error estimate is not wildly optimistic


def test_richardson_improves_on_its_own_first_column():
    h = 0.1
    value, _ = richardson(math.sin, 1.0, h=h, levels=3)
    plain = central_difference(math.sin, 1.0, h / 4)  # the smallest step it used
    assert abs(value - math.cos(1.0)) < abs(plain - math.cos(1.0)) / 1000


# --- gradient -------------------------------------------------------------------------------


def _rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def _rosenbrock_gradient(x, y):
    return [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]


GRADIENT_CASES = {
    "rosenbrock": (_rosenbrock, _rosenbrock_gradient, [-1.2, 1.0]),
    "product-sine": (
        lambda x, y, z: x * y * math.sin(z),
        lambda x, y, z: [y * math.sin(z), x * math.sin(z), x * y * math.cos(z)],
        [0.5, -2.0, 1.1],
    ),
    "exp-cos": (
        lambda x, y: math.exp(x) * math.cos(y),
        lambda x, y: [math.exp(x) * math.cos(y), -math.exp(x) * math.sin(y)],
        [0.3, 2.0],
    ),
    "one-variable": (math.sin, lambda x: [math.cos(x)], [0.4]),
}


@pytest.mark.parametrize(
    ("f", "gradient", "point"), GRADIENT_CASES.values(), ids=GRADIENT_CASES.keys()
)
@pytest.mark.parametrize(("method", "tolerance"), [("central", 1e-8), ("forward", 1e-6)])
def test_numerical_gradient_matches_analytic(f, gradient, point, method, tolerance):
    estimate = numerical_gradient(f, point, method=method)
    expected = gradient(*point)
    assert isinstance(estimate, list)
    scale = max(1.0, *map(abs, expected))
    assert estimate == pytest.approx(expected, abs=tolerance * scale)


def test_numerical_gradient_accepts_tuple_and_leaves_it_alone():
    point = (1.0, 2.0)
    assert numerical_gradient(lambda x, y: x * y, point, h=1e-4) == pytest.approx([2.0, 1.0])
    assert point == (1.0, 2.0)
    assert numerical_gradient(lambda: 1.0, []) == []


def test_numerical_gradient_is_exact_in_fractions():
    point = [F(1, 3), F(-2)]
    gradient = numerical_gradient(lambda x, y: x * x * y + y, point, h=F(1, 7))
    assert gradient == [2 * point[0] * point[1], point[0] ** 2 + 1]


# --- exactness on polynomials in Fraction arithmetic ---------------------------------------

rationals = st.fractions(min_value=-10, max_value=10, max_denominator=20)


def _derivative_coefficients(coefficients, order):
    for _ in range(order):
        coefficients = [k * c for k, c in enumerate(coefficients)][1:]
    return coefficients


def _evaluate(coefficients, x):
    total = Fraction(0)
    for c in reversed(coefficients):
        total = total * x + c
    return total


@st.composite
def polynomial_stencils(draw):
    degree = draw(st.integers(0, 6))
    order = draw(st.integers(0, 4))
    coefficients = draw(st.lists(rationals, min_size=degree + 1, max_size=degree + 1))
    # Exact for degree d once the n moments k = 0 .. n-1 cover d: n >= d + 1, n > order.
    size = max(degree, order) + 1 + draw(st.integers(0, 2))
    offsets = draw(
        st.lists(
            st.one_of(st.integers(-6, 6), st.fractions(-6, 6, max_denominator=4)),
            min_size=size,
            max_size=size,
            unique_by=Fraction,
        )
    )
    return coefficients, order, offsets


@settings(max_examples=150, deadline=None)
@given(polynomial_stencils(), rationals, st.fractions(F(1, 100), 2, max_denominator=100))
def test_stencil_is_exact_on_polynomials(case, x, h):
    coefficients, order, offsets = case
    estimate = stencil_derivative(
        lambda t: _evaluate(coefficients, t), x, order=order, offsets=offsets, h=h
    )
    assert type(estimate) is Fraction
    assert estimate == _evaluate(_derivative_coefficients(coefficients, order), x)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.data())
def test_symmetric_stencils_are_symmetric(half_width, order, data):
    offsets = list(range(-half_width, half_width + 1))
    if len(offsets) <= order:
        offsets = list(range(-order, order + 1))
    weights = stencil_weights(offsets, order)
    sign = (-1) ** order
    assert weights == [sign * w for w in reversed(weights)]
    assert sum(weights) == 0
    # Reordering the offsets reorders the weights with them.
    permuted = data.draw(st.permutations(range(len(offsets))))
    shuffled = stencil_weights([offsets[i] for i in permuted], order)
    assert shuffled == [weights[i] for i in permuted]


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 3), st.integers(2, 5))
def test_scaled_offsets_scale_weights(order, size):
    offsets = list(range(size + order))
    scale = F(1, 2)
    unit = stencil_weights(offsets, order)
    halved = stencil_weights([scale * o for o in offsets], order)
    assert halved == [w / scale**order for w in unit]
