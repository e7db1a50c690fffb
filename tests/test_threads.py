"""Real threads: 8 of them start together (a Barrier) and switch often, building, parsing,
differentiating, simplifying, evaluating and compiling at once, while the registry changes.

Checked: hash-consing holds across threads (the same structure is the same object), every
result has its known value, and a syntax error describes its own text.
"""

from __future__ import annotations

import gc
import math
import sys
import threading
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

from symdiff import (
    REGISTRY,
    Mul,
    Number,
    Symbol,
    SymdiffError,
    SymdiffSyntaxError,
    cos,
    cse,
    differentiate,
    evaluate,
    gradient,
    lambdify,
    parse,
    register_function,
    simplify,
    sin,
    unregister_function,
)
from symdiff.core.traverse import collector_paused

THREADS = 8


@pytest.fixture(autouse=True)
def _switch_often() -> Iterator[None]:
    """Make the interpreter switch threads every few microseconds, so that races show."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(interval)


def run_together(work: Callable[[int], Any], count: int = THREADS) -> list[Any]:
    """``[work(0), ..., work(count - 1)]``, each in its own thread, all released at once.

    An exception in a thread is raised again here.
    """
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(k: int) -> None:
        try:
            barrier.wait()
            results[k] = work(k)
        except BaseException as error:  # reported to the test below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def _structures(offset: int) -> list:
    """Fresh structures of every node kind, the same list in every thread."""
    x, y = Symbol("x"), Symbol("y")
    built = []
    for i in range(offset, offset + 400):
        built += [
            Number(i),
            Number(Fraction(i, 7)),
            Number(i + 0.5),
            Mul(Number(i), x),
            x**i + y,
            sin(x * i),
            parse(f"{i}*x^2 - y/{i + 1}"),
        ]
    return built


def test_threads_building_the_same_structures_get_the_same_nodes():
    results = run_together(lambda k: _structures(10**9))
    first = results[0]
    for other in results[1:]:
        assert len(other) == len(first)
        assert all(a is b for a, b in zip(first, other, strict=True))
    # and each node is the one a later construction finds
    assert all(a is b for a, b in zip(first, _structures(10**9), strict=True))
    i = 10**9 + 3
    assert evaluate(first[7 * 3 + 6], x=2.0, y=3.0) == pytest.approx(4 * i - 3 / (i + 1))


def test_nodes_freed_in_one_thread_while_others_rebuild_them():
    """A node dropped by one thread while another builds the same structure again: the
    intern table must keep the live node, not forget it, or hash-consing breaks."""
    x = Symbol("x")
    base = 2 * 10**9

    def churn(k: int) -> list:
        kept = []
        for round_ in range(30):
            built = [Mul(Number(base + i), x) for i in range(300)]
            if round_ % THREADS == k:
                kept.extend(built)
            del built  # the others are freed here, as other threads build them again
        return kept

    for kept in run_together(churn):
        for node in kept:
            assert Mul(Number(node.args[0].value), x) is node


_POINT = 0.7


def _derivative_case(k: int) -> tuple[Any, float]:
    """``d/dx (x^k sin(x) + k cos(x y))`` and its value at x = 0.7, y = 1.3."""
    x, y = Symbol("x"), Symbol("y")
    expr = x**k * sin(x) + k * cos(x * y)
    at, w = _POINT, 1.3
    value = k * at ** (k - 1) * math.sin(at) + at**k * math.cos(at) - k * w * math.sin(at * w)
    return differentiate(expr, x), value


def test_differentiating_in_threads_gives_shared_correct_results():
    cases = range(1, 40)

    def work(k: int) -> list:
        out = []
        for case in cases:
            derivative, value = _derivative_case(case)
            assert evaluate(derivative, x=_POINT, y=1.3) == pytest.approx(value, rel=1e-12)
            out.append(derivative)
        return out

    results = run_together(work)
    for other in results[1:]:
        assert all(a is b for a, b in zip(results[0], other, strict=True))


def test_gradients_and_programs_in_threads():
    text = " + ".join(f"(x{i} - {i})^2" for i in range(12))

    def work(k: int) -> tuple:
        grad = gradient(text)
        function = lambdify(grad, [f"x{i}" for i in range(12)])
        values = function(*[float(i + k) for i in range(12)])
        assert values == tuple(2.0 * k for _ in range(12))
        return tuple(grad), cse(grad).count_ops()

    results = run_together(work)
    assert all(all(a is b for a, b in zip(results[0][0], r[0], strict=True)) for r in results)
    assert len({r[1] for r in results}) == 1


_BAD_TEXTS = [
    ("(" * 40 + "x" + "+x" * 200, "missing ')' to close the '(' at column 40"),
    ("x + " + "y*" * 150 + "(", "expected an operand after '('"),
    ("2x + " * 100 + "x y", "'x' and 'y' stand side by side"),
    ("sin(x) + " * 120 + ")", "unmatched ')'"),
]


def test_syntax_errors_in_threads_describe_their_own_text():
    def work(k: int) -> int:
        text, message = _BAD_TEXTS[k % len(_BAD_TEXTS)]
        for _ in range(15):
            with pytest.raises(SymdiffSyntaxError) as raised:
                parse(text)
            assert message in str(raised.value), (text[:20], str(raised.value))
            assert str(parse(f"x^{k} + 1")) == f"x^{k} + 1"
        return k

    assert run_together(work) == list(range(THREADS))


def _kept_user_function() -> Any:
    return register_function("kept", lambda u: u**3, [lambda u: 3 * u**2])


def test_registering_while_other_threads_work():
    kept = _kept_user_function()
    stop = threading.Event()
    x = Symbol("x")
    expr = kept(sin(x)) + parse("kept(x)*cos(x)")
    at = 0.4
    value = math.sin(at) ** 3 + at**3 * math.cos(at)
    slope = 3 * math.sin(at) ** 2 * math.cos(at) + 3 * at**2 * math.cos(at) - at**3 * math.sin(at)

    def registrar() -> int:
        changes = 0
        while not stop.is_set():
            for i in range(10):
                name = f"churn{i}"
                register_function(name, lambda u, i=i: u + i, [lambda u: 1], replace=True)
                changes += 1
                if i % 2:
                    unregister_function(name)
        return changes

    def worker(k: int) -> None:
        numpy_function = lambdify(expr, [x], backend="numpy")
        for _ in range(6):
            assert evaluate(expr, x=at) == pytest.approx(value, rel=1e-13)
            derivative = differentiate(expr, x)
            assert evaluate(derivative, x=at) == pytest.approx(slope, rel=1e-12)
            assert lambdify(derivative, [x])(at) == pytest.approx(slope, rel=1e-12)
            assert numpy_function(np.array([at]))[0] == pytest.approx(value, rel=1e-13)
            assert simplify(expr - expr) is Number(0)
            churned = REGISTRY.get("churn2")  # may be replaced at any moment
            if churned is not None:
                assert evaluate(churned(x), x=1.0) == 3.0

    def work(k: int) -> Any:
        if k == 0:
            return registrar()
        try:
            return worker(k)
        finally:
            if k == 1:
                stop.set()

    changes = run_together(work)[0]
    assert changes > 0
    assert REGISTRY["kept"] is kept


def test_racing_registrations_of_one_name_let_exactly_one_win():
    names = [f"raced{i}" for i in range(40)]

    def work(k: int) -> list[bool]:
        wins = []
        for name in names:
            try:
                register_function(name, lambda u, k=k: u * k, [lambda u, k=k: Number(k)])
                wins.append(True)
            except SymdiffError:
                wins.append(False)
        return wins

    results = run_together(work)
    for i, name in enumerate(names):
        wins = [r[i] for r in results]
        assert wins.count(True) == 1, name
        assert REGISTRY[name].impl(2.0) == 2.0 * wins.index(True)


def test_racing_removals_of_one_name_let_exactly_one_win():
    names = [f"removed{i}" for i in range(40)]
    for name in names:
        register_function(name, lambda u: u, [lambda u: Number(1)])

    def work(k: int) -> int:
        removed = 0
        for name in names:
            try:
                unregister_function(name)
                removed += 1
            except SymdiffError:  # never a KeyError
                pass
        return removed

    assert sum(run_together(work)) == len(names)
    assert not any(name in REGISTRY for name in names)


def test_an_expression_outlives_its_function_being_unregistered():
    square = register_function("square", lambda u: u * u, [lambda u: 2 * u])
    x = Symbol("x")
    expr = square(x + 1)
    unregister_function("square")
    assert evaluate(expr, x=2.0) == 9.0
    assert evaluate(differentiate(expr, x), x=2.0) == 6.0
    with pytest.raises(SymdiffSyntaxError, match="'square' is not a function"):
        parse("square(x)")


def test_collector_pauses_overlapping_in_threads_nest():
    """The collector stays paused while any thread is inside, and runs again after the
    last one leaves (a pause that starts while another ends must not switch it off)."""
    assert gc.isenabled()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first() -> None:
        with collector_paused():
            first_in.set()
            second_in.wait()
        first_out.set()

    def second() -> None:
        first_in.wait()
        with collector_paused():
            second_in.set()
            first_out.wait()
            seen["inside after the first left"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"inside after the first left": False}
    assert gc.isenabled()


def test_simplify_and_cse_in_threads_leave_the_collector_running():
    def work(k: int) -> int:
        for i in range(20):
            simplify(parse(f"sin(x)^2 + cos(x)^2 + {k}*x^{i}"))
            cse(parse(f"exp(x*{i}) + exp(x*{i})^2"))
        return k

    run_together(work)
    assert gc.isenabled()
