"""Taylor series by Taylor-mode propagation: truncated power-series arithmetic over the DAG.

Takes an expression, a symbol ``x``, an expansion point ``x0`` and an order ``n``; returns the
Taylor polynomial ``sum_k c_k (x - x0)^k`` up to ``k = n`` (``series``), or the coefficients
``c_0 .. c_n`` (``taylor_coefficients``). Guarantees:

- one pass in postorder over the unique nodes (no recursion, no repeated differentiation):
  each node gets its truncated series ``[c_0, ..., c_n]``; sums add termwise, products are
  Cauchy products, a power with a constant exponent, ``exp``, ``log``, ``sin``/``cos``,
  ``sinh``/``cosh`` and the inverse functions use the standard recurrences (``O(n^2)`` per
  node);
- coefficients are expressions built with the trivial rules and exact arithmetic, the
  constant term of every node simplified: at ``x0 = 0`` or a rational point they are exact
  (``series(exp(x), x, 0, 4)`` is ``1 + x + x^2/2 + x^3/6 + x^4/24``); other symbols are
  constants;
- a function without a Taylor rule, or a point where the expansion is not a power series
  (``log(x)`` or ``sqrt(x)`` at 0), raises ``DifferentiationError`` naming it; so does a
  removable singularity in a subexpression (``x*cot(x)`` at 0): no Laurent series are
  formed.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from fractions import Fraction

from symdiff.core.construct import add, mul, power
from symdiff.core.errors import DifferentiationError, InputTooLargeError, check_int
from symdiff.core.expr import Expr, Number, Op
from symdiff.core.functions import REGISTRY
from symdiff.core.traverse import postorder
from symdiff.diff.forward import live_nodes
from symdiff.diff.inputs import as_input, as_symbol
from symdiff.simplify.simplify import simplify

__all__ = ["SERIES_RULES", "propagate_series", "series", "taylor_coefficients"]

Series = list[Expr]
#: The highest order ``series`` expands to (each node costs ``O(n^2)`` operations).
MAX_SERIES_ORDER = 1000
ZERO = Number(0)
ONE = Number(1)


def _zero(node: Expr) -> bool:
    return node.op is Op.NUM and node.value == 0


def _sum(terms: list[Expr]) -> Expr:
    kept = [t for t in terms if not _zero(t)]
    return add(*kept) if kept else ZERO


def _times(a: Series, b: Series) -> Series:
    """The Cauchy product, truncated."""
    return [_sum([mul(a[j], b[k - j]) for j in range(k + 1)]) for k in range(len(a))]


def _divide(a: Series, b: Series, what: Expr) -> Series:
    b0 = _nonzero(b[0], what)
    out: Series = []
    for k in range(len(a)):
        rest = _sum([mul(b[j], out[k - j]) for j in range(1, k + 1)])
        out.append(mul(add(a[k], mul(-1, rest)), power(b0, -1)))
    return out


def _nonzero(value: Expr, what: Expr) -> Expr:
    if _zero(value):
        raise DifferentiationError(
            f"{what} has no Taylor series at this point (a zero where it divides, takes a"
            " log or a fractional power); expand about another point"
        )
    return value


def _integrate(u: Series, d: Series, w0: Expr) -> Series:
    """The series of ``w`` with ``w' = d * u'`` and ``w(0) = w0``."""
    out = [w0]
    for k in range(1, len(u)):
        terms = [mul(j, u[j], d[k - j]) for j in range(1, k + 1)]
        out.append(mul(Fraction(1, k), _sum(terms)))
    return out


def _exp(u: Series, w0: Expr) -> Series:
    out = [w0]
    for k in range(1, len(u)):
        out.append(mul(Fraction(1, k), _sum([mul(j, u[j], out[k - j]) for j in range(1, k + 1)])))
    return out


def _log(u: Series, w0: Expr, what: Expr) -> Series:
    u0 = _nonzero(u[0], what)
    out = [w0]
    for k in range(1, len(u)):
        rest = _sum([mul(Fraction(j, k), out[j], u[k - j]) for j in range(1, k)])
        out.append(mul(add(u[k], mul(-1, rest)), power(u0, -1)))
    return out


def _sincos(u: Series, s0: Expr, c0: Expr, sign: int) -> tuple[Series, Series]:
    """``sin``/``cos`` (``sign=-1``) or ``sinh``/``cosh`` (``sign=1``) together."""
    s, c = [s0], [c0]
    for k in range(1, len(u)):
        s.append(mul(Fraction(1, k), _sum([mul(j, u[j], c[k - j]) for j in range(1, k + 1)])))
        c.append(mul(Fraction(sign, k), _sum([mul(j, u[j], s[k - j]) for j in range(1, k + 1)])))
    return s, c


def _power(u: Series, p: Expr, w0: Expr, what: Expr) -> Series:
    """``u^p`` for ``p`` constant in ``x``: repeated products for a natural ``p`` (also when
    ``u(0) = 0``), else ``w_k = sum_j ((p+1) j - k) u_j w_(k-j) / (k u_0)``."""
    if p.op is Op.NUM and isinstance(p.value, int) and 0 <= p.value <= 64:
        result = [ONE] + [ZERO] * (len(u) - 1)
        for _ in range(p.value):
            result = _times(result, u)
        return result
    u0 = _nonzero(u[0], what)
    out = [w0]
    for k in range(1, len(u)):
        terms = [mul(add(mul(add(p, 1), j), -k), u[j], out[k - j]) for j in range(1, k + 1)]
        out.append(mul(_sum(terms), power(mul(k, u0), -1)))
    return out


def _constant(value: Expr, size: int) -> Series:
    return [value] + [ZERO] * (size - 1)


def _rule_sin(u: Series, w0: Expr, node: Expr) -> Series:
    return _sincos(u, w0, _c0(REGISTRY["cos"](u[0])), -1)[0]


def _rule_cos(u: Series, w0: Expr, node: Expr) -> Series:
    return _sincos(u, _c0(REGISTRY["sin"](u[0])), w0, -1)[1]


def _rule_sinh(u: Series, w0: Expr, node: Expr) -> Series:
    return _sincos(u, w0, _c0(REGISTRY["cosh"](u[0])), 1)[0]


def _rule_cosh(u: Series, w0: Expr, node: Expr) -> Series:
    return _sincos(u, _c0(REGISTRY["sinh"](u[0])), w0, 1)[1]


def _quotient(top: str, bottom: str, sign: int) -> Callable[[Series, Expr, Expr], Series]:
    """``top(u)/bottom(u)`` (``tan``, ``tanh``, ``cot``) from the paired series."""

    def rule(u: Series, w0: Expr, node: Expr) -> Series:
        first = _c0(REGISTRY["sinh" if sign > 0 else "sin"](u[0]))
        second = _c0(REGISTRY["cosh" if sign > 0 else "cos"](u[0]))
        s, c = _sincos(u, first, second, sign)
        pair = {"s": s, "c": c, "1": _constant(ONE, len(u))}
        return _divide(pair[top], pair[bottom], node)

    return rule


def _inverse(derivative: Callable[[Series], Series]) -> Callable[[Series, Expr, Expr], Series]:
    """A function known by its derivative's series in ``u`` (``atan' = 1/(1 + u^2)``)."""

    def rule(u: Series, w0: Expr, node: Expr) -> Series:
        return _integrate(u, derivative(u), w0)

    return rule


def _one_plus(u: Series, sign: int, scale: int = 1) -> Series:
    """``scale + sign*u^2``."""
    square = _times(u, u)
    return [add(scale if k == 0 else 0, mul(sign, square[k])) for k in range(len(u))]


def _root(series: Series, node: Expr, p: Fraction) -> Series:
    w0 = _c0(power(series[0], Number(p)))
    return _power(series, Number(p), w0, node)


SeriesRule = Callable[[Series, Expr, Expr], Series]

#: Function name -> rule of the argument's series, the constant term and the call node.
SERIES_RULES: dict[str, SeriesRule] = {
    "exp": lambda u, w0, node: _exp(u, w0),
    "log": lambda u, w0, node: _log(u, w0, node),
    "sqrt": lambda u, w0, node: _power(u, Number(Fraction(1, 2)), w0, node),
    "cbrt": lambda u, w0, node: _power(u, Number(Fraction(1, 3)), w0, node),
    "sin": _rule_sin,
    "cos": _rule_cos,
    "sinh": _rule_sinh,
    "cosh": _rule_cosh,
    "tan": _quotient("s", "c", -1),
    "cot": _quotient("c", "s", -1),
    "sec": _quotient("1", "c", -1),
    "csc": _quotient("1", "s", -1),
    "tanh": _quotient("s", "c", 1),
    "atan": _inverse(lambda u: _divide(_constant(ONE, len(u)), _one_plus(u, 1), u[0])),
    "atanh": _inverse(lambda u: _divide(_constant(ONE, len(u)), _one_plus(u, -1), u[0])),
    "asin": _inverse(lambda u: _root(_one_plus(u, -1), u[0], Fraction(-1, 2))),
    "acos": _inverse(
        lambda u: [mul(-1, c) for c in _root(_one_plus(u, -1), u[0], Fraction(-1, 2))]
    ),
    "asinh": _inverse(lambda u: _root(_one_plus(u, 1), u[0], Fraction(-1, 2))),
    "acosh": _inverse(lambda u: _root(_one_plus(u, 1, -1), u[0], Fraction(-1, 2))),
}


def _c0(value: Expr) -> Expr:
    """A constant term, simplified (so ``exp(0)`` is ``1`` before it multiplies anything)."""
    return simplify(value)


def _sign_of(value: Expr, node: Expr) -> int:
    if value.op is Op.NUM and value.value != 0:
        return 1 if value.value > 0 else -1
    raise DifferentiationError(
        f"{node} has a Taylor series only where the sign of its argument is a known nonzero number"
    )


def _call(node: Expr, args: list[Series]) -> Series:
    name = node.value.name
    size = len(args[0])
    w0 = _c0(node.value(*(a[0] for a in args)))
    if name in ("abs", "sign"):
        sign = _sign_of(args[0][0], node)
        return [mul(sign, c) for c in args[0]] if name == "abs" else _constant(w0, size)
    if name == "atan2":  # w' = (x y' - y x') / (x^2 + y^2)
        y, x = args
        if _zero(y[0]) and x[0].op is Op.NUM and x[0].value > 0:
            w0 = ZERO  # atan2(0, c) for c > 0, which the simplifier leaves as it is
        pairs = zip(_times(x, _shift(y)), _times(y, _shift(x)), strict=True)
        top = [add(a, mul(-1, b)) for a, b in pairs]
        bottom = [add(a, b) for a, b in zip(_times(x, x), _times(y, y), strict=True)]
        slope = _divide(top, bottom, node)
        return [w0] + [mul(Fraction(1, k), slope[k - 1]) for k in range(1, size)]
    rule = SERIES_RULES.get(name)
    if rule is None or len(args) != 1:
        known = ", ".join(sorted([*SERIES_RULES, "abs", "sign", "atan2"]))
        raise DifferentiationError(
            f"no Taylor-series rule is known for the function {name!r}; series() expands {known}"
        )
    return rule(args[0], w0, node)


def _shift(u: Series) -> Series:
    """The series of ``u'`` (one term shorter, padded with a zero)."""
    return [mul(k, u[k]) for k in range(1, len(u))] + [ZERO]


