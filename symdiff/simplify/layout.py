"""Layout: standard form written back the way people write it.

Takes an expression in standard form (``symdiff.simplify.canonical``), returns the same value laid
out for reading; ``simplify`` applies it last. It only changes the shape, never the value, and the
standard form of its output is its input again (so ``simplify`` is idempotent):

- ``u^(1/2)`` is ``sqrt(u)`` and ``e^u`` is ``exp(u)`` (``e^2`` stays);
- negative powers move into one denominator, with the coefficient's denominator:
  ``x*y^-1`` is ``x/y``, ``(1/2)*x^(-1/2)`` is ``1/(2*sqrt(x))``, ``(3/4)*x*y^-1`` is
  ``3*x/(4*y)``; a coefficient alone keeps ``construct.mul``'s layout (``3*x/4``);
- a sum starts with a positive term when it has one: ``1 - x^2``, not ``-x^2 + 1``.
"""

from __future__ import annotations

from fractions import Fraction

from symdiff.core.expr import Expr, Number, Op, _intern
from symdiff.core.functions import REGISTRY
from symdiff.core.traverse import postorder
from symdiff.simplify.exact import content

__all__ = ["layout", "layout_many"]

_SQRT, _EXP = REGISTRY["sqrt"], REGISTRY["exp"]
_HALF = Fraction(1, 2)


def layout(expr: Expr) -> Expr:
    """Lay out a standard-form expression for reading (iterative, memoized per node).

    >>> from symdiff.simplify.canonical import Canon
    >>> from symdiff.core.parse import parse
    >>> c = Canon()
    >>> str(layout(c.mul([Number(Fraction(1, 2)), c.power(parse("x"), Number(-Fraction(1, 2)))])))
    '1/(2*sqrt(x))'
    """
    return layout_many([expr])[0]


def layout_many(exprs: list[Expr], done: dict[Expr, Expr] | None = None) -> list[Expr]:
    """``layout`` of each expression, in one pass over the nodes they share; ``done`` (each
    node's layout, a function of the node only) may be kept from an earlier call, whose
    nodes are then not visited again.

    >>> from symdiff.core.parse import parse
    >>> [str(e) for e in layout_many([parse("x*y^-1"), parse("x^(1/2)")])]
    ['x/y', 'sqrt(x)']
    """
    if done is None:
        done = {}
    for node in postorder(*exprs) if not done else _unvisited(exprs, done):
        args = tuple(done[a] for a in node.args)
        op = node.op
        if op is Op.POW:
            done[node] = _power(node, args)
        elif op is Op.MUL:
            done[node] = _product(node.args, args, done)
        elif op is Op.ADD:
            done[node] = _sum(node, args)
        elif args != node.args:
            done[node] = _intern(op, node.value, args)
        else:
            done[node] = node
    return [done[e] for e in exprs]


def _unvisited(roots: list[Expr], done: dict[Expr, Expr]) -> list[Expr]:
    """Nodes below ``roots`` not in ``done``, children first (``done``'s are not entered)."""
    order: list[Expr] = []
    seen: set[Expr] = set()
    for root in roots:
        if root in seen or root in done:
            continue
        seen.add(root)
        stack = [(root, iter(root.args))]
        while stack:
            node, rest = stack[-1]
            for a in rest:
                if a not in seen and a not in done:
                    seen.add(a)
                    if a.args:
                        stack.append((a, iter(a.args)))
                        break
                    order.append(a)
            else:
                stack.pop()
                order.append(node)
    return order


def _power(node: Expr, args: tuple[Expr, ...]) -> Expr:
    base, exponent = args
    if base.op is Op.NUM and base.value == 0:
        # 0^(-1/2) stays: as 1/sqrt(0) it would read back as 0^-1, another form
        return node if args == node.args else _intern(Op.POW, None, args)
    if exponent.op is Op.NUM and not isinstance(exponent.value, float):
        value = exponent.value
        if value == _HALF:
            return _intern(Op.CALL, _SQRT, (base,))
        if value == -_HALF:
            return _intern(Op.POW, None, (_intern(Op.CALL, _SQRT, (base,)), Number(-1)))
    elif base.op is Op.CONST and base.value == "e":
        return _intern(Op.CALL, _EXP, (exponent,))
    return node if args == node.args else _intern(Op.POW, None, args)


