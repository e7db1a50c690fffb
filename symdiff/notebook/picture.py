"""Pictures of expression DAGs: a small graph model, a layered layout, SVG and DOT writers.

Takes a ``Picture`` (labelled boxes and operand edges, in topological order: operands
before the nodes that use them); returns SVG text drawn by a pure-Python layered layout, or
DOT text for Graphviz. The layout puts inputs at the bottom and results at the top, one
layer per step of the longest path, orders each layer by the barycentre of its neighbours
(a few sweeps) and draws labels in a monospace font sized to fit their box.

Guarantees: linear work per sweep (no recursion, no quadratic passes), deterministic output,
every label XML-escaped, and an SVG that is valid XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

__all__ = ["Box", "Picture", "to_dot", "to_svg"]

CHAR_WIDTH = 7.4  # px per character of 12 px monospace
BOX_HEIGHT = 26
LAYER_GAP = 58
NODE_GAP = 22
MARGIN = 20
SWEEPS = 4
#: Widest row of boxes, in px; a wider layer is wrapped onto more rows.
MAX_ROW_WIDTH = 1100

STYLES = {  # kind: (fill, stroke, rounded)
    "input": ("#dbeafe", "#1d4ed8", 13),
    "const": ("#f3f4f6", "#6b7280", 3),
    "op": ("#ffffff", "#111827", 6),
    "more": ("#fef3c7", "#b45309", 3),
}


@dataclass
class Box:
    """One node of a picture: its label, kind (input/const/op/more) and operand ids."""

    label: str
    kind: str = "op"
    operands: tuple[int, ...] = ()
    output: str | None = None  # a name drawn above the box when it is an output
    ordered: bool = False  # label the edges 1, 2, ... (non-commutative operations)
    title: str = ""  # the full text, shown as a tooltip when the label is cut short


@dataclass
class Picture:
    """Boxes in topological order (operands first) and a caption."""

    boxes: list[Box] = field(default_factory=list)
    caption: str = ""

    def add(self, box: Box) -> int:
        """Append a box and return its id."""
        self.boxes.append(box)
        return len(self.boxes) - 1


def _layers(picture: Picture) -> list[int]:
    """Layer of each box: inputs at 0, an operation one above its highest operand,
    constants just below their lowest user."""
    boxes = picture.boxes
    layer = [0] * len(boxes)
    for i, box in enumerate(boxes):
        if box.operands:
            layer[i] = 1 + max(layer[j] for j in box.operands)
    lowest_user: dict[int, int] = {}
    for i, box in enumerate(boxes):
        for j in box.operands:
            lowest_user[j] = min(lowest_user.get(j, layer[i]), layer[i])
    for i, box in enumerate(boxes):
        if box.kind in ("const", "more") and i in lowest_user:
            layer[i] = max(0, lowest_user[i] - 1)
    return layer


def _width(box: Box) -> float:
    return max(34.0, CHAR_WIDTH * len(box.label) + 16)


def layout(picture: Picture) -> tuple[list[float], list[float], float, float]:
    """Centre coordinates of every box, and the drawing's width and height."""
    boxes = picture.boxes
    layer = _layers(picture)
    top = max(layer, default=0)
    rows: list[list[int]] = [[] for _ in range(top + 1)]
    for i in range(len(boxes)):
        rows[layer[i]].append(i)
    rows = _wrapped(rows, boxes)  # a layer wider than MAX_ROW_WIDTH takes several rows
    top = len(rows) - 1
    for level, row in enumerate(rows):
        for i in row:
            layer[i] = level
    users: list[list[int]] = [[] for _ in boxes]
    for i, box in enumerate(boxes):
        for j in box.operands:
            users[j].append(i)
    x = [0.0] * len(boxes)
    _place_rows(rows, x, boxes)
    for sweep in range(SWEEPS):
        order = rows[1:] if sweep % 2 == 0 else list(reversed(rows[:-1]))
        for row in order:
            neighbours = (lambda i: boxes[i].operands) if sweep % 2 == 0 else (lambda i: users[i])
            _reorder(row, x, neighbours)
            _place_row(row, x, boxes)
    shift = MARGIN - min((x[i] - _width(boxes[i]) / 2 for i in range(len(boxes))), default=0)
    x = [v + shift for v in x]
    width = max((x[i] + _width(boxes[i]) / 2 for i in range(len(boxes))), default=0) + MARGIN
    header = 18 if any(b.output for b in boxes) else 0
    y = [MARGIN + header + (top - layer[i]) * LAYER_GAP + BOX_HEIGHT / 2 for i in range(len(boxes))]
    height = MARGIN * 2 + header + top * LAYER_GAP + BOX_HEIGHT
    return x, y, width, height


