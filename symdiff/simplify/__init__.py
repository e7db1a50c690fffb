"""Simplification: the standard form, ordering, exact arithmetic and the rule language."""

from symdiff.simplify.rules import Rule
from symdiff.simplify.simplify import simplify, simplify_many, simplify_report

__all__ = ["Rule", "simplify", "simplify_many", "simplify_report"]
