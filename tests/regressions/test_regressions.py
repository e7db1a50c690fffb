"""Inputs that once broke symdiff, kept so they never break it again.

Each case names what it found. Text cases run through every public entry point (see
``hostile_inputs.run_pipeline``): the only exception allowed out is a ``SymdiffError``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import pytest
from hostile_inputs import run_pipeline, time_bound

from symdiff import Add, Mul, Number, Op, Pow, Symbol, evaluate, lambdify, latex, parse
from symdiff.core.construct import MAX_EXACT_BITS, add, fold_power, mul, power
from symdiff.core.errors import (
    DomainError,
    EvaluationError,
    InputTooLargeError,
    SymdiffError,
    SymdiffSyntaxError,
)
from symdiff.diff import diff
from symdiff.diff.diff import differentiate
from symdiff.simplify.simplify import simplify

x = Symbol("x")

TEXTS = [
    # folding a float divided by an integer beyond the float range raised OverflowError
    pytest.param("1e308/" + "9" * 400, id="float-over-huge-int"),
    pytest.param("9" * 400 + "/2.0", id="huge-int-over-float"),
    pytest.param("9" * 400 + "/3/" + "7" * 400, id="huge-rational"),
    # inf/inf folded to a NaN number, printed "nan", which reads back as a symbol
    pytest.param("1e999/1e999", id="nan-folded"),
    pytest.param("2*x/1e999*1e999/1e999", id="nan-folded-in-chain"),
]


@pytest.mark.parametrize("text", TEXTS)
def test_text_through_every_entry_point(text):
    run_pipeline(text)


def test_print_integer_beyond_python_str_limit():
    big = Number(10**5000)
    assert str(big).startswith("1000") and len(str(big)) == 5001
    assert repr(big) == f"Number({big!s})"
    assert str(Number(-(10**5000) - 7)) == "-1" + "0" * 4999 + "7"
    assert str(x * Fraction(1, 10**5000)) == "x/1" + "0" * 5000


def test_integer_beyond_the_print_limit_is_a_clear_error():
    huge = Number(10**200_000)
    with pytest.raises(InputTooLargeError, match="too large to print"):
        str(huge)
    assert repr(huge) == "Number(<int of 664386 bits>)"
    with pytest.raises(EvaluationError, match="overflows"):
        evaluate(huge * x, x=1.0)


def test_evaluate_error_names_a_huge_value():
    with pytest.raises(SymdiffError, match="not a real number"):
        evaluate(x, x=10**5000)
    with pytest.raises(SymdiffError, match="overflows"):
        evaluate(Number(10**5000) * x, x=1.0)


def test_float_mixed_with_an_exact_number_beyond_the_float_range():
    huge = 10**400
    assert parse("1e308/1" + "0" * 400) is Number(1e-92)
    assert parse("1" + "0" * 400 + "/2.0") is Number(math.inf)
    assert add(1.0, huge, x) is Add(x, Number(huge), Number(1.0))  # not inf: kept apart
    assert mul(0.0, huge, x) is Number(0.0)
    assert mul(1e-300, huge, x) is Mul(Number(1e100), x)
    assert mul(math.inf, -huge, x) is Mul(Number(-math.inf), x)
    assert power(1.5, Fraction(huge, 3)) is Pow(Number(1.5), Number(Fraction(huge, 3)))
    assert power(2.0, huge) is Pow(Number(2.0), Number(huge))
    assert fold_power(Fraction(1, huge), Fraction(1, huge)) is None
    assert fold_power(1, Fraction(1, huge)) == 1


def test_no_number_holds_nan():
    inf = math.inf
    assert add(inf, -inf, x) is Add(Number(inf), Number(-inf), x)
    assert mul(0.0, inf, x) is Mul(Number(0.0), Number(inf), x)
    assert math.isnan(evaluate(parse("1e999/1e999")))
    with pytest.raises(SymdiffError, match="NaN"):
        Number(math.nan)


def test_name_with_a_superscript_is_a_syntax_error_with_a_caret():
    # "x²" lexed as one name and failed in Symbol() without a position
    with pytest.raises(SymdiffSyntaxError) as caught:
        parse("1 + x²")
    assert caught.value.column == 6, str(caught.value)
    assert "x^..." in str(caught.value)
    with pytest.raises(SymdiffSyntaxError, match="cannot be part of a name"):
        parse("½ + 1")


def _exact_bits(node):
    value = Fraction(node.value)
    return max(value.numerator.bit_length(), value.denominator.bit_length())


def test_folding_products_and_sums_stays_below_max_exact_bits():
    # folding a chain of k big literals costs O(k^2): 1600 literals of 4300 digits took 100 s
    big = [Number(3**9000 + i) for i in range(20)]
    product = mul(*big, x)
    assert product.op is Op.MUL
    assert all(_exact_bits(a) <= MAX_EXACT_BITS for a in product.args if a.op is Op.NUM)
    folded = mul(*big[:2], Fraction(1, 3**18000), x)  # the value is kept exactly
    kept = [Fraction(a.value) for a in folded.args if a.op is Op.NUM]
    assert math.prod(kept) == Fraction(big[0].value * big[1].value, 3**18000)
    small = [Number(Fraction(1, 3**1500 + i)) for i in range(20)]
    total = add(*small, x)
    assert all(_exact_bits(a) <= MAX_EXACT_BITS for a in total.args if a.op is Op.NUM)
    assert add(*small[:2]).op is Op.NUM


def test_parsing_a_chain_of_divisions_keeps_numbers_bounded():
    # "1/3/3/3/..." folded into one ever-growing fraction: quadratic time, unbounded size
    expr = parse("1" + "/7" * 16_000)
    numbers = [a for a in expr.args if a.op is Op.NUM]
    assert len(numbers) > 1 and all(_exact_bits(a) <= 4 * MAX_EXACT_BITS for a in numbers)
    assert math.prod(Fraction(a.value) for a in numbers) == Fraction(1, 7**16_000)
    assert parse(str(parse("2" + "/3" * 200))) is parse("2" + "/3" * 200)


def test_every_folded_number_reads_back():
    # folding makes integers of up to MAX_EXACT_BITS bits (6021 digits), which printed fine
    # but did not parse back: the parser stopped at Python's 4300-digit int-str limit
    for expr in (power(2, MAX_EXACT_BITS - 1) * x, parse("1" + "/3" * 12_000) * x):
        assert parse(str(expr)) is expr


def test_a_rational_with_long_parts_reads_back():
    # the parser refused to fold "N/D" when N and D together passed MAX_EXACT_BITS
    for value in (Fraction(7**3563 + 1, 7**3563), Fraction(-(3**20_000), 2**33_000 + 1)):
        assert parse(str(Number(value))) is Number(value)
        assert parse(str(Number(value) * x)) is Number(value) * x


def test_a_sum_that_overflows_is_inf_as_documented():
    # math.fsum raises OverflowError where the IEEE sum is inf; evaluate's contract is IEEE
    assert evaluate(parse("x + x"), x=1e308) == math.inf
    assert evaluate(parse("x + y + 1"), x=1e308, y=1e308) == math.inf
    assert evaluate(parse("x + y"), x=-1e308, y=-1e308) == -math.inf


def test_a_huge_order_of_derivative_is_refused():
    # n came straight from the caller: n=10**9 built a list of 10**9 variables, then looped
    with time_bound(5), pytest.raises(InputTooLargeError, match="the limit is 1000"):
        differentiate("sin(x)", "x", 10**9)
    with pytest.raises(InputTooLargeError, match="1001 derivatives"):
        differentiate("x*y", ["x", "y"] * 500 + ["x"])
    assert differentiate("x^1000", "x", 1000) is Number(math.factorial(1000))


def test_repeated_differentiation_that_swells_is_refused(monkeypatch):
    # each derivative of sin(x)*exp(x) doubled the sum: the 24th took 30 s, the 40th hangs
    # (the simplifier now collects those to 2^20*exp(x)*sin(x)); those of x^x doubled until
    # n-th derivatives went to polynomials in atoms (below). A float keeps the input on the
    # order-by-order path, whose swell is refused.
    monkeypatch.setattr(diff, "MAX_DERIVATIVE_OPS", 2_000)  # the same stop, sooner
    with time_bound(60), pytest.raises(InputTooLargeError, match=r"grown to \d{4} operations"):
        differentiate("x^(1.5*x)", "x", 40)


def test_the_40th_derivative_of_x_to_the_x():
    # refused as swelling order by order; as a polynomial in atoms it has 2,509 operations
    with time_bound(60):
        derivative = differentiate("x^x", "x", 40)
    mpmath.mp.dps = 60
    expected = mpmath.diff(lambda t: t**t, mpmath.mpf("1.3"), 40)
    assert math.isclose(evaluate(derivative, x=1.3), float(expected), rel_tol=1e-9)


def test_check_at_a_point_beyond_the_float_range():
    # check() converted the point with float() and let OverflowError out
    with pytest.raises(SymdiffError, match="not a real number"):
        diff.check("x*y", "x", {"x": 2, "y": 10**400})
    with pytest.raises(SymdiffError, match="beyond the float range"):
        diff.check("x", "x", 10**5000)


def test_numpy_divides_by_a_constant_zero_power_as_ieee():
    # found by tests/test_lambdify.py: "-1/0**2" ran on Python ints in the NumPy code
    import numpy as np

    expr = Add(Mul(-1, Pow(Number(0), -2)), Mul(-1, Pow(Number(0), -2)))
    with np.errstate(all="ignore"):
        assert lambdify(expr, ["x"], "numpy")(np.zeros(2)).tolist() == [-math.inf] * 2


def test_python_backend_reports_domain_errors_as_evaluate_does():
    # found by the pipeline fuzz: "log(x, x)" at 0 raised math's ValueError from lambdify
    for text, at, error in [
        ("log(x, x)", 0.0, DomainError),
        ("1/x", 0.0, DomainError),
        ("sqrt(x)", -1.0, DomainError),
        ("exp(x)", 1000.0, EvaluationError),
        ("x^2", 1e200, EvaluationError),
    ]:
        with pytest.raises(error, match="at this point"):
            lambdify(parse(text), ["x"])(at)


BIG = "1" + "0" * 400


@pytest.mark.parametrize("backend", ["python", "numpy"])
def test_emitting_a_huge_integer_exponent(backend):
    # "x^(10^400)" made the emitters call float(10**400)
    assert float(lambdify(parse(f"x^{BIG}"), ["x"], backend)(0.5)) == 0.0


def test_emitting_a_huge_rational():
    assert lambdify(x * Fraction(10**400, 3), ["x"])(1.0) == math.inf


def test_latex_of_an_integer_beyond_python_str_limit():
    assert latex(Number(10**5000) * x).count("0") == 5000
    assert latex(x * Fraction(1, 10**5000)).count("0") == 5000


def test_python_backend_computes_constant_powers_in_floats():
    # the Python code computed (((2^53)^64)^64)^64... in exact integers: 20 s and counting
    tower = "((((9007199254740992^64)^64)^64)^64)^64 + x"
    with time_bound(10), pytest.raises(EvaluationError, match="overflows"):
        lambdify(parse(tower), ["x"])(1.0)
    assert lambdify(parse("(3)^3"), [])() == 27.0


def test_numpy_powers_of_constant_temporaries_follow_ieee():
    # found by the pipeline fuzz: "pi^((2pi)^(2pi))" became t1 = 2*np.pi (a Python float)
    # and np.pi**(t1**t1), which raised OverflowError instead of giving inf
    import numpy as np

    with np.errstate(all="ignore"):
        function = lambdify(parse("pi^((2pi)^(2pi)) + x"), ["x"], "numpy")
        assert function(np.zeros(1)).tolist() == [math.inf]


def test_simplify_mixes_floats_with_integers_beyond_the_float_range():
    # found by the pipeline fuzz: the standard form added 1e999 to a 400-digit integer
    huge = "9" * 400
    # a float meeting a number beyond floats stays unfolded: rounded, it would be inf
    assert simplify(parse(f"1e300 - 2*{huge}")) is Add(Number(1e300), Number(-2 * int(huge)))
    assert simplify(parse(f"x^(1.5*{huge})")) is Pow(x, Mul(Number(int(huge)), Number(1.5)))
    scaled = parse(f"1.5(x + {huge})")
    assert simplify(scaled) is scaled  # overflows in evaluate, as the input does
    with pytest.raises(EvaluationError):
        evaluate(scaled, x=1.0)


@pytest.mark.parametrize("text", ["x/y/0(x)", "0^-1*y^-1", "x/(y*0)", "3/(0*y)"])
def test_simplify_is_idempotent_with_a_zero_divisor(text):
    # found by the pipeline fuzz: the layout wrote 0^-1*y^-1 as 1/(0*y), which the next
    # simplification read as 1/0: a zero divisor now stays a factor of its own
    once = simplify(parse(text))
    assert simplify(once) is once
    assert "0*" not in str(once)


def test_simplify_leaves_nan_unfolded():
    # inf - inf has no number to fold to (an expression holds no NaN): it stays a sum
    result = simplify(parse("1e999 - 1e999 + x"))
    assert simplify(result) is result
    assert math.isnan(evaluate(result, x=1.0))


def test_simplify_orders_integers_beyond_python_str_limit():
    # the standard order keyed numbers by repr(), which fails past 4300 digits
    big = Number(-(2**20_000) + 1)
    assert isinstance(simplify(Add(big, x, Mul(big, x))), type(x))


def test_pickle_calls_shared_nodes_and_user_functions():
    # a Call held its Function, whose derivative builders are lambdas: pickle failed
    import copy
    import pickle

    from symdiff import register_function

    e = parse("sin(x)^2 + atan2(y, x)/3 + 1.5e-3 + pi")
    d = differentiate(e, "x")
    assert pickle.loads(pickle.dumps([e, d])) == [e, d]
    assert copy.deepcopy(d) is d
    register_function("softplus", lambda t: math.log1p(math.exp(t)))
    u = parse("softplus(x)")
    assert pickle.loads(pickle.dumps(u)) is u


def test_a_sum_of_negative_zeros_is_negative_zero():
    # found by the NumPy-vs-evaluate property: fsum(-0.0, -0.0) is 0.0, so evaluate gave
    # atan2(0.0, 0.0) = 0 where every backend computes atan2(-0.0, -0.0) = -pi
    # (atan2 now reads either zero as 0, so the backends agree on atan2(0, 0) = 0 as well)
    e = parse("atan2(x*(-1) + x*(-1), x*(-1) + x*(-1))")
    assert evaluate(e, x=0.0) == 0.0 == lambdify(e, "x")(0.0)
    assert math.copysign(1.0, evaluate(parse("x*(-1) + x*(-1)"), x=0.0)) == -1.0
    assert math.copysign(1.0, evaluate(parse("x + y"), x=-0.0, y=0.0)) == 1.0


def test_simplify_many_merges_numbers_into_a_shared_product():
    # a shared product was kept whole even when it had a number: -(-x), 2*(-x), y*(-x)
    from symdiff import simplify_many

    neg_x = Mul(x, Number(-1))
    y = Symbol("y")
    assert [str(e) for e in simplify_many([Mul(Number(-1), neg_x), neg_x])] == ["x", "-x"]
    assert [str(e) for e in simplify_many([Mul(Number(2), neg_x), Mul(Number(3), neg_x)])] == [
        "-2*x",
        "-3*x",
    ]
    # but a shared -x times y stays one product of it: one operation where -x*y takes two
    assert [str(e) for e in simplify_many([Mul(neg_x, y), neg_x])] == ["y*(-x)", "-x"]


def test_simplify_many_is_idempotent_when_sharing_cancels():
    # x*y is shared in the input, not in the output (its second user cancels to 0): the first
    # run kept z*(x*y) whole, the second one flattened it to x*y*z
    from symdiff import simplify_many

    xy, z = Mul(x, Symbol("y")), Symbol("z")
    once = simplify_many([Mul(xy, z), Add(xy, Mul(Number(-1), xy))])
    assert [str(e) for e in once] == ["x*y*z", "0"]
    assert all(a is b for a, b in zip(simplify_many(once), once, strict=True))


def test_simplify_many_cancels_through_a_shared_sum_or_product():
    # a shared sum (product) kept whole hid its terms (factors) from the rest of its user:
    # (x + y) - x - y and (x*y)/x were left as they were
    from symdiff import simplify_many

    y = Symbol("y")
    total, product = Add(x, y), Mul(x, y)
    outputs = simplify_many(
        [Add(total, Mul(Number(-1), total)), total, Mul(product, x**-1), product]
    )
    assert [str(e) for e in outputs] == ["0", "x + y", "y", "x*y"]
    # kept whole where nothing collects
    assert str(simplify_many([Mul(product, Symbol("z")), product])[0]) == "z*(x*y)"
