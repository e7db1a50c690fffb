"""Expression core: immutable, hash-consed nodes.

Takes Python values, returns ``Expr`` nodes. Guarantees:

- nodes are immutable and interned: building the same ``(op, value, args)`` twice returns the
  same object, so equality is identity and hashing is O(1);
- raw constructors (``Add``, ``Mul``, ``Pow``, ...) build exactly what they are given;
- Python operators build the same node as parsing the same text written without redundant
  parentheses (``x**2 + sin(x)*y - 3/x`` is ``parse("x^2 + sin(x)*y - 3/x")``).

Kinds: numbers (exact ``int`` and ``Fraction``, or ``float``), named constants (``pi``, ``e``),
symbols, n-ary ``Add`` and ``Mul``, ``Pow`` and function calls. ``a - b`` is stored as
``a + (-1)*b`` and ``a / b`` as ``a * b^-1``; the printer turns them back.

Threads: everything here is safe to use from many threads at once. Nodes are immutable, and
the intern table keeps hash-consing exact under races without taking a lock: when threads
build the same structure at the same time, they all get the one node (see ``_intern``).
The intern table holds nodes weakly, so it shrinks back as expressions are dropped.
"""

from __future__ import annotations

import math
import numbers
import operator
import re
import weakref
from _weakref import _remove_dead_weakref  # type: ignore[attr-defined]
from collections.abc import Callable
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from symdiff.core.errors import (
    ArgumentError,
    SymbolicBranchError,
    SymdiffError,
    check_type,
    describe,
)

__all__ = [
    "Add",
    "Call",
    "Const",
    "E",
    "Expr",
    "Mul",
    "Number",
    "Op",
    "Pow",
    "Symbol",
    "as_expr",
    "pi",
    "symbols",
]

Num = int | Fraction | float


class Op(Enum):
    """The closed set of structural node kinds."""

    NUM = "num"
    CONST = "const"
    SYM = "sym"
    ADD = "+"
    MUL = "*"
    POW = "^"
    CALL = "call"

    # Every intern key starts with an Op: hash members by identity in C, not with Enum's
    # Python-level ``hash(self._name_)`` (members are singletons, so equality is identity)
    __hash__ = object.__hash__


#: Exact integers and rationals produced by folding numbers stay below this many bits
#: (``symdiff.core.construct`` and the parser's ``3/4``); beyond it numbers are left unfolded.
MAX_EXACT_BITS = 20_000

LEAVES = frozenset({Op.NUM, Op.CONST, Op.SYM})
CONSTANT_VALUES = {"pi": math.pi, "e": math.e}


