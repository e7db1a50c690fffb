"""SymPy in and out: every node kind, constants, exact numbers, functions, errors, depth."""

from __future__ import annotations

import math
import sys
from fractions import Fraction

import pytest
from hypothesis import given, settings
from strategies import exprs, smooth_exprs

from symdiff import (
    REGISTRY,
    E,
    Number,
    Symbol,
    SymdiffError,
    evaluate,
    from_sympy,
    parse,
    pi,
    register_function,
    sin,
    to_sympy,
    tree_size,
    unregister_function,
)
from symdiff.core.expr import Op
from symdiff.core.functions import Function
from symdiff.core.traverse import map_nodes, rebuild
from symdiff.interop.table import TO_SYMPY

sympy = pytest.importorskip("sympy")
x, y = sympy.symbols("x y")


CONDITIONS = ("logical_and", "logical_or", "logical_not", "where")


def documented_rewrites(expr):
    """``expr`` with the rewrites a round trip makes: ``u^(1/2)`` is ``sqrt(u)``, ``-0.0``
    is ``0.0`` (SymPy's Float has no negative zero), ``max(u, 0)`` is ``relu(u)`` (SymPy's
    ``Max(u, 0)``), and a number used as a condition is 1 or 0 (SymPy's ``true`` or ``false``)."""

    def visit(node, args):
        if node.op is Op.POW and args[1] is Number(Fraction(1, 2)):
            return REGISTRY["sqrt"](args[0])
        if node.op is Op.CALL and node.value.name == "max" and Number(0) in args:
            return REGISTRY["relu"](args[1] if args[0] is Number(0) else args[0])
        if node.op is Op.CALL and node.value.name in CONDITIONS:
            positions = range(len(args)) if node.value.name != "where" else [0]
            args = tuple(
                Number(int(a.value != 0)) if k in positions and a.op is Op.NUM else a
                for k, a in enumerate(args)
            )
        if node.op is Op.NUM and isinstance(node.value, float) and node.value == 0:
            return Number(0.0)
        return rebuild(node, args)

    return map_nodes(expr, visit)


def test_constants_are_sympy_constants():
    assert to_sympy(E) is sympy.E and to_sympy(pi) is sympy.pi
    assert from_sympy(sympy.E) is E and from_sympy(sympy.pi) is pi
    assert to_sympy(parse("e^x + pi")) == sympy.exp(x) + sympy.pi


def test_exact_numbers_stay_exact():
    huge = 10**5000 + 1
    assert to_sympy(Number(huge)) == sympy.Integer(huge)
    assert from_sympy(sympy.Integer(huge)) is Number(huge)
    assert to_sympy(Number(Fraction(-3, 7))) == sympy.Rational(-3, 7)
    assert from_sympy(sympy.Rational(-3, 7)) is Number(Fraction(-3, 7))
    converted = to_sympy(Number(0.1))
    assert isinstance(converted, sympy.Float) and converted._prec == 53
    assert from_sympy(converted) is Number(0.1)
    assert to_sympy(Number(math.inf)) is sympy.oo
    assert from_sympy(-sympy.oo) is Number(-math.inf)
    assert from_sympy(sympy.Float("1.25", 100)) is Number(1.25)


def test_every_node_kind_round_trips_exactly_without_evaluation():
    text = "x + 0 + x*1 - y/z + x^-2 + 3/4*sin(x)^2.5 + atan2(y, x) + cbrt(x) + abs(x) + e + pi"
    expr = parse(text)
    assert from_sympy(to_sympy(expr, evaluate=False)) is expr
    assert str(to_sympy(parse("x + x"))) == "2*x"


@given(exprs())
@settings(max_examples=60)
def test_round_trip_is_the_identity_up_to_the_documented_rewrites(expr):
    assert from_sympy(to_sympy(expr, evaluate=False)) is documented_rewrites(expr)


@given(smooth_exprs())
@settings(max_examples=40)
def test_evaluated_round_trip_keeps_the_value(expr):
    point = {"x": 0.7, "y": -1.3, "z": 0.4}
    try:
        want = evaluate(expr, point)
    except SymdiffError:
        return  # outside the domain (or overflow; SymPy may say zoo): nothing to compare
    back = from_sympy(to_sympy(expr))
    got = evaluate(back, point)
    assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9), (str(expr), str(back))
    numeric = to_sympy(expr).evalf(30, subs={sympy.Symbol(k): v for k, v in point.items()})
    assert math.isclose(float(numeric), want, rel_tol=1e-9, abs_tol=1e-9)


# the arguments at which each function's SymPy value is compared with symdiff's
POINTS = {"acosh": (1.6,), "polygamma": (1, 0.6), "where": (1.0, 0.6, 0.3), "not": (1.0,)}


@pytest.mark.parametrize("name", sorted(n for n, f in REGISTRY.items() if f.builtin))
def test_every_builtin_function_has_a_sympy_counterpart(name):
    function = REGISTRY[name]
    assert name in TO_SYMPY, f"add {name!r} to symdiff.interop.table"
    names = [Symbol(v) for v in ("a", "b", "c")[: function.arity]]
    call = function(*names)
    converted = to_sympy(call, evaluate=False)
    point = POINTS.get(name, (0.6,) * function.arity)
    values = dict(zip(("a", "b", "c"), point, strict=False))
    want = function.impl(*point)
    got = converted.evalf(30, subs={sympy.Symbol(k): v for k, v in values.items()})
    assert math.isclose(float(got), want, rel_tol=1e-12), name
    if name not in ("relu", "digamma"):  # Max(u, 0) is max; polygamma(0, u) is digamma
        assert from_sympy(converted) is call


