"""A trigonometric or hyperbolic function of an inverse one, as an algebraic expression.

Takes the root of a region (``symdiff.simplify.algebra.convert``); returns the region with
each atom ``f(g(a))`` of the table ``COMPOSITIONS`` replaced by its algebraic form
(``cos(atan(a)) -> 1/sqrt(1 + a^2)``), or ``None`` when it has no such atom. Each form has
the value of the composition at every real ``a`` where the composition is defined
(``tan(asin(a)) = a/sqrt(1 - a^2)``: both undefined at ``a = 1``; ``sinh(acosh(a)) =
sqrt(a - 1)*sqrt(a + 1)``, both defined for ``a >= 1`` only). Four forms are defined on a
larger set, as ``cancel``'s are: ``csc(asin(a)) = 1/a`` and ``sec(acos(a)) = 1/a`` outside
``[-1, 1]``, ``cot(asin(a))`` and ``tan(acos(a))`` nowhere more (``sqrt(1 - a^2)/a``). The
compositions the standard level already rewrites (``sin(asin(a))``, ``cos(asin(a))``, ...)
are not repeated here; ``asin(sin(a))`` and the like are not identities and are absent.
The walk is iterative over the region's nodes (at most ``MAX_REGION``).

>>> from symdiff.core.parse import parse
>>> str(with_compositions(parse("cos(atan(x))/(x^2 + 1)")))
'1/sqrt(1 + x^2)/(x^2 + 1)'
"""

from __future__ import annotations

from functools import cache

from symdiff.core.expr import Expr, Op
from symdiff.core.functions import REGISTRY
from symdiff.core.parse import parse
from symdiff.core.traverse import rebuild, subs
from symdiff.simplify.algebra.convert import MAX_REGION, is_region_node

__all__ = ["COMPOSITIONS", "with_compositions"]

#: ``(outer, inner) -> form`` in the variable ``a``.
COMPOSITIONS: dict[tuple[str, str], str] = {
    ("sin", "atan"): "a/sqrt(1 + a^2)",
    ("cos", "atan"): "1/sqrt(1 + a^2)",
    ("sec", "atan"): "sqrt(1 + a^2)",
    ("csc", "atan"): "sqrt(1 + a^2)/a",
    ("cot", "atan"): "1/a",
    ("tan", "asin"): "a/sqrt(1 - a^2)",
    ("sec", "asin"): "1/sqrt(1 - a^2)",
    ("csc", "asin"): "1/a",
    ("cot", "asin"): "sqrt(1 - a^2)/a",
    ("tan", "acos"): "sqrt(1 - a^2)/a",
    ("sec", "acos"): "1/a",
    ("csc", "acos"): "1/sqrt(1 - a^2)",
    ("cot", "acos"): "a/sqrt(1 - a^2)",
    ("tanh", "asinh"): "a/sqrt(1 + a^2)",
    ("sinh", "acosh"): "sqrt(a - 1)*sqrt(a + 1)",
    ("tanh", "acosh"): "sqrt(a - 1)*sqrt(a + 1)/a",
    ("sinh", "atanh"): "a/sqrt(1 - a^2)",
    ("cosh", "atanh"): "1/sqrt(1 - a^2)",
}


@cache
def _form(outer: str, inner: str) -> Expr:
    return parse(COMPOSITIONS[outer, inner])


def _builtin_name(node: Expr) -> str | None:
    if node.op is not Op.CALL or len(node.args) != 1:
        return None
    name = node.value.name
    return name if REGISTRY.get(name) is node.value else None


def _composed(node: Expr) -> Expr | None:
    outer = _builtin_name(node)
    inner = _builtin_name(node.args[0]) if outer is not None else None
    if inner is None or (outer, inner) not in COMPOSITIONS:
        return None
    return subs(_form(outer, inner), {"a": node.args[0].args[0]})


def with_compositions(root: Expr) -> Expr | None:
    """The region ``root`` with its composition atoms rewritten, ``None`` without any."""
    done: dict[Expr, Expr] = {}
    changed = False
    stack: list[tuple[Expr, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if node in done:
            continue
        if len(done) > MAX_REGION:
            return None
        if not is_region_node(node):
            found = _composed(node)
            changed |= found is not None
            done[node] = node if found is None else found
        elif expanded:
            done[node] = rebuild(node, tuple(done[a] for a in node.args))
        else:
            stack.append((node, True))
            stack.extend((a, False) for a in node.args if a not in done)
    return done[root] if changed else None
