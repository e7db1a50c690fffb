"""Fuzzing the whole pipeline: from hostile text, or hostile numbers built from Python, through
every public entry point. Only ``SymdiffError`` subclasses may come out (see
``hostile_inputs.run_pipeline``), within a time bound per case.
"""

from __future__ import annotations

import math
from datetime import timedelta
from fractions import Fraction

import pytest
from hostile_inputs import (
    POINT_VALUES,
    allowed,
    expression_stages,
    mutated_texts,
    run_pipeline,
    time_bound,
    valid_texts,
)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import SYMBOLS, exprs

from symdiff import Expr, Number, SymdiffError, count_ops, evaluate, lambdify, parse, tree_size
from symdiff.core.construct import add, div, mul, neg, power, sub
from symdiff.emit.lambdify import c_compiler

FUZZ = settings(
    max_examples=80,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Numbers that stress exact and float arithmetic (built from small draws: hypothesis itself
#: cannot show integers beyond Python's int-to-str limit).
hostile_numbers = st.one_of(
    st.integers(-(10**6), 10**6),
    st.integers(0, 30_000).map(lambda k: 3**k),
    st.integers(0, 30_000).map(lambda k: -(2**k) + 1),
    st.integers(1, 5_000).map(lambda k: Fraction(1, 7**k)),
    st.integers(1, 5_000).map(lambda k: Fraction(-(5**k), 3)),
    st.floats(allow_nan=False),
    st.sampled_from([0.0, -0.0, 5e-324, 1e308, -1e308, math.inf, -math.inf]),
)


@FUZZ
@given(valid_texts)
def test_valid_texts_through_everything(text):
    run_pipeline(text)


@FUZZ
@given(mutated_texts())
def test_mutated_texts_through_everything(text):
    run_pipeline(text)


SMART = {"add": add, "mul": mul, "sub": sub, "div": div, "power": power}


@FUZZ
@given(
    st.sampled_from(sorted(SMART)),
    st.lists(hostile_numbers | st.sampled_from(SYMBOLS), min_size=1, max_size=6),
)
def test_smart_constructors_on_hostile_numbers(name, items):
    with time_bound(20):
        built = allowed(lambda: _fold_all(SMART[name], items))
        if isinstance(built, Expr):
            expression_stages(built)
            allowed(lambda: expression_stages(neg(built)))


def _fold_all(constructor, items):
    result = Number(items[0]) if not isinstance(items[0], Expr) else items[0]
    for item in items[1:]:
        result = constructor(result, item)
    return result


@FUZZ
@given(exprs(), st.lists(hostile_numbers, min_size=3, max_size=3))
def test_random_expressions_at_hostile_points(expr, values):
    with time_bound(20):
        expression_stages(expr)
        point = dict(zip(("x", "y", "z"), values, strict=True))
        result = allowed(lambda: evaluate(expr, point))
        assert isinstance(result, float) or str(result)
        assert count_ops(expr) <= tree_size(expr)
        substituted = allowed(lambda: expr.subs(point))
        if isinstance(substituted, Expr):
            expression_stages(substituted)


def test_point_values_cover_the_ieee_specials():
    assert any(math.isnan(v) for v in POINT_VALUES)
    assert {math.inf, -math.inf, 0.0} <= set(POINT_VALUES)


@pytest.mark.skipif(c_compiler() is None, reason="no C compiler")
@settings(FUZZ, max_examples=10)
@given(st.lists(valid_texts, min_size=1, max_size=8))
def test_compiled_c_on_hostile_texts(texts):
    # one compilation per batch: the C compiler takes a fraction of a second each time
    parsed = [e for e in (allowed(lambda t=t: parse(t)) for t in texts) if isinstance(e, Expr)]
    assume(parsed)
    names = sorted({s.name for e in parsed for s in e.free_symbols})
    with time_bound(20):
        function = allowed(lambda: lambdify(parsed, names, "c"))
        if isinstance(function, SymdiffError):
            return
        for value in POINT_VALUES:
            values = function(*[value] * len(names))
            assert len(values) == len(parsed)
            assert all(isinstance(v, float) for v in values)