def _pow(node: Expr, base: Series, exponent: Series, live: set[Expr]) -> Series:
    b, g = node.args
    if g not in live:
        w0 = _c0(power(base[0], g))
        return _power(base, g, w0, node)
    # u^g = exp(g log(u)); a constant base c gives exp(g log(c))
    log_base = _log(base, _c0(REGISTRY["log"](base[0])), node) if b in live else None
    if log_base is None:
        log_base = _constant(_c0(REGISTRY["log"](b)), len(base))
    product = _times(exponent, log_base)
    return _exp(product, _c0(power(base[0], exponent[0])))


def taylor_coefficients(expr: object, x: object, x0: object = 0, n: int = 5) -> list[Expr]:
    """The Taylor coefficients ``c_0 .. c_n`` of ``expr`` about ``x = x0``.

    Args:
        expr: an expression or text.
        x: the variable (a symbol or its name).
        x0: the expansion point: a number (exact ones give exact coefficients) or an
            expression without ``x`` (``pi``).
        n: the order, at least 0.

    Returns:
        ``n + 1`` expressions, ``c_k`` the coefficient of ``(x - x0)^k``.

    >>> [str(c) for c in taylor_coefficients("exp(2*x)", "x", 0, 3)]
    ['1', '2', '2', '4/3']
    """
    root = as_input(expr)
    variable = as_symbol(x, "x")
    point = as_input(x0, "x0")
    if variable in postorder(point):
        raise DifferentiationError(f"the expansion point {point} must not contain {variable}")
    size = check_int("n", n, minimum=0) + 1
    if size > MAX_SERIES_ORDER + 1:
        raise InputTooLargeError(f"series of order {size - 1}; the limit is {MAX_SERIES_ORDER}")
    return [simplify(c) for c in propagate_series(root, variable, point, size)]