@pytest.fixture
def stand_ins(monkeypatch):
    """Built-in stand-ins for functions other parts of symdiff provide, where missing."""
    impls = {
        "where": (3, lambda c, a, b: a if c else b),
        "lt": (2, lambda a, b: float(a < b)),
        "logical_and": (2, lambda a, b: float(bool(a and b))),
        "max": (2, max),
        "heaviside": (1, lambda u: float(u > 0) if u else 0.5),
        "lgamma": (1, math.lgamma),
        "log1p": (1, math.log1p),
        "digamma": (1, lambda u: 0.0),
    }
    for name, (arity, impl) in impls.items():
        if name not in REGISTRY:
            monkeypatch.setitem(REGISTRY, name, Function(name, arity, impl, builtin=True))
    return REGISTRY


def test_where_comparisons_and_logic_are_piecewise(stand_ins):
    a, b = Symbol("x"), Symbol("y")
    lt, where, both = stand_ins["lt"], stand_ins["where"], stand_ins["logical_and"]
    assert to_sympy(where(lt(a, b), a, b)) == sympy.Piecewise((x, x < y), (y, True))
    assert from_sympy(sympy.Piecewise((x, x < y), (y, True))) is where(lt(a, b), a, b)
    assert to_sympy(lt(a, b)) == sympy.Piecewise((1, x < y), (0, True))
    assert from_sympy(to_sympy(lt(a, b))) is lt(a, b)
    condition = both(lt(a, b), lt(b, 1))
    assert to_sympy(where(condition, a, 0)) == sympy.Piecewise((x, (x < y) & (y < 1)), (0, True))
    assert from_sympy(to_sympy(where(condition, a, 0), evaluate=False)) is where(condition, a, 0)
    nested = sympy.Piecewise((x, x < y), (y, y < 1), (0, True))
    assert from_sympy(nested) is where(lt(a, b), a, where(lt(b, 1), b, 0))
    with pytest.raises(SymdiffError, match="no otherwise branch"):
        from_sympy(sympy.Piecewise((x, x < y)))


def test_new_special_functions(stand_ins):
    a = Symbol("x")
    assert to_sympy(stand_ins["max"](a, 1)) == sympy.Max(x, 1)
    assert from_sympy(sympy.Max(x, y, 2)) is stand_ins["max"](
        stand_ins["max"](Number(2), a), Symbol("y")
    )
    assert to_sympy(stand_ins["lgamma"](a)) == sympy.loggamma(x)
    assert from_sympy(sympy.loggamma(x)) is stand_ins["lgamma"](a)
    assert from_sympy(to_sympy(stand_ins["log1p"](a))) is stand_ins["log1p"](a)
    assert from_sympy(sympy.digamma(x)) is stand_ins["digamma"](a)
    heaviside = stand_ins["heaviside"]
    assert from_sympy(to_sympy(heaviside(a))) is heaviside(a)


def test_user_functions_are_undefined_sympy_functions():
    register_function("myf", lambda u: u, [lambda u: 1], replace=True)
    try:
        expr = parse("myf(x)^2")
        assert to_sympy(expr) == sympy.Function("myf")(x) ** 2
        assert from_sympy(to_sympy(expr)) is expr
    finally:
        unregister_function("myf")
    with pytest.raises(SymdiffError, match="'myf', which is not registered"):
        from_sympy(sympy.Function("myf")(x))


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        (sympy.I * x, "ImaginaryUnit"),
        (sympy.Integral(x, x), "Integral"),
        (sympy.nan, "NaN"),
        (sympy.zoo, "ComplexInfinity"),
        (sympy.EulerGamma, "EulerGamma"),
        (sympy.Symbol("e") + 1, "'e' is a constant's name"),
        (sympy.Float("1e400"), "beyond the range"),
        ("x", "not str"),
    ],
)
def test_what_has_no_counterpart_is_named(obj, message):
    with pytest.raises(SymdiffError, match=message):
        from_sympy(obj)


def test_builtin_without_a_counterpart_is_named(monkeypatch):
    monkeypatch.setitem(REGISTRY, "frob", Function("frob", 1, abs, builtin=True))
    with pytest.raises(SymdiffError, match="'frob' has no SymPy counterpart"):
        to_sympy(REGISTRY["frob"](Symbol("x")))


def test_deep_trees_convert_without_recursion():
    deep = x
    for _ in range(100_000):
        deep = sympy.sin(deep, evaluate=False)
    converted = from_sympy(deep)
    assert tree_size(converted) == 100_001
    expr = Symbol("x")
    for _ in range(3_000):
        expr = sin(expr)
    assert from_sympy(to_sympy(expr, evaluate=False)) is expr


def test_missing_sympy_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "sympy", None)
    with pytest.raises(SymdiffError, match=r'pip install "symdiff\[sympy\]"'):
        to_sympy(Symbol("x"))
    with pytest.raises(ImportError):  # also an ImportError
        from_sympy(1)
