"""Rewrite rules written in the expression language, and the built-in rule tables.

Takes rule text such as ``"sin(a)^2 + cos(a)^2 -> 1"``, returns ``Rule`` objects the
simplifier applies (``simplify(e, rules=[...])``). A rule is data: a kebab-case name (used in
traces and test ids), a left side (the pattern), a right side (the template) and an optional
guard. Adding a built-in rule is one line in a table below plus one test case.

Pattern variables: every single lowercase ASCII letter in the left side (``a``, ``u``, ``x``;
``e`` is the constant) is a variable, unless ``variables=`` names them explicitly. Longer names
are literal symbols. The left side is put in standard form first (``sqrt(a)`` is ``a^(1/2)``,
``a + a`` is ``2*a``), so write it as standard form would. See ``symdiff.patterns`` for how
sums and products match. A guard is a callable taking ``{variable name: Expr}`` and returning
whether the rule applies.

Every built-in rule keeps the value of the expression at every point where it is defined
(real arithmetic). ``POSITIVE_DOMAIN`` rules hold only where logarithms, roots and powers see
positive arguments; ``simplify`` applies them only when asked (``assume_positive=True``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from symdiff.canonical import Canon, is_integer
from symdiff.errors import SymdiffError, SymdiffSyntaxError
from symdiff.expr import Expr, Number, Op
from symdiff.parse import parse
from symdiff.patterns import Match, Pattern, head
from symdiff.traverse import postorder

__all__ = [
    "IDENTITIES",
    "POSITIVE_DOMAIN",
    "SPECIAL_VALUES",
    "Rule",
    "RuleError",
    "Rulebook",
]

Guard = Callable[[Mapping[str, Expr]], bool]
_VARIABLE = re.compile(r"[a-z]")


class RuleError(SymdiffError, ValueError):
    """A rule that cannot be used (no ``->``, an unbound variable on the right, ...)."""


class Rule:
    """A rewrite rule ``pattern -> replacement`` written in the expression language.

    Args:
        text: ``"left -> right"``.
        name: a kebab-case name for traces and test ids (default: the text).
        guard: called with the bindings (``{"a": Expr}``); the rule applies only if it
            returns true.
        variables: the pattern variables, space-separated (default: single lowercase letters).

    >>> from symdiff.simplify import simplify
    >>> from symdiff.parse import parse
    >>> rule = Rule("sin(a)^2 + cos(a)^2 -> 1", name="pythagoras")
    >>> str(simplify(parse("sin(x)^2 + 3 + cos(x)^2"), rules=[rule]))
    '4'
    """

    __slots__ = ("guard", "lhs", "name", "rhs", "text", "variables")

    def __init__(
        self,
        text: str,
        *,
        name: str | None = None,
        guard: Guard | None = None,
        variables: str | None = None,
    ) -> None:
        if not isinstance(text, str) or text.count("->") != 1:
            raise RuleError(f"a rule is 'pattern -> replacement' with one '->', got {text!r}")
        left, right = text.split("->")
        self.text = text.strip()
        self.name = name or " ".join(self.text.split())
        self.guard = guard
        raw_lhs = _parse_side(text, left, 0)
        self.rhs = _parse_side(text, right, len(left) + 2)
        self.variables = _variables(raw_lhs, variables)
        self.lhs = _standard(raw_lhs)
        self._check(_variables(self.rhs, variables))

    def _check(self, used: frozenset[Expr]) -> None:
        if self.lhs in self.variables or self.lhs.op is Op.NUM:
            raise RuleError(
                f"rule {self.name!r}: the left side is just {self.lhs} in standard form,"
                " which matches anything or is already simplified"
            )
        bound = {n for n in postorder(self.lhs) if n in self.variables}
        extra = sorted(n.name for n in used if n not in bound)
        if extra:
            raise RuleError(
                f"rule {self.name!r}: the right side uses {', '.join(extra)},"
                " which the left side does not bind (single lowercase letters are pattern"
                " variables; name them with variables=...)"
            )

    def __repr__(self) -> str:
        return f"Rule({self.text!r}, name={self.name!r})"


def _parse_side(text: str, side: str, offset: int) -> Expr:
    if not side.strip():
        raise RuleError(f"rule {text!r} has an empty side")
    try:
        return parse(side)
    except SymdiffSyntaxError as error:
        position = None if error.pos is None else error.pos + offset
        raise SymdiffSyntaxError(error.reason, text, position, error.hint) from None


def _variables(lhs: Expr, names: str | None) -> frozenset[Expr]:
    symbols = {n for n in postorder(lhs) if n.op is Op.SYM}
    if names is None:
        return frozenset(s for s in symbols if _VARIABLE.fullmatch(s.name))
    wanted = set(names.replace(",", " ").split())
    return frozenset(s for s in symbols if s.name in wanted)


def _standard(expr: Expr) -> Expr:
    canon = Canon()
    done: dict[Expr, Expr] = {}
    for node in postorder(expr):
        done[node] = canon.build(node, tuple(done[a] for a in node.args))
    return done[expr]


class Rulebook:
    """Rules compiled for one simplification run, indexed by the kind of node they match.

    >>> from symdiff.canonical import Canon
    >>> from symdiff.parse import parse
    >>> c = Canon()
    >>> book = Rulebook(SPECIAL_VALUES + IDENTITIES, c)
    >>> cos, x = parse("cos(x)").value, parse("x")
    >>> rule, result = book.rewrite(c.call(cos, (c.mul([Number(-1), x]),)))
    >>> rule.name, str(result)
    ('cos-even', 'cos(x)')
    """

    def __init__(self, rules: Iterable[Rule], canon: Canon) -> None:
        self.canon = canon
        self.ground: dict[Expr, Rule] = {}
        self.by_head: dict[tuple, list[tuple[Rule, Pattern, frozenset]]] = {}
        for rule in rules:
            if not isinstance(rule, Rule):
                raise RuleError(f"expected a Rule, got {rule!r}")
            ground = all(n not in rule.variables for n in postorder(rule.lhs))
            if ground and rule.lhs.op not in (Op.ADD, Op.MUL):
                self.ground.setdefault(rule.lhs, rule)
                continue
            pattern = Pattern(rule.lhs, set(rule.variables), canon)
            needs = self._signature(rule.lhs, rule.variables)
            for key in _keys(rule.lhs, rule.variables):
                self.by_head.setdefault(key, []).append((rule, pattern, needs))
        self._signatures: dict[Expr, frozenset[tuple]] = {}

    def _signature(self, node: Expr, variables: frozenset[Expr] = frozenset()) -> frozenset:
        """The kinds of call and power among the arguments of a sum or product (of its
        monomials, for a sum): what a sum or product rule needs to be worth trying."""
        if node.op not in (Op.ADD, Op.MUL):
            return frozenset()
        split = self.canon.split
        kinds = set()
        for arg in node.args:
            part = split(arg)[1] if node.op is Op.ADD and arg.op is Op.MUL else arg
            op = part.op
            if op is Op.CALL:
                kinds.add((op, part.value))
            elif op is Op.POW and part.args[0] not in variables:
                base = part.args[0]
                kinds.add((op, base.value if base.op is Op.CALL else base.op))
        return frozenset(kinds)

    def rewrite(self, node: Expr) -> tuple[Rule, Expr] | None:
        """The first rule that applies at ``node`` and its result, or ``None``."""
        rule = self.ground.get(node)
        if rule is not None:
            return rule, self._instantiate(rule, {})
        kind = head(node)
        first = _kind(node.args[0]) if node.op is Op.CALL else None
        candidates = self.by_head.get((*kind, first), [])
        if first is not None:
            candidates = candidates + self.by_head.get((*kind, None), [])
        if kind[1] is not None:
            candidates = candidates + self.by_head.get((kind[0], None, None), [])
        if not candidates:
            return None
        has = self._signatures.get(node) if kind[0] in (Op.ADD, Op.MUL) else frozenset()
        if has is None:
            has = self._signatures[node] = self._signature(node)
        for rule, pattern, needs in candidates:
            if not needs <= has or not pattern.could_match(node):
                continue
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


def _acceptor(rule: Rule) -> Callable[[Mapping[Expr, Expr]], bool]:
    guard = rule.guard
    if guard is None:
        return lambda bindings: True
    return lambda bindings: bool(guard({v.name: e for v, e in bindings.items()}))


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


# -- guards ---------------------------------------------------------------------------------------


def _integer(name: str) -> Guard:
    return lambda m: m[name].op is Op.NUM and is_integer(m[name].value)


def _even(name: str) -> Guard:
    return lambda m: m[name].op is Op.NUM and is_integer(m[name].value) and m[name].value % 2 == 0


def _odd(name: str) -> Guard:
    return lambda m: m[name].op is Op.NUM and is_integer(m[name].value) and m[name].value % 2 == 1


def _table(*rows: tuple) -> tuple[Rule, ...]:
    return tuple(Rule(text, name=name, guard=guard) for name, text, guard in rows)


def _plain(*rows: tuple[str, str]) -> tuple[Rule, ...]:
    return _table(*((name, text, None) for name, text in rows))


# -- built-in rule tables -------------------------------------------------------------------------

#: Exact values of functions at special points.
SPECIAL_VALUES: tuple[Rule, ...] = _plain(
    ("sin-zero", "sin(0) -> 0"),
    ("sin-pi", "sin(pi) -> 0"),
    ("sin-half-pi", "sin(pi/2) -> 1"),
    ("sin-third-pi", "sin(pi/3) -> sqrt(3)/2"),
    ("sin-quarter-pi", "sin(pi/4) -> sqrt(2)/2"),
    ("sin-sixth-pi", "sin(pi/6) -> 1/2"),
    ("cos-zero", "cos(0) -> 1"),
    ("cos-pi", "cos(pi) -> -1"),
    ("cos-half-pi", "cos(pi/2) -> 0"),
    ("cos-third-pi", "cos(pi/3) -> 1/2"),
    ("cos-quarter-pi", "cos(pi/4) -> sqrt(2)/2"),
    ("cos-sixth-pi", "cos(pi/6) -> sqrt(3)/2"),
    ("tan-zero", "tan(0) -> 0"),
    ("tan-pi", "tan(pi) -> 0"),
    ("tan-quarter-pi", "tan(pi/4) -> 1"),
    ("tan-third-pi", "tan(pi/3) -> sqrt(3)"),
    ("tan-sixth-pi", "tan(pi/6) -> sqrt(3)/3"),
    ("sec-zero", "sec(0) -> 1"),
    ("sec-pi", "sec(pi) -> -1"),
    ("csc-half-pi", "csc(pi/2) -> 1"),
    ("cot-half-pi", "cot(pi/2) -> 0"),
    ("cot-quarter-pi", "cot(pi/4) -> 1"),
    ("asin-zero", "asin(0) -> 0"),
    ("asin-one", "asin(1) -> pi/2"),
    ("asin-half", "asin(1/2) -> pi/6"),
    ("acos-one", "acos(1) -> 0"),
    ("acos-zero", "acos(0) -> pi/2"),
    ("acos-minus-one", "acos(-1) -> pi"),
    ("acos-half", "acos(1/2) -> pi/3"),
    ("atan-zero", "atan(0) -> 0"),
    ("atan-one", "atan(1) -> pi/4"),
    ("sinh-zero", "sinh(0) -> 0"),
    ("cosh-zero", "cosh(0) -> 1"),
    ("tanh-zero", "tanh(0) -> 0"),
    ("asinh-zero", "asinh(0) -> 0"),
    ("acosh-one", "acosh(1) -> 0"),
    ("atanh-zero", "atanh(0) -> 0"),
    ("log-one", "log(1) -> 0"),
    ("log-e", "log(e) -> 1"),
)

#: Identities that hold wherever the left side is defined.
IDENTITIES: tuple[Rule, ...] = _plain(
    # parity: odd and even functions of a negated argument
    ("sin-odd", "sin(-a) -> -sin(a)"),
    ("cos-even", "cos(-a) -> cos(a)"),
    ("tan-odd", "tan(-a) -> -tan(a)"),
    ("cot-odd", "cot(-a) -> -cot(a)"),
    ("sec-even", "sec(-a) -> sec(a)"),
    ("csc-odd", "csc(-a) -> -csc(a)"),
    ("sinh-odd", "sinh(-a) -> -sinh(a)"),
    ("cosh-even", "cosh(-a) -> cosh(a)"),
    ("tanh-odd", "tanh(-a) -> -tanh(a)"),
    ("asin-odd", "asin(-a) -> -asin(a)"),
    ("atan-odd", "atan(-a) -> -atan(a)"),
    ("asinh-odd", "asinh(-a) -> -asinh(a)"),
    ("atanh-odd", "atanh(-a) -> -atanh(a)"),
    ("cbrt-odd", "cbrt(-a) -> -cbrt(a)"),
    ("abs-even", "abs(-a) -> abs(a)"),
    ("sign-odd", "sign(-a) -> -sign(a)"),
    # a function of its inverse
    ("log-of-exp", "log(exp(a)) -> a"),
    ("exp-of-log", "exp(log(a)) -> a"),
    ("exp-of-multiple-log", "exp(b*log(a)) -> a^b"),
    ("exp-of-log-sum", "exp(log(a) + b) -> a*exp(b)"),
    ("sin-of-asin", "sin(asin(a)) -> a"),
    ("cos-of-acos", "cos(acos(a)) -> a"),
    ("tan-of-atan", "tan(atan(a)) -> a"),
    ("cos-of-asin", "cos(asin(a)) -> sqrt(1 - a^2)"),
    ("sin-of-acos", "sin(acos(a)) -> sqrt(1 - a^2)"),
    ("sinh-of-asinh", "sinh(asinh(a)) -> a"),
    ("cosh-of-acosh", "cosh(acosh(a)) -> a"),
    ("tanh-of-atanh", "tanh(atanh(a)) -> a"),
    ("cosh-of-asinh", "cosh(asinh(a)) -> sqrt(1 + a^2)"),
    ("asinh-of-sinh", "asinh(sinh(a)) -> a"),
    ("atanh-of-tanh", "atanh(tanh(a)) -> a"),
    ("acosh-of-cosh", "acosh(cosh(a)) -> abs(a)"),
    ("cbrt-cubed", "cbrt(a)^3 -> a"),
    # absolute value and sign
    ("abs-of-abs", "abs(abs(a)) -> abs(a)"),
    ("abs-of-exp", "abs(exp(a)) -> exp(a)"),
    ("abs-of-sqrt", "abs(sqrt(a)) -> sqrt(a)"),
    ("sign-times-abs", "sign(a)*abs(a) -> a"),
    ("abs-over-self", "abs(a)/a -> sign(a)"),
    ("self-over-abs", "a/abs(a) -> sign(a)"),
    ("square-over-abs", "a^2/abs(a) -> abs(a)"),
    # Pythagorean identities (also on multiples: 3*sin(x)^2 + 3*cos(x)^2 -> 3)
    ("pythagoras", "sin(a)^2 + cos(a)^2 -> 1"),
    ("hyperbolic-pythagoras", "cosh(a)^2 - sinh(a)^2 -> 1"),
    ("one-minus-sin-squared", "1 - sin(a)^2 -> cos(a)^2"),
    ("one-minus-cos-squared", "1 - cos(a)^2 -> sin(a)^2"),
    ("one-plus-tan-squared", "1 + tan(a)^2 -> sec(a)^2"),
    ("one-plus-cot-squared", "1 + cot(a)^2 -> csc(a)^2"),
    ("one-minus-tanh-squared", "1 - tanh(a)^2 -> 1/cosh(a)^2"),
    ("sec-squared-minus-one", "sec(a)^2 - 1 -> tan(a)^2"),
    ("csc-squared-minus-one", "csc(a)^2 - 1 -> cot(a)^2"),
    ("cosh-squared-minus-one", "cosh(a)^2 - 1 -> sinh(a)^2"),
    ("sinh-squared-plus-one", "sinh(a)^2 + 1 -> cosh(a)^2"),
    # quotients and products of related functions
    ("sin-over-cos", "sin(a)/cos(a) -> tan(a)"),
    ("cos-over-sin", "cos(a)/sin(a) -> cot(a)"),
    ("sinh-over-cosh", "sinh(a)/cosh(a) -> tanh(a)"),
    ("tan-times-cos", "tan(a)*cos(a) -> sin(a)"),
    ("sec-times-cos", "sec(a)*cos(a) -> 1"),
    ("csc-times-sin", "csc(a)*sin(a) -> 1"),
    ("cot-times-tan", "cot(a)*tan(a) -> 1"),
) + _table(
    ("sin-integer-pi", "sin(n*pi) -> 0", _integer("n")),
    ("tan-integer-pi", "tan(n*pi) -> 0", _integer("n")),
    ("cos-integer-pi", "cos(n*pi) -> (-1)^n", _integer("n")),
    ("abs-of-even-power", "abs(a^n) -> a^n", _even("n")),
    ("log-of-odd-power", "log(a^n) -> n*log(a)", _odd("n")),
)

#: Rules that hold only where logarithms, roots and powers see positive arguments (for
#: example for positive real variables); off unless ``simplify(..., assume_positive=True)``.
POSITIVE_DOMAIN: tuple[Rule, ...] = _plain(
    ("log-of-product", "log(a*b) -> log(a) + log(b)"),
    ("log-of-power", "log(a^b) -> b*log(a)"),
    ("multiply-exponents", "(a^b)^c -> a^(b*c)"),
    ("split-power-of-product", "(a*b)^c -> a^c*b^c"),
    ("abs-of-positive", "abs(a) -> a"),
)
