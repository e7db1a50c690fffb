"""Differentiation: the public entry points.

Takes an ``Expr`` (or text) and variables; returns derivative ``Expr`` nodes whose ``str()``
parses back to them. ``differentiate`` runs the forward rules of ``symdiff.diff.forward`` (one
memoized pass over the DAG per derivative taken); ``gradient``, ``jacobian`` and ``hessian``
use reverse-mode accumulation (``symdiff.diff.reverse``); ``check`` compares a derivative with
a finite-difference estimate (``symdiff.check``).

Guarantees: the rule pass costs time linear in the DAG size per derivative; a function
without a derivative raises ``DifferentiationError`` naming it; the output is simplified in
one place (``symdiff.diff.levels.finish``): by default to the standard form of
``symdiff.simplify``, with ``simplify="trivial"`` only by the trivial rules the derivative is built
with, and with ``simplify=False`` not at all (the raw rule output).
"""

from __future__ import annotations

import itertools
import numbers
from typing import TYPE_CHECKING, Literal, overload

from symdiff.core.errors import (
    ArgumentError,
    ArgumentValueError,
    DifferentiationError,
    InputTooLargeError,
    check_flag,
    describe,
)
from symdiff.core.expr import Expr
from symdiff.core.traverse import count_ops
from symdiff.diff.atoms import ATOMS_FROM_ORDER, atom_derivative
from symdiff.diff.check import CheckResult, check
from symdiff.diff.forward import derive
from symdiff.diff.higher import TAYLOR_FROM_ORDER, taylor_derivative
from symdiff.diff.inputs import as_input, as_symbols
from symdiff.diff.levels import finish, kit_for, level_of
from symdiff.diff.reverse import gradient, hessian, jacobian

if TYPE_CHECKING:
    from symdiff.notebook.explain import Derivation

__all__ = [
    "MAX_DERIVATIVE_OPS",
    "MAX_DERIVATIVE_WORK",
    "MAX_ORDER",
    "CheckResult",
    "check",
    "differentiate",
    "gradient",
    "hessian",
    "jacobian",
]

#: The most derivatives one call takes (the order ``n``, or the length of a mixed partial).
MAX_ORDER = 1000

#: Repeated differentiation stops with ``InputTooLargeError`` once an intermediate
#: derivative has more operations than this (counted in the DAG): each derivative is linear
#: in its input, but taking many can swell exponentially.
MAX_DERIVATIVE_OPS = 1_000_000

#: A standard-form derivative of order ``n`` that is not a polynomial in atoms
#: (``symdiff.diff.atoms``: a float in it, or a larger input) is taken order by order, each
#: rewritten in full: it stops with ``InputTooLargeError`` once the operations rewritten so
#: far plus the last size times the orders left exceed this.
MAX_DERIVATIVE_WORK = 2_000_000


