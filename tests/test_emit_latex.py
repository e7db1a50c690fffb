"""LaTeX: single formulas with fractions, roots, bars and Greek names; aligned Wengert lists."""

from __future__ import annotations

import pytest
from deep_chain import DEPTH, deep_chain
from goldens import check_golden, mixed_program, seed_program
from user_functions import registered

from symdiff import (
    Add,
    InputTooLargeError,
    Mul,
    Number,
    Pow,
    cse,
    latex,
    parse,
    symbols,
)
from symdiff.emit.latex import latex_name

FORMULAS = [
    ("(1 + x)/(2x^2)", r"\frac{1 + x}{2 x^{2}}"),
    ("x^2*sin(x) + 4x", r"x^{2} \sin\left(x\right) + 4 x"),
    ("1/x", r"\frac{1}{x}"),
    ("x^-2", r"\frac{1}{x^{2}}"),
    ("-x/3", r"-\frac{x}{3}"),
    ("2/3*x*y", r"\frac{2 x y}{3}"),
    ("x - (y + z)", r"x - \left(y + z\right)"),
    ("x - 2(y + z)w", r"x - 2 \left(y + z\right) w"),
    ("-(x + y)", r"-\left(x + y\right)"),
    ("(x^2)^3", r"\left(x^{2}\right)^{3}"),
    ("(-2)^x", r"\left(-2\right)^{x}"),
    ("(1/2)^x", r"\left(\frac{1}{2}\right)^{x}"),
    ("x^(1/2) + sqrt(y) + cbrt(z)", r"\sqrt{x} + \sqrt{y} + \sqrt[3]{z}"),
    ("x^(-1/2)", r"\frac{1}{\sqrt{x}}"),
    ("abs(x - y)", r"\left|x - y\right|"),
    ("sin(theta)^2 + cos(theta)^2", r"\sin\left(\theta\right)^{2} + \cos\left(\theta\right)^{2}"),
    ("atan2(y, x) + log(x)", r"\operatorname{atan2}\left(y, x\right) + \log\left(x\right)"),
    ("asin(x) + asinh(x)", r"\arcsin\left(x\right) + \operatorname{arsinh}\left(x\right)"),
    ("e^x*pi", r"e^{x} \pi"),
    ("2^x*3^x", r"2^{x} \cdot 3^{x}"),
    ("x*(-2)", r"x \cdot \left(-2\right)"),
    ("2.5e-7*x", r"2.5 \cdot 10^{-7} x"),
    (
        "alpha*Gamma + x_1*x2 + rate_max",
        r"\alpha \Gamma + x_{1} x_{2} + \mathit{rate}_{\mathrm{max}}",
    ),
    ("θ + Ω", r"\theta + \Omega"),
    ("x^(y + 1)", r"x^{y + 1}"),
]


@pytest.mark.parametrize(("text", "expected"), FORMULAS, ids=[t for t, _ in FORMULAS])
def test_formula(text, expected):
    assert latex(parse(text)) == expected


def test_raw_structure_is_shown_as_built():
    x = symbols("x")
    assert latex(Add(Mul(x, 1), Mul(1, x), 0)) == "x \\cdot 1 + 1 x + 0"
    assert latex(Pow(Number(0.5), x)) == r"0.5^{x}"
    assert latex(Mul(Number(-1), Add(x, 1))) == r"-\left(x + 1\right)"


def test_names():
    assert [latex_name(n) for n in ("x", "t12", "lambda", "_x", "xy_z_w", "Delta_t")] == [
        "x",
        "t_{12}",
        r"\lambda",
        r"\mathit{\_x}",
        r"\mathit{xy}_{\mathrm{z\_w}}",
        r"\Delta_{t}",
    ]


def test_user_function_latex_forms():
    half = r"\tfrac{{{0}}}{{2}}"  # a format string: literal braces doubled
    with registered(
        ("gauss", lambda u: u, [lambda u: 1], None),
        ("half", lambda u: u / 2, [lambda u: 0.5], {"latex": half}),
    ):
        text = latex(parse("gauss(x) + half(y)"))
    assert text == r"\operatorname{gauss}\left(x\right) + \tfrac{y}{2}"


def test_golden_seed_wengert_list():
    check_golden("seed_full.tex", latex(seed_program()) + "\n")


def test_golden_mixed_jacobian():
    check_golden("mixed.tex", latex(mixed_program()) + "\n")


def test_program_names_stay_distinct():
    t1, x = symbols("t1 x")
    shared = (t1 * x) ** 2
    text = latex(cse(shared + shared**3))
    assert text == "\n".join(
        [
            r"\begin{aligned}",
            r"\mathtt{t\_1} &= \left(\mathtt{t1} x\right)^{2} \\",
            r"\mathrm{out} &= \mathtt{t\_1} + \mathtt{t\_1}^{3}",
            r"\end{aligned}",
        ]
    )


def test_a_list_is_shown_as_its_program():
    x = symbols("x")
    assert (
        latex([x * x, x])
        == "\\begin{aligned}\n\\mathrm{out}_{0} &= x x \\\\\n\\mathrm{out}_{1} &= x\n\\end{aligned}"
    )


def test_swollen_tree_is_refused_with_a_hint():
    x = symbols("x")
    expr = x
    for _ in range(40):
        expr = Mul(expr, expr)
    with pytest.raises(InputTooLargeError, match=r"latex\(cse\(expr\)\)"):
        latex(expr)
    assert latex(cse(expr)).count("&=") == 40


def test_deep_chain_formula_and_program():
    expr, program = deep_chain()
    text = latex(expr)
    assert text.count(r"\sin") == DEPTH // 10
    assert text.count(r"\left(") == text.count(r"\right)")
    assert latex(program).count("&=") == len(program) + 1
