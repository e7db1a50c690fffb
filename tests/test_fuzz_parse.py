"""Fuzzing the parser: any text gives an ``Expr`` or a ``SymdiffError``, never anything else.

Random printable and unprintable text (unicode, control characters, lone surrogates), a soup
of the grammar's own characters, and grammar-aware mutations of valid expressions (truncate,
swap, duplicate, delete, insert tokens). A longer run: ``python benchmarks/fuzz_long.py``.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hostile_inputs import (
    allowed,
    hostile_texts,
    mutated_texts,
    random_text,
    run_cli,
    syntax_soup,
    time_bound,
    tokens,
    valid_texts,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from symdiff import Expr, parse
from symdiff.core.errors import InputTooLargeError, SymdiffError, SymdiffSyntaxError

FUZZ = settings(
    max_examples=200,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def check_parse(text: str) -> Expr | SymdiffError:
    """Parse within a time bound; a syntax error must point inside the text."""
    with time_bound(10):
        result = allowed(lambda: parse(text))
    if isinstance(result, SymdiffSyntaxError) and result.pos is not None:
        assert 1 <= result.line <= text.count("\n") + 1
        assert result.column >= 1
        assert "^" in str(result), "no caret under the offending character"
    if isinstance(result, Expr):
        assert parse(str(result)) is result
    return result


@FUZZ
@given(random_text)
@example("\x00")
@example("\ud800")
@example("x\u2028y")
@example("\ufeffx")
@example("𝑥 + ℌ")
def test_random_text(text):
    check_parse(text)


@FUZZ
@given(syntax_soup)
@example("2^^2")
@example("1e")
@example(".e5")
@example("sin(x,)")
@example("((((")
@example("))))")
def test_syntax_soup(text):
    check_parse(text)


@FUZZ
@given(valid_texts)
def test_valid_expressions_parse(text):
    assert isinstance(check_parse(text), Expr | InputTooLargeError), text


@FUZZ
@given(mutated_texts())
def test_mutated_expressions(text):
    check_parse(text)


def test_tokens_join_back():
    text = "2x^-3 + sin(θ_1)**2/1.5e-3 - (a,b)"
    assert "".join(tokens(text)) == text
    assert tokens("x**2") == ["x", "**", "2"]


@settings(FUZZ, max_examples=100)
@given(hostile_texts)
def test_command_line_never_raises(text):
    for argv in (["parse", text], ["parse", "--repr", text], ["eval", text, "x=1"]):
        run_cli(argv)


@settings(FUZZ, max_examples=50)
@given(st.integers(0, 50), hostile_texts)
def test_max_length_is_checked_before_anything_else(limit, text):
    if len(text) > limit:
        with pytest.raises(InputTooLargeError, match=f"the limit is {limit}"):
            parse(text, max_length=limit)


@pytest.mark.parametrize("thing", [b"x+1", None, 3, 2.5, ["x"], {"x": 1}, object()])
def test_not_text(thing):
    with pytest.raises(SymdiffError, match="parse\\(\\) takes text"):
        parse(thing)
