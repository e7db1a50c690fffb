"""Parsing: text to ``Expr`` with the Lark LALR grammar in ``grammar/symdiff.lark``.

Takes text, returns an ``Expr`` built during parsing (the transformer runs on the parser's
stack, so no tree is walked recursively: 100,000 nested parentheses parse). Guarantees: every
problem with the text raises a ``SymdiffSyntaxError`` (or a subclass) with line, column, a
caret under the offending character and plain words, never a Lark exception.

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
from typing import NoReturn, cast

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput

from symdiff.core.conditions import ALIASES, INFIX
from symdiff.core.errors import (
    ArgumentError,
    ArityError,
    InputTooLargeError,
    SymdiffSyntaxError,
    UnknownFunctionError,
    check_int,
    describe,
)
from symdiff.core.expr import (
    CONSTANT_VALUES,
    Add,
    Call,
    Const,
    Expr,
    Mul,
    Number,
    Pow,
    Symbol,
    divide,
    negate,
    product_chain,
)
from symdiff.core.functions import REGISTRY, suggest_function
from symdiff.core.lexer import TEXT, GrammarLexer, LexedToken, character_hint, scan_tokens

__all__ = ["MAX_INPUT_LENGTH", "MAX_LITERAL_DIGITS", "grammar_path", "parse"]

#: Default limit on the length of text given to ``parse`` (characters): 2 MB, so the
#: 1,048,571-character swell text parses, and untrusted text still costs seconds at most;
#: pass ``max_length`` for more (or less, for input from strangers).
MAX_INPUT_LENGTH = 2_000_000

#: Longest integer literal (digits). Above Python's own int-from-text limit (4300 digits) so
#: that every number folding can make (``MAX_EXACT_BITS`` bits, 6021 digits) reads back.
MAX_LITERAL_DIGITS = 10_000

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


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _integer(digits: str) -> int:
    """``int(digits)`` in pieces below Python's int-from-text limit (at least 640 digits)."""
    value = 0
    for start in range(0, len(digits), 600):
        piece = digits[start : start + 600]
        value = value * 10 ** len(piece) + int(piece)
    return value


def _finish(item: Expr | list[Expr]) -> Expr:
    return product_chain(item) if isinstance(item, list) else item


def _chain(item: Expr | list[Expr]) -> list[Expr]:
    return item if isinstance(item, list) else [item]


class _Build(Transformer):
    """Builds nodes on the parser stack. A list is an open product chain (no parentheses)."""

    @property
    def text(self) -> str:
        return _STATE.text

    def number(self, children: list[Token]) -> Expr:
        token = children[0]
        literal = str(token)
        if any(c in literal for c in ".eE"):
            return Number(float(literal))
        if len(literal) > MAX_LITERAL_DIGITS:
            raise InputTooLargeError(
                f"number literal at line {token.line}, column {token.column} has"
                f" {len(literal)} digits; the limit is {MAX_LITERAL_DIGITS}"
            )
        return Number(_integer(literal))

    def name(self, children: list[Token]) -> Expr:
        token = children[0]
        word = str(token)
        if not word.isidentifier():  # the lexer's \w also takes "²", "½", ...
            bad = next(i for i in range(len(word)) if not word[: i + 1].isidentifier())
            power = f"; for a power write {word[:bad]}^..." if bad else ""
            raise SymdiffSyntaxError(
                f"'{word[bad]}' cannot be part of a name",
                self.text,
                cast(int, token.start_pos) + bad,  # lexer tokens always have a position
                hint=f"names use letters, digits and _{power}",
            )
        if word in CONSTANT_VALUES:
            return Const(word)
        if word in REGISTRY or word in ALIASES:
            raise SymdiffSyntaxError(
                f"'{token}' is a function and needs arguments",
                self.text,
                token.start_pos,
                hint=f"write {token}(...)",
            )
        return Symbol(str(token))

    def call(self, children: list) -> Expr:
        token, _, args, _ = children
        name = ALIASES.get(str(token), str(token))
        if name == "log" and len(args) == 2:
            log = REGISTRY["log"]
            return Mul(Call(log, args[0]), Pow(Call(log, args[1]), -1))
        function = REGISTRY.get(name)
        if function is None:
            self._not_a_function(token)
        if not function.accepts(len(args)):
            wanted = "1 or 2 arguments" if name == "log" else _plural(function.arity, "argument")
            raise ArityError(
                f"{name}() takes {wanted}, got {len(args)}", self.text, token.start_pos
            )
        return Call(function, *args)

    def _not_a_function(self, token: Token) -> NoReturn:
        name = str(token)
        close = suggest_function(name)
        hint = f"did you mean {close}(...)? " if close else ""
        raise UnknownFunctionError(
            f"'{name}' is not a function",
            self.text,
            token.start_pos,
            hint=f"{hint}to multiply, write {name}*(...)",
        )

    def args(self, children: list) -> list[Expr]:
        return [_finish(c) for c in children if not isinstance(c, LexedToken)]

    def paren(self, children: list) -> Expr:
        return _finish(children[1])

    def sum(self, children: list) -> Expr:
        if len(children) == 1:
            return _finish(children[0])
        terms = [_finish(children[0])]
        for sign, term in zip(children[1::2], children[2::2], strict=True):
            terms.append(negate(term) if sign.type == "MINUS" else _finish(term))
        return Add(*terms)

    def compare(self, children: list) -> Expr:
        left, operator, right = children
        name = next(n for n, symbol in INFIX.items() if symbol == str(operator))
        return Call(REGISTRY[name], left, right)

    def neg(self, children: list) -> Expr:
        return negate(children[1])

    def pos(self, children: list) -> Expr | list[Expr]:
        return children[1]

    def product(self, children: list) -> Expr | list[Expr]:
        chain = list(_chain(children[0]))
        for operator, factor in zip(children[1::2], children[2::2], strict=True):
            if operator.type == "STAR":
                chain.extend(_chain(factor))
            else:
                chain = divide(chain, _finish(factor))
        return chain if len(chain) > 1 else chain[0]

    def implicit(self, children: list) -> Expr | list[Expr]:
        if len(children) == 1:
            return children[0]
        chain: list[Expr] = []
        for child in children:
            chain.extend(_chain(child))
        return chain

    def pow(self, children: list) -> Expr:
        return Pow(_finish(children[0]), _finish(children[2]))


