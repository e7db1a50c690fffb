"""Exponentials as hyperbolic functions, for the ``"full"`` level.

Where a region has both ``e^(c*w)`` and ``e^(-c*w)`` (an exact ``c > 0``), each of them is
written ``cosh(c*w) + sinh(c*w)`` and ``cosh(c*w) - sinh(c*w)``: the same value everywhere.
The caller puts the candidate in standard form and keeps it only if it is smaller, so
``exp(x)/2 - exp(-x)/2 -> sinh(x)`` and ``(exp(x) - exp(-x))/(exp(x) + exp(-x))`` becomes
``sinh(x)/cosh(x)``, which the trigonometric candidates of the next round name ``tanh(x)``.
Exponentials without their opposite stay as they are.

>>> from symdiff.core.parse import parse
>>> from symdiff.simplify.simplify import standard_form
>>> str(exp_as_hyperbolic(standard_form(parse("exp(x)/2 - exp(-x)/2"))))
'1/2*(cosh(x) + sinh(x)) - 1/2*(cosh(x) - sinh(x))'
"""

from __future__ import annotations

from fractions import Fraction

from symdiff.core.construct import add, sub
from symdiff.core.expr import Const, Expr, Mul, Number, Op
from symdiff.core.functions import REGISTRY
from symdiff.simplify.algebra.convert import is_region_node, region_nodes
from symdiff.simplify.algebra.poly import TooLarge
from symdiff.simplify.algebra.regions import replace_atoms

__all__ = ["exp_as_hyperbolic"]

E = Const("e")


def exp_as_hyperbolic(root: Expr) -> Expr | None:
    """The region ``root`` with each exponential whose opposite it also has written by
    ``cosh`` and ``sinh`` (see the module); ``None`` when it has no such pair."""
    try:
        atoms = [n for n in region_nodes(root) if not is_region_node(n)]
    except TooLarge:
        return None
    signs: dict[Expr, set[bool]] = {}
    parts: dict[Expr, tuple[Expr, bool]] = {}
    for atom in atoms:
        split = _exponent(atom)
        if split is not None:
            parts[atom] = split
            signs.setdefault(split[0], set()).add(split[1])
    table: dict[Expr, Expr] = {}
    for atom, (u, positive) in parts.items():
        if len(signs[u]) == 2:
            cosh, sinh = REGISTRY["cosh"](u), REGISTRY["sinh"](u)
            table[atom] = add(cosh, sinh) if positive else sub(cosh, sinh)
    if not table:
        return None
    return replace_atoms(root, lambda atom: table.get(atom, atom))


def _exponent(atom: Expr) -> tuple[Expr, bool] | None:
    """``(u, True)`` for ``e^u`` and ``(u, False)`` for ``e^(-u)``, with ``u`` led by a
    positive exact number (or none); ``None`` for any other atom."""
    if atom.op is not Op.POW or atom.args[0] is not E:
        return None
    v = atom.args[1]
    if v.op is Op.MUL and v.args[0].op is Op.NUM:
        c = v.args[0].value
        if not isinstance(c, int | Fraction):
            return None
        if c < 0:  # the raw constructor: the node standard form builds for e^(|c|*w)
            rest = v.args[1:]
            if c != -1:
                return Mul(Number(-c), *rest), False
            return (rest[0] if len(rest) == 1 else Mul(*rest)), False
        return v, True
    return v, True
