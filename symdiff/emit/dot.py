"""Graph views of a Program: a ``networkx.DiGraph`` and Graphviz DOT text.

Takes a Program; returns its dependency graph. Nodes, in a deterministic order: the inputs
(``op="input"``), each distinct constant operand (``op="const"``, id its text such as ``2``
or ``pi``, which no name can be), each assignment (id its name, ``op`` one of ``+ * ^`` or
the function name, ``label`` like ``t1 = x^2``) and each output (id ``out:K`` for the K-th
output, ``op="output"``). Edges go from every input, temporary or constant an assignment or
output uses to it (operand -> result). With ``cse(..., full=True)`` this is the whole
computational graph of the seed talk; by default inline sub-expressions stay inside their
node's label. DOT labels longer than ``MAX_LABEL`` characters are cut with ``...``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdiff.core.errors import check_type
from symdiff.core.expr import Expr, Op
from symdiff.core.printing import format_number
from symdiff.core.traverse import postorder
from symdiff.program.program import Program

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["MAX_LABEL", "emit_dot", "to_networkx"]

#: Longest node label written into DOT text.
MAX_LABEL = 60

_SHAPES = {"input": "box", "const": "plaintext", "output": "doubleoctagon"}


def _leaf_id(node: Expr) -> str:
    return node.value if node.op in (Op.SYM, Op.CONST) else format_number(node.value)


def _operation(expr: Expr) -> str:
    return expr.value.name if expr.op is Op.CALL else expr.op.value


def to_networkx(program: Program) -> nx.DiGraph[str]:
    """The program's dependency graph (operand -> result edges).

    Args:
        program: the Program.

    Returns:
        A ``networkx.DiGraph``; node attributes ``op`` and ``label``.

    >>> from symdiff.program.cse import cse
    >>> from symdiff.core.parse import parse
    >>> graph = to_networkx(cse(parse("sin(x^2) + x^2")))
    >>> list(graph.nodes(data="label"))
    [('x', 'x'), ('2', '2'), ('t1', 't1 = x^2'), ('out:0', 'out = sin(t1) + t1')]
    >>> list(graph.edges)
    [('x', 't1'), ('2', 't1'), ('t1', 'out:0')]
    """
    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph()
    for symbol in program.inputs:
        graph.add_node(symbol.value, op="input", label=symbol.value)
    for assign in program:
        _add_uses(graph, assign.expr, assign.name, _operation(assign.expr), str(assign))
    for k, (label, output) in enumerate(zip(program.index_labels(), program.outputs, strict=True)):
        _add_uses(graph, output, f"out:{k}", "output", f"{label} = {output}")
    return graph


def _add_uses(graph: nx.DiGraph[str], expr: Expr, node_id: str, op: str, label: str) -> None:
    edges = []
    for node in postorder(expr):
        if node.op in (Op.NUM, Op.CONST, Op.SYM):
            leaf = _leaf_id(node)
            if node.op is not Op.SYM and leaf not in graph:
                graph.add_node(leaf, op="const", label=leaf)
            edges.append(leaf)
    graph.add_node(node_id, op=op, label=label)
    graph.add_edges_from((leaf, node_id) for leaf in edges)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def emit_dot(program: Program, *, name: str = "program") -> str:
    """Graphviz DOT text of the program's dependency graph (results above operands).

    Args:
        program: the Program.
        name: the graph's name.

    Returns:
        The DOT text.

    >>> from symdiff.program.cse import cse
    >>> from symdiff.core.parse import parse
    >>> print(emit_dot(cse(parse("x*y + 1"))))
    digraph "program" {
      rankdir=BT;
      node [fontname="Helvetica", fontsize=11, shape=ellipse];
      "x" [label="x", shape=box];
      "y" [label="y", shape=box];
      "1" [label="1", shape=plaintext];
      "out:0" [label="out = x*y + 1", shape=doubleoctagon];
      "x" -> "out:0";
      "y" -> "out:0";
      "1" -> "out:0";
    }
    <BLANKLINE>
    """
    check_type("program", program, Program, "a Program (make one with cse())")
    check_type("name", name, str, "text")
    graph = to_networkx(program)
    lines = [
        f"digraph {_quote(name)} {{",
        "  rankdir=BT;",
        '  node [fontname="Helvetica", fontsize=11, shape=ellipse];',
    ]
    for node, data in graph.nodes(data=True):
        label = data["label"]
        if len(label) > MAX_LABEL:
            label = label[: MAX_LABEL - 3] + "..."
        shape = _SHAPES.get(data["op"])
        extra = f", shape={shape}" if shape else ""
        lines.append(f"  {_quote(node)} [label={_quote(label)}{extra}];")
    lines += [f"  {_quote(a)} -> {_quote(b)};" for a, b in graph.edges]
    lines.append("}")
    return "\n".join(lines) + "\n"
