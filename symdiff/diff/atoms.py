"""Derivatives of high order in standard form: polynomials in atoms, differentiated as data.

Takes an ``Expr`` (read in its standard form), a symbol ``x`` and an order ``n``; returns the
``n``-th derivative as an expression for the standard simplifier to finish, or ``None`` when
the fast way does not apply. The input is read as a sparse Laurent polynomial with exact rational
coefficients in *atoms*: symbols, constants, calls (``sin(x)``, ``exp(sin(x))``) and powers
whose base is a sum or whose exponent is not an integer (``(1 + x^2)^(-1/2)``). The derivative
of each atom is worked out once (the first-derivative rules, then ``standard_form``) and read
as such a polynomial too, so that the ``k``-th derivative is the derivation ``D`` applied to a
dictionary ``monomial -> coefficient``: like terms are collected as they appear, with Python
numbers, instead of by rewriting an expression tree after every order. Guarantees:

- the result has the value of the ``n``-th derivative wherever the input's derivatives are
  defined (``u^p * u^q = u^(p + q)`` and ``u^0 = 1`` are the only identities used);
- ``None`` for a float in the input or in an atom's derivative (floats are folded exactly
  once, by the simplifier), and for an input of more than ``MAX_ATOM_INPUT`` nodes that
  depend on ``x``, or with a product of more than ``MAX_MONOMIAL_ATOMS`` atoms, or whose
  atoms keep multiplying past ``MAX_ATOMS``;
- the work (terms produced, summed over the orders) is predicted after each order (the terms
  per order extrapolated from their growth so far) and bounded by ``MAX_ATOM_WORK``: beyond
  it, ``InputTooLargeError`` before the time is spent.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from symdiff.core.construct import add, mul, power
from symdiff.core.errors import InputTooLargeError
from symdiff.core.expr import Expr, Number, Op
from symdiff.core.traverse import postorder
from symdiff.diff.forward import TRIVIAL, derive, live_nodes

__all__ = [
    "ATOMS_FROM_ORDER",
    "MAX_ATOMS",
    "MAX_ATOM_INPUT",
    "MAX_ATOM_WORK",
    "MAX_MONOMIAL_ATOMS",
    "atom_derivative",
]

#: ``differentiate(..., n)`` at the standard (default) and full levels takes this way from
#: this order on (below it, the derivatives one by one are as quick and keep their forms).
ATOMS_FROM_ORDER = 3
#: The most terms the derivation may produce in one call, summed over the orders (a few
#: microseconds each): the 100th derivative of ``exp(sin(x))`` produces about 130,000, the
#: 200th about 10^6 (seconds); the 300th (3.5 million) is refused after some 70 orders, the
#: 1000th (some 10^8) after about 20, in milliseconds.
MAX_ATOM_WORK = 1_500_000
#: Atoms (distinct bases) at most; each new one costs a first derivative.
MAX_ATOMS = 200
#: The most nodes depending on ``x`` an input may have to be read as a polynomial.
MAX_ATOM_INPUT = 500
#: The most atoms in one monomial of the input: the ``k``-th derivative of a product of
#: ``m`` atoms has about ``C(m + k, k)`` terms, where the rules order by order keep a long
#: product's prefix and suffix products shared (linear in ``m``).
MAX_MONOMIAL_ATOMS = 8

Coefficient = int | Fraction
Monomial = tuple[tuple[int, Coefficient], ...]  # (atom index, exponent), sorted by index
Poly = dict[Monomial, Coefficient]


class _NotPolynomial(Exception):
    """Raised inside the reader when the fast way does not apply."""


def atom_derivative(expr: Expr, variable: Expr, n: int) -> Expr | None:
    """The ``n``-th derivative of ``expr`` as a sum of monomials in atoms, built with the
    trivial rules (the caller simplifies it once to standard form); ``None`` when the input
    is not a polynomial in atoms that the reader knows (see the module docstring).

    Raises:
        InputTooLargeError: when the terms the remaining orders would produce exceed
            ``MAX_ATOM_WORK``.

    >>> from symdiff.core.parse import parse
    >>> print(atom_derivative(parse("x^2*sin(x)"), parse("x"), 3))
    -6*x*sin(x) - x^2*cos(x) + 6*cos(x)
    >>> print(atom_derivative(parse("x + 0.5"), parse("x"), 3))
    None
    """
    from symdiff.simplify.simplify import standard_form

    if len(live_nodes(postorder(expr), [variable])) > MAX_ATOM_INPUT:
        return None
    ring = _Ring(variable, standard_form)
    try:
        poly = ring.read(standard_form(expr))
        if any(len(monomial) > MAX_MONOMIAL_ATOMS for monomial in poly):
            return None
        produced: list[int] = []
        for taken in range(1, n + 1):
            if not poly:
                break
            poly, terms = ring.derive(poly)
            produced.append(terms)
            _check_work(n, taken, sum(produced) + _remaining(n, produced))
    except _NotPolynomial:
        return None
    return ring.build(poly)


def _remaining(n: int, produced: list[int]) -> int:
    """The terms the orders after ``len(produced)`` will produce, extrapolated: as many as
    the last one each, or, from the 8th order on where they grow, like ``k^g`` with ``g`` read
    from the growth since half the orders and kept within ``[1, 2]`` (``exp(sin(x))``
    produces about ``0.4 k^2`` terms at order ``k``; faster growth is underestimated)."""
    taken, last = len(produced), produced[-1]
    half = produced[taken // 2 - 1] if taken >= 8 else last
    if half >= last:
        return last * (n - taken)
    ratio = math.log(last / half) / math.log(taken / (taken // 2))
    growth = min(2.0, max(1.0, ratio))
    return int(last * sum((k / taken) ** growth for k in range(taken + 1, n + 1)))


def _check_work(n: int, taken: int, expected: int) -> None:
    if expected > MAX_ATOM_WORK:
        raise InputTooLargeError(
            f"the standard form of the derivative of order {n} would take about {expected}"
            f" term operations (predicted after {taken} orders; the limit, MAX_ATOM_WORK, is"
            f" {MAX_ATOM_WORK})\nhint: simplify='trivial' gives it by Taylor-mode propagation"
            " as a shared expression (cse() it to run it), and taylor_coefficients(expr, x, x0,"
            " n) its value at a point x0 as the n-th coefficient times n!"
        )


class _Ring:
    """Atoms met so far, their derivatives, and the arithmetic of polynomials in them."""

    def __init__(self, variable: Expr, standard: Callable[[Expr], Expr]) -> None:
        self.variable = variable
        self.standard = standard
        self.atoms: list[Expr] = []
        self.index: dict[Expr, int] = {}
        self.slopes: dict[int, Poly] = {}
        self.memo: dict[Expr, Poly] = {}

    def atom(self, node: Expr, exponent: Coefficient = 1) -> Poly:
        found = self.index.get(node)
        if found is None:
            if len(self.atoms) >= MAX_ATOMS:
                raise _NotPolynomial
            found = self.index[node] = len(self.atoms)
            self.atoms.append(node)
        return {((found, exponent),): 1}

    def read(self, root: Expr) -> Poly:
        """The polynomial of an expression in standard form (iterative, memoized)."""
        memo = self.memo
        for node in postorder(root):
            if node not in memo:
                memo[node] = self._read_node(node)
        return memo[root]

    def _read_node(self, node: Expr) -> Poly:
        memo = self.memo
        if node.op is Op.NUM:
            if isinstance(node.value, float):
                raise _NotPolynomial
            return {(): node.value} if node.value != 0 else {}
        if node.op is Op.ADD:
            total: Poly = {}
            for a in node.args:
                _accumulate(total, memo[a], 1)
            return total
        if node.op is Op.MUL:
            result: Poly = {(): 1}
            for a in node.args:
                if len(result) * len(memo[a]) > MAX_ATOM_INPUT:  # a product of sums, expanded
                    raise _NotPolynomial
                result = _times(result, memo[a])
            return result
        if node.op is Op.POW:
            return self._read_power(node)
        return self.atom(node)

    def _read_power(self, node: Expr) -> Poly:
        """A power of a monomial to an integer is a monomial; any other power with a
        rational exponent is a power of its base as an atom, and the rest an atom itself."""
        base, exponent = node.args
        value = exponent.value if exponent.op is Op.NUM else None
        if isinstance(value, float):
            raise _NotPolynomial
        if not isinstance(value, (int, Fraction)):
            return self.atom(node)
        inner = self.memo[base]
        if value.denominator == 1 and len(inner) <= 1:
            if not inner:  # a power of zero: not in standard form
                raise _NotPolynomial
            ((monomial, coefficient),) = inner.items()
            k = int(value)
            scaled = tuple((a, e * k) for a, e in monomial)
            power_of = Fraction(coefficient) ** k
            return {scaled: power_of.numerator if power_of.denominator == 1 else power_of}
        return self.atom(base, value)

    def slope(self, index: int) -> Poly:
        """The derivative of atom ``index`` as a polynomial, worked out once."""
        found = self.slopes.get(index)
        if found is None:
            node = self.atoms[index]
            slope = derive(node, self.variable, TRIVIAL)
            found = self.read(slope if slope.op is Op.NUM else self.standard(slope))
            self.slopes[index] = found
        return found

    def derive(self, poly: Poly) -> tuple[Poly, int]:
        """``D(poly)`` and the number of terms produced on the way."""
        out: Poly = {}
        produced = 0
        for monomial, coefficient in poly.items():
            for place, (a, e) in enumerate(monomial):
                slope = self.slope(a)
                if not slope:
                    continue
                lowered = ((a, e - 1),) if e != 1 else ()
                rest = monomial[:place] + lowered + monomial[place + 1 :]
                scale = coefficient * e
                for other, c in slope.items():
                    _collect(out, _merge(rest, other), scale * c)
                    produced += 1
        return out, produced

    def build(self, poly: Poly) -> Expr:
        terms = []
        for monomial, coefficient in sorted(poly.items(), key=lambda item: item[0]):
            factors = [power(self.atoms[a], Number(e)) for a, e in monomial]
            terms.append(mul(Number(coefficient), *factors))
        return add(*terms) if terms else Number(0)


def _merge(left: Monomial, right: Monomial) -> Monomial:
    if not right:
        return left
    if not left:
        return right
    exponents = dict(left)
    for a, e in right:
        total = exponents.get(a, 0) + e
        if total:
            exponents[a] = total
        else:
            del exponents[a]
    return tuple(sorted(exponents.items()))


def _accumulate(total: Poly, poly: Poly, scale: Coefficient) -> None:
    for monomial, coefficient in poly.items():
        value = total.get(monomial, 0) + scale * coefficient
        if value:
            total[monomial] = value
        else:
            total.pop(monomial, None)


def _times(left: Poly, right: Poly) -> Poly:
    out: Poly = {}
    for m1, c1 in left.items():
        for m2, c2 in right.items():
            _collect(out, _merge(m1, m2), c1 * c2)
    return out


def _collect(out: Poly, key: Monomial, coefficient: Coefficient) -> None:
    """Add a term to ``out``, dropping the monomial when its coefficient cancels to 0."""
    value = out.get(key, 0) + coefficient
    if value:
        out[key] = value
    else:
        out.pop(key, None)