def _wrapped(rows: list[list[int]], boxes: list[Box]) -> list[list[int]]:
    """Rows no wider than ``MAX_ROW_WIDTH``: a wide layer is split, in order, into several
    rows (a wide program is drawn taller, not as a strip too thin to read)."""
    wrapped: list[list[int]] = []
    for row in rows:
        current: list[int] = []
        width = 0.0
        for i in row:
            w = _width(boxes[i]) + NODE_GAP
            if current and width + w > MAX_ROW_WIDTH:
                wrapped.append(current)
                current, width = [], 0.0
            current.append(i)
            width += w
        wrapped.append(current)
    return wrapped


def _place_rows(rows: list[list[int]], x: list[float], boxes: list[Box]) -> None:
    for row in rows:
        cursor = 0.0
        for i in row:
            w = _width(boxes[i])
            x[i] = cursor + w / 2
            cursor += w + NODE_GAP


def _reorder(row: list[int], x: list[float], neighbours) -> None:
    """Sort a row by the mean position of each box's neighbours (stable for ties)."""

    def key(i: int) -> float:
        around = neighbours(i)
        return sum(x[j] for j in around) / len(around) if around else x[i]

    wanted = {i: key(i) for i in row}
    row.sort(key=lambda i: wanted[i])
    for i in row:
        x[i] = wanted[i]


def _place_row(row: list[int], x: list[float], boxes: list[Box]) -> None:
    """Keep the wanted positions where possible, pushing boxes apart so none overlap."""
    if not row:
        return
    wanted = [x[i] for i in row]
    previous_right = None
    for i in row:
        half = _width(boxes[i]) / 2
        if previous_right is not None:
            x[i] = max(x[i], previous_right + NODE_GAP + half)
        previous_right = x[i] + half
    # the push moved the row right; centre it back on what the boxes wanted
    drift = sum(x[i] for i in row) / len(row) - sum(wanted) / len(wanted)
    for i in row:
        x[i] -= drift


