"""Trigonometric and hyperbolic identities of one region, for the ``"full"`` level.

Takes the root of a region (``symdiff.simplify.algebra.convert``) and yields rewritten
regions of the same value wherever the input is defined. The region's ``tan``, ``sec``,
``csc``, ``cot`` and ``tanh`` atoms are written with the sine and cosine of their argument
(``tan(u) = sin(u)/cos(u)``, defined exactly where ``tan(u)`` is), the region is read as one
fraction over its atoms, and for each argument ``u`` whose sine and cosine both occur the
fraction is reduced by ``sin(u)^2 + cos(u)^2 = 1`` (``cosh(u)^2 - sinh(u)^2 = 1``): once
eliminating the even powers of the cosine, once those of the sine. The GCD of numerator and
denominator is then cancelled (which, like ``cancel``, may extend the domain). A root of an
atom is an atom too (``sqrt(cosh(x))``, whose square is ``cosh(x)``), so the relation holds
between powers of the generators. Each candidate is also given with its numerator and
denominator each in the shorter of the two reductions; the caller keeps the smallest.

Bounds: those of ``symdiff.simplify.algebra`` (past them a candidate is skipped), and
``MAX_PAIRS`` sine-cosine pairs per region.

>>> from symdiff.core.parse import parse
>>> forms = [str(c) for c in trig_candidates(parse("cos(x)*sec(x)^2 - sin(x)*tan(x)"))]
>>> forms[0], "cos(x)" in forms
('(-sin(x)^2 + 1)/cos(x)', True)
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from symdiff.core.construct import mul, power
from symdiff.core.expr import Expr, Number, Op
from symdiff.core.functions import REGISTRY
from symdiff.simplify.algebra.convert import is_region_node, region_nodes
from symdiff.simplify.algebra.gcd import gcd
from symdiff.simplify.algebra.poly import MAX_WORK, Poly, TooLarge, normal
from symdiff.simplify.algebra.rational import Fractions, from_rational, to_rational
from symdiff.simplify.algebra.regions import replace_atoms
from symdiff.simplify.algebra.trig_angles import linearized
from symdiff.simplify.algebra.trig_forms import distributed, power_fraction
from symdiff.simplify.order import Ordering

__all__ = ["MAX_PAIRS", "has_trig_atoms", "trig_candidates"]

#: Most sine-cosine pairs (distinct arguments) reduced in one region.
MAX_PAIRS = 4

#: The sine-like (0) and cosine-like (1) member of each family.
MEMBERS: dict[str, tuple[str, int]] = {
    "sin": ("trig", 0),
    "cos": ("trig", 1),
    "sinh": ("hyperbolic", 0),
    "cosh": ("hyperbolic", 1),
}

#: Quotients written with the pair: name -> (sine name, cosine name, exponents).
QUOTIENTS: dict[str, tuple[str, str, int, int]] = {
    "tan": ("sin", "cos", 1, -1),
    "sec": ("sin", "cos", 0, -1),
    "csc": ("sin", "cos", -1, 0),
    "cot": ("sin", "cos", -1, 1),
    "tanh": ("sinh", "cosh", 1, -1),
}

#: ``(a, b)`` with ``member^2 = a + b*other^2``, by family and eliminated member.
RELATIONS: dict[tuple[str, int], tuple[int, int]] = {
    ("trig", 0): (1, -1),  # sin^2 = 1 - cos^2
    ("trig", 1): (1, -1),  # cos^2 = 1 - sin^2
    ("hyperbolic", 0): (-1, 1),  # sinh^2 = cosh^2 - 1
    ("hyperbolic", 1): (1, 1),  # cosh^2 = 1 + sinh^2
}

Pair = tuple[str, tuple[int, int], tuple[int, int]]  # family, (index, root) of sine, cosine


def _builtin(node: Expr, names: dict) -> str | None:
    """The name of a built-in call among ``names``, else ``None``."""
    if node.op is not Op.CALL or len(node.args) != 1:
        return None
    name = node.value.name
    return name if name in names and REGISTRY.get(name) is node.value else None


def has_trig_atoms(root: Expr) -> bool:
    """Whether the region of ``root`` has a trigonometric or hyperbolic atom (a call, or a
    power of one); ``False`` past ``MAX_REGION`` nodes.

    >>> from symdiff.core.parse import parse
    >>> has_trig_atoms(parse("x*tan(x) + 1")), has_trig_atoms(parse("x + exp(x)"))
    (True, False)
    """
    try:
        for node in region_nodes(root):
            if _builtin(node, MEMBERS) or _builtin(node, QUOTIENTS):
                return True
            if node.op is Op.POW and not is_region_node(node) and _builtin(node.args[0], MEMBERS):
                return True
    except TooLarge:
        return False
    return False


def _with_pairs(root: Expr) -> Expr:
    """The region with its quotient atoms written by sine and cosine (raw constructors)."""
    return replace_atoms(root, _as_pair)


def _as_pair(node: Expr) -> Expr:
    name = _builtin(node, QUOTIENTS)
    if name is None:
        return node
    sine, cosine, ks, kc = QUOTIENTS[name]
    (u,) = node.args
    factors = [power(REGISTRY[f](u), Number(k)) for f, k in ((sine, ks), (cosine, kc)) if k]
    return mul(*factors)


def _member(atom: Expr) -> tuple[str, int, Expr, int] | None:
    """``(family, member, argument, root)`` for ``f(u)`` or ``f(u)^(1/root)``."""
    root = 1
    if atom.op is Op.POW:
        k = atom.args[1]
        if k.op is not Op.NUM or type(k.value) is not Fraction or k.value.numerator != 1:
            return None
        atom, root = atom.args[0], k.value.denominator
    name = _builtin(atom, MEMBERS)
    if name is None:
        return None
    family, member = MEMBERS[name]
    return family, member, atom.args[0], root


def _pairs(atoms: list[Expr]) -> tuple[list[Pair], list[Expr]]:
    """The sine-cosine pairs among ``atoms``, and the atoms to add to them: the other
    member of a plain ``sin(u)`` or ``cos(u)`` that occurs alone (for the relation and the
    multiple angles of ``trig_angles``)."""
    found: dict[tuple[str, Expr], dict[int, tuple[int, int]]] = {}
    for i, atom in enumerate(atoms):
        parsed = _member(atom)
        if parsed is not None:
            family, member, u, root = parsed
            found.setdefault((family, u), {})[member] = (i, root)
    if len(found) > MAX_PAIRS:
        raise TooLarge("too many sine-cosine pairs")
    extra: list[Expr] = []
    pairs: list[Pair] = []
    for (family, u), members in found.items():
        if len(members) == 1:
            ((member, (_, root)),) = members.items()
            if root != 1:
                continue
            name = next(n for n, fm in MEMBERS.items() if fm == (family, 1 - member))
            members[1 - member] = (len(atoms) + len(extra), 1)
            extra.append(REGISTRY[name](u))
        pairs.append((family, members[0], members[1]))
    return pairs, extra


def _padded(p: Poly, extra: int) -> Poly:
    if not extra:
        return p
    return Poly({m + (0,) * extra: c for m, c in p.terms.items()}, p.nvars + extra)


def _eliminate(p: Poly, pairs: list[Pair], member: int | None) -> Poly:
    """``p`` with the squares of ``member`` (0 sine, 1 cosine, ``None`` neither) of each
    pair replaced."""
    if member is None:
        return p
    for family, sine, cosine in pairs:
        (i, ri), (j, rj) = (sine, cosine) if member == 0 else (cosine, sine)
        a, b = RELATIONS[family, member]
        other = tuple(2 * rj if k == j else 0 for k in range(p.nvars))
        p = _substitute(p, i, 2 * ri, Poly({(0,) * p.nvars: a, other: b}, p.nvars))
    return p


def _substitute(p: Poly, i: int, period: int, replacement: Poly) -> Poly:
    """``p`` with ``g_i^period`` replaced by ``replacement`` (until ``g_i``'s degree is
    below ``period``)."""
    if p.degree(i) < period:
        return p
    powers = [Poly.constant(1, p.nvars)]
    terms: dict[tuple[int, ...], int | Fraction] = {}
    work = 0
    for m, c in p.terms.items():
        q, r = divmod(m[i], period)
        while len(powers) <= q:
            powers.append(powers[-1] * replacement)
        rest = (*m[:i], r, *m[i + 1 :])
        for m2, c2 in powers[q].terms.items():
            key = tuple(e1 + e2 for e1, e2 in zip(rest, m2, strict=True))
            terms[key] = terms.get(key, 0) + c * c2
        work += len(powers[q].terms)
        if work > MAX_WORK:
            raise TooLarge("reduction too large")
    return Poly({m: c for m, c in terms.items() if c}, p.nvars)


def _cancelled(num: Poly, den: Poly) -> tuple[Poly, Poly]:
    if den.constant_value() is None and not num.is_zero():
        _, num, den = gcd(num, den)
    return num, den


def _forms(num: Poly, den: Poly, atoms: list[Expr], pairs: list[Pair]) -> Iterator[Expr]:
    yield from_rational(num, den, atoms)
    yield power_fraction(num, den, atoms)
    spread = distributed(num, den, atoms, pairs)
    if spread is not None:
        yield spread


def _angle_fraction(num: Poly, den: Poly, atoms: list[Expr], pairs: list[Pair]) -> Expr:
    """The fraction with its numerator and denominator linearized (``trig_angles``)."""
    cn, pn = num.primitive()
    cd, pd = den.primitive()
    bottom = Number(1) if pd.constant_value() == 1 else linearized(pd, atoms, pairs)
    return mul(Number(normal(cn / cd)), linearized(pn, atoms, pairs), power(bottom, Number(-1)))


def trig_candidates(
    root: Expr, order: Ordering | None = None, fractions: Fractions | None = None
) -> Iterator[Expr]:
    """Rewrites of the region ``root`` by the Pythagorean identities (see the module), built
    with the trivial constructors; nothing past a bound or without a sine-cosine pair
    (``order`` and ``fractions`` as for ``to_rational``)."""
    try:
        num, den, atoms = to_rational(_with_pairs(root), (), order, fractions)
        pairs, extra = _pairs(atoms)
    except TooLarge:
        return
    num, den, atoms = _padded(num, len(extra)), _padded(den, len(extra)), atoms + extra
    if not pairs:
        return
    for member in (None, 1, 0):
        try:
            n, d = _eliminate(num, pairs, member), _eliminate(den, pairs, member)
            if member is not None and n is num and d is den:
                continue  # nothing to eliminate: the same as without
            reduced = _cancelled(n, d)
            yield from _forms(*reduced, atoms, pairs)
            if member is None:  # the multiple angles are the same for every reduction
                yield _angle_fraction(*reduced, atoms, pairs)
            elif d is not den and n is not num:  # the numerator alone reduced
                yield from _forms(*_cancelled(n, den), atoms, pairs)
        except TooLarge:
            continue
