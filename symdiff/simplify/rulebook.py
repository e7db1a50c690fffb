"""Rule application: rules compiled for one simplification run, indexed by node kind.

Takes ``Rule`` objects (``symdiff.simplify.rules``) and a ``Canon`` (the standard-form constructors
of the run), and rewrites one node at a time: ``Rulebook.rewrite(node)`` returns the first rule
that applies at the node's root and the result, built in standard form. Guarantees: rules are
tried in the order given; a rule is only tried on nodes of its kind (an index by node kind
and, for calls, by the kind of the first argument, found through a cache of cheap keys, since
this runs for every node), and a sum or product rule only where the arguments it needs are
present; a sum pattern is applied to all its non-overlapping matches at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping

from symdiff.core.errors import SymdiffError
from symdiff.core.expr import Expr, Number, Op
from symdiff.core.traverse import postorder
from symdiff.simplify.canonical import Canon
from symdiff.simplify.patterns import Match, Pattern, head
from symdiff.simplify.rules import Rule, RuleError

__all__ = ["Rulebook"]


class Rulebook:
    """Rules compiled for one simplification run, indexed by the kind of node they match.

    >>> from symdiff.simplify.canonical import Canon
    >>> from symdiff.core.parse import parse
    >>> c = Canon()
    >>> from symdiff.simplify.rules import IDENTITIES, SPECIAL_VALUES
    >>> book = Rulebook(SPECIAL_VALUES + IDENTITIES, c)
    >>> cos, x = parse("cos(x)").value, parse("x")
    >>> rule, result = book.rewrite(c.call(cos, (c.mul([Number(-1), x]),)))
    >>> rule.name, str(result)
    ('cos-even', 'cos(x)')
    """

    def __init__(self, rules: Iterable[Rule], canon: Canon) -> None:
        rules = tuple(rules)
        for rule in rules:
            if not isinstance(rule, Rule):
                raise RuleError(f"expected a Rule, got {rule!r}")
        self.canon = canon
        self.ground, self.by_head, self._by_quick = _compiled(rules)
        self._signatures: dict[Expr, frozenset[tuple]] = {}
        self._bound: dict[int, Pattern] = {}

    def _signature(self, node: Expr) -> frozenset:
        return _signature(node, self.canon)

    def _bind(self, pattern: Pattern) -> Pattern:
        """The compiled pattern working with this run's constructors."""
        bound = self._bound.get(id(pattern))
        if bound is None:
            bound = self._bound[id(pattern)] = pattern.bind(self.canon)
        return bound

    def rewrite(self, node: Expr) -> tuple[Rule, Expr] | None:
        """The first rule that applies at ``node`` and its result, or ``None``."""
        rule = self.ground.get(node)
        if rule is not None:
            return rule, self._instantiate(rule, {})
        candidates = self._candidates(node)
        if not candidates:
            return None
        has = self._signatures.get(node) if node.op in (Op.ADD, Op.MUL) else frozenset()
        if has is None:
            has = self._signatures[node] = self._signature(node)
        for rule, unbound, needs in candidates:
            if not needs <= has or not unbound.could_match(node):
                continue
            pattern = self._bind(unbound)  # only now: most candidates fail the quick look
            accept = _acceptor(rule)
            if pattern.proportional:
                found = pattern.sum_matches(node, accept)
                if found is not None:
                    matches, rest = found
                    return rule, self.canon.add([*rest, *(self._scaled(rule, m) for m in matches)])
                continue
            for match in pattern.matches(node):
                if accept(match.bindings):
                    return rule, self._result(rule, match)
        return None

    def _candidates(self, node: Expr) -> list[tuple[Rule, Pattern, frozenset]]:
        """The rules indexed under the node's kind, found through a cache keyed by cheap
        attributes (hashing ``Op`` members is slow, and this runs for every node), shared
        by every run of the same rules (the patterns in it are not bound to a run yet)."""
        op = node.op
        if op is Op.CALL:
            first = node.args[0]
            quick: tuple = (node.value, first.value if first.op is Op.CALL else first.op._value_)
        elif op is Op.POW:
            base = node.args[0]
            quick = ("^", base.value if base.op is Op.CALL else base.op._value_)
        else:
            quick = (op._value_,)
        found = self._by_quick.get(quick)
        if found is None:
            kind = head(node)
            first_kind = _kind(node.args[0]) if op is Op.CALL else None
            found = self.by_head.get((*kind, first_kind), [])
            if first_kind is not None:
                found = found + self.by_head.get((*kind, None), [])
            if kind[1] is not None:
                found = found + self.by_head.get((kind[0], None, None), [])
            self._by_quick[quick] = found
        return found

    def _scaled(self, rule: Rule, match: Match) -> Expr:
        return self.canon.mul([Number(match.ratio), self._instantiate(rule, match.bindings)])

    def _result(self, rule: Rule, match: Match) -> Expr:
        value = self._instantiate(rule, match.bindings)
        if rule.lhs.op is Op.ADD:
            return self.canon.add([*match.rest, self.canon.mul([Number(match.ratio), value])])
        if rule.lhs.op is Op.MUL:
            return self.canon.mul([*match.rest, Number(match.ratio), value])
        return value

    def _instantiate(self, rule: Rule, bindings: Mapping[Expr, Expr]) -> Expr:
        done: dict[Expr, Expr] = {}
        for node in postorder(rule.rhs):
            if node in bindings:
                done[node] = bindings[node]
            else:
                done[node] = self.canon.build(node, tuple(done[a] for a in node.args))
        return done[rule.rhs]


