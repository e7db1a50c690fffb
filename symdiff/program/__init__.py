"""Programs: common subexpression elimination and the ``Program`` it returns."""

from symdiff.program.cse import Assign, Program, cse

__all__ = ["Assign", "Program", "cse"]
