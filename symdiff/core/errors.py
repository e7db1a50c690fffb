"""The error hierarchy: every error a user can cause is a ``SymdiffError``.

Text errors carry a position (1-based line and column) and render the offending line with a
caret under the offending character, plus a plain-words explanation and an optional hint.
"""

from __future__ import annotations

__all__ = [
    "ArgumentError",
    "ArgumentValueError",
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
    """A public function called with an argument of the wrong type (``evaluate(None)``,
    ``simplify(e, rules=None)``), or a compiled function (``lambdify``) called with the wrong
    number of arguments or with one that is not a real number (``f("a")``, ``f(None)``). The
    message names the argument."""


class ArgumentValueError(ArgumentError, ValueError):
    """An argument of the right type with a value outside what it may be (a negative limit,
    an unknown option string). Also a ``ValueError``, as Python's own functions raise there."""


class SymbolicBranchError(SymdiffError, TypeError):
    """A symbolic value used where Python needs a plain one: ``if x > 0``, ``bool(expr)``,
    ``float(expr)``, ``range(expr)``. A traced function may branch on plain Python values
    only, since one run with symbols cannot know which way a symbolic test would go."""


# -- argument checks shared by the public entry points -----------------------------------------
#
# ``bool`` is an ``int`` in Python; these checks do not accept ``True``/``False`` where a count,
# a limit or an index is asked for (``max_length=True`` is a mistake, not the number 1), and
# accept only them where a flag is asked for. Values of variables (``evaluate(e, x=True)``)
# are numbers, and there a bool counts as 0 or 1, as in Python and NumPy arithmetic.


def describe(value: object) -> str:
    """A short description of an argument for an error message: its type and a brief repr."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"an integer of {value.bit_length()} bits"
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__ must not hide the real error
        text = f"<{type(value).__name__} object>"
    text = text if len(text) <= 60 else text[:57] + "..."
    return f"{type(value).__name__} {text}"


def check_type(name: str, value: object, types: type | tuple[type, ...], wanted: str) -> None:
    """Raise ``ArgumentError`` unless ``value`` is an instance of ``types`` (bools pass only
    when ``bool`` itself is among them)."""
    allowed = types if isinstance(types, tuple) else (types,)
    if isinstance(value, bool) and bool not in allowed:
        raise ArgumentError(f"{name} must be {wanted}, not {describe(value)}")
    if not isinstance(value, allowed):
        raise ArgumentError(f"{name} must be {wanted}, not {describe(value)}")


def check_flag(name: str, value: object, wanted: str = "True or False") -> bool:
    """``value`` must be ``True`` or ``False`` (a NumPy bool passes as well)."""
    if type(value).__module__ == "numpy" and type(value).__name__ in ("bool", "bool_"):
        return bool(value)
    check_type(name, value, bool, wanted)
    return bool(value)


def check_int(name: str, value: object, minimum: int | None = None) -> int:
    """``value`` must be an integer (a NumPy integer passes; a bool or float does not), at
    least ``minimum``; returns it as a Python ``int``."""
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ArgumentError(f"{name} must be an integer, not {describe(value)}")
    number = int(value)
    if minimum is not None and number < minimum:
        raise ArgumentValueError(f"{name} must be an integer >= {minimum}, not {describe(value)}")
    return number


def check_choice(name: str, value: object, choices: tuple[object, ...]) -> None:
    """``value`` must be one of ``choices`` (compared by type and value: ``True`` is not 1)."""
    for choice in choices:
        if type(value) is type(choice) and value == choice:
            return
    shown = ", ".join(repr(c) for c in choices)
    if any(isinstance(value, type(c)) for c in choices):
        raise ArgumentValueError(f"{name} must be one of {shown}, not {describe(value)}")
    raise ArgumentError(f"{name} must be one of {shown}, not {describe(value)}")


def check_real(name: str, value: object, minimum: float | None = None) -> float:
    """``value`` must be a finite real number (a NumPy scalar passes, a bool does not), at
    least ``minimum``; returns it as a float."""
    import math
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentError(f"{name} must be a real number, not {describe(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number) or (minimum is not None and number < minimum):
        bound = "" if minimum is None else f" >= {minimum}"
        raise ArgumentValueError(f"{name} must be a finite number{bound}, not {describe(value)}")
    return number


def items_of(name: str, value: object, wanted: str, *, ordered: bool = True) -> list:
    """The items of a list, tuple or other iterable argument; text, bytes, mappings and
    non-iterables (a number, ``None``, a 0-d array) raise ``ArgumentError``, and so do sets
    where the order matters (``ordered``)."""
    from collections.abc import Iterable, Mapping, Set

    unordered = ordered and isinstance(value, Set)
    if unordered or isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise ArgumentError(f"{name} must be {wanted}, not {describe(value)}")
    try:
        return list(value)
    except TypeError:  # iteration over a 0-d NumPy array
        raise ArgumentError(f"{name} must be {wanted}, not {describe(value)}") from None
