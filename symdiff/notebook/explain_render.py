"""Render a ``Derivation`` as a worked example, in plain text or LaTeX.

Takes a ``symdiff.notebook.explain.Derivation``; returns text. Each step reads "Step k. Rule: what
the rule says, with its pieces named", then the rule written out for the subexpression, the
steps for its parts (indented), and "so d/dx(...) = result". Long subexpressions are
abbreviated and at most ``max_steps`` steps are shown, so rendering is fast for any input.
The LaTeX uses ``symdiff.emit.latex`` when that stage is present.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdiff.core.expr import LEAVES, Call, Expr, Op
from symdiff.notebook.display import tree_size_at_most
from symdiff.notebook.textbook import Math

if TYPE_CHECKING:
    from symdiff.notebook.explain import Derivation, Step

__all__ = ["brief", "render_latex", "render_text"]

MAX_SHOWN_NODES = 120
EQUALS = Math(" = ", "=")
MAX_INDENT = 8


def render_text(derivation: Derivation, max_steps: int) -> str:
    """The derivation as indented plain text."""
    return "\n".join(_lines(derivation, max_steps, _TextStyle()))


def render_latex(derivation: Derivation, max_steps: int) -> str:
    """The derivation as a LaTeX ``aligned`` block (for MathJax or amsmath)."""
    body = r" \\" + "\n"
    return (
        "\\begin{aligned}\n"
        + body.join(_lines(derivation, max_steps, _LatexStyle()))
        + ("\n\\end{aligned}")
    )


def _lines(derivation: Derivation, max_steps: int, style: _Style) -> list[str]:
    from symdiff.notebook.explain import placeholder

    d_mark = placeholder(derivation.wrt)
    steps = derivation.steps
    numbers = {s.expr: s.number for s in steps}
    lines = [style.intro(derivation.expr, derivation.wrt)]
    open_steps: list[Step] = []
    for i, step in enumerate(steps[:max_steps]):
        while open_steps and open_steps[-1].depth >= step.depth:
            lines.append(style.so(open_steps.pop(), d_mark))
        lines += _step_lines(step, numbers, style, d_mark)
        owns = i + 1 < len(steps) and steps[i + 1].depth > step.depth
        if owns:
            open_steps.append(step)
        elif step.parts:
            lines.append(style.line(step.depth, [EQUALS, step.result]))
    if len(steps) > max_steps:
        lines.append(style.words(0, f"... {len(steps) - max_steps} more steps not shown"))
    while open_steps:
        lines.append(style.so(open_steps.pop(), d_mark))
    lines.append(style.line(0, ["Result: ", Call(d_mark, derivation.expr), EQUALS, derivation.raw]))
    if derivation.simplified and derivation.result is not derivation.raw:
        lines.append(style.line(0, ["Simplified: ", derivation.result]))
    return lines


def _step_lines(step: Step, numbers: dict, style: _Style, d_mark) -> list[str]:
    rule = step.rule[0].upper() + step.rule[1:]
    earlier = [p for p in step.parts if numbers[p] < step.number]
    note: list = [f"Step {step.number}. {rule}: ", *step.note]
    for part in earlier:
        note += [f" (step {numbers[part]} found ", Call(d_mark, part), ")"]
    return [
        style.line(step.depth, note, header=True),
        style.line(step.depth + 1, [Call(d_mark, step.expr), EQUALS, step.expansion]),
    ]


class _Style:
    def intro(self, expr: Expr, wrt: Expr) -> str:
        return self.line(0, ["Differentiate ", expr, f" with respect to {wrt.name}."])

    def so(self, step: Step, d_mark) -> str:
        return self.line(step.depth + 1, ["so ", Call(d_mark, step.expr), EQUALS, step.result])

    def words(self, depth: int, text: str) -> str:
        return self.line(depth, [text])

    def line(self, depth: int, items: list, header: bool = False) -> str:
        raise NotImplementedError


class _TextStyle(_Style):
    def line(self, depth: int, items: list, header: bool = False) -> str:
        text = "".join(i if isinstance(i, str) else _text(i) for i in items)
        return "  " * min(depth, MAX_INDENT) + text


class _LatexStyle(_Style):
    def line(self, depth: int, items: list, header: bool = False) -> str:
        pieces = []
        for item in items:
            if isinstance(item, Math):
                pieces.append(item.latex)
            elif isinstance(item, str):
                text = _escape(item)
                pieces.append(
                    rf"\textbf{{{text}}}"
                    if header and item.startswith("Step ")
                    else rf"\text{{{text}}}"
                )
            else:
                pieces.append(_latex(item))
        return "&" + r"\quad " * min(depth, MAX_INDENT) + " ".join(pieces)


def _text(item: Expr | Math) -> str:
    if isinstance(item, Math):
        return item.text
    return str(item) if _small(item) else brief(item)


def _latex(expr: Expr) -> str:
    if not _small(expr):
        return rf"\texttt{{{_escape(brief(expr, ellipsis='...'))}}}"
    try:
        from symdiff.emit.latex import latex
    except ImportError:  # the LaTeX emitter is a later stage
        return rf"\texttt{{{_escape(str(expr))}}}"
    return latex(expr)


_ESCAPES = {c: "\\" + c for c in "&%$#_{}"} | {
    "\\": r"\textbackslash{}",
    "^": r"\^{}",
    "~": r"\~{}",
}


def _escape(text: str) -> str:
    return "".join(_ESCAPES.get(c, c) for c in text)


def _small(expr: Expr, limit: int = MAX_SHOWN_NODES) -> bool:
    """Whether the tree of ``expr`` (shared parts counted per use) has at most ``limit`` nodes."""
    return tree_size_at_most(expr, limit) is not None


def brief(expr: Expr, budget: int = 40, ellipsis: str = "…") -> str:
    """The top of ``expr`` as text, with ``…`` for what does not fit in ``budget`` nodes.

    >>> from symdiff.core.expr import symbols
    >>> from symdiff.core.functions import REGISTRY
    >>> x = symbols("x")
    >>> e = x
    >>> for _ in range(100):
    ...     e = REGISTRY["sin"](e)
    >>> brief(e, budget=3)
    'sin(sin(sin(…)))'
    """
    out: list[str] = []
    stack: list = [expr]
    used = 0
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        used += 1
        if used > budget:
            out.append(ellipsis)
        elif item.op in LEAVES:
            out.append(str(item))
        else:
            stack.extend(reversed(_brief_pieces(item)))
    return "".join(out)


def _brief_pieces(node: Expr) -> list:
    if node.op is Op.CALL:
        pieces: list = [f"{node.value.name}("]
        for i, arg in enumerate(node.args):
            pieces += [", "] if i else []
            pieces.append(arg)
        return [*pieces, ")"]
    joiner = {Op.ADD: " + ", Op.MUL: "*", Op.POW: "^"}[node.op]
    pieces = []
    for i, arg in enumerate(node.args):
        pieces += [joiner] if i else []
        pieces += [arg] if arg.op in LEAVES or arg.op is Op.CALL else ["(", arg, ")"]
    return pieces
