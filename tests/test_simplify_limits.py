"""Simplification always stops: adversarial sizes and depths, looping rules, growing numbers."""

from __future__ import annotations

import math
from fractions import Fraction

from symdiff import REGISTRY, Add, Mul, Number, Pow, Rule, Symbol, evaluate, parse, simplify_report
from symdiff.core.expr import Op
from symdiff.core.traverse import count_ops, postorder
from symdiff.simplify.canonical import COEFFICIENT_BITS, GROWTH_BITS

x, y = Symbol("x"), Symbol("y")
sin, cos = REGISTRY["sin"], REGISTRY["cos"]


def fixed(expr):
    report = simplify_report(expr)
    assert report.stop_reason == "fixed-point"
    again = simplify_report(report.expr)
    assert again.expr is report.expr
    return report.expr


def test_sum_of_10000_like_terms():
    assert str(fixed(Add(*[x] * 10_000))) == "10000*x"
    assert str(fixed(Add(*[Mul(3, x, y)] * 5_000, *[Mul(-1, y, x)] * 5_000))) == "10000*x*y"


def test_sum_of_10000_distinct_terms_keeps_them_all_in_order():
    terms = [Mul(i, Pow(x, i)) for i in range(1, 10_001)]
    result = fixed(Add(*reversed(terms)))
    assert result.op is Op.ADD and len(result.args) == 10_000
    assert result.args[0] is Mul(10_000, Pow(x, 10_000)) and result.args[-1] is x


def test_nested_chain_of_10000_sums_is_flattened():
    chain = x
    for i in range(1, 10_001):
        chain = Add(chain, Symbol(f"v{i}"))
    result = fixed(chain)
    assert len(result.args) == 10_001


def test_pythagorean_pairs_in_a_10000_term_sum():
    pairs = [Pow(f(Symbol(f"v{i}")), 2) for i in range(5_000) for f in (sin, cos)]
    report = simplify_report(Add(*pairs, x))
    assert str(report.expr) == "x + 5000" and report.stop_reason == "fixed-point"


def test_product_of_1000_factors_of_the_same_base():
    assert str(fixed(Mul(*[x] * 1_000))) == "x^1000"
    chain = x
    for _ in range(999):
        chain = Mul(chain, x)
    assert str(fixed(chain)) == "x^1000"
    assert str(fixed(Mul(*[REGISTRY["sqrt"](x)] * 1_000))) == "x^500"


def test_shared_doubling_is_linear_in_the_dag():
    total, product = x, x
    for _ in range(60):
        total, product = Add(total, total), Mul(product, product)
    assert fixed(total) is Mul(2**60, x)
    assert fixed(product) is Pow(x, 2**60)


def test_deep_power_towers():
    tower = x
    for _ in range(100):
        tower = Pow(tower, 2)
    assert fixed(tower) is Pow(x, 2**100)
    tower = x
    for _ in range(2_000):  # 3^2000 would be a 3170-bit exponent: the tower stays nested
        tower = Pow(tower, 3)
    result = fixed(tower)
    assert all(
        n.op is not Op.NUM or max(Fraction(n.value).numerator.bit_length(), 1) <= GROWTH_BITS
        for n in postorder(result)
    )
    tower = x
    for _ in range(50):
        tower = Pow(x, tower)
    assert count_ops(fixed(tower)) == 50


def test_100000_deep_nesting():
    chain = x
    for _ in range(100_000):
        chain = sin(chain)
    assert fixed(chain) is chain
    chain = x
    for _ in range(100_000):
        chain = Add(chain, x)
    assert str(fixed(chain)) == "100001*x"


def test_numbers_distributed_down_a_chain_stay_bounded():
    """``c*(u + 1) - c`` with ``c`` of more than GROWTH_BITS bits stays whole, as standard form
    keeps it (opening it would build ``c*u`` from a kept ``c*(...)``), at a fixed point."""
    chain = x
    for i in range(3_000):
        chain = Add(Mul(2, chain), 1) if i % 2 else Mul(Add(chain, 1), 3)
    result = fixed(chain)
    sizes = [Fraction(n.value).numerator.bit_length() for n in postorder(result) if n.op is Op.NUM]
    assert max(sizes) <= GROWTH_BITS + 8


def test_looping_rules_stop_with_a_reason():
    report = simplify_report(parse("2*tan(x)"), rules=["tan(a) -> sin(a)/cos(a)"])
    assert report.stop_reason == "pass-limit" and report.passes == 20
    assert report.rewrites["sin-over-cos"] > 0
    swap = [Rule("sin(a) -> cos(pi/2 - a)"), Rule("cos(a) -> sin(pi/2 - a)")]
    report = simplify_report(parse("sin(x)"), rules=swap, max_passes=3)
    assert report.stop_reason == "pass-limit" and report.passes == 3
    report = simplify_report(parse("f1"), rules=["f1 -> f1 + 1"], max_rewrites=10)
    assert report.stop_reason == "rewrite-limit"
    assert sum(report.rewrites.values()) == 10


def test_large_exact_numbers_are_not_expanded():
    result = fixed(parse("10^10^10 + x"))
    assert str(result) == "x + 10^10000000000"
    assert str(fixed(Pow(Number(2), Number(Fraction(1, 3))) * 0 + y)) == "y"


def test_roots_of_huge_degree_are_not_searched_for_perfect_powers():
    # the search for perfect powers built 2^5159780352 here (minutes, gigabytes)
    assert str(fixed(parse("5^(1/5159780352)*x"))) == "5^(1/5159780352)*x"
    assert str(fixed(parse("atan2(x, 10^30^(1/10^30))"))).startswith("atan2(x, ")


def test_numbers_beyond_the_decimal_digit_limit():
    # ordering keys used repr(), which refuses integers of more than 4300 digits
    big = Number(3**12619)
    assert fixed(Mul(x, Pow(big, -1))) is Mul(x, Pow(big, -1))
    assert fixed(Add(x, big, big)) is Add(x, Number(2 * 3**12619))


def test_a_long_product_keeps_its_coefficients_in_the_float_range():
    # one coefficient 2^1100 would overflow a float, though the product (1.2^1100) does not
    z = Symbol("z")
    chain = y
    for _ in range(1_100):
        chain = Mul(Number(2), chain, z)
    result = fixed(chain)
    point = {"y": 1.0, "z": 0.6}
    assert math.isclose(evaluate(result, point), evaluate(chain, point), rel_tol=1e-9)
    sizes = [n.value.bit_length() for n in postorder(result) if n.op is Op.NUM]
    assert max(sizes) <= COEFFICIENT_BITS


def test_floats_beside_numbers_beyond_the_float_range():
    # 0.5 * 10^400 raises OverflowError in Python, and rounded to a float it is inf, which
    # is not its value: such a float stays beside the exact number, unfolded
    huge = 10**400
    cases = {
        "0.5*10^400*x": Mul(Number(huge), Number(0.5), x),
        "0.5 + 10^400 + x": Add(x, Number(0.5), Number(huge)),
        "1.5*x + 10^400*x": Add(Mul(Number(1.5), x), Mul(Number(huge), x)),
        "x^0.5*x^(10^400)": Pow(x, Add(Number(0.5), Number(huge))),
    }
    for text, expected in cases.items():
        result = fixed(parse(text))
        assert result is expected, text
        assert fixed(result) is result
    assert str(fixed(parse("2.5*sin(x)^2 + 10^400*cos(x)^2"))).endswith("*cos(x)^2 + 2.5*sin(x)^2")
