"""Every printer handles every node kind and every number kind, and every backend of
``lambdify`` computes what ``evaluate`` computes.

The expressions are systematic rather than random: every number kind (zero, small and huge
integers, rationals, floats including ``-0.0``, tiny, huge and infinite ones), the named
constants and symbols, combined by every structural node (sums, differences, products,
quotients, negative powers with and without a coefficient, powers with every kind of
exponent), every built-in function, and nested forms of these. Raw constructors keep each
structure exactly as written (no simplification reaches the printers).
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

import numpy as np
import pytest
from agreement import close, reference

from symdiff import REGISTRY, Add, Const, Mul, Number, Pow, Symbol, lambdify, latex, parse
from symdiff.core.errors import EmitError
from symdiff.core.expr import Expr, Op
from symdiff.core.traverse import map_nodes, postorder, rebuild
from symdiff.emit import emit_c, emit_dot, emit_numpy, emit_python
from symdiff.emit.c import C
from symdiff.emit.lambdify import c_compiler
from symdiff.program.cse import cse
from symdiff.program.program import exact_value, odd_beyond_float

needs_compiler = pytest.mark.skipif(c_compiler() is None, reason="no C compiler")

x, y = Symbol("x"), Symbol("y")
NUMBERS = [
    0,
    1,
    -1,
    2,
    -3,
    10**30,
    -(10**30) - 1,
    10**400,
    Fraction(1, 3),
    Fraction(-7, 2),
    Fraction(1, 10**30),
    Fraction(10**30 + 1, 3),
    0.5,
    -2.5,
    0.0,
    -0.0,
    1e-300,
    1e300,
    math.inf,
    -math.inf,
]
LEAVES = [Number(v) for v in NUMBERS] + [Const("pi"), Const("e"), x, y]
EXPONENTS = [Number(v) for v in (2, 3, -1, -2, -3, 0, Fraction(1, 2), Fraction(-1, 2))]
EXPONENTS += [Number(v) for v in (Fraction(1, 3), Fraction(2, 3), 0.5, 2.0, -1.0, 10**30)]
FUNCTIONS = sorted((f for f in REGISTRY.values() if f.builtin), key=lambda f: f.name)
POINTS = [(0.7, -1.3), (-2.0, 0.4), (1.5, 3.0)]


def _pairs(a: Expr, b: Expr) -> list[Expr]:
    """Every structural node over two operands, in the shapes the printers treat apart."""
    return [
        Add(a, b),
        Add(a, Mul(-1, b)),  # a - b
        Mul(a, b),
        Mul(a, Pow(b, -1)),  # a/b
        Mul(a, Pow(b, -2)),  # a number times a negative power: most derivatives
        Pow(a, b),
    ]


def _calls(u: Expr) -> list[Expr]:
    calls = []
    for function in FUNCTIONS:
        args = (u, x, y)[: function.arity]
        calls.append(function(*args))
    return calls


def systematic() -> list[Expr]:
    """Leaves, every pair of leaves with one symbol among them, powers, calls, and nests."""
    exprs: list[Expr] = list(LEAVES)
    for leaf in LEAVES:
        for symbol in (x, y):
            exprs += _pairs(leaf, symbol) + _pairs(symbol, leaf)
        exprs += [Mul(leaf, Pow(x, k)) for k in EXPONENTS]
        exprs += [Pow(Add(x, leaf), k) for k in EXPONENTS[:6]]
        exprs += _calls(leaf)
        exprs += _calls(Mul(leaf, x))
    for a in LEAVES[:12]:  # numbers with numbers: constant folding in the targets
        for b in LEAVES[:12]:
            exprs += _pairs(a, b)
    rng = random.Random(16)
    level = list(exprs)
    for _ in range(400):  # nested: the structure of one inside another
        a, b = rng.choice(level), rng.choice(level)
        exprs += [rng.choice(_pairs(a, b)), rng.choice(_calls(a))]
        exprs += [Mul(-2, Pow(a, -2)), Add(a, Mul(Number(Fraction(-3, 4)), b))]
    return list(dict.fromkeys(exprs))


EXPRS = systematic()


def _expected(expr: Expr, point: tuple[float, float]) -> tuple[float, float] | None:
    return reference(_with_parity(expr), {"x": point[0], "y": point[1]})


def _with_parity(expr: Expr) -> Expr:
    """``b^n`` for an odd ``n`` beyond 2**53 as ``b*b^(n-1)`` (``b^(n+1)/b`` for ``n < 0``):
    the same value, with the sign a float exponent (always even that large) would lose."""

    def visit(node: Expr, args: tuple[Expr, ...]) -> Expr:
        node = rebuild(node, args)
        if not odd_beyond_float(node):
            return node
        base, n = node.args[0], exact_value(node.args[1], {})  # 10^30 + 1 too
        return Mul(base, Pow(base, n - 1)) if n > 0 else Mul(Pow(base, n + 1), Pow(base, -1))

    return map_nodes(expr, visit)


def _agree(expr: Expr, point: tuple[float, float], actual: float) -> bool:
    expected = _expected(expr, point)
    if expected is None:  # evaluate raises (DomainError ...), or too ill-conditioned
        return True
    value, bound = expected
    if value == 0 and actual == 0:  # the sign of zero too (atan2 and 1/x tell them apart)
        return math.copysign(1.0, value) == math.copysign(1.0, float(actual))
    return close(actual, value, bound)


def test_the_set_covers_every_kind():
    assert len(EXPRS) > 2000
    kinds = {(e.op, type(e.value)) for e in EXPRS}
    assert {type(v) for v in NUMBERS} <= {t for _, t in kinds}
    called = {e.value for e in EXPRS if e.value in FUNCTIONS}
    assert called == set(FUNCTIONS)


def test_python_backend_agrees_with_evaluate():
    checked = 0
    for expr in EXPRS:
        function = lambdify(expr, "x y")
        for point in POINTS:
            if _expected(expr, point) is None:
                continue
            actual = function(*point)
            assert _agree(expr, point, actual), (str(expr), point, actual)
            checked += 1
    assert checked > len(EXPRS)  # most points are in the domain


def test_numpy_backend_agrees_with_evaluate_one_output_at_a_time():
    for expr in EXPRS:
        function = lambdify(expr, "x y", backend="numpy")
        with np.errstate(all="ignore"):
            values = function(np.array([p[0] for p in POINTS]), np.array([p[1] for p in POINTS]))
        for point, actual in zip(POINTS, np.broadcast_to(values, (len(POINTS),)), strict=True):
            assert _agree(expr, point, actual), (str(expr), point, actual)


def _batches(size: int, exprs: list[Expr] | None = None) -> list[list[Expr]]:
    exprs = EXPRS if exprs is None else exprs
    return [exprs[i : i + size] for i in range(0, len(exprs), size)]


def _in_c(expr: Expr) -> bool:
    """Whether every function ``expr`` calls has a C form (digamma, polygamma, beta do not)."""
    return all(
        "c" in n.value.targets or n.value.name in C.fallback
        for n in postorder(expr)
        if n.op is Op.CALL
    )


C_EXPRS = [e for e in EXPRS if _in_c(e)]


def test_functions_without_a_c_form_are_refused_by_name():
    missing = [f for f in FUNCTIONS if "c" not in f.targets and f.name not in C.fallback]
    assert {f.name for f in missing} == {"beta", "digamma", "polygamma"}
    for function in missing:
        expr = function(*(Symbol("x"),) * function.arity)
        with pytest.raises(EmitError, match=rf"{function.name}\(\) has no c form"):
            emit_c([expr], ["x"])


def test_numpy_backend_agrees_with_evaluate_in_one_program():
    xs, ys = np.array([p[0] for p in POINTS]), np.array([p[1] for p in POINTS])
    for batch in _batches(500):
        function = lambdify(batch, "x y", backend="numpy")
        with np.errstate(all="ignore"):
            values = function(xs, ys)
        for expr, row in zip(batch, values, strict=True):
            for point, actual in zip(POINTS, row, strict=True):
                assert _agree(expr, point, actual), (str(expr), point, actual)


@needs_compiler
def test_c_backend_agrees_with_evaluate():
    for batch in _batches(800, C_EXPRS):
        function = lambdify(batch, "x y", backend="c")
        for point in POINTS:
            for expr, actual in zip(batch, function(*point), strict=True):
                assert _agree(expr, point, actual), (str(expr), point, actual)


@needs_compiler
def test_c_backend_agrees_with_evaluate_one_output():
    for expr in C_EXPRS[:: len(C_EXPRS) // 40]:
        function = lambdify(expr, "x y", backend="c")
        for point in POINTS:
            assert _agree(expr, point, function(*point)), (str(expr), point)


def test_text_printers_handle_every_kind():
    for expr in EXPRS:
        text = str(expr)
        assert parse(text) is expr, (text, repr(expr))
        assert latex(expr)
    program = cse(EXPRS)
    assert latex(program) and emit_dot(program)
    assert emit_python(program) and emit_numpy(program) and emit_c(cse(C_EXPRS))


def test_numbers_times_negative_powers_go_to_numpy():
    """Regression: the NumPy printer asked for state it sets only while printing."""
    from symdiff import gradient, hessian

    f = lambdify(parse("2/x^2"), "x", backend="numpy")
    assert f(2.0) == 0.5
    g = lambdify(gradient("y/x"), backend="numpy")
    assert g(2.0, 3.0).tolist() == [-0.75, 0.5]
    h = lambdify(hessian("log(x)"), backend="numpy")
    assert h(2.0).tolist() == [[-0.25]]
    quotient = lambdify([Mul(3, Pow(x, -2)), Mul(Number(10**400), Pow(x, -3))], "x", "numpy")
    with np.errstate(all="ignore"):
        assert quotient(2.0).tolist() == [0.75, math.inf]
