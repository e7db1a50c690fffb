"""Pattern matching: the left side of a rule against a node in standard form.

Takes a pattern (an ``Expr`` in standard form whose variables are given symbols) and a subject
node, yields ``Match`` objects: variable bindings, plus, when the pattern's root is a sum or a
product, what is left of the subject around the matched part. Semantics:

- a variable matches any expression; a repeated variable must match the same one;
- sums and products match as multisets, in any order, among other terms: the pattern
  ``sin(a)^2 + cos(a)^2`` matches ``sin(x)^2 + 3 + cos(x)^2`` leaving ``3``;
- at the root, a sum pattern matches a multiple of itself (``3*sin(x)^2 + 3*cos(x)^2`` is
  ``3`` times the pattern) and a number in it may be part of the subject's number
  (``1 + tan(a)^2`` in ``tan(x)^2 + 3`` leaves ``2``); a product pattern leaves the rest of the
  product, numeric factor included;
- inside, a sum or product must match whole; a variable that is a direct argument takes what
  is left (``log(a*b)`` on ``log(2*x*y)`` binds ``a`` to one factor and ``b`` to the rest);
- a number in a product pattern matches a coefficient of the same sign, and the variable takes
  the quotient: ``-a`` matches ``-3*x`` with ``a = 3*x`` and never matches ``x``;
- there is no matching modulo identities: ``a^n`` does not match ``x``, ``a*b`` does not
  match ``x``.

Backtracking is bounded by the size of the pattern (recursion follows the pattern, never the
subject), and candidates among many terms are found by index: in a sum of 10,000 terms a
two-term pattern costs O(10,000), not O(10,000^2).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction

from symdiff.core.expr import Expr, Number, Op
from symdiff.core.traverse import postorder
from symdiff.simplify.canonical import Canon

__all__ = ["Match", "Pattern", "head"]

Num = int | Fraction | float
Bindings = dict[Expr, Expr]


@dataclass
class Match:
    """One way the pattern matches: bindings, and for a sum or product at the root, the
    ``ratio`` of the subject to the pattern and the ``rest`` (terms or factors) left over."""

    bindings: Bindings
    ratio: Num = 1
    rest: list[Expr] = field(default_factory=list)


def head(node: Expr, variables: frozenset[Expr] = frozenset()) -> tuple:
    """What a candidate must look like: ``(op, function or base kind)``; ``None`` is any."""
    if node.op is Op.CALL:
        return (Op.CALL, node.value)
    if node.op is Op.POW:
        base = node.args[0]
        if base in variables:
            return (Op.POW, None)
        return (Op.POW, base.value if base.op is Op.CALL else base.op)
    return (node.op, None)


class _Pool:
    """The arguments of a subject, with indexes by identity and by head, and a used set."""

    def __init__(self, args: list[Expr], coefficients: list[Num] | None = None) -> None:
        self.args = args
        self.coefficients = coefficients
        self.used: set[int] = set()
        self._by_node: dict[Expr, list[int]] | None = None
        self._by_op: dict[Op, list[int]] | None = None
        self._by_call: dict[tuple[object, Expr], list[int]] | None = None

    def same(self, node: Expr) -> list[int]:
        if self._by_node is None:
            self._by_node = {}
            for i, arg in enumerate(self.args):
                self._by_node.setdefault(arg, []).append(i)
        return self._by_node.get(node, [])

    def with_op(self, op: Op) -> list[int]:
        if self._by_op is None:
            self._by_op = {}
            for i, arg in enumerate(self.args):
                self._by_op.setdefault(arg.op, []).append(i)
        return self._by_op.get(op, [])

    def calls_on(self, function: object, first: Expr) -> list[int]:
        """The calls of ``function`` whose first argument is ``first`` (one lookup, so a
        sum of n choices ``where(c_i, ...)`` is not scanned n times)."""
        if self._by_call is None:
            self._by_call = {}
            for i, arg in enumerate(self.args):
                if arg.op is Op.CALL and arg.args:
                    self._by_call.setdefault((arg.value, arg.args[0]), []).append(i)
        return self._by_call.get((function, first), [])

    def remaining(self) -> list[int]:
        return [i for i in range(len(self.args)) if i not in self.used]


class Pattern:
    """A compiled left side: the pattern, its variables and its ground (variable-free) parts.

    >>> from symdiff.core.parse import parse
    >>> c = Canon()
    >>> a = parse("a")
    >>> p = Pattern(c.add([c.power(parse("sin(a)"), Number(2)),
    ...                    c.power(parse("cos(a)"), Number(2))]), {a}, c)
    >>> m = next(p.matches(parse("sin(x)^2 + 3 + cos(x)^2")))
    >>> str(m.bindings[a]), m.rest
    ('x', [Number(3)])
    """

    def __init__(self, lhs: Expr, variables: set[Expr], canon: Canon) -> None:
        self.lhs = lhs
        self.variables = frozenset(variables)
        self.canon = canon
        self.free: dict[Expr, frozenset[Expr]] = {}
        for node in postorder(lhs):
            own = {node} if node in self.variables else set()
            self.free[node] = frozenset(own.union(*(self.free[a] for a in node.args)))
        self.heads = {n: head(n, self.variables) for n in self.free}

    # -- the root ----------------------------------------------------------------------------
    def bind(self, canon: Canon) -> Pattern:
        """This compiled pattern, building its results with ``canon``."""
        bound = object.__new__(Pattern)
        bound.__dict__.update(self.__dict__)
        bound.canon = canon
        return bound

    @property
    def proportional(self) -> bool:
        """A sum pattern without bare variables: matched by ``sum_matches``."""
        return self.lhs.op is Op.ADD and not any(a in self.variables for a in self.lhs.args)

    def matches(self, subject: Expr) -> Iterator[Match]:
        """Every way the pattern matches ``subject`` at its root (not for ``proportional``
        patterns, which ``sum_matches`` applies many times at once)."""
        lhs = self.lhs
        if lhs.op in (Op.ADD, Op.MUL):
            if subject.op is lhs.op:
                yield from self._root_ac(lhs, subject)
        else:
            for bindings in self._match(lhs, subject, {}):
                yield Match(bindings)

    def could_match(self, subject: Expr) -> bool:
        """A quick look one level deep (false means no match; true means maybe)."""
        lhs = self.lhs
        if lhs.op in (Op.ADD, Op.MUL):
            return subject.op is lhs.op
        return self._fits(lhs, subject) and all(map(self._fits, lhs.args, subject.args))

    def _fits(self, p: Expr, s: Expr) -> bool:
        """A quick look one level deep: can ``p`` match ``s`` at all?"""
        if p in self.variables:
            return True
        if not self.free[p]:
            return p is s
        if p.op is Op.MUL:
            if p.args[0].op is not Op.NUM:
                return s.op is Op.MUL
            if s.op is not Op.MUL and s.op is not Op.NUM:
                return False
            own = _coefficient_view(s)[0]  # a number in the pattern keeps its sign
            return (own > 0) == (p.args[0].value > 0) and own != 0
        if p.op is Op.ADD:
            return s.op is Op.ADD
        return s.op is p.op and s.value is p.value and len(s.args) == len(p.args)

    def sum_matches(
        self, subject: Expr, accept: Callable[[Bindings], bool]
    ) -> tuple[list[Match], list[Expr]] | None:
        """Every non-overlapping match of a sum pattern in the sum ``subject``, each a
        multiple of the pattern (``Match.ratio``), and what is left; ``None`` if none.

        One scan: a candidate for the first pattern term that fails once fails for good
        (later matches only take terms away), so a sum of n terms costs O(n) lookups.
        """
        split = self.canon.split
        constant: Num = 0
        fixed: list[tuple[Num, Expr]] = []
        for arg in self.lhs.args:
            if arg.op is Op.NUM:
                constant = arg.value
            else:
                fixed.append(split(arg))
        terms = [t for t in subject.args if t.op is not Op.NUM]
        own: Num = subject.args[-1].value if subject.args[-1].op is Op.NUM else 0
        pairs = [split(t) for t in terms]
        pool = _Pool([m for _, m in pairs], [c for c, _ in pairs])
        (weight, first), others = fixed[0], fixed[1:]
        found: list[Match] = []
        for i in self._candidates(first, pool, {}):
            if i in pool.used:
                continue
            ratio = _divide(pool.coefficients[i], weight)  # type: ignore[index]
            if ratio is None:
                continue
            match = self._complete(first, i, others, pool, ratio, own, accept)
            if match is not None:
                found.append(match)
                own -= match.ratio * constant
        if not found:
            return None
        rest = [terms[i] for i in pool.remaining()]
        return found, [*rest, Number(own)] if own != 0 else rest

    def _complete(
        self,
        first: Expr,
        index: int,
        others: list[tuple[Num, Expr]],
        pool: _Pool,
        ratio: Num,
        own: Num,
        accept: Callable[[Bindings], bool],
    ) -> Match | None:
        """One match with ``first`` on pool term ``index``; its terms stay used."""
        constant = self.lhs.args[-1].value if self.lhs.args[-1].op is Op.NUM else 0
        for b in self._match(first, pool.args[index], {}):
            pool.used.add(index)
            for b2, _ in self._assign(others, pool, b, ratio):
                taken = ratio * constant
                # only part of a number of the same sign: constants never grow (no loops)
                if taken and not (own and taken / own > 0 and abs(taken) <= abs(own)):
                    continue
                if accept(b2):
                    committed = set(pool.used)
                    pool.used = committed
                    return Match(b2, ratio)
            pool.used.discard(index)
        return None

    def _root_ac(self, lhs: Expr, subject: Expr) -> Iterator[Match]:
        coefficient, fixed, direct = self._parts(lhs)
        own, args = _coefficient_view(subject) if lhs.op is Op.MUL else (1, list(subject.args))
        pool = _Pool(args)
        ratio = _divide(own, coefficient) if lhs.op is Op.MUL else 1
        if ratio is None:
            return
        for bindings, _ in self._assign([(1, f) for f in fixed], pool, {}, None):
            for final, rest in self._spread(direct, pool, bindings):
                yield Match(final, ratio, [args[i] for i in rest])

    # -- inside ------------------------------------------------------------------------------
    def _match(self, p: Expr, s: Expr, b: Bindings) -> Iterator[Bindings]:
        if p in self.variables:
            bound = b.get(p)
            if bound is None:
                yield {**b, p: s}
            elif bound is s:
                yield b
            return
        if not self.free[p]:
            if p is s:
                yield b
            return
        if p.op in (Op.ADD, Op.MUL):
            yield from self._inner_ac(p, s, b)
            return
        if s.op is not p.op or s.value is not p.value or len(s.args) != len(p.args):
            return
        yield from self._match_args(p.args, s.args, 0, b)

    def _match_args(self, ps: tuple, ss: tuple, i: int, b: Bindings) -> Iterator[Bindings]:
        if i == len(ps):
            yield b
            return
        for b2 in self._match(ps[i], ss[i], b):
            yield from self._match_args(ps, ss, i + 1, b2)

    def _inner_ac(self, p: Expr, s: Expr, b: Bindings) -> Iterator[Bindings]:
        coefficient, fixed, direct = self._parts(p)
        if p.op is Op.MUL:
            own, args = _coefficient_view(s)
            ratio = _divide(own, coefficient)
            if ratio is None:
                return
        else:
            own, args = 1, list(s.args) if s.op is Op.ADD else [s]
            ratio = 1
        pool = _Pool(args)
        for b2, _ in self._assign([(1, f) for f in fixed], pool, b, None):
            yield from self._absorb(p.op, direct, pool, b2, ratio, coefficient)

    def _absorb(
        self, op: Op, direct: list[Expr], pool: _Pool, b: Bindings, ratio: Num, coefficient: Num
    ) -> Iterator[Bindings]:
        """The direct variables take what is left; the last unbound one takes all of it."""
        bound = [v for v in direct if v in b]
        unbound = [v for v in direct if v not in b]
        if not unbound:
            for b2, rest in self._spread(bound, pool, b):
                if not rest and ratio == 1:
                    yield b2
            return
        last = unbound[-1]
        for b2, rest in self._spread(bound + unbound[:-1], pool, b):
            items = [pool.args[i] for i in rest]
            if op is Op.MUL:
                if (not items and ratio == 1) or (coefficient != 1 and ratio <= 0):
                    continue
                yield {**b2, last: self.canon.mul([Number(ratio), *items])}
            elif items:
                yield {**b2, last: self.canon.add(items)}

    def _spread(
        self, direct: list[Expr], pool: _Pool, b: Bindings
    ) -> Iterator[tuple[Bindings, list[int]]]:
        """Direct variables each take one remaining argument; yields what is left."""
        if not direct:
            yield b, pool.remaining()
            return
        first, others = direct[0], direct[1:]
        bound = b.get(first)
        choices = pool.same(bound) if bound is not None else range(len(pool.args))
        for i in choices:
            if i in pool.used:
                continue
            pool.used.add(i)
            yield from self._spread(
                others, pool, b if bound is not None else {**b, first: pool.args[i]}
            )
            pool.used.discard(i)
            if bound is not None:
                return

    def _assign(
        self, fixed: list[tuple[Num, Expr]], pool: _Pool, b: Bindings, ratio: Num | None
    ) -> Iterator[tuple[Bindings, Num]]:
        """Match each fixed pattern argument to a distinct pool argument (with the same
        coefficient ratio when the pool has coefficients)."""
        if not fixed:
            yield b, 1 if ratio is None else ratio
            return
        (weight, first), others = fixed[0], fixed[1:]
        for i in self._candidates(first, pool, b):
            here = None if pool.coefficients is None else _divide(pool.coefficients[i], weight)
            if pool.coefficients is not None and here is None:
                continue
            if ratio is not None and here != ratio:
                continue
            for b2 in self._match(first, pool.args[i], b):
                pool.used.add(i)
                yield from self._assign(others, pool, b2, here)
                pool.used.discard(i)

    def _candidates(self, p: Expr, pool: _Pool, b: Bindings) -> list[int]:
        if self.free[p] <= b.keys():
            ground = self._instantiate(p, b)
            return [i for i in pool.same(ground) if i not in pool.used][:1]
        if p in self.variables:
            return pool.remaining()
        op, detail = self.heads[p]
        first = self._known_first(p, b)
        if first is not None:
            return [i for i in pool.calls_on(detail, first) if i not in pool.used]
        return [
            i
            for i in pool.with_op(op)
            if i not in pool.used and (detail is None or head(pool.args[i]) == (op, detail))
        ]

    def _known_first(self, p: Expr, b: Bindings) -> Expr | None:
        """A call's first argument when the bindings already fix it (a bound variable or a
        ground part): a matching subject has exactly that node there."""
        if p.op is not Op.CALL or not p.args:
            return None
        first = p.args[0]
        if first in self.variables:
            return b.get(first)
        return None if self.free[first] else first

    def _instantiate(self, p: Expr, b: Bindings) -> Expr:
        if not self.free[p]:
            return p
        done: dict[Expr, Expr] = {}
        for node in postorder(p):
            if node in self.variables:
                done[node] = b[node]
            elif not self.free[node]:
                done[node] = node
            else:
                done[node] = self.canon.build(node, tuple(done[a] for a in node.args))
        return done[p]

    def _parts(self, p: Expr) -> tuple[Num, list[Expr], list[Expr]]:
        args = list(p.args)
        coefficient: Num = 1
        if p.op is Op.MUL and args[0].op is Op.NUM:
            coefficient = args.pop(0).value
        fixed = [a for a in args if a not in self.variables]
        direct = [a for a in args if a in self.variables]
        return coefficient, fixed, direct


def _coefficient_view(subject: Expr) -> tuple[Num, list[Expr]]:
    """A subject seen as a product: ``(coefficient, other factors)``."""
    if subject.op is Op.NUM:
        return subject.value, []
    if subject.op is not Op.MUL:
        return 1, [subject]
    if subject.args[0].op is Op.NUM:
        return subject.args[0].value, list(subject.args[1:])
    return 1, list(subject.args)


def _divide(top: Num, bottom: Num) -> Num | None:
    """Exact quotient of exact numbers (an ``int`` when integral); float otherwise; ``None``
    when a float meets an exact number beyond the float range."""
    if isinstance(top, float) or isinstance(bottom, float):
        try:
            return top / bottom
        except OverflowError:
            return None
    if type(top) is int and type(bottom) is int and top % bottom == 0:
        return top // bottom
    quotient = Fraction(top) / bottom
    return quotient.numerator if quotient.denominator == 1 else quotient
