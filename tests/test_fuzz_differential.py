"""The differential fuzzer: random expressions over every node kind, every registered function
and every number kind (tests/fuzzgen.py), through every stage, compared with mpmath at 50
digits and with each other (the properties are in tests/fuzz_properties.py):

1. only ``SymdiffError`` escapes from a public entry point, also when misused from Python;
2. ``simplify`` keeps the value wherever the input is defined and finite;
3. ``differentiate``, ``gradient`` and ``hessian`` agree with ``mpmath.diff``;
4. every ``lambdify`` backend agrees with ``evaluate``;
5. ``simplify`` is idempotent; 6. ``parse(str(e)) is e``; 7. ``cse(...).expressions()`` gives
   the inputs back.

A bounded, derandomized sample runs here (under CI: the ``ci`` profile); the long run is
``python benchmarks/fuzz_long.py``. Failures of reported bug classes are told apart by
tests/known_issues.py; every other failure fails the test.
"""

from __future__ import annotations

import random
from fractions import Fraction

import fuzz_properties as fp
import fuzzgen
import mpmath
import pytest
from hostile_inputs import time_bound
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from known_issues import KNOWN_ISSUES, exact_floats, known
from misuse import ENTRY_POINTS, EXCLUDED, misuse, public_callables
from reference import Undefined, at_domain_edge, precise

from conftest import chosen_profile
from symdiff import (
    REGISTRY,
    Call,
    Const,
    Mul,
    Number,
    Op,
    Pow,
    Symbol,
    parse,
    postorder,
    register_function,
)
from symdiff.emit.lambdify import c_compiler

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
x, y, z = (Symbol(n) for n in "xyz")
POINT = {"x": 0.7, "y": -1.3, "z": 2.1}


def holds(name: str, call, subject) -> str:
    """Run a property; a failure of a known issue's class is an event, anything else fails."""
    try:
        with time_bound(60):
            outcome = call(subject)
    except Exception as error:
        issue = known(name, subject, error)
        if issue is None:
            raise
        outcome = f"known issue: {issue}"
    event(outcome)
    return outcome


def check_expr(name: str, expr, point) -> str:
    return holds(name, lambda s: fp.EXPR_PROPERTIES[name](*s), (expr, point))


@settings(FUZZ, max_examples=25)
@given(fuzzgen.fuzz_exprs(max_nodes=5), fuzzgen.fuzz_points())
@example(parse("exp(-0.5)/x"), POINT)
@example(Pow(Mul(Const("e"), Number(13), x), Number(-1.5)), POINT)
def test_only_symdiff_errors_escape(expr, point):
    check_expr("no-other-exception", expr, point)


@settings(FUZZ, max_examples=300)
@given(st.data())
def test_misuse_is_refused_with_a_symdiff_error(data):
    case = misuse(lambda n: data.draw(st.integers(0, n - 1)))
    holds("misuse-refused", fp.misuse_is_refused, case)


@settings(FUZZ, max_examples=250)
@given(fuzzgen.fuzz_exprs(), fuzzgen.fuzz_points())
@example(parse("log(x*1e-200*1e-200)"), POINT)
@example(parse("x + 1e20*x - 1e20*x"), POINT)
@example(
    Call(REGISTRY["log"], Mul(Number(1e-300), Number(1e-300), Number(1e-300), Const("pi"))), POINT
)
@example(Call(REGISTRY["cot"], Call(REGISTRY["atan2"], Number(-902.0), Number(-9.6e10))), POINT)
@example(Pow(Call(REGISTRY["sin"], Const("pi")), Number(-2)), POINT)
@example(parse("-8/cot(tan(pi))^2"), POINT)
def test_simplify_keeps_the_value(expr, point):
    check_expr("simplify-keeps-value", expr, point)


@settings(FUZZ, max_examples=80)
@given(fuzzgen.fuzz_exprs(max_nodes=6), fuzzgen.fuzz_points())
@example(parse("exp(-0.5)*log(x)"), POINT)
@example(parse("log(x*1e-200*1e-200)"), POINT)
@example(parse("y/x"), POINT)
def test_derivatives_agree_with_mpmath(expr, point):
    check_expr("derivatives-agree", expr, point)


@settings(FUZZ, max_examples=80)
@given(fuzzgen.fuzz_exprs(), st.lists(fuzzgen.fuzz_points(), min_size=1, max_size=3))
@example(parse("2/x^2"), [POINT])
@example(parse("y/y"), [{"x": 1.0, "y": 49.0, "z": 1.0}])
@example(parse("(-1)^(10^30+1)*x"), [POINT])
def test_python_and_numpy_agree_with_evaluate(expr, points):
    for backend in ("python", "numpy"):
        holds(
            "backends-agree",
            lambda s, b=backend: fp.backends_agree([s[0]], s[1], [b]),
            (expr, points),
        )