def _is_denominator(original: Expr) -> bool:
    """``b^-n``, except ``0^-n``: joined with other factors below one bar, ``0*y`` would
    read back as ``0`` (``x/(0*y)`` is not ``x*0^-1/y`` once simplified again)."""
    if original.op is not Op.POW or original.args[1].op is not Op.NUM:
        return False
    base = original.args[0]
    return original.args[1].value < 0 and not (base.op is Op.NUM and base.value == 0)


def _denominator_factor(original: Expr, done: dict[Expr, Expr]) -> Expr:
    """The positive-power factor a denominator power ``b^-n`` contributes: ``b^n``, laid out.

    Built from the standard-form power (``_is_denominator`` made sure it is one) and its laid
    out base, not from the power's own laid-out form, which need not be a power any more
    (``e^-0.5`` reads ``exp(-0.5)``).
    """
    base = done[original.args[0]]
    value = -original.args[1].value
    if value == 1 and not isinstance(value, float):
        return base
    positive = _intern(Op.POW, None, (original.args[0], Number(value)))
    return _power(positive, (base, Number(value)))


def _product(original: tuple[Expr, ...], args: tuple[Expr, ...], done: dict[Expr, Expr]) -> Expr:
    coefficient = args[0].value if args[0].op is Op.NUM else 1
    start = 1 if args[0].op is Op.NUM else 0
    pairs = list(zip(original[start:], args[start:], strict=True))
    numerator = [a for o, a in pairs if not _is_denominator(o)]
    below = [o for o, _ in pairs if _is_denominator(o)]
    top, bottom = _split_coefficient(coefficient)
    if not below:
        head = [] if top == 1 and not isinstance(top, float) else [Number(top)]
        tail = [] if bottom == 1 else [Number(Fraction(1, bottom))]
        return _chain([*head, *numerator, *tail])
    if bottom != 1 and len(below) == 1 and _spreads_unevenly(below[0], bottom):
        head = [] if top == 1 and not isinstance(top, float) else [Number(top)]
        return _chain([*head, *numerator, done[below[0]], Number(Fraction(1, bottom))])
    if bottom == 1 and len(below) == 1:
        denominator = done[below[0]]
    else:
        factors = [Number(bottom)] if bottom != 1 else []
        factors += [_denominator_factor(b, done) for b in below]
        denominator = _intern(Op.POW, None, (_chain(factors), Number(-1)))
    head = [] if top == 1 and not isinstance(top, float) else [Number(top)]
    return _chain([*head, *numerator, denominator])


def _spreads_unevenly(original: Expr, bottom: int) -> bool:
    """Whether ``original`` is ``s^-1`` for a sum ``s`` that ``bottom*s`` would not read back
    as: standard form distributes the number (``2*(x + 1/2)`` is ``2*x + 1``) and takes the
    sum's content out again, which gives ``bottom`` back only if it is the content of the
    distributed sum (``3*(x + 1)`` is ``3*x + 3``, content 3; ``2*x + 1`` has content 1).
    Such a coefficient stays apart: ``1/(x + 1/2)/2``."""
    base = original.args[0]
    if base.op is not Op.ADD or original.args[1].value != -1:
        return False
    numbers = [_coefficient(t) for t in base.args]
    if any(isinstance(n, float) for n in numbers):
        return True  # a float sum has no content: 2*(0.5*x + 1) stays 1.0*x + 2
    constant = numbers.pop() if base.args[-1].op is Op.NUM else 0
    return content([n * bottom for n in numbers], constant * bottom) != bottom


def _coefficient(term: Expr) -> int | Fraction | float:
    if term.op is Op.NUM:
        return term.value
    if term.op is Op.MUL and term.args[0].op is Op.NUM:
        return term.args[0].value
    return 1


def _split_coefficient(value: int | Fraction | float) -> tuple[int | float, int]:
    if isinstance(value, Fraction):
        return value.numerator, value.denominator
    return value, 1


def _chain(factors: list[Expr]) -> Expr:
    return factors[0] if len(factors) == 1 else _intern(Op.MUL, None, tuple(factors))


def _negative(term: Expr) -> bool:
    if term.op is Op.NUM:
        return term.value < 0
    return term.op is Op.MUL and term.args[0].op is Op.NUM and term.args[0].value < 0


def _sum(node: Expr, args: tuple[Expr, ...]) -> Expr:
    if _negative(args[0]):
        for i, term in enumerate(args):
            if not _negative(term):
                args = (term, *args[:i], *args[i + 1 :])
                break
    return node if args == node.args else _intern(Op.ADD, None, args)
