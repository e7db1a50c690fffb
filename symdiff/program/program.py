"""Programs: straight-line code as data (a Wengert list).

Takes inputs, assignments and outputs; returns a checked ``Program``. A ``Program`` is what
``cse`` produces and what every emitter reads: named inputs, ordered assignments
``t1 = x^2``, ``t2 = sin(t1)``, ... and one or many outputs (a nested rectangular list keeps
its ``shape``: a Jacobian is ``(m, n)``) that share the temporaries.

Representation. ``Assign(name, op, operands)`` computes one operation: ``op`` is ``Op.ADD``,
``Op.MUL``, ``Op.POW`` or the called ``Function``; ``operands`` are ``Expr`` whose leaves are
numbers, constants (``pi``, ``e``) and ``Symbol`` s naming inputs or earlier temporaries. An
operand may also be an *inline* sub-expression (what ``cse`` leaves unshared) whose leaves
obey the same rule; with ``cse(..., full=True)`` every operand is a leaf. ``Assign.expr`` is
the whole right-hand side as one ``Expr``, so any expression printer can show it.

Guarantees: the constructor checks the invariant (every name is assigned once, after the
names it uses, and no temporary shadows an input) and raises ``ProgramError``; the check, the
operation counts and ``expressions()`` are iterative and linear in the program's size.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from symdiff.core.construct import fold_power
from symdiff.core.errors import ProgramError, SymdiffError, describe, items_of
from symdiff.core.expr import LEAVES, MAX_EXACT_BITS, Expr, Op, Symbol, _intern, as_expr
from symdiff.core.functions import Function
from symdiff.core.traverse import postorder

__all__ = [
    "Assign",
    "Program",
    "exact_value",
    "flatten_outputs",
    "indices",
    "input_symbols",
    "nest",
    "odd_beyond_float",
]

Shape = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Assign:
    """One assignment ``name = op(operands)`` of a Wengert list.

    Attributes:
        name: the temporary's name (an identifier).
        op: ``Op.ADD``, ``Op.MUL``, ``Op.POW``, or the ``Function`` called.
        operands: the operands (see the module docstring for what they may contain).
        expr: the right-hand side as one expression (derived).

    >>> from symdiff.core.expr import symbols
    >>> x = symbols("x")
    >>> str(Assign("t1", Op.POW, (x, 2)))
    't1 = x^2'
    """

    name: str
    op: Op | Function
    operands: tuple[Expr, ...]
    expr: Expr = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ProgramError(f"{describe(self.name)} is not a valid temporary name")
        operands = tuple(as_expr(a) for a in self.operands)
        object.__setattr__(self, "operands", operands)
        object.__setattr__(self, "expr", _operation(self.name, self.op, operands))

    @classmethod
    def of(cls, name: str, expr: Expr) -> Assign:
        """The assignment ``name = expr`` for a non-leaf expression."""
        expr = as_expr(expr)
        if expr.op in LEAVES:
            raise ProgramError(f"{name} = {expr}: a right-hand side must be an operation")
        op = expr.value if expr.op is Op.CALL else expr.op
        if not (isinstance(name, str) and name.isidentifier() and _is_operation(op, expr.args)):
            return cls(name, op, expr.args)  # the constructor's error
        # what the constructor builds, without rebuilding: ``expr`` is that interned node
        assign = object.__new__(cls)
        for field_name, value in (("name", name), ("op", op), ("operands", expr.args)):
            object.__setattr__(assign, field_name, value)
        object.__setattr__(assign, "expr", expr)
        return assign

    @property
    def symbol(self) -> Expr:
        """The temporary as a ``Symbol`` (how later right-hand sides refer to it)."""
        return Symbol(self.name)

    def __str__(self) -> str:
        return f"{self.name} = {self.expr}"


def _operation(name: str, op: Op | Function, operands: tuple[Expr, ...]) -> Expr:
    if not _is_operation(op, operands):
        if isinstance(op, Function):
            raise ProgramError(f"{name}: {op.name} takes {op.arity} operand(s)")
        raise ProgramError(f"{name}: {op!r} with {len(operands)} operand(s) is not an operation")
    if isinstance(op, Function):
        return _intern(Op.CALL, op, operands)
    return _intern(op, None, operands)


def _is_operation(op: Op | Function, operands: tuple[Expr, ...]) -> bool:
    """Whether ``op`` applies to that many operands."""
    if isinstance(op, Function):
        return bool(op.accepts(len(operands)))
    return (op in (Op.ADD, Op.MUL) and len(operands) >= 2) or (op is Op.POW and len(operands) == 2)


class Program:
    """A straight-line program: inputs, assignments in order, outputs.

    Args:
        inputs: the input symbols (or names), in parameter order.
        assignments: the ``Assign`` list; each uses only inputs, constants and earlier names.
        outputs: one expression, or a (nested, rectangular) list of them, over the inputs
            and temporaries.

    Raises:
        ProgramError: if a name is used before it is assigned, assigned twice, or shadows
            an input.

    >>> from symdiff.core.expr import symbols
    >>> x = symbols("x")
    >>> p = Program([x], [Assign("t1", Op.POW, (x, 2))], [Symbol("t1") + 1, 2*Symbol("t1")])
    >>> print(p)
    t1 = x^2
    out[0] = t1 + 1
    out[1] = 2*t1
    """

    __slots__ = ("assignments", "inputs", "outputs", "shape")

    inputs: tuple[Expr, ...]
    assignments: tuple[Assign, ...]
    outputs: tuple[Expr, ...]
    shape: Shape

    def __init__(
        self, inputs: Iterable[Expr | str], assignments: Iterable[Assign], outputs: Any
    ) -> None:
        self.inputs = input_symbols(inputs)
        self.assignments = tuple(items_of("assignments", assignments, "a sequence of Assign"))
        self.outputs, self.shape = flatten_outputs(outputs)
        self._check()

    def _check(self) -> None:
        known = {s.value for s in self.inputs}
        checked: set[Expr] = set()
        for assign in self.assignments:
            if not isinstance(assign, Assign):
                raise ProgramError(f"expected an Assign, got {describe(assign)}")
            _check_uses(assign.expr, known, checked, assign.name)
            if assign.name in known:
                what = "an input" if Symbol(assign.name) in self.inputs else "assigned twice"
                raise ProgramError(f"{assign.name} is {what}; each name is assigned once")
            known.add(assign.name)
        for position, output in enumerate(self.outputs):
            _check_uses(output, known, checked, None, self, position)

    # -- reading -------------------------------------------------------------------------------
    @property
    def input_names(self) -> tuple[str, ...]:
        """The inputs' names, in parameter order."""
        return tuple(s.value for s in self.inputs)

    def index_labels(self) -> list[str]:
        """Output labels in order: ``out`` for one output, ``out[i]``, ``out[i][j]`` ..."""
        if not self.shape:
            return ["out"]
        return ["out" + "".join(f"[{i}]" for i in index) for index in indices(self.shape)]

    def __str__(self) -> str:
        lines = [str(a) for a in self.assignments]
        lines += [
            f"{label} = {out}" for label, out in zip(self.index_labels(), self.outputs, strict=True)
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"<Program: {len(self.inputs)} input(s), {len(self.assignments)} assignment(s),"
            f" {len(self.outputs)} output(s)>"
        )

    def __iter__(self) -> Iterator[Assign]:
        return iter(self.assignments)

    def __len__(self) -> int:
        return len(self.assignments)

    def count_ops(self, tree: bool = False) -> int:
        """Operations the program performs, or (``tree=True``) the operations of the same
        outputs written out as trees (what ``traverse.count_ops`` reports for them).

        >>> from symdiff.program.cse import cse
        >>> from symdiff.core.parse import parse
        >>> p = cse(parse("(x*x)*(x*x) + sin(x*x)"))
        >>> p.count_ops(), p.count_ops(tree=True)
        (4, 6)
        """
        cost: dict[Expr, int] = {}
        total = 0
        for assign in self.assignments:
            ops = _tree_ops([assign.expr], cost if tree else {})
            cost[assign.symbol] = ops
            total += ops
        outs = _tree_ops(self.outputs, cost if tree else {})
        return outs if tree else total + outs

    def expressions(self) -> Expr | list:
        """The outputs with every temporary substituted back, shaped like ``cse``'s input.

        >>> from symdiff.program.cse import cse
        >>> from symdiff.core.parse import parse
        >>> e = parse("sin(x^2) + x^2")
        >>> cse(e).expressions() is e
        True
        """
        done: dict[Expr, Expr] = {}
        value: dict[Expr, Expr] = {}
        for assign in self.assignments:
            value[assign.symbol] = _substitute(assign.expr, value, done)
        flat = [_substitute(out, value, done) for out in self.outputs]
        return nest(flat, self.shape)

    # -- other views (emitters live in symdiff.emit) ---------------------------------------------
    def to_networkx(self) -> Any:
        """The dependency graph as a ``networkx.DiGraph``; see ``symdiff.emit.dot``."""
        from symdiff.emit.dot import to_networkx

        return to_networkx(self)

    def to_dot(self) -> str:
        """The dependency graph as Graphviz DOT text; see ``symdiff.emit.dot``."""
        from symdiff.emit.dot import emit_dot

        return emit_dot(self)

    def to_latex(self) -> str:
        """The Wengert list as a LaTeX ``aligned`` block; see ``symdiff.emit.latex``."""
        from symdiff.emit.latex import latex

        return latex(self)

    # -- display (symdiff.notebook.display draws and lays out; these only delegate) ----------------
    def _repr_html_(self) -> str:
        from symdiff.notebook.display import program_html

        return program_html(self)

    def to_svg(self, **options: Any) -> str:
        """An SVG picture of the program's DAG; see ``symdiff.notebook.display.svg``."""
        from symdiff.notebook.display import svg

        return svg(self, **options)

    def save_svg(self, path: Any, **options: Any) -> Any:
        """Write ``to_svg(**options)`` to ``path`` and return the path."""
        from symdiff.notebook.display import save_svg

        return save_svg(self, path, **options)

    def to_python(self, name: str = "f") -> str:
        """Python source of a function computing the outputs; see ``symdiff.emit.python``."""
        from symdiff.emit.python import emit_python

        return emit_python(self, name=name)


