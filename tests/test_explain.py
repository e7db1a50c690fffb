"""Step-by-step derivations: the rules named, the order, the results, the renderings."""

from __future__ import annotations

import math

import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import smooth_exprs

from symdiff import (
    Derivation,
    DifferentiationError,
    EvaluationError,
    Mul,
    SymdiffError,
    differentiate,
    evaluate,
    parse,
    register_function,
    sin,
    symbols,
    unregister_function,
)
from symdiff.diff.numeric import richardson
from symdiff.notebook.explain import explain

x, y = symbols("x y")

GOLDEN = """\
Differentiate x^2*sin(x) + 4*x with respect to x.
Step 1. Sum rule: differentiate term by term: (f + g)' = f' + g'
  d/dx(x^2*sin(x) + 4*x) = d/dx(x^2*sin(x)) + d/dx(4*x)
  Step 2. Product rule: (f*g)' = f'*g + f*g' with f = x^2 and g = sin(x)
    d/dx(x^2*sin(x)) = d/dx(x^2)*sin(x) + x^2*d/dx(sin(x))
    Step 3. Power rule: d/dx(x^n) = n*x^(n - 1) with n = 2
      d/dx(x^2) = 2*x
    Step 4. Derivative of sin: from the table: sin'(u) = cos(u)
      d/dx(sin(x)) = cos(x)
    so d/dx(x^2*sin(x)) = 2*x*sin(x) + x^2*cos(x)
  Step 5. Constant multiple rule: (c*f)' = c*f' with c = 4
    d/dx(4*x) = 4
  so d/dx(x^2*sin(x) + 4*x) = 2*x*sin(x) + x^2*cos(x) + 4
Result: d/dx(x^2*sin(x) + 4*x) = 2*x*sin(x) + x^2*cos(x) + 4"""


def test_worked_example_reads_like_a_textbook():
    assert explain("x^2*sin(x) + 4x", "x", simplify=False).to_text() == GOLDEN


def test_the_talks_quotient():
    d = explain("(1 + x)/(2*x^2)", "x", simplify=False)
    assert [s.rule for s in d.steps] == [
        "quotient rule",
        "sum rule",
        "constant multiple rule",
        "power rule",
    ]
    first = d.steps[0]
    assert parse("1 + x") in first.note and parse("2*x^2") in first.note
    header = "Step 1. Quotient rule: (f/g)' = (f'*g - f*g')/g^2 with f = 1 + x and g = 2*x^2"
    assert header in d.to_text()
    assert str(first.expansion) == "(d/dx(1 + x)*(2*x^2) - (1 + x)*d/dx(2*x^2))/(2*x^2)^2"
    assert str(d.raw) == "(2*x^2 - 4*(1 + x)*x)/(2*x^2)^2"


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        ("x^x", ["general power rule (logarithmic differentiation)"]),
        ("x^3", ["power rule"]),
        ("(x^2 + 1)^3", ["power rule with the chain rule", "sum rule", "power rule"]),
        ("2^x", ["exponential rule"]),
        ("e^(x^2)", ["exponential rule", "power rule"]),
        ("sin(cos(x^2))", ["chain rule", "chain rule", "power rule"]),
        ("atan2(x, x^2)", ["chain rule for several arguments", "power rule"]),
        ("x*sin(x)*exp(x)", ["product rule", "derivative of sin", "derivative of exp"]),
        ("y*x", ["constant multiple rule"]),
        ("sin(y)", ["constant rule"]),
        ("x", ["variable rule"]),
        ("1/x", ["power rule"]),
        ("log(x)/sin(x)", ["quotient rule", "derivative of log", "derivative of sin"]),
    ],
)
def test_rule_chosen(text, rules):
    assert [s.rule for s in explain(text, "x").steps] == rules


def test_chain_rule_names_outer_and_inner_functions():
    step = explain("sin(x^2)", "x").steps[0]
    text = explain("sin(x^2)", "x").to_text()
    assert step.rule == "chain rule"
    assert "outer function sin, inner function u = x^2; sin'(u) = cos(u)" in text
    assert str(step.expansion) == "cos(x^2)*d/dx(x^2)"


def test_inner_symbol_avoids_the_expressions_own_names():
    text = explain("sin(u*x)", "x").to_text()
    assert "inner function v = u*x" in text


def test_shared_subexpression_is_explained_once_and_referred_to():
    t1 = Mul(x, x)
    t2 = Mul(t1, t1)
    d = explain(Mul(t2, t2), x, simplify=False)
    assert [s.expr for s in d.steps] == [Mul(t2, t2), t2, t1]
    text = explain("x^2*sin(x^2)", "x").to_text()
    assert "(step 2 found d/dx(x^2))" in text


def test_steps_are_in_preorder_with_depths():
    d = explain("x^2*sin(x) + 4x", "x")
    assert [s.number for s in d.steps] == [1, 2, 3, 4, 5]
    assert [s.depth for s in d.steps] == [0, 1, 2, 2, 1]
    assert d.step_for(parse("sin(x)")).number == 4


def _numeric_derivative(expr, point):
    return richardson(lambda t: evaluate(expr, x=t, y=0.7, z=-0.4), point).value


