"""The function registry: every function's name, arity, numbers, derivatives and printed names.

Takes nothing; holds one ``Function`` per name. A function is data: its float implementation
(which raises ``ValueError``/``ZeroDivisionError`` outside its real domain), its partial
derivatives as small builders of ``Expr`` (one per argument), and its name in each output
target. A new function is one ``register_function`` call; calling a ``Function`` on
expressions builds a ``Call`` node.

Threads: ``register_function`` and ``unregister_function`` may run while other threads parse,
differentiate, simplify, evaluate or compile; each is one atomic change of the registry.
"""

from __future__ import annotations

import difflib
import math
import re
import string
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from symdiff.core.errors import (
    ArgumentError,
    SymdiffError,
    TemplateError,
    check_flag,
    check_int,
    check_type,
    describe,
    items_of,
)
from symdiff.core.expr import CONSTANT_VALUES, Call, Expr, as_expr

__all__ = [
    "ARGUMENT_FIELD",
    "REGISTRY",
    "TARGETS",
    "Function",
    "check_targets",
    "get_function",
    "register_function",
    "suggest_function",
    "unregister_function",
]

Derivative = Callable[..., Expr]


@dataclass(frozen=True, eq=False)
class Function:
    """A registered function.

    Attributes:
        name: the name used in text (``sin``).
        arity: number of arguments.
        impl: float implementation; raises ``ValueError``/``ZeroDivisionError`` off-domain.
        derivatives: one builder per argument: given the argument expressions, it returns the
            partial derivative with respect to that argument (the chain rule is applied by the
            differentiator). ``None`` means no derivative is known.
        targets: printed forms per output target (``latex``, ``python``, ``numpy``, ``c``) as
            format strings over the argument texts ``{0}``, ``{1}``; ``{m}`` stands for the
            emitted code's module alias.
        builtin: part of symdiff rather than registered by a user.

    >>> from symdiff.core.expr import symbols
    >>> str(get_function("sin")(symbols("x")))
    'sin(x)'
    """

    name: str
    arity: int
    impl: Callable[..., float]
    derivatives: tuple[Derivative, ...] | None = None
    targets: Mapping[str, str] = field(default_factory=dict)
    builtin: bool = False

    def __post_init__(self) -> None:
        # checked once here, so no emitter meets a template it cannot use; read-only after
        targets = check_targets(self.name, self.arity, self.targets)
        object.__setattr__(self, "targets", MappingProxyType(targets))

    def accepts(self, count: int) -> bool:
        """Whether the function takes ``count`` arguments."""
        return count == self.arity

    def __call__(self, *args: object) -> Expr:
        return Call(self, *(as_expr(a) for a in args))

    def __repr__(self) -> str:
        return f"<function {self.name}/{self.arity}>"


REGISTRY: dict[str, Function] = {}

# Readers take no lock (one dict lookup is atomic); registering and removing hold this one, so
# that checking a name and changing its entry happen as one step.
_REGISTRY_LOCK = threading.Lock()


#: The output targets a function may have a printed form for.
TARGETS = ("latex", "python", "numpy", "c")
_MODULE_TARGETS = ("python", "numpy")  # where ``{m}`` (the module alias) means something
#: An argument field ``{0}``: a LaTeX form with one is a template, else a command.
ARGUMENT_FIELD = re.compile(r"\{[0-9]+\}")


def check_targets(name: str, arity: int, targets: object) -> dict[str, str]:
    """The printed forms, checked: each a format string whose fields are the arguments
    ``{0}`` ... ``{arity-1}`` (and ``{m}`` for Python and NumPy), with literal braces doubled.
    A LaTeX form without an argument field is a command written before ``\\left(...\\right)``
    (``\\operatorname{gauss}``) and is used as it is.

    Raises:
        TemplateError: naming the function, the target and the template.

    >>> check_targets("f", 1, {"python": "{m}.erf({0})"})
    {'python': '{m}.erf({0})'}
    """
    if not isinstance(targets, Mapping):
        raise TemplateError(f"{name}(): targets must be a dict, not {type(targets).__name__}")
    checked: dict[str, str] = {}
    for target, template in targets.items():
        if target not in TARGETS:
            known = ", ".join(TARGETS)
            raise TemplateError(f"{name}(): unknown target {target!r}; known: {known}")
        if not isinstance(template, str):
            raise TemplateError(
                f"{name}(): the {target} form must be a string, not {type(template).__name__}"
            )
        if target != "latex" or ARGUMENT_FIELD.search(template):
            _check_template(name, arity, target, template)
        checked[target] = template
    return checked


def _check_template(name: str, arity: int, target: str, template: str) -> None:
    where = f"{name}(): the {target} template {template!r}"
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as error:
        raise TemplateError(
            f"{where} is not a valid format string ({error}); write literal braces as {{{{ }}}}"
        ) from None
    for _, field_name, spec, conversion in fields:
        if field_name is None:
            continue
        if field_name == "m" and target in _MODULE_TARGETS:
            problem = None
        elif not re.fullmatch("[0-9]+", field_name):
            known = f"{{0}} ... {{{arity - 1}}}" if arity else f"{name} takes no arguments"
            problem = f"{{{field_name}}} is not an argument field ({known})"
        elif int(field_name) >= arity:
            problem = f"{{{field_name}}} is beyond the {arity} argument(s) of {name}"
        else:
            problem = None
        if problem is None and (spec or conversion):
            problem = "fields take no conversion or format spec (write {0})"
        if problem:
            raise TemplateError(f"{where}: {problem}")


