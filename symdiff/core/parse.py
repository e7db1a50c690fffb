"""Parsing: text to ``Expr`` with the Lark LALR grammar in ``grammar/symdiff.lark``.

Takes text, returns an ``Expr`` built during parsing: Lark builds the LALR(1) table from the
grammar (once), ``symdiff.core.lalr`` runs it over the tokens of one regular expression, and
the callbacks in ``symdiff.core.reductions`` build the nodes on the parser's stack, so no tree
is made or walked recursively: 100,000 nested parentheses parse. Guarantees: every problem
with the text raises a ``SymdiffSyntaxError`` (or a subclass) with line, column, a caret
under the offending character and plain words, never a Lark exception.

Decisions about juxtaposition (implicit multiplication):

- a number or a closing parenthesis followed by a name, a call or an opening parenthesis
  multiplies: ``4x``, ``2(x+1)``, ``(x+1)(x-1)``, ``3sin(x)``, ``2pi``, ``(a+b)c``;
- juxtaposition binds tighter than ``*`` and ``/`` (as in Julia): ``1/2x`` is ``1/(2x)``, and
  looser than ``^``: ``2x^2`` is ``2*(x^2)``;
- two names side by side (``x y``), a name then a number (``x 2``), two numbers (``2 3``) and
  a number juxtaposed after an exponent (``2^3x``: ``2^(3x)`` or ``(2^3)x``?) are errors;
- ``x(1+x)`` where ``x`` is not a function is an error (write ``x*(1+x)``).

``log(x, b)`` is the logarithm to base ``b`` and is read as ``log(x)/log(b)``.
"""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path

from lark import Lark

from symdiff.core.errors import (
    ArgumentError,
    InputTooLargeError,
    SymdiffSyntaxError,
    check_int,
    describe,
)
from symdiff.core.expr import Expr
from symdiff.core.lalr import END, Stop, Tables, compile_tables, run
from symdiff.core.lexer import (
    CHECK_AFTER,
    UNMATCHED,
    LexedToken,
    character_hint,
    check_pair,
    scan_tokens,
)
from symdiff.core.reductions import LEAVES, MAX_LITERAL_DIGITS, REDUCTIONS, finish

__all__ = ["MAX_INPUT_LENGTH", "MAX_LITERAL_DIGITS", "grammar_path", "parse"]

#: Default limit on the length of text given to ``parse`` (characters): 2 MB, so the
#: 1,048,571-character swell text parses, and untrusted text still costs seconds at most;
#: pass ``max_length`` for more (or less, for input from strangers).
MAX_INPUT_LENGTH = 2_000_000

_OPERAND_START = {"NUMBER", "NAME", "LPAR", "MINUS", "PLUS"}
_WORDS = {
    "PLUS": "'+'",
    "MINUS": "'-'",
    "STAR": "'*'",
    "SLASH": "'/'",
    "POW": "'^'",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "CMP_OP": "a comparison",
    "NUMBER": "a number",
    "NAME": "a name",
}


def grammar_path() -> Path:
    """Where the grammar is: inside the installed package, else the repository's ``grammar/``."""
    packaged = resources.files("symdiff") / "grammar" / "symdiff.lark"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "grammar" / "symdiff.lark"


_LARK: Lark | None = None
_TABLES: Tables | None = None
_LOCK = threading.Lock()


def grammar_lark() -> Lark:
    """Lark's LALR parser for the grammar, built once (it is read, never run, by ``parse``)."""
    _build()
    assert _LARK is not None
    return _LARK


def _tables() -> Tables:
    """The parse tables, built once; they are never changed, so threads share them."""
    if _TABLES is None:
        _build()
    assert _TABLES is not None
    return _TABLES


def _build() -> None:
    global _LARK, _TABLES
    with _LOCK:
        if _TABLES is not None:  # another thread built them while this one waited
            return
        lark = Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", lexer="basic")
        _TABLES = compile_tables(lark, REDUCTIONS, CHECK_AFTER, check_pair, LEAVES)
        _LARK = lark