Index = dict[tuple, list[tuple[Rule, Pattern, frozenset]]]


@functools.lru_cache(maxsize=64)
def _compiled(rules: tuple[Rule, ...]) -> tuple[dict[Expr, Rule], Index, Index]:
    """The index of a tuple of rules, built once: ground rules by their node, the others by
    kind (patterns are bound to each run's constructors when first used), and an empty
    cache of candidates by cheap keys (``Rulebook._candidates``)."""
    canon = Canon()
    ground: dict[Expr, Rule] = {}
    by_head: Index = {}
    for rule in rules:
        variables = rule.variables
        if rule.lhs.op not in (Op.ADD, Op.MUL) and not any(
            n in variables for n in postorder(rule.lhs)
        ):
            ground.setdefault(rule.lhs, rule)
            continue
        pattern = Pattern(rule.lhs, set(variables), canon)
        needs = _signature(rule.lhs, canon, variables)
        for key in _keys(rule.lhs, variables):
            by_head.setdefault(key, []).append((rule, pattern, needs))
    return ground, by_head, {}


def _signature(node: Expr, canon: Canon, variables: frozenset[Expr] = frozenset()) -> frozenset:
    """The kinds of call and power among the arguments of a sum or product (of its
    monomials, for a sum): what a sum or product rule needs to be worth trying."""
    if node.op not in (Op.ADD, Op.MUL):
        return frozenset()
    split = canon.split
    kinds: set[tuple[Op, object]] = set()
    for arg in node.args:
        part = split(arg)[1] if node.op is Op.ADD and arg.op is Op.MUL else arg
        op = part.op
        if op is Op.CALL:
            kinds.add((op, part.value))
        elif op is Op.POW and part.args[0] not in variables:
            base = part.args[0]
            kinds.add((op, base.value if base.op is Op.CALL else base.op))
    return frozenset(kinds)


def _acceptor(rule: Rule) -> Callable[[Mapping[Expr, Expr]], bool]:
    guard = rule.guard
    if guard is None:
        return lambda bindings: True

    def accept(bindings: Mapping[Expr, Expr]) -> bool:
        try:
            return bool(guard({v.name: e for v, e in bindings.items()}))
        except SymdiffError:
            raise
        except Exception as error:  # the user's guard failed: name the rule
            raise SymdiffError(
                f"the guard of rule {rule.name!r} raised {type(error).__name__}: {error}"
            ) from error

    return accept


def _kind(node: Expr) -> object:
    """What the first argument of a call is, for indexing: a function, or a node kind."""
    return node.value if node.op is Op.CALL else node.op


def _keys(lhs: Expr, variables: frozenset[Expr]) -> list[tuple]:
    """Index keys of a pattern: its head, and for a call the kind of its first argument
    (``None`` for any; a product with a number also matches a number: ``sin(-a)``)."""
    kind = head(lhs, variables)
    if lhs.op is not Op.CALL or lhs.args[0] in variables:
        return [(*kind, None)]
    first = lhs.args[0]
    if first.op is Op.MUL and first.args[0].op is Op.NUM:
        return [(*kind, Op.MUL), (*kind, Op.NUM)]
    return [(*kind, _kind(first))]
