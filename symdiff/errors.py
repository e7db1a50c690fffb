"""The error hierarchy: every error a user can cause is a ``SymdiffError``.

Text errors carry a position (1-based line and column) and render the offending line with a
caret under the offending character, plus a plain-words explanation and an optional hint.
"""

from __future__ import annotations

__all__ = [
    "ArgumentError",
    "ArityError",
    "DifferentiationError",
    "DomainError",
    "EmitError",
    "EvaluationError",
    "InputTooLargeError",
    "MissingVariableError",
    "ProgramError",
    "SymbolicBranchError",
    "SymdiffError",
    "SymdiffSyntaxError",
    "UnknownFunctionError",
]


class SymdiffError(Exception):
    """Base class of every error symdiff raises on bad input."""


class SymdiffSyntaxError(SymdiffError, ValueError):
    """Text that is not a valid expression.

    Attributes:
        text: the whole input.
        line, column: 1-based position of the offending character.
        reason: what is wrong, in plain words.
        hint: an optional suggestion ("did you mean ...").
    """

    def __init__(
        self, reason: str, text: str = "", pos: int | None = None, hint: str | None = None
    ) -> None:
        self.reason = reason
        self.text = text
        self.pos = pos
        self.hint = hint
        self.line, self.column = _line_col(text, pos)
        super().__init__(self._render())

    def _render(self) -> str:
        if self.pos is None:
            message = self.reason
        else:
            lines = self.text.split("\n")
            src = lines[self.line - 1] if self.line - 1 < len(lines) else ""
            col = self.column
            if len(src) > 80:  # show a window around the offending column
                start = max(0, col - 40)
                prefix = "..." if start else ""
                src = prefix + src[start : start + 77]
                col = col - start + len(prefix)
            caret = " " * (col - 1) + "^"
            message = f"line {self.line}, column {self.column}: {self.reason}\n  {src}\n  {caret}"
        if self.hint:
            message += f"\nhint: {self.hint}"
        return message


def _line_col(text: str, pos: int | None) -> tuple[int, int]:
    if pos is None:
        return 0, 0
    pos = max(0, min(pos, len(text)))
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, column


class UnknownFunctionError(SymdiffSyntaxError):
    """A call of a name that is not a registered function."""


class ArityError(SymdiffSyntaxError):
    """A function called with the wrong number of arguments."""


class InputTooLargeError(SymdiffError, ValueError):
    """Input (text, a number, an expression) beyond a documented size limit."""


class EvaluationError(SymdiffError, ArithmeticError):
    """An expression could not be evaluated to a real number."""


class MissingVariableError(EvaluationError, KeyError):
    """Evaluation without a value for every free symbol."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class DomainError(EvaluationError, ValueError):
    """A function or operator applied outside its real domain (``log(-1)``, ``1/0``)."""


class DifferentiationError(SymdiffError):
    """A derivative that cannot be formed (a function without a derivative rule)."""


class ProgramError(SymdiffError, ValueError):
    """A Program that breaks the Wengert-list invariant (a name used before it is assigned,
    assigned twice, or colliding with an input)."""


class EmitError(SymdiffError):
    """Code that cannot be generated or compiled (a function without a form in the target
    language, no C compiler)."""


class TemplateError(SymdiffError, ValueError):
    """A function's printed form in an output target that cannot be used: not a valid
    format string (``"{"``), or a field that is not an argument of the function (``"{1}"``
    for a function of one argument), found when the function is registered."""


class ArgumentError(SymdiffError, TypeError):
    """A compiled function (``lambdify``) or a numeric helper called with the wrong number of
    arguments, or with one that is not a real number (``f("a")``, ``f(None)``)."""


class SymbolicBranchError(SymdiffError, TypeError):
    """A symbolic value used where Python needs a plain one: ``if x > 0``, ``bool(expr)``,
    ``float(expr)``, ``range(expr)``. A traced function may branch on plain Python values
    only, since one run with symbols cannot know which way a symbolic test would go."""
