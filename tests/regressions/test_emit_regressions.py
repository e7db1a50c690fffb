"""Inputs that once broke code generation or printing, kept so they never break it again."""

from __future__ import annotations

import numpy as np
import pytest

from symdiff import Program, cse, jacobian, lambdify, latex, parse
from symdiff.emit import emit_c, emit_dot, emit_numpy, emit_python
from symdiff.lambdify import c_compiler
from symdiff.program import nest

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
