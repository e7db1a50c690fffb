"""The parser's callbacks: for each rule of ``grammar/symdiff.lark``, the node it builds.

Takes the values of a rule's symbols (nodes, open chains, and for terminals the lexer's match
objects); returns the rule's value. Guarantees: nodes are built as written (nothing is
simplified); names, numbers and calls are checked as they are reduced, with errors that point
at the token. Two values stay open until a parenthesis, an argument or the end closes them:
a ``list`` is a product chain (so that ``-2*x`` is ``Mul(-2, x)`` and ``3/4`` folds) and a
``Terms`` list is a sum (so that ``a + b + c`` is one n-ary ``Add``). Each step appends to
the open list in place: a chain of n operators costs O(n).

>>> from symdiff.core.parse import parse
>>> str(parse("a - 2b/3 + c"))
'a - 2*b/3 + c'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

from symdiff.core.conditions import ALIASES, INFIX
from symdiff.core.errors import (
    ArityError,
    InputTooLargeError,
    SymdiffSyntaxError,
    UnknownFunctionError,
)
from symdiff.core.expr import (
    CONSTANT_VALUES,
    Call,
    Const,
    Expr,
    Mul,
    Number,
    Op,
    Pow,
    _intern,
    divide,
    negate,
)
from symdiff.core.functions import REGISTRY, suggest_function

__all__ = ["LEAVES", "MAX_LITERAL_DIGITS", "REDUCTIONS", "Terms", "finish"]

#: Longest integer literal (digits). Above Python's own int-from-text limit (4300 digits) so
#: that every number folding can make (``MAX_EXACT_BITS`` bits, 6021 digits) reads back.
MAX_LITERAL_DIGITS = 10_000

_COMPARISONS = {symbol: name for name, symbol in INFIX.items()}


class Terms(list):
    """The terms of an open sum (a list, so that the next term is appended in place)."""

    __slots__ = ()


def finish(item: Any) -> Expr:
    """Close an open product chain or sum into one node (a node is returned as it is).

    >>> from symdiff.core.expr import Number, Symbol
    >>> str(finish(Terms([Symbol("x"), finish([Number(2), Symbol("y")])])))
    'x + 2*y'
    """
    kind = type(item)
    if kind is list:  # (product_chain, inline: this is the parser's most frequent step)
        return _intern(Op.MUL, None, tuple(item)) if len(item) > 1 else item[0]
    if kind is Terms:
        return _intern(Op.ADD, None, tuple(item))
    return item


def _line_column(token: Any) -> tuple[int, int]:
    text, start = token.string, token.start()
    return text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)


def _integer(digits: str) -> int:
    """``int(digits)`` in pieces below Python's int-from-text limit (at least 640 digits)."""
    value = 0
    for start in range(0, len(digits), 600):
        piece = digits[start : start + 600]
        value = value * 10 ** len(piece) + int(piece)
    return value


def _number(token: Any) -> Expr:
    literal = token[0]
    if not literal.isdecimal():  # a ".", "e" or "E": a float
        return Number(float(literal))
    if len(literal) > MAX_LITERAL_DIGITS:
        line, column = _line_column(token)
        raise InputTooLargeError(
            f"number literal at line {line}, column {column} has"
            f" {len(literal)} digits; the limit is {MAX_LITERAL_DIGITS}"
        )
    return Number(_integer(literal) if len(literal) > 600 else int(literal))


def _name(token: Any) -> Expr:
    word = token[0]
    if not word.isidentifier():  # the lexer's \w also takes "²", "½", ...
        bad = next(i for i in range(len(word)) if not word[: i + 1].isidentifier())
        power = f"; for a power write {word[:bad]}^..." if bad else ""
        raise SymdiffSyntaxError(
            f"'{word[bad]}' cannot be part of a name",
            token.string,
            token.start() + bad,
            hint=f"names use letters, digits and _{power}",
        )
    if word in CONSTANT_VALUES:
        return Const(word)
    if word in REGISTRY or word in ALIASES:
        raise SymdiffSyntaxError(
            f"'{word}' is a function and needs arguments",
            token.string,
            token.start(),
            hint=f"write {word}(...)",
        )
    return _intern(Op.SYM, word, ())  # Symbol(word): the checks above are its checks


