"""Every public entry point checks its arguments: a bad one raises a ``SymdiffError`` that
names it, never a raw ``TypeError``/``AttributeError``/``ValueError``; a good one gives the
right result.

Found by a differential fuzzer's misuse pass: ``evaluate(None)``, ``jacobian(None)``,
``parse("x", max_length=None)``, ``simplify(e, rules=None)``, ``cse(e, inputs=True)`` and
``differentiate("x^2", numpy.array(2.0))`` escaped as Python's own exceptions.

Each row of ``ENTRY_POINTS`` calls one public function with one argument replaced by a value
from ``BAD``; ``accepts`` lists the values for which the call is valid (every other value must
raise a ``SymdiffError``). ``VALID`` checks the results of the valid calls.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

import symdiff
from symdiff import (
    ArgumentError,
    ArgumentValueError,
    Assign,
    Call,
    Const,
    DifferentiationError,
    Mul,
    Number,
    Pow,
    Program,
    Rule,
    Symbol,
    SymdiffError,
    check,
    count_ops,
    cse,
    differentiate,
    emit_array,
    emit_c,
    emit_dot,
    emit_numpy,
    emit_python,
    evaluate,
    explain,
    free_symbols,
    gradient,
    hessian,
    hvp,
    jacobian,
    jvp,
    lambdify,
    latex,
    natural_key,
    parse,
    postorder,
    register_function,
    series,
    simplify,
    simplify_many,
    simplify_report,
    subs,
    symbols,
    taylor_coefficients,
    trace,
    tree_size,
    unregister_function,
    vjp,
)

x, y = symbols("x y")
E = parse("x^2*y")
_SPARSE = symdiff.sparse_hessian(E)


class _Hostile:
    """An object whose repr fails (the error message must still be written)."""

    def __repr__(self) -> str:
        raise RuntimeError("no repr")


BAD: dict[str, Any] = {
    "None": None,
    "True": True,
    "False": False,
    "np.float64": np.float64(2.0),
    "np.int64": np.int64(2),
    "np.array0": np.array(2.0),
    "np.array": np.array([1.0, 2.0]),
    "dict": {},
    "dictx": {"x": 1},
    "empty": "",
    "xy": "x y",
    "junk": "!!",
    "neg": -1,
    "huge": 10**100,
    "float": 1.5,
    "nan": math.nan,
    "object": object(),
    "hostile": _Hostile(),
    "listNone": [None],
    "lambda": lambda u: u,
    "set": {1},
    "bytes": b"x",
    "tuple": (),
    "Expr+": x + 1,
}

NUMBERS = "True False np.float64 np.int64 neg huge float"  # numbers as expressions
EXPRESSIONS = NUMBERS + " Expr+"

# name: (call with one argument replaced, the BAD labels for which the call is valid)
ENTRY_POINTS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "parse.text": (lambda v: parse(v), "Expr+"),
    "parse.max_length": (lambda v: parse("x", max_length=v), "np.int64 huge"),
    "evaluate.expr": (lambda v: evaluate(v, x=1), "Expr+"),
    "evaluate.values": (lambda v: evaluate(E, v), ""),
    "evaluate.value": (lambda v: evaluate(E, x=v, y=1), NUMBERS + " nan"),
    "evaluate.key": (lambda v: evaluate(x, {v: 1, "x": 2} if _hashable(v) else [v]), ""),
    "differentiate.expr": (lambda v: differentiate(v, "x"), EXPRESSIONS),
    "differentiate.wrt": (lambda v: differentiate("x^2", v), "xy"),
    "differentiate.n": (lambda v: differentiate("x^2", "x", v), "np.int64"),
    "differentiate.simplify": (lambda v: differentiate("x^2", "x", simplify=v), "True False"),
    "differentiate.explain": (lambda v: differentiate("x^2", "x", explain=v), "True False"),
    "gradient.expr": (lambda v: gradient(v), EXPRESSIONS),
    "gradient.wrt": (lambda v: gradient(E, v), "None tuple xy"),
    "gradient.simplify": (lambda v: gradient(E, simplify=v), "True False"),
    "jacobian.exprs": (lambda v: jacobian(v), "np.array tuple Expr+"),
    "jacobian.wrt": (lambda v: jacobian([E], v), "None tuple xy"),
    "jacobian.simplify": (lambda v: jacobian([E], simplify=v), "True False"),
    "hessian.expr": (lambda v: hessian(v), EXPRESSIONS),
    "hessian.wrt": (lambda v: hessian(E, v), "None tuple xy"),
    "hessian.simplify": (lambda v: hessian(E, simplify=v), "True False"),
    "jacobian_sparsity.exprs": (lambda v: symdiff.jacobian_sparsity(v), "np.array tuple Expr+"),
    "jacobian_sparsity.wrt": (lambda v: symdiff.jacobian_sparsity([E], v), "None tuple"),
    "hessian_sparsity.expr": (lambda v: symdiff.hessian_sparsity(v), EXPRESSIONS),
    "hessian_sparsity.wrt": (lambda v: symdiff.hessian_sparsity(E, v), "None tuple"),
    "sparse_jacobian.exprs": (lambda v: symdiff.sparse_jacobian(v), "np.array tuple Expr+"),
    "sparse_jacobian.wrt": (lambda v: symdiff.sparse_jacobian([E], v), "None tuple"),
    "sparse_jacobian.simplify": (lambda v: symdiff.sparse_jacobian(E, simplify=v), "True False"),
    "sparse_hessian.expr": (lambda v: symdiff.sparse_hessian(v), EXPRESSIONS),
    "sparse_hessian.wrt": (lambda v: symdiff.sparse_hessian(E, v), "None tuple"),
    "sparse_hessian.simplify": (lambda v: symdiff.sparse_hessian(E, simplify=v), "True False"),
    "sparse_hessian.triangle": (lambda v: symdiff.sparse_hessian(E, triangle=v), ""),
    "lambdify_sparse.matrix": (lambda v: symdiff.lambdify_sparse(v), ""),
    "lambdify_sparse.args": (lambda v: symdiff.lambdify_sparse(_SPARSE, v), "None xy"),
    "lambdify_sparse.backend": (lambda v: symdiff.lambdify_sparse(_SPARSE, backend=v), ""),
    "lambdify_sparse.format": (lambda v: symdiff.lambdify_sparse(_SPARSE, format=v), ""),
    "lambdify_sparse.signature": (lambda v: symdiff.lambdify_sparse(_SPARSE, signature=v), ""),
    "lambdify_sparse.name": (lambda v: symdiff.lambdify_sparse(_SPARSE, name=v), ""),
    "jvp.exprs": (lambda v: jvp(v, ["x"], [1]), "np.array tuple " + EXPRESSIONS),
    "jvp.v": (lambda v: jvp("x*y", ["x", "y"], v), "np.array"),
    "jvp.simplify": (lambda v: jvp("x", ["x"], [1], simplify=v), "True False"),
    "vjp.exprs": (lambda v: vjp(v, ["x"], 1), EXPRESSIONS),
    "vjp.w": (lambda v: vjp(["x", "y"], ["x", "y"], v), "np.array"),
    "hvp.expr": (lambda v: hvp(v, ["x"], [1]), EXPRESSIONS),
    "hvp.v": (lambda v: hvp("x*y", ["x", "y"], v), "np.array"),
    "series.expr": (lambda v: series(v, "x", 0, 2), EXPRESSIONS),
    "series.n": (lambda v: series("x", "x", 0, v), "np.int64"),
    "series.x0": (lambda v: series("x", "x", v, 1), NUMBERS),
    "taylor_coefficients.expr": (lambda v: taylor_coefficients(v, "x", 0, 1), EXPRESSIONS),
    "check.expr": (lambda v: check(v, "x", {"x": 1.0}), EXPRESSIONS),
    "check.wrt": (lambda v: check("x^2", v, {"x": 1.0}), ""),
    "check.at": (lambda v: check("x^2", "x", v), "np.float64 np.int64 dictx neg huge float nan"),
    "check.rtol": (lambda v: check("x^2", "x", 1.0, rtol=v), "np.float64 np.int64 huge float"),
    "check.atol": (lambda v: check("x^2", "x", 1.0, atol=v), "np.float64 np.int64 huge float"),
    "simplify.expr": (lambda v: simplify(v), EXPRESSIONS),
    "simplify.level": (lambda v: simplify(E, level=v), ""),
    "simplify.rules": (lambda v: simplify(E, rules=v), "tuple"),
    "simplify.rule": (lambda v: simplify(E, rules=[v]), ""),
    "simplify.assume_positive": (lambda v: simplify(E, assume_positive=v), "True False"),
    "simplify.max_passes": (lambda v: simplify(E, max_passes=v), "np.int64 huge"),
    "simplify.full": (lambda v: simplify(v, level="full"), EXPRESSIONS),
    "expand.expr": (lambda v: symdiff.expand(v), EXPRESSIONS),
    "together.expr": (lambda v: symdiff.together(v), EXPRESSIONS),
    "cancel.expr": (lambda v: symdiff.cancel(v), EXPRESSIONS),
    "factor_terms.expr": (lambda v: symdiff.factor_terms(v), EXPRESSIONS),
    "simplify_many.exprs": (lambda v: simplify_many(v), "np.array tuple"),
    "simplify_many.level": (lambda v: simplify_many([E], level=v), ""),
    "simplify_report.expr": (lambda v: simplify_report(v), EXPRESSIONS),
    "simplify_report.rules": (lambda v: simplify_report(E, rules=v), "tuple"),
    "simplify_report.max_rewrites": (
        lambda v: simplify_report(E, max_rewrites=v),
        "None np.int64 huge",
    ),
    "simplify_report.trace": (lambda v: simplify_report(E, trace=v), "True False"),
    "cse.exprs": (lambda v: cse(v), EXPRESSIONS + " tuple"),
    "cse.full": (lambda v: cse(E, full=v), "True False"),
    "cse.inputs": (lambda v: cse(E, inputs=v), "None xy"),
    "lambdify.exprs": (lambda v: lambdify(v), EXPRESSIONS + " tuple"),
    "lambdify.args": (lambda v: lambdify(E, v), "None xy"),
    "lambdify.backend": (lambda v: lambdify(E, backend=v), ""),
    "lambdify.name": (lambda v: lambdify(E, name=v), ""),
    "to_sympy.expr": (lambda v: symdiff.to_sympy(v), "Expr+"),
    "to_sympy.evaluate": (lambda v: symdiff.to_sympy(E, evaluate=v), "True False"),
    "from_sympy.obj": (lambda v: symdiff.from_sympy(v), "np.float64 neg huge float"),
    "emit_python.exprs": (lambda v: emit_python(v), EXPRESSIONS + " tuple"),
    "emit_python.args": (lambda v: emit_python(E, v), "None xy"),
    "emit_python.name": (lambda v: emit_python(E, name=v), ""),
    "emit_numpy.exprs": (lambda v: emit_numpy(v), EXPRESSIONS + " tuple"),
    "emit_numpy.name": (lambda v: emit_numpy(E, name=v), ""),
    "emit_array.exprs": (lambda v: emit_array(v), EXPRESSIONS + " tuple"),
    "emit_array.args": (lambda v: emit_array(E, v), "None xy"),
    "emit_array.name": (lambda v: emit_array(E, name=v), ""),
    "emit_c.exprs": (lambda v: emit_c(v), EXPRESSIONS + " tuple"),
    "emit_c.args": (lambda v: emit_c(E, v), "None xy"),
    "emit_c.name": (lambda v: emit_c(E, name=v), ""),
    "emit_dot.program": (lambda v: emit_dot(v), ""),
    "emit_dot.name": (lambda v: emit_dot(cse(E), name=v), "empty xy junk"),
    "latex.obj": (lambda v: latex(v), EXPRESSIONS + " tuple"),
    "explain.expr": (lambda v: explain(v, "x"), EXPRESSIONS),
    "explain.wrt": (lambda v: explain(E, v), ""),
    "explain.simplify": (lambda v: explain(E, "x", simplify=v), "True False"),
    "trace.function": (lambda v: trace(v), "lambda"),
    # data passes to the traced function as it is; what it cannot use is its own error
    "trace.argument": (
        lambda v: trace(lambda a: a * 2, v),
        EXPRESSIONS + " np.array np.array0 tuple",
    ),
    "subs.expr": (lambda v: subs(v, {"x": 1}), "Expr+"),
    "subs.mapping": (lambda v: subs(E, v), "dict dictx"),
    "subs.value": (lambda v: subs(E, {"x": v}), EXPRESSIONS),
    "subs.key": (lambda v: subs(E, {v: 1}) if _hashable(v) else subs(E, [v]), ""),
    "count_ops.expr": (lambda v: count_ops(v), "tuple Expr+"),
    "count_ops.dag": (lambda v: count_ops(E, dag=v), "True False"),
    "free_symbols.expr": (lambda v: free_symbols(v), "Expr+"),
    "tree_size.expr": (lambda v: tree_size(v), "Expr+"),
    "postorder.roots": (lambda v: postorder(v), "Expr+"),
    "natural_key.name": (lambda v: natural_key(v), "empty xy junk"),
    "symbols.names": (lambda v: symbols(v), "empty xy"),
    "register_function.name": (lambda v: register_function(v, abs, replace=True), ""),
    "register_function.impl": (lambda v: register_function("zz_probe", v, replace=True), "lambda"),
    "register_function.derivatives": (
        lambda v: register_function("zz_probe", abs, v, replace=True),
        "None listNone",
    ),
    "register_function.arity": (
        lambda v: register_function("zz_probe", abs, arity=v, replace=True),
        "None np.int64 huge",
    ),
    "register_function.targets": (
        lambda v: register_function("zz_probe", abs, targets=v, replace=True),
        "None dict",  # {"x": 1} names no target: a TemplateError
    ),
    "register_function.replace": (lambda v: register_function("zz_probe", abs, replace=v), "True"),
    "unregister_function.name": (lambda v: unregister_function(v), ""),
    "Rule.text": (lambda v: Rule(v), ""),
    "Rule.name": (lambda v: Rule("sin(a) -> a", name=v), "None empty xy junk"),
    "Rule.guard": (lambda v: Rule("sin(a) -> a", guard=v), "None lambda"),
    "Rule.variables": (lambda v: Rule("sin(a) -> a", variables=v), "None empty xy junk"),
    "Program.inputs": (lambda v: Program(v, [], x), "xy"),
    "Program.assignments": (lambda v: Program(["x"], v, x), "tuple"),
    "Program.outputs": (lambda v: Program(["x"], [], v), EXPRESSIONS + " tuple"),
    "Assign.of.name": (lambda v: Assign.of(v, x + 1), ""),
    "Assign.of.expr": (lambda v: Assign.of("t1", v), "Expr+"),  # an operation, not a leaf
    "Number": (lambda v: Number(v), NUMBERS),
    "Symbol": (lambda v: Symbol(v), ""),
    "Const": (lambda v: Const(v), ""),
    "Add": (lambda v: symdiff.Add(x, v), EXPRESSIONS),
    "Mul": (lambda v: Mul(x, v), EXPRESSIONS),
    "Pow.base": (lambda v: Pow(v, 2), EXPRESSIONS),
    "Pow.exponent": (lambda v: Pow(x, v), EXPRESSIONS),
    "Call.function": (lambda v: Call(v, x), ""),
    "Call.argument": (lambda v: Call(symdiff.sin, v), EXPRESSIONS),
    "sin": (lambda v: symdiff.sin(v), EXPRESSIONS),
    "atan2": (lambda v: symdiff.atan2(v, 1), EXPRESSIONS),
    # a NumPy array takes the operation over (an object array of expressions)
    "Expr.__add__": (lambda v: x + v, EXPRESSIONS + " np.array0 np.array"),
    "Expr.__pow__": (lambda v: x**v, EXPRESSIONS + " np.array0 np.array"),
    "Expr.subs": (lambda v: E.subs(v), "dict dictx"),
    "Expr.evaluate": (lambda v: E.evaluate(v), ""),
}


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


@pytest.fixture(autouse=True)
def _no_probe_left():
    yield
    if "zz_probe" in symdiff.REGISTRY:
        unregister_function("zz_probe")


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_bad_arguments_raise_a_symdiff_error(entry):
    call, accepts = ENTRY_POINTS[entry]
    valid = set(accepts.split())
    assert valid <= set(BAD), f"unknown labels in {entry}"
    for label, value in BAD.items():
        try:
            call(value)
        except SymdiffError as error:
            assert label not in valid, f"{entry}({label}) should work: {error}"
            assert str(error), f"{entry}({label}) raised an error without a message"
        except Exception as error:  # pragma: no cover - what the test exists to catch
            pytest.fail(f"{entry}({label}) raised {type(error).__name__}: {error}")
        else:
            assert label in valid, f"{entry}({label}) should raise a SymdiffError"


def test_every_public_callable_has_a_row():
    covered = {name.split(".")[0] for name in ENTRY_POINTS}
    skipped = {"Expr", "Function", "Op", "E", "pi", "Derivation", "CheckResult", "Assign"}
    skipped |= {"SparseMatrix", "SparsityPattern"}  # results, not entry points
    aliases = {"Abs", "Max", "Min", "ifelse"}  # other names of registered functions
    functions = {n for n in symdiff.__all__ if n in symdiff.REGISTRY or n in aliases}
    errors = {n for n in symdiff.__all__ if n.endswith("Error")}
    missing = set(symdiff.__all__) - covered - skipped - functions - errors
    assert not missing


# -- the errors name the argument, and are the documented kinds ---------------------------------


@pytest.mark.parametrize(
    ("call", "kind", "message"),
    [
        (lambda: evaluate(None), ArgumentError, r"^expr must be an expression"),
        (lambda: evaluate(E, [1, 2]), ArgumentError, r"^values must be a mapping"),
        (lambda: evaluate(E, x="1.5", y=1), ArgumentError, r"value for x must be a real number"),
        (lambda: evaluate(E, {1: 2.0}), ArgumentError, r"a key must be a symbol"),
        (lambda: jacobian(None), ArgumentError, r"^exprs must be an expression"),
        (lambda: jacobian([E, None]), ArgumentError, r"^exprs\[1\] must be"),
        (lambda: jacobian({E}), ArgumentError, r"^exprs must be"),
        (lambda: parse("x", max_length=None), ArgumentError, r"^max_length must be an integer"),
        (lambda: parse("x", max_length=True), ArgumentError, r"^max_length must be an integer"),
        (lambda: parse("x", max_length=-1), ArgumentValueError, r"^max_length must be .* >= 0"),
        (lambda: parse(None), ArgumentError, r"^parse\(\) takes text .*; text is NoneType"),
        (lambda: simplify(E, rules=None), ArgumentError, r"^rules must be a sequence"),
        (lambda: simplify(E, level="fast"), ArgumentValueError, r"^level must be one of"),
        (lambda: simplify(E, level=np.array([1, 2])), ArgumentError, r"^level must be one of"),
        (lambda: simplify(E, max_passes=-1), ArgumentValueError, r"^max_passes must be"),
        (lambda: cse(E, inputs=True), ArgumentError, r"^inputs must be a sequence"),
        (lambda: cse(E, full=1), ArgumentError, r"^full must be True or False"),
        (lambda: differentiate("x^2", np.array(2.0)), ArgumentError, r"^wrt must be"),
        (lambda: differentiate("x^2", 2), ArgumentError, r"^wrt must be a symbol, a name or a"),
        (lambda: differentiate("x^2", [2]), ArgumentError, r"^wrt: can only differentiate"),
        (lambda: differentiate("x^2", []), ArgumentValueError, r"^wrt must name at least one"),
        (lambda: differentiate("x^2", "x", 1.0), ArgumentError, r"order n must be"),
        (lambda: differentiate("x^2", "x", True), ArgumentError, r"order n must be"),
        (lambda: differentiate("x^2", "x", -1), DifferentiationError, r"order n must be"),
        (lambda: differentiate("x^2", "x", simplify=1), ArgumentError, r"^simplify must be"),
        (lambda: differentiate("x^2", "x", simplify="yes"), ArgumentValueError, "simplify"),
        (lambda: check("x^2", "x", 1.0, rtol=-1), ArgumentValueError, r"^rtol must be"),
        (lambda: check("x^2", "x", 1.0, atol=math.inf), ArgumentValueError, r"^atol must be"),
        (lambda: check("x^2", "x", 1.0, rtol=None), ArgumentError, r"^rtol must be a real"),
        (lambda: check("x^2", "x", [1.0]), ArgumentError, r"^at must be a mapping"),
        (lambda: check("x^2", "x", {"y": 1.0}), ArgumentValueError, r"no value given for x"),
        (lambda: subs(None, {}), ArgumentError, r"^expr must be an expression"),
        (lambda: subs(E, [("x", 1)]), ArgumentError, r"^mapping must be a mapping"),
        (lambda: count_ops(E, dag="yes"), ArgumentError, r"^dag must be True or False"),
        (lambda: free_symbols("x"), ArgumentError, r"^expr must be an expression"),
        (lambda: symbols(None), ArgumentError, r"^names must be a string"),
        (lambda: lambdify(E, backend=None), ArgumentError, r"^backend must be one of"),
        (lambda: emit_dot(E), ArgumentError, r"^program must be a Program"),
        (lambda: Rule("sin(a) -> a", guard=1), ArgumentError, r"^guard must be a function"),
        (lambda: Rule("sin(a) -> a", variables=["a"]), ArgumentError, r"^variables must be"),
        (lambda: Program(None, [], x), ArgumentError, r"^inputs must be"),
        (lambda: Program(["x"], None, x), ArgumentError, r"^assignments must be"),
        (lambda: Call("sin", x), ArgumentError, r"^function must be a registered function"),
        (lambda: Const(["pi"]), SymdiffError, r"unknown constant"),
        (lambda: register_function("zz_probe", None), ArgumentError, r"^impl must be"),
        (lambda: register_function("zz_probe", abs, 3), ArgumentError, r"^derivatives must be"),
        (lambda: register_function("zz_probe", abs, [1]), ArgumentError, r"derivatives\[0\]"),
        (lambda: register_function("zz_probe", abs, arity=0), ArgumentValueError, r"^arity"),
        (lambda: register_function("zz_probe", abs, targets=[]), ArgumentError, r"^targets"),
        (lambda: register_function("zz_probe", abs, replace=1), ArgumentError, r"^replace"),
        (lambda: unregister_function(None), ArgumentError, r"^name must be"),
        (lambda: evaluate(x, {x: _Hostile()}), ArgumentError, r"must be a real number"),
    ],
)
def test_the_error_names_the_argument(call, kind, message):
    with pytest.raises(kind, match=message):
        call()


def test_argument_errors_are_type_and_value_errors():
    assert issubclass(ArgumentError, TypeError)
    assert issubclass(ArgumentValueError, ArgumentError)
    assert issubclass(ArgumentValueError, ValueError)
    with pytest.raises(TypeError):
        evaluate(None)
    with pytest.raises(ValueError):
        parse("x", max_length=-1)


# -- valid arguments give the right results -----------------------------------------------------


def test_numbers_of_every_kind_are_values():
    assert evaluate(E, x=np.float64(3.0), y=np.int64(2)) == 18.0
    assert evaluate(E, x=True, y=5) == 5.0
    assert evaluate(E, {x: Fraction(1, 2), "y": 4}) == 1.0
    assert math.isnan(evaluate(E, x=math.nan, y=1))
    assert check("x^2", "x", np.float64(3.0)).symbolic == 6.0
    assert check("x^2", "x", {x: np.int64(2)}, rtol=np.float64(1e-6)).ok


def test_numpy_and_plain_integers_are_counts():
    assert str(differentiate("x^3", "x", np.int64(2))) == "6*x"
    assert str(differentiate("x^3", "x", 0)) == "x^3"
    assert parse("x+1", max_length=np.int64(3)) is x + 1
    assert str(simplify(parse("x + x"), max_passes=np.int64(3))) == "2*x"


def test_numpy_bools_are_flags():
    assert cse(parse("sin(x)*sin(x)"), full=np.bool_(True)).count_ops() == 2
    assert count_ops(Mul(x + 1, x + 1), dag=np.bool_(True)) == 2
    assert str(differentiate("x*x", "x", simplify=np.bool_(False))) == "x*1 + 1*x"


def test_bools_are_numbers_in_expressions():
    assert Number(True) is Number(1)
    assert x + True is symdiff.Add(x, 1)
    assert str(differentiate(True, "x")) == "0"
    assert trace(lambda a, b: a * (b > 0), "a", 2.0) is Mul(Symbol("a"), Number(1))


def test_sequences_and_defaults():
    assert [str(d) for d in gradient(E, ("x", y))] == ["2*x*y", "x^2"]
    assert gradient(E, ()) == []
    assert jacobian(np.array([1.0, 2.0])) == [[], []]
    assert [str(r[0]) for r in jacobian((x * y, x), [x])] == ["y", "1"]
    assert count_ops({x * y, x + y}) == 2
    assert cse(E, inputs="x y").input_names == ("x", "y")
    assert cse(E, inputs=["y", "x"]).input_names == ("y", "x")
    assert lambdify(E, "y x")(2.0, 3.0) == 18.0
    assert lambdify(E, [y, x], backend="numpy")(2.0, np.array([1.0, 3.0])).tolist() == [2.0, 18.0]
    assert simplify(E, rules=()) is simplify(E)
    assert [str(e) for e in simplify_many((x + x, np.float64(2.0)))] == ["2*x", "2.0"]
    assert symbols("") == ()
    assert subs(E, {}) is E
    assert str(subs(E, {"x": np.int64(3)})) == "3^2*y"
    assert Program("x y", (), x * y).input_names == ("x", "y")


def test_registration_arguments():
    f = register_function("zz_probe", lambda u, v: u - v, [None, lambda u, v: -1], arity=2)
    assert f.arity == 2
    assert evaluate(parse("zz_probe(x, y)"), x=5, y=2) == 3.0
    assert str(differentiate("zz_probe(x, y)", "y")) == "-1"
    with pytest.raises(DifferentiationError):
        differentiate("zz_probe(x, y)", "x")
    g = register_function("zz_probe", abs, arity=np.int64(1), replace=np.bool_(True))
    assert g.arity == 1
    assert evaluate(parse("zz_probe(x)"), x=-2) == 2.0
