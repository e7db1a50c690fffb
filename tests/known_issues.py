"""Failures the differential fuzzer may find in bug classes already reported, not yet fixed.

Each ``KnownIssue`` matches one class narrowly: the property it shows up in, and the error
(or, for wrong values, a check that the failure is the class's: the same input with its
float literals made exact passes). A match lets the fuzz tests pass today; anything else
fails them. Remove an entry when its class is fixed: the tests then check it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from symdiff import Number
from symdiff.core.expr import Expr, Op
from symdiff.core.traverse import map_nodes, rebuild


@dataclass(frozen=True)
class KnownIssue:
    """A reported bug class: its name, the issue's words, and what its failures look like."""

    name: str
    issue: str
    matches: Callable[[str, object, BaseException], bool]


def exact_floats(expr: Expr) -> Expr:
    """``expr`` with every float literal replaced by the exact rational it stands for."""

    def visit(node: Expr, args: tuple[Expr, ...]) -> Expr:
        if node.op is Op.NUM and isinstance(node.value, float):
            return Number(Fraction(node.value))
        return rebuild(node, args)

    return map_nodes(expr, visit)


#: None today: every class the fuzzer found (issue 16) is fixed, and its minimal inputs are
#: examples of the fuzz tests. Add an entry (name, the report, a narrow predicate) for a class
#: reported but not yet fixed.
KNOWN_ISSUES: list[KnownIssue] = []


def known(prop: str, subject: object, error: BaseException) -> str | None:
    """The name of the known issue ``error`` (raised by ``prop`` on ``subject``) belongs to."""
    for issue in KNOWN_ISSUES:
        if issue.matches(prop, subject, error):
            return issue.name
    return None
