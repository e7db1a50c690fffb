"""Failures the differential fuzzer finds today in bug classes already reported (issue 16).

Each ``KnownIssue`` matches one class narrowly: the property it shows up in, and the error
(or, for wrong values, a check that the failure is the class's: the same input with its
float literals made exact passes). A match lets the fuzz tests pass today; anything else
fails them. Remove an entry when its class is fixed: the tests then check it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from symdiff import Number, postorder, simplify
from symdiff.expr import Expr, Op
from symdiff.traverse import map_nodes, rebuild


@dataclass(frozen=True)
class KnownIssue:
    """A reported bug class: its name, the issue's words, and what its failures look like."""

    name: str
    issue: str
    matches: Callable[[str, object, BaseException], bool]


def exact_floats(expr: Expr) -> Expr:
    """``expr`` with every float literal replaced by the exact rational it stands for."""

    def visit(node: Expr, args: tuple[Expr, ...]) -> Expr:
        if node.op is Op.NUM and isinstance(node.value, float):
            return Number(Fraction(node.value))
        return rebuild(node, args)

    return map_nodes(expr, visit)


def _float_folding(prop: str, subject: object, error: BaseException) -> bool:
    import fuzz_properties

    check = fuzz_properties.EXPR_PROPERTIES.get(prop)
    if check is None or not isinstance(subject, tuple) or not isinstance(subject[0], Expr):
        return False
    expr, point = subject
    exact = exact_floats(expr)
    if exact is expr:
        return False
    try:
        check(exact, point)
    except Exception:
        return False
    return True


def _message(kind: type, *fragments: str) -> Callable[[str, object, BaseException], bool]:
    def matches(prop: str, subject: object, error: BaseException) -> bool:
        return type(error) is kind and any(f in str(error) for f in fragments)

    return matches


#: Entry points that let a wrong-typed argument out as a raw exception today.
UNVALIDATED = {
    "Call",
    "Rule",
    "Const",
    "check",
    "count_ops",
    "cse",
    "differentiate",
    "emit_c",
    "emit_dot",
    "emit_numpy",
    "emit_python",
    "evaluate",
    "explain",
    "free_symbols",
    "gradient",
    "hessian",
    "jacobian",
    "lambdify",
    "latex",
    "parse",
    "postorder",
    "register_function",
    "simplify",
    "simplify_many",
    "simplify_report",
    "subs",
    "symbols",
    "trace",
    "tree_size",
    "unregister_function",
}


def _unvalidated(prop: str, subject: object, error: BaseException) -> bool:
    return (
        prop == "misuse-refused"
        and isinstance(subject, tuple)
        and subject[0] in UNVALIDATED
        and type(error)
        in (TypeError, AttributeError, ValueError, KeyError, IndexError, OverflowError)
    )


def _zero_to_negative_power(prop: str, subject: object, error: BaseException) -> bool:
    """The second pass of simplify turns ``1/sqrt(0)`` into ``0^-1``."""
    if prop != "simplify-idempotent" or not isinstance(error, AssertionError):
        return False
    twice = simplify(simplify(subject[0]))  # type: ignore[index]
    return any(
        node.op is Op.POW
        and node.args[0].op is Op.NUM
        and node.args[0].value == 0
        and node.args[1].op is Op.NUM
        and node.args[1].value < 0
        for node in postorder(twice)
    )


def _coefficient_into_sum(prop: str, subject: object, error: BaseException) -> bool:
    """The second pass of simplify multiplies ``1/(2*(x + 1/2))`` out to ``1/(2*x + 1)``."""
    if prop != "simplify-idempotent" or not isinstance(error, AssertionError):
        return False
    return any(
        node.op is Op.POW
        and node.args[1].op is Op.NUM
        and node.args[1].value < 0
        and node.args[0].op is Op.MUL
        and any(a.op is Op.NUM for a in node.args[0].args)
        and any(a.op is Op.ADD for a in node.args[0].args)
        for node in postorder(simplify(subject[0]))  # type: ignore[index]
    )


def _big_coefficient(prop: str, subject: object, error: BaseException) -> bool:
    """The second pass of simplify reduces a coefficient of more than 256 bits that the first
    left: ``sinh(-6*(10^30*z)^-3)`` is ``-sinh(6/(10^90*z^3))``, then
    ``-sinh(3/(5*10^89*z^3))``."""
    if prop != "simplify-idempotent" or not isinstance(error, AssertionError):
        return False
    once = simplify(exact_floats(subject[0]))  # type: ignore[index]
    return any(node.op is Op.NUM and _bits(node.value) > 256 for node in postorder(once))


def _bits(value: object) -> int:
    if isinstance(value, float):
        return 0
    number = Fraction(value)  # type: ignore[arg-type]
    return max(number.numerator.bit_length(), number.denominator.bit_length())


KNOWN_ISSUES: list[KnownIssue] = [
    KnownIssue(
        "numpy-printer",
        "lambdify(parse('2/x^2'), 'x', backend='numpy'): AttributeError: 'CodePrinter' object"
        " has no attribute 'constant'",
        _message(AttributeError, "'CodePrinter' object has no attribute 'constant'"),
    ),
    KnownIssue(
        "simplify-unpack",
        "simplify(parse('exp(-0.5)/x')): ValueError: not enough values to unpack",
        _message(ValueError, "values to unpack"),
    ),
    KnownIssue(
        "empty-wrt",
        "lambdify(jacobian(['2', '3'], [])): ValueError: range() arg 3 must not be zero",
        _message(ValueError, "range() arg 3 must not be zero"),
    ),
    KnownIssue(
        "float-folding",
        "floats that underflow, overflow or cancel while folding change the result:"
        " simplify('log(x*1e-200*1e-200)') is log(0.0)",
        _float_folding,
    ),
    KnownIssue(
        "idempotency-zero-power",
        "not idempotent: simplify('(x - x)^(-1/2)') then simplify again gives another form",
        _zero_to_negative_power,
    ),
    KnownIssue(
        "idempotency-coefficient",
        "not idempotent: simplify('1/(x + 1/2)/2') then simplify again gives another form",
        _coefficient_into_sum,
    ),
    KnownIssue(
        "idempotency-big-coefficient",
        "not idempotent (the class of simplify('1/(x + 1/2)/2')): a coefficient of more than"
        " 256 bits is reduced only by a second pass",
        _big_coefficient,
    ),
    KnownIssue(
        "argument-validation",
        "misuse from Python gets raw TypeError/AttributeError: evaluate(None), jacobian(None),"
        " parse('x', max_length=None), simplify(e, rules=None), cse(e, inputs=True)",
        _unvalidated,
    ),
]


def known(prop: str, subject: object, error: BaseException) -> str | None:
    """The name of the known issue ``error`` (raised by ``prop`` on ``subject``) belongs to."""
    for issue in KNOWN_ISSUES:
        if issue.matches(prop, subject, error):
            return issue.name
    return None
