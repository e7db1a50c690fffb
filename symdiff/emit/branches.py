"""Lazy branches: the temporaries a ``where`` needs on one side only are computed there.

Takes a Program; returns a ``Layout`` of it for the statement-based code targets (Python, C):
a tree of statements in which a ``where(c, a, b)`` whose branch needs temporaries of its own
becomes an ``if c: ... else: ...`` (a ``Branch``) computing them inside, with its value in a
variable. ``where(x > 0, log(x), 0)`` with ``log(x)`` shared in the branch then never calls
``log`` at ``x <= 0`` (Python's ``math.log(-1)`` raises). NumPy and array code compute both
branches over whole arrays anyway, so they take no layout.

A temporary's guard is the path of ``where`` branches (from the outputs down) that every use
of it lies in: the longest common prefix of its uses' paths. It is computed inside the
deepest branch of that path, and each ``where`` on some temporary's path is a ``Branch``.
Guarantees: the Program's sharing is kept (every temporary is still computed once, at most);
the statements keep the order of the Wengert list within each block; the second operand of
``logical_and``/``logical_or`` (which short-circuit in Python and C) is never given a branch of
its own; branches nest at most ``MAX_BRANCH_DEPTH`` deep (deeper temporaries are computed at
that depth, eagerly as before); one linear, iterative pass per statement.

>>> from symdiff.core.parse import parse
>>> from symdiff.program.cse import cse
>>> layout = branch_layout(cse(parse("where(x > 0, log(x)*log(x), 0)")))
>>> branch = layout.items[0]
>>> str(branch.condition), branch.name, [str(a.expr) for a in branch.bodies[0]]
('x > 0', 'w1', ['log(x)'])
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Union

from symdiff.core.expr import Expr, Op, Symbol, _intern
from symdiff.core.functions import Function
from symdiff.core.traverse import postorder
from symdiff.program.program import Program

__all__ = ["MAX_BRANCH_DEPTH", "Branch", "Layout", "Statement", "branch_layout"]

#: Deepest nesting of branches in emitted code (Python limits indentation to 100 levels).
MAX_BRANCH_DEPTH = 8

Step = tuple[int, Expr, int]  # (statement index, where node, branch 1 or 2)
Guard = tuple[Step, ...]


@dataclass(frozen=True)
class Statement:
    """``name = expr`` (a temporary, with the branches it contains replaced by their names)."""

    name: str
    expr: Expr


@dataclass
class Branch:
    """``if condition: [bodies[0]]; name = values[0] else: [bodies[1]]; name = values[1]``."""

    name: str
    condition: Expr
    values: tuple[Expr, Expr]
    bodies: tuple[list[Item], list[Item]] = field(default_factory=lambda: ([], []))


Item = Union[Statement, Branch]  # noqa: UP007 (a runtime alias)


@dataclass
class Layout:
    """A Program as a tree of statements.

    Attributes:
        items: the top-level statements and branches, in order.
        outputs: the outputs, with the branches they contain replaced by their names.
        names: the names of branch values that are not temporaries (``w1``, ...).
    """

    items: list[Item]
    outputs: list[Expr]
    names: list[str]

    @property
    def lazy(self) -> bool:
        """Whether any ``where`` became a ``Branch``."""
        return any(isinstance(item, Branch) for item in self.items)


def branch_layout(program: Program, lazy: bool = True) -> Layout:
    """The statements of ``program`` with lazy branches (``lazy=False``: flat, in order).

    >>> from symdiff.core.parse import parse
    >>> from symdiff.program.cse import cse
    >>> branch_layout(cse(parse("where(x > 0, x, 0)"))).lazy
    False
    """
    assignments, outputs = program.assignments, list(program.outputs)
    roots = [a.expr for a in assignments] + outputs
    if not lazy or not any(_is_where(n) for n in postorder(*roots)):
        flat: list[Item] = [Statement(a.name, a.expr) for a in assignments]
        return Layout(flat, outputs, [])
    guards = _guards(program, roots)
    return _build(program, roots, guards)


def _is_where(node: Expr) -> bool:
    return node.op is Op.CALL and _name(node.value) == "where"


def _name(function: object) -> str | None:
    return function.name if isinstance(function, Function) and function.builtin else None


def _common(a: Guard | None, b: Guard) -> Guard:
    if a is None:
        return b
    n = 0
    for left, right in zip(a, b, strict=False):
        if left[0] != right[0] or left[1] is not right[1] or left[2] != right[2]:
            break
        n += 1
    return a[:n]


def _paths(index: int, root: Expr, guard: Guard) -> dict[Expr, Guard]:
    """The guard of every node of one statement: the common prefix over its parents."""
    order = postorder(root)
    paths: dict[Expr, Guard | None] = {node: None for node in order}
    frozen: set[Expr] = set()
    paths[root] = guard
    for node in reversed(order):  # parents before children
        path = paths[node]
        assert path is not None
        where = _is_where(node) and node not in frozen and len(path) < MAX_BRANCH_DEPTH
        short = _name(node.value) in ("logical_and", "logical_or") if node.op is Op.CALL else False
        for j, arg in enumerate(node.args):
            step = (*path, (index, node, j)) if where and j else path
            paths[arg] = _common(paths[arg], step)
            if node in frozen or (short and j == 1):
                frozen.add(arg)
    return paths  # type: ignore[return-value]


def _guards(program: Program, roots: list[Expr]) -> dict[int, dict[Expr, Guard]]:
    """Per statement (assignments, then outputs), the guards of its nodes."""
    position = {a.name: i for i, a in enumerate(program.assignments)}
    uses: dict[str, Guard | None] = dict.fromkeys(position)
    result: dict[int, dict[Expr, Guard]] = {}
    for index in range(len(roots) - 1, -1, -1):
        if index < len(program.assignments):
            guard = uses[program.assignments[index].name] or ()
        else:
            guard = ()
        paths = _paths(index, roots[index], guard)
        result[index] = paths
        for node, path in paths.items():
            if node.op is Op.SYM and node.value in position:
                uses[node.value] = _common(uses[node.value], path)
    return result


def _build(program: Program, roots: list[Expr], guards: dict[int, dict[Expr, Guard]]) -> Layout:
    count = len(program.assignments)
    hoisted = {(s, w) for i in range(count) for s, w, _ in guards[i][roots[i]]}
    fresh = _fresh_names(set(program.input_names) | {a.name for a in program.assignments})
    blocks: dict[Guard, list] = {(): []}
    placed: list[tuple[Guard, tuple[int, int, int], Item]] = []
    outputs: list[Expr] = []
    names: list[str] = []
    for index, root in enumerate(roots):
        paths = guards[index]
        mine = [n for n in postorder(root) if (index, n) in hoisted]
        named: dict[Expr, str] = {}
        for node in mine:
            if node is root and index < count:
                named[node] = program.assignments[index].name
            else:
                named[node] = next(fresh)
                names.append(named[node])
        done = _replaced(root, named)
        for k, node in enumerate(mine):
            c, a, b = (done[arg] for arg in node.args)
            bodies = tuple(blocks.setdefault((*paths[node], (index, node, j)), []) for j in (1, 2))
            branch = Branch(named[node], c, (a, b), bodies)  # type: ignore[arg-type]
            placed.append((paths[node], (index, 0, k), branch))
        if index >= count:
            outputs.append(done[root])
        elif root not in named:
            statement = Statement(program.assignments[index].name, done[root])
            placed.append((paths[root], (index, 1, 0), statement))
    for guard, key, item in placed:
        while guard not in blocks:  # a where reached by two paths: computed further out
            guard = guard[:-1]
        blocks[guard].append((key, item))
    for block in blocks.values():
        block.sort(key=lambda entry: entry[0])
        block[:] = [item for _, item in block]
    return Layout(blocks[()], outputs, names)


def _replaced(root: Expr, named: dict[Expr, str]) -> dict[Expr, Expr]:
    """Every node of ``root`` rebuilt with the branches in ``named`` replaced by their names
    (so a branch's own arguments are found, rebuilt, under its arguments)."""
    done: dict[Expr, Expr] = {}
    for node in postorder(root):
        if node in named:
            done[node] = Symbol(named[node])
            continue
        args = tuple(done[a] for a in node.args)
        done[node] = node if args == node.args else _intern(node.op, node.value, args)
    return done


def _fresh_names(taken: set[str]) -> Iterator[str]:
    """``w1, w2, ...``; the prefix grows (``w_``) until no name taken starts a clash."""
    prefix = "w"
    while any(n.startswith(prefix) and n[len(prefix) :].isdigit() for n in taken):
        prefix += "_"
    return (f"{prefix}{i}" for i in itertools.count(1))
