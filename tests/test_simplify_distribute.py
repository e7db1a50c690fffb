"""Distributing a sum factor where its terms cancel (symdiff.simplify.distribute).

Exact results where the form is the point (the product-rule sums of the cited corpus), sums
left alone where nothing collects, values in 60-digit arithmetic and idempotence on random
sums built to have such factors, and the bounds: numbers that would grow, deep
chains of sums in products, and a 10^4-node expression, each simplified with a bounded
number of tries per sum.
"""

from __future__ import annotations

import importlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_simplify_properties import POINTS, assert_same_value

from symdiff import count_ops, differentiate, parse, simplify
from symdiff.core.expr import Add, Mul, Op, symbols
from symdiff.core.traverse import postorder
from symdiff.simplify.simplify import simplify_report

run_module = importlib.import_module("symdiff.simplify.run")

x, y = symbols("x y")

OPENED = [
    # a product rule's sum whose second term cancels against another term
    ("2*(x*cos(x) + sin(x))/sqrt(cos(x)) - 2*sin(x)/sqrt(cos(x))", "2*x*sqrt(cos(x))"),
    ("2*sqrt(cosh(x))*(x*cosh(x) + sinh(x))/3 - 2*sqrt(cosh(x))*sinh(x)/3", "2*x*cosh(x)^(3/2)/3"),
    # the new term cancels once a rule has rewritten it (sinh/cosh -> tanh)
    ("(atan(sinh(x))*sinh(x) + 1)/cosh(x) - atan(sinh(x))*tanh(x)", "1/cosh(x)"),
    # collecting, not only cancelling
    (
        "x^2*cos(x)*sinh(y) + x*sinh(y)*(2*x*cos(x) - x^2*sin(x))",
        "3*x^2*cos(x)*sinh(y) - x^3*sin(x)*sinh(y)",
    ),
    # a number term collects with the constant
    ("(sin(x) + cos(x))/sin(x) - 1", "cot(x)"),
    # two factors opened together: each alone is no smaller
    ("x*(y + 1) - x*(y + 2)", "-x"),
    ("(x + 1)*(x + 2) - x", "x*(x + 2) + 2"),
    ("sin(x)*(x + y) + cos(x)*(x - y) - x*sin(x) - x*cos(x)", "y*sin(x) - y*cos(x)"),
]

KEPT = [
    "x*(y + 1) + 2",  # nothing collects
    "sin(x)*(x + 1) + cos(x)*(x - 1)",
    "x*(x*(x + 1) + 1) + 1",  # Horner form: opening collects nothing
    "(x + 1)*(x + 2) + y",
]


@pytest.mark.parametrize(("text", "expected"), OPENED, ids=[t for t, _ in OPENED])
def test_opened_where_terms_collect(text, expected, monkeypatch):
    report = simplify_report(parse(text))
    assert str(report.expr) == expected
    assert report.rewrites["distribute-to-cancel"] >= 1
    assert count_ops(report.expr) < count_ops(_without_the_step(parse(text), monkeypatch))


@pytest.mark.parametrize("text", KEPT)
def test_kept_where_nothing_collects(text):
    report = simplify_report(parse(text))
    assert report.rewrites["distribute-to-cancel"] == 0
    assert report.stop_reason == "fixed-point"


def test_the_cited_product_rule_cases_match_sympy_diff():
    """Four of the cases that were twice sympy.diff's size: now sympy.diff's form."""
    cases = {
        "4*sqrt(cos(x)) + (2*x*sin(x))/sqrt(cos(x))": "2*x*sqrt(cos(x)) + x*sin(x)^2/cos(x)^(3/2)",
        "(-2*x*cosh(x))/sqrt(sinh(x)) + 4*sqrt(sinh(x))": (
            "x*cosh(x)^2/sinh(x)^(3/2) - 2*x*sqrt(sinh(x))"
        ),
        "(atan(sinh(x))*cosh(x))/sqrt(cosh(x)^2)": "1/cosh(x)",
        "4/(3*sqrt(cosh(x))) + (2*x*sinh(x))/(3*cosh(x)^(3/2))": (
            "2*x/(3*sqrt(cosh(x))) - x*sinh(x)^2/cosh(x)^(5/2)"
        ),
    }
    for text, expected in cases.items():
        assert str(differentiate(text, "x")) == expected


