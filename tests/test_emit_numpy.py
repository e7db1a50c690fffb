"""NumPy emitter: vectorized over points, broadcasting, constants shaped like the inputs."""

from __future__ import annotations

import numpy as np
import pytest
from goldens import mixed_program
from user_functions import registered

from symdiff import Number, emit_numpy, lambdify, parse, symbols

x, y = symbols("x y")


def test_one_output_has_the_points_shape():
    f = lambdify(parse("sin(x)*y + x^2"), "x y", "numpy")
    xs = np.linspace(-1, 1, 7)
    assert f(xs, 2.0).shape == (7,)
    np.testing.assert_allclose(f(xs, 2.0), np.sin(xs) * 2 + xs**2, rtol=1e-15)
    grid = f(xs[:, None], np.arange(3.0)[None, :])
    assert grid.shape == (7, 3)
    assert f(0.5, 2.0).shape == ()


def test_constant_and_partial_outputs_broadcast():
    f = lambdify([Number(2), x, x * y], "x y", "numpy")
    out = f(np.arange(4.0), np.ones((2, 1)))
    assert out.shape == (3, 2, 4)
    np.testing.assert_array_equal(out[0], np.full((2, 4), 2.0))
    np.testing.assert_array_equal(out[1], np.broadcast_to(np.arange(4.0), (2, 4)))
    single = lambdify(Number(3), "x", "numpy")
    np.testing.assert_array_equal(single(np.zeros(5)), np.full(5, 3.0))
    only_x = lambdify(x + 1, "x y", "numpy")
    assert only_x(np.zeros(3), np.zeros((2, 3))).shape == (2, 3)


def test_jacobian_shape_and_values():
    f = lambdify(mixed_program(), backend="numpy")
    py = lambdify(mixed_program())
    theta, xs, ys = np.array([0.3, 1.2]), np.array([0.5, -0.5]), np.array([1.5, 2.5])
    out = f(theta, xs, ys)
    assert out.shape == (2, 2, 2)
    for k in range(2):
        np.testing.assert_allclose(out[..., k], np.array(py(theta[k], xs[k], ys[k])), rtol=1e-13)


def test_inputs_are_converted_and_never_returned():
    identity = lambdify(x, "x", "numpy")
    points = np.arange(3.0)
    result = identity(points)
    assert result is not points and not np.shares_memory(result, points)
    assert lambdify(x**-2, "x", "numpy")(np.array([1, 2])).tolist() == [1.0, 0.25]
    assert lambdify(x * y, "x y", "numpy")([1, 2], [3, 4]).tolist() == [3.0, 8.0]


def test_outside_the_domain_is_nan_not_an_exception():
    f = lambdify(parse("log(x) + sqrt(x)"), "x", "numpy")
    with np.errstate(all="ignore"):
        assert np.isnan(f(np.array([-1.0]))).all()
        # constant parts follow NumPy too, not Python's scalar arithmetic
        constant = lambdify(
            [parse("x + 0^-2"), parse("x + 1/0"), parse("(-1)^(1/2) + x")], "x", "numpy"
        )
        assert constant(np.zeros(2))[:, 0].tolist()[:2] == [np.inf, np.inf]
        assert np.isnan(constant(np.zeros(2))[2]).all()
    huge = lambdify(
        [parse("(15 + 1)^(15 + 1) + (15 + 1)^(15 + 1)"), parse("2^40*2^40")], "x", "numpy"
    )
    assert huge(np.zeros(1))[:, 0].tolist() == [2.0 * 16.0**16, 2.0**80]  # no int overflow


def test_temporaries_die_after_their_last_use():
    x0, x1, x2 = symbols("x0 x1 x2")
    grad = [
        -400 * (x1 - x0**2) * x0,
        200 * (x1 - x0**2) - 400 * (x2 - x1**2) * x1,
        200 * (x2 - x1**2),
    ]
    body = emit_numpy(grad, [x0, x1, x2]).splitlines()[7:]
    assert body == [
        "    _out = np.empty((3,) + np.broadcast_shapes(x0.shape, x1.shape, x2.shape))",
        "    t1 = x1 - x0**2",
        "    np.multiply(-400*t1, x0, out=_out[0, ...])",
        "    t2 = x2 - x1**2",
        "    np.subtract(200*t1, 400*t2*x1, out=_out[1, ...])",
        "    del t1",
        "    np.multiply(200, t2, out=_out[2, ...])",
        "    del t2",
        "    return _out",
    ]


def test_user_function_without_numpy_form_is_vectorized():
    with registered(("clip1", lambda u: min(u, 1.0), [lambda u: 1], None)):
        f = lambdify(parse("clip1(x) + x"), "x", "numpy")
    np.testing.assert_array_equal(f(np.array([0.5, 2.0])), [1.0, 3.0])


def test_source():
    source = emit_numpy(parse("exp(-x^2/2)/sqrt(2pi)"), "x", name="density")
    assert source.splitlines()[3:] == [
        "def density(x):",
        "    x = np.asarray(x, dtype=np.float64)",
        "    return np.exp(-x**2*0.5)/np.sqrt(2*np.pi)",
    ]


def test_vectorized_over_many_points_agrees_with_python():
    f = lambdify(mixed_program(), backend="numpy")
    py = lambdify(mixed_program())
    rng = np.random.default_rng(5)
    points = rng.uniform(0.2, 2.0, size=(3, 1000))
    out = f(*points)
    for k in range(0, 1000, 97):
        assert out[..., k].ravel() == pytest.approx(np.ravel(py(*points[:, k])), rel=1e-12)


def test_scalar_points_and_outputs_written_in_place():
    f = lambdify([x * y, x + y - 1, parse("sin(x)"), Number(2)], "x y", "numpy")
    out = f(1.0, 2.0)
    assert out.shape == (4,) and out.tolist() == pytest.approx([2.0, 2.0, np.sin(1.0), 2.0])
    lines = f.source.splitlines()
    assert "    np.multiply(x, y, out=_out[0, ...])" in lines
    assert "    np.subtract(x + y, 1, out=_out[1, ...])" in lines
    assert "    np.sin(x, out=_out[2, ...])" in lines
    assert "    _out[3, ...] = 2" in lines
