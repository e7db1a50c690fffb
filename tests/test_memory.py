"""Memory: the intern table holds nodes weakly, and no cache keeps expressions alive without
bound. Expressions built and dropped leave the table at its size before."""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator

import pytest

from symdiff import (
    Mul,
    Number,
    Symbol,
    cse,
    differentiate,
    evaluate,
    gradient,
    hessian,
    lambdify,
    parse,
    simplify,
)
from symdiff.core.expr import _intern_table_size
from symdiff.emit.lambdify import c_compiler
from symdiff.simplify.order import _leaf_digest
from symdiff.simplify.rulebook import _compiled

lambdify_module = importlib.import_module("symdiff.emit.lambdify")  # the name is also the function
needs_compiler = pytest.mark.skipif(c_compiler() is None, reason="no C compiler on this machine")


def _settled_size() -> int:
    gc.collect()
    return _intern_table_size()


@pytest.fixture
def collector_off() -> Iterator[None]:
    """Building a million nodes with the cyclic collector scanning them all again and again
    takes twice as long; nodes form no cycles, so reference counting frees them anyway."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_a_million_dropped_nodes_leave_the_intern_table_as_it_was(collector_off):
    x = Symbol("x_memory")
    before = _settled_size()
    start = 10**15  # numbers no other test builds
    built = [Mul(Number(start + i), x) for i in range(500_000)]  # 10^6 new nodes
    assert _intern_table_size() == before + 1_000_000
    assert Mul(Number(start + 7), x) is built[7]  # still hash-consed at this size
    del built
    assert _settled_size() == before


def test_dropped_sums_and_parsed_text_leave_the_table_as_it_was():
    x = Symbol("x")
    before = _settled_size()
    total = x
    for i in range(2_000):
        total = total + i * x  # each step a new, longer sum
    parsed = [parse(f"sin({i}*x)^2 + x^{i}/(y + {i})") for i in range(2_000)]
    assert _intern_table_size() > before + 10_000
    del total, parsed
    assert _settled_size() == before


def _pipeline(i: int) -> None:
    """Every stage on one expression no other call sees."""
    expr = parse(f"sin({i}*x)^2 + x^{i + 2}/(y + {i}) + exp(x*y/{i + 1})")
    derivative = differentiate(expr, "x")
    simple = simplify(derivative)
    grad = gradient(expr)
    program = cse([expr, *grad])
    point = {"x": 0.3, "y": 0.7}
    for function in (lambdify(program), lambdify(grad, "x y", backend="numpy")):
        function(0.3, 0.7)
    hessian(expr)
    assert evaluate(simple, point) == pytest.approx(evaluate(derivative, point), rel=1e-9)
    simplify(expr, rules=[f"sin(a)^2 -> {i} - cos(a)^2"])


def test_the_pipeline_on_many_distinct_expressions_keeps_no_nodes():
    _pipeline(0)  # builds the parser and the caches that stay (rule index, constants)
    before = _settled_size()
    for i in range(1, 150):
        _pipeline(i)
    # a user rule set is compiled once and kept among the last 64 (symdiff.simplify.rulebook), with
    # the nodes of its patterns: a few per rule set, nothing per expression
    assert _compiled.cache_info().currsize <= 64
    assert _settled_size() <= before + 64 * 10
    _compiled.cache_clear()
    assert _settled_size() <= before
    assert _leaf_digest.cache_info().currsize <= 4096  # strings only, at most 4096


@needs_compiler
def test_compiled_c_libraries_are_kept_only_up_to_the_bound(monkeypatch):
    monkeypatch.setattr(lambdify_module, "MAX_CACHED_LIBRARIES", 2)
    monkeypatch.setattr(lambdify_module, "_LIBRARIES", type(lambdify_module._LIBRARIES)())
    functions = [lambdify(parse(f"x^2 + {i}*x"), "x", backend="c") for i in range(3)]
    # keyed by (source, cache directory)
    assert [key[0] for key in lambdify_module._LIBRARIES] == [f.source for f in functions[1:]]
    # a callable whose library left the cache still works
    assert [f(2.0) for f in functions] == [4.0, 6.0, 8.0]
    again = lambdify(parse("x^2 + 2*x"), "x", backend="c")
    assert again.library is functions[2].library  # reused from the cache
    assert again(1.0) == 3.0
