"""NumPy's array functions (``np.sum``, ``np.max``, ``np.concatenate``, ...) on expressions.

Takes NumPy's calls into ``__array_function__`` of ``Expr`` and ``ExprArray``; returns what
the function computes, with expressions in place of numbers. Guarantees: ``np.where`` maps to
symdiff's ``where``; every other function runs NumPy's own implementation (without the
dispatch, so it never comes back here), whose ufuncs then go through
``symdiff.core.ufuncs`` (``np.max`` reduces with ``max``, ``np.var`` conjugates as the
identity); a function that cannot work on expressions (``np.linalg.solve``, ``np.round``)
raises ``SymdiffError`` naming it, never NumPy's ``TypeError``.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from symdiff.core.errors import SymbolicBranchError, SymdiffError
from symdiff.core.ufuncs import _function_named, _operand, _scalar, _wrap, as_array

__all__ = ["array_function"]


def array_function(func: Any, args: tuple, kwargs: dict) -> Any:
    """NumPy's array functions with expressions: ``np.where`` maps to ``"where"``; the rest
    run NumPy's own implementation, whose ufuncs then come back here (``np.max`` reduces
    with ``max``); one that cannot work on expressions raises ``SymdiffError`` naming it."""
    import numpy as np

    if func is np.where and len(args) == 3 and not kwargs:
        builder = _function_named("where", "numpy.where")
        if not any(isinstance(a, np.ndarray) for a in args):
            return _scalar(builder, *args)
        elementwise = np.frompyfunc(functools.partial(_scalar, builder), 3, 1)
        result = elementwise(*(_operand(a) for a in args))
        return as_array(result) if isinstance(result, np.ndarray) else result
    what = f"{func.__module__}.{func.__name__}".replace("numpy._core.", "numpy.")
    implementation = getattr(func, "_implementation", None)
    if implementation is None:  # not one of NumPy's own: call it without the dispatch
        raise SymdiffError(f"{what} does not take expressions")
    try:
        return _wrap(implementation(*args, **kwargs))
    except SymbolicBranchError as error:  # np.sort, np.median, norm(v, inf) compare values
        if str(error).startswith("numpy."):
            raise
        raise SymbolicBranchError(
            f"{what} compares the values of its arguments (as sorting or a maximum over a"
            f" plain array does), which cannot be done on symbols: {error}"
        ) from error
    except SymdiffError as error:
        if type(error) is not SymdiffError or str(error).startswith(what):
            raise
        raise SymdiffError(f"{what} does not work on expressions: {error}") from error
    except (TypeError, AttributeError) as error:  # methods and attributes Expr does not have
        raise SymdiffError(f"{what} does not work on expressions ({_reason(error)})") from error


def _reason(error: Exception) -> str:
    """NumPy's message, with the method its object loop missed named as the ufunc it is."""
    match = re.search(r"has no callable (\w+) method", str(error))
    if match:
        return f"numpy.{match.group(1)} has no symbolic counterpart in symdiff"
    return str(error)
