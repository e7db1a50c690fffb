"""Reverse-mode accumulation: gradients, Jacobians and Hessians built symbolically on the DAG.

Takes expressions (or text) and variables; returns plain lists (of lists) of ``Expr``.
Guarantees:

- one backward sweep per output over its unique nodes: each node's adjoint is the sum of its
  parents' contributions, ``adjoint(arg) += adjoint(node) * d node / d arg``, built with the
  trivial rules and never flattening large products, so the gradient's DAG operation count
  is a small constant times the function's whatever the number of variables (the cheap
  gradient principle), and all partials share one structure;
- ``hessian`` differentiates that shared gradient DAG forward, one variable at a time and only
  over the nodes that depend on it (forward over reverse), and returns a structurally
  symmetric matrix: it never builds n^2 independent trees;
- iterative throughout, so depth is unlimited.

By default the outputs then go together through ``symdiff.simplify.many.simplify_many``, which
simplifies what they share once and keeps it shared (simplifying each partial on its own
would copy the shared structure into every partial: a least-squares gradient with n = 100
grew from 6,832 to 19,936 operations that way) and builds the pairs of operands several sums
or products share once (``symdiff.simplify.pairs``). That stays the default: it has at most
the trivial form's operations and usually far fewer (the dense Hessian of
``benchmarks/bench_hessian.py`` at n = 50: 3,305 after CSE against 9,538), but it takes a few
times the derivative's own time; ``simplify="trivial"`` keeps the form built with the trivial
rules (the fast path for a program), ``simplify=False`` the raw constructors' output.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Iterator, Sequence

from symdiff.core.construct import mul
from symdiff.core.errors import items_of
from symdiff.core.expr import Expr, Mul, Number, Op
from symdiff.core.traverse import postorder
from symdiff.diff.forward import Kit, exp_factor, is_zero, live_nodes, minus_one, partial, propagate
from symdiff.diff.inputs import as_input, variables_of
from symdiff.diff.levels import finish, kit_for
from symdiff.diff.piecewise import select_adjoints

__all__ = ["ADJOINTS", "REVERSE", "adjoints", "gradient", "hessian", "jacobian", "lower_columns"]

ZERO = Number(0)
ONE = Number(1)

#: Reverse sweeps flatten only two-operand products: a shared adjoint stays one node.
REVERSE = Kit(raw=False, flatten_limit=2)

#: Products with more operands than this use prefix and suffix products (linear, not square).
SMALL_PRODUCT = 4

Contributions = list[tuple[Expr, Expr]]
Adjoint = Callable[[Expr, Expr, set[Expr], Kit], Contributions]


def _a_add(node: Expr, a: Expr, live: set[Expr], k: Kit) -> Contributions:
    return [(arg, a) for arg in node.args if arg in live]


def _a_mul(node: Expr, a: Expr, live: set[Expr], k: Kit) -> Contributions:
    args = node.args
    if len(args) <= SMALL_PRODUCT:
        return [
            (arg, k.mul(a, *args[:i], *args[i + 1 :])) for i, arg in enumerate(args) if arg in live
        ]
    # a*x0*...*x(i-1) and x(i+1)*...*x(n-1) as binary chains: about 3 operations per factor
    # (with the raw constructors too, which write every product out).
    times = Mul if k.raw else _times
    heads, tails = [a], [args[-1]]
    for arg in args[:-1]:
        heads.append(times(heads[-1], arg))
    for arg in reversed(args[1:-1]):
        tails.append(times(arg, tails[-1]))
    tails.reverse()
    last = len(args) - 1
    return [
        (arg, heads[i] if i == last else times(heads[i], tails[i]))
        for i, arg in enumerate(args)
        if arg in live
    ]


def _a_pow(node: Expr, a: Expr, live: set[Expr], k: Kit) -> Contributions:
    base, exponent = node.args
    out: Contributions = []
    if base in live:  # g * u^(g-1), also when g depends on the variable
        out.append((base, k.mul(a, exponent, k.power(base, minus_one(exponent, k)))))
    if exponent in live:  # u^g * log(u)
        out.append((exponent, k.mul(a, *exp_factor(node, k))))
    return out


def _a_call(node: Expr, a: Expr, live: set[Expr], k: Kit) -> Contributions:
    if node.value.select is not None:
        return select_adjoints(node, a, live)
    return [(arg, k.mul(a, partial(node, i))) for i, arg in enumerate(node.args) if arg in live]


ADJOINTS: dict[Op, Adjoint] = {
    Op.ADD: _a_add,
    Op.MUL: _a_mul,
    Op.POW: _a_pow,
    Op.CALL: _a_call,
}


def _times(a: Expr, b: Expr) -> Expr:
    """``a*b`` with the trivial rules, never flattening (keeps chains shared)."""
    if a.op is Op.NUM or b.op is Op.NUM:
        if a.op is Op.NUM and b.op is Op.NUM:
            return mul(a, b)
        number, other = (a, b) if a.op is Op.NUM else (b, a)
        if number.value == 0:
            return Number(number.value * 0)
        if number is ONE:
            return other
    return Mul(a, b)


def adjoints(root: Expr, variables: Iterable[Expr], k: Kit = REVERSE) -> dict[Expr, Expr]:
    """The adjoint ``d root / d v`` of each variable ``v`` that ``root`` depends on.

    >>> from symdiff.core.parse import parse
    >>> x, y = parse("x"), parse("y")
    >>> table = adjoints(parse("x^2*y"), [x, y])
    >>> str(table[x]), str(table[y])
    ('2*y*x', 'x^2')
    """
    order = postorder(root)
    live = live_nodes(order, variables)
    pending: dict[Expr, list[Expr]] = {root: [ONE]} if root in live else {}
    return accumulate(order, pending, live, k)


def accumulate(
    order: list[Expr], pending: dict[Expr, list[Expr]], live: set[Expr], k: Kit
) -> dict[Expr, Expr]:
    """The reverse sweep: from the seeds in ``pending`` (node -> contributions to its
    adjoint), every parent before its children, to each variable's adjoint."""
    result: dict[Expr, Expr] = {}
    for node in reversed(order):  # every parent before its children
        parts = pending.pop(node, None)
        if parts is None:
            continue
        adjoint = k.add(*parts)
        if is_zero(adjoint):
            continue
        if node.op is Op.SYM:
            result[node] = adjoint
            continue
        for arg, contribution in ADJOINTS[node.op](node, adjoint, live, k):
            if not is_zero(contribution):
                pending.setdefault(arg, []).append(contribution)
    return result