def propagate_series(root: Expr, variable: Expr, point: Expr, size: int) -> Series:
    """The truncated series ``[c_0, ..., c_(size-1)]`` of ``root`` about ``variable = point``,
    built with the trivial rules and not simplified further; ``point`` may be ``variable``
    itself (a symbolic point: then ``c_k`` is the ``k``-th derivative over ``k!``).

    >>> from symdiff.core.parse import parse
    >>> x = parse("x")
    >>> [str(c) for c in propagate_series(parse("sin(x)"), x, x, 4)]
    ['sin(x)', 'cos(x)', '-sin(x)/2', '-cos(x)/6']
    """
    order = postorder(root)
    live = live_nodes(order, [variable])
    known: dict[Expr, Series] = {variable: [point, ONE, *[ZERO] * (size - 2)][:size]}
    for node in order:
        if node in known:
            continue
        if node not in live:
            known[node] = _constant(node, size)
            continue
        args = [known[a] if a in live else _constant(_c0(a), size) for a in node.args]
        known[node] = _node(node, args, live)
    return known[root]


def _node(node: Expr, args: list[Series], live: set[Expr]) -> Series:
    if node.op is Op.ADD:
        return [_sum(list(terms)) for terms in zip(*args, strict=True)]
    if node.op is Op.MUL:
        result = args[0]
        for other in args[1:]:
            result = _times(result, other)
        return result
    if node.op is Op.POW:
        return _pow(node, args[0], args[1], live)
    return _call(node, args)


