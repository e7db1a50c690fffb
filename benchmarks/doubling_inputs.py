"""Input families and stages for ``bench_doubling.py``.

A family builds an expression of size ``n`` (depth, width, or DAG nodes); a stage is a
function of a prepared input (the expression, its text, or its program) that is timed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from symdiff import (
    Add,
    Call,
    Expr,
    Mul,
    Number,
    Pow,
    Symbol,
    cse,
    differentiate,
    emit_c,
    emit_dot,
    emit_numpy,
    emit_python,
    evaluate,
    gradient,
    hessian,
    lambdify,
    latex,
    parse,
    simplify,
    subs,
)
from symdiff.core.functions import REGISTRY
from symdiff.core.printing import to_infix

X, Y, Z = Symbol("x"), Symbol("y"), Symbol("z")
SIN, COS, TANH = REGISTRY["sin"], REGISTRY["cos"], REGISTRY["tanh"]
WHERE, GT = REGISTRY["where"], REGISTRY["gt"]


def deep_sum(n: int) -> Expr:
    """``((x*y + sin(x)) + sin(2*x)) + ...``, nested ``n`` deep (binary raw sums)."""
    node: Expr = Mul(X, Y)
    for k in range(1, n + 1):
        node = Add(node, Call(SIN, Mul(Number(k), X)))
    return node


def deep_product(n: int) -> Expr:
    """``((x*y*(x + 1))*(x + 2))*...``, nested ``n`` deep (binary raw products)."""
    node: Expr = Mul(X, Y)
    for k in range(1, n + 1):
        node = Mul(node, Add(X, Number(k)))
    return node


def deep_division(n: int) -> Expr:
    """``x*y/(x + 1)/(x + 2)/...``, nested ``n`` deep."""
    node: Expr = Mul(X, Y)
    for k in range(1, n + 1):
        node = Mul(node, Pow(Add(X, Number(k)), Number(-1)))
    return node


def deep_calls(n: int) -> Expr:
    """``sin(cos(sin(...(x*y))))``, ``n`` calls deep."""
    node: Expr = Mul(X, Y)
    for k in range(n):
        node = Call(SIN if k % 2 == 0 else COS, node)
    return node


def deep_where(n: int) -> Expr:
    """``where(x > n, ..., where(x > 2, where(x > 1, x*y, sin(x)), sin(2*x)) ...)``, nested
    ``n`` deep (lazy branches in the emitted code)."""
    node: Expr = Mul(X, Y)
    for k in range(1, n + 1):
        node = Call(WHERE, Call(GT, X, Number(k)), node, Call(SIN, Mul(Number(k), X)))
    return node


def deep_powers(n: int) -> Expr:
    """``((x*y)^2 + x)^(1/2) + x)^2 ...``: powers alternating 2 and 1/2, ``n`` deep."""
    node: Expr = Mul(X, Y)
    for k in range(n):
        node = Add(Pow(node, Number(2) if k % 2 == 0 else Number(Fraction(1, 2))), X)
    return node


def wide_sum(n: int) -> Expr:
    """``x*y + sin(x) + sin(2*x) + ... + sin(n*x)``, one flat sum."""
    return Add(Mul(X, Y), *(Call(SIN, Mul(Number(k), X)) for k in range(1, n + 1)))


def wide_product(n: int) -> Expr:
    """``x*y*(x + 1)*(x + 2)*...*(x + n)``, one flat product."""
    return Mul(X, Y, *(Add(X, Number(k)) for k in range(1, n + 1)))


def random_dag(n: int) -> Expr:
    """``n`` unique nodes over ``x, y, z``, all reachable from the root: each new node
    combines the last one with a random earlier one by ``+`` or ``*``, or applies ``sin`` or
    ``tanh`` to it (seeded by ``n``)."""
    rng = random.Random(n)
    nodes: list[Expr] = [Add(X, Y, Z)]
    leaves = (X, Y, Z, Number(2))
    while len(nodes) < n:
        last, other = nodes[-1], rng.choice((*leaves, *nodes[-64:], rng.choice(nodes)))
        kind = rng.randrange(4)
        if kind < 2:
            nodes.append((Add if kind == 0 else Mul)(last, other))
        else:
            nodes.append(Call(SIN if kind == 2 else TANH, last))
    return nodes[-1]


def squaring(n: int) -> Expr:
    """``u_{k+1} = sin(u_k*u_k + x)``, ``n`` levels: a tree of 2^n nodes, a DAG of ~3n."""
    node: Expr = Mul(X, Y)
    for _ in range(n):
        node = Call(SIN, Add(Mul(node, node), X))
    return node


FAMILIES: dict[str, Callable[[int], Expr]] = {
    "deep-sum": deep_sum,
    "deep-product": deep_product,
    "deep-division": deep_division,
    "deep-calls": deep_calls,
    "deep-where": deep_where,
    "deep-powers": deep_powers,
    "wide-sum": wide_sum,
    "wide-product": wide_product,
    "random-dag": random_dag,
    "squaring": squaring,
}

#: Families for the order-doubling stage: the expression is fixed, ``n`` is the order.
ORDER_FAMILIES: dict[str, Expr] = {
    "sin(x)*exp(x)": parse("sin(x)*exp(x)"),
    "x^2*log(x)": parse("x^2*log(x)"),
}


def _prepared(kind: str, expr: Expr) -> Any:
    if kind == "text":
        return to_infix(expr)
    if kind == "program":
        return cse(expr)
    return expr


def _explain(expr: Expr) -> Any:
    from symdiff import explain

    return str(explain(expr, X, simplify=False))


def _notebook(expr: Expr) -> Any:
    return expr._repr_latex_() or ""


def _c_callable(program: Any) -> Any:
    return lambdify(program, backend="c")


#: name -> (what the stage reads, the timed function, size scale).
STAGES: dict[str, tuple[str, Callable[[Any], Any], float]] = {
    "parse": ("text", parse, 1.0),
    "print": ("expr", to_infix, 1.0),
    "latex": ("expr", latex, 1.0),
    "evaluate": ("expr", lambda e: evaluate(e, x=0.5, y=0.25, z=0.125), 1.0),
    "subs": ("expr", lambda e: subs(e, {X: Y}), 1.0),
    "simplify-trivial": ("expr", lambda e: simplify(e, level="trivial"), 1.0),
    "simplify-standard": ("expr", simplify, 0.5),
    "simplify-full": ("expr", lambda e: simplify(e, level="full"), 0.25),
    "d/dx-raw": ("expr", lambda e: differentiate(e, X, simplify=False), 1.0),
    "d/dx-trivial": ("expr", lambda e: differentiate(e, X, simplify="trivial"), 1.0),
    "d/dx": ("expr", lambda e: differentiate(e, X), 0.5),
    "gradient": ("expr", gradient, 0.5),
    "hessian": ("expr", hessian, 0.125),
    "cse": ("expr", cse, 1.0),
    "emit-python": ("program", emit_python, 1.0),
    "emit-numpy": ("program", emit_numpy, 1.0),
    "emit-c": ("program", emit_c, 1.0),
    "emit-latex": ("program", latex, 1.0),
    "emit-dot": ("program", emit_dot, 1.0),
    "lambdify-python": ("program", lambdify, 1.0),
    "lambdify-numpy": ("program", lambda p: lambdify(p, backend="numpy"), 1.0),
    "lambdify-c": ("program", _c_callable, 0.125),
    "repr-expr": ("expr", _notebook, 1.0),
    "repr-program": ("program", lambda p: p._repr_html_(), 1.0),
    "explain": ("expr", _explain, 1.0),
}


def order_stage(expr: Expr, n: int) -> Expr:
    """The ``n``-th derivative in x (standard form)."""
    return differentiate(expr, X, n)


def prepare(stage: str, family: str, n: int) -> tuple[Callable[[], Any], int]:
    """The timed call and the input's DAG operation count."""
    from symdiff import count_ops

    if stage == "nth":
        expr = ORDER_FAMILIES[family]
        return (lambda: order_stage(expr, n)), n
    kind, function, _ = STAGES[stage]
    expr = FAMILIES[family](n)
    ready = _prepared(kind, expr)
    return (lambda: function(ready)), count_ops(expr, dag=True)
