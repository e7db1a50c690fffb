"""A seeded generator of random expressions with shared subtrees (tests and benchmarks).

``random_expr(rng, size)`` builds an ``Expr`` bottom-up: each new node takes unused nodes as
operands when it can (so everything ends up connected) and otherwise reuses an earlier
subtree (a shared node) or a fresh leaf. Function arguments are wrapped so that the result
is real and smooth on a wide range (``log(1 + u^2)``, ``asin(tanh(u))``), which makes the
expressions usable in numeric checks; ``str(expr)`` is the text form.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction

from symdiff import REGISTRY, Add, Expr, Mul, Number, Pow, Symbol, pi

F = REGISTRY

UNARY: list[Callable[[Expr], Expr]] = [
    F["sin"],
    F["cos"],
    F["atan"],
    F["tanh"],
    F["asinh"],
    lambda u: F["sinh"](u / 4),
    lambda u: F["cosh"](u / 4),
    lambda u: F["exp"](F["sin"](u)),
    lambda u: F["log"](1 + u**2),
    lambda u: F["sqrt"](2 + F["sin"](u)),
    lambda u: F["cbrt"](3 + F["cos"](u)),
    lambda u: F["asin"](F["tanh"](u) / 2),
    lambda u: F["acos"](F["tanh"](u) / 2),
    lambda u: F["atanh"](F["tanh"](u) / 2),
    lambda u: F["acosh"](2 + u**2),
    lambda u: F["tan"](F["atan"](u) / 2),
    lambda u: F["sec"](F["tanh"](u)),
    lambda u: F["csc"](2 + F["tanh"](u)),
    lambda u: F["cot"](2 + F["tanh"](u)),
    lambda u: F["log"](2 + F["sin"](u)) / F["log"](3 + u**2),
]

BINARY: list[Callable[[Expr, Expr], Expr]] = [
    lambda u, v: Add(u, v),
    lambda u, v: Mul(u, v),
    lambda u, v: u - v,
    lambda u, v: u / (1 + v**2),
    lambda u, v: Pow(u, 2),
    lambda u, v: Pow(u, 3),
    lambda u, v: Pow(2 + F["sin"](u), Fraction(-1, 2)),
    lambda u, v: Pow(1 + u**2, F["sin"](v)),
    lambda u, v: Pow(2, F["sin"](u)),
    lambda u, v: F["atan2"](u, 2 + F["cos"](v)),
    lambda u, v: Add(u, v, u),
    lambda u, v: Mul(u, v, 3),
]


def _leaf(rng: random.Random, variables: list[Expr]) -> Expr:
    roll = rng.random()
    if roll < 0.7:
        return rng.choice(variables)
    if roll < 0.85:
        return Number(rng.randint(1, 9))
    if roll < 0.95:
        return Number(Fraction(rng.randint(1, 9), rng.randint(2, 7)))
    return pi


def _measure(node: Expr, sizes: dict[Expr, int]) -> None:
    """Record the tree size of ``node`` and of its new descendants, iteratively."""
    stack = [(node, False)]
    while stack:
        item, expanded = stack.pop()
        if item in sizes:
            continue
        if expanded:
            sizes[item] = 1 + sum(sizes[a] for a in item.args)
        else:
            stack.append((item, True))
            stack.extend((a, False) for a in item.args if a not in sizes)


def random_expr(rng: random.Random, size: int, variables: str = "x y", share: float = 0.3) -> Expr:
    """A random expression whose tree size is about ``size`` (and at least it).

    Args:
        rng: the seeded source of randomness.
        size: the wanted tree size (shared subtrees counted per use).
        variables: the symbol names to use.
        share: how often an operand is an earlier, already used subtree.
    """
    symbols = [Symbol(name) for name in variables.split()]
    roots: list[Expr] = []
    pool: list[Expr] = []
    sizes: dict[Expr, int] = {}
    total = 0
    while total < size or not roots:
        unary = rng.random() < 0.4
        operands = []
        for _ in range(1 if unary else 2):
            roll = rng.random()
            if roots and roll > share:
                child = roots.pop(rng.randrange(len(roots)))
                total -= sizes[child]
            elif pool and roll < share / 2:
                child = rng.choice(pool)
            else:
                child = _leaf(rng, symbols)
            operands.append(child)
        node = rng.choice(UNARY)(*operands) if unary else rng.choice(BINARY)(*operands)
        _measure(node, sizes)
        total += sizes[node]
        roots.append(node)
        if sizes[node] <= max(size // 20, 8):
            pool.append(node)
    return roots[0] if len(roots) == 1 else Add(*roots)
