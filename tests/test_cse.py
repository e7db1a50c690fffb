"""CSE: Wengert lists that share, preserve the outputs exactly, and check their invariant."""

from __future__ import annotations

import networkx as nx
import pytest
from deep_chain import DEPTH, deep_chain
from hypothesis import given
from hypothesis import strategies as st
from strategies import exprs

from symdiff import (
    REGISTRY,
    Add,
    Assign,
    Mul,
    Op,
    Program,
    ProgramError,
    Symbol,
    SymdiffError,
    count_ops,
    cse,
    parse,
    symbols,
)
from symdiff.core.traverse import postorder
from symdiff.program.cse import MAX_INLINE_DEPTH, as_program

x, y, z = symbols("x y z")
sin = REGISTRY["sin"]

# The seed talk's raw derivative of (1 + x)/(2x^2) and its nine-step Wengert list y_1 ... y_9.
SEED_DERIVATIVE = "(2*x^2 - (1 + x)*(2*(2x)))/(2*x^2)^2"


def test_seed_slide_full_ssa_is_nine_steps():
    program = cse(parse(SEED_DERIVATIVE), full=True)
    assert str(program) == "\n".join(
        [
            "t1 = x^2",
            "t2 = 2*t1",
            "t3 = 1 + x",
            "t4 = 2*x",
            "t5 = 2*t4",
            "t6 = -t3*t5",
            "t7 = t2 + t6",
            "t8 = 1/t2^2",
            "t9 = t7*t8",
            "out = t9",
        ]
    )
    assert program.count_ops() == count_ops(parse(SEED_DERIVATIVE), dag=True)


def test_default_shares_only_what_is_used_twice():
    program = cse(parse(SEED_DERIVATIVE))
    assert str(program) == "t1 = 2*x^2\nout = (t1 - (1 + x)*(2*(2*x)))/t1^2"


def test_repeated_squaring_tree_versus_program():
    t1 = Mul(x, x)
    t2 = Mul(t1, t1)
    f = Mul(t2, t2)
    program = cse(f)
    assert str(program) == "t1 = x*x\nt2 = t1*t1\nout = t2*t2"
    assert (program.count_ops(), program.count_ops(tree=True)) == (3, 7)


def test_negated_leaf_is_not_worth_a_temporary():
    minus_x = Mul(-1, x)
    program = cse([Add(minus_x, y), Mul(minus_x, z), sin(minus_x)])
    assert program.assignments == ()
    assert str(program) == "out[0] = -x + y\nout[1] = (-x)*z\nout[2] = sin(-x)"


def test_outputs_share_temporaries_and_an_output_can_be_one():
    s = sin(x * y)
    program = cse([s + 1, s * 2, s])
    assert str(program) == "t1 = sin(x*y)\nout[0] = t1 + 1\nout[1] = t1*2\nout[2] = t1"


def test_nested_outputs_keep_their_shape():
    program = cse([[x * y, sin(x * y)], [x, 2]])
    assert program.shape == (2, 2)
    assert program.index_labels() == ["out[0][0]", "out[0][1]", "out[1][0]", "out[1][1]"]
    assert program.expressions() == [[x * y, sin(x * y)], [x, parse("2")]]
    with pytest.raises(SymdiffError, match="rectangular"):
        cse([[x, y], [x]])


def test_temporaries_avoid_input_names():
    t1, t2 = symbols("t1 t2")
    shared = sin(t1 * t2)
    program = cse(shared + shared**2)
    assert str(program) == "t_1 = sin(t1*t2)\nout = t_1 + t_1^2"
    assert program.input_names == ("t1", "t2")


def test_inputs_sorted_or_given_and_checked():
    assert cse(parse("z + x*y")).input_names == ("x", "y", "z")
    assert cse(parse("z + x*y"), inputs=["z", "y", "x", "w"]).input_names == ("z", "y", "x", "w")
    with pytest.raises(ProgramError, match="y used but not among the inputs"):
        cse(parse("x*y"), inputs=["x"])
    with pytest.raises(ProgramError, match="twice"):
        cse(parse("x"), inputs=["x", "x"])
    assert as_program(parse("x*y"), "y x").input_names == ("y", "x")