class Expr:
    """An immutable, interned expression node.

    ``op`` is the node kind, ``args`` the child nodes, ``value`` the payload of leaves and
    calls (the number, the name, or the registered function).

    >>> x, y = symbols("x y")
    >>> x + y is x + y
    True
    >>> str(x**2 - 3/y)
    'x^2 - 3/y'
    """

    __slots__ = ("__weakref__", "args", "op", "value")

    op: Op
    args: tuple[Expr, ...]
    value: Any

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Expr nodes are immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Expr nodes are immutable")

    def __copy__(self) -> Expr:
        return self

    def __deepcopy__(self, memo: dict) -> Expr:
        return self

    def __reduce__(self) -> tuple:
        """Pickle as one flat list of nodes, children first: depth is unlimited, shared nodes
        are stored once, and a call stores its function's name (looked up in the registry
        when loaded, so register a user function before unpickling an expression using it).
        """
        return (_unflatten, (_flatten(self),))

    # -- reading ---------------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The name of a symbol, constant or function call."""
        if self.op is Op.CALL:
            return str(self.value.name)
        if self.op in (Op.SYM, Op.CONST):
            return str(self.value)
        raise AttributeError(f"a {self.op.name} node has no name")

    @property
    def is_number(self) -> bool:
        """True for a numeric literal."""
        return self.op is Op.NUM

    @property
    def free_symbols(self) -> frozenset[Expr]:
        """The symbols that occur in the expression."""
        from symdiff.core.traverse import free_symbols

        return free_symbols(self)

    def __str__(self) -> str:
        from symdiff.core.printing import to_infix

        return to_infix(self)

    def __repr__(self) -> str:
        from symdiff.core.printing import to_repr

        return to_repr(self)

    def _repr_latex_(self) -> str | None:
        from symdiff.notebook.display import expr_latex

        return expr_latex(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        from symdiff.notebook.display import expr_text

        printer.text(expr_text(self))

    def evaluate(self, values: dict | None = None, **kwargs: float) -> float:
        """Evaluate at a point; see ``symdiff.evaluate``."""
        from symdiff.core.evaluate import evaluate

        return evaluate(self, values, **kwargs)

    def simplify(self, level: str = "standard", **options: Any) -> Expr:
        """Simplify; see ``symdiff.simplify.simplify.simplify``."""
        from symdiff.simplify.simplify import simplify

        return simplify(self, level, **options)

    def subs(self, mapping: dict) -> Expr:
        """Substitute expressions or numbers for symbols; see ``symdiff.core.traverse.subs``."""
        from symdiff.core.traverse import subs

        return subs(self, mapping)

    # -- Python operators: they build what the parser builds for the same text ---------------
    def __add__(self, other: object) -> Expr:
        o = _operand(other)
        return NotImplemented if o is None else _add_chain(self, o)

    def __radd__(self, other: object) -> Expr:
        o = _operand(other)
        return NotImplemented if o is None else _add_chain(o, self)

    def __sub__(self, other: object) -> Expr:
        o = _operand(other)
        return NotImplemented if o is None else _add_chain(self, negate(_factors(o)))

    def __rsub__(self, other: object) -> Expr:
        o = _operand(other)
        return NotImplemented if o is None else _add_chain(o, negate(_factors(self)))

    def __mul__(self, other: object) -> Expr:
        o = _operand(other)
        return NotImplemented if o is None else product_chain([*_factors(self), o])

    def __rmul__(self, other: object) -> Expr:
        o = _operand(other)
        return NotImplemented if o is None else product_chain([o, self])

    def __truediv__(self, other: object) -> Expr:
        o = _operand(other)
        return NotImplemented if o is None else product_chain(divide(_factors(self), o))

    def __rtruediv__(self, other: object) -> Expr:
        o = _operand(other)
        return NotImplemented if o is None else product_chain(divide([o], self))

    def __pow__(self, other: object, modulo: None = None) -> Expr:
        o = _operand(other)
        if modulo is not None:
            raise SymbolicBranchError("pow(base, exponent, modulo) has no symbolic meaning")
        return NotImplemented if o is None else Pow(self, o)

    def __rpow__(self, other: object) -> Expr:
        o = _operand(other)
        return NotImplemented if o is None else Pow(o, self)

    def __abs__(self) -> Expr:
        from symdiff.core.functions import REGISTRY

        return REGISTRY["abs"](self)

    def __neg__(self) -> Expr:
        return negate(_factors(self))

    def __pos__(self) -> Expr:
        return self

    # -- a symbolic value has no truth value, order or float value (``==`` stays identity) ---
    def __bool__(self) -> bool:
        if self.op is Op.NUM:  # like a NumPy array: no implicit truth value, not even for 0
            raise SymbolicBranchError(
                f"an expression has no truth value, not even the number {self}\n"
                "Compare node.value, or test `is None` instead of relying on truthiness."
            )
        raise SymbolicBranchError(_undecidable(f"whether {_brief(self)} is true or false"))

    def __lt__(self, other: object) -> bool:
        return _compare(self, other, "<")

    def __le__(self, other: object) -> bool:
        return _compare(self, other, "<=")

    def __gt__(self, other: object) -> bool:
        return _compare(self, other, ">")

    def __ge__(self, other: object) -> bool:
        return _compare(self, other, ">=")

    def __float__(self) -> float:
        if self.op is Op.NUM:
            return float(self.value)
        from symdiff.core.ufuncs import constant_value

        return constant_value(self, "a float")

    def __round__(self, ndigits: int | None = None) -> Any:
        from symdiff.core.ufuncs import constant_value

        return round(constant_value(self, "a rounded number"), ndigits)

    def __floor__(self) -> int:
        from symdiff.core.ufuncs import constant_value

        return math.floor(constant_value(self, "an integer (math.floor)"))

    def __ceil__(self) -> int:
        from symdiff.core.ufuncs import constant_value

        return math.ceil(constant_value(self, "an integer (math.ceil)"))

    def __int__(self) -> int:
        return self.__trunc__()

    def __trunc__(self) -> int:
        from symdiff.core.ufuncs import constant_value

        return math.trunc(constant_value(self, "an integer (math.trunc, int())"))

    # -- NumPy: ufuncs and array functions build expressions (symdiff.core.ufuncs) ----------
    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        from symdiff.core.ufuncs import apply_ufunc

        return apply_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        from symdiff.core.array_functions import array_function

        return array_function(func, args, kwargs)

    if not TYPE_CHECKING:  # hidden from mypy: Expr has no attributes beyond those above

        def __getattr__(self, name: str) -> Any:
            # the methods NumPy's object loops call on elements (np.sin(a) calls a[i].sin())
            from symdiff.core.ufuncs import object_method

            return object_method(self, name)

    def __index__(self) -> int:
        if self.op is Op.NUM and type(self.value) is int:
            return self.value
        raise SymbolicBranchError(
            f"cannot use {_brief(self)} as an integer (an index, a range, a repeat count):"
            " it is symbolic"
        )


def _operand(other: object) -> Expr | None:
    """The other operand of a Python operator; ``None`` (the operator then returns
    ``NotImplemented``) for a NumPy array, whose own operator maps elementwise."""
    if isinstance(other, Expr):
        return other
    if hasattr(other, "__array_ufunc__") and not isinstance(other, numbers.Number):
        return None
    return as_expr(other)


_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def _compare(left: Expr, right: object, symbol: str) -> bool:
    if isinstance(right, (Expr, numbers.Real)) and not isinstance(right, bool | str):
        other = as_expr(right)
        if left.op is Op.NUM and other.op is Op.NUM:
            return _COMPARE[symbol](left.value, other.value)
        text = f"whether {_brief(left)} {symbol} {_brief(other)}"
        raise SymbolicBranchError(_undecidable(text))
    return NotImplemented


def _undecidable(what: str) -> str:
    return (
        f"cannot decide {what}: the value is symbolic\n"
        "Tracing runs the function once with symbols in place of numbers, so a branch on a"
        " symbolic value would take one path for every input. Branch on plain Python values"
        " only, or write the choice as a formula: symdiff.where(symdiff.gt(x, 0), x, 0) for"
        " `x if x > 0 else 0`, or symdiff.Max, symdiff.Abs. Note that == compares structure,"
        " not values."
    )


def _brief(node: Expr) -> str:
    """The expression's text, or a short description when it is long."""
    from symdiff.core.traverse import tree_size

    size = tree_size(node)
    if size > 60:
        return f"an expression of {size} nodes"
    return str(node)


def _flatten(root: Expr) -> list[tuple[str, Any, tuple[int, ...]]]:
    """``(op name, value, argument indices)`` per unique node, children first."""
    index: dict[Expr, int] = {}
    rows: list[tuple[str, Any, tuple[int, ...]]] = []
    stack: list[tuple[Expr, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if node in index:
            continue
        if expanded:
            value = node.value.name if node.op is Op.CALL else node.value
            index[node] = len(rows)
            rows.append((node.op.name, value, tuple(index[a] for a in node.args)))
        else:
            stack.append((node, True))
            stack.extend((a, False) for a in reversed(node.args))
    return rows


def _unflatten(rows: list[tuple[str, Any, tuple[int, ...]]]) -> Expr:
    from symdiff.core.functions import get_function

    nodes: list[Expr] = []
    for op_name, value, args in rows:
        op = Op[op_name]
        if op is Op.CALL:
            value = get_function(value)
        nodes.append(_intern(op, value, tuple(nodes[i] for i in args)))
    return nodes[-1]


def _number_key(value: Num) -> object:
    # 1, 1.0 and -0.0/0.0 compare equal in Python but are different literals here; a
    # Fraction is keyed by its two integers, which hash much faster than the Fraction
    if type(value) is int:
        return value
    if type(value) is Fraction:
        return (value.numerator, value.denominator)
    return value.hex() if isinstance(value, float) else value


class _NodeRef(weakref.ref):
    """A weak reference to a node that holds its intern key: ``weakref.KeyedRef`` without
    its Python-level constructor (made at every new node, so it is a hot spot)."""

    __slots__ = ("key",)
    key: tuple


# The intern table: key -> weak reference to the node. Unused nodes are freed; a dict of
# keyed references read inline is about twice as fast as weakref.WeakValueDictionary.
#
# Threads: a hit is two atomic reads (``dict.get``, calling the reference). A miss publishes
# its node with ``dict.setdefault``, so when threads race to make the same node, the first one
# in wins and the others return its node. A freed node's entry is dropped with
# ``_remove_dead_weakref``, which deletes it only if the entry is still a dead reference, so
# it never removes a live node that another thread put under the same key meanwhile. Both
# calls are atomic in CPython, with or without the GIL (``WeakValueDictionary`` relies on
# the same two), so no lock is taken on any path.
_TABLE: dict[tuple, _NodeRef] = {}
_new = object.__new__
_set_op = Expr.__dict__["op"].__set__
_set_args = Expr.__dict__["args"].__set__
_set_value = Expr.__dict__["value"].__set__


def _forget(ref: _NodeRef) -> None:
    _remove_dead_weakref(_TABLE, ref.key)


def _intern(op: Op, value: Any, args: tuple[Expr, ...]) -> Expr:
    key = (op, _number_key(value) if op is Op.NUM else value, args)
    ref = _TABLE.get(key)
    if ref is not None:
        node = ref()
        if node is not None:
            return node
    node = _new(Expr)
    _set_op(node, op)
    _set_value(node, value)
    _set_args(node, args)
    mine = _NodeRef(node, _forget)
    mine.key = key
    while True:
        ref = _TABLE.setdefault(key, mine)
        if ref is mine:
            return node
        other = ref()
        if other is not None:  # another thread made the same node first
            return other
        _remove_dead_weakref(_TABLE, key)  # a freed node whose entry is not yet dropped


def _intern_table_size() -> int:
    """The number of nodes in the intern table (alive, or freed a moment ago)."""
    return len(_TABLE)


# -- raw constructors: exactly what they are given ---------------------------------------------


def normalize_number(value: object) -> Num:
    """Return ``value`` as ``int``, ``Fraction`` (not integral) or ``float``.

    >>> normalize_number(Fraction(4, 2))
    2
    """
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Rational):
        return normalize_number(Fraction(int(value.numerator), int(value.denominator)))
    if isinstance(value, numbers.Real):
        value = float(value)
        if math.isnan(value):  # it has no literal: it would print as the symbol "nan"
            raise SymdiffError("NaN is not a number an expression can hold")
        return value
    raise SymdiffError(f"cannot use {describe(value)} as a real number")


def float_of(value: Num) -> float:
    """``float(value)``; beyond the float range it rounds to ``±inf`` as IEEE 754 does,
    instead of raising ``OverflowError``.

    >>> float_of(10**400), float_of(-(10**400))
    (inf, -inf)
    """
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def fold_numbers(operation: Callable[[Any, Any], Num], left: Num, right: Num) -> Num:
    """``operation(left, right)`` (``+``, ``*`` or ``/``): exact when both numbers are exact,
    else a float. A float mixed with an exact number beyond the float range is computed
    exactly and rounded once, so ``1e308 / 10**400`` is ``1e-92``, not ``OverflowError``.

    >>> fold_numbers(operator.truediv, 1e308, 10**400)
    1e-92
    """
    try:
        return operation(left, right)
    except OverflowError:
        pass
    if any(isinstance(v, float) and not math.isfinite(v) for v in (left, right)):
        return operation(float_of(left), float_of(right))
    return float_of(operation(Fraction(left), Fraction(right)))


def Number(value: object) -> Expr:
    """A numeric literal: exact ``int``/``Fraction`` or ``float``.

    >>> Number(Fraction(1, 2))
    Number(Fraction(1, 2))
    """
    if type(value) is int:
        if -SMALL_INTS <= value <= SMALL_INTS:
            return _SMALL[value]  # the common case: no normalising, no table lookup
        return _intern(Op.NUM, value, ())
    if type(value) is Fraction and value.denominator != 1:  # normalised already
        return _intern(Op.NUM, value, ())
    if type(value) is float and not math.isnan(value):  # normalised already
        return _intern(Op.NUM, value, ())
    return _intern(Op.NUM, normalize_number(value), ())


#: Integers ``-SMALL_INTS..SMALL_INTS`` keep one node each for the life of the process.
SMALL_INTS = 256
_SMALL = {k: _intern(Op.NUM, k, ()) for k in range(-SMALL_INTS, SMALL_INTS + 1)}


def Symbol(name: str) -> Expr:
    """A symbol (a variable) named ``name``.

    >>> Symbol("theta")
    Symbol('theta')
    """
    check_type("name", name, str, "a symbol name (text)")
    if not name.isidentifier():
        raise SymdiffError(f"{name!r} is not a valid symbol name (letters, digits, underscore)")
    if name in CONSTANT_VALUES:
        raise SymdiffError(f"{name!r} is a constant, not a symbol name")
    return _intern(Op.SYM, name, ())


def Const(name: str) -> Expr:
    """A named constant: ``pi`` or ``e``.

    >>> Const("pi").evaluate()
    3.141592653589793
    """
    if not isinstance(name, str) or name not in CONSTANT_VALUES:
        raise SymdiffError(
            f"unknown constant {describe(name)}; known: {', '.join(CONSTANT_VALUES)}"
        )
    return _intern(Op.CONST, name, ())


def _nary(op: Op, args: tuple) -> Expr:
    if len(args) < 2:
        raise SymdiffError(f"{op.name.title()} needs at least two arguments, got {len(args)}")
    return _intern(op, None, tuple(as_expr(a) for a in args))


def Add(*args: object) -> Expr:
    """The raw n-ary sum of its arguments (nothing is simplified).

    >>> str(Add(Symbol("x"), 0))
    'x + 0'
    """
    return _nary(Op.ADD, args)


def Mul(*args: object) -> Expr:
    """The raw n-ary product of its arguments.

    >>> str(Mul(Symbol("x"), 1))
    'x*1'
    """
    return _nary(Op.MUL, args)


def Pow(base: object, exponent: object) -> Expr:
    """The raw power ``base ^ exponent``.

    >>> str(Pow(Symbol("x"), 2))
    'x^2'
    """
    return _intern(Op.POW, None, (as_expr(base), as_expr(exponent)))


def Call(function: Any, *args: object) -> Expr:
    """A call of a registered function (see ``symdiff.core.functions``); arity is checked.

    >>> from symdiff.core.functions import get_function
    >>> str(Call(get_function("sin"), Symbol("x")))
    'sin(x)'
    """
    if not callable(getattr(function, "accepts", None)):
        raise ArgumentError(
            f"function must be a registered function (symdiff.REGISTRY), not {describe(function)}"
        )
    if not function.accepts(len(args)):
        raise SymdiffError(f"{function.name}() takes {function.arity} argument(s), got {len(args)}")
    return _intern(Op.CALL, function, tuple(as_expr(a) for a in args))


def as_expr(value: object) -> Expr:
    """Convert a Python number (or an Expr) to an Expr.

    >>> as_expr(2) is Number(2)
    True
    """
    if isinstance(value, Expr):
        return value
    if isinstance(value, str):
        raise SymdiffError(
            f"cannot mix the string {value!r} into an expression; use parse() for text"
        )
    if isinstance(value, list | tuple):
        raise SymdiffError(
            f"cannot use a {type(value).__name__} as one number in an expression; to work"
            " entry by entry write a comprehension, e.g. [v * coef for v in values]"
        )
    return Number(value)


def symbols(names: str) -> tuple[Expr, ...] | Expr:
    """Make symbols from a space- or comma-separated string, with ranges as in SymPy.

    ``"x:3"`` is ``x0, x1, x2``; ``"x2:5"`` is ``x2, x3, x4``; ``"x(:3)"`` is the same as
    ``"x:3"`` (parentheses end the name: ``"y1(:2)"`` is ``y10, y11``); ``"a:c"`` is ``a, b,
    c`` (letters, both ends included). With a range the result is always a tuple (use
    ``numpy.array(symbols("x:5"))`` for an object array); otherwise one name gives one
    symbol.

    >>> x, y = symbols("x y")
    >>> symbols("z")
    Symbol('z')
    >>> [str(s) for s in symbols("x:3, a:c")]
    ['x0', 'x1', 'x2', 'a', 'b', 'c']
    """
    check_type("names", names, str, "a string of names")
    parts = [p for p in names.replace(",", " ").split() if p]
    made: list[Expr] = []
    ranged = False
    for part in parts:
        expanded = _expand_range(part) if ":" in part else None
        ranged = ranged or expanded is not None
        made.extend(Symbol(name) for name in (expanded or [part]))
    return made[0] if len(made) == 1 and not ranged else tuple(made)


_NUMBERED = re.compile(r"([A-Za-z_]\w*?)(\d*):(\d+)|([A-Za-z_]\w*)\((\d*):(\d+)\)")
_LETTERS = re.compile(r"([A-Za-z]):([A-Za-z])")
#: The most symbols one range may make.
MAX_RANGE = 100_000


def _expand_range(part: str) -> list[str]:
    """The names of one range (``"x:3"``, ``"x2:5"``, ``"x(:3)"``, ``"a:c"``)."""
    letters = _LETTERS.fullmatch(part)
    if letters:
        first, last = (ord(c) for c in letters.groups())
        return [chr(c) for c in range(first, last + 1)] or _empty(part)
    numbered = _NUMBERED.fullmatch(part)
    if not numbered:
        raise SymdiffError(
            f"{part!r} is not a range of symbols; write name:stop (x:5), name<start>:stop"
            " (x2:5), name(start:stop) or letter:letter (a:c)"
        )
    groups = numbered.groups()
    name, start, stop = groups[:3] if groups[0] else groups[3:]
    first, end = int(start or 0), int(stop)
    if end - first > MAX_RANGE:
        raise SymdiffError(f"{part!r} makes {end - first} symbols; the limit is {MAX_RANGE}")
    return [f"{name}{i}" for i in range(first, end)] or _empty(part)


def _empty(part: str) -> list[str]:
    raise SymdiffError(f"the range {part!r} is empty: its end comes before its start")


pi = Const("pi")
E = Const("e")


# -- the builders shared by the parser and the Python operators ------------------------------


def is_exact(node: Expr) -> bool:
    """True for an exact (``int`` or ``Fraction``) numeric literal."""
    return node.op is Op.NUM and not isinstance(node.value, float)


def _add_chain(left: Expr, right: Expr) -> Expr:
    # both are nodes already: build directly (a loop of ``total += term`` copies the sum
    # each time, so the copy must stay a C-level tuple copy)
    terms = left.args if left.op is Op.ADD else (left,)
    return _intern(Op.ADD, None, (*terms, right))


def _factors(node: Expr) -> list[Expr]:
    return list(node.args) if node.op is Op.MUL else [node]


def negate(node: Expr | list[Expr]) -> Expr:
    """``-node`` as the parser reads it: ``-3`` is a number, ``-2*x`` is ``Mul(-2, x)``.

    A list stands for an unparenthesized product chain (whose leading number absorbs the
    sign); an Expr stands for a parenthesized operand. Python operators pass products as
    chains, since they cannot see parentheses.

    >>> str(negate(Symbol("x")))
    '-x'
    """
    if isinstance(node, Expr):
        return Number(-node.value) if node.op is Op.NUM else Mul(-1, node)
    first = node[0]
    if first.op is Op.NUM:
        return product_chain([Number(-first.value), *node[1:]])
    return Mul(-1, *node)


def reciprocal(divisor: Expr) -> Expr:
    """The factor ``/divisor`` contributes to a product chain: ``/2`` is ``1/2``, ``/x^2`` is
    ``x^-2`` (numeric exponents are negated) and ``/u`` is ``u^-1``.

    >>> str(reciprocal(Symbol("x")))
    '1/x'
    """
    if divisor.op is Op.NUM and divisor.value != 0:
        value = divisor.value
        return Number(1 / value if isinstance(value, float) else Fraction(1) / value)
    if divisor.op is Op.POW and divisor.args[1].op is Op.NUM:
        return Pow(divisor.args[0], Number(-divisor.args[1].value))
    return Pow(divisor, -1)


def divide(chain: list[Expr], divisor: Expr) -> list[Expr]:
    """Append ``/divisor`` to a product chain (in place), as the parser does.

    Two numbers fold exactly (``3/4`` is the rational 3/4) and a chain that is just ``1``
    becomes the reciprocal alone (``1/x`` is ``x^-1``). A fold that would give NaN
    (``inf/inf``) or with numbers beyond twice ``MAX_EXACT_BITS`` bits is not made.
    """
    last = chain[-1]
    if divisor.op is Op.NUM and last.op is Op.NUM and _foldable(last.value, divisor.value):
        if isinstance(divisor.value, float) or isinstance(last.value, float):
            folded = fold_numbers(operator.truediv, last.value, divisor.value)
        else:
            folded = Fraction(last.value) / divisor.value
        if not (isinstance(folded, float) and math.isnan(folded)):  # inf/inf stays a division
            chain[-1] = Number(folded)
            return chain
    if len(chain) == 1 and last.op is Op.NUM and type(last.value) is int and last.value == 1:
        return [reciprocal(divisor)]
    chain.append(reciprocal(divisor))
    return chain


def _foldable(top: Num, bottom: Num) -> bool:
    """Whether ``top / bottom`` folds: a nonzero divisor and both sides at most twice
    ``MAX_EXACT_BITS``. Every integer literal fits, so a printed rational reads back as one
    number, and a chain of divisions stops folding once its number has grown past the bound
    (checked before dividing, so the chain costs linear time)."""
    return bottom != 0 and max(_bits(top), _bits(bottom)) <= 2 * MAX_EXACT_BITS


def _bits(value: Num) -> int:
    if isinstance(value, float):
        return 0
    value = Fraction(value)
    return max(value.numerator.bit_length(), value.denominator.bit_length())


def product_chain(factors: list[Expr]) -> Expr:
    """A product of one or more factors (one factor is returned as it is)."""
    return factors[0] if len(factors) == 1 else _intern(Op.MUL, None, tuple(factors))
