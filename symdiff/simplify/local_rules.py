"""The program level's rewrite of one sum, product or power from its operands' rewrites.

Takes a node's operands (already rewritten) and which of them have one user; returns the
rewritten node (``symdiff.simplify.local`` applies it once per unique node). Looks at the
node and its operands only: splices a single-use operand of the same kind, collects terms
that differ only in their number, adds the numeric exponents of one base, folds exact
numbers. A node whose operands it keeps is given back as it is (no new node is interned).
"""

from __future__ import annotations

from fractions import Fraction

from symdiff.core.construct import power
from symdiff.core.expr import Expr, Number, Op, _intern

__all__ = ["SPLICE_ARITY", "rewrite_power", "rewrite_product", "rewrite_sum", "spliced"]

Num = int | Fraction | float

#: A single-use operand is spliced into its user while the user has fewer operands.
SPLICE_ARITY = 24


def spliced(
    op: Op, before: tuple[Expr, ...], after: tuple[Expr, ...], users: dict[Expr, int]
) -> list[Expr]:
    """The operands, with those of a single-use operand of the same kind spliced in."""
    out: list[Expr] = []
    for old, new in zip(before, after, strict=True):
        if new.op is op and users.get(old, 0) <= 1 and len(new.args) + len(out) < SPLICE_ARITY:
            out.extend(new.args)
        else:
            out.append(new)
    return out


def rewrite_sum(terms: list[Expr], same: Expr | None = None) -> Expr:
    """Terms that differ only in their number collected, in the order of first sight
    (``same``: a node whose operands ``terms`` are, given back if the sum keeps them)."""
    coefficients: dict[tuple[Expr, ...], Num] = {}
    seen: dict[tuple[Expr, ...], Expr] = {}
    numbers: list[Expr] = []
    repeated = False
    for term in terms:
        if term.op is Op.MUL:
            c, key = _split_term(term)
        elif term.op is Op.NUM:
            numbers.append(term)
            continue
        else:
            c, key = 1, (term,)
        if key in coefficients:
            repeated = True
            coefficients[key] += c
        else:
            coefficients[key] = c
            seen[key] = term
    if not repeated:
        return _node(Op.ADD, tuple(terms), same)
    out = [
        seen[key] if c == _split_term(seen[key])[0] else _term(c, key)
        for key, c in coefficients.items()
        if c != 0 or isinstance(c, float)
    ]
    return _add(*out, *numbers)


def _split_term(term: Expr) -> tuple[Num, tuple[Expr, ...]]:
    """A term's number (the product of its numeric factors, ``1`` without one) and the
    rest (``3*x/4 -> 3/4, (x,)``)."""
    if term.op is not Op.MUL:
        return 1, (term,)
    c: Num | None = None
    rest = []
    for f in term.args:
        if f.op is not Op.NUM:
            rest.append(f)
        elif c is None:  # the common single number: no arithmetic (no new Fraction)
            c = f.value
        else:
            c *= f.value
    return 1 if c is None else c, tuple(rest)


def _term(c: Num, key: tuple[Expr, ...]) -> Expr:
    return _mul(Number(c), *key)


def _add(*terms: Expr) -> Expr:
    """A sum with its exact numbers added and a zero dropped, its operands otherwise as
    given: a sum operand stays one node (the trivial constructor would splice it, copying a
    shared sum into each user)."""
    return _node(Op.ADD, terms)


def _mul(*factors: Expr) -> Expr:
    """A product with its exact numbers multiplied (first) and a one dropped, its operands
    otherwise as given (see ``add``); zero for an exact zero factor."""
    return _node(Op.MUL, factors)


def _node(op: Op, items: tuple[Expr, ...], same: Expr | None = None) -> Expr:
    """``items`` with their exact numbers folded, under ``op``; ``same`` (a node of ``op``
    with operands ``items``, or ``None``) is the result when nothing folds."""
    unit = 0 if op is Op.ADD else 1
    total: int | Fraction = unit
    rest: list[Expr] = []
    exact = 0
    for item in items:
        if item.op is not Op.NUM or type(item.value) not in _EXACT:
            rest.append(item)
        elif not exact:  # the first number is the total so far (no arithmetic)
            exact, total = 1, item.value
        else:
            exact += 1
            total = total + item.value if op is Op.ADD else total * item.value
    if not exact:  # the common case: no number to fold
        if len(items) == 1:
            return items[0]
        if not items:  # every term cancelled (``x - x``)
            return Number(unit)
        return same if same is not None else _intern(op, None, tuple(items))
    if op is Op.MUL and total == 0:
        return Number(0)
    if exact == 1 and total != unit:  # nothing folded: keep the operands' order
        if same is not None and len(items) > 1:
            return same
        rest = list(items)
    elif total != unit:
        rest.insert(0 if op is Op.MUL else len(rest), Number(total))
    if not rest:
        return Number(total)
    if len(rest) == 1:
        return rest[0]
    return _intern(op, None, tuple(rest))


_EXACT = (int, Fraction)


def rewrite_product(factors: list[Expr], same: Expr | None = None) -> Expr:
    """Powers of one base with numeric exponents added, and ``c*(d*u) -> (c*d)*u`` where
    ``d*u`` is shared (the same operations, and ``-(-u) -> u``); a product of no repeated
    base is left to the trivial rules (``same`` as in ``rewrite_sum``)."""
    if len(factors) == 2:  # the common case, as the loop below would find it
        a, b = factors
        if a.op is Op.NUM and b.op is Op.MUL:
            d, rest = _split_term(b)
            if len(rest) == 1:
                return _mul(Number(a.value * d), rest[0])
        base = _base(a)
        if base is None or base is not _base(b):
            return _node(Op.MUL, (a, b), same)
    exponents: dict[Expr, list[Expr]] = {}
    repeated = False
    for f in factors:
        if f.op is Op.NUM:
            continue
        if f.op is Op.POW:
            if f.args[1].op is not Op.NUM:
                continue
            base = f.args[0]
        else:
            base = f
        group = exponents.get(base)
        if group is None:
            exponents[base] = [f]
        else:
            group.append(f)
            repeated = True
    if not repeated:
        return _node(Op.MUL, tuple(factors), same)
    out: list[Expr] = []
    placed: set[Expr] = set()
    for f in factors:
        base = f.args[0] if f.op is Op.POW else f
        group = exponents.get(base) if f.op is not Op.NUM else None
        if group is None or len(group) == 1 or f not in group:
            out.append(f)
        elif base not in placed:
            placed.add(base)
            total = sum(_exponent(g) for g in group)
            out.append(rewrite_power(base, Number(total)))
    return _mul(*out)


def _base(factor: Expr) -> Expr | None:
    """What ``factor`` is a power of, with a numeric exponent (``None`` for a number, or a
    power with another exponent)."""
    if factor.op is Op.POW:
        return factor.args[0] if factor.args[1].op is Op.NUM else None
    return None if factor.op is Op.NUM else factor


def _exponent(factor: Expr) -> Num:
    return factor.args[1].value if factor.op is Op.POW else 1


def rewrite_power(base: Expr, k: Expr) -> Expr:
    """``(u^a)^n -> u^(a*n)`` for an integer ``n`` and a number ``a``; otherwise the trivial
    rules."""
    if (
        base.op is Op.POW
        and k.op is Op.NUM
        and type(k.value) is int
        and base.args[1].op is Op.NUM
        and not isinstance(base.args[1].value, float)
    ):
        return power(base.args[0], Number(base.args[1].value * k.value))
    return power(base, k)
