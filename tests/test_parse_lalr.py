"""The parse loop: it takes Lark's own LALR actions, builds the nodes in its callbacks, stays
linear on long texts and keeps the grammar's forms (n-ary sums, product chains)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedToken

from symdiff import Add, Call, Mul, Number, Pow, SymdiffSyntaxError, parse, sin, symbols
from symdiff.core.functions import REGISTRY
from symdiff.core.lalr import Stop, compile_tables, run
from symdiff.core.lexer import UNMATCHED, check_pair
from symdiff.core.parse import grammar_lark

x, y, z, a, b, c = symbols("x y z a b c")

PIECES = [
    "x", "y", "2", "3.5", "1e-3", ".5", "sin", "log", "pi", "(", ")", "(", ")", "+", "-", "*",
    "/", "^", "**", ",", " ", "<", "<=", ">", "=", "$", "\n",
]  # fmt: skip


def _rule_names() -> set[str]:
    """Every rule's callback name, and the one-child ``?rule`` alternatives left out."""
    return {
        rule.alias or rule.origin.name
        for rule in grammar_lark().rules
        if rule.alias or not (rule.options.expand1 and len(rule.expansion) == 1)
    }


def _tree_callbacks() -> dict:
    def callback(name):
        return lambda *children: (name, *[_leaf(child) for child in children])

    return {name: callback(name) for name in _rule_names()}


def _leaf(child):
    return (child.lastgroup, child[0]) if hasattr(child, "lastgroup") else child


def _lark_tuple(node):
    if isinstance(node, Token):
        return (node.type, str(node))
    if isinstance(node, Tree):
        return (node.data, *[_lark_tuple(child) for child in node.children])
    return node


TREES = compile_tables(grammar_lark(), _tree_callbacks(), {}, lambda left, token: None)
LEAVES = compile_tables(
    grammar_lark(), _tree_callbacks(), {}, lambda left, token: None, frozenset({"name", "number"})
)


def _ours(text: str, tables=TREES):
    try:
        return ("ok", run(tables, text))
    except Stop as stop:
        if stop.name == UNMATCHED:
            return ("character", stop.start)
        return ("token", stop.name, stop.start if stop.name != "$END" else None, stop.expected)


def _lark(text: str):
    try:
        return ("ok", _lark_tuple(grammar_lark().parse(text)))
    except UnexpectedCharacters as error:
        return ("character", error.pos_in_stream)
    except UnexpectedToken as error:
        at_end = error.token.type == "$END"
        start = None if at_end else error.token.start_pos
        return ("token", error.token.type, start, frozenset(error.expected))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_the_loop_takes_larks_actions(text):
    # same trees, and on bad text the same token, position and expected terminals
    assert _ours(text) == _lark(text)
    assert _ours(text, LEAVES) == _lark(text)  # leaves reduced once per text: same values


@pytest.mark.parametrize(
    "text", ["x", "-2x^-y", "sin(x, y, 1/2)", "a < (b + c)(d)", "((x))", "2 3", "x+", ")", "=x"]
)
def test_the_loop_takes_larks_actions_examples(text):
    assert _ours(text) == _lark(text)


FORMS = [
    ("a + b + c", Add(a, b, c)),
    ("(a + b) + c", Add(Add(a, b), c)),
    ("a + (b + c)", Add(a, Add(b, c))),
    ("a - b + c - 2", Add(a, Mul(-1, b), c, -2)),
    ("2x*3y", Mul(2, x, 3, y)),
    ("x*2y/3", Mul(x, 2, y, Fraction(1, 3))),
    ("-2x*y", Mul(-2, x, y)),
    ("1/2/x", Mul(Fraction(1, 2), Pow(x, -1))),
    ("3/3/x", Pow(x, -1)),
    ("x*+2y", Mul(x, 2, y)),
    ("(2x)(3y)", Mul(Mul(2, x), Mul(3, y))),
    ("2(x)(y)", Mul(2, x, y)),
    ("x^2^-y", Pow(x, Pow(2, Mul(-1, y)))),
    ("sin(x)(y + 1)", Mul(sin(x), Add(y, 1))),
    ("atan2(a + b, 2c)", Call(REGISTRY["atan2"], Add(a, b), Mul(2, c))),
    ("a + b < 2c", Call(REGISTRY["lt"], Add(a, b), Mul(2, c))),
    ("-(a + b)", Mul(-1, Add(a, b))),
    ("+(a)", a),
]


@pytest.mark.parametrize(("text", "expected"), FORMS, ids=[t for t, _ in FORMS])
def test_forms(text, expected):
    assert parse(text) is expected


def test_swell_text_of_a_megabyte_parses_by_default():
    node = x
    for _ in range(18):
        node = Mul(node, node)
    text = str(node)
    assert len(text) == 1_048_571
    assert parse(text) is node


def test_many_juxtapositions_stay_linear():
    # each "2x" and "2(" looks back for an exponent; the look-back stops at the first token
    terms = 100_000
    node = parse("+".join(["2x", "3(y)", "-4x^-2"] * (terms // 3)))
    assert len(node.args) == terms // 3 * 3
    assert node.args[:3] == (Mul(2, x), Mul(3, y), Mul(-4, Pow(x, -2)))


@pytest.mark.parametrize(
    ("text", "column"), [("2^ - 3x", 7), ("2**+\n3(", 2), ("x^ \t-2(y)", 7), ("2^3 (x)", 5)]
)
def test_implicit_product_after_an_exponent(text, column):
    with pytest.raises(SymdiffSyntaxError, match="after an exponent is ambiguous") as info:
        parse(text)
    assert info.value.column == column


def test_juxtaposition_without_exponent_multiplies():
    assert parse("2^x * 3(y)") is Mul(Pow(2, x), 3, y)
    assert parse("x^2 - 3x") is Add(Pow(x, 2), Mul(-3, x))


def test_check_pair_is_called_before_the_second_token_is_acted_on():
    seen = []
    tables = compile_tables(
        grammar_lark(), _tree_callbacks(), {"NAME": {"NAME"}}, lambda *pair: seen.append(pair)
    )
    left = ("juxtapose", ("name", ("NAME", "a")), ("name", ("NAME", "b")))
    assert run(tables, "a b c") == ("juxtapose", left, ("name", ("NAME", "c")))
    assert [(left[0], token[0]) for left, token in seen] == [("a", "b"), ("b", "c")]
    tables = compile_tables(grammar_lark(), _tree_callbacks(), {"NAME": {"NAME"}}, check_pair)
    with pytest.raises(SymdiffSyntaxError, match="'a' and 'b' stand side by side"):
        run(tables, "a b")


def test_every_rule_needs_a_callback():
    callbacks = _tree_callbacks()
    del callbacks["paren"]
    with pytest.raises(ValueError, match="no callback for the grammar rule 'paren'"):
        compile_tables(grammar_lark(), callbacks, {}, check_pair)


def test_a_leaf_is_reduced_once_per_text():
    calls = []
    callbacks = _tree_callbacks()
    name = callbacks["name"]
    callbacks["name"] = lambda token: calls.append(token.start()) or name(token)
    tables = compile_tables(grammar_lark(), callbacks, {}, check_pair, frozenset({"name"}))
    assert run(tables, "x*y + x*y*x") == _lark_tuple(grammar_lark().parse("x*y + x*y*x"))
    assert calls == [0, 2]


def test_nodes_are_interned_across_parses():
    assert parse("x*y + 2") is parse("x*y+2")
    assert parse("sin(x)^2").args[0] is parse("sin(x)")
    assert parse("3/4") is Number(Fraction(3, 4))
