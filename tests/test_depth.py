"""Expressions nested 100,000 levels deep go through every stage without ``RecursionError``.

One deep expression mixes every kind of node (calls, sums, products, powers, reciprocals).
It is written in the printer's canonical form, so parsing it and printing it back checks
both stages at once. It is parsed once per module; each stage then gets its own test.
``lambdify`` at this depth (compiling the emitted code in Python, NumPy and C) is tested on
the chain of ``tests/deep_chain.py`` in ``test_lambdify.py`` and ``test_emit_c.py``.
"""

from __future__ import annotations

import importlib
import math
import pickle

import pytest
from hostile_inputs import time_bound

from symdiff import (
    Add,
    Mul,
    Number,
    Symbol,
    count_ops,
    cse,
    emit_c,
    emit_dot,
    emit_numpy,
    emit_python,
    evaluate,
    free_symbols,
    latex,
    parse,
)
from symdiff.core.expr import Op
from symdiff.diff.diff import differentiate, gradient

DEPTH = 100_000
BOUND = 60  # seconds per stage: a generous guard against hangs, not a measurement
x = Symbol("x")

FUNCTIONS = ("sin", "cos", "atan", "tanh")
WRAPPERS = (("1 + {}(", ")"), ("2*{}(", ")"), ("1/(2 + {}(", "))"), ("{}(", ")^2"))
LEVELS = (2, 2, 3, 2)  # nodes each wrapper adds on the way down


def deep_text() -> str:
    """Canonical text nested at least ``DEPTH`` levels: 1 + sin(2*cos(1/(2 + atan(...))))."""
    prefixes, suffixes, depth, i = [], [], 0, 0
    while depth < DEPTH:
        head, tail = WRAPPERS[i % len(WRAPPERS)]
        prefixes.append(head.format(FUNCTIONS[i % len(FUNCTIONS)]))
        suffixes.append(tail)
        depth, i = depth + LEVELS[i % len(LEVELS)], i + 1
    return "".join(prefixes) + "x" + "".join(reversed(suffixes))


TEXT = deep_text()


@pytest.fixture(scope="module")
def deep():
    with time_bound(BOUND):
        return parse(TEXT)


def test_the_input_is_deep(deep):
    depth, node = 0, deep
    while node.args:
        node, depth = node.args[-1] if node.args[0].is_number else node.args[0], depth + 1
    assert node is x
    assert depth >= DEPTH


def test_print(deep):
    with time_bound(BOUND):
        assert str(deep) == TEXT
        assert repr(deep).count("Symbol('x')") == 1


def test_evaluate(deep):
    with time_bound(BOUND):
        assert math.isfinite(evaluate(deep, x=0.5))


def test_walks(deep):
    with time_bound(BOUND):
        assert free_symbols(deep) == {x}
        assert count_ops(deep) == count_ops(deep, dag=True) >= DEPTH // 2


@pytest.fixture(scope="module")
def derivative(deep):
    with time_bound(BOUND):
        return differentiate(deep, "x")


def test_differentiate(derivative):
    with time_bound(BOUND):
        assert math.isfinite(evaluate(derivative, x=0.5))


def test_gradient(deep, derivative):
    with time_bound(BOUND):
        (partial,) = gradient(deep, ["x"])
        assert evaluate(partial, x=0.5) == pytest.approx(evaluate(derivative, x=0.5))


@pytest.fixture(scope="module")
def program(deep):
    with time_bound(BOUND):
        return cse(deep)


def test_cse(deep, program):
    assert program.count_ops() == count_ops(deep, dag=True)


@pytest.mark.parametrize("emit", [emit_python, emit_numpy, emit_c, latex, emit_dot, str])
def test_emit(program, emit):
    with time_bound(BOUND):
        assert "x" in emit(program)


def test_pickle(deep):
    with time_bound(BOUND):
        assert pickle.loads(pickle.dumps(deep)) is deep


