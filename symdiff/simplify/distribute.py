"""Distributing a sum factor where its terms cancel against the rest of the sum.

Takes a sum in standard form, the run's constructors and its simplifier of one node; returns a
smaller equal sum, or ``None``. A product rule leaves a sum as a factor of one term,
``2*(x*cos(x) + sin(x))/sqrt(cos(x)) - 2*sin(x)/sqrt(cos(x))``, and standard form keeps it
(distributing every sum factor would expand products of sums without bound). This step opens
such a factor only where that lets terms collect: it multiplies the factor out, simplifies the
new terms a rule applies to (``atan(u)*sinh(u)/cosh(u) -> atan(u)*tanh(u)``), and goes on only
if one of them has the monomial of another term of the sum (or of a term another opening
gives); the opened sum, simplified, is kept only if its tree (as laid out for reading) has
fewer operations than the sum had (``2*x*sqrt(cos(x))`` above).

Guarantees: the value is kept (distributing is exact; a factor is not opened where a number
would grow past ``GROWTH_BITS``, as standard form does not distribute one there). The work at
one sum is linear in the size of its terms: the new terms are built once for each factor of
at most ``MAX_FACTOR_TERMS`` terms, and the whole sum is rebuilt and simplified at most
``MAX_SINGLES + 1`` times (all the openings whose terms collect together, then, if that is not
smaller, the first ``MAX_SINGLES`` alone). The result is strictly smaller, so repeating the
step ends.

>>> from symdiff.simplify.simplify import simplify
>>> from symdiff.core.parse import parse
>>> print(simplify(parse("2*(x*cos(x) + sin(x))/sqrt(cos(x)) - 2*sin(x)/sqrt(cos(x))")))
2*x*sqrt(cos(x))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from symdiff.core.expr import Expr, Op
from symdiff.simplify.canonical import GROWTH_BITS, Canon
from symdiff.simplify.exact import bits

__all__ = ["MAX_FACTOR_TERMS", "MAX_SINGLES", "distributed"]

#: A factor is opened only if it is a sum of at most this many terms.
MAX_FACTOR_TERMS = 8
#: Where opening all the factors whose terms collect is not smaller, the first this many
#: are tried one by one.
MAX_SINGLES = 4

Key = Expr | None
Opening = tuple[int, list[Expr]]  # the index of the term, the terms it opens into


def distributed(
    total: Expr,
    canon: Canon,
    simplify_one: Callable[[Expr], Expr],
    size: Callable[[Expr], int],
    rewrites: Callable[[Expr], bool] = lambda node: True,
) -> Expr | None:
    """A smaller sum equal to ``total`` with a sum factor multiplied out, or ``None``.

    Args:
        total: a sum in standard form.
        canon: the constructors of the run.
        simplify_one: the run's simplification of one node (memoized).
        size: the operations of a tree.
        rewrites: whether a rule applies at the root of a node in standard form (a new
            term is simplified only then; by default always).

    >>> from symdiff.core.parse import parse
    >>> from symdiff.simplify.simplify import standard_form
    >>> canon = Canon()
    >>> e = canon.add([standard_form(parse("x*(y + 1)")), standard_form(parse("-x*y"))])
    >>> print(e, "->", distributed(e, canon, standard_form, lambda n: len(str(n))))
    -x*y + x*(y + 1) -> x
    """
    terms = total.args
    if total.op is not Op.ADD:
        return None
    openings = _openings(terms, canon)
    if not openings:
        return None
    keys = Counter(_key(t, canon) for t in terms)
    wanted = _collecting(terms, openings, keys, canon)
    if not wanted:  # a new term may collect once a rule has rewritten it
        rewritten = [
            (i, _terms([simplify_one(p) if rewrites(p) else p for p in pieces]))
            for i, pieces in openings
            if any(rewrites(p) for p in pieces)
        ]
        wanted = _collecting(terms, rewritten, keys, canon) if rewritten else []
    if not wanted:
        return None
    limit = size(total)
    tries = [wanted] + ([[opening] for opening in wanted[:MAX_SINGLES]] if len(wanted) > 1 else [])
    for chosen in tries:
        candidate = simplify_one(canon.add(_opened(terms, chosen)))
        if candidate is not total and size(candidate) < limit:
            return candidate
    return None


def _collecting(
    terms: tuple[Expr, ...], openings: list[Opening], keys: Counter, canon: Canon
) -> list[Opening]:
    """The openings with a new term whose monomial is that of another term of the sum, or
    of a new term of another opening (counted once for all: linear in the terms)."""
    every = keys.copy()
    own: list[Counter] = []
    for _, pieces in openings:
        mine = Counter(_key(p, canon) for p in pieces)
        every.update(mine)
        own.append(mine)
    wanted: list[Opening] = []
    for (index, pieces), mine in zip(openings, own, strict=True):
        replaced = _key(terms[index], canon)
        if any(every[k] - mine[k] - (k == replaced) > 0 for k in mine):
            wanted.append((index, pieces))
    return wanted


def _openings(terms: tuple[Expr, ...], canon: Canon) -> list[Opening]:
    """For each term with a sum factor of at most ``MAX_FACTOR_TERMS`` terms: the terms of
    that factor multiplied by the term's other factors, in standard form."""
    found: list[Opening] = []
    for index, term in enumerate(terms):
        if term.op is not Op.MUL:
            continue
        factors = term.args
        at = next(
            (
                i
                for i, f in enumerate(factors)
                if f.op is Op.ADD and len(f.args) <= MAX_FACTOR_TERMS
            ),
            None,
        )
        if at is None:
            continue
        rest = factors[:at] + factors[at + 1 :]
        pieces = _terms([canon.mul([*rest, part]) for part in factors[at].args])
        if any(_grows(p) for p in pieces):
            continue  # standard form keeps c*(...) whole rather than build such numbers
        found.append((index, pieces))
    return found


def _terms(pieces: list[Expr]) -> list[Expr]:
    """The terms of a list of terms and sums."""
    return [t for p in pieces for t in (p.args if p.op is Op.ADD else (p,))]


def _opened(terms: tuple[Expr, ...], chosen: list[Opening]) -> list[Expr]:
    """``terms`` with each chosen term replaced by the terms it opens into."""
    replaced = dict(chosen)
    out: list[Expr] = []
    for index, term in enumerate(terms):
        out.extend(replaced.get(index, (term,)))
    return out


def _grows(term: Expr) -> bool:
    """Whether the number of a term has more than ``GROWTH_BITS`` bits."""
    number = term.args[0] if term.op is Op.MUL else term
    if number.op is not Op.NUM or isinstance(number.value, float):
        return False
    return bits(number.value) > GROWTH_BITS


def _key(term: Expr, canon: Canon) -> Key:
    """The monomial of a term (``None`` for a number): terms with one key collect."""
    return None if term.op is Op.NUM else canon.split(term)[1]