def to_svg(picture: Picture, note: str = "python layout") -> str:
    """Draw the picture as SVG text (``note`` is recorded in a comment).

    >>> drawing = Picture()
    >>> x = drawing.add(Box("x", "input"))
    >>> _ = drawing.add(Box("sin", "op", (x,), output="result"))
    >>> to_svg(drawing).count("<text")
    3
    """
    boxes = picture.boxes
    x, y, width, height = layout(picture)
    caption_height = 22 if picture.caption else 0
    width = max(width, 2 * MARGIN + CHAR_WIDTH * len(picture.caption))
    total = height + caption_height
    out = [
        # max-width:none: notebooks scale images down to the page (a wide picture would
        # shrink to a thin strip); the page scrolls instead
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{total:.0f}"'
        ' style="max-width:none"'
        f' viewBox="0 0 {width:.0f} {total:.0f}" font-family="DejaVu Sans Mono, Menlo,'
        f' Consolas, monospace" font-size="12">',
        f"<!-- symdiff picture: {escape(note)} -->",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7"'
        ' markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"'
        ' fill="#6b7280"/></marker></defs>',
        f'<rect width="{width:.0f}" height="{total:.0f}" fill="white"/>',
    ]
    for i, box in enumerate(boxes):
        count = len(box.operands)
        for k, j in enumerate(box.operands):
            # operands of a non-commutative operation arrive left to right, numbered
            offset = (k - (count - 1) / 2) * min(12.0, _width(box) / (count + 1))
            label = str(k + 1) if box.ordered else ""
            side = -1 if offset < 0 else 1
            end_x = x[i] + (offset if box.ordered else 0)
            out.append(_edge(x[j], y[j], end_x, y[i], label, side))
    for i, box in enumerate(boxes):
        out.append(_node(box, x[i], y[i]))
    if picture.caption:
        out.append(
            f'<text x="{MARGIN}" y="{height + 12:.0f}" fill="#374151">'
            f"{escape(picture.caption)}</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


def _edge(x1: float, y1: float, x2: float, y2: float, label: str, side: int = 1) -> str:
    start, end = y1 - BOX_HEIGHT / 2, y2 + BOX_HEIGHT / 2
    middle = (start + end) / 2
    path = (
        f'<path d="M{x1:.1f},{start:.1f} C{x1:.1f},{middle:.1f} {x2:.1f},{middle:.1f}'
        f' {x2:.1f},{end:.1f}" fill="none" stroke="#9ca3af" marker-end="url(#arrow)"/>'
    )
    if not label:
        return path
    return path + (
        f'<text x="{x2 + 4 * side:.1f}" y="{end + 9:.1f}" font-size="9" fill="#6b7280"'
        f' text-anchor="{"end" if side < 0 else "start"}">{label}</text>'
    )


def _node(box: Box, cx: float, cy: float) -> str:
    fill, stroke, radius = STYLES.get(box.kind, STYLES["op"])
    w = _width(box)
    thick = 2.2 if box.output else 1.0
    tooltip = f"<title>{escape(box.title)}</title>" if box.title else ""
    parts = [
        f'<g>{tooltip}<rect x="{cx - w / 2:.1f}" y="{cy - BOX_HEIGHT / 2:.1f}" width="{w:.1f}"'
        f' height="{BOX_HEIGHT}" rx="{radius}" fill="{fill}" stroke="{stroke}"'
        f' stroke-width="{thick}"/>',
        f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle">{escape(box.label)}</text>',
    ]
    if box.output and _named_above(box):
        parts.append(
            f'<text x="{cx:.1f}" y="{cy - BOX_HEIGHT / 2 - 5:.1f}" text-anchor="middle"'
            f' font-size="10" fill="#1d4ed8">{escape(box.output)}</text>'
        )
    return "".join(parts) + "</g>"


def _named_above(box: Box) -> bool:
    """An output's name is written above its box unless the label already starts with it."""
    return bool(box.output) and not box.label.startswith(f"{box.output} ")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ports(count: int) -> list[str]:
    """Arrival points left to right along the bottom of a box (Graphviz compass points)."""
    if count == 2:
        return [":sw", ":se"]
    return [":sw", ":s", ":se"][:count] if count <= 3 else [""] * count


def to_dot(picture: Picture) -> str:
    """The picture as Graphviz DOT text (inputs at the bottom, like ``to_svg``).

    >>> drawing = Picture()
    >>> x = drawing.add(Box("x", "input"))
    >>> _ = drawing.add(Box("sin", "op", (x,)))
    >>> [line for line in to_dot(drawing).splitlines() if "->" in line]
    ['  n0 -> n1;']
    """
    shapes = {"input": "ellipse", "const": "box", "op": "box", "more": "note"}
    lines = [
        "digraph symdiff {",
        "  rankdir=BT;",
        '  node [fontname="DejaVu Sans Mono", fontsize=11, height=0.3];',
        '  edge [color="#9ca3af", arrowsize=0.6];',
    ]
    if picture.caption:
        lines.append(f'  label={_quote(picture.caption)}; labelloc=b; fontname="DejaVu Sans Mono";')
        lines.append("  fontsize=11;")
    for i, box in enumerate(picture.boxes):
        fill, stroke, _ = STYLES.get(box.kind, STYLES["op"])
        label = f"{box.output}\\n{box.label}" if _named_above(box) else box.label
        label_text = _quote(label).replace("\\\\n", "\\n")
        attributes = f'shape={shapes.get(box.kind, "box")}, style="rounded,filled"'
        attributes += f', fillcolor="{fill}", color="{stroke}"'
        if box.output:
            attributes += ", penwidth=2.2"
        if box.title:
            attributes += f", tooltip={_quote(box.title)}"
        lines.append(f"  n{i} [label={label_text}, {attributes}];")
    for i, box in enumerate(picture.boxes):
        ports = _ports(len(box.operands)) if box.ordered else [""] * len(box.operands)
        for j, port in zip(box.operands, ports, strict=True):
            lines.append(f"  n{j} -> n{i}{port};")
    lines.append("}")
    return "\n".join(lines)
