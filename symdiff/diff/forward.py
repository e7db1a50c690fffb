"""Forward-mode derivative rules: one table from ``Op`` to a small rule, applied over the DAG.

Takes an ``Expr`` and a symbol, returns the derivative ``Expr`` (unsimplified beyond the
trivial rules). Guarantees:

- the rules are data: ``RULES`` maps each structural ``Op`` to a rule of the node and its
  arguments' derivatives; function calls use the registry's partial derivatives through one
  generic chain rule, ``d f(u1, ..., uk) = sum_i f_i(u1, ..., uk) * d u_i``;
- one pass in postorder over the unique nodes, with a dict of derivatives: cost and output
  DAG size are linear in the input's DAG size, whatever its tree size or depth (no
  recursion); a product of more than ``SMALL_PRODUCT`` varying factors shares prefix and
  suffix products between the terms of its derivative instead of writing n terms of n
  factors;
- a function without a known derivative raises ``DifferentiationError`` naming it;
- with ``RAW`` the rules build exactly their textbook output with the raw constructors
  (``d(x*x + 3) = (x*1 + 1*x) + 0``); with ``TRIVIAL`` they build through the smart
  constructors of ``symdiff.core.construct`` (no ``+0``, ``*1``, ``0*u``; numbers folded exactly).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from symdiff.core.construct import mul, power, product_of, sum_of
from symdiff.core.errors import (
    ArgumentError,
    ArgumentValueError,
    DifferentiationError,
    SymdiffError,
    check_flag,
    check_type,
    describe,
    items_of,
)
from symdiff.core.expr import (
    LEAVES,
    Add,
    E,
    Expr,
    Mul,
    Number,
    Op,
    Pow,
    Symbol,
    _intern,
    as_expr,
)
from symdiff.core.functions import REGISTRY
from symdiff.core.traverse import free_symbols, natural_key, postorder
from symdiff.diff.piecewise import select_derivative

__all__ = [
    "PROGRAM_FROM_OPS",
    "RAW",
    "RULES",
    "SIMPLIFY_LEVELS",
    "TRIVIAL",
    "Kit",
    "as_input",
    "as_symbol",
    "as_symbols",
    "derive",
    "finish",
    "kit_for",
    "level_of",
    "live_nodes",
    "partial",
    "propagate",
    "variables_of",
]

ZERO = Number(0)
ONE = Number(1)


def is_zero(node: Expr) -> bool:
    """True for a numeric zero (exact or float)."""
    return node.op is Op.NUM and node.value == 0


# -- builders: raw constructors, or the trivial rules with bounded flattening ----------------


@dataclass(frozen=True)
class Kit:
    """How rules build nodes: ``raw`` (exactly as written) or with the trivial rules.

    The trivial builders flatten a nested sum or product only while it has at most
    ``flatten_limit`` operands: flattening copies operands, and copying a growing product
    at every level of a chain (``sin(sin(...(x)))``) would make the output quadratic.
    """

    raw: bool
    flatten_limit: int = 8

    def add(self, *terms: Expr) -> Expr:
        """A sum of one or more terms."""
        if self.raw:
            return terms[0] if len(terms) == 1 else Add(*terms)
        return _bounded(sum_of, Op.ADD, terms, self.flatten_limit)

    def mul(self, *factors: Expr) -> Expr:
        """A product of one or more factors."""
        if self.raw:
            return factors[0] if len(factors) == 1 else Mul(*factors)
        return _bounded(product_of, Op.MUL, factors, self.flatten_limit)

    def power(self, base: Expr, exponent: Expr) -> Expr:
        """``base ^ exponent``."""
        return Pow(base, exponent) if self.raw else power(base, exponent)


RAW = Kit(raw=True)
TRIVIAL = Kit(raw=False)


def _bounded(build: Callable[..., Expr], op: Op, items: Sequence[Expr], limit: int) -> Expr:
    if len(items) == 1:  # already built: keep its form
        return items[0]
    for item in items:
        if item.op is op or item.op is Op.NUM:
            break
    else:  # the common case: nothing to fold or flatten
        return _intern(op, None, tuple(items))
    big = [item for item in items if item.op is op and len(item.args) > limit]
    if not big:
        return build(items)
    small = [item for item in items if not (item.op is op and len(item.args) > limit)]
    head = build(small)
    if not big:
        return head
    if op is Op.MUL and is_zero(head):
        return head
    neutral = head.op is Op.NUM and head.value == (1 if op is Op.MUL else 0)
    parts = big if neutral else [*(head.args if head.op is op else (head,)), *big]
    return parts[0] if len(parts) == 1 else _intern(op, None, tuple(parts))


# -- the rules -----------------------------------------------------------------------------

Rule = Callable[[Expr, list[Expr], list[bool], Kit], Expr]


def _d_add(node: Expr, dargs: list[Expr], live: list[bool], k: Kit) -> Expr:
    if not k.raw:  # the zero terms change nothing, unless what is left is one number or sum
        terms = [d for d in dargs if d is not ZERO]
        if not terms:
            return ZERO
        if len(terms) > 1 or (terms[0].op is not Op.NUM and terms[0].op is not Op.ADD):
            return k.add(*terms)
    return k.add(*dargs)


def _d_mul(node: Expr, dargs: list[Expr], live: list[bool], k: Kit) -> Expr:
    # The n-ary product rule: each term replaces one factor by its derivative, in place,
    # last factor first as in the seed talk (d(u*v) = u*dv + du*v).
    args = node.args
    which = [i for i in reversed(range(len(args))) if live[i] or k.raw]
    if len(which) == 1 and not k.raw:  # the most frequent case: one term
        i = which[0]
        return k.mul(*args[:i], dargs[i], *args[i + 1 :])
    if len(which) > SMALL_PRODUCT:
        return k.add(*_linear_terms(args, dargs, which, k))
    return k.add(*(k.mul(*args[:i], dargs[i], *args[i + 1 :]) for i in which))


#: Products with more terms in their derivative than this share prefix and suffix products
#: between the terms (linear); smaller ones keep the textbook form (n terms of n factors).
SMALL_PRODUCT = 4


def _linear_terms(args: Sequence[Expr], dargs: list[Expr], which: list[int], k: Kit) -> list[Expr]:
    """Term ``i`` is ``(f0*...*f(i-1)) * df(i) * (f(i+1)*...*f(n-1))`` with the prefix and
    suffix products built once, as binary chains: about 4 operations per factor, never a
    division (a factor that is zero at a point is fine)."""
    times = RAW.mul if k.raw else _chain
    first, last = min(which), max(which)
    heads: dict[int, Expr] = {0: args[0]}  # heads[i] = f0*...*fi
    for i in range(1, last):
        heads[i] = times(heads[i - 1], args[i])
    tails: dict[int, Expr] = {len(args) - 1: args[-1]}  # tails[i] = fi*...*f(n-1)
    for i in reversed(range(first + 1, len(args) - 1)):
        tails[i] = times(args[i], tails[i + 1])
    terms = []
    for i in which:
        parts = [heads[i - 1]] if i else []
        parts.append(dargs[i])
        if i + 1 < len(args):
            parts.append(tails[i + 1])
        terms.append(times(*parts))
    return terms


def _chain(*factors: Expr) -> Expr:
    """A product with the trivial rules, in order and never flattened (a prefix or suffix
    product stays one shared node): numbers fold into a leading coefficient."""
    numbers = [f for f in factors if f.op is Op.NUM]
    rest = [f for f in factors if f.op is not Op.NUM]
    if numbers:
        coefficient = mul(*numbers)
        if not rest or is_zero(coefficient):
            return coefficient
        if coefficient is not ONE:
            rest.insert(0, coefficient)
    return rest[0] if len(rest) == 1 else Mul(*rest)


def _d_pow(node: Expr, dargs: list[Expr], live: list[bool], k: Kit) -> Expr:
    base, exponent = node.args
    dbase, dexponent = dargs
    if not live[1]:  # u^c = c * u^(c-1) * du, never through log
        return k.mul(exponent, k.power(base, minus_one(exponent, k)), dbase)
    if not live[0]:  # c^g = c^g * log(c) * dg
        return k.mul(*exp_factor(node, k), dexponent)
    log_base = REGISTRY["log"](base)
    inner = k.add(k.mul(dexponent, log_base), k.mul(exponent, dbase, k.power(base, Number(-1))))
    return k.mul(node, inner)


def _d_call(node: Expr, dargs: list[Expr], live: list[bool], k: Kit) -> Expr:
    if node.value.select is not None:  # piecewise: the where of the branches' derivatives
        return select_derivative(node, dargs)
    # The one generic chain rule: sum of partial derivative times derivative of the argument.
    terms = [
        k.mul(partial(node, i), darg)
        for i, darg in enumerate(dargs)
        if live[i] or (k.raw and has_partial(node, i))
    ]
    return k.add(*terms) if terms else ZERO


RULES: dict[Op, Rule] = {
    Op.ADD: _d_add,
    Op.MUL: _d_mul,
    Op.POW: _d_pow,
    Op.CALL: _d_call,
}


def minus_one(exponent: Expr, k: Kit) -> Expr:
    """``exponent - 1``, folded when the exponent is a number."""
    if exponent.op is Op.NUM:
        return Number(exponent.value - 1)
    return k.add(exponent, Number(-1))


def exp_factor(node: Expr, k: Kit) -> tuple[Expr, ...]:
    """The factors of ``d(c^g)/dg`` for a constant base ``c``: ``c^g`` and ``log(c)``
    (``e^g`` needs no ``log(e)``; ``0^g`` is constant where it is defined)."""
    base = node.args[0]
    if base is E:
        return (node,)
    return (ZERO,) if is_zero(base) else (node, REGISTRY["log"](base))


def has_partial(node: Expr, index: int) -> bool:
    """Whether the called function knows its derivative in argument ``index``."""
    builders = node.value.derivatives
    return builders is not None and builders[index] is not None


def partial(node: Expr, index: int) -> Expr:
    """The registry's partial derivative of the call ``node`` in argument ``index``.

    Raises:
        DifferentiationError: naming the function when no derivative is known.
    """
    function = node.value
    if not has_partial(node, index):
        which = f" in argument {index + 1}" if function.arity > 1 else ""
        if function.builtin:  # polygamma(n, x) in its order n
            raise DifferentiationError(
                f"{function.name}() has no derivative{which}; that argument must not depend"
                " on the variable"
            )
        raise DifferentiationError(
            f"no derivative is known for the function {function.name!r}{which}; register one"
            f" with register_function({function.name!r}, impl, derivatives=[...])"
        )
    try:
        result = function.derivatives[index](*node.args)
        return as_expr(result)
    except SymdiffError:
        raise
    except Exception as error:
        raise DifferentiationError(
            f"the derivative rule of {function.name!r} failed: {error}"
        ) from error


# -- the pass ------------------------------------------------------------------------------


def live_nodes(order: list[Expr], variables: Iterable[Expr]) -> set[Expr]:
    """The nodes of ``order`` (children first) that contain one of ``variables``."""
    live = set(variables)
    for node in order:
        if node.args and any(a in live for a in node.args):
            live.add(node)
    return live


def propagate(order: list[Expr], known: dict[Expr, Expr], live: set[Expr], k: Kit) -> None:
    """Fill ``known`` with the derivative of every node of ``order`` (children first).

    A node's argument missing from ``known`` has derivative zero; ``live`` says which
    arguments depend on the variable (it selects the power rule and skips constant terms).
    """
    for node in order:
        if node in known:
            continue
        if node.op in LEAVES:
            known[node] = ZERO
            continue
        args = node.args
        dargs = [known.get(a, ZERO) for a in args]
        known[node] = RULES[node.op](node, dargs, [a in live for a in args], k)


def derive(expr: Expr, wrt: Expr, k: Kit) -> Expr:
    """One derivative of ``expr`` with respect to the symbol ``wrt``.

    >>> from symdiff.core.parse import parse
    >>> x = parse("x")
    >>> str(derive(parse("x*x + 3"), x, RAW)), str(derive(parse("x*x + 3"), x, TRIVIAL))
    ('(x*1 + 1*x) + 0', 'x + x')
    """
    order = postorder(expr)
    live = live_nodes(order, [wrt])
    if not k.raw:
        if expr not in live:
            return ZERO
        order = [n for n in order if n in live]
    known: dict[Expr, Expr] = {wrt: ONE}
    propagate(order, known, live, k)
    return known[expr]


# -- inputs and the final step shared by every entry point ----------------------------------


def as_input(expr: object, name: str = "expr") -> Expr:
    """An expression given as an ``Expr``, a number or text (``ArgumentError`` otherwise,
    naming the argument ``name``)."""
    if isinstance(expr, str):
        from symdiff.core.parse import parse

        return parse(expr)
    check_type(name, expr, (Expr, numbers.Real, bool), "an Expr, a number or text")
    return as_expr(expr)


def variable_names(text: str) -> list[str]:
    """The names in a space- or comma-separated string, as ``lambdify`` and ``cse`` read it.

    >>> variable_names("x, y z")
    ['x', 'y', 'z']
    """
    return text.replace(",", " ").split()


def as_symbol(wrt: object, argument: str = "wrt") -> Expr:
    """A variable given as a symbol or its name (``argument``: the parameter, for messages)."""
    if isinstance(wrt, str):
        names = variable_names(wrt)
        if len(names) != 1:
            count = f"{len(names)} variables" if names else "no variable"
            raise ArgumentValueError(
                f"{argument}: {wrt!r} names {count}; give one symbol or its name"
            )
        return Symbol(names[0])
    if isinstance(wrt, Expr) and wrt.op is Op.SYM:
        return wrt
    raise ArgumentError(
        f"{argument}: can only differentiate with respect to a symbol or its name, "
        f"not {describe(wrt)}"
    )


def variables_of(exprs: Sequence[Expr], wrt: object) -> list[Expr]:
    """The variables ``wrt`` names, or by default the free symbols of ``exprs`` in natural
    order (``x2`` before ``x10``)."""
    if wrt is None:
        names: set[Expr] = set()
        for expr in exprs:
            names |= free_symbols(expr)
        return sorted(names, key=natural_key)
    return as_symbols(wrt)


def as_symbols(wrt: object) -> list[Expr]:
    """One variable, a string of names (``"x y"`` or ``"x, y"``) or a sequence of variables,
    as a list of symbols."""
    if isinstance(wrt, str):
        names = variable_names(wrt)
        if not names:
            raise ArgumentValueError(f"wrt: {wrt!r} names no variable; for example 'x y' or 'x, y'")
        return [Symbol(name) for name in names]
    if isinstance(wrt, Expr):
        return [as_symbol(wrt)]
    return [as_symbol(w) for w in items_of("wrt", wrt, "a symbol, a name or a sequence of them")]


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
    from symdiff.simplify.local import exceeds_ops, local_many
    from symdiff.simplify.simplify import simplify_kept_whole, simplify_many

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
