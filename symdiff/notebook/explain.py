"""Step-by-step derivations, written like a calculus textbook.

Takes an expression (or text) and the variable; returns a ``Derivation``: the ordered list
of steps (which rule was applied to which subexpression, the rule written out, the
intermediate result) and the final derivative, renderable as text (``str``) and as LaTeX
(``to_latex``, and ``_repr_latex_`` in Jupyter).

Guarantees:

- steps come in the order a person works: the outermost rule first, then the parts it needs,
  each part explained once (a repeated subexpression refers back to its step);
- every step's result is the exact derivative of its subexpression (trivial rules only);
  the derivation's ``result`` is exactly what ``differentiate`` returns, so the worked
  example ends at symdiff's own answer;
- the walk is iterative and linear in the DAG size, so deep inputs work; rendering shows at
  most ``max_steps`` steps and abbreviates long subexpressions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from symdiff.core.errors import SymdiffError
from symdiff.core.expr import Call, Expr, Number, Op, Symbol, as_expr
from symdiff.core.functions import Function
from symdiff.core.traverse import postorder
from symdiff.diff.inputs import as_symbol
from symdiff.notebook.textbook import Context, Note, apply_rule

__all__ = ["Derivation", "Step", "explain"]

#: Steps shown by ``str()`` and ``to_latex()`` unless asked for more.
MAX_STEPS = 200


@dataclass(frozen=True)
class Step:
    """One rule applied to one subexpression.

    Attributes:
        number: 1-based position in the derivation.
        depth: nesting level (0 for the whole expression).
        rule: the rule's name, e.g. ``"product rule"``.
        expr: the subexpression being differentiated.
        expansion: the rule written out, with ``d/dx(...)`` for the parts still to find.
        result: the derivative of ``expr`` (exact, trivial rules only).
        note: words and formulas naming the rule's pieces.
        parts: the subexpressions whose derivatives the expansion needs.
    """

    number: int
    depth: int
    rule: str
    expr: Expr
    expansion: Expr
    result: Expr
    note: Note
    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class Derivation:
    """A derivative and the steps that found it.

    Attributes:
        expr: the expression differentiated.
        wrt: the variable (a Symbol).
        steps: the steps, in order.
        raw: the derivative as the steps assemble it (trivial rules only).
        result: ``differentiate(expr, wrt)``, the derivative symdiff returns.
        simplified: whether ``result`` was simplified (shown as the last line if so).
    """

    expr: Expr
    wrt: Expr
    steps: tuple[Step, ...]
    raw: Expr
    result: Expr
    simplified: bool = True

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        return f"<Derivation of d/d{self.wrt.name}: {len(self.steps)} steps>"

    def to_text(self, max_steps: int = MAX_STEPS) -> str:
        """The derivation as plain text (at most ``max_steps`` steps)."""
        from symdiff.notebook.explain_render import render_text

        return render_text(self, max_steps)

    def to_latex(self, max_steps: int = MAX_STEPS) -> str:
        """The derivation as a LaTeX ``aligned`` block (at most ``max_steps`` steps)."""
        from symdiff.notebook.explain_render import render_latex

        return render_latex(self, max_steps)

    def _repr_latex_(self) -> str:
        return f"$$\n{self.to_latex(max_steps=60)}\n$$"

    def step_for(self, expr: Expr) -> Step:
        """The step that differentiated ``expr``."""
        for step in self.steps:
            if step.expr is expr:
                return step
        raise SymdiffError(f"no step differentiates {expr}")


def explain(expr: Expr | str, wrt: Expr | str, *, simplify: bool | str = True) -> Derivation:
    """Differentiate ``expr`` with respect to ``wrt``, recording every step.

    Args:
        expr: an expression, or text to parse.
        wrt: the variable, a Symbol or its name.
        simplify: passed to ``differentiate``, whose answer is the derivation's ``result``
            (the steps' results use the trivial rules only).

    Returns:
        A ``Derivation``; ``str()`` of it reads like a worked example.

    Raises:
        DifferentiationError: a function without a derivative rule.

    >>> d = explain("x^2*sin(x)", "x", simplify=False)
    >>> [s.rule for s in d.steps]
    ['product rule', 'power rule', 'derivative of sin']
    >>> print(d.raw)
    2*x*sin(x) + x^2*cos(x)
    """
    expr, wrt = _inputs(expr, wrt)
    depends = _dependence(expr, wrt)
    inner = _inner_symbol(expr, wrt)
    order = _discover(expr, Context(wrt, depends, lambda v: v, inner))
    results = _assemble(
        expr,
        {node: parts for node, _, _, parts in order},
        Context(wrt, depends, lambda v: v, inner),
    )
    steps = tuple(
        Step(
            i + 1, depth, applied.rule, node, applied.expansion, results[node], applied.note, parts
        )
        for i, (node, depth, applied, parts) in enumerate(order)
    )
    from symdiff.diff.diff import differentiate

    result = differentiate(expr, wrt, simplify=simplify)  # what symdiff returns, exactly
    return Derivation(expr, wrt, steps, results[expr], result, simplify is not False)


def _inputs(expr: Expr | str, wrt: Expr | str) -> tuple[Expr, Expr]:
    if isinstance(expr, str):
        from symdiff.core.parse import parse

        expr = parse(expr)
    expr = as_expr(expr)
    return expr, as_symbol(wrt)


def placeholder(wrt: Expr) -> Function:
    """A display-only function ``d/dx`` standing for a derivative still to be found."""
    name = wrt.name

    def unevaluated(_value: float) -> float:
        raise SymdiffError(f"d/d{name}(...) is a placeholder in an explanation")

    latex = rf"\frac{{d}}{{d{name}}}" if len(name) == 1 else rf"\frac{{d}}{{d\,{name}}}"
    return Function(f"d/d{name}", 1, unevaluated, None, {"latex": latex})


def _inner_symbol(expr: Expr, wrt: Expr) -> Expr:
    """A symbol name for "the inner function" that the expression does not use."""
    used = {n.value for n in postorder(expr) if n.op is Op.SYM} | {wrt.name}
    for name in ("u", "v", "w", "t", "s"):
        if name not in used:
            return Symbol(name)
    return Symbol(next(f"u{i}" for i in range(len(used) + 1) if f"u{i}" not in used))


def _dependence(expr: Expr, wrt: Expr) -> Callable[[Expr], bool]:
    """``depends(node)``: whether ``node`` contains ``wrt`` (memoized, iterative)."""
    known: dict[Expr, bool] = {}
    for node in postorder(expr):
        known[node] = node is wrt or any(known[a] for a in node.args)

    def depends(node: Expr) -> bool:
        stack = [node]
        while stack:  # rules build a few new nodes over known ones (the rest of a product)
            top = stack[-1]
            if top in known:
                stack.pop()
                continue
            missing = [a for a in top.args if a not in known]
            if missing:
                stack.extend(missing)
            else:
                known[stack.pop()] = top is wrt or any(known[a] for a in top.args)
        return known[node]

    return depends


def _discover(expr: Expr, ctx: Context) -> list[tuple]:
    """Apply rules top-down (pre-order); each needed part is explained once."""
    d_mark = placeholder(ctx.wrt)
    seen: set[Expr] = set()
    order: list[tuple] = []
    stack: list[tuple[Expr, int]] = [(expr, 0)]
    while stack:
        node, depth = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        parts: list[Expr] = []

        def d(part: Expr, parts: list[Expr] = parts) -> Expr:
            if part is ctx.wrt or not ctx.depends(part):
                return Number(1 if part is ctx.wrt else 0)
            parts.append(part)
            return Call(d_mark, part)

        applied = apply_rule(node, Context(ctx.wrt, ctx.depends, d, ctx.inner))
        unique = tuple(dict.fromkeys(parts))
        order.append((node, depth, applied, unique))
        stack.extend((p, depth + 1) for p in reversed(unique) if p not in seen)
    return order


def _assemble(expr: Expr, parts_of: dict[Expr, tuple[Expr, ...]], ctx: Context) -> dict:
    """Fill in every step's result, parts before the steps that use them (iterative)."""
    results: dict[Expr, Expr] = {}

    def d(part: Expr) -> Expr:
        if part is ctx.wrt or not ctx.depends(part):
            return Number(1 if part is ctx.wrt else 0)
        return results[part]

    filling = Context(ctx.wrt, ctx.depends, d, ctx.inner)
    stack: list[tuple[Expr, bool]] = [(expr, False)]
    while stack:
        node, ready = stack.pop()
        if ready:
            results[node] = apply_rule(node, filling).expansion
        elif node not in results:
            stack.append((node, True))
            stack.extend((p, False) for p in parts_of[node] if p not in results)
    return results
