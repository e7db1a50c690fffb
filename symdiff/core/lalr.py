"""An LALR(1) loop over the parse table Lark builds from ``grammar/symdiff.lark``.

Takes a Lark LALR parser (for its table, rules and terminals), a callback per rule and the
text; returns the value the callbacks build. Guarantees: the loop takes Lark's actions one for
one (the same states, the same reductions in the same order), so it accepts exactly the text
Lark accepts and stops at the same token in the same state; only the reductions of ``?rule``
alternatives with one child (which return that child) are folded into the goto table, and
they change no value. The stacks are Python lists: no recursion, at any depth.

Why not Lark's own loop: it looks each action up by terminal name in a dict of ``Token``
objects and checks assertions on ``Rule`` objects at each step. Here states, terminals and
rules are small integers, tokens are the regular expression's match objects (a terminal's
code is its group's number, ``match.lastindex``) and each action is one list lookup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from typing import Any

from lark import Lark
from lark.parsers.lalr_analysis import Shift

from symdiff.core.lexer import UNMATCHED, terminal_pattern

__all__ = ["END", "Stop", "Tables", "compile_tables", "run"]

#: The name of the end-of-input terminal (Lark's).
END = "$END"


class Stop(Exception):
    """The loop met a token its table has no action for (caught by ``parse``).

    ``name`` is the terminal's name (``$END`` at the end of the text, ``UNMATCHED`` for a
    character no terminal matches), ``start`` its position and ``expected`` the terminals the
    state accepts (as Lark's ``UnexpectedToken.expected``).
    """

    def __init__(self, name: str, value: str, start: int, expected: frozenset[str]) -> None:
        super().__init__(name, start)
        self.name, self.value, self.start, self.expected = name, value, start, expected


@dataclass(frozen=True)
class Tables:
    """The parse table in integers: states, terminal codes (group numbers), rule numbers.

    ``action[state][code]`` is a state to shift to (``0 <= a < limit``), ``~rule`` to reduce
    (negative), or one of the codes above ``limit`` (see ``_special``). ``rules[rule]`` is
    ``(size, goto, callback)``, where ``goto[state][code]`` is the state after the reduction
    from ``state`` (and after the one-child reductions that follow it on that lookahead).
    """

    pattern: re.Pattern[str]
    action: list[list[int]]
    rules: list[tuple[int, list[list[int]], Callable[..., Any]]]
    start: int
    limit: int
    end_code: int
    names: dict[int, str]
    ignored: frozenset[str]
    expected: list[frozenset[str]]
    checked: dict[tuple[int, int], int]
    check: Callable[[Any, Any], None]


# Action codes at and above ``limit`` (the number of states).
_ERROR, _CHECK, _SKIP, _UNMATCHED, _ACCEPT = range(5)

# The size of a rule in ``leaves`` (one terminal; its value is looked up by the token's text).
_LEAF = -1


class _EndToken:
    """The match-like end of the text (``lastindex`` is the end code)."""

    __slots__ = ("lastindex", "position")

    def __init__(self, code: int, position: int) -> None:
        self.lastindex, self.position = code, position

    def start(self) -> int:
        return self.position

    def __getitem__(self, index: int) -> str:
        return ""


def _identity(value: Any) -> Any:
    return value


def _rule_callbacks(
    lark: Lark, callbacks: Mapping[str, Callable[..., Any]], nonterminals: dict[str, int]
) -> tuple[list[tuple[int, int, Callable[..., Any]]], dict[Any, int], set[Any]]:
    """Number the rules; each one's callback is named by its alias (else its rule)."""
    rules, numbers, units = [], {}, set()
    for number, rule in enumerate(lark.rules):
        name = rule.alias or rule.origin.name
        size = len(rule.expansion)
        callback = callbacks.get(name)
        if callback is None:
            if not (size == 1 and rule.options.expand1 and not rule.alias):
                raise ValueError(f"no callback for the grammar rule {name!r}")
            callback = _identity
            units.add(rule)
        numbers[rule] = number
        rules.append((size, nonterminals[rule.origin.name], callback))
    return rules, numbers, units


def _chase(states: dict, units: set, below: int, symbol: str, lookahead: str) -> int:
    """The state after a goto on ``symbol`` from ``below`` and the one-child reductions that
    follow it on ``lookahead`` (each pops the child just pushed, so ``below`` stays)."""
    state = states[below][symbol][1]
    for _ in range(len(states)):
        action = states[state].get(lookahead)
        if action is None or action[0] is Shift or action[1] not in units:
            return state
        state = states[below][action[1].origin.name][1]
    raise ValueError("the grammar has a cycle of one-child rules")


def compile_tables(
    lark: Lark,
    callbacks: Mapping[str, Callable[..., Any]],
    check_after: Mapping[str, set[str]],
    check: Callable[[Any, Any], None],
    leaves: frozenset[str] = frozenset(),
) -> Tables:
    """The integer tables for ``run``, from Lark's LALR table for ``lark``'s grammar.

    Args:
        lark: a ``Lark(..., parser="lalr")`` (only its table, rules and terminals are read).
        callbacks: the callback of each rule, by alias or rule name; it gets one argument per
            symbol of the rule (a match object for a terminal). A one-child ``?rule``
            alternative without one returns its child.
        check_after: for a terminal, the terminals after which ``check(left, token)`` is
            called on the two matches before the second is acted on (it may raise).
        check: that check.
        leaves: rules of one terminal whose value depends on the token's text alone (not on
            its place): within one ``run`` each text is reduced by the callback once.
    """
    table = lark.parser.parser.parser.parse_table
    states: dict[int, dict[str, tuple]] = table.states
    pattern, codes = terminal_pattern(list(lark.terminals))
    end_code = pattern.groups + 1
    codes[END] = end_code
    nonterminals = {name: i for i, name in enumerate(sorted({r.origin.name for r in lark.rules}))}
    found, numbers, units = _rule_callbacks(lark, callbacks, nonterminals)
    limit = len(states)
    skipped = {codes[name] for name in lark.ignore_tokens}
    action = [_action_row(states[s], codes, numbers, limit, skipped) for s in range(limit)]
    action[table.end_states["start"]][end_code] = limit + _ACCEPT
    checked: dict[tuple[int, int], int] = {}
    for state, terminal in _accessing_terminals(states).items():
        for after in check_after.get(terminal, ()):
            checked[state, codes[after]] = action[state][codes[after]]
            action[state][codes[after]] = limit + _CHECK
    goto = [_goto_row(states, units, s, nonterminals, codes) for s in range(limit)]
    rules = [(size, [row[lhs] for row in goto], call) for size, lhs, call in found]
    for rule, number in numbers.items():
        if rule.alias in leaves and len(rule.expansion) == 1 and rule.expansion[0].is_term:
            rules[number] = (_LEAF, *rules[number][1:])
    return Tables(
        pattern=pattern,
        action=action,
        rules=rules,
        start=table.start_states["start"],
        limit=limit,
        end_code=end_code,
        names={code: name for name, code in codes.items()},
        ignored=frozenset(lark.ignore_tokens),
        expected=[frozenset(k for k in states[s] if k.isupper()) for s in range(limit)],
        checked=checked,
        check=check,
    )


def _action_row(
    row: dict[str, tuple], codes: dict[str, int], numbers: dict, limit: int, skipped: set[int]
) -> list[int]:
    actions = [limit + _ERROR] * (max(codes.values()) + 1)
    for code in skipped:
        actions[code] = limit + _SKIP
    actions[codes[UNMATCHED]] = limit + _UNMATCHED
    for symbol, (kind, target) in row.items():
        if symbol in codes:
            actions[codes[symbol]] = target if kind is Shift else ~numbers[target]
    return actions


def _goto_row(
    states: dict, units: set, below: int, nonterminals: dict[str, int], codes: dict[str, int]
) -> list[list[int]]:
    row: list[list[int]] = [[] for _ in nonterminals]
    for name, number in nonterminals.items():
        if name in states[below]:
            chased = [0] * (max(codes.values()) + 1)
            for terminal, code in codes.items():
                chased[code] = _chase(states, units, below, name, terminal)
            row[number] = chased
    return row


def _accessing_terminals(states: dict[int, dict[str, tuple]]) -> dict[int, str]:
    """The terminal each state is entered by, for the states entered by shifting one."""
    entered = {}
    for row in states.values():
        for symbol, (kind, target) in row.items():
            if kind is Shift and symbol.isupper():
                entered[target] = symbol
    return entered


def run(tables: Tables, text: str) -> Any:
    """Parse ``text`` with ``tables``: the value of the start rule's callback.

    Raises:
        Stop: at a token (or the end, or a character no terminal matches) the table does not
            accept there. Callbacks and ``check`` raise their own errors.
    """
    action, rules, limit = tables.action, tables.rules, tables.limit
    skip = limit + _SKIP
    states = [tables.start]
    values: list[Any] = []
    leaves: dict[tuple[int, str], Any] = {}
    for token in _tokens(tables, text):
        code = token.lastindex
        todo = action[states[-1]][code]
        if todo >= limit:
            if todo == skip:  # (inline: spaces are the most frequent special action)
                continue
            todo = _special(tables, todo - limit, states, values, token)
            if todo is None:
                continue
        while todo < 0:
            size, goto, callback = rules[~todo]
            if size == _LEAF:
                key = (~todo, values[-1][0])
                value = leaves.get(key)
                if value is None:
                    value = leaves[key] = callback(values[-1])
                values[-1] = value
                state = goto[states[-2]][code]
                states[-1] = state
            elif size == 1:
                values[-1] = callback(values[-1])
                state = goto[states[-2]][code]
                states[-1] = state
            else:
                split = len(values) - size
                children = values[split:]
                del values[split:]
                del states[split + 1 :]
                values.append(callback(*children))
                state = goto[states[-1]][code]
                states.append(state)
            todo = action[state][code]
        if todo >= limit:
            if todo == limit + _ACCEPT:
                return values[-1]
            raise _stop(tables, states[-1], token)
        states.append(todo)
        values.append(token)
    raise AssertionError("the end of the text was not reached")  # pragma: no cover


def _tokens(tables: Tables, text: str) -> Iterator[Any]:
    return chain(tables.pattern.finditer(text), (_EndToken(tables.end_code, len(text)),))


def _special(tables: Tables, code: int, states: list[int], values: list, token: Any) -> int | None:
    """The first action on a token that is not a plain shift or reduction."""
    if code == _SKIP:
        return None
    if code == _CHECK:
        tables.check(values[-1], token)
        return tables.checked[states[-1], token.lastindex]
    if code == _UNMATCHED:
        raise Stop(UNMATCHED, token[0], token.start(), frozenset())
    raise _stop(tables, states[-1], token)


def _stop(tables: Tables, state: int, token: Any) -> Stop:
    name = tables.names[token.lastindex]
    return Stop(name, token[0], token.start(), tables.expected[state])