def gradient(expr: object, wrt: object = None, *, simplify: bool | str = True) -> list[Expr]:
    """The partial derivatives of ``expr``, by reverse-mode accumulation.

    Args:
        expr: an ``Expr`` or text.
        wrt: a symbol, a name, a string of names (``"x y"`` or ``"x, y"``, as ``lambdify``
            takes) or a sequence of them; default: the free symbols in natural order
            (``x2`` before ``x10``, see ``natural_key``).
        simplify: ``True`` (default): standard form, simplified together; ``"trivial"``:
            built with the trivial rules only; ``False``: the raw constructors.

    Returns:
        A list with one partial derivative per variable, sharing subexpressions.

    >>> [str(d) for d in gradient("x^2*y + y")]
    ['2*x*y', 'x^2 + 1']
    >>> [str(d) for d in gradient("x^2*y + y", "y x")]
    ['x^2 + 1', '2*x*y']
    """
    return jacobian([as_input(expr)], wrt, simplify=simplify)[0]


def jacobian(
    exprs: Expr | str | Iterable[object], wrt: object = None, *, simplify: bool | str = True
) -> list[list[Expr]]:
    """The Jacobian matrix of several expressions: one row per expression.

    Args:
        exprs: a sequence of ``Expr`` or text (a single one gives one row).
        wrt: the variables (columns), as for ``gradient`` (``"x y"`` works too); default:
            all free symbols in natural order (``x2`` before ``x10``, see ``natural_key``).
        simplify: ``True`` (default): standard form, simplified together; ``"trivial"``:
            built with the trivial rules only; ``False``: the raw constructors.

    Returns:
        A list of rows, each a list of ``Expr`` (one per variable).

    >>> [[str(d) for d in row] for row in jacobian(["x*y", "x + y"], ["x", "y"])]
    [['y', 'x'], ['1', '1']]
    """
    if isinstance(exprs, (str, Expr)):
        items = [exprs]
    else:
        items = items_of("exprs", exprs, "an expression, text or a sequence of them")
    outputs = [as_input(e, f"exprs[{i}]") for i, e in enumerate(items)]
    variables = variables_of(outputs, wrt)
    k = kit_for(simplify, REVERSE)
    cells = []
    for output in outputs:
        table = adjoints(output, variables, k)
        cells += [table.get(v, ZERO) for v in variables]
    cells = finish(cells, simplify, shared=True)
    width = len(variables)
    return [cells[i * width : (i + 1) * width] for i in range(len(outputs))]


