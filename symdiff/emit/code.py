"""The infix printer shared by the code targets (Python, NumPy, C).

Takes one right-hand side of a Program (an ``Expr`` over inputs, temporaries and constants)
and a ``Dialect`` (a target's tables); returns the text of that expression in the target.
Guarantees: parentheses wherever precedence or a leading minus needs them, and around nested
sums and products (so the grouping of the expression is kept); ``a*b^-1`` is written ``a/b``
and ``b^-1`` is ``1/b``; sums and products of more than ``CHUNK`` operands are grouped in
parentheses (Python's compiler recurses on long operator chains); exact numbers never reach
an integer division. Symbols are written through a name map (see ``naming``); the walk is
iterative and linear in the size of the expression.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from symdiff.core.errors import EmitError
from symdiff.core.expr import Expr, Number, Op, _intern, float_of
from symdiff.core.functions import Function
from symdiff.core.traverse import free_symbols, postorder
from symdiff.emit.naming import assign_names, check_identifier
from symdiff.program.cse import as_program
from symdiff.program.program import Program, exact_value, odd_beyond_float

__all__ = [
    "CHUNK",
    "CodePrinter",
    "Dialect",
    "Emission",
    "called_functions",
    "format_fraction",
    "prepare",
    "split_last",
]

#: Longest operand chain written without grouping parentheses.
CHUNK = 32

SUM, PRODUCT, UNARY, POWER, ATOM = 1, 2, 3, 4, 5
Ctx = tuple[int, bool]  # (lowest precedence allowed, whether a leading minus is allowed)
TOP: Ctx = (0, False)
FIRST_TERM: Ctx = (SUM + 1, False)
TERM: Ctx = (SUM + 1, True)
FACTOR: Ctx = (UNARY, True)
LEADING_NUMBER: Ctx = (UNARY, False)
OPERAND: Ctx = (ATOM, True)

_CALL_LIKE = re.compile(r"[A-Za-z_{][\w.{}]*\((\{\d+\}(, )?)*\)\Z")


@dataclass(frozen=True)
class Dialect:
    """A code target's tables.

    Attributes:
        target: the key of ``Function.targets`` to use (``python``, ``numpy``, ``c``).
        module: the alias written for ``{m}`` in templates (``math``, ``np``).
        number: formats a number literal (a leading ``-`` marks a negative one).
        constants: the text of ``pi`` and ``e``.
        fallback: templates for built-in functions that have no entry for this target.
        power: the form of a power node: (text before the base, between base and exponent,
            after the exponent, precedence of the whole, the exponent node to print).
        one: the literal numerator of a reciprocal (``1`` or ``1.0``).
        reserved: names the generated code may not use for variables.
        helpers: helper function name -> its definition, emitted when a template calls it.
        scalar: a call wrapping the base of a power and a divisor computed from numbers
            alone (``np.float64``), so that they follow the target's arithmetic rather than
            Python's (``(-1.0)**0.5`` is complex in Python, ``1/0`` raises).
        reciprocal_powers: write ``b^-k`` as ``1/b^k`` (not only ``b^-1`` as ``1/b``).
        qualified: write functions as ``{m}.sin``; if false, the names are imported and
            written bare (``sin``), so ``{m}.`` is dropped from templates.
        float_constants: write the integers of a computation on numbers alone as floats
            (``0.0*(-1.0)`` is ``-0.0`` like ``evaluate`` computes, ``0*(-1)`` is ``0``).
        odd_power: the form of ``b^n`` for an odd integer ``n`` beyond 2**53 (``{0}`` the
            base, ``{1}`` the exponent as a float, which is even): the power of ``|b|`` with
            the sign of ``b``, so that the parity of the exact exponent is kept.
    """

    target: str
    module: str
    number: Callable[[int | Fraction | float], str]
    constants: Mapping[str, str]
    fallback: Mapping[str, str]
    power: Callable[[Expr], tuple[str, str, str, int, Expr]]
    one: str = "1"
    reserved: frozenset[str] = field(default_factory=frozenset)
    helpers: Mapping[str, str] = field(default_factory=dict)
    scalar: str | None = None
    reciprocal_powers: bool = False
    qualified: bool = True
    float_constants: bool = False
    odd_power: str = "copysign(pow(fabs({0}), {1}), {0})"


def format_fraction(value: Fraction, number: Callable[[float], str]) -> str:
    """An exact rational as ``(p.0/q.0)`` (correctly rounded and never an integer
    division), or one float literal when that is exact or the parts exceed 2**53.

    >>> format_fraction(Fraction(1, 3), repr)
    '(1.0/3.0)'
    >>> format_fraction(Fraction(-3, 4), repr)
    '-0.75'
    """
    p, q = value.numerator, value.denominator
    exact = q & (q - 1) == 0 and abs(p) < 2**53
    if exact or max(abs(p), q) > 2**53:
        return number(float_of(value))
    return f"({p}.0/{q}.0)"


def _negative(node: Expr) -> bool:
    if node.op is not Op.NUM:
        return False
    value = node.value
    return value < 0 or (isinstance(value, float) and math.copysign(1.0, value) < 0)


def _unary_minus(args: tuple[Expr, ...]) -> bool:
    """A product printed as ``-rest`` (a leading ``-1`` before a non-number)."""
    return (
        args[0].op is Op.NUM
        and type(args[0].value) is int
        and args[0].value == -1
        and args[1].op is not Op.NUM
    )


class CodePrinter:
    """Prints expressions of one Program in one dialect.

    Args:
        dialect: the target's tables.
        names: program name (input or temporary) -> identifier in the generated code.
        calls: user functions without a form in the target -> the identifier to call.
    """

    def __init__(
        self,
        dialect: Dialect,
        names: Mapping[str, str],
        calls: Mapping[Function, str],
        constant_names: frozenset[str] = frozenset(),
        exact: Mapping[str, int | Fraction] | None = None,
    ) -> None:
        self.dialect = dialect
        self.names = names
        self.calls = calls
        self.constant_names = constant_names  # temporaries computed from numbers alone
        self.exact = exact or {}  # ... and the exact values of those with one
        self._folded: dict[Expr, Expr] = {}
        # of the expression being printed: constant nodes, integer literals written as floats
        self.constant: set[Expr] = set()
        self.float_numbers: set[Expr] = set()

    def __call__(self, expr: Expr) -> str:
        scalar = self.dialect.scalar
        self.constant = _constant_nodes(expr, self.constant_names) if scalar else set()
        self.float_numbers = _int_operands(expr) if self.dialect.float_constants else set()
        out: list[str] = []
        stack: list = [(expr, TOP)]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                out.append(item)
            else:
                stack.extend(reversed(self._pieces(*item)))
        return "".join(out)

    # -- precedence of the printed form -----------------------------------------------------
    def fold_exponent(self, node: Expr) -> Expr:
        """A power whose exponent is an exact integer computed from numbers (``10^30 + 1``)
        with that integer as a literal, so the code keeps its parity and exact value."""
        if node.op is not Op.POW or node.args[1].op is Op.NUM:
            return node
        folded = self._folded.get(node)
        if folded is None:
            value = exact_value(node.args[1], self.exact)
            folded = node
            if type(value) is int:
                folded = _intern(Op.POW, None, (node.args[0], Number(value)))
            self._folded[node] = folded
        return folded

    def _form(self, node: Expr) -> tuple[int, bool]:
        node = self.fold_exponent(node)
        op = node.op
        if op is Op.NUM:
            text = self._number(node)
            return (ATOM if not text.startswith("-") else UNARY), text.startswith("-")
        if op is Op.ADD:
            first = node.args[0]
            chunked = len(node.args) > CHUNK
            return SUM, not chunked and first.op is not Op.ADD and self._form(first)[1]
        if op is Op.MUL:
            if len(node.args) > CHUNK:
                return PRODUCT, False
            if _unary_minus(node.args):
                return UNARY, True
            return PRODUCT, _negative(node.args[0])
        if op is Op.POW:
            if self.divisor(node) is not None:
                return PRODUCT, False
            return (ATOM if odd_beyond_float(node) else self.dialect.power(node)[3]), False
        return ATOM, False

    def _number(self, node: Expr) -> str:
        if node in self.float_numbers:
            try:
                return self.dialect.number(float(node.value))
            except OverflowError:
                return self.dialect.number(math.inf if node.value > 0 else -math.inf)
        return self.dialect.number(node.value)

    def divisor(self, node: Expr) -> Expr | None:
        """What ``node`` divides by when it prints as a division: ``b`` for ``b^-1``, and
        ``b^k`` for ``b^-k`` in dialects that prefer it (NumPy squares fast, powers slowly)."""
        if node.op is not Op.POW:
            return None
        base, exponent = self.fold_exponent(node).args
        if exponent.op is not Op.NUM or type(exponent.value) is not int or exponent.value >= 0:
            return None
        if exponent.value == -1:
            return base
        if self.dialect.reciprocal_powers:
            return _intern(Op.POW, None, (base, Number(-exponent.value)))
        return None

    def _is_constant(self, node: Expr) -> bool:
        """Computed from numbers alone; a divisor ``b^k`` made from ``b^-k`` is new to the
        expression, and constant when its base is."""
        if node in self.constant:
            return True
        return node.op is Op.POW and node.args[0] in self.constant and node.args[1].op is Op.NUM

    def _operand(self, node: Expr, ctx: Ctx) -> list:
        """A power's base or a divisor, wrapped as a target scalar when it is constant."""
        if self.dialect.scalar and self._is_constant(node):
            return [f"{self.dialect.scalar}(", (node, TOP), ")"]
        return [(node, ctx)]

    def _pieces(self, node: Expr, ctx: Ctx) -> list:
        precedence, minus = self._form(node)
        if precedence < ctx[0] or (ctx[1] and minus):
            return ["(", (node, TOP), ")"]
        op = node.op
        if op is Op.NUM:
            return [self._number(node)]
        if op is Op.SYM:
            return [self.names[node.value]]
        if op is Op.CONST:
            return [self.dialect.constants[node.value]]
        if op is Op.ADD:
            return self._sum(node.args)
        if op is Op.MUL:
            return self._product(node.args)
        if op is Op.POW:
            node = self.fold_exponent(node)
            divisor = self.divisor(node)
            if divisor is not None:
                return [self.dialect.one, "/", *self._operand(divisor, FACTOR)]
            if odd_beyond_float(node):
                return self._odd_power(node)
            head, middle, tail, _, exponent = self.dialect.power(node)
            ctx = TOP if head else OPERAND
            constant = self._is_constant(node)
            base = self._operand(node.args[0], ctx) if constant else [(node.args[0], ctx)]
            return [head, *base, middle, (exponent, ctx), tail]
        return self._call(node)

    def _odd_power(self, node: Expr) -> list:
        base, exponent = node.args[0], Number(float_of(node.args[1].value))
        pieces: list = []
        for literal, field_name, _, _ in string.Formatter().parse(self.dialect.odd_power):
            if literal:
                pieces.append(literal)
            if field_name is not None:
                pieces.append((base if field_name == "0" else exponent, TOP))
        return pieces

    # -- operators ----------------------------------------------------------------------------
    def _sum(self, terms: tuple[Expr, ...]) -> list:
        if len(terms) > CHUNK:
            return self._sum(_groups(Op.ADD, terms))
        pieces: list = [(terms[0], FIRST_TERM)]
        for term in terms[1:]:
            if term.op is Op.NUM and _negative(term):
                pieces += [" - ", self.dialect.number(-term.value)]
            elif term.op is Op.MUL and len(term.args) <= CHUNK and _negative(term.args[0]):
                pieces += [" - ", *self._product(_positive_factors(term))]
            else:
                pieces += [" + ", (term, TERM)]
        return pieces

    def _product(self, factors: tuple[Expr, ...]) -> list:
        if len(factors) > CHUNK:
            return self._product(_groups(Op.MUL, factors))
        pieces: list = []
        if len(factors) > 1 and _unary_minus(factors):
            pieces.append("-")
            factors = factors[1:]
        for i, factor in enumerate(factors):
            divisor = self.divisor(factor)
            if divisor is not None:
                pieces.append(self.dialect.one + "/" if i == 0 else "/")
                pieces += self._operand(divisor, FACTOR)
                continue
            if i:
                pieces.append("*")
            leading_number = i == 0 and not pieces and factor.op is Op.NUM
            pieces.append((factor, LEADING_NUMBER if leading_number else FACTOR))
        return pieces

    def _call(self, node: Expr) -> list:
        function: Function = node.value
        template, trusted = self._template(function)
        if template is None:
            name = self.calls.get(function)
            if name is None:
                raise EmitError(
                    f"{function.name}() has no {self.dialect.target} form; register it with"
                    f" targets={{'{self.dialect.target}': ...}}"
                )
            fields = ", ".join(f"{{{i}}}" for i in range(function.arity))
            template, trusted = f"{name}({fields})", True
        call_like = trusted or bool(_CALL_LIKE.match(template))
        arg_ctx = TOP if call_like else OPERAND
        pieces: list = [] if call_like else ["("]
        for literal, field_name, _, _ in string.Formatter().parse(template):
            if literal:
                pieces.append(literal)
            if field_name == "m":
                pieces.append(self.dialect.module)
            elif field_name is not None:
                pieces.append((node.args[int(field_name)], arg_ctx))
        return pieces if call_like else [*pieces, ")"]

    def _template(self, function: Function) -> tuple[str | None, bool]:
        template = function.targets.get(self.dialect.target)
        trusted = function.builtin
        if template is None and function.builtin and function.name in self.dialect.fallback:
            template, trusted = self.dialect.fallback[function.name], True
        if template is not None and not self.dialect.qualified:
            template = template.replace("{m}.", "")
        return template, trusted if template is not None else True