_STATE = TEXT
_PARSER: Lark | None = None
_PARSER_LOCK = threading.Lock()


def _parser() -> Lark:
    """The parser, built once. Lark's LALR parser keeps each parse's state apart, and ours
    (``_Build`` and the text in ``_STATE``) is per thread, so threads share it."""
    if _PARSER is None:
        _build_parser()
    return cast(Lark, _PARSER)


def _build_parser() -> None:
    global _PARSER
    with _PARSER_LOCK:
        if _PARSER is not None:  # another thread built it while this one waited
            return
        parser = Lark(
            grammar_path().read_text(encoding="utf-8"),
            parser="lalr",
            lexer=GrammarLexer,
            transformer=_Build(),
        )
        _STATE.text = "x"
        parser.parse("x")  # builds the lexer's scanner (made lazily) before threads share it
        _PARSER = parser


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
    parser = _parser()
    _STATE.text = text
    try:
        # the transformer builds Exprs on the parser stack, not a Tree
        return _finish(cast("Expr | list[Expr]", parser.parse(text)))
    except UnexpectedInput as error:
        raise _syntax_error(error, text, _context(parser, error, text)) from None
    except LarkError as error:  # anything else Lark could raise is still a syntax error
        raise SymdiffSyntaxError(
            f"cannot parse this text ({type(error).__name__})", text, 0
        ) from None


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


def _context(parser: Lark, error: UnexpectedInput, text: str) -> _Context:
    token = getattr(error, "token", None)
    stop = len(text) if token is None or token.type == "$END" else token.start_pos + 1
    lexer = cast(GrammarLexer, parser.parser.lexer)
    return _Context(scan_tokens(lexer, text, stop))


def _syntax_error(error: UnexpectedInput, text: str, lexer: _Context) -> SymdiffSyntaxError:
    if isinstance(error, UnexpectedCharacters):
        where = cast(int, error.pos_in_stream)  # the lexer always sets it
        char = text[where] if where < len(text) else ""
        return SymdiffSyntaxError(
            f"unexpected character {char!r}",
            text,
            where,
            hint=character_hint(text, where) if char else None,
        )
    token: Token | None = getattr(error, "token", None)
    expected = set(getattr(error, "expected", ()) or ())
    at_end = token is None or token.type == "$END"
    pos = len(text.rstrip()) if token is None or at_end else token.start_pos
    previous = lexer.last if at_end else _before(lexer, token)
    if at_end and lexer.opened:
        opener = lexer.opened[-1]
        if "RPAR" in expected:
            return SymdiffSyntaxError(
                f"missing ')' to close the '(' at column {opener.column}", text, pos
            )
    if token is not None and token.type == "CMP_OP":
        return SymdiffSyntaxError(
            f"comparisons cannot be chained: unexpected '{token}'",
            text,
            pos,
            hint="write logical_and(a < b, b < c) for a < b < c",
        )
    if token is not None and token.type == "RPAR":
        if previous is not None and previous.type == "LPAR":
            return SymdiffSyntaxError("empty parentheses: expected an expression", text, pos)
        if not lexer.opened:
            return SymdiffSyntaxError("unmatched ')'", text, pos, hint="remove it or add a '('")
    if expected & _OPERAND_START:
        after = f" after '{previous}'" if previous else ""
        return SymdiffSyntaxError(f"expected an operand{after}", text, pos)
    got = "end of input" if token is None or at_end else _WORDS.get(token.type, repr(str(token)))
    return SymdiffSyntaxError(f"unexpected {got}: expected an operator", text, pos)


def _before(lexer: _Context, token: Token | None) -> LexedToken | None:
    """The token before ``token`` (the scan stopped just after ``token``)."""
    if lexer.last is None or token is None or lexer.last[2] != token.start_pos:
        return lexer.last
    return lexer.previous