def test_program_constructor_checks_the_invariant():
    t1, t2 = Symbol("t1"), Symbol("t2")
    ok = [Assign("t1", Op.POW, (x, 2)), Assign("t2", REGISTRY["sin"], (t1,))]
    assert str(Program([x], ok, t2 + t1)) == "t1 = x^2\nt2 = sin(t1)\nout = t2 + t1"
    with pytest.raises(ProgramError, match="t2 is neither an input nor assigned before"):
        Program([x], [Assign("t1", Op.ADD, (x, t2)), Assign("t2", Op.POW, (x, 2))], t1)
    with pytest.raises(ProgramError, match="t1 is assigned twice"):
        Program([x], [Assign("t1", Op.POW, (x, 2)), Assign("t1", Op.POW, (x, 3))], t1)
    with pytest.raises(ProgramError, match="x is an input"):
        Program([x], [Assign("x", Op.POW, (x, 2))], x)
    with pytest.raises(ProgramError, match="y is neither"):
        Program([x], [], x + y)
    with pytest.raises(ProgramError, match="not a valid temporary name"):
        Assign("t 1", Op.POW, (x, 2))
    with pytest.raises(ProgramError, match="operand"):
        Assign("t1", Op.ADD, (x,))
    with pytest.raises(ProgramError, match="sin takes 1 operand"):
        Assign("t1", REGISTRY["sin"], (x, y))
    with pytest.raises(ProgramError, match="must be an operation"):
        Assign.of("t1", x)


@given(st.lists(exprs(), min_size=1, max_size=4))
def test_cse_only_names_structure(roots):
    for full in (False, True):
        program = cse(roots, full=full)
        assert program.expressions() == roots
        assert program.count_ops(tree=True) == count_ops(roots)
        assert count_ops(roots, dag=True) <= program.count_ops() <= count_ops(roots)
        if full:
            assert program.count_ops() == count_ops(roots, dag=True)
            assert all(a.op is not Op.CALL and all(not o.args for o in a.operands) for a in program)


@given(exprs())
def test_every_temporary_is_shared_or_deep(expr):
    program = cse(expr)
    uses: dict[str, int] = {}
    for root in [*(a.expr for a in program), *program.outputs]:
        stack = [root]  # count uses with multiplicity (a tree walk of small right-hand sides)
        while stack:
            node = stack.pop()
            if node.op is Op.SYM:
                uses[node.value] = uses.get(node.value, 0) + 1
            stack.extend(node.args)
    for assign in program:
        depth = _depth(assign.expr)
        assert depth <= MAX_INLINE_DEPTH
        assert uses[assign.name] > 1 or depth == MAX_INLINE_DEPTH


def _depth(expr):
    depth = {}
    for node in postorder(expr):
        depth[node] = 1 + max((depth[a] for a in node.args), default=-1)
    return depth[expr]


def test_deep_chain_is_cut_into_bounded_steps():
    expr, program = deep_chain()
    assert len(program) == pytest.approx(DEPTH / MAX_INLINE_DEPTH, rel=0.05)
    assert max(_depth(a.expr) for a in program) == MAX_INLINE_DEPTH
    assert program.expressions() is expr


def test_deep_chain_full_ssa():
    expr, _ = deep_chain()
    program = cse(expr, full=True)
    assert len(program) == DEPTH
    assert program.count_ops() == DEPTH
    assert program.expressions() is expr


def test_networkx_graph_of_the_seed_slide():
    graph = cse(parse(SEED_DERIVATIVE), full=True).to_networkx()
    assert nx.is_directed_acyclic_graph(graph)
    assert graph.nodes["t9"] == {"op": "*", "label": "t9 = t7*t8"}
    assert graph.nodes["t3"]["op"] == "+" and graph.nodes["x"]["op"] == "input"
    assert graph.nodes["2"] == {"op": "const", "label": "2"}
    assert sorted(graph.predecessors("t6")) == ["-1", "t3", "t5"]
    assert list(graph.successors("t9")) == ["out:0"]
    assert graph.nodes["out:0"] == {"op": "output", "label": "out = t9"}
    ops = [graph.nodes[n]["op"] for n in graph if n.startswith("t")]
    assert ops == ["^", "*", "+", "*", "*", "*", "+", "^", "*"]


def test_repr_and_iteration():
    program = cse([sin(x) * sin(x), y])
    assert repr(program) == "<Program: 2 input(s), 1 assignment(s), 2 output(s)>"
    assert [a.name for a in program] == ["t1"] and len(program) == 1
    assert program.assignments[0] == Assign("t1", REGISTRY["sin"], (x,))
