"""symdiff: exact, readable, shareable, runnable derivatives.

>>> from symdiff import parse, evaluate, symbols, sin
>>> x, y = symbols("x y")
>>> e = x**2 * sin(y)
>>> e is parse("x^2*sin(y)")
True
>>> evaluate(e, x=2, y=0)
0.0
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
from symdiff.core.traverse import count_ops, free_symbols, natural_key, postorder, subs, tree_size
from symdiff.diff.diff import CheckResult, check, differentiate, gradient, hessian, jacobian
from symdiff.diff.directional import hvp, jvp, vjp
from symdiff.diff.series import series, taylor_coefficients
from symdiff.diff.sparse import SparseMatrix, sparse_hessian, sparse_jacobian
from symdiff.diff.sparsity import SparsityPattern, hessian_sparsity, jacobian_sparsity
from symdiff.emit import emit_array, emit_c, emit_dot, emit_numpy, emit_python, latex
from symdiff.emit.lambdify import lambdify
from symdiff.emit.sparse import lambdify_sparse
from symdiff.interop import from_sympy, to_sympy
from symdiff.notebook.explain import Derivation, explain
from symdiff.notebook.trace import trace
from symdiff.program.cse import Assign, Program, cse
from symdiff.simplify.many import simplify_many
from symdiff.simplify.polynomials import cancel, expand, factor_terms, together
from symdiff.simplify.rules import Rule
from symdiff.simplify.simplify import simplify, simplify_report

sin = REGISTRY["sin"]
cos = REGISTRY["cos"]
tan = REGISTRY["tan"]
sec = REGISTRY["sec"]
csc = REGISTRY["csc"]
cot = REGISTRY["cot"]
asin = REGISTRY["asin"]
acos = REGISTRY["acos"]
atan = REGISTRY["atan"]
atan2 = REGISTRY["atan2"]
sinh = REGISTRY["sinh"]
cosh = REGISTRY["cosh"]
tanh = REGISTRY["tanh"]
asinh = REGISTRY["asinh"]
acosh = REGISTRY["acosh"]
atanh = REGISTRY["atanh"]
exp = REGISTRY["exp"]
log = REGISTRY["log"]
sqrt = REGISTRY["sqrt"]
cbrt = REGISTRY["cbrt"]
sign = REGISTRY["sign"]
Abs = REGISTRY["abs"]
# conditionals (symdiff.core.conditions): a condition is 1.0 or 0.0
lt = REGISTRY["lt"]
le = REGISTRY["le"]
gt = REGISTRY["gt"]
ge = REGISTRY["ge"]
eq = REGISTRY["eq"]
ne = REGISTRY["ne"]
logical_and = REGISTRY["logical_and"]
logical_or = REGISTRY["logical_or"]
logical_not = REGISTRY["logical_not"]
where = REGISTRY["where"]
ifelse = where
Max = REGISTRY["max"]
Min = REGISTRY["min"]
relu = REGISTRY["relu"]
heaviside = REGISTRY["heaviside"]

__version__ = "0.1.0"

__all__ = [
    "Abs",
    "Add",
    "ArgumentError",
    "ArgumentValueError",
    "ArityError",
    "Assign",
    "Call",
    "CheckResult",
    "Const",
    "Derivation",
    "DifferentiationError",
    "DomainError",
    "E",
    "EmitError",
    "EvaluationError",
    "Expr",
    "Function",
    "InputTooLargeError",
    "Max",
    "Min",
    "MissingVariableError",
    "Mul",
    "Number",
    "Op",
    "Pow",
    "Program",
    "ProgramError",
    "Rule",
    "SparseMatrix",
    "SparsityPattern",
    "Symbol",
    "SymbolicBranchError",
    "SymdiffError",
    "SymdiffSyntaxError",
    "TemplateError",
    "UnknownFunctionError",
    "acos",
    "acosh",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "cancel",
    "cbrt",
    "check",
    "cos",
    "cosh",
    "cot",
    "count_ops",
    "csc",
    "cse",
    "differentiate",
    "emit_array",
    "emit_c",
    "emit_dot",
    "emit_numpy",
    "emit_python",
    "eq",
    "evaluate",
    "exp",
    "expand",
    "explain",
    "factor_terms",
    "free_symbols",
    "from_sympy",
    "ge",
    "gradient",
    "gt",
    "heaviside",
    "hessian",
    "hessian_sparsity",
    "hvp",
    "ifelse",
    "jacobian",
    "jacobian_sparsity",
    "jvp",
    "lambdify",
    "lambdify_sparse",
    "latex",
    "le",
    "log",
    "logical_and",
    "logical_not",
    "logical_or",
    "lt",
    "natural_key",
    "ne",
    "parse",
    "pi",
    "postorder",
    "register_function",
    "relu",
    "sec",
    "series",
    "sign",
    "simplify",
    "simplify_many",
    "simplify_report",
    "sin",
    "sinh",
    "sparse_hessian",
    "sparse_jacobian",
    "sqrt",
    "subs",
    "symbols",
    "tan",
    "tanh",
    "taylor_coefficients",
    "to_sympy",
    "together",
    "trace",
    "tree_size",
    "unregister_function",
    "vjp",
    "where",
]