def split_last(node: Expr, divisor: Callable[[Expr], Expr | None]) -> tuple[str, Expr, Expr] | None:
    """The outermost binary operation of ``node`` as the printer writes it:
    ``("add" | "subtract" | "multiply" | "divide", left, right)``, or ``None`` for anything
    but a sum or a product. ``divisor`` tells which factors print as divisions."""
    if node.op not in (Op.ADD, Op.MUL):
        return None
    *rest, last = node.args
    left = rest[0] if len(rest) == 1 else _intern(node.op, None, tuple(rest))
    if node.op is Op.MUL:
        below = divisor(last)
        return ("divide", left, below) if below is not None else ("multiply", left, last)
    if last.op is Op.NUM and _negative(last):
        return "subtract", left, Number(-last.value)
    if last.op is Op.MUL and len(last.args) <= CHUNK and _negative(last.args[0]):
        factors = _positive_factors(last)
        right = factors[0] if len(factors) == 1 else _intern(Op.MUL, None, factors)
        return "subtract", left, right
    return "add", left, last


def _constant_nodes(expr: Expr, names: frozenset[str] = frozenset()) -> set[Expr]:
    """The nodes of ``expr`` computed in plain Python scalars: numbers, constants and the
    temporaries in ``names``, and sums, products and powers of them only (a call already
    returns a target scalar)."""
    constant: set[Expr] = set()
    for node in postorder(expr):
        plain = (node.op is not Op.SYM or node.value in names) and node.op is not Op.CALL
        if plain and all(a in constant for a in node.args):
            constant.add(node)
    return constant


