"""Tracing: run an ordinary Python function on symbols and keep the expression it builds.

Takes a Python function written with ordinary operators, loops, branches on plain Python
values and calls to symdiff's functions (``symdiff.sin``, not ``math.sin``), and the names of
its symbolic arguments; returns the ``Expr`` (or a list of them) that one run computes. This
is the seed talk's tracing: only the operations that actually happened are recorded, so
control flow on plain values (a ``for`` loop over data, a branch on a random number) costs
nothing, and numeric data stays numeric.

Guarantees:

- the function is called exactly once;
- a branch on a symbolic value (``if x > 0``, ``bool(expr)``, ``float(expr)``) raises
  ``SymbolicBranchError`` naming the function and the line, never a silent choice of path;
- arithmetic is recorded as Python's operators build it (``error = 0.0; error += t`` gives
  the sum ``0.0 + t + ...``); simplify the result to tidy it.

Caveat: ``==`` on expressions compares structure (identity), not values, so ``if x == 0:``
is not a symbolic test; it is simply false for a symbol.
"""

from __future__ import annotations

import inspect
import linecache
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from symdiff.core.errors import SymbolicBranchError, SymdiffError
from symdiff.core.expr import Expr, Symbol, as_expr, symbols

__all__ = ["trace"]

_PACKAGE = str(Path(__file__).resolve().parents[1])


def trace(function: Callable[..., Any], *arguments: Any, **keywords: Any) -> Any:
    """Call ``function`` with symbols and return the expression it computes.

    Args:
        function: a Python function of real numbers.
        *arguments: one per parameter: a name (``"x"``) becomes a symbol, a list of names
            (``["a", "b"]``) a list of symbols, a range (``"x:5"``), a tuple of expressions
            (``symbols("x:5")``) or a NumPy array an object array of them whose NumPy
            functions build expressions (``np.exp(x)``, ``np.maximum(x, 0)``, ``A @ x``,
            ``np.sum``), and anything else (a number, a list of numbers, an Expr) is passed
            as it is. With no arguments, each parameter without a default becomes a symbol
            of the parameter's name.
        **keywords: passed to the function as they are (data, settings).

    Returns:
        An ``Expr`` (a plain number result is wrapped as a ``Number``), or a list of them
        when the function returns a list, a tuple or a 1-d array (nested lists for an
        array of more dimensions).

    Raises:
        SymbolicBranchError: the function branched on a symbolic value.
        SymdiffError: bad arguments, or a result that is not a number or an expression.

    >>> from symdiff import sin
    >>> def f(x, y):
    ...     total = 0
    ...     for k in range(1, 3):
    ...         total = total + k * sin(x) * y
    ...     return total
    >>> print(trace(f, "x", "y"))
    0 + 1*sin(x)*y + 2*sin(x)*y
    >>> print(trace(lambda x, y: x**2 - y))
    x^2 - y
    >>> import numpy as np
    >>> print(trace(lambda v: np.sum(np.exp(v) * [1.0, 2.0]), "v:2"))
    exp(v0)*1.0 + exp(v1)*2.0
    """
    if not callable(function):
        raise SymdiffError(f"trace() needs a function, got {type(function).__name__}")
    values = [_argument(a) for a in arguments] if arguments else _default_symbols(function)
    try:
        result = function(*values, **keywords)
    except SymbolicBranchError as error:
        raise SymbolicBranchError(f"{error}\n{_where(function, error)}") from None
    except SymdiffError:
        raise
    except Exception as error:  # the traced code failed on its arguments: say so, keep the cause
        raise SymdiffError(
            f"the traced function raised {type(error).__name__}: {error}"
            " (trace passes symbols for names, and numbers, lists and data as they are)"
        ) from error
    return _as_result(result, function)


def _argument(value: Any) -> Any:
    if isinstance(value, str):
        return _symbol_array(symbols(value)) if ":" in value else Symbol(value)
    if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
        return [Symbol(v) for v in value]
    if isinstance(value, tuple) and value and all(isinstance(v, Expr) for v in value):
        return _symbol_array(value)
    if type(value).__module__ == "numpy" and type(value).__name__ == "ndarray":
        return _symbol_array(value)
    return value


def _symbol_array(values: Any) -> Any:
    """An object array whose NumPy ufuncs build expressions (a tuple without NumPy)."""
    try:
        import numpy  # noqa: F401
    except ImportError:
        return tuple(values)
    from symdiff.core.ufuncs import as_array

    return as_array(values)


def _default_symbols(function: Callable[..., Any]) -> list[Expr]:
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        raise SymdiffError(
            "cannot read the function's parameters; name them: trace(f, 'x', 'y')"
        ) from None
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return [
        Symbol(p.name)
        for p in parameters
        if p.kind in positional and p.default is inspect.Parameter.empty
    ]


def _as_result(result: Any, function: Callable[..., Any]) -> Any:
    if hasattr(result, "tolist") and hasattr(result, "ndim"):  # a NumPy array or scalar
        result = result.tolist() if result.ndim else result.item()
    if isinstance(result, list | tuple):
        if any(r is None for r in result):
            raise SymdiffError(
                f"{_name(function)} returned an array or list with an empty element (None) at"
                f" index {[r is None for r in result].index(True)}; fill every element"
                " (np.empty(n, dtype=object) and np.empty_like(x) start as None)"
            )
        return [_as_result(r, function) for r in result]  # recursion over array dimensions
    return _as_one(result, function)


def _as_one(value: Any, function: Callable[..., Any]) -> Expr:
    if isinstance(value, Expr):
        return value
    if value is None:
        raise SymdiffError(f"{_name(function)} returned None; did it forget a return?")
    try:
        return as_expr(value)
    except SymdiffError:
        raise SymdiffError(
            f"{_name(function)} returned {type(value).__name__} {value!r:.60}; expected a"
            " number, an expression, or a list of them"
        ) from None


def _where(function: Callable[..., Any], error: BaseException) -> str:
    """``while tracing f, at file:line: source`` for the innermost frame outside symdiff."""
    frames = [
        f
        for f in traceback.extract_tb(error.__traceback__)
        if not str(Path(f.filename).resolve()).startswith(_PACKAGE)
    ]
    text = f"while tracing {_name(function)}"
    if frames:
        frame = frames[-1]
        source = (frame.line or linecache.getline(frame.filename, frame.lineno or 0)).strip()
        text += f", in {frame.name} at line {frame.lineno}" + (f": {source}" if source else "")
    return text


def _name(function: Callable[..., Any]) -> str:
    return getattr(function, "__qualname__", None) or type(function).__name__
