"""NumPy interoperability: ufuncs on expressions (array functions: ``array_functions``).

Takes NumPy's calls into ``Expr.__array_ufunc__`` (and the method calls NumPy's object
loops make, ``element.sin()``); returns ``Expr`` for scalar inputs and object arrays of
``Expr`` for array inputs. Guarantees:

- this module never imports NumPy at import time: its code runs only when NumPy calls it,
  so NumPy is already loaded (the core stays NumPy-free);
- a ufunc maps to a registry function by NAME, looked up at call time (``np.maximum`` is
  ``"max"``, ``np.log1p`` is ``"log1p"``), or to a formula of them (``np.logaddexp``, see
  ``ufunc_formulas``): a function registered later is picked up, and a ufunc whose
  function is not registered raises ``SymdiffError`` naming both;
- the arithmetic ufuncs (``np.add``, ``np.power``, ...) build what the Python operators build;
- reductions map too: ``np.max(a)`` (``np.maximum.reduce``) is ``max(max(a0, a1), a2)``;
- results for arrays are ``ExprArray`` (an object ``ndarray`` subclass) so that further
  ufuncs keep mapping, including the ones NumPy's plain object loops would do by comparing
  (``np.maximum``, ``np.sign``) or do not support (``np.heaviside``).

NumPy's plain object arrays (``np.array(symbols("x:3"))``) call methods on their elements
for most ufuncs (``a[i].sin()``): ``object_method`` provides those; ufuncs whose object loop
compares (``np.maximum``, ``np.max``) need an ``ExprArray`` (``as_array``), which
``symdiff.trace`` passes for array arguments."""

from __future__ import annotations

import functools
import numbers
import operator
from collections.abc import Callable
from typing import Any

from symdiff.core.errors import SymdiffError
from symdiff.core.expr import Expr, as_expr

__all__ = [
    "UFUNC_FUNCTIONS",
    "UFUNC_OPERATORS",
    "apply_ufunc",
    "as_array",
    "constant_value",
    "object_method",
]

#: NumPy ufunc name -> registry function name (looked up when the ufunc is called).
UFUNC_FUNCTIONS = {
    "sin": "sin",
    "cos": "cos",
    "tan": "tan",
    "arcsin": "asin",
    "arccos": "acos",
    "arctan": "atan",
    "arctan2": "atan2",
    "sinh": "sinh",
    "cosh": "cosh",
    "tanh": "tanh",
    "arcsinh": "asinh",
    "arccosh": "acosh",
    "arctanh": "atanh",
    "exp": "exp",
    "log": "log",
    "sqrt": "sqrt",
    "cbrt": "cbrt",
    "absolute": "abs",
    "fabs": "abs",
    "sign": "sign",
    "maximum": "max",
    "minimum": "min",
    "fmax": "max",
    "fmin": "min",
    "heaviside": "heaviside",  # built by the formula in ufunc_formulas (its value at 0)
    "log1p": "log1p",
    "expm1": "expm1",
    "hypot": "hypot",
    "log2": "log2",
    "log10": "log10",
    "exp2": "exp2",
    "less": "lt",
    "less_equal": "le",
    "greater": "gt",
    "greater_equal": "ge",
    "logical_and": "logical_and",
    "logical_or": "logical_or",
    "logical_not": "logical_not",
}

#: NumPy ufunc name -> the Python operator it is (the node the operator builds).
UFUNC_OPERATORS: dict[str, Callable[..., Expr]] = {
    "add": operator.add,
    "subtract": operator.sub,
    "multiply": operator.mul,
    "divide": operator.truediv,
    "true_divide": operator.truediv,
    "power": operator.pow,
    "float_power": operator.pow,
    "negative": operator.neg,
    "positive": operator.pos,
    "square": lambda u: u**2,
    "reciprocal": lambda u: 1 / u,
}


def _function(ufunc_name: str) -> Callable[..., Expr]:
    """The builder for one ufunc: an operator, or the registry function found by name."""
    if ufunc_name in UFUNC_OPERATORS:
        return UFUNC_OPERATORS[ufunc_name]
    from symdiff.core.ufunc_formulas import UFUNC_FORMULAS

    if ufunc_name in UFUNC_FORMULAS:
        return UFUNC_FORMULAS[ufunc_name]
    name = UFUNC_FUNCTIONS.get(ufunc_name)
    if name is None:
        raise SymdiffError(
            f"numpy.{ufunc_name} has no symbolic counterpart in symdiff; write the formula"
            " with symdiff's functions instead"
        )
    from symdiff.core.functions import REGISTRY

    function = REGISTRY.get(name)
    if function is None:
        raise SymdiffError(
            f"numpy.{ufunc_name} maps to the function {name!r}, which is not registered;"
            f" register it with symdiff.register_function({name!r}, impl, derivatives=[...])"
        )
    return function


def _scalar(builder: Callable[..., Expr], *args: object) -> Expr:
    """``builder`` on expressions (NumPy scalars and Python numbers become numbers first)."""
    return as_expr(builder(*(a if isinstance(a, Expr) else as_expr(_plain(a)) for a in args)))


def _plain(value: object) -> object:
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return value


