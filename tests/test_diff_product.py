"""The n-ary product rule: linear in the number of factors, exact at every point."""

from __future__ import annotations

import random

import mpmath
import pytest

from symdiff import Mul, Number, Op, Pow, count_ops, evaluate, parse, sin, symbols
from symdiff.diff import differentiate, hessian
from symdiff.notebook.explain import explain

x, y = symbols("x y")

#: Each factor as symdiff text and as an mpmath function; (2*x - 1) is zero at x = 1/2.
FACTORS = [
    ("sin({k}*x)", lambda t, k: mpmath.sin(k * t)),
    ("(x + {k})^-1", lambda t, k: 1 / (t + k)),
    ("exp(x/{k})", lambda t, k: mpmath.exp(t / k)),
    ("(x^2 - {k})", lambda t, k: t**2 - k),
    ("(2*x - 1)", lambda t, k: 2 * t - 1),
    ("{k}", lambda t, k: mpmath.mpf(k)),
]


def _random_product(rng: random.Random, n: int) -> tuple[str, object]:
    chosen = [(rng.choice(FACTORS), rng.randint(1, 9)) for _ in range(n)]
    text = "*".join(form.format(k=k) for (form, _), k in chosen)

    def value(t: mpmath.mpf) -> mpmath.mpf:
        result = mpmath.mpf(1)
        for (_, f), k in chosen:
            result *= f(t, k)
        return result

    return text, value


def _sines(n: int) -> str:
    return "*".join(f"sin({k}*x)" for k in range(1, n + 1))


def _sine_product(n: int):
    return Mul(*(sin(Number(k) * x) for k in range(1, n + 1)))


def _division_chain(n: int):
    """``x/(x + 1)/.../(x + n)`` as the parser builds it: one flat product."""
    return Mul(x, *(Pow(x + Number(k), Number(-1)) for k in range(1, n + 1)))


def _nested_chain(n: int):
    node = x
    for k in range(1, n + 1):
        node = Mul(node, Pow(x + Number(k), Number(-1)))
    return node


