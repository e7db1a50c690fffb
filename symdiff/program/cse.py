"""Common subexpression elimination: expressions to a ``Program`` (a Wengert list).

Takes one expression or a (nested, rectangular) list of them; returns a ``Program`` (see
``symdiff.program.program``): named inputs, ordered assignments ``t1 = x^2``, ``t2 = sin(t1)``, ...
and one or many outputs that share the temporaries (a gradient, a Jacobian, a Hessian).

Guarantees:

- ``cse`` names shared structure, it never rewrites: ``program.expressions()`` gives back
  the very same interned expressions;
- temporaries are ``t1, t2, ...`` in evaluation order (``t_1, ...`` if an input is called
  ``t1``); by default a non-leaf node becomes one when it is used more than once (and is more
  than a negated leaf), when its inline depth would exceed ``MAX_INLINE_DEPTH`` (so emitted
  code never nests deeper than that), and when it is the base of a power to an odd integer
  beyond 2**53 (emitted code uses that base twice); ``full=True`` gives every operation its own;
- iterative and linear in the DAG size.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from operator import attrgetter
from typing import Any

from symdiff.core.errors import ProgramError, check_flag
from symdiff.core.expr import LEAVES, Expr, Op, _intern
from symdiff.core.traverse import collector_paused, natural_key, postorder
from symdiff.program.program import (
    Assign,
    Program,
    flatten_outputs,
    input_symbols,
    nest,
    odd_beyond_float,
)

__all__ = ["MAX_INLINE_DEPTH", "Assign", "Program", "as_program", "cse"]

_ARGS = attrgetter("args")

#: Deepest inline right-hand side ``cse`` produces; deeper chains get temporaries.
MAX_INLINE_DEPTH = 24


def cse(exprs: Any, *, full: bool = False, inputs: Iterable[Expr | str] | None = None) -> Program:
    """Share common subexpressions: expressions to a ``Program`` (a Wengert list).

    Args:
        exprs: one expression, or a (nested, rectangular) list of them (a gradient, a
            Jacobian, a Hessian); all share one program.
        full: full SSA: every operation gets its own temporary.
        inputs: the program's inputs in order (default: the free symbols in natural order,
            ``x2`` before ``x10``, see ``natural_key``);
            they must include every free symbol.

    Returns:
        The ``Program``.

    >>> from symdiff.core.parse import parse
    >>> print(cse(parse("sin(x^2) + x^2*y")))
    t1 = x^2
    out = sin(t1) + t1*y
    >>> print(cse(parse("(1 + x)/(2x^2)"), full=True))
    t1 = 1 + x
    t2 = x^2
    t3 = 2*t2
    t4 = 1/t3
    t5 = t1*t4
    out = t5
    """
    full = check_flag("full", full)
    with collector_paused():
        return _cse(exprs, full, inputs)


def _cse(exprs: Any, full: bool, inputs: Iterable[Expr | str] | None) -> Program:
    roots, shape = flatten_outputs(exprs)
    order = postorder(*roots)
    free = sorted({n.value for n in order if n.op is Op.SYM}, key=natural_key)
    symbols = input_symbols(free if inputs is None else inputs)
    missing = sorted(set(free) - {s.value for s in symbols}, key=natural_key)
    if missing:
        raise ProgramError(f"{', '.join(missing)} used but not among the inputs")
    chosen = _every_operation(order) if full else _shared(order, roots)
    names = _temporary_names(len(chosen), {s.value for s in symbols})
    replaced: dict[Expr, Expr] = {}
    assignments: list[Assign] = []
    for node in order:
        if not node.args:  # a leaf
            replaced[node] = node
            continue
        args = tuple(map(replaced.__getitem__, node.args))
        rhs = node if args == node.args else _intern(node.op, node.value, args)
        if node in chosen:
            name = next(names)
            assignments.append(Assign.of(name, rhs))
            replaced[node] = _intern(Op.SYM, name, ())  # Symbol(name): names are valid
        else:
            replaced[node] = rhs
    outputs = [replaced[r] for r in roots]
    return Program(symbols, assignments, nest(outputs, shape) if shape else outputs[0])


def as_program(exprs_or_program: Any, inputs: Iterable[Expr | str] | None = None) -> Program:
    """A Program as given (re-ordering its inputs if ``inputs`` is given), else ``cse``.

    >>> from symdiff.core.parse import parse
    >>> as_program(parse("x*y"), ["y", "x"]).input_names
    ('y', 'x')
    """
    if isinstance(exprs_or_program, Program):
        program = exprs_or_program
        if inputs is None:
            return program
        return Program(inputs, program.assignments, _shaped(program))
    return cse(exprs_or_program, inputs=inputs)


def _shaped(program: Program) -> Any:
    return nest(program.outputs, program.shape) if program.shape else program.outputs[0]


def _every_operation(order: list[Expr]) -> set[Expr]:
    return {node for node in order if node.args}


def _worth_sharing(node: Expr) -> bool:
    """Anything but a negated leaf (``-x``, ``-1*x``) is worth a temporary when shared."""
    if node.op is Op.MUL and len(node.args) == 2:
        first, second = node.args
        for sign, leaf in ((first, second), (second, first)):
            if sign.op is Op.NUM and sign.value == -1 and leaf.op in LEAVES:
                return False
    return True


def _shared(order: list[Expr], roots: Sequence[Expr]) -> set[Expr]:
    uses = Counter(chain.from_iterable(map(_ARGS, order)))  # (counted in C)
    uses.update(roots)
    chosen: set[Expr] = set()
    height: dict[Expr, int] = {}
    for node in order:
        if not node.args:  # a leaf
            height[node] = 0
            continue
        if node.op is Op.POW and odd_beyond_float(node) and node.args[0].args:
            base = node.args[0]  # emitters write the base twice
            chosen.add(base)
            height[base] = 0
        depth = 1 + max(map(height.__getitem__, node.args))
        if depth >= MAX_INLINE_DEPTH or (uses[node] > 1 and _worth_sharing(node)):
            chosen.add(node)
            depth = 0
        height[node] = depth
    return chosen


def _temporary_names(count: int, taken: set[str]) -> Iterator[str]:
    """``t1, t2, ...``; the prefix grows (``t_``, ``t__``) until no name is an input's."""
    prefix = "t"
    while any(
        name.startswith(prefix)
        and re.fullmatch("[1-9][0-9]*", name[len(prefix) :])
        and int(name[len(prefix) :]) <= count
        for name in taken
    ):
        prefix += "_"
    return (f"{prefix}{i}" for i in range(1, count + 1))
