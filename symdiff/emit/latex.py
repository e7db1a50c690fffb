"""LaTeX emitter: an expression to one formula, a Program to an aligned Wengert list.

Takes an ``Expr`` (or a Program, or a list of expressions, which go through ``cse``);
returns LaTeX math text (no surrounding ``$``). Forms: products with a denominator (a negative
power, a rational coefficient) become ``\\frac{...}{...}``, ``x^(1/2)`` and ``sqrt(x)`` are
``\\sqrt{x}``, ``abs(x)`` is ``\\left|x\\right|``, functions are ``\\sin``, ``\\arctan``,
``\\operatorname{atan2}`` with ``\\left( \\right)``, Greek names are letters (``theta`` ->
``\\theta``), trailing digits and ``_`` make subscripts (``x1`` -> ``x_{1}``), and other
multi-letter names are ``\\mathit{rate}``. Distinct symbols always print distinctly: names
whose forms would collide in one output (``x1`` and ``x_1``, ``theta`` and ``θ``) are all
written verbatim (``\\mathtt{x1}``, ``\\mathtt{x\\_1}``). Parentheses appear only where the
structure needs them. The walk is iterative; trees larger than ``MAX_PRINT_NODES`` are
refused (print their ``cse`` Program instead). Output is deterministic.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from symdiff.core.conditions import is_condition
from symdiff.core.errors import InputTooLargeError
from symdiff.core.expr import Expr, Op
from symdiff.core.functions import ARGUMENT_FIELD
from symdiff.core.printing import MAX_PRINT_NODES, format_integer
from symdiff.core.traverse import free_symbols, natural_key, tree_size
from symdiff.program.cse import Program, cse

__all__ = ["latex", "latex_name", "latex_names"]

GREEK = frozenset(
    """alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu
    nu xi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta
    Lambda Xi Pi Sigma Upsilon Phi Psi Omega""".split()  # noqa: SIM905
)
_SPECIAL_CALLS = {
    "sqrt": (r"\sqrt{", "}"),
    "cbrt": (r"\sqrt[3]{", "}"),
    "abs": (r"\left|", r"\right|"),
}

TOP, TERM, FACTOR, BASE = "top", "term", "factor", "base"
# a side of a comparison, an operand of \land / \lor
SIDE, CONNECTED = "side", "connected"
_CONNECTIVES = frozenset({"logical_and", "logical_or"})
_LEFT, _RIGHT = r"\left(", r"\right)"


def latex(obj: Any) -> str:
    """LaTeX for an expression (one formula) or a Program (an aligned Wengert list).

    Args:
        obj: an ``Expr``; a ``Program``; or a list of expressions (shown as their Program).

    Returns:
        LaTeX math text.

    >>> from symdiff.core.parse import parse
    >>> print(latex(parse("(1 + x)/(2x^2) - sin(theta)^2 + sqrt(abs(y))")))
    \\frac{1 + x}{2 x^{2}} - \\sin\\left(\\theta\\right)^{2} + \\sqrt{\\left|y\\right|}
    """
    if isinstance(obj, Program):
        return _program(obj)
    if isinstance(obj, Expr):
        size = tree_size(obj)
        if size > MAX_PRINT_NODES:
            raise InputTooLargeError(
                f"the expression has {size} nodes written out as a tree (limit"
                f" {MAX_PRINT_NODES}); use latex(cse(expr)) to show it as a program"
            )
        names = latex_names(sorted((s.value for s in free_symbols(obj)), key=natural_key))
        return _LatexPrinter(names)(obj)
    return _program(cse(obj))


def latex_names(names: Iterable[str]) -> dict[str, str]:
    r"""The LaTeX form of each of ``names``, distinct within the set: names whose forms
    (``latex_name``) collide are all written verbatim instead (``\mathtt{x\_1}``), which
    no ``latex_name`` form is and which keeps every character of the name.

    >>> latex_names(["x1", "x_1", "theta", "y2"])
    {'x1': '\\mathtt{x1}', 'x_1': '\\mathtt{x\\_1}', 'theta': '\\theta', 'y2': 'y_{2}'}
    """
    forms = {name: latex_name(name) for name in names}
    uses = Counter(forms.values())
    return {
        name: form if uses[form] == 1 else r"\mathtt{" + name.replace("_", r"\_") + "}"
        for name, form in forms.items()
    }


def latex_name(name: str) -> str:
    """The LaTeX form of a symbol name.

    >>> latex_name("theta"), latex_name("x1"), latex_name("x_max"), latex_name("rate")
    ('\\\\theta', 'x_{1}', 'x_{\\\\mathrm{max}}', '\\\\mathit{rate}')
    """
    base, underscore, sub = name.partition("_")
    if not base:
        return r"\mathit{" + name.replace("_", r"\_") + "}"
    if not underscore:
        match = re.fullmatch(r"(\D+?)(\d+)", name)
        if match:
            base, sub = match.groups()
    text = _word(base, r"\mathit")
    if sub:
        text += "_{" + (sub if sub.isdigit() else _word(sub, r"\mathrm")) + "}"
    return text


def _word(word: str, style: str) -> str:
    if word in GREEK:
        return "\\" + word
    if len(word) == 1:
        return _greek_letter(word)
    return style + "{" + word.replace("_", r"\_") + "}"


def _greek_letter(char: str) -> str:
    if char.isascii():
        return char
    words = unicodedata.name(char, "").split()
    if words[:2] == ["GREEK", "SMALL"] and words[-1].lower() in GREEK:
        return "\\" + words[-1].lower()
    if words[:2] == ["GREEK", "CAPITAL"] and words[-1].title() in GREEK:
        return "\\" + words[-1].title()
    return char


def _program(program: Program) -> str:
    names = latex_names([*program.input_names, *(a.name for a in program.assignments)])
    printer = _LatexPrinter(names)
    lines = [f"{names[a.name]} &= {printer(a.expr)}" for a in program]
    for label, output in zip(program.index_labels(), program.outputs, strict=True):
        index = label[3:].replace("][", ",").strip("[]")
        lines.append(rf"\mathrm{{out}}{'_{' + index + '}' if index else ''} &= {printer(output)}")
    return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


def _number(value: int | Fraction | float) -> str:
    if isinstance(value, Fraction):
        sign = "-" if value < 0 else ""
        top, bottom = format_integer(abs(value.numerator)), format_integer(value.denominator)
        return rf"{sign}\frac{{{top}}}{{{bottom}}}"
    if isinstance(value, float):
        if math.isnan(value):
            return r"\mathrm{NaN}"
        if math.isinf(value):
            return r"\infty" if value > 0 else r"-\infty"
        text = repr(value)
        if "e" in text:
            mantissa, exponent = text.split("e")
            return rf"{mantissa} \cdot 10^{{{int(exponent)}}}"
        return text
    return format_integer(value)


def _negative(node: Expr) -> bool:
    if node.op is not Op.NUM:
        return False
    return node.value < 0 or (isinstance(node.value, float) and math.copysign(1, node.value) < 0)


def _denominator_power(node: Expr) -> bool:
    exponent = node.args[1] if node.op is Op.POW else None
    return exponent is not None and exponent.op is Op.NUM and _negative(exponent)


class _LatexPrinter:
    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = names

    def __call__(self, expr: Expr) -> str:
        out: list[str] = []
        stack: list = [(expr, TOP)]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                out.append(item)
            else:
                stack.extend(reversed(self._pieces(*item)))
        return "".join(out)

    def _starts_minus(self, node: Expr) -> bool:
        if node.op is Op.NUM:
            return _negative(node)
        return node.op is Op.MUL and _negative(node.args[0])

    def _needs_parens(self, node: Expr, ctx: str) -> bool:
        op = node.op
        if ctx == TOP:
            return False
        logic = _logic(node)
        if ctx == CONNECTED:
            return logic == "connective"
        if logic is not None or ctx == SIDE:  # x > 0 \land y < 1, but 2 \left(x > 0\right)
            return logic is not None
        if ctx == BASE and op is Op.CALL and node.value.builtin and node.value.name == "where":
            return True
        if ctx == TERM:
            return op is Op.ADD
        if ctx == FACTOR:
            return op in (Op.ADD, Op.MUL) or self._starts_minus(node)
        # base of a power
        if op is Op.NUM:
            return self._starts_minus(node) or "\\" in _number(node.value)
        return op in (Op.ADD, Op.MUL, Op.POW)

    def _pieces(self, node: Expr, ctx: str) -> list:
        if self._needs_parens(node, ctx):
            return [_LEFT, (node, TOP), _RIGHT]
        op = node.op
        if op is Op.NUM:
            return [_number(node.value)]
        if op is Op.SYM:
            return [self.names[node.value]]
        if op is Op.CONST:
            return [r"\pi" if node.value == "pi" else "e"]
        if op is Op.ADD:
            return self._sum(node.args)
        if op is Op.MUL:
            return self._product(list(node.args))
        if op is Op.POW:
            return self._power(node)
        return self._call(node)

    def _sum(self, terms: tuple[Expr, ...]) -> list:
        pieces: list = [(terms[0], TERM)]
        for term in terms[1:]:
            if term.op is Op.NUM and _negative(term):
                pieces += [" - ", _number(-term.value)]
            elif term.op is Op.MUL and _negative(term.args[0]):
                pieces += [" - ", *self._product(list(term.args), negate=True)]
            else:
                pieces += [" + ", (term, TERM)]
        return pieces

    def _product(self, factors: list[Expr], negate: bool = False) -> list:
        """Sign, numerator and denominator of a product; ``negate`` drops a leading minus."""
        from symdiff.core.expr import Number, Pow

        sign = False
        first = factors[0]
        if first.op is Op.NUM and _negative(first):
            sign = True
            minus_one = type(first.value) is int and first.value == -1
            if minus_one and len(factors) > 1 and factors[1].op is not Op.NUM:
                factors = factors[1:]
            else:
                factors = [Number(-first.value), *factors[1:]]
        numerator: list[Expr] = []
        denominator: list[Expr] = []
        for factor in factors:
            if factor.op is Op.NUM and isinstance(factor.value, Fraction):
                if factor.value.numerator != 1:
                    numerator.append(Number(factor.value.numerator))
                denominator.append(Number(factor.value.denominator))
            elif _denominator_power(factor):
                exponent = -factor.args[1].value
                is_one = exponent == 1 and not isinstance(exponent, float)
                denominator.append(factor.args[0] if is_one else Pow(factor.args[0], exponent))
            else:
                numerator.append(factor)
        head = ["-"] if sign != negate else []
        if not denominator:
            return head + self._juxtapose(numerator or [Number(1)], FACTOR)
        top = self._juxtapose(numerator, TOP) if numerator else ["1"]
        return [*head, r"\frac{", *top, "}{", *self._juxtapose(denominator, TOP), "}"]

    def _juxtapose(self, factors: list[Expr], alone: str) -> list:
        """Factors side by side; ``alone`` is the context of a single factor."""
        if len(factors) == 1:
            return [(factors[0], alone)]
        pieces: list = []
        for i, factor in enumerate(factors):
            if i:
                numeric = factor.op is Op.NUM or (
                    factor.op is Op.POW and factor.args[0].op is Op.NUM
                )
                pieces.append(r" \cdot " if numeric else " ")
            pieces.append((factor, FACTOR))
        return pieces

    def _power(self, node: Expr) -> list:
        base, exponent = node.args
        if _denominator_power(node):
            return self._product([node])
        if exponent.op is Op.NUM and exponent.value == Fraction(1, 2):
            return [r"\sqrt{", (base, TOP), "}"]
        return [(base, BASE), "^{", (exponent, TOP), "}"]

    def _call(self, node: Expr) -> list:
        function = node.value
        if function.builtin and function.name in _SPECIAL_CALLS:
            left, right = _SPECIAL_CALLS[function.name]
            return [left, (node.args[0], TOP), right]
        command = function.targets.get("latex") or rf"\operatorname{{{function.name}}}"
        if ARGUMENT_FIELD.search(command):  # a format string over the arguments
            logic = _logic(node)
            ctx = {"comparison": SIDE, "connective": CONNECTED, "not": FACTOR}.get(logic or "")
            return _template(command, node.args, ctx or TOP)
        pieces: list = [command, _LEFT]
        for i, arg in enumerate(node.args):
            pieces += [", ", (arg, TOP)] if i else [(arg, TOP)]
        return [*pieces, _RIGHT]


def _template(template: str, args: tuple[Expr, ...], ctx: str = TOP) -> list:
    pieces: list = []
    for literal, field_name, _, _ in string.Formatter().parse(template):
        if literal:
            pieces.append(literal)
        if field_name is not None:
            pieces.append((args[int(field_name)], ctx))
    return pieces


def _logic(node: Expr) -> str | None:
    """``comparison``, ``connective`` (and, or) or ``not`` for a built-in condition."""
    if not is_condition(node):
        return None
    name = node.value.name
    return (
        "connective" if name in _CONNECTIVES else "not" if name == "logical_not" else "comparison"
    )