def _check_uses(
    expr: Expr,
    known: set[str],
    checked: set[Expr],
    name: str | None,
    program: Program | None = None,
    position: int = 0,
) -> None:
    """Every symbol in ``expr`` is known; ``checked`` holds nodes already found valid (known
    names only grow, so a node valid once stays valid and each node is walked once). The
    error names the assignment ``name``, else output ``position`` of ``program``."""
    if not isinstance(expr, Expr):
        where = _where(name, program, position)
        raise ProgramError(f"{where}: expected an expression, got {describe(expr)}")
    if expr in checked:
        return
    checked.add(expr)
    stack = [expr]
    while stack:
        node = stack.pop()
        if node.op is Op.SYM and node.value not in known:
            where = _where(name, program, position)
            raise ProgramError(f"{where}: {node.value} is neither an input nor assigned before")
        for arg in node.args:
            if arg not in checked:
                checked.add(arg)
                stack.append(arg)


def _where(name: str | None, program: Program | None, position: int) -> str:
    if name is not None or program is None:
        return f"in {name} = ..."
    return f"in output {program.index_labels()[position]}"


def _node_ops(node: Expr) -> int:
    if node.op in LEAVES:
        return 0
    return len(node.args) - 1 if node.op in (Op.ADD, Op.MUL) else 1


