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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from symdiff.core.construct import mul, power, product_of, sum_of
from symdiff.core.errors import (
    DifferentiationError,
    SymdiffError,
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
    _intern,
    as_expr,
)
from symdiff.core.functions import REGISTRY
from symdiff.core.traverse import postorder
from symdiff.diff.piecewise import select_derivative

__all__ = [
    "RAW",
    "RULES",
    "TRIVIAL",
    "Kit",
    "derive",
    "live_nodes",
    "partial",
    "propagate",
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
