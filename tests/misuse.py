"""Misuse of the public API from Python: every entry point with one wrong argument.

``ENTRY_POINTS`` holds one valid call per public callable of ``symdiff`` (every function in
``symdiff.__all__`` and every registered function); ``misuse(draw)`` takes one of them and
replaces one argument (positional or keyword) with a value of the wrong type or range, drops
an argument, or adds one. The contract is the library's: the call returns, or raises a
``SymdiffError``. ``EXCLUDED`` names the public classes that are data, not entry points.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

import symdiff
from symdiff import REGISTRY, Function, Symbol, cse, lambdify, parse

E0 = parse("x^2*sin(y) + 1/x")
X = Symbol("x")

#: Public classes that hold data (their constructors are not fuzzed here).
EXCLUDED = {"Assign", "CheckResult", "Derivation", "Expr", "Function", "Op", "Program"}
EXCLUDED |= {"SparseMatrix", "SparsityPattern"}

#: Entry points that take any number of arguments and check the count themselves (for the
#: others, Python's own signature check raises ``TypeError`` before symdiff runs).
VARIADIC = {"lambdified function", "Add", "Mul"} | {f"function {name}" for name in REGISTRY}

HOSTILE: list[Any] = [
    None,
    True,
    False,
    np.array(2.0),
    np.array([1.0, 2.0]),
    np.float64("nan"),
    {},
    [],
    {"x": None},
    {"x": "a"},
    object(),
    "",
    "x",
    "(",
    1.5,
    -1,
    0,
    10**400,
    math.inf,
    math.nan,
    b"x",
    (1, 2),
    Fraction(1, 3),
    lambda: 0,
    X,
    {1, 2},
    [[None]],
]


@dataclass(frozen=True)
class Call:
    """One valid call: ``target(*args, **kwargs)``."""

    target: Callable[..., Any]
    args: tuple
    kwargs: dict

    def run(self) -> Any:
        return self.target(*self.args, **self.kwargs)


def _entry_points() -> dict[str, Call]:
    point = {"x": 0.5, "y": 2.0}
    program = cse(E0)
    compiled = lambdify(E0, "x y")
    return {
        "parse": Call(parse, ("x^2",), {"max_length": 100}),
        "differentiate": Call(symdiff.differentiate, (E0, "x", 1), {"simplify": True}),
        "gradient": Call(symdiff.gradient, (E0, ["x", "y"]), {"simplify": True}),
        "jacobian": Call(symdiff.jacobian, ([E0, X], ["x", "y"]), {"simplify": True}),
        "hessian": Call(symdiff.hessian, (E0, ["x", "y"]), {"simplify": True}),
        "jacobian_sparsity": Call(symdiff.jacobian_sparsity, ([E0, X], ["x", "y"]), {}),
        "hessian_sparsity": Call(symdiff.hessian_sparsity, (E0, ["x", "y"]), {}),
        "sparse_jacobian": Call(symdiff.sparse_jacobian, ([E0, X], ["x", "y"]), {"simplify": True}),
        "sparse_hessian": Call(
            symdiff.sparse_hessian, (E0, ["x", "y"]), {"triangle": "full", "simplify": True}
        ),
        "lambdify_sparse": Call(
            symdiff.lambdify_sparse,
            (symdiff.sparse_hessian(E0, ["x", "y"]), ["x", "y"], "python"),
            {"format": "csr", "signature": "scalars", "name": "f"},
        ),
        "simplify": Call(
            symdiff.simplify, (E0, "standard", ()), {"assume_positive": False, "max_passes": 5}
        ),
        "expand": Call(symdiff.expand, (E0,), {}),
        "together": Call(symdiff.together, (E0,), {}),
        "cancel": Call(symdiff.cancel, (E0,), {}),
        "factor_terms": Call(symdiff.factor_terms, (E0,), {}),
        "simplify_many": Call(symdiff.simplify_many, ([E0, X], "standard", ()), {}),
        "simplify_report": Call(symdiff.simplify_report, (E0,), {"trace": True}),
        "cse": Call(cse, (E0,), {"full": False, "inputs": ["x", "y"]}),
        "evaluate": Call(symdiff.evaluate, (E0, point), {}),
        "lambdify": Call(lambdify, (E0, "x y", "python"), {"name": "f"}),
        "lambdified function": Call(compiled, (0.5, 2.0), {}),
        "emit_c": Call(symdiff.emit_c, (program, "x y"), {"name": "f"}),
        "emit_python": Call(symdiff.emit_python, (program, "x y"), {"name": "f"}),
        "emit_numpy": Call(symdiff.emit_numpy, (program, "x y"), {"name": "f"}),
        "emit_array": Call(symdiff.emit_array, (program, "x y"), {"name": "f"}),
        "jvp": Call(symdiff.jvp, ([E0, X], ["x", "y"], [1, 0]), {}),
        "vjp": Call(symdiff.vjp, ([E0, X], ["x", "y"], [1, 2]), {}),
        "hvp": Call(symdiff.hvp, (E0, ["x", "y"], [1, 0]), {}),
        "series": Call(symdiff.series, (E0, "x", 1, 3), {}),
        "taylor_coefficients": Call(symdiff.taylor_coefficients, (E0, "x", 1, 3), {}),
        "to_sympy": Call(symdiff.to_sympy, (E0,), {"evaluate": True}),
        "from_sympy": Call(symdiff.from_sympy, (symdiff.to_sympy(E0),), {}),
        "emit_dot": Call(symdiff.emit_dot, (program,), {"name": "program"}),
        "latex": Call(symdiff.latex, (E0,), {}),
        "explain": Call(symdiff.explain, (E0, "x"), {"simplify": True}),
        "check": Call(symdiff.check, (E0, "x", point), {"rtol": 1e-6, "atol": 1e-8}),
        "count_ops": Call(symdiff.count_ops, (E0, True), {}),
        "free_symbols": Call(symdiff.free_symbols, (E0,), {}),
        "postorder": Call(symdiff.postorder, (E0, X), {}),
        "subs": Call(symdiff.subs, (E0, {"x": 2}), {}),
        "tree_size": Call(symdiff.tree_size, (E0,), {}),
        "natural_key": Call(symdiff.natural_key, ("x10",), {}),
        "trace": Call(symdiff.trace, (lambda a, b: a * b, 1.0, 2.0), {}),
        "register_function": Call(
            symdiff.register_function,
            ("fuzzed", math.sin, [lambda u: REGISTRY["cos"](u)]),
            {"arity": 1, "targets": {"python": "{m}.sin({0})"}, "replace": True},
        ),
        "unregister_function": Call(symdiff.unregister_function, ("fuzzed",), {}),
        "symbols": Call(symdiff.symbols, ("x y",), {}),
        "Number": Call(symdiff.Number, (2,), {}),
        "Symbol": Call(symdiff.Symbol, ("x",), {}),
        "Const": Call(symdiff.Const, ("pi",), {}),
        "Add": Call(symdiff.Add, (X, 1), {}),
        "Mul": Call(symdiff.Mul, (X, 2), {}),
        "Pow": Call(symdiff.Pow, (X, 2), {}),
        "Call": Call(symdiff.Call, (REGISTRY["sin"], X), {}),
        "Rule": Call(symdiff.Rule, ("sin(a)^2 + cos(a)^2 -> 1",), {"name": "pythagoras"}),
        **{
            f"function {name}": Call(function, (X,) * function.arity, {})
            for name, function in sorted(REGISTRY.items())
        },
    }


ENTRY_POINTS = _entry_points()


def public_callables() -> set[str]:
    """Names of the callables in ``symdiff.__all__`` that are not error classes (a registered
    function as ``function <name>``, as in ``ENTRY_POINTS``)."""
    names = set()
    for name in symdiff.__all__:
        thing = getattr(symdiff, name)
        if isinstance(thing, Function):
            names.add(f"function {thing.name}")
        elif callable(thing) and not (isinstance(thing, type) and issubclass(thing, Exception)):
            names.add(name)
    return names


def misuse(draw: Callable[[int], int]) -> tuple[str, Call, str]:
    """``(entry point, the misused call, what was changed)``."""
    names = sorted(ENTRY_POINTS)
    name = names[draw(len(names))]
    call = ENTRY_POINTS[name]
    slots: list[int | str] = [*range(len(call.args)), *sorted(call.kwargs)]
    if name in VARIADIC:
        slots += ["drop", "extra"]
    slot = slots[draw(len(slots))]
    bad = HOSTILE[draw(len(HOSTILE))]
    args, kwargs = list(call.args), dict(call.kwargs)
    if slot == "drop":
        args = args[:-1]
    elif slot == "extra":
        args.append(bad)
    elif isinstance(slot, int):
        args[slot] = bad
    else:
        kwargs[slot] = bad
    what = f"{slot}" if slot in ("drop", "extra") else f"{slot}={_brief(bad)}"
    return name, Call(call.target, tuple(args), kwargs), what


def _brief(value: object) -> str:
    if isinstance(value, int) and value.bit_length() > 64:
        return f"<int of {value.bit_length()} bits>"
    return repr(value)[:60]