def parse(text: str | Expr, *, max_length: int = MAX_INPUT_LENGTH) -> Expr:
    """Parse text into an expression (an ``Expr`` is returned unchanged).

    Args:
        text: the expression, e.g. ``"x^2*sin(x) + 4x"``.
        max_length: refuse longer text with ``InputTooLargeError`` (a non-negative int).

    Returns:
        The expression, built exactly as written (nothing simplified).

    Raises:
        SymdiffSyntaxError: with line, column and a caret under the offending character.
        ArgumentError: ``text`` is not text, or ``max_length`` not a non-negative integer.

    >>> str(parse("4x + 2(x+1)"))
    '4*x + 2*(x + 1)'
    >>> parse("x +")
    Traceback (most recent call last):
    ...
    symdiff.core.errors.SymdiffSyntaxError: line 1, column 4: expected an operand after '+'
      x +
         ^
    """
    max_length = check_int("max_length", max_length, minimum=0)
    if isinstance(text, Expr):
        return text
    if not isinstance(text, str):
        raise ArgumentError(f"parse() takes text (a str) or an Expr; text is {describe(text)}")
    if len(text) > max_length:
        raise InputTooLargeError(
            f"input is {len(text)} characters long; the limit is {max_length} (max_length=...)"
        )
    if not text.strip():
        raise SymdiffSyntaxError("empty input: expected an expression", text, 0)
    tables = _tables()
    try:
        return finish(run(tables, text))
    except Stop as stop:
        raise _syntax_error(tables, text, stop) from None


class _Context:
    """What an error message needs: the open parentheses and the token before the error,
    found again by scanning the text up to the error (so the parse itself keeps no state)."""

    def __init__(self, tokens: list[LexedToken]) -> None:
        self.opened: list[LexedToken] = []
        for token in tokens:
            if token.type == "LPAR":
                self.opened.append(token)
            elif token.type == "RPAR" and self.opened:
                self.opened.pop()
        self.last = tokens[-1] if tokens else None
        self.previous = tokens[-2] if len(tokens) > 1 else None


def _syntax_error(tables: Tables, text: str, stop: Stop) -> SymdiffSyntaxError:
    if stop.name == UNMATCHED:
        where = stop.start
        hint = character_hint(text, where)
        return SymdiffSyntaxError(f"unexpected character {text[where]!r}", text, where, hint=hint)
    at_end = stop.name == END
    token = LexedToken((stop.name, stop.value, stop.start, text))
    stop_at = len(text) if at_end else stop.start + 1
    lexer = _Context(scan_tokens(tables.pattern, tables.ignored, text, stop_at))
    expected = stop.expected
    pos = len(text.rstrip()) if at_end else token.start_pos
    previous = lexer.last if at_end else _before(lexer, token)
    if at_end and lexer.opened:
        opener = lexer.opened[-1]
        if "RPAR" in expected:
            return SymdiffSyntaxError(
                f"missing ')' to close the '(' at column {opener.column}", text, pos
            )
    if token.type == "CMP_OP":
        return SymdiffSyntaxError(
            f"comparisons cannot be chained: unexpected '{token}'",
            text,
            pos,
            hint="write logical_and(a < b, b < c) for a < b < c",
        )
    if token.type == "RPAR":
        if previous is not None and previous.type == "LPAR":
            return SymdiffSyntaxError("empty parentheses: expected an expression", text, pos)
        if not lexer.opened:
            return SymdiffSyntaxError("unmatched ')'", text, pos, hint="remove it or add a '('")
    if expected & _OPERAND_START:
        after = f" after '{previous}'" if previous else ""
        return SymdiffSyntaxError(f"expected an operand{after}", text, pos)
    got = "end of input" if at_end else _WORDS.get(token.type, repr(str(token)))
    return SymdiffSyntaxError(f"unexpected {got}: expected an operator", text, pos)


def _before(lexer: _Context, token: LexedToken) -> LexedToken | None:
    """The token before ``token`` (the scan stopped just after ``token``)."""
    if lexer.last is None or lexer.last[2] != token.start_pos:
        return lexer.last
    return lexer.previous