def _tree_ops(roots: Sequence[Expr], cost: dict[Expr, int]) -> int:
    counts: dict[Expr, int] = {}
    for node in postorder(*roots):
        counts[node] = cost.get(node, 0) + _node_ops(node) + sum(counts[a] for a in node.args)
    return sum(counts[r] for r in roots)


def _substitute(expr: Expr, value: dict[Expr, Expr], done: dict[Expr, Expr]) -> Expr:
    for node in postorder(expr):
        if node not in done:
            if node.op is Op.SYM:
                done[node] = value.get(node, node)
            else:
                args = tuple(done[a] for a in node.args)
                done[node] = node if args == node.args else _intern(node.op, node.value, args)
    return done[expr]


def odd_beyond_float(node: Expr, known: Mapping[str, int | Fraction] | None = None) -> bool:
    """A power to an odd integer beyond 2**53 (a literal, or an exact expression such as
    ``10^30 + 1``, whose temporaries' values are in ``known``): its float exponent (every float
    that large is even) loses the sign of a negative base, so emitted code writes
    ``copysign(|b|^n, b)``.

    >>> from symdiff.core.expr import Pow, symbols
    >>> odd_beyond_float(Pow(symbols("x"), 10**30 + 1)), odd_beyond_float(Pow(-1, 10**30))
    (True, False)
    """
    if node.op is not Op.POW:
        return False
    value = exact_value(node.args[1], known or {})
    return type(value) is int and value % 2 == 1 and abs(value) > 2**53


