"""Iterative traversal helpers over the expression DAG.

Takes ``Expr`` nodes, returns orders, sizes, symbol sets and rebuilt nodes. Every walk uses an
explicit stack and visits each unique node once, so cost is linear in the DAG size and depth
is unlimited.
"""

from __future__ import annotations

import contextlib
import gc
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping

from symdiff.core.errors import (
    ArgumentError,
    check_flag,
    check_type,
    describe,
    items_of,
)
from symdiff.core.expr import LEAVES, Expr, Op, Symbol, _intern, as_expr

__all__ = [
    "collector_paused",
    "count_ops",
    "exceeds_ops",
    "free_symbols",
    "map_nodes",
    "natural_key",
    "postorder",
    "subs",
    "tree_size",
]


def postorder(*roots: Expr) -> list[Expr]:
    """Unique nodes reachable from ``roots``, children before parents.

    >>> from symdiff.core.expr import symbols
    >>> x = symbols("x")
    >>> [str(n) for n in postorder(x*x + 1)]
    ['x', 'x*x', '1', 'x*x + 1']
    """
    for root in roots:
        if not isinstance(root, Expr):  # the message (a call per root is a hot spot)
            check_type("expr", root, Expr, "an expression (parse text first)")
    # the order of a recursive walk (mark on entry, children in order, append on exit),
    # with one iterator per open node; a set of nodes hashes by identity (no ``id`` calls)
    order: list[Expr] = []
    seen: set[Expr] = set()
    mark, emit = seen.add, order.append
    for root in roots:
        if root in seen:
            continue
        mark(root)
        stack = [(root, iter(root.args))]
        while stack:
            node, rest = stack[-1]
            for a in rest:
                if a not in seen:
                    mark(a)
                    if a.args:
                        stack.append((a, iter(a.args)))
                        break
                    emit(a)
            else:
                stack.pop()
                emit(node)
    return order


def tree_size(expr: Expr) -> int:
    """Number of nodes when every shared subtree is written out again.

    >>> from symdiff.core.expr import Mul, symbols
    >>> x = symbols("x")
    >>> t = Mul(x, x)
    >>> tree_size(Mul(t, t))
    7
    """
    sizes: dict[Expr, int] = {}
    for node in postorder(expr):
        sizes[node] = 1 + sum(sizes[a] for a in node.args)
    return sizes[expr]


def _ops(node: Expr) -> int:
    if node.op in LEAVES:
        return 0
    if node.op in (Op.ADD, Op.MUL):
        return len(node.args) - 1
    return 1


def count_ops(expr: Expr | Iterable[Expr], dag: bool = False) -> int:
    """Count operations: ``k-1`` for a k-ary sum or product, 1 for a power or a call.

    Args:
        expr: an expression, or several (their shared nodes count once with ``dag=True``).
        dag: count each unique node once (the DAG) instead of once per use (the tree).

    >>> from symdiff.core.expr import Mul, symbols
    >>> x = symbols("x")
    >>> t = Mul(x, x)
    >>> count_ops(Mul(t, t)), count_ops(Mul(t, t), dag=True)
    (3, 2)
    """
    roots = (
        [expr] if isinstance(expr, Expr) else items_of("expr", expr, "expressions", ordered=False)
    )
    order = postorder(*roots)
    if check_flag("dag", dag):
        return sum(_ops(n) for n in order)
    counts: dict[Expr, int] = {}
    for node in order:
        counts[node] = _ops(node) + sum(counts[a] for a in node.args)
    return sum(counts[r] for r in roots)


def exceeds_ops(roots: list[Expr], limit: int) -> bool:
    """Whether the DAG of ``roots`` has more than ``limit`` operations (as
    ``count_ops(roots, dag=True) > limit``), walking no further than it takes to tell.

    >>> from symdiff.core.parse import parse
    >>> exceeds_ops([parse("x*y + x*y")], 2), exceeds_ops([parse("x*y + x*y")], 1)
    (False, True)
    """
    seen: set[Expr] = set()
    stack = list(roots)
    total = 0
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        total += _ops(node)
        if total > limit:
            return True
        stack.extend(node.args)
    return False


def free_symbols(expr: Expr) -> frozenset[Expr]:
    """The symbols occurring in ``expr``, as a set; ``sorted(..., key=natural_key)`` gives
    them in symdiff's default order.

    >>> from symdiff.core.expr import symbols
    >>> x, y = symbols("x y")
    >>> sorted(s.name for s in free_symbols(x*y + 2))
    ['x', 'y']
    """
    return frozenset(n for n in postorder(expr) if n.op is Op.SYM)


