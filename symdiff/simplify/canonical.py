"""Standard form: constructors that flatten, order, collect and combine.

Takes canonical ``Expr`` operands, returns a canonical ``Expr``. This is the core of the
``standard`` simplification level; rule sets (``symdiff.simplify.rules``) run on top of it. In
standard form:

- sums and products are flat; a product has at most one number, its first argument (the
  coefficient); a sum keeps its number last;
- like terms are collected (``x + x -> 2*x``, ``3*x*y - y*x -> 2*x*y``) and powers of a common
  base combined (``x*x -> x^2``, ``x^a*x^b -> x^(a+b)``, ``x/x -> 1``), numbers folded exactly;
- arguments are in the structural order of ``symdiff.simplify.order``;
- ``sqrt(u)`` is ``u^(1/2)`` and ``exp(u)`` is ``e^u`` (so they combine with other powers;
  ``symdiff.simplify.layout`` writes them back for people);
- a number times a sum is distributed (``2*(x + 1) -> 2*x + 2``), integer powers of products
  are distributed (``(2*x)^3 -> 8*x^3``), and powers of powers are combined where the result
  has the same value wherever the input is defined (``(x^2)^3 -> x^6``, ``(x^2)^(1/2) ->
  abs(x)``, ``(x^(1/2))^2 -> x``).

Every rewrite keeps the value at every point where the input is defined (real arithmetic: a
negative number to a non-integer power, ``log(-1)`` and ``1/0`` are undefined). Some extend
the domain: ``x/x -> 1`` and ``sqrt(x)^2 -> x`` are defined where their input was not.
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from collections.abc import Iterable
from fractions import Fraction

from symdiff.core.expr import Const, Expr, Number, Op, _intern
from symdiff.core.functions import REGISTRY, Function
from symdiff.simplify.conditional import fold_conditional
from symdiff.simplify.exact import (
    COEFFICIENT_BITS,
    GROWTH_BITS,
    bits,
    content,
    exactly,
    fold_call,
    fold_power_or_none,
    is_integer,
    keeps_sign,
    radicals,
    within_coefficient,
)
from symdiff.simplify.order import Ordering

__all__ = ["COEFFICIENT_BITS", "GROWTH_BITS", "STANDARD_FORM", "Canon", "is_integer"]

#: What standard form does, by name (the names are used as test ids).
STANDARD_FORM: tuple[tuple[str, str], ...] = (
    ("flatten", "(x + (y + z)) -> x + y + z"),
    ("canonical-order", "z + y*x + x^2 -> x^2 + x*y + z"),
    ("collect-like-terms", "3*x*y - y*x -> 2*x*y"),
    ("combine-powers", "x*x -> x^2, x^a*x^b -> x^(a + b), x/x -> 1"),
    ("power-of-power", "(x^2)^3 -> x^6, (x^(1/2))^2 -> x, (e^x)^y -> e^(x*y)"),
    ("even-root-abs", "(x^2)^(1/2) -> abs(x), abs(x)^2 -> x^2"),
    (
        "power-of-product",
        "(2*x)^3 -> 8*x^3, (4*x)^(1/2) -> 2*x^(1/2), (2*x)^(1/2) -> 2^(1/2)*x^(1/2)",
    ),
    ("fold-numbers", "2*3 + 1/2 -> 13/2, 4^(1/2) -> 2"),
    ("cancel-numeric-factors", "6*x/(4*y) -> 3*x/(2*y), (2*x + 2)/(4*y) -> (x + 1)/(2*y)"),
    ("double-negation", "-(-x) -> x"),
    ("distribute-number", "2*(x + 1) -> 2*x + 2"),
    ("numeric-radicals", "8^(1/2) -> 2*2^(1/2), (3/2)^(1/2) -> 6^(1/2)/2"),
    ("exact-call-values", "abs(-3) -> 3, cbrt(-8) -> -2"),
    ("float-call-values", "sin(0.5) -> 0.479425538604203"),
)

Num = int | Fraction | float

ONE = Number(1)
ZERO = Number(0)
HALF = Number(Fraction(1, 2))
E = Const("e")
_SQRT, _EXP, _ABS = REGISTRY["sqrt"], REGISTRY["exp"], REGISTRY["abs"]


def _base(factor: Expr) -> Expr:
    return factor.args[0] if factor.op is Op.POW else factor


def _parts(item: Expr, op: Op) -> tuple[Expr, ...]:
    return item.args if item.op is op else (item,)


def _mul_node(args: list[Expr]) -> Expr:
    return args[0] if len(args) == 1 else _intern(Op.MUL, None, tuple(args))


class Canon:
    """The standard-form constructors, with the caches of one simplification run.

    >>> from symdiff.core.expr import symbols
    >>> x, y = symbols("x y")
    >>> c = Canon()
    >>> str(c.add([x, y, x, Number(-1)]))
    '2*x + y - 1'
    >>> str(c.mul([x, y, x, Number(3)]))
    '3*x^2*y'
    """

    def __init__(self, distribute: int | None = None) -> None:
        self.distribute = distribute
        #: sums and products used in several places, kept whole in their users (not
        #: flattened into them); filled by ``simplify_many``
        self.shared: set[Expr] = set()
        self.order = Ordering()
        self._splits: dict[Expr, tuple[Num, Expr]] = {}
        self._contents: dict[Expr, tuple[Num, Expr]] = {}
        self._radical_forms: dict[tuple, tuple[Num, list[tuple[int, Fraction]]] | None] = {}

    # -- dispatch --------------------------------------------------------------------------
    def build(self, node: Expr, args: tuple[Expr, ...]) -> Expr:
        """The standard form of ``node`` with its arguments replaced by ``args``."""
        op = node.op
        if op is Op.ADD:
            return self.add(args)
        if op is Op.MUL:
            return self.mul(args)
        if op is Op.POW:
            return self.power(args[0], args[1])
        if op is Op.CALL:
            return self.call(node.value, args)
        return node

    # -- sums --------------------------------------------------------------------------------
    def split(self, term: Expr) -> tuple[Num, Expr]:
        """``(coefficient, monomial)`` of a term: ``3*x*y`` is ``(3, x*y)``."""
        found = self._splits.get(term)
        if found is None:
            if term.op is Op.MUL and term.args[0].op is Op.NUM:
                found = (term.args[0].value, _mul_node(list(term.args[1:])))
            else:
                found = (1, term)
            self._splits[term] = found
        return found

    def add(self, terms: Iterable[Expr]) -> Expr:
        """The standard form of a sum of standard-form terms."""
        shared = self.shared
        items = [i for t in terms for i in (t.args if t.op is Op.ADD and t not in shared else (t,))]
        if any(i.op is Op.ADD for i in items):
            items = self._opened(items, Op.ADD)
        values: dict[Expr | None, list[Num]] = {}
        for item in items:
            value, monomial = (item.value, None) if item.op is Op.NUM else self.split(item)
            values.setdefault(monomial, []).append(value)
        collected: dict[Expr, Num] = {}
        constant: Num = 0
        for monomial, numbers in values.items():
            # all of a monomial's coefficients at once: exact, a float result rounded once
            total: Num | None = numbers[0]  # one exact number: nothing to add
            if len(numbers) > 1 or type(total) is float:
                total = exactly(sum, numbers)
            if total is None:  # floats that do not fold without losing the value: kept apart
                total = sum(n for n in numbers if not isinstance(n, float))
                for n in numbers:
                    if isinstance(n, float):
                        kept = Number(n) if monomial is None else self.scale(n, monomial)
                        collected[kept] = collected.get(kept, 0) + 1
            if monomial is None:
                constant = total
            else:
                collected[monomial] = collected.get(monomial, 0) + total
        if constant != 0 and any(m.op is Op.NUM for m in collected):
            # numbers kept apart (inf - inf) are ordered with the constant, whatever came first
            collected[Number(constant)] = collected.get(Number(constant), 0) + 1
            constant = 0
        return self.sum_of(collected, constant)

    def _opened(self, items: list[Expr], op: Op) -> list[Expr]:
        """``items`` with each shared sum (product) among them flattened if one of its terms
        (factors) collects with another item's: ``(x + y) - x -> y``, ``(x*y)/x -> y``. Not
        for a number: a shared sum plus a number stays ``(...) + 2`` (opening each user of a
        shared residual for its constant grew least-squares gradients by a tenth); and only
        a sum (product) of at most ``distribute`` terms (factors)."""
        key = self._term_key if op is Op.ADD else _base
        distinct = set(items)
        uses = Counter(k for i in distinct for k in {key(a) for a in _parts(i, op)})
        out: list[Expr] = []
        for item in items:
            # small ones only: opening a long shared product into each user copies it, and
            # along a chain of products sharing a factor the copies grow quadratically
            opens = (
                item.op is op
                and self._spreads(item)
                and any(uses[key(a)] > 1 for a in item.args if a.op is not Op.NUM)
            )
            out.extend(item.args if opens else (item,))
        return out

    def _term_key(self, term: Expr) -> Expr | None:
        return None if term.op is Op.NUM else self.split(term)[1]

    def sum_of(self, collected: dict[Expr, Num], constant: Num) -> Expr:
        """A sum from ``{monomial: coefficient}`` and a number."""
        monomials = [m for m, c in collected.items() if c != 0 or c != c]
        monomials.sort(key=self.order.term_key)
        out = [self.scale(collected[m], m) for m in monomials]
        if constant != 0 or not out:
            out.append(Number(constant))
        return out[0] if len(out) == 1 else _intern(Op.ADD, None, tuple(out))

    def scale(self, coefficient: Num, monomial: Expr) -> Expr:
        """``coefficient * monomial`` for a monomial without a coefficient."""
        if coefficient == 1 and not isinstance(coefficient, float):
            return monomial
        if monomial.op is Op.NUM:
            product = exactly(operator.mul, coefficient, monomial.value)
            if product is not None:
                return Number(product)
        if monomial.op is Op.ADD:  # a sum kept whole (see GROWTH_BITS): do not recurse
            return _intern(Op.MUL, None, (Number(coefficient), monomial))
        factors = monomial.args if monomial.op is Op.MUL else (monomial,)
        return _intern(Op.MUL, None, (Number(coefficient), *factors))

    # -- products -------------------------------------------------------------------------------
    def mul(self, factors: Iterable[Expr]) -> Expr:
        """The standard form of a product of standard-form factors."""
        pending = list(factors)
        if self.shared and any(f.op is Op.MUL and f in self.shared for f in pending):
            pending = self._opened(pending, Op.MUL)
        for _ in range(8):  # a combined power can turn into a product to merge again
            coefficient, powers = self._group(pending)
            if coefficient == 0:
                return Number(coefficient)
            combined, again = self._combine(powers)
            if not again:
                break
            pending = [*combined, Number(coefficient)]
        return self._product(coefficient, combined)

    def _group(self, factors: Iterable[Expr]) -> tuple[Num, dict[Expr, list[Expr]]]:
        coefficient: Num = 1
        powers: dict[Expr, list[Expr]] = {}
        floats: list[Expr] = []
        shared = self.shared
        for factor in factors:
            op = factor.op
            if op is Op.MUL:
                # a shared product is kept whole, unless it has a number to merge (no 2*(-x))
                first = factor.args[0]
                numeric = first.op is Op.NUM
                if (not numeric and factor in shared) or (
                    numeric and not within_coefficient(coefficient, first.value)
                ):  # kept whole: see GROWTH_BITS (exact.within_coefficient)
                    powers.setdefault(factor, []).append(ONE)
                    continue
                items = factor.args
                if len(items) > 2 and factor in shared:
                    # merge the number only: copying the other factors into every user of a
                    # shared product would be quadratic along a chain of them
                    items = (items[0], _intern(Op.MUL, None, items[1:]))
            else:
                items = (factor,)
            for item in items:
                op = item.op
                if op is Op.POW:
                    base, exponent = item.args
                    if base in powers:
                        powers[base].append(exponent)
                    else:
                        powers[base] = [exponent]
                elif op is Op.NUM:
                    if type(item.value) is float:
                        floats.append(item)  # after exact numbers, whatever the order
                    else:
                        coefficient *= item.value
                elif op is Op.ADD:
                    share, primitive = self.content(item)
                    coefficient *= share
                    powers.setdefault(primitive, []).append(ONE)
                elif item in powers:
                    powers[item].append(ONE)
                else:
                    powers[item] = [ONE]
        if floats:  # all at once: exact, rounded once
            product = exactly(math.prod, [coefficient, *(f.value for f in floats)])
            if product is None:  # floats that do not fold without losing the value: kept apart
                for item in floats:
                    powers.setdefault(item, []).append(ONE)
            else:
                coefficient = product
        return coefficient, powers

    def _combine(self, powers: dict[Expr, list[Expr]]) -> tuple[list[Expr], bool]:
        """Combine each base's exponents; report whether a result needs regrouping."""
        out: list[Expr] = []
        again = False
        for base, exponents in powers.items():
            if len(exponents) == 1:
                exponent = exponents[0]
                factor = base if exponent is ONE else _intern(Op.POW, None, (base, exponent))
            else:
                factor = self.power(base, self._exponent_sum(exponents))
                again = again or factor.op in (Op.MUL, Op.NUM) or _base(factor) is not base
            out.append(factor)
        return out, again

    def content(self, total: Expr) -> tuple[Num, Expr]:
        """``(g, s)`` with ``total == g*s``, ``g > 0`` (``symdiff.simplify.exact.content``):
        ``2*x - 4`` is ``(2, x - 2)``."""
        found = self._contents.get(total)
        if found is None:
            last = total.args[-1]
            constant = last.value if last.op is Op.NUM else 0
            terms = total.args[:-1] if last.op is Op.NUM else total.args
            share = content([self.split(t)[0] for t in terms], constant)
            if share == 1:
                found = (1, total)
            else:
                scaled = self._scaled_terms(Fraction(1) / share, total)
                found = (1, total) if scaled is None else (share, self.add(scaled))
            self._contents[total] = found
        return found

    def _spreads(self, total: Expr) -> bool:
        """Whether a number multiplying ``total`` is distributed over its terms."""
        return self.distribute is None or len(total.args) <= self.distribute

    def _exponent_sum(self, exponents: list[Expr]) -> Expr:
        if all(e.op is Op.NUM for e in exponents):
            total = exactly(sum, [e.value for e in exponents])
            if total is not None:
                return Number(total)
        return self.add(exponents)

    def _product(self, coefficient: Num, factors: list[Expr]) -> Expr:
        if not factors:
            return Number(coefficient)
        exact_one = coefficient == 1 and not isinstance(coefficient, float)
        single_sum = len(factors) == 1 and factors[0].op is Op.ADD
        if single_sum and not exact_one and self._spreads(factors[0]):
            scaled = self._scaled_terms(coefficient, factors[0])
            if scaled is not None:
                return self.add(scaled)
        coefficient, factors = self._radicals(coefficient, factors)
        exact_one = coefficient == 1 and not isinstance(coefficient, float)
        if not factors:
            return Number(coefficient)
        if len(factors) > 1:
            factors.sort(key=self.order.factor_key)
        if exact_one:
            return _mul_node(factors)
        return _intern(Op.MUL, None, (Number(coefficient), *factors))

    def _radicals(self, coefficient: Num, factors: list[Expr]) -> tuple[Num, list[Expr]]:
        """Numeric powers in standard form: ``sqrt(3/2) -> sqrt(6)/2``
        (``symdiff.simplify.exact``)."""
        numeric = [f for f in factors if f.op is Op.POW and _is_radical(f)]
        if not numeric or isinstance(coefficient, float):
            return coefficient, factors
        # the same numbers come back often (a run builds 2^(1/2)*x, then 2^(1/2)*y): once each
        key = (type(coefficient), coefficient, *numeric)
        if key in self._radical_forms:
            done = self._radical_forms[key]
        else:
            done = radicals(coefficient, [(f.args[0].value, f.args[1].value) for f in numeric])
            self._radical_forms[key] = done
        if done is None:
            return coefficient, factors
        coefficient, powers = done
        rest = [f for f in factors if not _is_radical(f)]
        return coefficient, rest + [
            _intern(Op.POW, None, (Number(b), Number(e))) for b, e in powers
        ]

    def _scaled_terms(self, coefficient: Num, total: Expr) -> list[Expr] | None:
        """The terms of ``coefficient * total``, or ``None`` if a number would grow beyond
        ``GROWTH_BITS`` (distributing along a nested chain must not build huge numbers)."""
        values = []
        for term in total.args:
            c, monomial = (term.value, None) if term.op is Op.NUM else self.split(term)
            value = exactly(operator.mul, c, coefficient)
            if value is None:
                return None
            if not isinstance(value, float) and bits(value) > GROWTH_BITS:
                return None
            values.append((value, monomial))
        return [Number(v) if m is None else self.scale(v, m) for v, m in values]

    # -- powers -----------------------------------------------------------------------------------
    def power(self, base: Expr, exponent: Expr) -> Expr:
        """The standard form of ``base ^ exponent``."""
        if exponent.op is Op.NUM:
            value = exponent.value
            if value == 0:
                return ONE
            if value == 1 and not isinstance(value, float):
                return base
            special = self._numeric_power(base, value)
            if special is not None:
                return special
        elif base.op is Op.POW and (
            _positive_constant(base.args[0])
            or (base.args[1].op is Op.NUM and keeps_sign(base.args[1].value))
        ):  # (e^x)^y = e^(x*y); (x^3)^y = x^(3*y)
            return self.power(base.args[0], self.mul([base.args[1], exponent]))
        if base.op is Op.NUM and base.value == 1 and not isinstance(base.value, float):
            return base
        return _intern(Op.POW, None, (base, exponent))

    def _numeric_power(self, base: Expr, value: Num) -> Expr | None:
        op = base.op
        if op is Op.NUM:
            folded = fold_power_or_none(base.value, value)
            if folded is not None:
                return Number(folded)
            if _is_radical(_intern(Op.POW, None, (base, Number(value)))):
                return self.mul([_intern(Op.POW, None, (base, Number(value)))])
            return None
        if op is Op.ADD:
            return self._power_of_sum(base, value)
        if op is Op.POW:
            return self._power_of_power(base.args[0], base.args[1], value)
        if op is Op.MUL:
            if is_integer(value):
                first = base.args[0]
                exact = first.op is Op.NUM and not isinstance(first.value, float)
                if exact and bits(first.value) * abs(value) > GROWTH_BITS:
                    return None  # keep (c*u)^n whole rather than a coefficient beyond floats
                return self.mul([self.power(f, Number(value)) for f in base.args])
            return self._root_of_product(base, value)
        if op is Op.CALL and base.value is _ABS and is_integer(value) and value % 2 == 0:
            return self.power(base.args[0], Number(value))
        return None

    def _power_of_sum(self, base: Expr, value: Num) -> Expr | None:
        """``(g*s)^v -> g^v * s^v`` for the content ``g`` of the sum, where ``g^v`` is exact."""
        share, primitive = self.content(base)
        if share == 1 or isinstance(value, float):
            return None
        folded = fold_power_or_none(share, value)
        if folded is None:
            return None
        return self.mul([Number(folded), _intern(Op.POW, None, (primitive, Number(value)))])

    def _power_of_power(self, inner_base: Expr, inner: Expr, value: Num) -> Expr | None:
        """``(b^a)^v``: ``b^(a*v)`` where that keeps the value, else ``abs(b)^(a*v)``."""
        exact = inner.op is Op.NUM and not isinstance(inner.value, float)
        if exact and not isinstance(value, float) and bits(inner.value * value) > GROWTH_BITS:
            return None  # a power tower: keep it nested rather than build a huge number
        if is_integer(value) or _positive_constant(inner_base):
            return self.power(inner_base, self.mul([inner, Number(value)]))
        if inner.op is not Op.NUM or isinstance(value, float):
            return None
        a = inner.value
        if isinstance(a, float):
            return None
        if keeps_sign(a):
            return self.power(inner_base, Number(a * value))
        # an even power is |b|^a: (x^2)^(1/2) = abs(x)
        return self.power(self.call(_ABS, (inner_base,)), Number(a * value))

    def _root_of_product(self, base: Expr, value: Num) -> Expr | None:
        """``(c*u)^(p/q) -> |c|^(p/q) * (sign(c)*u)^(p/q)``, ``|c|^(p/q)`` exact or a radical."""
        first = base.args[0]
        if first.op is not Op.NUM or isinstance(value, float) or isinstance(first.value, float):
            return None
        if abs(first.value) == 1:
            return None
        folded = fold_power_or_none(abs(first.value), value)
        # not exact: a radical number in standard form (sqrt(5*x/3) -> sqrt(15)*sqrt(x)/3)
        number = _intern(Op.POW, None, (Number(abs(first.value)), Number(value)))
        rest = self.mul([Number(1 if first.value > 0 else -1), *base.args[1:]])
        return self.mul(
            [number if folded is None else Number(folded), self.power(rest, Number(value))]
        )

    # -- calls ------------------------------------------------------------------------------------
    def call(self, function: Function, args: tuple[Expr, ...]) -> Expr:
        """The standard form of a function call (numbers folded where that is exact)."""
        if function is _SQRT:
            return self.power(args[0], HALF)
        if function is _EXP:
            return self.power(E, args[0])
        conditional = fold_conditional(function, args)
        if conditional is not None:
            return conditional
        if all(a.op is Op.NUM for a in args):
            folded = fold_call(function, [a.value for a in args])
            if folded is not None:
                return Number(folded)
        return _intern(Op.CALL, function, tuple(args))


def _is_radical(factor: Expr) -> bool:
    """A positive exact number to a non-integer exact power (``2^(1/2)``)."""
    if factor.op is not Op.POW:
        return False
    base, exponent = factor.args
    return (
        base.op is Op.NUM
        and exponent.op is Op.NUM
        and isinstance(base.value, (int, Fraction))
        and isinstance(exponent.value, Fraction)
        and base.value > 0
    )


def _positive_constant(node: Expr) -> bool:
    if node.op is Op.CONST:
        return True
    return node.op is Op.NUM and node.value > 0
