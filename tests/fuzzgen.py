"""Random expressions over every node kind, for the differential fuzzer.

One generator, two drivers: ``build(draw)`` takes ``draw(n)``, a choice in ``range(n)``, so
Hypothesis (``fuzz_exprs()``: choices shrink towards 0, the simplest option) and a seeded
``random.Random`` (``random_case``, for the long run in ``benchmarks/fuzz_long.py``) produce the
same kind of expressions. Expressions are built bottom-up from a pool, so operands are often
earlier subtrees (repeated, shared nodes). Kinds: every number kind (exact integers and
rationals, floats ordinary, tiny, huge, ``-0.0``, negative), ``pi`` and ``e``, symbols, ``Add``,
``Mul`` (also a number times a negative power), ``Pow`` with integer, rational, negative, float,
huge and symbolic exponents, and a ``Call`` of every function in ``symdiff.REGISTRY`` with its
arity (read when drawing, so a newly registered function is fuzzed too).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction

from hypothesis import strategies as st

from symdiff import REGISTRY, Add, Call, Const, Expr, Mul, Number, Pow, Symbol, postorder, tree_size
from symdiff.core.traverse import rebuild

Draw = Callable[[int], int]

SYMBOLS = [Symbol(n) for n in ("x", "y", "z")]
CONSTANTS = [Const("pi"), Const("e")]

#: Numbers chosen by hand: every kind, and the ones that once broke folding.
NUMBERS: list[int | Fraction | float] = [
    2,
    -1,
    3,
    0,
    1,
    Fraction(1, 2),
    Fraction(-2, 3),
    Fraction(7, 5),
    0.5,
    -2.5,
    -0.0,
    0.0,
    1.75,
    -0.1,
    1e-300,
    1e300,
    -1e-200,
    3.45e-275,
    1e20,
    -1e20,
    5e-324,
    10**30,
    -(10**20) - 1,
    Fraction(1, 10**25),
]

EXPONENTS: list[int | Fraction | float] = [
    2,
    -1,
    3,
    -2,
    Fraction(1, 2),
    Fraction(-1, 2),
    Fraction(1, 3),
    Fraction(3, 2),
    Fraction(-3, 2),
    0,
    1,
    2.0,
    0.5,
    -1.5,
    10**30 + 1,
    -(10**20),
]


def functions() -> list:
    """Every registered function, in a stable order."""
    return [REGISTRY[name] for name in sorted(REGISTRY)]


def _number(draw: Draw) -> Expr:
    kind = draw(4)
    if kind == 0:
        return Number(NUMBERS[draw(len(NUMBERS))])
    if kind == 1:
        return Number(draw(41) - 20)
    if kind == 2:
        return Number(Fraction(draw(41) - 20, draw(12) + 1))
    mantissa = (draw(2001) - 1000) / 100
    return Number(mantissa * 10.0 ** (draw(61) - 30))


def _leaf(draw: Draw) -> Expr:
    kind = draw(4)
    if kind <= 1:
        return SYMBOLS[draw(len(SYMBOLS))]
    if kind == 2:
        return _number(draw)
    return CONSTANTS[draw(len(CONSTANTS))]


def _operand(draw: Draw, pool: list[Expr]) -> Expr:
    """Mostly the latest node, else an earlier one (shared), else a fresh leaf."""
    roll = draw(4)
    if roll == 0 or not pool:
        return _leaf(draw)
    if roll == 1:
        return pool[draw(len(pool))]
    return pool[-1]


def _node(draw: Draw, pool: list[Expr]) -> Expr:
    kind = draw(7)
    if kind == 0:
        return Add(*(_operand(draw, pool) for _ in range(2 + draw(3))))
    if kind == 1:
        return Mul(*(_operand(draw, pool) for _ in range(2 + draw(3))))
    if kind == 2:  # a number times a negative power: most quotients and derivatives
        power = Pow(_operand(draw, pool), Number(-(1 + draw(3))))
        return Mul(_number(draw), power) if draw(2) else Mul(power, _number(draw))
    if kind == 3:
        exponent = Number(EXPONENTS[draw(len(EXPONENTS))])
        return Pow(_operand(draw, pool), exponent)
    if kind == 4:
        return Pow(_operand(draw, pool), _operand(draw, pool))
    table = functions()
    function = table[draw(len(table))]
    return Call(function, *(_operand(draw, pool) for _ in range(function.arity)))


def build(draw: Draw, max_nodes: int = 8) -> Expr:
    """A random expression of up to ``max_nodes`` operations (choice 0 gives ``x``)."""
    pool: list[Expr] = []
    for _ in range(draw(max_nodes + 1)):
        pool.append(_node(draw, pool))
    return pool[-1] if pool else _leaf(draw)


def random_point(draw: Draw, names: tuple[str, ...] = ("x", "y", "z")) -> dict[str, float]:
    """Values in [-3, 3] away from 0, with a few round ones (where branches meet)."""
    point = {}
    for name in names:
        if draw(8) == 0:
            point[name] = [0.5, -1.0, 2.0, 1.0][draw(4)]
        else:
            value = (draw(60_001) - 30_000) / 10_000
            point[name] = value if abs(value) > 1e-3 else 0.25
    return point


@st.composite
def fuzz_exprs(draw: st.DrawFn, max_nodes: int = 8) -> Expr:
    """Hypothesis strategy over ``build``."""
    return build(lambda n: draw(st.integers(0, n - 1)), max_nodes)


@st.composite
def fuzz_points(draw: st.DrawFn) -> dict[str, float]:
    """Hypothesis strategy over ``random_point``."""
    return random_point(lambda n: draw(st.integers(0, n - 1)))


def random_case(rng: random.Random, max_nodes: int = 8) -> tuple[Expr, dict[str, float]]:
    """A seeded expression and point (the long run's driver)."""
    return build(rng.randrange, max_nodes), random_point(rng.randrange)


def _replaced(root: Expr, old: Expr, new: Expr) -> Expr:
    """``root`` with every occurrence of ``old`` replaced by ``new`` (iterative)."""
    done: dict[Expr, Expr] = {old: new}
    for node in postorder(root):
        if node not in done:
            done[node] = rebuild(node, tuple(done[a] for a in node.args))
    return done[root]


def shrink(expr: Expr, fails: Callable[[Expr], bool], budget: int = 400) -> Expr:
    """A smaller expression that still ``fails``: greedily replace a subtree by one of its
    operands or by a simple leaf, while that keeps it failing (``budget`` tries)."""
    simple = [SYMBOLS[0], Number(1), Number(2)]
    improved = True
    while improved and budget > 0:
        improved = False
        size = tree_size(expr)
        for node in postorder(expr)[::-1]:  # the root first: big steps before small ones
            for candidate in (*node.args, *simple):
                smaller = _replaced(expr, node, candidate)
                if tree_size(smaller) >= size or budget <= 0:
                    continue
                budget -= 1
                if fails(smaller):
                    expr, improved = smaller, True
                    break
            if improved:
                break
    return expr