@overload
def differentiate(
    expr: object,
    wrt: object,
    n: int = 1,
    *,
    simplify: bool | str = True,
    explain: Literal[False] = False,
) -> Expr: ...
@overload
def differentiate(
    expr: object, wrt: object, n: int = 1, *, simplify: bool | str = True, explain: Literal[True]
) -> Derivation: ...
@overload
def differentiate(
    expr: object, wrt: object, n: int = 1, *, simplify: bool | str = True, explain: bool
) -> Expr | Derivation: ...
def differentiate(
    expr: object,
    wrt: object,
    n: int = 1,
    *,
    simplify: bool | str = True,
    explain: bool = False,
) -> Expr | Derivation:
    """Differentiate ``expr`` with respect to ``wrt``, ``n`` times.

    Args:
        expr: an ``Expr``, a number or text (``"x^2*sin(x)"``).
        wrt: a symbol or its name; or a sequence of them for a mixed partial
            (``["x", "y"]``, or the string ``"x y"``, is d/dy of d/dx).
        n: the order (``0`` returns ``expr``); only with a single variable. High orders are
            not taken one by one: in standard form (from ``n = 3``) by the derivation on
            the input read as a polynomial in atoms (``symdiff.diff.atoms``), at the trivial
            level (from ``n = 6``) by Taylor-mode propagation (``symdiff.diff.higher``).
        simplify: ``True`` (the default) simplifies the derivative to standard form
            (``symdiff.simplify``), and further at the ``"full"`` level where a sum has a
            negative integer power (a quotient's derivative: ``cancel`` joins its fractions);
            ``"standard"`` and ``"full"`` ask for one level; ``"trivial"`` applies only the trivial
            rules (no ``+0``, ``*1``; numbers folded), the fastest; ``False`` returns the raw
            output of the rules, built exactly as the textbook rules say.
        explain: return a ``symdiff.notebook.explain.Derivation`` (the steps, as text or LaTeX, and
            the derivative as its ``result``) instead of the derivative; first derivatives
            with respect to one variable only.

    Returns:
        The derivative (a ``Derivation`` with ``explain=True``).

    Raises:
        DifferentiationError: for a function without a known derivative (naming it), or a
            negative order.
        ArgumentError: an argument of the wrong type (a ``wrt`` that is not a symbol or a
            name, an order that is not an integer), naming it.

    >>> print(differentiate("x*x + 3", "x", simplify=False))
    (x*1 + 1*x) + 0
    >>> print(differentiate("x*x + 3", "x", simplify="trivial"))
    x + x
    >>> print(differentiate("x*x + 3", "x"))
    2*x
    >>> print(differentiate("x^3 + sin(x)", "x", 2))
    6*x - sin(x)
    """
    root = as_input(expr)
    variables = as_symbols(wrt)
    if not variables:
        raise ArgumentValueError("wrt must name at least one variable, not an empty sequence")
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise ArgumentError(f"the order n must be a non-negative integer, not {describe(n)}")
    if n < 0:
        raise DifferentiationError(f"the order n must be a non-negative integer, not {n!r}")
    n = int(n)
    explain = check_flag("explain", explain)
    if len(variables) != 1 and n != 1:
        raise DifferentiationError("give either a sequence of variables or an order n, not both")
    steps = n if len(variables) == 1 else len(variables)
    if steps > MAX_ORDER:
        raise InputTooLargeError(f"{steps} derivatives in one call; the limit is {MAX_ORDER}")
    if explain:
        if len(variables) != 1 or n != 1:
            raise DifferentiationError("explain=True explains one first derivative at a time")
        from symdiff.notebook.explain import explain as explain_steps

        return explain_steps(root, variables[0], simplify=simplify)
    level_of(simplify)  # reject a bad value before any work
    kit = kit_for(simplify)
    if level_of(simplify) == "trivial" and len(variables) == 1 and n >= TAYLOR_FROM_ORDER:
        found = taylor_derivative(root, variables[0], n)
        if found is not None:
            return found
    if level_of(simplify) in ("standard", "full") and len(variables) == 1 and n >= ATOMS_FROM_ORDER:
        found = atom_derivative(root, variables[0], n)
        if found is not None:
            return finish([found], simplify, shared=False)[0]
    order = itertools.repeat(variables[0], n) if len(variables) == 1 else variables
    spent = 0
    for taken, variable in enumerate(order):
        size = count_ops(root, dag=True)
        if taken and size > MAX_DERIVATIVE_OPS:
            raise InputTooLargeError(
                f"after {taken} derivatives the expression has grown to"
                f" {size} operations (limit {MAX_DERIVATIVE_OPS})"
            )
        spent += size
        if taken and level_of(simplify) == "standard":
            _check_work(taken, steps, size, spent)
        root = finish([derive(root, variable, kit)], simplify, shared=False)[0]
    return root


def _check_work(taken: int, steps: int, size: int, spent: int) -> None:
    """Stop a standard-form derivative of high order whose remaining orders would rewrite
    more than ``MAX_DERIVATIVE_WORK`` operations (each order rewrites the whole last one)."""
    expected = spent + size * (steps - taken)
    if expected > MAX_DERIVATIVE_WORK:
        raise InputTooLargeError(
            f"after {taken} of {steps} derivatives the standard form has {size} operations,"
            f" and the remaining orders would rewrite about {expected} (limit"
            f" {MAX_DERIVATIVE_WORK}); simplify='trivial' gives the derivative by Taylor-mode"
            " propagation as a shared expression (cse() it to run it)"
        )