@pytest.mark.parametrize("level", [False, "trivial", True])
@pytest.mark.parametrize("seed", range(6))
def test_product_derivative_matches_mpmath(seed, level):
    rng = random.Random(seed)
    text, value = _random_product(rng, rng.randint(5, 50))
    derivative = differentiate(text, "x", simplify=level)
    for point in (0.5, -0.3, 1.7):  # 0.5 is a zero of (2*x - 1)
        with mpmath.workdps(40):
            exact = float(mpmath.diff(value, mpmath.mpf(point)))
        assert evaluate(derivative, x=point) == pytest.approx(exact, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("level", [False, "trivial"])
def test_product_with_two_zero_factors_has_derivative_zero_there(level):
    text = "*".join(["(2*x - 1)", "sin(x)", "(2*x - 1)", *(f"(x + {k})" for k in range(8))])
    assert evaluate(differentiate(text, "x", simplify=level), x=0.5) == 0
    second = differentiate(text, "x", 2, simplify=level)
    with mpmath.workdps(40):
        exact = mpmath.diff(lambda t: mpmath.sin(t) * (2 * t - 1) ** 2 * mpmath.rf(t, 8), 0.5, 2)
    assert evaluate(second, x=0.5) == pytest.approx(float(exact), rel=1e-9)


SIZES = [(_sine_product, 1000), (_sine_product, 10_000), (_division_chain, 10_000)]


@pytest.mark.parametrize(
    ("family", "n", "level"),
    [
        *((family, n, level) for family, n in SIZES for level in (False, "trivial")),
        (_nested_chain, 5000, False),
        (_nested_chain, 5000, "trivial"),
        (_sine_product, 1000, True),  # the standard form takes longer: smaller sizes
        (_division_chain, 1000, True),
        (_nested_chain, 1000, True),
    ],
)
def test_product_derivative_is_linear_in_the_factors(family, n, level):
    expr = family(n)
    derivative = differentiate(expr, "x", simplify=level)
    assert count_ops(derivative, dag=True) <= 4 * count_ops(expr, dag=True)


def test_the_parser_builds_a_division_chain_as_one_flat_product():
    assert parse("x/(x + 1)/(x + 2)/(x + 3)") is _division_chain(3)


def test_small_products_keep_the_textbook_form():
    assert str(differentiate("x*x + 3", "x", simplify=False)) == "(x*1 + 1*x) + 0"
    assert str(differentiate("x*sin(x)*exp(x)", "x", simplify="trivial")) == (
        "x*sin(x)*exp(x) + x*cos(x)*exp(x) + sin(x)*exp(x)"
    )


def test_large_product_shares_prefix_and_suffix_products():
    raw = differentiate("a*b*c*d*e*x", "x", simplify=False)
    assert str(raw).startswith("((((a*b)*c)*d)*e)*1 + ")
    assert count_ops(raw, dag=True) < count_ops(raw)


@pytest.mark.parametrize("level", [False, "trivial", True])
def test_higher_derivatives_of_a_product_stay_linear(level):
    expr = parse(_sines(200))
    third = differentiate(expr, "x", 3, simplify=level)
    assert count_ops(third, dag=True) <= 80 * count_ops(expr, dag=True)
    with mpmath.workdps(40):
        f = lambda t: mpmath.fprod(mpmath.sin(k * t) for k in range(1, 21))  # noqa: E731
        exact = float(mpmath.diff(f, mpmath.mpf("0.3"), 3))
    small = differentiate(_sines(20), "x", 3, simplify=level)
    assert evaluate(small, x=0.3) == pytest.approx(exact, rel=1e-8)


@pytest.mark.parametrize("level", ["trivial", False, True])
def test_hessian_of_a_long_product_is_linear(level):
    text = "x*y*" + _sines(1000)
    rows = hessian(text, ["x", "y"], simplify=level)
    cells = [cell for row in rows for cell in row]
    assert count_ops(cells, dag=True) <= 30 * count_ops(parse(text), dag=True)
    small = "x*y*" + _sines(6)
    with mpmath.workdps(40):
        f = lambda t: t * mpmath.fprod(mpmath.sin(k * t) for k in range(1, 7))  # noqa: E731
        exact = float(mpmath.diff(f, mpmath.mpf("0.4")))
    h = hessian(small, ["x", "y"], simplify=level)
    assert evaluate(h[0][1], x=0.4, y=2.0) == pytest.approx(exact, rel=1e-9)


def test_the_standard_form_of_a_long_products_derivative_keeps_shared_products_whole():
    expr = _sine_product(300)
    derivative = differentiate(expr, "x")
    assert count_ops(derivative, dag=True) <= 4 * count_ops(expr, dag=True)
    short = differentiate(_sines(6), "x")  # short products still expand for reading
    assert all(term.op is Op.MUL and len(term.args) >= 6 for term in short.args)


def test_explaining_a_long_product_is_linear_and_exact():
    expr = _sine_product(1000)
    derivation = explain(expr, "x", simplify="trivial")
    assert derivation.steps[0].rule == "product rule"
    assert count_ops(derivation.raw, dag=True) <= 4 * count_ops(expr, dag=True)
    text, value = _random_product(random.Random(7), 40)
    derivation = explain(text, "x", simplify=False)
    for point in (0.5, 1.3):
        with mpmath.workdps(40):
            exact = float(mpmath.diff(value, mpmath.mpf(point)))
        assert evaluate(derivation.raw, x=point) == pytest.approx(exact, rel=1e-9, abs=1e-12)


def test_explaining_a_short_product_writes_every_term_out():
    step = explain("x*sin(x)*cos(x)", "x").steps[0]
    assert str(step.expansion) == ("sin(x)*cos(x) + x*d/dx(sin(x))*cos(x) + x*sin(x)*d/dx(cos(x))")