#: Built-in functions that return one of their arguments (from this one on): an integer
#: literal there is written as a float, so that the result is one (``0.0``, not ``0``).
_RETURNS_ARGUMENT = {"where": 1, "max": 0, "min": 0}


def _int_operands(expr: Expr) -> set[Expr]:
    """The integer literals of operations Python would compute in integers (all operands
    integers): sums, products and non-negative powers of integer literals; and those a
    ``where``, ``max`` or ``min`` may return."""
    integral: set[Expr] = set()
    operands: set[Expr] = set()
    for node in postorder(expr):
        if node.op is Op.NUM:
            if type(node.value) is int:
                integral.add(node)
        elif node.op is Op.CALL and node.value.builtin and node.value.name in _RETURNS_ARGUMENT:
            chosen = node.args[_RETURNS_ARGUMENT[node.value.name] :]
            operands.update(a for a in chosen if a.op is Op.NUM and type(a.value) is int)
        elif node.op in (Op.ADD, Op.MUL, Op.POW) and all(a in integral for a in node.args):
            exponent = node.args[-1]
            if node.op is not Op.POW or (exponent.op is Op.NUM and exponent.value >= 0):
                integral.add(node)
            operands.update(a for a in node.args if a.op is Op.NUM)
    return operands


def _groups(op: Op, args: tuple[Expr, ...]) -> tuple[Expr, ...]:
    chunks = [args[i : i + CHUNK] for i in range(0, len(args), CHUNK)]
    return tuple(c[0] if len(c) == 1 else _intern(op, None, c) for c in chunks)


