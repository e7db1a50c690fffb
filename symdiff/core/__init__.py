"""The core: expressions and everything every stage needs to read and write them.

Takes Python values or text (``parse``); returns immutable, hash-consed ``Expr`` nodes, and
reads them back: the function registry (``functions``), construction with the trivial rules
(``construct``, exact powers of numbers in ``powers``), iterative traversal (``traverse``),
printing (``printing``), numeric evaluation (``evaluate``) and the errors every stage raises
(``errors``).

Guarantees: building the same structure twice returns the same object; every walk is
iterative and memoized per unique node, so deep and shared expressions cost their DAG size;
every error a user can cause is a ``SymdiffError``.

Imports run one way: the core imports no later stage at import time. The one place it
reaches forward is ``Expr``'s own convenience methods (``e.simplify()``, ``_repr_latex_``,
...), which import ``symdiff.simplify`` and ``symdiff.notebook`` lazily inside the method.

>>> from symdiff.core import parse, evaluate, symbols
>>> x = symbols("x")
>>> parse("x^2 + 1") is x**2 + 1
True
>>> evaluate(x**2 + 1, x=3)
10.0
"""

from symdiff.core.errors import (
    ArgumentError,
    ArgumentValueError,
    ArityError,
    DifferentiationError,
    DomainError,
    EmitError,
    EvaluationError,
    InputTooLargeError,
    MissingVariableError,
    ProgramError,
    SymbolicBranchError,
    SymdiffError,
    SymdiffSyntaxError,
    TemplateError,
    UnknownFunctionError,
)
from symdiff.core.evaluate import evaluate
from symdiff.core.expr import Add, Call, Const, E, Expr, Mul, Number, Op, Pow, Symbol, pi, symbols
from symdiff.core.functions import REGISTRY, Function, register_function, unregister_function
from symdiff.core.parse import parse
from symdiff.core.special import SPECIAL_FUNCTIONS as _SPECIAL_FUNCTIONS  # noqa: F401 (registers)
from symdiff.core.traverse import count_ops, free_symbols, postorder, subs, tree_size

__all__ = [
    "REGISTRY",
    "Add",
    "ArgumentError",
    "ArgumentValueError",
    "ArityError",
    "Call",
    "Const",
    "DifferentiationError",
    "DomainError",
    "E",
    "EmitError",
    "EvaluationError",
    "Expr",
    "Function",
    "InputTooLargeError",
    "MissingVariableError",
    "Mul",
    "Number",
    "Op",
    "Pow",
    "ProgramError",
    "Symbol",
    "SymbolicBranchError",
    "SymdiffError",
    "SymdiffSyntaxError",
    "TemplateError",
    "UnknownFunctionError",
    "count_ops",
    "evaluate",
    "free_symbols",
    "parse",
    "pi",
    "postorder",
    "register_function",
    "subs",
    "symbols",
    "tree_size",
    "unregister_function",
]
