"""Rich display: pictures (Graphviz and the pure-Python fallback), LaTeX and text hooks."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from symdiff import Mul, SymdiffError, cos, parse, sin, symbols
from symdiff.notebook import display
from symdiff.notebook.display import dot_source, picture, save_svg, svg
from symdiff.notebook.picture import NODE_GAP, _width, layout

ROOT = Path(__file__).resolve().parent.parent
x, y = symbols("x y")
SVG = "{http://www.w3.org/2000/svg}"


def swell(depth: int):
    t = x
    for _ in range(depth):
        t = Mul(t, t)
    return t


def texts(svg_text: str) -> list[str]:
    root = ET.fromstring(svg_text)
    return [t.text or "" for t in root.iter(f"{SVG}text")]


@pytest.fixture
def no_dot(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)


def test_fallback_draws_every_distinct_node_once(no_dot):
    drawn = svg(swell(3))  # auto, with no Graphviz: the Python layout
    assert "<!-- symdiff picture: python layout -->" in drawn
    labels = texts(drawn)
    assert labels.count("*") == 3 and labels.count("x") == 1
    assert "DAG: 4 distinct nodes" in labels


def test_tree_picture_repeats_shared_nodes(no_dot):
    labels = texts(svg(swell(3), tree=True))
    assert labels.count("*") == 7 and labels.count("x") == 8
    assert "tree: 15 nodes" in labels


def test_labels_are_escaped_and_the_svg_is_valid_xml():
    e = parse("x^2 + y") * sin(x)
    drawn = svg(e, engine="python")
    ET.fromstring(drawn)  # raises on invalid XML
    assert {"^", "+", "*", "sin", "x", "y", "2"} <= set(texts(drawn))


def test_layout_keeps_boxes_of_one_layer_apart():
    e = parse("sin(x) + cos(x) + tan(x) + exp(x) + log(x) + x^2 + x^3")
    drawing = picture(e)
    xs, ys, width, _ = layout(drawing)

    rows: dict[float, list[int]] = {}
    for i, yy in enumerate(ys):
        rows.setdefault(yy, []).append(i)
    for row in rows.values():
        spans = sorted(
            (xs[i] - _width(drawing.boxes[i]) / 2, xs[i] + _width(drawing.boxes[i]) / 2)
            for i in row
        )
        for (_, right), (left, _) in itertools.pairwise(spans):
            assert left - right >= NODE_GAP - 1e-9
        assert all(a >= 0 and b <= width for a, b in spans)
    # results above their operands
    for i, box in enumerate(drawing.boxes):
        assert all(ys[j] > ys[i] for j in box.operands)


def test_big_expression_is_truncated_with_a_caption(no_dot):
    e = x
    for k in range(2_000):
        e = sin(e) * cos(e + k)
    drawn = svg(e)
    labels = texts(drawn)
    assert sum(1 for t in labels if t == "…") >= 1
    caption = next(t for t in labels if t.startswith("DAG:"))
    assert re.match(r"DAG: [\d,]+ distinct nodes; showing the 200 nearest the result", caption)
    boxes = ET.fromstring(drawn).iter(f"{SVG}rect")
    assert sum(1 for _ in boxes) <= 1 + 200 + 200  # background + kept + at most one … each


def test_huge_tree_picture_is_bounded():
    drawing = picture(swell(60), tree=True)  # 2^61 - 1 nodes as a tree
    assert len([b for b in drawing.boxes if b.kind != "more"]) == 200
    assert drawing.caption.startswith(f"tree: {2**61 - 1:,} nodes; showing the first 200")


def test_deep_chain_does_not_recurse(no_dot):
    e = x
    for _ in range(50_000):
        e = sin(e)
    assert "showing the 200 nearest" in svg(e)


def write_fake_dot(directory, script: str) -> None:
    path = directory / "dot"
    path.write_text(f"#!{sys.executable}\n{script}")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def test_graphviz_is_used_when_on_path(tmp_path, monkeypatch):
    write_fake_dot(
        tmp_path,
        "import sys\n"
        "source = sys.stdin.read()\n"
        "assert sys.argv[1:] == ['-Tsvg'] and source.startswith('digraph')\n"
        "print('<?xml version=\"1.0\"?>')\n"
        "print('<svg xmlns=\"http://www.w3.org/2000/svg\"><text>%d</text></svg>'"
        " % source.count('->'))\n",
    )
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    drawn = svg(swell(2))
    assert drawn.startswith("<svg") and "graphviz dot" in drawn
    assert texts(drawn) == ["4"]  # the DOT text had 4 edges


def test_failing_graphviz_falls_back(tmp_path, monkeypatch):
    write_fake_dot(tmp_path, "import sys\nsys.exit(3)\n")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert "python layout" in svg(swell(2))
    with pytest.raises(SymdiffError, match="Graphviz"):
        svg(swell(2), engine="dot")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed here")
def test_real_graphviz_draws_the_labels():
    drawn = svg(parse("sin(x^2) + x^2"), engine="dot")
    assert "graphviz dot" in drawn
    assert {"sin", "^", "+", "x", "2"} <= set(texts(drawn))


def test_dot_source_shape():
    text = dot_source(parse("x^2"))
    assert text.startswith("digraph symdiff {") and "rankdir=BT" in text
    assert re.search(r"n\d+ -> n\d+:sw;", text) and re.search(r"n\d+ -> n\d+:se;", text)


def test_save_svg(tmp_path, no_dot):
    path = save_svg(parse("x*y"), tmp_path / "p.svg")
    assert path.read_text(encoding="utf-8").startswith("<svg")


def test_bad_arguments():
    with pytest.raises(SymdiffError, match="cannot draw"):
        svg("x + 1")
    with pytest.raises(SymdiffError, match="unknown engine"):
        svg(x, engine="neato")


def test_plain_text_hook_is_bounded():
    class Printer:
        def __init__(self):
            self.out = []

        def text(self, value):
            self.out.append(value)

    small, huge = Printer(), Printer()
    parse("x^2 + 1")._repr_pretty_(small, False)
    swell(40)._repr_pretty_(huge, False)
    assert small.out == ["x^2 + 1"]
    assert huge.out[0].startswith("<Expr with 41 distinct nodes, too large")
    assert display.expr_latex(swell(40)) is None


# -- programs ----------------------------------------------------------------------------------


def test_program_picture_has_inputs_assignments_and_outputs(no_dot):
    from symdiff import cse, gradient

    program = cse(gradient(parse("(x - 1)^2 + (y - 2)^2*x*sin(x*y)")))
    labels = texts(svg(program))
    assert "x" in labels and "y" in labels
    for assign in program.assignments:
        assert f"{assign.name} = {assign.expr}" in labels
    assert any(t.startswith("out[0] = ") for t in labels)
    assert any(t.startswith("out[1] = ") for t in labels)


def test_program_output_that_is_a_name_marks_its_box():
    from symdiff import cse

    drawing = picture(cse(parse("(1 + x)/(2*x^2)"), full=True))
    marked = [b for b in drawing.boxes if b.output]
    assert [(b.label, b.output) for b in marked] == [("t5 = t1*t4", "out")]


def big_program():
    from symdiff import cse

    terms = [sin(x * k) * cos(y + k) for k in range(1, 400)]
    return cse([sum(terms[1:], terms[0]), terms[-1] * x], full=True)


def test_program_html_is_bounded_for_big_programs(no_dot):
    program = big_program()
    assert len(program.assignments) > 1000
    html = display.program_html(program)
    assert html.count("<tr>") <= display.MAX_TABLE_ROWS + 2
    assert "more rows" in html
    assert "nearest the outputs" in html
    assert html.count("<rect") <= 1 + 2 * display.MAX_PICTURE_NODES


def test_program_html_escapes_and_summarises(no_dot):
    from symdiff import cse

    html = display.program_html(cse([parse("x^2 + sin(x^2)"), parse("x^2*y")]))
    assert "<b>Program</b>: 2 input(s) (x, y), 1 assignment(s), 2 output(s)" in html
    assert "<code>t1</code>" in html and "<code>x^2</code>" in html
    assert "<svg" in html


def test_program_hooks(tmp_path, no_dot):
    from symdiff import cse

    program = cse(parse("sin(x)^2 + sin(x)"))
    assert program._repr_html_().startswith('<div class="symdiff-program">')
    assert program.to_svg().startswith("<svg")
    assert program.save_svg(tmp_path / "p.svg").read_text(encoding="utf-8").startswith("<svg")


def test_expr_latex_hook():
    assert parse("x^2/y")._repr_latex_() == "$\\frac{x^{2}}{y}$"


def test_core_and_pictures_need_no_notebook_dependencies():
    code = (
        "import sys, symdiff, symdiff.notebook.display as d\n"
        "d.svg(symdiff.parse('sin(x)^2'), engine='python')\n"
        "symdiff.explain('x^x', 'x').to_text()\n"
        "symdiff.trace(lambda x: x * x)\n"
        "heavy = ('matplotlib', 'IPython', 'nbformat', 'nbclient', 'ipykernel', 'numpy')\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"


def test_command_line_svg(tmp_path, capsys, no_dot):
    from symdiff.cli import main

    assert main(["diff", "sin(x)^2", "--svg", str(tmp_path / "d.svg")]) == 0
    from symdiff import differentiate

    assert capsys.readouterr().out.strip() == str(differentiate("sin(x)^2", "x"))
    drawn = (tmp_path / "d.svg").read_text(encoding="utf-8")
    assert {"sin", "cos", "x", "*"} <= set(texts(drawn))
    assert main(["parse", "x*y", "--svg", str(tmp_path / "p.svg")]) == 0
    assert "DAG: 3 distinct nodes" in texts((tmp_path / "p.svg").read_text(encoding="utf-8"))
    assert main(["cse", "sin(x^2) + x^2", "--svg", str(tmp_path / "c.svg")]) == 0
    assert "t1 = x^2" in texts((tmp_path / "c.svg").read_text(encoding="utf-8"))
    assert main(["grad", "x^2*y", "--svg", str(tmp_path / "g.svg")]) == 0
    graph = texts((tmp_path / "g.svg").read_text(encoding="utf-8"))
    assert any(t.startswith("out[0] = ") for t in graph)
    assert main(["parse", "x", "--svg", str(tmp_path / "missing" / "p.svg")]) == 1
    assert "cannot write" in capsys.readouterr().err