def _call(token: Any, _open: Any, args: list[Expr], _close: Any) -> Expr:
    word = token[0]
    name = ALIASES.get(word, word)
    if name == "log" and len(args) == 2:
        log = REGISTRY["log"]
        return Mul(Call(log, args[0]), Pow(Call(log, args[1]), -1))
    function = REGISTRY.get(name)
    if function is None:
        _not_a_function(token)
    if not function.accepts(len(args)):
        wanted = "1 or 2 arguments" if name == "log" else _plural(function.arity, "argument")
        raise ArityError(f"{name}() takes {wanted}, got {len(args)}", token.string, token.start())
    return Call(function, *args)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _not_a_function(token: Any) -> NoReturn:
    name = token[0]
    close = suggest_function(name)
    hint = f"did you mean {close}(...)? " if close else ""
    raise UnknownFunctionError(
        f"'{name}' is not a function",
        token.string,
        token.start(),
        hint=f"{hint}to multiply, write {name}*(...)",
    )


def _first_argument(value: Any) -> list[Expr]:
    return [finish(value)]


def _next_argument(args: list[Expr], _comma: Any, value: Any) -> list[Expr]:
    args.append(finish(value))
    return args


def _paren(_open: Any, value: Any, _close: Any) -> Expr:
    if type(value) is list:  # finish(value), inline: the most frequent reduction of all
        return _intern(Op.MUL, None, tuple(value)) if len(value) > 1 else value[0]
    return finish(value)


def _add(left: Any, _plus: Any, right: Any) -> Terms:
    if type(left) is Terms:
        left.append(finish(right))
        return left
    return Terms((finish(left), finish(right)))


def _subtract(left: Any, _minus: Any, right: Any) -> Terms:
    if type(left) is Terms:
        left.append(negate(right))
        return left
    return Terms((finish(left), negate(right)))


def _compare(left: Any, operator: Any, right: Any) -> Expr:
    return Call(REGISTRY[_COMPARISONS[operator[0]]], finish(left), finish(right))


def _neg(_minus: Any, value: Any) -> Expr:
    return negate(value)


def _pos(_plus: Any, value: Any) -> Any:
    return value


def _times(left: Any, _star: Any, right: Any) -> list[Expr]:
    if type(left) is not list:
        return [left, *right] if type(right) is list else [left, right]
    if type(right) is list:
        left.extend(right)
    else:
        left.append(right)
    return left


def _over(left: Any, _slash: Any, right: Any) -> Expr | list[Expr]:
    chain = divide(left if type(left) is list else [left], finish(right))
    return chain if len(chain) > 1 else chain[0]


def _juxtapose(left: Any, right: Expr) -> list[Expr]:
    if type(left) is list:
        left.append(right)
        return left
    return [left, right]


def _pow(base: Expr, _pow: Any, exponent: Any) -> Expr:
    return Pow(base, finish(exponent))


#: The callback of each grammar rule, by its alias (``-> name`` in the grammar).
REDUCTIONS: dict[str, Callable[..., Any]] = {
    "number": _number,
    "name": _name,
    "call": _call,
    "first_argument": _first_argument,
    "next_argument": _next_argument,
    "paren": _paren,
    "add": _add,
    "subtract": _subtract,
    "compare": _compare,
    "neg": _neg,
    "pos": _pos,
    "times": _times,
    "over": _over,
    "juxtapose": _juxtapose,
    "pow": _pow,
}

#: The rules whose node depends on the token's text alone: reduced once per text per parse.
LEAVES = frozenset({"number", "name"})