def _positive_factors(term: Expr) -> tuple[Expr, ...]:
    """The factors of a product with a negative leading number, sign removed."""
    first, rest = term.args[0], term.args[1:]
    if type(first.value) is int and first.value == -1 and rest[0].op is not Op.NUM:
        return rest
    return (Number(-first.value), *rest)


# -- setting up one emission -------------------------------------------------------------------


@dataclass(frozen=True)
class Emission:
    """What an emitter needs: the program, its printer, and the identifiers chosen.

    Attributes:
        program: the Program being emitted.
        printer: prints its expressions.
        names: program name (input or temporary) -> identifier.
        calls: user functions called by name (no template in the target) -> identifier.
        helpers: names of the dialect's helper functions the code uses.
    """

    program: Program
    printer: CodePrinter
    names: Mapping[str, str]
    calls: Mapping[Function, str]
    helpers: frozenset[str]

    def params(self) -> list[str]:
        """The parameter identifiers, in input order."""
        return [self.names[n] for n in self.program.input_names]


def prepare(
    program_or_exprs: object,
    args: Iterable[Expr | str] | None,
    dialect: Dialect,
    name: str,
    *,
    allow_calls: bool,
    extra_reserved: frozenset[str] = frozenset(),
    extra_names: Sequence[str] = (),
) -> Emission:
    """Make the program (running ``cse`` on expressions), check ``name`` and choose safe,
    distinct identifiers for every program name, every name in ``extra_names`` (the values
    of lazy branches) and user function."""
    program = as_program(program_or_exprs, args)
    ascii_only = dialect.target == "c"
    check_identifier(name, ascii_only=ascii_only)
    reserved = dialect.reserved | extra_reserved | {name, dialect.module}
    if name in dialect.reserved or name == dialect.module or name.startswith("_"):
        raise EmitError(f"{name!r} is reserved in {dialect.target} code; choose another name")
    program_names = [*program.input_names, *(a.name for a in program.assignments), *extra_names]
    names = assign_names(program_names, reserved, ascii_only=ascii_only)
    functions = called_functions(program)
    printer = CodePrinter(dialect, names, {})
    unknown = [f for f in functions if printer._template(f)[0] is None]
    calls: dict[Function, str] = {}
    if unknown and allow_calls:
        taken = reserved | set(names.values())
        chosen = assign_names([f.name for f in unknown], taken, ascii_only=ascii_only)
        calls = {f: chosen[f.name] for f in unknown}
    helpers = frozenset(
        h for f in functions for h in dialect.helpers if h + "(" in (printer._template(f)[0] or "")
    )
    constant = _constant_temporaries(program)
    printer = CodePrinter(dialect, names, calls, constant, _exact_temporaries(program, constant))
    return Emission(program, printer, names, calls, helpers)


def _constant_temporaries(program: Program) -> frozenset[str]:
    """Temporaries whose value depends on no input (``t1 = 2*pi``)."""
    constant: set[str] = set()
    for assign in program.assignments:
        if all(s.name in constant for s in free_symbols(assign.expr)):
            constant.add(assign.name)
    return frozenset(constant)


def _exact_temporaries(program: Program, constant: frozenset[str]) -> dict[str, int | Fraction]:
    """The exact values of constant temporaries that have one (``t1 = 10^30 + 1``)."""
    exact: dict[str, int | Fraction] = {}
    for assign in program.assignments:
        if assign.name in constant:
            value = exact_value(assign.expr, exact)
            if value is not None:
                exact[assign.name] = value
    return exact


def called_functions(program: Program) -> list[Function]:
    """The functions a Program calls, in order of first use."""
    roots = [a.expr for a in program.assignments] + list(program.outputs)
    found: dict[Function, None] = {}
    for node in postorder(*roots):
        if node.op is Op.CALL:
            found.setdefault(node.value, None)
    return list(found)
