"""Inputs that once broke code generation or printing, kept so they never break it again."""

from __future__ import annotations

import math

import numpy as np
import pytest

from symdiff import Add, Mul, Pow, Program, Symbol, cse, jacobian, lambdify, latex, parse
from symdiff.core.errors import EvaluationError
from symdiff.emit import emit_c, emit_dot, emit_numpy, emit_python
from symdiff.emit.lambdify import c_compiler
from symdiff.program.program import nest

BACKENDS = [
    "python",
    "numpy",
    pytest.param("c", marks=pytest.mark.skipif(c_compiler() is None, reason="no C compiler")),
]

# -- empty and zero-width outputs: ``range() arg 3 must not be zero`` -----------------------

EMPTY = [([[], []], (2, 0)), ([], (0,)), ([[]], (1, 0)), ([[[], []]], (1, 2, 0))]


@pytest.mark.parametrize(("outputs", "shape"), EMPTY)
def test_cse_of_empty_outputs_keeps_the_shape(outputs, shape):
    program = cse(outputs)
    assert program.shape == shape and program.outputs == ()
    assert program.expressions() == outputs
    assert str(program) == "" and "digraph" in emit_dot(program)
    assert latex(program) == "\\begin{aligned}\n\n\\end{aligned}"


def test_jacobians_with_no_variables_are_zero_wide():
    assert jacobian(["2", "3"], []) == [[], []]
    assert cse(jacobian(["x*y", "x"], [])).expressions() == [[], []]


@pytest.mark.parametrize("backend", BACKENDS)
def test_lambdify_of_zero_wide_outputs(backend):
    f = lambdify(jacobian(["2", "3"], []), backend=backend)
    g = lambdify([[], []], "x", backend=backend)
    if backend == "numpy":
        assert f().shape == (2, 0) and g(np.zeros(3)).shape == (2, 0, 3)
        assert lambdify([], "x", backend=backend)(1.0).shape == (0,)
    else:
        assert f() == ((), ()) and g(1.0) == ((), ())
        assert lambdify([], "x", backend=backend)(1.0) == ()
        assert lambdify([[[], []]], backend=backend)() == (((), ()),)


def test_emitted_source_of_zero_wide_outputs():
    assert "return (\n        (),\n        (),\n    )" in emit_python([[], []], "x")
    assert "_out = np.empty((2, 0) + x.shape)" in emit_numpy([[], []], "x")
    assert "void f(double x, double *out)\n{\n}" in emit_c([[], []], "x")


def test_nest_counts_groups_not_items():
    assert nest([], (2, 0)) == [[], []]
    assert nest([], (0, 3)) == []
    assert nest([1, 2, 3, 4, 5, 6], (3, 2, 1)) == [[[1], [2]], [[3], [4]], [[5], [6]]]
    assert nest([1.0, 2.0], (1, 2), tuple) == ((1.0, 2.0),)


def test_a_program_with_zero_wide_outputs_and_work():
    x = parse("x")
    program = Program([x], [], [[], [], []])
    assert program.shape == (3, 0) and lambdify(program, backend="python")(1.0) == ((),) * 3


# -- parity of exact integer exponents beyond 2**53 (every float that large is even) --------

ODD_EXPONENTS = [2**53 + 1, 2**53 + 3, 10**30 + 1, -(10**30 + 1), -(2**60 + 1), 10**400 + 1]
EVEN_EXPONENTS = [2**53 + 2, 10**30, -(10**30)]
BASES = [-1.0, -1.0000000000000002, -0.9999999999999999, -0.5, -2.0, -0.0, 0.0, 1.0, 1.5]


def _exact_power(base: float, exponent: int) -> float:
    """``base ** exponent`` rounded once from the exact value (mpmath, 50 digits)."""
    import mpmath

    with mpmath.workdps(50):
        value = float(abs(mpmath.mpf(base)) ** exponent)
    negative = math.copysign(1, base) < 0 and exponent % 2 == 1  # mpmath has no -0.0
    return -value if negative else value


def _same(actual: float, expected: float) -> bool:
    if expected == 0 or math.isinf(expected):
        return actual == expected and math.copysign(1, actual) == math.copysign(1, expected)
    return math.isclose(actual, expected, rel_tol=1e-12)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("exponent", ODD_EXPONENTS + EVEN_EXPONENTS, ids=lambda n: f"n{n % 1000}")
def test_huge_integer_exponents_keep_their_parity(backend, exponent):
    x = Symbol("x")
    function = lambdify(Pow(x, exponent), "x", backend=backend)
    for base in BASES:
        if base == 0 and exponent < 0:
            continue  # a division by zero
        expected = _exact_power(base, exponent)
        if backend == "python" and math.isinf(expected):
            try:  # math raises OverflowError, except for an exponent beyond floats (inf)
                actual = function(base)
            except EvaluationError:
                continue
            assert abs(exponent) > 2**1024 and actual == expected
            continue
        with np.errstate(all="ignore"):
            actual = float(function(base))
        assert _same(actual, expected), (base, exponent, actual, expected)


