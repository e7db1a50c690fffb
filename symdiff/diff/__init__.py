"""Differentiation: derivatives as expressions, and finite differences to check them.

Sparse outputs: ``jacobian_sparsity``/``hessian_sparsity`` find the structural nonzeros without
differentiating (``sparsity``); ``sparse_jacobian``/``sparse_hessian`` build only those entries
(``sparse``).

Takes an ``Expr`` (or text) and variables; returns derivative ``Expr`` nodes: ``differentiate``
by the forward rules (``forward``, one memoized pass per derivative), ``gradient``,
``jacobian`` and ``hessian`` by reverse-mode accumulation over the DAG (``reverse``), simplified
by ``symdiff.simplify`` unless asked not to, in one place (``levels.finish``). ``check``
compares a derivative with a Richardson-extrapolated finite difference from ``numeric``,
which works on plain callables.

Guarantees: a rule pass costs time linear in the DAG size; a gradient costs a small constant
times the function's operations; a function without a derivative raises
``DifferentiationError`` naming it. ``differentiate(..., explain=True)`` returns the
``symdiff.notebook`` derivation, imported lazily when asked for.

>>> from symdiff.diff import differentiate, gradient
>>> print(differentiate("x^2*sin(x)", "x"))
x^2*cos(x) + 2*x*sin(x)
>>> [str(d) for d in gradient("x*y + y^2", ["x", "y"])]
['y', 'x + 2*y']
"""

from symdiff.diff.diff import CheckResult, check, differentiate, gradient, hessian, jacobian
from symdiff.diff.directional import hvp, jvp, vjp
from symdiff.diff.numeric import (
    central_difference,
    forward_difference,
    numerical_gradient,
    richardson,
    stencil_derivative,
    stencil_weights,
)
from symdiff.diff.series import series, taylor_coefficients
from symdiff.diff.sparse import SparseMatrix, sparse_hessian, sparse_jacobian
from symdiff.diff.sparsity import SparsityPattern, hessian_sparsity, jacobian_sparsity

__all__ = [
    "CheckResult",
    "SparseMatrix",
    "SparsityPattern",
    "central_difference",
    "check",
    "differentiate",
    "forward_difference",
    "gradient",
    "hessian",
    "hessian_sparsity",
    "hvp",
    "jacobian",
    "jacobian_sparsity",
    "jvp",
    "numerical_gradient",
    "richardson",
    "series",
    "sparse_hessian",
    "sparse_jacobian",
    "stencil_derivative",
    "stencil_weights",
    "taylor_coefficients",
    "vjp",
]