def get_function(name: str) -> Function:
    """The registered function called ``name``.

    >>> get_function("cos").arity
    1
    """
    try:
        return REGISTRY[name]
    except KeyError:
        hint = suggest_function(name)
        extra = f"; did you mean {hint}?" if hint else ""
        raise SymdiffError(f"unknown function {name!r}{extra}") from None


def suggest_function(name: str) -> str | None:
    """The registered name closest to ``name``, if any is close."""
    close = difflib.get_close_matches(name, list(REGISTRY), n=1, cutoff=0.6)
    return close[0] if close else None


def register_function(
    name: str,
    impl: Callable[..., float],
    derivatives: Sequence[Derivative] | None = None,
    *,
    arity: int | None = None,
    targets: dict[str, str] | None = None,
    replace: bool = False,
) -> Function:
    """Register a user function, usable from text and from Python.

    Args:
        name: an identifier, not a constant name.
        impl: float implementation.
        derivatives: one builder per argument returning the partial derivative, e.g.
            ``[lambda u: 2*u]``; omit it and differentiating the function raises an error.
        arity: number of arguments (default: the number of derivatives, else 1).
        targets: printed forms (see ``Function``); the name itself is used where missing.
        replace: allow replacing a function of the same name that a user registered.

    Raises:
        TemplateError: for a printed form that is not a usable template (``"{"``, a field
            beyond the arguments such as ``"{1}"`` for one argument).

    >>> from symdiff.core.expr import symbols
    >>> sq = register_function("sq", lambda u: u*u, [lambda u: 2*u], replace=True)
    >>> sq(symbols("x")).evaluate(x=3)
    9.0
    """
    if not isinstance(name, str) or not name.isidentifier() or name in CONSTANT_VALUES:
        raise SymdiffError(f"{describe(name)} is not a usable function name")
    if not callable(impl):
        raise ArgumentError(f"impl must be a function of floats, not {describe(impl)}")
    if derivatives is not None:
        derivatives = items_of(
            "derivatives", derivatives, "a sequence of functions, one per argument"
        )
        for i, builder in enumerate(derivatives):
            if builder is not None and not callable(builder):  # None: no partial known
                raise ArgumentError(f"derivatives[{i}] must be a function, not {describe(builder)}")
    if arity is not None:
        arity = check_int("arity", arity, minimum=1)
    if targets is not None:
        check_type("targets", targets, dict, "a dict of target names to format strings")
    replace = check_flag("replace", replace)
    _check_replaceable(name, replace)
    if arity is None:
        arity = len(derivatives) if derivatives else 1
    if derivatives is not None and len(derivatives) != arity:
        raise SymdiffError(
            f"{name!r} takes {arity} argument(s) but has {len(derivatives)} derivatives"
        )
    function = Function(
        name,
        arity,
        impl,
        tuple(derivatives) if derivatives is not None else None,
        targets if targets is not None else {},
    )
    with _REGISTRY_LOCK:  # checked again: another thread may have registered it meanwhile
        _check_replaceable(name, replace)
        REGISTRY[name] = function
    return function


def _check_replaceable(name: str, replace: bool) -> None:
    old = REGISTRY.get(name)
    if old is not None and (old.builtin or not replace):
        what = "a built-in function" if old.builtin else "already registered"
        raise SymdiffError(f"{name!r} is {what}; pass replace=True to replace a user function")


def unregister_function(name: str) -> None:
    """Remove a user function (built-in functions cannot be removed).

    Expressions already built with it keep working (a ``Call`` holds its ``Function``), but
    text naming it no longer parses.

    >>> _ = register_function("half", lambda u: u / 2, [lambda u: 0.5])
    >>> unregister_function("half")
    >>> "half" in REGISTRY
    False
    """
    check_type("name", name, str, "a function name")
    with _REGISTRY_LOCK:
        function = REGISTRY.get(name)
        if function is None or function.builtin:
            raise SymdiffError(f"{name!r} is not a user-registered function")
        del REGISTRY[name]


# -- built-in functions ------------------------------------------------------------------------


def _sec(u: float) -> float:
    return 1.0 / math.cos(u)


def _csc(u: float) -> float:
    return 1.0 / math.sin(u)


def _cot(u: float) -> float:
    return 1.0 / math.tan(u)


def _cbrt(u: float) -> float:
    # ``a ** (1/3)`` is off by up to 1e-14 relative for tiny and huge ``a`` (1/3 is rounded);
    # one Newton step brings it to the correctly rounded root libm's ``cbrt`` gives
    a = abs(u)
    r = a ** (1.0 / 3.0)
    if 0.0 < r < math.inf:
        r -= (r - a / (r * r)) / 3.0
    return math.copysign(r, u)


