"""Special and numerically careful functions: the registry entries for erf, gamma, digamma, ...

Takes nothing; adds built-in functions to ``symdiff.core.functions.REGISTRY`` when imported
(``symdiff.core`` imports it). Each entry is data as for the elementary functions: a float
implementation (``math`` where it has one, ``symdiff.core.special_impl`` otherwise), the
partial derivatives as builders of ``Expr``, and the printed form per target.

- ``erf``, ``erfc``, ``gamma``, ``lgamma`` (``log|gamma(x)|``, as ``math.lgamma``: real for
  every ``x`` that is not a pole, so its derivative is ``digamma`` everywhere), ``digamma``,
  ``polygamma(n, x)`` (the ``n``-th derivative of ``digamma``; ``n`` a nonnegative integer, and
  it has no derivative in ``n``), ``beta(a, b)``;
- the careful forms ``log1p(x) = log(1 + x)``, ``expm1(x) = exp(x) - 1``,
  ``hypot(x, y) = sqrt(x^2 + y^2)``, ``log2``, ``log10`` and ``exp2(x) = 2^x``.

Poles (``gamma(0)``, ``digamma(-1)``) are outside the real domain: ``evaluate`` raises
``DomainError`` there. NumPy code calls ``scipy.special`` for the special functions (the
``symdiff[scipy]`` extra); Python code calls symdiff's own digamma, polygamma and beta, and C
code has no form for them (``EmitError``).

>>> from symdiff.core.parse import parse
>>> parse("gamma(x)").evaluate(x=5)
24.0
>>> from symdiff.core.evaluate import evaluate
>>> evaluate(parse("lgamma(x)"), x=1.0)
0.0
"""

from __future__ import annotations

import math

from symdiff.core.expr import Const, Expr
from symdiff.core.functions import REGISTRY, Function
from symdiff.core.special_impl import _beta, _digamma, _polygamma

__all__ = ["SPECIAL_FUNCTIONS", "SPECIAL_HELPERS"]


def _f(name: str) -> Function:
    return REGISTRY[name]


def _exp2(u: float) -> float:
    return math.pow(2.0, u)


_PI = Const("pi")


def _d_erf(u: Expr) -> Expr:
    return 2 / _f("sqrt")(_PI) * _f("exp")(-(u**2))


def _d_gamma(u: Expr) -> Expr:
    return _f("gamma")(u) * _f("digamma")(u)


def _d_beta_a(a: Expr, b: Expr) -> Expr:
    return _f("beta")(a, b) * (_f("digamma")(a) - _f("digamma")(a + b))


def _d_beta_b(a: Expr, b: Expr) -> Expr:
    return _f("beta")(a, b) * (_f("digamma")(b) - _f("digamma")(a + b))


def _scipy(name: str) -> str:
    return f"scipy.special.{name}"


#: name: (impl, derivative builders, latex, python, numpy, c); python and C names starting
#: with ``_``/``symdiff_`` are helpers (``SPECIAL_HELPERS``), numpy ones ``scipy.special``.
SPECIAL_FUNCTIONS: dict[str, tuple] = {
    "erf": (math.erf, (_d_erf,), r"\operatorname{erf}", "{m}.erf", _scipy("erf"), "erf"),
    "erfc": (
        math.erfc,
        (lambda u: -_d_erf(u),),
        r"\operatorname{erfc}",
        "{m}.erfc",
        _scipy("erfc"),
        "erfc",
    ),
    "gamma": (math.gamma, (_d_gamma,), r"\Gamma", "{m}.gamma", _scipy("gamma"), "tgamma"),
    "lgamma": (
        math.lgamma,
        (lambda u: _f("digamma")(u),),
        r"\log\Gamma",
        "{m}.lgamma",
        _scipy("gammaln"),
        "lgamma",
    ),
    "digamma": (
        _digamma,
        (lambda u: _f("polygamma")(1, u),),
        r"\psi",
        "_digamma",
        _scipy("psi"),
        "symdiff_digamma",
    ),
    "polygamma": (
        _polygamma,
        (None, lambda n, u: _f("polygamma")(n + 1, u)),  # no derivative in the order n
        r"\psi^{{({0})}}\left({1}\right)",
        "_polygamma",
        _scipy("polygamma"),
        "symdiff_polygamma",
    ),
    "beta": (
        _beta,
        (_d_beta_a, _d_beta_b),
        r"\mathrm{B}",
        "_beta",
        _scipy("beta"),
        "symdiff_beta",
    ),
    "log1p": (
        math.log1p,
        (lambda u: 1 / (1 + u),),
        r"\operatorname{log1p}",
        "{m}.log1p",
        "{m}.log1p",
        "log1p",
    ),
    "expm1": (
        math.expm1,
        (lambda u: _f("exp")(u),),
        r"\operatorname{expm1}",
        "{m}.expm1",
        "{m}.expm1",
        "expm1",
    ),
    "hypot": (
        math.hypot,
        (lambda x, y: x / _f("hypot")(x, y), lambda x, y: y / _f("hypot")(x, y)),
        r"\operatorname{hypot}",
        "{m}.hypot",
        "{m}.hypot",
        "hypot",
    ),
    "log2": (
        math.log2,
        (lambda u: 1 / (u * _f("log")(2)),),
        r"\log_{{2}}\left({0}\right)",
        "{m}.log2",
        "{m}.log2",
        "log2",
    ),
    "log10": (
        math.log10,
        (lambda u: 1 / (u * _f("log")(10)),),
        r"\log_{{10}}\left({0}\right)",
        "{m}.log10",
        "{m}.log10",
        "log10",
    ),
    "exp2": (
        _exp2,
        (lambda u: _f("log")(2) * _f("exp2")(u),),
        r"\operatorname{exp2}",
        "{m}.pow",  # math.exp2 is new in Python 3.11
        "{m}.exp2",
        "exp2",
    ),
}

#: Helper functions the Python and C code call by these names.
SPECIAL_HELPERS = frozenset(
    {"_digamma", "_polygamma", "_beta", "symdiff_digamma", "symdiff_polygamma", "symdiff_beta"}
)


def _form(call: str, arity: int, exp2: bool = False) -> str:
    fields = ", ".join(f"{{{i}}}" for i in range(arity))
    return f"{call}(2.0, {fields})" if exp2 else f"{call}({fields})"


def _install() -> None:
    for name, (impl, derivatives, latex, python, numpy, c) in SPECIAL_FUNCTIONS.items():
        arity = len(derivatives)
        targets = {"latex": latex}
        # Python code calls the implementation itself where ``math`` lacks the function
        # (``lambdify`` binds it); NumPy code calls ``scipy.special``; C has no fallback, so
        # digamma, polygamma and beta raise ``EmitError`` there.
        if not python.startswith("_"):
            targets["python"] = _form(python, arity, exp2=name == "exp2")
        # + 0.0: scipy's beta gives -0.0 where 1/gamma(a + b) is 0; evaluate gives 0.0
        targets["numpy"] = _form(numpy, arity)
        if name == "beta":
            targets["numpy"] = f"({targets['numpy']} + 0.0)"
        if name == "lgamma":  # scipy's gammaln(-inf) is -inf; math.lgamma(-inf) is inf
            targets["numpy"] = "{m}.where({0} == -{m}.inf, {m}.inf, scipy.special.gammaln({0}))"
        if not c.startswith("symdiff_"):
            targets["c"] = _form(c, arity)
        REGISTRY[name] = Function(name, arity, impl, derivatives, targets, builtin=True)


_install()