def hessian(expr: object, wrt: object = None, *, simplify: bool | str = True) -> list[list[Expr]]:
    """The matrix of second partial derivatives, forward over the reverse-mode gradient.

    Args:
        expr: an ``Expr`` or text.
        wrt: the variables, as for ``gradient`` (``"x y"`` works too); default: the free
            symbols in natural order (``x2`` before ``x10``, see ``natural_key``).
        simplify: ``True`` (default): standard form, simplified together; ``"trivial"``:
            built with the trivial rules only; ``False``: the raw constructors.

    Returns:
        A symmetric list of rows (``H[i][j] is H[j][i]``).

    >>> [[str(d) for d in row] for row in hessian("x^2*y")]
    [['2*y', '2*x'], ['2*x', '0']]
    """
    root = as_input(expr)
    variables = variables_of([root], wrt)
    k = kit_for(simplify, REVERSE)
    graph = gradient_graph(root, variables, k)
    grad, size = graph[0], len(variables)
    matrix = [[ZERO] * size for _ in range(size)]
    for col, known in lower_columns(variables, graph, k):
        for row in range(col, size):
            matrix[row][col] = matrix[col][row] = known.get(grad[row], ZERO)
    cells = finish([e for row in matrix for e in row], simplify, shared=True)
    return [cells[i * size : (i + 1) * size] for i in range(size)]


Graph = tuple[list[Expr], dict[Expr, int], dict[Expr, list[Expr]]]


def lower_columns(
    variables: Sequence[Expr], graph: Graph, k: Kit, columns: Container[int] | None = None
) -> Iterator[tuple[int, dict[Expr, Expr]]]:
    """Forward over reverse: for each column ``col`` (of ``columns``, default all), last
    first, the derivatives in ``variables[col]`` of the nodes of the gradient graph
    (``gradient_graph``) that the partials of rows ``col, col + 1, ...`` need."""
    grad, index, parents = graph
    needed: set[Expr] = set()  # the nodes below the partials of rows col, col + 1, ...
    for col in reversed(range(len(variables))):
        _extend_below(grad[col], needed)
        if columns is not None and col not in columns:
            continue
        variable = variables[col]
        cone = _cone(variable, parents, needed)
        known = {variable: ONE}
        propagate(sorted(cone - {variable}, key=index.__getitem__), known, cone, k)
        yield col, known


def _cone(variable: Expr, parents: dict[Expr, list[Expr]], within: set[Expr]) -> set[Expr]:
    """``variable`` and every node above it that is in ``within``: a node's derivative
    needs only the nodes below it, so the rest of the cone is not needed for the rows."""
    seen = {variable}
    stack = [variable]
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in seen and parent in within:
                seen.add(parent)
                stack.append(parent)
    return seen


def _extend_below(root: Expr, seen: set[Expr]) -> None:
    """Add ``root`` and every node below it to ``seen`` (whose nodes' children are in it)."""
    if root in seen:
        return
    seen.add(root)
    stack = [root]
    while stack:
        for arg in stack.pop().args:
            if arg not in seen:
                seen.add(arg)
                stack.append(arg)


def gradient_graph(root: Expr, variables: Sequence[Expr], k: Kit) -> Graph:
    """The reverse-mode gradient of ``root`` with what a forward pass over it needs: its
    nodes' positions in postorder, and each node's users."""
    table = adjoints(root, variables, k)
    grad = [table.get(v, ZERO) for v in variables]
    order = postorder(*grad)
    index = {node: i for i, node in enumerate(order)}
    parents: dict[Expr, list[Expr]] = {}
    for node in order:
        for arg in set(node.args):
            parents.setdefault(arg, []).append(node)
    return grad, index, parents
