"""NumPy interoperability: ufuncs and array functions on expressions.

Takes NumPy's calls into ``Expr.__array_ufunc__`` / ``__array_function__`` (and the method
calls NumPy's object loops make, ``element.sin()``); returns ``Expr`` for scalar inputs and
object arrays of ``Expr`` for array inputs. Guarantees:

- this module never imports NumPy at import time: its code runs only when NumPy calls it,
  so NumPy is already loaded (the core stays NumPy-free);
- a ufunc maps to a registry function by NAME, looked up at call time (``np.maximum`` is
  ``"max"``, ``np.log1p`` is ``"log1p"``): a function registered later is picked up, and a
  ufunc whose function is not registered raises ``SymdiffError`` naming both;
- the arithmetic ufuncs (``np.add``, ``np.power``, ...) build what the Python operators build;
- results for arrays are ``ExprArray`` (an object ``ndarray`` subclass) so that further
  ufuncs keep mapping, including the ones NumPy's plain object loops would do by comparing
  (``np.maximum``, ``np.sign``) or do not support (``np.heaviside``).

NumPy's plain object arrays (``np.array(symbols("x:3"))``) call methods on their elements
for most ufuncs (``np.sin(a)`` calls ``a[i].sin()``): ``object_method`` provides those, so
they work too; ufuncs whose object loop compares (``np.maximum``) need an ``ExprArray``
(``as_array``), which ``symdiff.trace`` passes for array arguments.
"""

from __future__ import annotations

import functools
import numbers
import operator
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from symdiff.core.errors import SymdiffError
from symdiff.core.expr import Expr, Op, as_expr

__all__ = [
    "UFUNC_FUNCTIONS",
    "UFUNC_OPERATORS",
    "apply_ufunc",
    "array_function",
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
    "heaviside": "heaviside",
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
    """What ``ufunc(*inputs)`` is on expressions and arrays of them (``__call__`` only)."""
    import numpy as np

    name = ufunc.__name__
    native = ufunc.signature is not None or ufunc.nout != 1  # matmul: NumPy's object loop
    if method != "__call__" or kwargs.get("out") is not None or native:
        plain = [np.asarray(a, dtype=object) if isinstance(a, Expr) else _strip(a) for a in inputs]
        if "out" in kwargs:
            kwargs = {**kwargs, "out": tuple(_strip(o) for o in kwargs["out"])}
        return _wrap(getattr(ufunc, method)(*plain, **kwargs))
    builder = _heaviside if name == "heaviside" else _function(name)
    if not any(isinstance(a, np.ndarray) for a in inputs):
        return _scalar(builder, *inputs)
    elementwise = np.frompyfunc(functools.partial(_scalar, builder), len(inputs), 1)
    return as_array(elementwise(*(_operand(a) for a in inputs)))


def _heaviside(u: Expr, at_zero: Expr) -> Expr:
    """``np.heaviside(u, h)``: symdiff's ``heaviside`` is 1/2 at 0; another ``h`` adds
    ``(h - 1/2)*eq(u, 0)``."""
    from symdiff.core.functions import REGISTRY

    step = _function_named("heaviside", "numpy.heaviside")(u)
    if at_zero.op is Op.NUM and at_zero.value == 0.5:
        return step
    return step + (at_zero - Fraction(1, 2)) * REGISTRY["eq"](u, 0)


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


def array_function(func: Any, args: tuple, kwargs: dict) -> Any:
    """NumPy's array functions with expressions: ``np.where`` maps to ``"where"``; the rest
    run NumPy's own implementation on object arrays."""
    import numpy as np

    if func is np.where and len(args) == 3 and not kwargs:
        builder = _function_named("where", "numpy.where")
        if not any(isinstance(a, np.ndarray) for a in args):
            return _scalar(builder, *args)
        elementwise = np.frompyfunc(functools.partial(_scalar, builder), 3, 1)
        result = elementwise(*(_operand(a) for a in args))
        return as_array(result) if isinstance(result, np.ndarray) else result
    plain = [_strip(a) for a in args]
    return _wrap(func(*plain, **kwargs))


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
            return array_function(func, args, kwargs)

    ExprArray.__module__ = __name__
    ExprArray.__qualname__ = "ExprArray"
    return ExprArray


def object_method(node: Expr, name: str) -> Callable[..., Expr]:
    """The method NumPy's object loop calls on an element (``np.sin(a)`` calls
    ``a[i].sin()``), for the ufuncs of ``UFUNC_FUNCTIONS``."""
    if name not in UFUNC_FUNCTIONS or name.startswith("_"):
        raise AttributeError(f"'Expr' object has no attribute {name!r}")
    builder = _function(name)
    return functools.partial(_scalar, builder, node)


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