def series(expr: object, x: object, x0: object = 0, n: int = 5) -> Expr:
    """The Taylor polynomial of ``expr`` about ``x = x0`` to order ``n``, in ``(x - x0)``.

    Computed by Taylor-mode propagation over the DAG (truncated power-series arithmetic per
    node), not by ``n`` differentiations; exact at exact points.

    Args:
        expr: an expression or text.
        x: the variable (a symbol or its name).
        x0: the expansion point (a number, or an expression without ``x``).
        n: the order.

    Returns:
        ``c_0 + c_1 (x - x0) + ... + c_n (x - x0)^n`` with the zero terms left out.

    Raises:
        DifferentiationError: a function without a Taylor rule (naming it), or a point
            where the expansion is not a power series (``log(x)`` at 0).

    >>> print(series("exp(x)", "x", 0, 4))
    1 + x + x^2/2 + x^3/6 + x^4/24
    >>> print(series("log(x)", "x", 1, 3))
    x - 1 - (x - 1)^2/2 + (x - 1)^3/3
    """
    coefficients = taylor_coefficients(expr, x, x0, n)
    variable = as_symbol(x, "x")
    point = as_input(x0, "x0")
    shift = variable if _zero(point) else variable - point
    terms = [_term(c, shift, k) for k, c in enumerate(coefficients) if not _zero(c)]
    if not terms:
        return ZERO
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _term(coefficient: Expr, shift: Expr, k: int) -> Expr:
    """``c * shift^k`` as the operators write it (``x^2/2``, ``-x^3/6``)."""
    monomial = ONE if k == 0 else shift if k == 1 else shift**k
    if k == 0:
        return coefficient
    value = coefficient.value if coefficient.op is Op.NUM else None
    if isinstance(value, Fraction) or (isinstance(value, numbers.Integral) and value != 1):
        top, bottom = Fraction(value).numerator, Fraction(value).denominator
        head = monomial if top == 1 else -monomial if top == -1 else top * monomial
        return head / bottom if bottom != 1 else head
    return monomial if value == 1 else coefficient * monomial