@pytest.mark.parametrize("backend", BACKENDS)
def test_minus_one_to_a_huge_odd_power_is_minus_one(backend):
    cases = [("(-1)^(10^30+1)", -1.0), ("(-1)^(10^30)", 1.0), ("(-1)^(2^53+1)", -1.0)]
    cases += [("(-1.0)^(10^30+1)", -1.0), ("2*(-1)^(-(10^30+1))", -2.0)]
    for text, expected in cases:
        assert float(lambdify(parse(text), backend=backend)()) == expected, text
        assert float(lambdify(Pow(-1, 10**30 + 1), backend=backend)()) == -1.0
    x, y = Symbol("x"), Symbol("y")
    exponent = Add(Pow(10, 30), 1)  # an exact exponent shared by two powers: a temporary
    shared = lambdify([Pow(x, exponent), Pow(y, exponent)], "x y", backend=backend)
    assert [float(v) for v in shared(-1.0, -1.0)] == [-1.0, -1.0]
    expr = Mul(3, Pow(Add(x, 1), -(10**30 + 1)))  # a coefficient over the power
    assert float(lambdify(expr, "x", backend=backend)(-2.0)) == -3.0


def test_the_base_of_a_huge_odd_power_is_computed_once():
    x = Symbol("x")
    program = cse(Pow(Add(x, 1), 10**30 + 1))
    assert [str(a) for a in program] == ["t1 = x + 1"]
    assert "copysign(fabs(t1)**1e+30, t1)" in emit_python(program)
    assert "np.copysign(np.abs(t1)**1e+30, t1)" in emit_numpy(program)
    assert "copysign(pow(fabs(t1), 1e+30), t1)" in emit_c(program)


# -- printed forms of registered functions: checked when the function is registered --------

BAD_TEMPLATES = [
    ({"python": "{"}, "not a valid format string"),
    ({"python": "{1}"}, "beyond the 1 argument"),
    ({"numpy": "{m}.f({0}"}, None),  # valid format, bad code: the compiler's business
    ({"c": "f({0}"}, None),
    ({"c": "}"}, "not a valid format string"),
    ({"c": "{m}.f({0})"}, r"\{m\} is not an argument field"),
    ({"numpy": "{x}({0})"}, r"\{x\} is not an argument field"),
    ({"python": "{}"}, r"\{\} is not an argument field"),
    ({"python": "{0.real}"}, "not an argument field"),
    ({"python": "{0!r}"}, "no conversion or format spec"),
    ({"latex": r"\frac{{{0}}}{{{1}}}"}, "beyond the 1 argument"),
    ({"latex": "{0"}, None),  # no argument field: a LaTeX command, used as written
    ({"cuda": "f({0})"}, "unknown target 'cuda'"),
    ({"python": 3}, "must be a string"),
]


@pytest.mark.parametrize(("targets", "message"), BAD_TEMPLATES, ids=lambda v: repr(v)[:30])
def test_malformed_templates_are_refused_when_registering(targets, message):
    from symdiff import REGISTRY, TemplateError, register_function, unregister_function

    if message is None:
        register_function("zz_form", lambda u: u, [lambda u: 1], targets=targets)
        unregister_function("zz_form")
        return
    with pytest.raises(TemplateError, match=message) as raised:
        register_function("zz_form", lambda u: u, [lambda u: 1], targets=targets)
    assert isinstance(raised.value, ValueError) and "zz_form" in str(raised.value)
    assert "zz_form" not in REGISTRY


def test_good_templates_still_print_and_compute():
    from symdiff import REGISTRY, TemplateError, register_function, unregister_function

    x, y = Symbol("x"), Symbol("y")
    mix = register_function(
        "zz_mix",
        lambda u, v: u - 2 * v,
        [lambda u, v: 1, lambda u, v: -2],
        targets={
            "python": "({0} - 2*{1})",
            "numpy": "{m}.subtract({0}, 2*{1})",
            "c": "({0} - 2.0*{1})",
            "latex": r"\operatorname{{mix}}_{{{1}}}\left({0}\right)",
        },
    )
    try:
        expr = mix(x, y)
        assert latex(expr) == r"\operatorname{mix}_{y}\left(x\right)"
        for backend in ["python", "numpy"] + (["c"] if c_compiler() else []):
            assert float(lambdify(expr, "x y", backend=backend)(5.0, 1.0)) == 3.0
        with pytest.raises(TypeError):  # read-only after the check
            mix.targets["python"] = "{"  # type: ignore[index]
        with pytest.raises(TemplateError):
            register_function("zz_mix", lambda u: u, targets={"c": "{2}"}, replace=True)
        assert REGISTRY["zz_mix"] is mix  # a refused replacement leaves the old function
    finally:
        unregister_function("zz_mix")
