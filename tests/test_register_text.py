"""Partial derivatives given as text to register_function."""

from __future__ import annotations

import math

import mpmath
import pytest

from symdiff import (
    REGISTRY,
    SymdiffError,
    UnknownFunctionError,
    differentiate,
    evaluate,
    gradient,
    register_function,
    symbols,
    unregister_function,
)

x, y = symbols("x y")


@pytest.fixture(autouse=True)
def _clean_registry():
    yield
    for name in ("sigmoid", "softplus", "bump", "mix", "bad"):
        if name in REGISTRY and not REGISTRY[name].builtin:
            unregister_function(name)


def _logistic(u: float) -> float:
    return 1 / (1 + math.exp(-u))


def test_self_referencing_text_derivative():
    sigmoid = register_function("sigmoid", _logistic, ["sigmoid(u)*(1 - sigmoid(u))"])
    derivative = differentiate(sigmoid(x**2), "x")
    for point in (-1.5, 0.2, 2.0):
        expected = mpmath.diff(lambda t: 1 / (1 + mpmath.exp(-t * t)), point)
        assert evaluate(derivative, x=point) == pytest.approx(float(expected), rel=1e-12)


def test_names_come_from_the_signature_or_params():
    def softplus(v):
        return math.log1p(math.exp(v))

    register_function("softplus", softplus, ["1/(1 + exp(-v))"])
    assert str(differentiate(REGISTRY["softplus"](x), "x")) == "1/(exp(-x) + 1)"
    register_function("bump", lambda *a: a[0] ** 3, ["3*t^2"], params=["t"])
    assert evaluate(differentiate(REGISTRY["bump"](2 * x), "x"), x=1.0) == pytest.approx(24.0)


def test_two_arguments_mixing_text_and_builders():
    def mix(a, b):
        return a * a * b

    mix_fn = register_function("mix", mix, ["2*a*b", lambda a, b: a**2])
    partials = gradient(mix_fn(x, y), ["x", "y"])
    assert [evaluate(p, x=3.0, y=2.0) for p in partials] == pytest.approx([12.0, 9.0])


def test_unknown_names_are_named_and_nothing_is_registered():
    with pytest.raises(SymdiffError, match=r"uses w, z, not among the parameters \(u\)"):
        register_function("bad", lambda u: u, ["u*z + w"])
    assert "bad" not in REGISTRY
    with pytest.raises(UnknownFunctionError, match="nosuch"):
        register_function("bad", lambda u: u, ["nosuch(u)"])
    assert "bad" not in REGISTRY


def test_a_failed_replacement_keeps_the_old_function():
    old = register_function("bad", lambda u: u, ["1"])
    with pytest.raises(SymdiffError):
        register_function("bad", lambda u: 2 * u, ["2*q"], replace=True)
    assert REGISTRY["bad"] is old


def test_parameters_must_match_the_derivatives():
    with pytest.raises(SymdiffError, match="one per derivative"):
        register_function("bad", lambda u, v: u, ["1"])
    with pytest.raises(SymdiffError, match="params"):
        register_function("bad", math.erf, ["2*u"])  # a builtin: no signature to read
    with pytest.raises(SymdiffError, match="params must be a list"):
        register_function("bad", lambda u: u, ["1"], params="u")
