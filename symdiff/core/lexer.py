"""The tokenizer handed to Lark: one regular expression built from the grammar's terminals.

Takes the terminal definitions Lark loaded from ``grammar/symdiff.lark`` and the text; yields
light tokens (a tuple: type, text, position) that Lark's LALR parser reads like its own.
Guarantees: the regular expression is made from the grammar, so a new terminal needs no change
here; implicit multiplications outside the documented ones raise ``SymdiffSyntaxError`` as
they are met (no separate pass over the tokens); a character no terminal matches raises
``SymdiffSyntaxError`` at its position.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from operator import itemgetter
from typing import Any, NoReturn

from lark.lexer import Lexer

from symdiff.core.errors import SymdiffSyntaxError

__all__ = ["GrammarLexer", "LexedToken", "character_hint", "current_text", "scan_tokens"]


class _Text(threading.local):
    """The text being parsed (one parse at a time per thread)."""

    text = ""


TEXT = _Text()


def current_text() -> str:
    """The text of the parse under way in this thread."""
    return TEXT.text


class LexedToken(tuple):
    """A token as a tuple ``(type, value, start_pos, text)``: made at C speed, read as Lark's."""

    __slots__ = ()
    type = property(itemgetter(0))
    value = property(itemgetter(1))
    start_pos = property(itemgetter(2))

    def __str__(self) -> str:
        return str(self[1])

    @property
    def line(self) -> int:
        return str(self[3]).count("\n", 0, self[2]) + 1

    @property
    def column(self) -> int:
        return self[2] - str(self[3]).rfind("\n", 0, self[2])

    @property
    def end_pos(self) -> int:
        return int(self[2]) + len(self[1])

    @property
    def end_line(self) -> int:
        return self.line

    @property
    def end_column(self) -> int:
        return self.column + len(self[1])


#: Pairs of side-by-side tokens that are not an implicit multiplication, or may not be one.
_CHECK_AFTER = {
    "NAME": {"NAME", "NUMBER"},
    "NUMBER": {"NUMBER", "NAME", "LPAR"},
    "RPAR": {"NUMBER"},
}


def _pattern(terminals: list, ignore: list[str]) -> tuple[re.Pattern[str], frozenset[str]]:
    """One alternation of the terminals, ordered as Lark's own lexer orders them."""
    ordered = sorted(
        terminals,
        key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name),
    )
    source = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in ordered)
    return re.compile(source), frozenset(ignore)


class GrammarLexer(Lexer):
    """Lark's ``lexer=``: a single-regex scanner over the grammar's terminals."""

    __future_interface__ = 2

    def __init__(self, lexer_conf: Any) -> None:
        self.pattern, self.ignore = _pattern(list(lexer_conf.terminals), list(lexer_conf.ignore))

    def lex(self, lexer_state: Any, parser_state: Any) -> Iterator[Any]:  # LexedTokens
        text = TEXT.text
        match = self.pattern.match
        ignore = self.ignore
        check = _CHECK_AFTER
        end = len(text)
        pos = 0
        last = LexedToken(("", "", 0, text))
        while pos < end:
            found = match(text, pos)
            if found is None:
                _bad_character(text, pos)
            kind = found.lastgroup
            start, pos = pos, found.end()
            if kind in ignore:
                continue
            token = LexedToken((kind, found.group(), start, text))
            if last[0] in check and kind in check[last[0]]:
                _check_pair(text, last, token)
            last = token
            yield token


def scan_tokens(lexer: GrammarLexer, text: str, stop: int) -> list[LexedToken]:
    """The tokens of ``text`` that start before ``stop`` (for error messages; no checks)."""
    tokens, pos = [], 0
    while pos < min(stop, len(text)):
        found = lexer.pattern.match(text, pos)
        if found is None:
            break
        if found.lastgroup not in lexer.ignore:
            tokens.append(LexedToken((found.lastgroup, found.group(), pos, text)))
        pos = found.end()
    return tokens


def _bad_character(text: str, where: int) -> NoReturn:
    raise SymdiffSyntaxError(
        f"unexpected character {text[where]!r}", text, where, hint=character_hint(text, where)
    )


def character_hint(text: str, where: int) -> str:
    """The hint for a character no terminal matches: ``=`` (an equation, an assignment,
    ``==``, ``!=``, ``=<``) gets the spelling expressions use instead.

    >>> character_hint("x = 1", 2)
    'an expression has no =: for x == 1 write eq(x, 1); for a value of x, evaluate(..., x=1)'
    >>> character_hint("a != b", 2)
    'for a != b write ne(a, b)'
    """
    char, after = text[where], text[where + 1 : where + 2]
    if char == "!" and after == "=":
        left, right = _sides(text, where, 2)
        return f"for {left} != {right} write ne({left}, {right})"
    if char != "=":
        return "operators are + - * / ^ (or **); names use letters, digits and _"
    if after in ("<", ">"):
        return f"comparisons are < <= > >=: write {after}= for ={after}"
    left, right = _sides(text, where, 2 if after == "=" else 1)
    hint = f"for {left} == {right} write eq({left}, {right})"
    if after == "=":
        return hint
    if not (left.isidentifier() and text[:where].strip() and text[where + 1 :].strip()):
        return f"an expression has no =: {hint}"
    return f"an expression has no =: {hint}; for a value of {left}, evaluate(..., {left}={right})"


def _sides(text: str, where: int, width: int) -> tuple[str, str]:
    """The text on either side of an operator at ``where`` (one line, shortened)."""
    left = text[:where].rsplit("\n", 1)[-1][-20:].strip() or "a"
    right = text[where + width :].split("\n", 1)[0][:20].strip() or "b"
    return left, right


def _check_pair(text: str, left: LexedToken, token: LexedToken) -> None:
    """Raise for the juxtapositions that do not multiply (see ``symdiff.core.parse``)."""
    before, kind, start = left[0], token[0], token[2]
    if before == "NAME":
        raise SymdiffSyntaxError(
            f"'{left[1]}' and '{token[1]}' stand side by side",
            text,
            start,
            hint=f"write {left[1]}*{token[1]} to multiply (or {left[1]}{token[1]} for one name)",
        )
    if kind == "NUMBER":
        raise SymdiffSyntaxError(
            f"a number cannot follow {'a number' if before == 'NUMBER' else ')'} here",
            text,
            start,
            hint="write * between the factors",
        )
    if text[: left[2]].rstrip(" \t\r\n+-").endswith(("^", "**")):
        raise SymdiffSyntaxError(
            "implicit multiplication after an exponent is ambiguous",
            text,
            start,
            hint=f"write ^({left[1]}*{token[1]}...) or ^{left[1]}*{token[1]}... to say which",
        )
