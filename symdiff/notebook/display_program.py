"""Display of a ``Program``: a summary, a table of its assignments and a picture of its DAG.

Takes a ``symdiff.program.cse.Program``; returns an HTML fragment for Jupyter's ``_repr_html_`` and
the ``Picture`` that ``symdiff.notebook.display.svg`` draws (one box per input, assignment and
output, an edge from every name an assignment uses). Big programs degrade gracefully: the table
shows its first and last rows, the picture the ``max_nodes`` nodes nearest the outputs.
"""

from __future__ import annotations

from collections import deque
from html import escape
from typing import Any

from symdiff.core.expr import Expr, Op
from symdiff.core.traverse import postorder
from symdiff.notebook.picture import Box, Picture

__all__ = ["program_html", "program_picture"]

MAX_LABEL = 32
MAX_CELL = 200


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _uses(expr: Expr) -> list[str]:
    """Names (inputs and temporaries) a right-hand side refers to, in order of appearance."""
    return list(dict.fromkeys(n.value for n in postorder(expr) if n.op is Op.SYM))


def _nodes(program: Any) -> list[tuple[str, str, str, list[str], str | None]]:
    """(id, label, kind, used ids, output name) for inputs, assignments and outputs, in order."""
    nodes: list[tuple[str, str, str, list[str], str | None]] = [
        (s.value, s.value, "input", [], None) for s in program.inputs
    ]
    for assign in program.assignments:
        label = f"{assign.name} = {assign.expr}"
        nodes.append((assign.name, label, "op", _uses(assign.expr), None))
    labels = program.index_labels()
    for k, (label, output) in enumerate(zip(labels, program.outputs, strict=True)):
        if output.op is Op.SYM:  # an output that is just a name marks that node
            nodes.append((f"out:{k}", output.value, "alias", [output.value], label))
        else:
            nodes.append((f"out:{k}", f"{label} = {output}", "op", _uses(output), label))
    return nodes


def _nearest_outputs(nodes: list, limit: int) -> set[str]:
    uses = {node_id: used for node_id, _, _, used, _ in nodes}
    queue = deque(node_id for node_id, _, _, _, out in nodes if out is not None)
    kept: set[str] = set()
    while queue and len(kept) < limit:
        node_id = queue.popleft()
        if node_id not in kept:
            kept.add(node_id)
            queue.extend(uses[node_id])
    return kept


def program_picture(program: Any, max_nodes: int) -> Picture:
    """The Program's dependency DAG, at most ``max_nodes`` boxes nearest the outputs."""
    nodes = _nodes(program)
    kept = _nearest_outputs(nodes, max_nodes) if len(nodes) > max_nodes else None
    picture = Picture()
    ids: dict[str, int] = {}
    for node_id, label, kind, used, output in nodes:
        if kept is not None and node_id not in kept:
            continue
        if kind == "alias":  # out = t5: label the box of t5 instead of drawing another
            target = picture.boxes[ids[used[0]]] if used[0] in ids else None
            if target is not None:
                target.output = f"{target.output}, {output}" if target.output else output
                continue
            label, kind = f"{output} = {label}", "op"
        operands = [ids[u] for u in used if u in ids]
        if len(operands) < len(used):
            operands.append(picture.add(Box("…", "more")))
        box_output = output if kind == "op" and node_id.startswith("out:") else None
        short = _cut(label, MAX_LABEL)
        title = label if short != label else ""
        ids[node_id] = picture.add(Box(short, kind, tuple(operands), box_output, title=title))
    shown = sum(1 for b in picture.boxes if b.kind != "more")
    picture.caption = _summary(program)
    if kept is not None:
        picture.caption += f"; showing {shown} nodes nearest the outputs (… marks the rest)"
    return picture


def _summary(program: Any) -> str:
    names = ", ".join(program.input_names)
    return (
        f"{len(program.inputs)} input(s) ({_cut(names, 60)}), {len(program.assignments)}"
        f" assignment(s), {len(program.outputs)} output(s), {program.count_ops()} operations"
    )


def _rows(program: Any, max_rows: int) -> list[tuple[str, str]]:
    rows = [(a.name, a.expr) for a in program.assignments]
    rows += list(zip(program.index_labels(), program.outputs, strict=True))
    if len(rows) <= max_rows:
        return [(name, _cut(str(value), MAX_CELL)) for name, value in rows]
    half = max_rows // 2
    hidden = len(rows) - 2 * half
    middle = [("…", f"{hidden} more rows")]
    shown = rows[:half] + rows[-half:]
    cells = [(name, _cut(str(value), MAX_CELL)) for name, value in shown]
    return cells[:half] + middle + cells[half:]


def program_html(program: Any, picture_svg: str, max_rows: int) -> str:
    """An HTML fragment: a summary line, the assignment table and the picture."""
    body = "".join(
        f'<tr><td style="text-align:right"><code>{escape(name)}</code></td>'
        f'<td style="text-align:left"><code>{escape(value)}</code></td></tr>'
        for name, value in _rows(program, max_rows)
    )
    return (
        '<div class="symdiff-program">'
        f"<p><b>Program</b>: {escape(_summary(program))}</p>"
        '<div style="display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start">'
        f"<table><thead><tr><th>name</th><th>value</th></tr></thead><tbody>{body}</tbody>"
        '</table><div style="max-width:100%;max-height:640px;overflow:auto">'
        f"{picture_svg}</div></div></div>"
    )