_DIGIT_RUNS = re.compile(r"(\d+)")

NaturalKey = tuple[tuple[str | tuple[int, str], ...], str]


def natural_key(name: str | Expr) -> NaturalKey:
    """The sort key of the natural order of variable names, symdiff's default order.

    A name is split into runs of text and of digits. Text runs compare as strings (by code
    point, so ``X`` before ``x``); digit runs compare by their value, so ``x2`` comes before
    ``x10`` and ``x_9`` before ``x_10``; a name that is a prefix of another comes first (``x``
    before ``x1``). Digits are any Unicode decimal digits, of any length. Names that still
    tie (they differ only in leading zeros, such as ``x01`` and ``x1``) are ordered by the
    plain string, so ``x01`` comes before ``x1``: the order is total, and distinct names
    never compare equal.

    Args:
        name: a symbol's name, or the symbol.

    Returns:
        A key for ``sorted``/``min``/``max``.

    >>> sorted(["x10", "x2", "x1", "y", "x"], key=natural_key)
    ['x', 'x1', 'x2', 'x10', 'y']
    >>> from symdiff.core.expr import symbols
    >>> x2, x10 = symbols("x2 x10")
    >>> [s.name for s in sorted(free_symbols(x10 + x2), key=natural_key)]
    ['x2', 'x10']
    """
    if isinstance(name, Expr):
        if name.op is not Op.SYM:
            raise ArgumentError(f"natural_key takes a symbol or a name, not {describe(name)}")
        name = str(name.value)
    check_type("name", name, str, "a symbol or a name")
    parts: list[str | tuple[int, str]] = []
    for i, run in enumerate(_DIGIT_RUNS.split(name)):
        if i % 2 == 0:  # text: split() puts the digit runs at the odd positions
            parts.append(run)
            continue
        if not run.isascii():
            run = "".join(str(unicodedata.decimal(c)) for c in run)
        digits = run.lstrip("0")
        parts.append((len(digits), digits))  # its value, without int()'s size limit
    return tuple(parts), name


def map_nodes(expr: Expr, visit: Callable[[Expr, tuple[Expr, ...]], Expr]) -> Expr:
    """Rebuild bottom-up: ``visit(node, new_args)`` returns each node's replacement.

    Memoized per unique node; iterative.
    """
    done: dict[Expr, Expr] = {}
    for node in postorder(expr):
        done[node] = visit(node, tuple(done[a] for a in node.args))
    return done[expr]


def rebuild(node: Expr, args: tuple[Expr, ...]) -> Expr:
    """``node`` with its children replaced by ``args`` (the same node if they are unchanged)."""
    if args == node.args:
        return node
    return _intern(node.op, node.value, args)


def subs(expr: Expr, mapping: Mapping) -> Expr:
    """Substitute expressions or numbers for symbols (structure is otherwise kept as is).

    Args:
        expr: the expression.
        mapping: keys are symbols or symbol names, values are Expr or numbers.

    >>> from symdiff.core.expr import symbols
    >>> x, y = symbols("x y")
    >>> str(subs(x**2 + y, {"x": 3, y: x}))
    '3^2 + x'
    """
    check_type("expr", expr, Expr, "an expression (parse text first)")
    check_type("mapping", mapping, Mapping, "a mapping of symbols (or names) to expressions")
    table: dict[Expr, Expr] = {}
    for key, value in mapping.items():
        symbol = Symbol(key) if isinstance(key, str) else key
        if not isinstance(symbol, Expr) or symbol.op is not Op.SYM:
            raise ArgumentError(f"mapping: can only substitute for symbols, not {describe(key)}")
        table[symbol] = as_expr(value)

    def visit(node: Expr, args: tuple[Expr, ...]) -> Expr:
        if node.op is Op.SYM:
            return table.get(node, node)
        return rebuild(node, args)

    return map_nodes(expr, visit)


class _Pauses:
    """The pauses under way in all threads, and whether the collector ran before the first."""

    lock = threading.Lock()
    count = 0
    resume = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a stage builds many nodes: expressions
    and their caches form no reference cycles, and the collector's repeated full scans of a
    large DAG would only cost time (about 40% in simplify on a 100,000-node expression, twice
    the running time in cse).

    The collector is one switch for the whole process: pauses in several threads nest, and it
    runs again (if it ran before) when the last of them ends.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    with _Pauses.lock:
        if _Pauses.count == 0:
            _Pauses.resume = gc.isenabled()
            gc.disable()
        _Pauses.count += 1
    try:
        yield
    finally:
        with _Pauses.lock:
            _Pauses.count -= 1
            if _Pauses.count == 0 and _Pauses.resume:
                gc.enable()