def _without_the_step(expr, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(run_module, "distributed", lambda *args: None)
        return simplify(expr)


def _counting(monkeypatch) -> list[int]:
    calls = [0]
    real = run_module.distributed

    def counted(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(run_module, "distributed", counted)
    return calls


def test_a_deep_chain_of_sums_in_products_is_tried_once_per_sum(monkeypatch):
    """``x*(x*(... + 1) + 1) + 1``, 5,000 deep: every sum has a sum factor, none opens; each
    sum is tried once (no Python recursion, linear work)."""
    calls = _counting(monkeypatch)
    depth = 5_000
    chain = x
    for _ in range(depth):
        chain = Add(Mul(x, chain), 1)
    report = simplify_report(chain)
    assert report.stop_reason == "fixed-point"
    assert report.rewrites["distribute-to-cancel"] == 0
    assert calls[0] <= depth + 10
    assert sum(1 for n in postorder(report.expr) if n.op is Op.ADD) == depth


def test_a_deep_chain_that_cancels_at_every_level(monkeypatch):
    """``y*(s + x) - x*y`` nested 2,000 deep opens at every level, each once."""
    calls = _counting(monkeypatch)
    depth = 2_000
    chain = x
    for _ in range(depth):
        chain = Add(Mul(y, Add(chain, x)), Mul(-1, Mul(x, y)))  # y*(s + x) - x*y = y*s
    report = simplify_report(chain)
    assert report.stop_reason == "fixed-point"
    assert report.expr is simplify(report.expr)
    assert calls[0] <= 4 * depth + 10
    assert str(report.expr) == f"x*y^{depth}"


def test_a_large_expression_is_simplified_with_a_bounded_number_of_tries(monkeypatch):
    """About 10^4 unique nodes of sums with sum factors: tries at most a few per sum."""
    calls = _counting(monkeypatch)
    terms = []
    for k in range(1, 1200):
        inner = Add(Mul(k, x), Mul(y, parse(f"sin({k}*x)")))
        terms += [Mul(parse(f"cos({k}*x)"), inner), Mul(-k, x, parse(f"cos({k}*x)"))]
    big = Add(*terms)
    assert len(postorder(big)) > 10_000
    report = simplify_report(big)
    assert report.stop_reason == "fixed-point"
    sums = sum(1 for n in postorder(big) if n.op is Op.ADD)
    assert calls[0] <= 4 * sums + 10
    assert simplify(report.expr) is report.expr


# -- properties: random sums with sum factors -----------------------------------------------------

ATOMS = ["x", "y", "sin(x)", "cos(x)", "tan(x)", "sinh(x)", "cosh(x)", "tanh(x)", "sqrt(x^2 + 1)"]
atoms = st.sampled_from(ATOMS)
coefficients = st.sampled_from(["1", "2", "-1", "3/2", "-2/3"])


@st.composite
def factored_sums(draw) -> str:
    """``c1*a*(b + d) + c2*e*f + ...``: terms with a sum factor, and terms that may collect
    with their pieces (drawn from the same few atoms)."""
    terms = []
    for _ in range(draw(st.integers(1, 3))):
        a, b, d = draw(atoms), draw(atoms), draw(atoms)
        power = draw(st.sampled_from(["", "^2", "^(-1)", "^(1/2)"]))
        terms.append(f"{draw(coefficients)}*({a}){power}*(({b}) + {draw(coefficients)}*({d}))")
    for _ in range(draw(st.integers(1, 3))):
        a, b = draw(atoms), draw(atoms)
        power = draw(st.sampled_from(["", "^2", "^(-1)", "^(1/2)"]))
        terms.append(f"{draw(coefficients)}*({a}){power}*({b})")
    return " + ".join(terms)


@settings(max_examples=200, deadline=None)
@given(text=factored_sums(), point=POINTS)
def test_keeps_the_value(text, point):
    assert_same_value(parse(text), point)


@settings(max_examples=200, deadline=None)
@given(text=factored_sums())
def test_is_idempotent_and_never_larger(text):
    expr = parse(text)
    once = simplify(expr)
    assert simplify(once) is once
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(run_module, "distributed", lambda *args: None)
        without = simplify(expr)
    assert count_ops(once) <= count_ops(without)
