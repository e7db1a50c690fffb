"""Rich display: LaTeX for expressions, tables and DAG pictures for programs.

Takes an ``Expr`` or a ``Program``; returns what Jupyter shows (``_repr_latex_``,
``_repr_html_`` and plain text hooks delegate here) and SVG pictures that can be saved to a
file. Pictures are drawn by Graphviz's ``dot`` when it is on ``PATH`` and otherwise by a
pure-Python layered layout (``symdiff.notebook.picture``); pass ``engine="python"`` or
``engine="dot"`` to choose.

Guarantees: nothing here can freeze a kernel. A picture shows at most ``MAX_PICTURE_NODES``
nodes (the ones nearest the result, with ``…`` boxes where the rest was cut and a caption
saying so), a program table at most ``MAX_TABLE_ROWS`` rows, and LaTeX or text of an
expression whose tree is larger than ``MAX_LATEX_NODES``/``MAX_TEXT_NODES`` is replaced by a
summary. Every walk is iterative.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import deque
from pathlib import Path
from typing import Any

from symdiff.core.errors import SymdiffError
from symdiff.core.expr import LEAVES, Expr, Op
from symdiff.core.printing import format_number
from symdiff.core.traverse import postorder, tree_size
from symdiff.notebook.picture import Box, Picture, to_dot, to_svg

__all__ = [
    "MAX_PICTURE_NODES",
    "dot_source",
    "expr_latex",
    "expr_text",
    "picture",
    "program_html",
    "save_svg",
    "svg",
]

MAX_PICTURE_NODES = 200
MAX_TABLE_ROWS = 60
MAX_LATEX_NODES = 2_000
MAX_TEXT_NODES = 20_000
DOT_TIMEOUT = 20.0


def tree_size_at_most(expr: Expr, limit: int) -> int | None:
    """The tree size of ``expr`` if it is at most ``limit``, else ``None`` (stops early)."""
    count, stack = 0, [expr]
    while stack:
        count += 1
        if count > limit:
            return None
        stack.extend(stack.pop().args)
    return count


def _summary(expr: Expr) -> str:
    unique = len(postorder(expr))
    return (
        f"<Expr with {unique} distinct nodes, too large to write out as a tree;"
        " cse(expr) shows it as a program>"
    )


def expr_text(expr: Expr) -> str:
    """Plain text for IPython: the infix form, or a summary for a huge tree.

    >>> from symdiff.core.expr import symbols
    >>> expr_text(symbols("x") ** 2)
    'x^2'
    """
    if tree_size_at_most(expr, MAX_TEXT_NODES) is None:
        return _summary(expr)
    return str(expr)


def expr_latex(expr: Expr) -> str | None:
    """``$...$`` LaTeX for Jupyter, or ``None`` (plain text is shown) for a huge tree.

    >>> from symdiff.core.parse import parse
    >>> print(expr_latex(parse("x^2/y")))
    $\\frac{x^{2}}{y}$
    """
    if tree_size_at_most(expr, MAX_LATEX_NODES) is None:
        return None
    from symdiff.emit.latex import latex

    return f"${latex(expr)}$"


# -- pictures ----------------------------------------------------------------------------------


def _label(node: Expr) -> str:
    if node.op is Op.NUM:
        return format_number(node.value)
    if node.op in (Op.SYM, Op.CONST):
        return str(node.value)
    if node.op is Op.CALL:
        return node.value.name
    return node.op.value


def _kind(node: Expr) -> str:
    return "input" if node.op is Op.SYM else "const" if node.op in LEAVES else "op"


def _ordered(node: Expr) -> bool:
    return node.op is Op.POW or (node.op is Op.CALL and len(node.args) > 1)


def _nearest(roots: list[Expr], limit: int) -> set[Expr]:
    """Up to ``limit`` distinct nodes, breadth first from the roots."""
    kept: set[Expr] = set()
    queue = deque(roots)
    while queue and len(kept) < limit:
        node = queue.popleft()
        if node not in kept:
            kept.add(node)
            queue.extend(node.args)
    return kept


def _operands(picture: Picture, args: tuple[Expr, ...], ids: dict) -> tuple[int, ...]:
    """Box ids of the drawn operands, plus one ``…`` box standing for any that were cut."""
    drawn = [ids[a] for a in args if a in ids]
    if len(drawn) < len(args):
        drawn.append(picture.add(Box("…", "more")))
    return tuple(drawn)


def expr_dag_picture(expr: Expr, max_nodes: int = MAX_PICTURE_NODES) -> Picture:
    """The DAG of ``expr``: one box per distinct node (a shared subexpression is drawn once)."""
    order = postorder(expr)
    total = len(order)
    if total > max_nodes:
        kept = _nearest([expr], max_nodes)
        order = [n for n in order if n in kept]
    picture = Picture()
    ids: dict[Expr, int] = {}
    for node in order:
        operands = _operands(picture, node.args, ids)
        ids[node] = picture.add(Box(_label(node), _kind(node), operands, None, _ordered(node)))
    picture.boxes[ids[expr]].output = "result"
    picture.caption = f"DAG: {total:,} distinct nodes"
    if total > len(ids):
        picture.caption += f"; showing the {len(ids)} nearest the result (… marks the rest)"
    return picture


def expr_tree_picture(expr: Expr, max_nodes: int = MAX_PICTURE_NODES) -> Picture:
    """The tree of ``expr``: a shared subexpression is drawn again at every use."""
    occurrences: list[tuple[Expr, int]] = []  # (node, parent occurrence), breadth first
    queue: deque[tuple[Expr, int]] = deque([(expr, -1)])
    while queue and len(occurrences) < max_nodes:
        node, parent = queue.popleft()
        occurrences.append((node, parent))
        queue.extend((a, len(occurrences) - 1) for a in node.args)
    children: list[list[int]] = [[] for _ in occurrences]
    for index, (_, parent) in enumerate(occurrences):
        if parent >= 0:
            children[parent].append(index)
    picture = Picture()
    box_of: dict[int, int] = {}
    for index in range(len(occurrences) - 1, -1, -1):  # children before parents
        node = occurrences[index][0]
        operands = [box_of[c] for c in children[index]]
        if len(operands) < len(node.args):
            operands.append(picture.add(Box("…", "more")))
        box = Box(_label(node), _kind(node), tuple(operands), None, _ordered(node))
        box_of[index] = picture.add(box)
    picture.boxes[box_of[0]].output = "result"
    size = tree_size(expr)
    picture.caption = f"tree: {size:,} nodes"
    if size > len(occurrences):
        picture.caption += f"; showing the first {len(occurrences)} (… marks the rest)"
    return picture


def picture(obj: Any, *, tree: bool = False, max_nodes: int = MAX_PICTURE_NODES) -> Picture:
    """The picture of an Expr (its DAG, or its tree with ``tree=True``) or of a Program.

    >>> from symdiff.core.parse import parse
    >>> [b.label for b in picture(parse("x*x")).boxes]
    ['x', '*']
    """
    if isinstance(obj, Expr):
        return expr_tree_picture(obj, max_nodes) if tree else expr_dag_picture(obj, max_nodes)
    from symdiff.program.cse import Program

    if isinstance(obj, Program):
        from symdiff.notebook.display_program import program_picture

        return program_picture(obj, max_nodes)
    raise SymdiffError(f"cannot draw a {type(obj).__name__}; expected an Expr or a Program")


def dot_source(obj: Any, *, tree: bool = False, max_nodes: int = MAX_PICTURE_NODES) -> str:
    """Graphviz DOT text of the picture ``svg`` draws.

    >>> from symdiff.core.parse import parse
    >>> print(dot_source(parse("2*x")).splitlines()[0])
    digraph symdiff {
    """
    return to_dot(picture(obj, tree=tree, max_nodes=max_nodes))


def svg(
    obj: Any, *, tree: bool = False, engine: str = "auto", max_nodes: int = MAX_PICTURE_NODES
) -> str:
    """An SVG picture of an Expr's DAG (or tree) or of a Program.

    Args:
        obj: an ``Expr`` or a ``Program``.
        tree: draw an expression as a tree (shared parts repeated) instead of its DAG.
        engine: ``"auto"`` (Graphviz ``dot`` if on PATH, else Python), ``"dot"`` or
            ``"python"``.
        max_nodes: draw at most this many nodes, nearest the result.

    Returns:
        The SVG text.

    >>> from symdiff.core.parse import parse
    >>> text = svg(parse("sin(x)*sin(x)"), engine="python")
    >>> text.startswith("<svg"), text.count("<rect") - 1   # boxes: x, sin, *
    (True, 3)
    """
    if engine not in ("auto", "dot", "python"):
        raise SymdiffError(f"unknown engine {engine!r}; expected 'auto', 'dot' or 'python'")
    drawing = picture(obj, tree=tree, max_nodes=max_nodes)
    if engine != "python":
        drawn = graphviz_svg(to_dot(drawing))
        if drawn is not None:
            return drawn
        if engine == "dot":
            raise SymdiffError("Graphviz 'dot' is not on PATH (or failed); use engine='python'")
    return to_svg(drawing)


def graphviz_svg(dot: str) -> str | None:
    """Run ``dot -Tsvg``; ``None`` if it is missing, fails or takes too long."""
    program = shutil.which("dot")
    if program is None:
        return None
    try:
        done = subprocess.run(
            [program, "-Tsvg"], input=dot, capture_output=True, text=True, timeout=DOT_TIMEOUT
        )
    except (OSError, subprocess.SubprocessError):
        return None
    start = done.stdout.find("<svg")
    if done.returncode != 0 or start < 0:
        return None
    body = done.stdout[start:]
    end = body.index(">") + 1
    return body[:end] + "\n<!-- symdiff picture: graphviz dot -->" + body[end:]


def program_html(program: Any, engine: str = "auto") -> str:
    """HTML for Jupyter: a Program's summary, its assignments and its picture.

    >>> from symdiff.program.cse import cse
    >>> from symdiff.core.parse import parse
    >>> html = program_html(cse(parse("sin(x^2) + x^2")), engine="python")
    >>> "<code>t1</code>" in html and "<svg" in html
    True
    """
    from symdiff.notebook.display_program import program_html as html

    return html(program, svg(program, engine=engine), MAX_TABLE_ROWS)


def save_svg(obj: Any, path: str | Path, **options: Any) -> Path:
    """Write ``svg(obj, **options)`` to ``path`` and return the path.

    >>> import tempfile, pathlib
    >>> from symdiff.core.parse import parse
    >>> path = save_svg(parse("x*y"), pathlib.Path(tempfile.mkdtemp()) / "xy.svg")
    >>> path.read_text(encoding="utf-8").startswith("<svg")
    True
    """
    target = Path(path)
    target.write_text(svg(obj, **options), encoding="utf-8")
    return target