def _sign(u: float) -> float:
    return float((u > 0) - (u < 0)) if u == u else math.nan


def _atan2(y: float, x: float) -> float:
    """``atan2`` of real numbers: a zero is 0 whatever its sign. IEEE ``atan2`` tells
    ``-0.0`` from ``0.0`` (``atan2(-0.0, -1) = -pi``), a difference real arithmetic and the
    simplifier do not see (``0*x`` is ``0``); ``-0.0 + 0.0`` is ``0.0`` in every backend."""
    return math.atan2(y + 0.0, x + 0.0)


def _f(name: str) -> Function:
    return REGISTRY[name]


# name: (impl, derivative builders, latex, python, numpy, c)
_BUILTINS: dict[str, tuple] = {
    "sin": (math.sin, (lambda u: _f("cos")(u),), r"\sin", "sin", "sin", "sin"),
    "cos": (math.cos, (lambda u: -_f("sin")(u),), r"\cos", "cos", "cos", "cos"),
    "tan": (math.tan, (lambda u: _f("sec")(u) ** 2,), r"\tan", "tan", "tan", "tan"),
    "sec": (_sec, (lambda u: _f("sec")(u) * _f("tan")(u),), r"\sec", None, None, None),
    "csc": (_csc, (lambda u: -_f("csc")(u) * _f("cot")(u),), r"\csc", None, None, None),
    "cot": (_cot, (lambda u: -(_f("csc")(u) ** 2),), r"\cot", None, None, None),
    "asin": (
        math.asin,
        (lambda u: 1 / _f("sqrt")(1 - u**2),),
        r"\arcsin",
        "asin",
        "arcsin",
        "asin",
    ),
    "acos": (
        math.acos,
        (lambda u: -1 / _f("sqrt")(1 - u**2),),
        r"\arccos",
        "acos",
        "arccos",
        "acos",
    ),
    "atan": (math.atan, (lambda u: 1 / (1 + u**2),), r"\arctan", "atan", "arctan", "atan"),
    "sinh": (math.sinh, (lambda u: _f("cosh")(u),), r"\sinh", "sinh", "sinh", "sinh"),
    "cosh": (math.cosh, (lambda u: _f("sinh")(u),), r"\cosh", "cosh", "cosh", "cosh"),
    "tanh": (math.tanh, (lambda u: 1 - _f("tanh")(u) ** 2,), r"\tanh", "tanh", "tanh", "tanh"),
    "asinh": (
        math.asinh,
        (lambda u: 1 / _f("sqrt")(u**2 + 1),),
        r"\operatorname{arsinh}",
        "asinh",
        "arcsinh",
        "asinh",
    ),
    "acosh": (
        math.acosh,
        (lambda u: 1 / _f("sqrt")(u**2 - 1),),
        r"\operatorname{arcosh}",
        "acosh",
        "arccosh",
        "acosh",
    ),
    "atanh": (
        math.atanh,
        (lambda u: 1 / (1 - u**2),),
        r"\operatorname{artanh}",
        "atanh",
        "arctanh",
        "atanh",
    ),
    "exp": (math.exp, (lambda u: _f("exp")(u),), r"\exp", "exp", "exp", "exp"),
    "log": (math.log, (lambda u: 1 / u,), r"\log", "log", "log", "log"),
    "sqrt": (math.sqrt, (lambda u: 1 / (2 * _f("sqrt")(u)),), r"\sqrt", "sqrt", "sqrt", "sqrt"),
    "cbrt": (_cbrt, (lambda u: 1 / (3 * _f("cbrt")(u) ** 2),), r"\sqrt[3]", None, "cbrt", "cbrt"),
    "abs": (abs, (lambda u: _f("sign")(u),), r"\left|", None, "abs", "fabs"),
    "sign": (_sign, (lambda u: as_expr(0),), r"\operatorname{sign}", None, "sign", None),
}


def _install_builtins() -> None:
    for name, (impl, derivs, latex, python, numpy, c) in _BUILTINS.items():
        targets = {"latex": latex}
        if python:
            targets["python"] = f"{{m}}.{python}({{0}})"
        if numpy:
            targets["numpy"] = f"{{m}}.{numpy}({{0}})"
        if c:
            targets["c"] = f"{c}({{0}})"
        REGISTRY[name] = Function(name, 1, impl, derivs, targets, builtin=True)
    REGISTRY["atan2"] = Function(
        "atan2",
        2,
        _atan2,
        (
            lambda y, x: x / (x**2 + y**2),
            lambda y, x: -y / (x**2 + y**2),
        ),
        {
            "latex": r"\operatorname{atan2}",
            # + 0.0 turns -0.0 into 0.0 (see _atan2)
            "python": "{m}.atan2({0} + 0.0, {1} + 0.0)",
            "numpy": "{m}.arctan2({0} + 0.0, {1} + 0.0)",
            "c": "atan2({0} + 0.0, {1} + 0.0)",
        },
        builtin=True,
    )


_install_builtins()
