"""The tokenizer: one regular expression built from the grammar's terminals.

Takes the terminal definitions Lark loaded from ``grammar/symdiff.lark``; returns one pattern
whose groups are the terminals (ordered as Lark's own lexer orders them), the ignored
terminals, and a last group that takes any other character, so that ``finditer`` reads the
whole text with no gaps and a match's ``lastindex`` is its terminal's code. Also here: the
juxtapositions that do not multiply (checked by the parse loop when they are met), the hints
for characters no terminal matches, and the tokens an error message looks back at.
Guarantees: a new terminal needs no change here; every check is linear in the text.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import Any

from symdiff.core.errors import SymdiffSyntaxError

__all__ = [
    "CHECK_AFTER",
    "UNMATCHED",
    "LexedToken",
    "character_hint",
    "check_pair",
    "scan_tokens",
    "terminal_pattern",
]

#: The group that takes a character no terminal matches.
UNMATCHED = "UNMATCHED_CHARACTER"

#: Pairs of side-by-side tokens that are not an implicit multiplication, or may not be one.
CHECK_AFTER = {
    "NAME": {"NAME", "NUMBER"},
    "NUMBER": {"NUMBER", "NAME", "LPAR"},
    "RPAR": {"NUMBER"},
}


class LexedToken(tuple):
    """A token as a tuple ``(type, value, start_pos, text)``, read as Lark's ``Token``."""

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


def terminal_pattern(terminals: list) -> tuple[re.Pattern[str], dict[str, int]]:
    """One alternation of the terminals (ignored ones too) and each one's group number.

    >>> from lark import Lark
    >>> lark = Lark('start: NAME+\\nNAME: /[a-z]+/\\n%ignore " "', parser="lalr")
    >>> pattern, codes = terminal_pattern(lark.terminals)
    >>> [(m.lastgroup, m[0]) for m in pattern.finditer("ab c?")]
    [('NAME', 'ab'), ('__IGNORE_0', ' '), ('NAME', 'c'), ('UNMATCHED_CHARACTER', '?')]
    """
    if UNMATCHED in {t.name for t in terminals}:
        raise ValueError(f"the grammar may not name a terminal {UNMATCHED}")
    ordered = sorted(
        terminals,
        key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name),
    )
    source = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in ordered)
    pattern = re.compile(f"{source}|(?P<{UNMATCHED}>[\\s\\S])")
    return pattern, dict(pattern.groupindex)


def scan_tokens(
    pattern: re.Pattern[str], ignore: frozenset[str], text: str, stop: int
) -> list[LexedToken]:
    """The tokens of ``text`` that start before ``stop`` (for error messages; no checks)."""
    tokens = []
    for found in pattern.finditer(text, 0, len(text)):
        kind, start = found.lastgroup, found.start()
        if start >= stop or kind == UNMATCHED:
            break
        if kind not in ignore:
            tokens.append(LexedToken((kind, found[0], start, text)))
    return tokens


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


def check_pair(left: Any, token: Any) -> None:
    """Raise for the juxtapositions that do not multiply (see ``symdiff.core.parse``).

    ``left`` and ``token`` are matches of ``terminal_pattern``, side by side in the text.

    >>> pattern = re.compile(r"(?P<NUMBER>[0-9]+)|(?P<NAME>[a-z])")
    >>> check_pair(*pattern.finditer("2x"))  # a number before a name multiplies
    >>> check_pair(*pattern.finditer("xy"))
    Traceback (most recent call last):
    ...
    symdiff.core.errors.SymdiffSyntaxError: line 1, column 2: 'x' and 'y' stand side by side
      xy
       ^
    hint: write x*y to multiply (or xy for one name)
    """
    before, kind, text, start = left.lastgroup, token.lastgroup, token.string, token.start()
    if before == "NAME":
        raise SymdiffSyntaxError(
            f"'{left[0]}' and '{token[0]}' stand side by side",
            text,
            start,
            hint=f"write {left[0]}*{token[0]} to multiply (or {left[0]}{token[0]} for one name)",
        )
    if kind == "NUMBER":
        raise SymdiffSyntaxError(
            f"a number cannot follow {'a number' if before == 'NUMBER' else ')'} here",
            text,
            start,
            hint="write * between the factors",
        )
    if _after_exponent(text, left.start()):
        raise SymdiffSyntaxError(
            "implicit multiplication after an exponent is ambiguous",
            text,
            start,
            hint=f"write ^({left[0]}*{token[0]}...) or ^{left[0]}*{token[0]}... to say which",
        )


def _after_exponent(text: str, start: int) -> bool:
    """Whether ``^`` or ``**`` comes before ``start``, past signs and spaces: as
    ``text[:start].rstrip(" \\t\\r\\n+-").endswith(("^", "**"))``, without copying the text
    (a long text with many ``2x`` stays linear)."""
    while start and text[start - 1] in " \t\r\n+-":
        start -= 1
    return text.endswith(("^", "**"), 0, start)
