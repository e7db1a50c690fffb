"""The ``simplify=`` argument of the differentiation entry points, and ``finish``: the one
place where every derivative symdiff returns is simplified.

Takes the derivatives as the rules built them (trivial rules or raw constructors) and the
level asked for; returns them at that level: one derivative alone (standard form, and the
full level's algebra on a quotient), several outputs as one shared program (the
sharing-aware standard level, or the program level above ``PROGRAM_FROM_OPS``).

>>> level_of(True), level_of("program")
('standard', 'program')
"""

from __future__ import annotations

from symdiff.core.errors import ArgumentValueError, check_flag, describe
from symdiff.core.expr import Expr, Op
from symdiff.core.traverse import exceeds_ops, postorder
from symdiff.diff.forward import RAW, TRIVIAL, Kit

__all__ = [
    "PROGRAM_FROM_OPS",
    "SIMPLIFY_LEVELS",
    "finish",
    "has_long_product",
    "kit_for",
    "level_of",
]

#: What ``simplify=`` accepts on the differentiation entry points, and the level it means.
SIMPLIFY_LEVELS = {
    True: "standard",
    "standard": "standard",
    "full": "full",
    "program": "program",
    "trivial": "trivial",
    False: "raw",
}
#: The level of ``simplify=True`` (the default) for one derivative: ``"quotients"`` is the
#: standard level, then the full level where a sum has a negative integer power (README,
#: "Common denominators, cancellation and the full level"). The outputs of ``gradient``,
#: ``jacobian`` and ``hessian`` take the sharing-aware paths (``PROGRAM_FROM_OPS``).
SINGLE_DEFAULT = "quotients"

#: ``simplify=True`` for several outputs (``gradient``, ``jacobian``, ``hessian``, ``jvp``,
#: ``vjp``, ``hvp``): the sharing-aware standard level (``simplify_many``) while the outputs
#: built with the trivial rules have at most this many operations (their DAG), the
#: ``"program"`` level (``symdiff.simplify.local``) above. The standard level costs about a
#: hundred times as much per operation: at this size about 30-60 ms, for outputs a person
#: still reads; above, the outputs are a program to run (README, "Programs").
PROGRAM_FROM_OPS = 500


def level_of(simplify: object) -> str:
    """``"standard"``, ``"full"``, ``"program"``, ``"trivial"`` or ``"raw"`` for a
    ``simplify=`` argument.

    >>> level_of(True), level_of("trivial"), level_of(False)
    ('standard', 'trivial', 'raw')
    """
    wanted = "True, 'standard', 'full', 'program', 'trivial' or False"
    if isinstance(simplify, str):
        if simplify not in SIMPLIFY_LEVELS:
            raise ArgumentValueError(f"simplify must be {wanted}, not {describe(simplify)}")
        return SIMPLIFY_LEVELS[simplify]
    return SIMPLIFY_LEVELS[check_flag("simplify", simplify, wanted)]


def kit_for(simplify: object, trivial: Kit | None = None) -> Kit:
    """The builders for a ``simplify=`` argument: the raw constructors for ``False``, else
    ``trivial`` (default ``TRIVIAL``)."""
    if level_of(simplify) == "raw":
        return RAW
    return TRIVIAL if trivial is None else trivial


def finish(exprs: list[Expr], simplify: object, *, shared: bool) -> list[Expr]:
    """The final simplification of every derivative symdiff returns: the one place it happens.

    The rules build with the trivial rules (``TRIVIAL``) or the raw constructors (``RAW``);
    at the ``"standard"`` level (the default) the result then goes through the standard
    simplifier: ``simplify`` for one derivative, ``simplify_many`` for the outputs of
    ``gradient``, ``jacobian`` and ``hessian`` (``shared=True``), which keeps the structure
    the partials share shared instead of simplifying it once per partial. By default
    (``simplify=True``) outputs of more than ``PROGRAM_FROM_OPS`` operations get the
    ``"program"`` level instead (``local_many``), as ``simplify="program"`` asks for
    everywhere.
    """
    level = level_of(simplify)
    if level not in ("standard", "full", "program"):
        return exprs
    from symdiff.simplify.local import local_many
    from symdiff.simplify.many import simplify_kept_whole, simplify_many

    if level == "program":
        return local_many(exprs)
    if shared:
        if level == "full":
            raise ArgumentValueError(
                "simplify must be True, 'standard', 'program', 'trivial' or False for several"
                " outputs (gradient, jacobian, hessian, jvp, vjp, hvp simplify them as one"
                " program)\nhint: simplify(entry, 'full') simplifies one entry at the full level"
            )
        if not isinstance(simplify, str) and exceeds_ops(exprs, PROGRAM_FROM_OPS):
            return local_many(exprs)
        return simplify_many(exprs)
    if not isinstance(simplify, str):  # the default, simplify=True
        level = SINGLE_DEFAULT
    # A long product's derivative shares its prefix and suffix products (or a nested
    # product chain its partial products): the standard form of one expression would
    # flatten each into every term (quadratic), so it is simplified as a program instead.
    return [simplify_kept_whole(e) if has_long_product(e) else _single(e, level) for e in exprs]


def _single(expr: Expr, level: str) -> Expr:
    """One derivative at ``level``, or at ``"quotients"``: standard, and full if it has a
    sum with a negative integer power."""
    from symdiff.simplify.full import has_polynomial_denominator
    from symdiff.simplify.simplify import quotient_form, simplify

    if level != "quotients":
        return simplify(expr, level)
    standard = simplify(expr)
    if len(postorder(standard)) > QUOTIENT_NODES or not has_polynomial_denominator(standard):
        return standard
    # from the derivative itself: the full level's rounds start from sums as standard form
    # builds them, before any factor is distributed (symdiff.simplify.simplify._full)
    return quotient_form(expr)


#: The default's full level runs on one derivative of at most this many unique nodes.
QUOTIENT_NODES = 2_000


#: A shared product of more factors than this (counted through nested products) makes
#: ``finish`` keep shared products whole in a single derivative, as it does for a gradient.
LONG_PRODUCT = 64


def has_long_product(expr: Expr) -> bool:
    """Whether ``expr`` has a product of more than ``LONG_PRODUCT`` factors (counting the
    factors of nested products: ``((a*b)*c)*d`` has 4) that is used in more than one place:
    flattening it would copy it into each of its users.

    >>> from symdiff.core.parse import parse
    >>> long = "*".join(["x"] * 65)
    >>> has_long_product(parse(f"sin({long}) + {long}")), has_long_product(parse(long))
    (True, False)
    """
    factors: dict[Expr, int] = {}
    users: dict[Expr, int] = {}
    for node in postorder(expr):
        for arg in set(node.args):
            if arg in factors:
                users[arg] = users.get(arg, 0) + 1
        if node.op is Op.MUL:
            factors[node] = min(LONG_PRODUCT + 1, sum(factors.get(a, 1) for a in node.args))
    return any(users.get(n, 0) > 1 and count > LONG_PRODUCT for n, count in factors.items())
