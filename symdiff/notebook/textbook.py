"""The rules of differentiation as a calculus textbook states them, for ``symdiff.explain``.

Takes one subexpression and a way to write the derivative of a part (a ``d/dx(...)``
placeholder while the part is still to be found, or its derivative once it is known);
returns which rule applies, the rule written out for this subexpression, and a note naming
its pieces (``f = x^2``, ``outer function sin``). Rules: constant, variable, sum, constant
multiple, product (n-ary), quotient (when a product has a divisor that depends on the
variable), power (with the chain rule), exponential, general power ``f^g`` (logarithmic
differentiation) and the chain rule over the function registry.

Results are built with the trivial rules only (drop ``+0``/``*1``, fold numbers); nested
products and sums are merged only while small, so a chain rule 100,000 levels deep stays
linear in time; a product of more than ``SMALL_PRODUCT`` varying factors shares its prefix
and suffix products between the terms of the product rule, so it is linear too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from symdiff.core.construct import add, mul, power
from symdiff.core.errors import DifferentiationError
from symdiff.core.expr import LEAVES, Add, Expr, Mul, Number, Op
from symdiff.core.functions import REGISTRY

__all__ = ["Applied", "Context", "Math", "apply_rule"]

#: Nested sums and products with more arguments than this are kept as a unit, not merged.
MERGE_LIMIT = 16

ONE, ZERO = Number(1), Number(0)


class Math(NamedTuple):
    """A formula given by hand in both notations."""

    text: str
    latex: str


#: Words (str), maths (Expr) and maths given by hand (Math).
Note = tuple[str | Expr | Math, ...]


class Applied(NamedTuple):
    """A rule applied to one subexpression."""

    rule: str
    expansion: Expr
    note: Note


@dataclass
class Context:
    """What a rule needs: the variable, which nodes depend on it, and ``d``."""

    wrt: Expr
    depends: Callable[[Expr], bool]
    d: Callable[[Expr], Expr]
    inner: Expr  # the placeholder symbol for an inner function (``u``)


def _merged(op: Op, items: tuple[object, ...], build: Callable[..., Expr]) -> Expr:
    """``build(*items)``, but big nested sums/products are kept whole (linear time)."""
    small = [
        i for i in items if not (isinstance(i, Expr) and i.op is op and len(i.args) > MERGE_LIMIT)
    ]
    big = [i for i in items if isinstance(i, Expr) and i not in small]
    if not big:
        return build(*small)
    head = build(*small) if small else None
    if head is not None and head.op is Op.NUM and head.value == 0 and op is Op.MUL:
        return ZERO
    neutral = 0 if op is Op.ADD else 1
    keep = [] if head is None or (head.op is Op.NUM and head.value == neutral) else [head]
    parts = keep + big
    return parts[0] if len(parts) == 1 else (Add if op is Op.ADD else Mul)(*parts)


def _add(*terms: object) -> Expr:
    return _merged(Op.ADD, terms, add)


def _mul(*factors: object) -> Expr:
    return _merged(Op.MUL, factors, mul)


def _named(name: str, value: Expr) -> tuple[Math, Expr]:
    """``name = value`` as maths: the name given by hand, the value an expression."""
    return Math(f"{name} = ", f"{name} = "), value


def _times(*items: tuple[Expr, bool]) -> Expr:
    """A product of ``(factor, merge)`` items in order: numbers become one leading
    coefficient, products marked ``merge`` (derivatives found so far) are merged in while
    small, the others (the expression's own factors) stay whole, so ``(x*x)*(x*x)`` keeps
    its shape."""
    coefficient: int | Fraction | float = 1
    factors: list[Expr] = []
    for item, merge in items:
        merged = merge and item.op is Op.MUL and len(item.args) <= MERGE_LIMIT
        for factor in item.args if merged else (item,):
            if factor.op is Op.NUM:
                coefficient = coefficient * factor.value
            else:
                factors.append(factor)
    if coefficient == 0 or not factors:
        return Number(coefficient)
    if coefficient != 1 or isinstance(coefficient, float):
        factors.insert(0, Number(coefficient))
    return factors[0] if len(factors) == 1 else Mul(*factors)


def apply_rule(node: Expr, ctx: Context) -> Applied:
    """The rule for differentiating ``node`` (which depends on the variable, or is the root).

    >>> from symdiff.core.expr import Number, Symbol, symbols
    >>> x = symbols("x")
    >>> depends = lambda n: n.op is not Op.NUM
    >>> ctx = Context(x, depends, lambda v: Number(1) if v is x else v, Symbol("u"))
    >>> apply_rule(x**3, ctx).rule
    'power rule'
    """
    if node is ctx.wrt:
        x = ctx.wrt.name
        rule = Math(f"d/d{x}({x}) = 1", rf"\frac{{d}}{{d{x}}}{x} = 1")
        return Applied("variable rule", ONE, ("the derivative of the variable itself: ", rule))
    if node.op in LEAVES or not ctx.depends(node):
        return Applied("constant rule", ZERO, ("the derivative of a constant is 0",))
    return _RULES[node.op](node, ctx)


def _sum(node: Expr, ctx: Context) -> Applied:
    note = ("differentiate term by term: ", Math("(f + g)' = f' + g'", "(f + g)' = f' + g'"))
    return Applied("sum rule", _add(*(ctx.d(t) for t in node.args)), note)


def _product(node: Expr, ctx: Context) -> Applied:
    constant = [f for f in node.args if not ctx.depends(f)]
    varying = [f for f in node.args if ctx.depends(f)]
    if constant:
        rest = varying[0] if len(varying) == 1 else Mul(*varying)
        c = _mul(*constant)
        note = (Math("(c*f)' = c*f'", "(c f)' = c f'"), " with ", *_named("c", c))
        return Applied("constant multiple rule", _mul(c, ctx.d(rest)), note)
    divisors = [f for f in varying if _is_divisor(f)]
    if divisors and len(divisors) < len(varying):
        return _quotient(varying, divisors, ctx)
    if len(varying) > SMALL_PRODUCT:
        terms = _shared_terms(varying, ctx)
    else:
        terms = [
            _times(*((ctx.d(f), True) if i == j else (f, False) for j, f in enumerate(varying)))
            for i in range(len(varying))
        ]
    if len(varying) == 2:
        pieces: Note = (" with ", *_named("f", varying[0]), " and ", *_named("g", varying[1]))
        formula = Math("(f*g)' = f'*g + f*g'", "(f g)' = f' g + f g'")
    else:
        pieces = (": differentiate one factor at a time and add",)
        formula = Math("(f*g*h)' = f'*g*h + f*g'*h + f*g*h'", "(f g h)' = f' g h + f g' h + f g h'")
    return Applied("product rule", _add(*terms), (formula, *pieces))


#: Products of more varying factors than this write ``(f1*...*f(i-1))*fi'*(f(i+1)*...*fn)``
#: with the prefix and suffix products shared between the terms (linear, not quadratic).
SMALL_PRODUCT = 8


def _shared_terms(varying: list[Expr], ctx: Context) -> list[Expr]:
    heads = [varying[0]]  # heads[i] = f0*...*fi
    for f in varying[1:-1]:
        heads.append(Mul(heads[-1], f))
    tails = [varying[-1]]  # reversed: tails[-1 - i] = f(n-1-i)*...*f(n-1)
    for f in reversed(varying[1:-1]):
        tails.append(Mul(f, tails[-1]))
    tails.reverse()  # tails[i] = f(i+1)*...*f(n-1)
    last = len(varying) - 1
    terms = []
    for i, f in enumerate(varying):
        items = [(heads[i - 1], False)] if i else []
        items.append((ctx.d(f), True))
        if i < last:
            items.append((tails[i], False))
        terms.append(_times(*items))
    return terms


def _is_divisor(node: Expr) -> bool:
    if node.op is not Op.POW:
        return False
    exponent = node.args[1]
    return exponent.op is Op.NUM and exponent.value < 0


def _quotient(varying: list[Expr], divisors: list[Expr], ctx: Context) -> Applied:
    top = [f for f in varying if f not in divisors]
    f = top[0] if len(top) == 1 else Mul(*top)
    bottoms = [power(b.args[0], -b.args[1].value) for b in divisors]
    g = bottoms[0] if len(bottoms) == 1 else Mul(*bottoms)
    minus = Number(-1)
    numerator = _add(
        _times((ctx.d(f), True), (g, False)), _times((minus, True), (f, False), (ctx.d(g), True))
    )
    formula = Math(
        "(f/g)' = (f'*g - f*g')/g^2", r"\left(\frac{f}{g}\right)' = \frac{f' g - f g'}{g^2}"
    )
    note = (formula, " with ", *_named("f", f), " and ", *_named("g", g))
    return Applied("quotient rule", _mul(numerator, power(g, -2)), note)


def _power(node: Expr, ctx: Context) -> Applied:
    base, exponent = node.args
    if not ctx.depends(exponent):
        return _constant_exponent(base, exponent, ctx)
    if not ctx.depends(base):
        return _exponential(node, ctx)
    log = REGISTRY["log"]
    expansion = _mul(
        node, _add(_mul(ctx.d(exponent), log(base)), _mul(exponent, ctx.d(base), power(base, -1)))
    )
    formula = Math(
        "f^g = exp(g*log(f)), so (f^g)' = f^g*(g'*log(f) + g*f'/f)",
        r"f^g = e^{g \log f} \text{, so } (f^g)' = f^g \left(g' \log f + \frac{g f'}{f}\right)",
    )
    note = (formula, " with ", *_named("f", base), " and ", *_named("g", exponent))
    return Applied("general power rule (logarithmic differentiation)", expansion, note)


def _constant_exponent(base: Expr, n: Expr, ctx: Context) -> Applied:
    outer = _mul(n, power(base, _add(n, -1)))
    if base is ctx.wrt:
        formula = Math("d/dx(x^n) = n*x^(n - 1)", r"\frac{d}{dx} x^n = n x^{n-1}")
        return Applied("power rule", outer, (formula, " with ", *_named("n", n)))
    u = ctx.inner.name
    formula = Math(f"({u}^n)' = n*{u}^(n - 1)*{u}'", f"({u}^n)' = n {u}^{{n-1}} {u}'")
    outer_function = Math(f"{u}^n", f"{u}^n")
    note: Note = (formula, " with ", *_named("n", n), "; outer function ", outer_function)
    note += (", inner function ", *_named(u, base))
    return Applied("power rule with the chain rule", _mul(outer, ctx.d(base)), note)


def _exponential(node: Expr, ctx: Context) -> Applied:
    base, exponent = node.args
    if base.op is Op.CONST and base.value == "e":
        formula = Math("(e^u)' = e^u*u'", r"(e^u)' = e^u u'")
        return Applied("exponential rule", _mul(node, ctx.d(exponent)), (formula,))
    formula = Math("(a^u)' = a^u*log(a)*u'", r"(a^u)' = a^u \log(a)\, u'")
    expansion = _mul(node, REGISTRY["log"](base), ctx.d(exponent))
    return Applied("exponential rule", expansion, (formula, " with ", *_named("a", base)))


def _call(node: Expr, ctx: Context) -> Applied:
    function = node.value
    if function.derivatives is None:
        raise DifferentiationError(
            f"no derivative is known for the function {function.name!r}; register it with"
            " register_function(..., derivatives=[...])"
        )
    if len(node.args) > 1:
        return _chain_several(node, ctx)
    (arg,) = node.args
    outer = function.derivatives[0](arg)
    latex_name = function.targets.get("latex") or rf"\operatorname{{{function.name}}}"
    u = ctx.inner
    prime = Math(f"{function.name}'({u.name}) = ", rf"{latex_name}'({u.name}) = ")
    table = (prime, function.derivatives[0](u))
    if arg is ctx.wrt:
        return Applied(f"derivative of {function.name}", outer, ("from the table: ", *table))
    note: Note = (f"outer function {function.name}, inner function ", *_named(u.name, arg), "; ")
    note += table
    return Applied("chain rule", _mul(outer, ctx.d(arg)), note)


def _chain_several(node: Expr, ctx: Context) -> Applied:
    function = node.value
    terms = []
    for k, (partial, a) in enumerate(zip(function.derivatives, node.args, strict=True)):
        da = ctx.d(a)
        if partial is None:  # polygamma's order: allowed only where it is constant
            if da is not Number(0):
                raise DifferentiationError(
                    f"{function.name}() has no derivative in argument {k + 1}; that argument"
                    " must not depend on the variable"
                )
            continue
        terms.append(_mul(partial(*node.args), da))
    terms = terms or [Number(0)]
    formula = Math(
        "(f(u, v))' = f_u(u, v)*u' + f_v(u, v)*v'",
        r"\big(f(u, v)\big)' = f_u(u, v)\, u' + f_v(u, v)\, v'",
    )
    latex_name = function.targets.get("latex") or rf"\operatorname{{{function.name}}}"
    name = Math(f"f = {function.name}", rf"f = {latex_name}")
    note = (formula, " with ", name, ": one term per argument")
    return Applied("chain rule for several arguments", _add(*terms), note)


_RULES: dict[Op, Callable[[Expr, Context], Applied]] = {
    Op.ADD: _sum,
    Op.MUL: _product,
    Op.POW: _power,
    Op.CALL: _call,
}