def apply_ufunc(ufunc: Any, method: str, inputs: tuple, kwargs: dict) -> Any:
    """What ``ufunc(*inputs)`` (or ``ufunc.reduce``, ``.accumulate``, ``.outer``, ``.at``)
    is on expressions and arrays of them."""
    import numpy as np

    name = ufunc.__name__
    operator_kind = name in UFUNC_OPERATORS and (method != "__call__" or "out" in kwargs)
    if ufunc.signature is not None or ufunc.nout != 1 or operator_kind:
        return _native(ufunc, method, inputs, kwargs)  # matmul, add.reduce: NumPy's object loop
    builder = _function(name)
    if method == "__call__" and not kwargs and not any(isinstance(a, np.ndarray) for a in inputs):
        return _scalar(builder, *inputs)
    # the builder as a ufunc over objects, so reductions build max(max(x0, x1), x2) instead
    # of comparing, as NumPy's own object loop for np.maximum would
    looped = np.frompyfunc(functools.partial(_scalar, builder), ufunc.nin, 1)
    if "out" in kwargs:
        kwargs = {**kwargs, "out": tuple(_strip(o) for o in kwargs["out"])}
    return _wrap(getattr(looped, method)(*(_operand(a) for a in inputs), **kwargs))


def _native(ufunc: Any, method: str, inputs: tuple, kwargs: dict) -> Any:
    """NumPy's own loop over objects (it calls the Python operators on the elements)."""
    import numpy as np

    plain = [np.asarray(a, dtype=object) if isinstance(a, Expr) else _strip(a) for a in inputs]
    if "out" in kwargs:
        kwargs = {**kwargs, "out": tuple(_strip(o) for o in kwargs["out"])}
    if method == "reduce" and _masked(kwargs) and ufunc.identity is not None:
        # NumPy's object loops have no identity: np.sum(x, where=mask) starts from 0
        kwargs = {"initial": ufunc.identity, **kwargs}
    try:
        return _wrap(getattr(ufunc, method)(*plain, **kwargs))
    except SymdiffError:
        raise
    except TypeError as error:  # e.g. a LAPACK ufunc of numpy.linalg: floats only
        raise SymdiffError(
            f"numpy's ufunc {ufunc.__name__} does not work on expressions ({error})"
        ) from error


def _masked(kwargs: dict) -> bool:
    """Whether a reduction has a ``where`` mask (not just NumPy's default ``True``)."""
    import numpy as np

    where = kwargs.get("where", True)
    return not (isinstance(where, bool | np.bool_) and where)


def _operand(value: Any) -> Any:
    """An argument of a NumPy loop over elements: arrays as plain object arrays, and an
    expression inside a 0-d object array (else NumPy would hand the loop back to it)."""
    import numpy as np

    if isinstance(value, Expr):
        cell = np.empty((), dtype=object)
        cell[()] = value
        return cell
    return _strip(value)


def _strip(value: Any) -> Any:
    """An ``ExprArray`` as a plain object array (NumPy's own loops then run on it)."""
    import numpy as np

    if isinstance(value, np.ndarray) and type(value) is not np.ndarray:
        return value.view(np.ndarray)
    return value


def _wrap(value: Any) -> Any:
    import numpy as np

    if isinstance(value, np.ndarray) and value.dtype == object:
        return as_array(value)
    return value


def _function_named(name: str, what: str) -> Callable[..., Expr]:
    from symdiff.core.functions import REGISTRY

    function = REGISTRY.get(name)
    if function is None:
        raise SymdiffError(f"{what} maps to the function {name!r}, which is not registered")
    return function


def as_array(values: Any) -> Any:
    """An ``ExprArray``: an object array whose ufuncs build expressions.

    >>> import numpy as np
    >>> from symdiff.core.expr import symbols
    >>> a = as_array(symbols("x y"))
    >>> [str(e) for e in np.exp(a) + 1]
    ['exp(x) + 1', 'exp(y) + 1']
    >>> [str(e) for e in np.sin(a) * 2]
    ['sin(x)*2', 'sin(y)*2']
    """
    import numpy as np

    array = values if isinstance(values, np.ndarray) else np.array(values, dtype=object)
    if array.dtype != object:
        array = array.astype(object)
    return array.view(_array_class())


@functools.cache
def _array_class() -> type:
    import numpy as np

    class ExprArray(np.ndarray):
        """An object array of expressions whose ufuncs build expressions."""

        def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
            return apply_ufunc(ufunc, method, inputs, kwargs)

        def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
            from symdiff.core.array_functions import array_function

            return array_function(func, args, kwargs)

    ExprArray.__module__ = __name__
    ExprArray.__qualname__ = "ExprArray"
    return ExprArray


def object_method(node: Expr, name: str) -> Callable[..., Expr]:
    """The method NumPy's object loop calls on an element (``np.sin(a)`` calls
    ``a[i].sin()``), for the ufuncs of ``UFUNC_FUNCTIONS`` and ``UFUNC_FORMULAS``."""
    from symdiff.core.ufunc_formulas import UFUNC_FORMULAS

    if (name not in UFUNC_FUNCTIONS and name not in UFUNC_FORMULAS) or name.startswith("_"):
        raise AttributeError(f"'Expr' object has no attribute {name!r}")
    builder = _function(name)

    def method(*args: object, out: object = None) -> Expr:
        # np.clip(e, lo, hi) calls e.clip(lo, hi, out=None), as for an array
        if out is not None:
            raise TypeError(f"Expr.{name}() cannot write into out=")
        return _scalar(builder, node, *args)

    return method


def constant_value(node: Expr, what: str) -> float:
    """The float value of an expression without symbols (``float(sqrt(2))``), for Python's
    numeric conversions; a symbolic one raises ``SymbolicBranchError``."""
    from symdiff.core.errors import SymbolicBranchError
    from symdiff.core.evaluate import evaluate
    from symdiff.core.expr import _brief
    from symdiff.core.traverse import free_symbols

    if not free_symbols(node):
        return evaluate(node)
    raise SymbolicBranchError(
        f"cannot turn {_brief(node)} into {what}: it is symbolic\n"
        "Use symdiff's functions (symdiff.sin, not math.sin) or NumPy's (numpy.sin) on"
        " symbols, or evaluate() at a point. A float array cannot hold an expression: make"
        " arrays with dtype=object or numpy.zeros_like(x)."
    )