@pytest.mark.skipif(c_compiler() is None, reason="no C compiler")
@settings(FUZZ, max_examples=4)
@given(st.lists(fuzzgen.fuzz_exprs(), min_size=10, max_size=10), fuzzgen.fuzz_points())
def test_compiled_c_agrees_with_evaluate(exprs, point):
    # one compilation per batch: the C compiler takes a fraction of a second each time
    holds("backends-agree", lambda s: fp.backends_agree(s, [point], ["c"]), exprs)


@settings(FUZZ, max_examples=200)
@given(fuzzgen.fuzz_exprs(), fuzzgen.fuzz_points())
@example(parse("1/(x + 1/2)/2"), POINT)
@example(Pow(parse("x - x"), Number(Fraction(-1, 2))), POINT)
@example(Pow(Mul(x, Number(1e-300)), Number(-2)), POINT)
@example(Pow(Number(-0.0), Number(Fraction(-1, 2))), POINT)
@example(parse("sinh(-6*(10^30*z)^-3)"), POINT)
def test_simplify_is_idempotent(expr, point):
    check_expr("simplify-idempotent", expr, point)


@settings(FUZZ, max_examples=200)
@given(fuzzgen.fuzz_exprs(), fuzzgen.fuzz_points())
def test_text_round_trip(expr, point):
    check_expr("text-round-trip", expr, point)


@settings(FUZZ, max_examples=60)
@given(fuzzgen.fuzz_exprs(max_nodes=6), fuzzgen.fuzz_points())
def test_cse_gives_the_inputs_back(expr, point):
    check_expr("cse-round-trip", expr, point)


# -- the fuzzer itself ---------------------------------------------------------------------


def _kinds(expr) -> set:
    kinds = set()
    for node in postorder(expr):
        kinds.add(node.op)
        if node.op is Op.CALL:
            kinds.add(node.name)
        if node.op is Op.NUM:
            kinds.add(type(node.value))
    return kinds


def test_the_generator_reaches_every_node_kind_and_every_registered_function():
    rng = random.Random(1)
    seen = set().union(*(_kinds(fuzzgen.random_case(rng)[0]) for _ in range(3000)))
    assert set(Op) | {int, Fraction, float} | set(REGISTRY) <= seen


def test_a_newly_registered_function_is_fuzzed():
    register_function("fuzz_me", lambda u: 2 * u, [lambda u: Number(2)])
    rng = random.Random(2)
    assert any("fuzz_me" in _kinds(fuzzgen.random_case(rng)[0]) for _ in range(2000))


def test_every_public_callable_is_misused():
    assert public_callables() - EXCLUDED <= set(ENTRY_POINTS)
    for name, call in ENTRY_POINTS.items():
        assert call.run() is not NotImplemented, name  # the baseline calls are valid


def test_the_reference_is_exact_where_floats_are_not():
    assert precise(parse("x + 1e20*x - 1e20*x"), {"x": 1.0}) == 1
    with mpmath.workdps(50):
        tiny = mpmath.log(mpmath.mpf(1e-200) ** 2)
    assert precise(parse("log(x*1e-200*1e-200)"), {"x": 1.0}) == tiny
    assert precise(parse("(-1)^(10^30+1)"), {}) == -1
    for text in ("log(x)", "x^(1/2)", "1/(x - x)", "asin(x)", "exp(exp(x))^0"):
        with pytest.raises(Undefined):
            precise(parse(text), {"x": -2.0 if "exp" not in text else 20.0})
    assert at_domain_edge(parse("acos(x)"), {"x": 1.0})
    assert not at_domain_edge(parse("acos(x)"), {"x": 0.5})


def test_the_known_issue_filters_are_narrow():
    names = {issue.name for issue in KNOWN_ISSUES}
    assert len(names) == len(KNOWN_ISSUES)
    # a wrong value without float literals is never float folding
    assert known("simplify-keeps-value", (parse("x + 1"), POINT), AssertionError("x")) is None
    # a raw exception that no issue describes is not filtered
    assert known("no-other-exception", (x, POINT), ZeroDivisionError("x")) is None
    assert known("misuse-refused", ("Add", None, ""), TypeError("x")) is None
    assert exact_floats(parse("0.5*x")) is parse("1/2*x")


def test_the_shrinker_finds_a_minimal_input():
    big = parse("sin(x)*(exp(y) + log(2 + x^2))/cos(z)")
    small = fuzzgen.shrink(
        big, lambda e: any(n.name == "exp" for n in postorder(e) if n.op is Op.CALL)
    )
    assert small in (parse("exp(x)"), parse("exp(y)"))


def test_ci_loads_a_derandomized_profile_without_a_database():
    assert chosen_profile({"CI": "true"}) == "ci"
    assert chosen_profile({"CI": "true", "SYMDIFF_HYPOTHESIS_PROFILE": "dev"}) == "dev"
    assert chosen_profile({}) == "default"
    ci = settings.get_profile("ci")
    assert ci.derandomize and ci.database is None
    assert settings.get_profile("default").database is None
