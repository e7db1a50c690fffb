"""Rewrite rules written in the expression language, and the built-in rule tables.

Takes rule text such as ``"sin(a)^2 + cos(a)^2 -> 1"``, returns ``Rule`` objects the
simplifier applies (``simplify(e, rules=[...])``). A rule is data: a kebab-case name (used in
traces and test ids), a left side (the pattern), a right side (the template) and an optional
guard. Adding a built-in rule is one line in a table below plus one test case.

Pattern variables: every single lowercase ASCII letter in the left side (``a``, ``u``, ``x``;
``e`` is the constant) is a variable, unless ``variables=`` names them explicitly. Longer names
are literal symbols. The left side is put in standard form first (``sqrt(a)`` is ``a^(1/2)``,
``a + a`` is ``2*a``), so write it as standard form would. See ``symdiff.simplify.patterns`` for how
sums and products match. A guard is a callable taking ``{variable name: Expr}`` and returning
whether the rule applies.

Every built-in rule keeps the value of the expression at every point where it is defined
(real arithmetic). ``POSITIVE_DOMAIN`` rules hold only where logarithms, roots and powers see
positive arguments; ``simplify`` applies them only when asked (``assume_positive=True``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from symdiff.core.errors import (
    ArgumentError,
    SymdiffError,
    SymdiffSyntaxError,
    check_type,
    describe,
)
from symdiff.core.expr import Expr, Op
from symdiff.core.parse import parse
from symdiff.core.traverse import postorder
from symdiff.simplify.canonical import Canon, is_integer

__all__ = [
    "CONDITIONALS",
    "IDENTITIES",
    "POSITIVE_DOMAIN",
    "SPECIAL_VALUES",
    "Rule",
    "RuleError",
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

    >>> from symdiff.simplify.simplify import simplify
    >>> from symdiff.core.parse import parse
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
        check_type("text", text, str, "rule text 'pattern -> replacement'")
        if text.count("->") != 1:
            raise RuleError(f"a rule is 'pattern -> replacement' with one '->', got {text!r}")
        if name is not None:
            check_type("name", name, str, "text")
        if guard is not None and not callable(guard):
            raise ArgumentError(f"guard must be a function of the bindings, not {describe(guard)}")
        if variables is not None:
            check_type("variables", variables, str, "a string of names")
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


# -- guards ---------------------------------------------------------------------------------------


def _integer(name: str) -> Guard:
    return lambda m: m[name].op is Op.NUM and is_integer(m[name].value)


def _even(name: str) -> Guard:
    return lambda m: m[name].op is Op.NUM and is_integer(m[name].value) and m[name].value % 2 == 0


def _odd(name: str) -> Guard:
    return lambda m: m[name].op is Op.NUM and is_integer(m[name].value) and m[name].value % 2 == 1


def _multiple_of_three(name: str) -> Guard:
    return lambda m: m[name].op is Op.NUM and is_integer(m[name].value) and m[name].value % 3 == 0


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
    ("gamma-half", "gamma(1/2) -> sqrt(pi)"),
    ("gamma-three-halves", "gamma(3/2) -> sqrt(pi)/2"),
    ("gamma-minus-half", "gamma(-1/2) -> -2*sqrt(pi)"),
    ("beta-halves", "beta(1/2, 1/2) -> pi"),
    ("trigamma-one", "polygamma(1, 1) -> pi^2/6"),
    ("trigamma-half", "polygamma(1, 1/2) -> pi^2/2"),
    ("lgamma-half", "lgamma(1/2) -> log(pi)/2"),
    ("log2-of-e", "log2(e) -> 1/log(2)"),
    ("log10-of-e", "log10(e) -> 1/log(10)"),
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
    ("erf-odd", "erf(-a) -> -erf(a)"),
    ("hypot-even-first", "hypot(-a, b) -> hypot(a, b)"),
    ("hypot-even-second", "hypot(a, -b) -> hypot(a, b)"),
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
    ("log1p-of-expm1", "log1p(expm1(a)) -> a"),
    ("expm1-of-log1p", "expm1(log1p(a)) -> a"),
    ("log2-of-exp2", "log2(exp2(a)) -> a"),
    ("exp2-of-log2", "exp2(log2(a)) -> a"),
    ("polygamma-zero", "polygamma(0, a) -> digamma(a)"),
    # absolute value and sign
    ("abs-of-abs", "abs(abs(a)) -> abs(a)"),
    ("abs-of-exp", "abs(exp(a)) -> exp(a)"),
    ("abs-of-sqrt", "abs(sqrt(a)) -> sqrt(a)"),
    ("sign-times-abs", "sign(a)*abs(a) -> a"),
    ("sign-times-abs-reciprocal", "1/(sign(a)*abs(a)) -> 1/a"),
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
    # cbrt(a)^3 is a for every real a, so any power that is a multiple of 3 (1/cbrt(x)^3)
    ("cbrt-power", "cbrt(a)^n -> a^(n/3)", _multiple_of_three("n")),
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

#: Choices on one condition merge, so a product or sum of them is one ``where`` (a gradient's
#: adjoint stays inside the branch that defines it); see ``symdiff.simplify.conditional``.
CONDITIONALS: tuple[Rule, ...] = _plain(
    ("where-zero-times", "where(c, 0, b)*u -> where(c, 0, b*u)"),
    ("where-times-zero", "where(c, a, 0)*u -> where(c, a*u, 0)"),
    ("where-sum", "where(c, a, b) + where(c, d, f) -> where(c, a + d, b + f)"),
)