def exact_value(expr: Expr, known: Mapping[str, int | Fraction]) -> int | Fraction | None:
    """The exact value of ``expr`` when it is built from exact numbers (and the symbols in
    ``known``) by sums, products and exact powers; ``None`` for anything else (a float, a
    constant, a call, an unknown symbol) or beyond ``MAX_EXACT_BITS``.

    >>> from symdiff.core.expr import Add, Pow
    >>> exact_value(Add(Pow(10, 30), 1), {}) == 10**30 + 1, exact_value(Add(2, 0.5), {})
    (True, None)
    """
    if expr.op is Op.NUM:  # the common case: a literal exponent
        return None if isinstance(expr.value, float) else expr.value
    values: dict[Expr, int | Fraction | None] = {}
    for node in postorder(expr):
        values[node] = _exact_node(node, [values[a] for a in node.args], known)
    return values[expr]


def _exact_node(node: Expr, args: list, known: Mapping[str, int | Fraction]) -> Any:
    op = node.op
    if op is Op.NUM:
        return None if isinstance(node.value, float) else node.value
    if op is Op.SYM:
        return known.get(node.value)
    if op not in (Op.ADD, Op.MUL, Op.POW) or any(a is None for a in args):
        return None
    if any(
        max(Fraction(a).numerator.bit_length(), a.denominator.bit_length()) > MAX_EXACT_BITS
        for a in args
    ):
        return None
    if op is Op.POW:
        return fold_power(args[0], args[1])
    value = sum(args) if op is Op.ADD else math.prod(args)
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    return value


# -- output shapes ---------------------------------------------------------------------------


def flatten_outputs(outputs: Any) -> tuple[tuple[Expr, ...], Shape]:
    """Flatten one expression or a nested rectangular list of them; return (flat, shape)."""
    if not isinstance(outputs, (list, tuple)):
        return (as_expr(outputs),), ()
    rows = list(outputs)
    if rows and all(isinstance(r, (list, tuple)) for r in rows):
        flats = [flatten_outputs(r) for r in rows]
        inner = {shape for _, shape in flats}
        if len(inner) != 1:
            raise SymdiffError("nested outputs must be rectangular (rows of equal length)")
        return tuple(e for flat, _ in flats for e in flat), (len(rows), *inner.pop())
    if any(isinstance(r, (list, tuple)) for r in rows):
        raise SymdiffError("outputs mix expressions and lists")
    return tuple(as_expr(r) for r in rows), (len(rows),)


def indices(shape: Shape) -> list[tuple[int, ...]]:
    """Row-major index tuples of ``shape``."""
    out: list[tuple[int, ...]] = [()]
    for size in shape:
        out = [(*prefix, i) for prefix in out for i in range(size)]
    return out


def nest(flat: Sequence[Any], shape: Shape, container: Callable[[list], Any] = list) -> Any:
    """Fold a flat row-major sequence back into nested lists (or ``container`` s) of
    ``shape``; a zero size anywhere is kept (``(2, 0)`` is ``[[], []]``).

    >>> nest([1, 2, 3, 4, 5, 6], (2, 3)), nest([], (2, 0)), nest([], (0, 2), tuple)
    ([[1, 2, 3], [4, 5, 6]], [[], []], ())
    """
    if not shape:
        return flat[0]
    items: list[Any] = list(flat)
    for k in range(len(shape) - 1, 0, -1):  # the number of groups, not the length, counts
        size, groups = shape[k], math.prod(shape[:k])
        items = [container(items[i * size : (i + 1) * size]) for i in range(groups)]
    return container(items)


def input_symbols(inputs: Iterable[Expr | str] | str) -> tuple[Expr, ...]:
    """The inputs (names, symbols, or one string of names) as a tuple of distinct symbols."""
    if isinstance(inputs, str):
        inputs = inputs.replace(",", " ").split()
    if isinstance(inputs, Expr) and inputs.op is Op.SYM:
        inputs = [inputs]
    wanted = "a sequence of symbols or names, or a string of names"
    symbols = tuple(
        Symbol(i) if isinstance(i, str) else i for i in items_of("inputs", inputs, wanted)
    )
    for s in symbols:
        if not isinstance(s, Expr) or s.op is not Op.SYM:
            raise ProgramError(f"an input must be a symbol or a name, not {describe(s)}")
    if len(set(symbols)) != len(symbols):
        raise ProgramError("an input is listed twice")
    return symbols
