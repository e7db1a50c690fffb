"""DOT and networkx views: golden graphs, escaping, deterministic and linear."""

from __future__ import annotations

import networkx as nx
from deep_chain import deep_chain
from goldens import check_golden, mixed_program, seed_program

from symdiff import Symbol, cse, emit_dot, parse
from symdiff.emit.dot import MAX_LABEL


def test_golden_seed_graph():
    check_golden("seed_full.dot", seed_program().to_dot())


def test_golden_mixed_graph():
    check_golden("mixed.dot", emit_dot(mixed_program(), name="jacobian"))


def test_graph_is_the_program():
    program = mixed_program()
    graph = program.to_networkx()
    assert nx.is_directed_acyclic_graph(graph)
    assert [n for n, op in graph.nodes(data="op") if op == "input"] == ["theta", "x", "y"]
    assert [n for n, op in graph.nodes(data="op") if op == "output"] == [
        f"out:{k}" for k in range(4)
    ]
    assert graph.nodes["t1"] == {"op": "exp", "label": "t1 = exp(x*y)"}
    assert graph.nodes["out:3"]["label"].startswith("out[1][1] = ")
    assert set(graph.predecessors("t1")) == {"x", "y"}
    assert set(graph.successors("t1")) == {"out:0", "out:2"}
    constants = {n for n, op in graph.nodes(data="op") if op == "const"}
    assert constants == {"2", "1/3", "3", "-1", "1", "pi", "e", "-2"}


def test_long_labels_are_cut_and_quotes_escaped():
    x = Symbol("x")
    long_sum = sum((x**k for k in range(2, 40)), x)
    text = emit_dot(cse(long_sum), name='say "hi"')
    assert text.startswith('digraph "say \\"hi\\"" {')
    label = next(line for line in text.splitlines() if "out:0" in line and "label" in line)
    assert len(label.split('label="')[1].split('"')[0]) == MAX_LABEL
    assert label.split('label="')[1].split('"')[0].endswith("...")


def test_same_program_same_text():
    assert cse(parse("sin(x*y) + x*y")).to_dot() == cse(parse("sin(x*y) + x*y")).to_dot()


def test_deep_chain_graph():
    _, program = deep_chain()
    graph = program.to_networkx()
    assert graph.number_of_nodes() == len(program) + 3  # assignments, x, 1/2, out
    assert emit_dot(program).count("->") == graph.number_of_edges()