def test_latex_of_the_expression(deep):
    with time_bound(BOUND):
        assert latex(deep).count("x") == 1


# -- the trivial level on nested chains: linear, measured by the operands it folds ---------


def nested_chain(kind: str, depth: int):
    """``((x + a1) + a2) + 2 ...`` (or the product, with ``-1`` for ``2``) nested ``depth``
    levels: a number every third level, seven distinct symbols otherwise."""
    build, number = (Add, Number(2)) if kind == "sum" else (Mul, Number(-1))
    node = x
    for i in range(depth):
        node = build(node, Symbol(f"a{i % 7}") if i % 3 else number)
    return node


def counting_folds(monkeypatch) -> dict:
    """Count the calls of the trivial sum and product builders, and the operands given."""
    simplifier = importlib.import_module("symdiff.simplify.trivial")

    folded = {"calls": 0, "operands": 0}
    for name in ("add", "mul"):
        original = getattr(simplifier, name)

        def counting(*args, _original=original):
            folded["calls"] += 1
            folded["operands"] += len(args)
            return _original(*args)

        monkeypatch.setattr(simplifier, name, counting)
    return folded


POINTS = {
    "sum": {"x": 0.75} | {f"a{i}": 1.0 + i / 8 for i in range(7)},
    "product": {"x": 0.75} | {f"a{i}": 1.0 + (i - 3) / 4096 for i in range(7)},  # no overflow
}


@pytest.mark.parametrize("kind", ["sum", "product"])
def test_trivial_level_of_a_deep_chain_is_linear(monkeypatch, kind):
    from symdiff.simplify import simplify

    chain = nested_chain(kind, DEPTH)
    folded = counting_folds(monkeypatch)
    with time_bound(BOUND):
        result = simplify(chain, level="trivial")
    # one fold of the whole chain, not one per level copying the growing operand list
    assert folded == {"calls": 1, "operands": DEPTH + 1}
    numbers = (DEPTH + 2) // 3
    uses = [0] * 7
    for i in range(DEPTH):
        if i % 3:
            uses[i % 7] += 1
    point = POINTS[kind]
    value = evaluate(result, **point)
    if kind == "sum":
        assert result.op is Op.ADD and len(result.args) == DEPTH - numbers + 2
        assert result.args[-1] is Number(2 * numbers)
        expected = 0.75 + 2 * numbers + sum(k * point[f"a{i}"] for i, k in enumerate(uses))
        assert value == pytest.approx(expected, rel=1e-12)
    else:
        sign = (-1) ** numbers
        assert result.op is Op.MUL and len(result.args) == DEPTH - numbers + 1 + (sign < 0)
        logs = math.log(0.75) + sum(k * math.log(point[f"a{i}"]) for i, k in enumerate(uses))
        assert math.copysign(1, value) == sign
        assert math.log(abs(value)) == pytest.approx(logs, rel=1e-12)


def test_trivial_level_builds_a_shared_chain_once(monkeypatch):
    from symdiff.simplify import simplify_many

    inner = nested_chain("sum", 1000)
    b = Symbol("b")
    folded = counting_folds(monkeypatch)
    first, second = simplify_many([Mul(inner, inner), Add(inner, b)], level="trivial")
    assert folded == {"calls": 3, "operands": 1001 + 2 + 2}
    flat = first.args[0]
    assert first.op is Op.MUL and first.args == (flat, flat)
    assert flat.op is Op.ADD and len(flat.args) == 1000 - 334 + 2
    assert second.args == (*flat.args[:-1], b, flat.args[-1])


@pytest.mark.parametrize("name", ["full", "cancel", "expand"])
def test_algebra(deep, name):
    from symdiff import cancel, expand, simplify

    run = {"full": lambda e: simplify(e, "full"), "cancel": cancel, "expand": expand}[name]
    with time_bound(BOUND):
        result = run(deep)
    assert evaluate(result, x=0.5) == pytest.approx(evaluate(deep, x=0.5))
