"""differentiate: raw and simplified output, textbook forms, higher orders, DAG size, errors."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from strategies import smooth_exprs

from symdiff import (
    Add,
    DifferentiationError,
    DomainError,
    Mul,
    Number,
    Op,
    Pow,
    SymdiffError,
    count_ops,
    evaluate,
    parse,
    postorder,
    register_function,
    sin,
    symbols,
    tree_size,
    unregister_function,
)
from symdiff.diff.diff import differentiate, gradient
from symdiff.diff.forward import RAW, TRIVIAL, derive
from symdiff.diff.numeric import richardson

x, y, z = symbols("x y z")


def test_raw_output_is_the_seed_talks():
    raw = differentiate(x * x + 3, x, simplify=False)
    assert raw is Add(Add(Mul(x, 1), Mul(1, x)), 0)
    assert str(raw) == "(x*1 + 1*x) + 0"


def test_trivial_rules_give_the_seed_talks_simplified_form():
    assert str(derive(x * x + 3, x, TRIVIAL)) == "x + x"


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("x^3", "3*x^2*1"),
        ("sin(x)", "cos(x)*1"),
        ("4x", "4*1 + 0*x"),
        ("x^y", "y*x^(y - 1)*1"),
        ("2^x", "2^x*log(2)*1"),
        ("x^x", "x^x*(1*log(x) + x*1/x)"),
        ("sin(sin(x))", "cos(sin(x))*(cos(x)*1)"),
    ],
)
def test_raw_rule_output(text, raw):
    assert str(differentiate(text, "x", simplify=False)) == raw


# The trivial rules (no +0, *1, 0*u; numbers folded; never reordered or collected).
TEXTBOOK_TRIVIAL = [
    ("x^2*sin(x) + 4x", "x^2*cos(x) + 2*x*sin(x) + 4"),
    ("x^5", "5*x^4"),
    ("x^(-2)", "-2/x^3"),
    ("1/x", "-1/x^2"),
    ("x^(1/2)", "1/x^(1/2)/2"),
    ("sqrt(x)", "1/(2*sqrt(x))"),
    ("cbrt(x)", "1/(3*cbrt(x)^2)"),
    ("x^pi", "pi*x^(pi - 1)"),
    ("x^y", "y*x^(y - 1)"),
    ("exp(x)", "exp(x)"),
    ("e^x", "e^x"),
    ("e^(3x)", "3*e^(3*x)"),
    ("2^x", "2^x*log(2)"),
    ("x^x", "x^x*(log(x) + x/x)"),
    ("log(x)", "1/x"),
    ("log(x, 2)", "1/x/log(2)"),
    ("log(x^2 + 1)", "2/(x^2 + 1)*x"),
    ("sin(x)", "cos(x)"),
    ("cos(x)", "-sin(x)"),
    ("tan(x)", "sec(x)^2"),
    ("sec(x)", "sec(x)*tan(x)"),
    ("csc(x)", "-csc(x)*cot(x)"),
    ("cot(x)", "-csc(x)^2"),
    ("asin(x)", "1/sqrt(1 - x^2)"),
    ("acos(x)", "-1/sqrt(1 - x^2)"),
    ("atan(x)", "1/(1 + x^2)"),
    ("sinh(x)", "cosh(x)"),
    ("cosh(x)", "sinh(x)"),
    ("tanh(x)", "1 - tanh(x)^2"),
    ("asinh(x)", "1/sqrt(x^2 + 1)"),
    ("acosh(x)", "1/sqrt(x^2 - 1)"),
    ("atanh(x)", "1/(1 - x^2)"),
    ("abs(x)", "sign(x)"),
    ("sign(x)", "0"),
    ("atan2(x, y)", "y/(y^2 + x^2)"),
    ("atan2(y, x)", "-y/(x^2 + y^2)"),
    ("sin(3x)", "3*cos(3*x)"),
    ("sin(x)*cos(x)", "-sin(x)*sin(x) + cos(x)*cos(x)"),
    ("x*y*x", "x*y + y*x"),
    ("(1 + x)/(2*x^2)", "-4*(1 + x)/(2*x^2)^2*x + 1/(2*x^2)"),
    ("3", "0"),
    ("y^2", "0"),
]


@pytest.mark.parametrize(
    ("text", "expected"), TEXTBOOK_TRIVIAL, ids=[t for t, _ in TEXTBOOK_TRIVIAL]
)
def test_textbook_derivatives_with_the_trivial_rules(text, expected):
    assert str(derive(parse(text), x, TRIVIAL)) == expected


@pytest.mark.parametrize(
    ("text", "expected"), TEXTBOOK_TRIVIAL, ids=[t for t, _ in TEXTBOOK_TRIVIAL]
)
def test_textbook_derivatives_are_right(text, expected):
    # The expected texts are themselves checked against a finite difference.
    f, d = parse(text), parse(expected)
    checked = 0
    for point in (0.37, 0.81, 1.37, 2.1):
        env = {"y": 1.3, "x": point}
        try:
            estimate = richardson(lambda t, env=env: evaluate(f, {**env, "x": t}), point, h=0.05)
        except DomainError:
            continue
        assert evaluate(d, env) == pytest.approx(estimate.value, rel=1e-7, abs=1e-9)
        checked += 1
    assert checked >= 2


def test_constant_power_rule_never_goes_through_log():
    for exponent in (2, -3, Number(0.5), y, parse("pi/2")):
        d = differentiate(x**exponent, x)
        assert all(n.op is not Op.CALL for n in postorder(d)), str(d)


def test_power_rule_folds_the_new_exponent_exactly():
    d = derive(parse("x^(2/3)"), x, TRIVIAL)
    powers = [n for n in postorder(d) if n.op is Op.POW and n.args[0] is x]
    assert [str(p.args[1]) for p in powers] == ["-1/3"]


def test_constant_bases():
    assert differentiate("0^x", "x") is Number(0)
    assert evaluate(differentiate("1^x", "x"), x=0.5) == 0.0
    assert str(differentiate("pi^x", "x")) == "pi^x*log(pi)"
    assert [str(d) for d in gradient("0^x + e^y")] == ["0", "exp(y)"]
    assert [str(d) for d in gradient("0^x + e^y", simplify="trivial")] == ["0", "e^y"]


def test_atan2_partials():
    assert str(differentiate("atan2(y, x)", "y")) == "x/(x^2 + y^2)"
    assert str(differentiate("atan2(y, x)", "x")) == "-y/(x^2 + y^2)"


def test_log_with_a_base_differentiates_through_its_parsed_form():
    d = differentiate("log(x, 10)", "x")
    assert evaluate(d, x=2.0) == pytest.approx(1 / (2.0 * math.log(10)), rel=1e-14)


def test_text_and_expr_inputs_agree():
    assert differentiate("x^2*sin(x)", "x") is differentiate(x**2 * sin(x), x)


def test_number_input_differentiates_to_zero():
    assert differentiate(5, "x") is Number(0)


# -- higher orders and mixed partials --------------------------------------------------------


def test_nth_derivatives():
    assert differentiate("x^5", "x", 6) is Number(0)
    assert str(differentiate("x^5", "x", 3)) == "60*x^2"
    assert differentiate("sin(x)", "x", 4) is sin(x)
    assert differentiate("x^2", "x", 0) is x**2
    d10 = differentiate("exp(2x)", "x", 10)
    assert evaluate(d10, x=0.3) == pytest.approx(2**10 * math.exp(0.6), rel=1e-12)


def test_nth_derivative_is_repeated_first_derivative():
    f = parse("x^3*sin(x)")
    assert differentiate(f, "x", 3) is differentiate(differentiate(differentiate(f, "x"), "x"), "x")


def test_raw_nth_derivative_matches_simplified_numerically():
    f = parse("sin(x)*x^2")
    raw, simple = differentiate(f, "x", 3, simplify=False), differentiate(f, "x", 3)
    assert evaluate(raw, x=0.7) == pytest.approx(evaluate(simple, x=0.7), rel=1e-12)


def test_mixed_partial_order_is_left_to_right():
    f = parse("x^2*y^3")
    assert str(differentiate(f, ["x", "y"])) == "6*x*y^2"
    assert str(differentiate(f, ["x", "x", "y"])) == "6*y^2"


@given(smooth_exprs())
def test_mixed_partials_are_symmetric(f):
    dxy, dyx = differentiate(f, ["x", "y"]), differentiate(f, ["y", "x"])
    point = {"x": 0.41, "y": -0.73, "z": 1.19}
    try:
        a, b = evaluate(dxy, point), evaluate(dyx, point)
    except (DomainError, SymdiffError):
        return
    if math.isfinite(a) and math.isfinite(b):
        assert a == pytest.approx(b, rel=1e-8, abs=1e-8)


@given(smooth_exprs())
def test_raw_and_simplified_agree(f):
    raw, simple = differentiate(f, "x", simplify=False), differentiate(f, "x")
    point = {"x": 0.41, "y": -0.73, "z": 1.19}
    try:
        a, b = evaluate(raw, point), evaluate(simple, point)
    except SymdiffError:
        return
    if math.isfinite(a) and math.isfinite(b):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-9)


# -- sharing: cost and size linear in the DAG --------------------------------------------------


def test_repeated_squaring_has_a_linear_dag_derivative():
    sizes = {}
    for depth in (10, 20, 30):
        t = x
        for _ in range(depth):
            t = Mul(t, t)
        assert tree_size(t) == 2 ** (depth + 1) - 1
        for simplify in (True, False):
            d = differentiate(t, x, simplify=simplify)
            sizes[depth, simplify] = count_ops(d, dag=True)
    for simplify in (True, False):
        per_level = sizes[30, simplify] - sizes[20, simplify]
        assert per_level == sizes[20, simplify] - sizes[10, simplify]
        assert per_level <= 10 * 10
    t30 = x
    for _ in range(30):
        t30 = Mul(t30, t30)
    assert evaluate(differentiate(t30, x), x=1.0) == 2.0**30


def test_shared_subexpression_is_differentiated_once():
    u = sin(x**2 + y)
    f = Add(Mul(u, u), u, Pow(u, 3))
    d = differentiate(f, x)
    assert sum(1 for n in postorder(d) if n.op is Op.CALL and n.name == "cos") == 1


def test_deep_nesting_does_not_recurse():
    f = x
    for i in range(100_000):
        f = sin(f) if i % 2 else f * y + x
    d = differentiate(f, x)
    assert count_ops(d, dag=True) <= 4 * count_ops(f, dag=True)
    g = Number(0.1)
    for _ in range(2000):
        g = sin(g + x)
    expected = richardson(lambda t: evaluate(g, x=t), 0.2).value
    assert evaluate(differentiate(g, x), x=0.2) == pytest.approx(expected, rel=1e-7)


def test_long_sums_and_products():
    terms = [symbols(f"v{i}") ** 2 for i in range(3000)]
    f = Mul(Add(*terms), *[x + i for i in range(1, 60)])
    d = differentiate(f, "v7")
    assert evaluate(d, {f"v{i}": 1.0 for i in range(3000)} | {"x": 0.0}) == pytest.approx(
        2 * math.factorial(59)
    )


# -- errors -----------------------------------------------------------------------------------


def test_function_without_derivative_is_an_error_naming_it():
    register_function("mystery", lambda u: u, replace=True)
    try:
        with pytest.raises(DifferentiationError, match="mystery"):
            differentiate("mystery(x^2)", "x")
        with pytest.raises(DifferentiationError, match="mystery"):
            differentiate("mystery(x^2)", "x", simplify=False)
        assert differentiate("mystery(y) + x", "x") is Number(1)
    finally:
        unregister_function("mystery")


def test_user_function_with_derivatives():
    register_function(
        "hyp",
        lambda a, b: math.hypot(a, b),
        [lambda a, b: a / hyp(a, b), lambda a, b: b / hyp(a, b)],
        replace=True,
    )
    try:
        assert str(derive(parse("hyp(x^2, 3)"), x, TRIVIAL)) == "2*x^2/hyp(x^2, 3)*x"
        d = differentiate("hyp(x^2, 3)", "x")
        assert evaluate(d, x=2.0) == pytest.approx(2 * 4 * 2 / 5)
    finally:
        unregister_function("hyp")


def hyp(a, b):
    from symdiff import REGISTRY

    return REGISTRY["hyp"](a, b)


def test_partial_missing_for_one_argument():
    register_function("half", lambda a, b: a, [lambda a, b: Number(1), None], replace=True)
    try:
        assert differentiate("half(x, y)", "x") is Number(1)
        with pytest.raises(DifferentiationError, match=r"'half' in argument 2"):
            differentiate("half(x, y)", "y")
    finally:
        unregister_function("half")


def test_a_failing_derivative_rule_is_reported():
    def broken(u):
        raise ZeroDivisionError("oops")

    register_function("brk", math.sin, [broken], replace=True)
    try:
        with pytest.raises(DifferentiationError, match=r"brk.*oops"):
            differentiate("brk(x)", "x")
    finally:
        unregister_function("brk")


@pytest.mark.parametrize(
    ("wrt", "n", "match"),
    [
        ("pi", 1, "constant"),
        ("2x", 1, "symbol name"),
        (parse("x + 1"), 1, "symbol"),
        (3, 1, "symbol"),
        ("x", -1, "non-negative"),
        ("x", 1.5, "non-negative"),
        ("x", True, "non-negative"),
        (["x", "y"], 2, "not both"),
    ],
)
def test_bad_arguments(wrt, n, match):
    with pytest.raises(SymdiffError, match=match):
        differentiate("x*y", wrt, n)


def test_bad_expression_inputs():
    with pytest.raises(SymdiffError, match="list"):
        differentiate([x], "x")
    with pytest.raises(SymdiffError):
        differentiate("x +", "x")


def test_raw_kit_builds_exactly():
    assert derive(Add(x, y), x, RAW) is Add(1, 0)
