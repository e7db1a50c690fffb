"""Expressions nested 100,000 levels deep go through every stage without ``RecursionError``.

One deep expression mixes every kind of node (calls, sums, products, powers, reciprocals).
It is written in the printer's canonical form, so parsing it and printing it back checks
both stages at once. It is parsed once per module; each stage then gets its own test.
``lambdify`` at this depth (compiling the emitted code in Python, NumPy and C) is tested on
the chain of ``tests/deep_chain.py`` in ``test_lambdify.py`` and ``test_emit_c.py``.
"""

from __future__ import annotations

import math
import pickle

import pytest
from hostile_inputs import time_bound

from symdiff import (
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


@pytest.mark.parametrize("name", ["full", "cancel", "expand"])
def test_algebra(deep, name):
    from symdiff import cancel, expand, simplify

    run = {"full": lambda e: simplify(e, "full"), "cancel": cancel, "expand": expand}[name]
    with time_bound(BOUND):
        result = run(deep)
    assert evaluate(result, x=0.5) == pytest.approx(evaluate(deep, x=0.5))
