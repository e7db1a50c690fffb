"""One expression 100,000 levels deep, built once per test session."""

from __future__ import annotations

import functools
from fractions import Fraction

from symdiff import REGISTRY, Add, Mul, Number, Symbol, cse

DEPTH = 100_000


@functools.cache
def deep_chain():
    """``(expr, cse(expr))`` for a chain of halved sums with a ``sin`` every tenth level."""
    x = Symbol("x")
    half, sin = Number(Fraction(1, 2)), REGISTRY["sin"]
    expr = x
    for level in range(DEPTH):
        if level % 10 == 9:
            expr = sin(expr)
        elif level % 2:
            expr = Mul(expr, half)
        else:
            expr = Add(expr, x)
    return expr, cse(expr)


def chain_value(x: float) -> float:
    """The chain's value computed directly."""
    import math

    value = x
    for level in range(DEPTH):
        if level % 10 == 9:
            value = math.sin(value)
        elif level % 2:
            value = value * 0.5
        else:
            value = value + x
    return value