@settings(max_examples=60)
@given(smooth_exprs(), st.floats(-2, 2))
def test_every_step_result_is_the_derivative_of_its_subexpression(expr, point):
    d = explain(expr, "x", simplify=False)
    for step in d.steps:
        try:
            exact = evaluate(step.result, x=point, y=0.7, z=-0.4)
            # the differentiator is checked against finite differences elsewhere; comparing
            # with it here stays exact near poles, where a difference quotient is unreliable
            reference = evaluate(differentiate(step.expr, "x"), x=point, y=0.7, z=-0.4)
        except EvaluationError:
            continue
        assume(math.isfinite(exact) and abs(exact) < 1e6)
        assert math.isclose(exact, reference, rel_tol=1e-9, abs_tol=1e-9), (
            str(step.expr),
            str(step.result),
        )


@pytest.mark.parametrize(
    "text",
    ["x^x", "(1 + x)/(2*x^2)", "sin(cos(x^2))", "exp(2x)*log(x)/x", "x^sin(x)", "atan2(x, x^2)"],
)
def test_results_agree_with_sympy(text):
    d = explain(text, "x")
    reference = sympy.diff(sympy.sympify(str(parse(text)).replace("^", "**")), sympy.Symbol("x"))
    for point in (0.3, 1.1, 2.5):
        expected = float(reference.subs(sympy.Symbol("x"), point))
        assert evaluate(d.result, x=point) == pytest.approx(expected, rel=1e-12)
        assert evaluate(d.raw, x=point) == pytest.approx(expected, rel=1e-12)


def test_deep_nesting_does_not_recurse():
    e = x
    for _ in range(20_000):
        e = sin(e)
    d = explain(e, x, simplify=False)
    assert len(d.steps) == 20_000
    text = d.to_text(max_steps=50)
    assert "19950 more steps not shown" in text
    lines = text.splitlines()
    assert len(lines) < 4 * 50 + 10
    assert max(len(line) for line in lines) < 1_000
    assert evaluate(d.raw, x=0.1) == pytest.approx(_numeric_derivative(e, 0.1), rel=1e-6)


def test_swell_example_renders_abbreviated():
    t = x
    for _ in range(12):  # a tree of 2^13 nodes, 13 in the DAG
        t = Mul(t, t)
    d = explain(t, x, simplify=False)
    assert len(d.steps) == 12
    assert "…" in d.to_text()
    assert len(d.to_text()) < 20_000


def test_latex_rendering():
    latex = explain("x^2*sin(x)", "x").to_latex()
    assert latex.startswith("\\begin{aligned}") and latex.endswith("\\end{aligned}")
    assert "\\textbf{Step 1. Product rule: }" in latex
    assert "\\frac{d}{dx}" in latex
    assert explain("x^2", "x")._repr_latex_().startswith("$$")


def test_function_without_derivative_is_named():
    register_function("mystery", lambda u: u, None, replace=True)
    try:
        with pytest.raises(DifferentiationError, match="'mystery'"):
            explain("mystery(x^2)", "x")
        assert explain("mystery(y)", "x").raw == parse("0")
    finally:
        unregister_function("mystery")


@pytest.mark.parametrize("wrt", ["2x", x + 1, 3])
def test_bad_variable(wrt):
    with pytest.raises(SymdiffError):
        explain("x^2", wrt)


def test_bad_text_is_a_syntax_error():
    with pytest.raises(SymdiffError, match="line 1"):
        explain("x^^2", "x")


@settings(max_examples=60)
@given(smooth_exprs(), st.floats(-2, 2))
def test_explained_result_is_differentiates_and_agrees_with_the_steps(expr, point):
    d = differentiate(expr, "x", explain=True)
    assert isinstance(d, Derivation)
    assert d.result is differentiate(expr, "x")
    try:
        steps = evaluate(d.raw, x=point, y=0.7, z=-0.4)
        answer = evaluate(d.result, x=point, y=0.7, z=-0.4)
    except EvaluationError:
        return
    assume(math.isfinite(steps) and abs(steps) < 1e8)
    assert math.isclose(steps, answer, rel_tol=1e-9, abs_tol=1e-9)


def test_explain_keyword_of_differentiate():
    d = differentiate("x^x", "x", explain=True, simplify=False)
    assert d.result is differentiate("x^x", "x", simplify=False)
    assert "Simplified" not in str(d)
    for text in ("sin(x)^2", "(1 + x)/(2*x^2)", "x*x + 3*x"):
        d = differentiate(text, "x", explain=True)
        last = str(d).splitlines()[-1]
        if d.result is d.raw:
            assert last.startswith("Result: ")
        else:
            assert last == f"Simplified: {d.result}"
    with pytest.raises(DifferentiationError, match="one first derivative"):
        differentiate("x^3", "x", 2, explain=True)
    with pytest.raises(DifferentiationError, match="one first derivative"):
        differentiate("x*y", ["x", "y"], explain=True)


def test_command_line_explain(capsys):
    from symdiff.cli import main

    assert main(["diff", "x^2*sin(x) + 4x", "--explain", "--raw"]) == 0
    assert capsys.readouterr().out == GOLDEN + "\n"
    assert main(["diff", "x^3", "--order", "2", "--explain"]) == 1
    assert "one first derivative" in capsys.readouterr().err
