"""A registered function's implementation that misbehaves surfaces as a ``SymdiffError``.

Found by a differential fuzzer: an implementation returning a complex number, text or
``None``, or raising ``KeyError``, escaped ``evaluate`` (and the Python callables of
``lambdify``) as that raw exception.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from user_functions import registered

from symdiff import (
    DomainError,
    EvaluationError,
    SymdiffError,
    evaluate,
    lambdify,
    parse,
)


def _raises(error: type[Exception]):
    def impl(u: float) -> float:
        raise error("boom")

    return impl


BAD_IMPLEMENTATIONS = [
    ("complex", lambda u: complex(u, 1), EvaluationError, "returned complex"),
    ("text", lambda u: "1.5", EvaluationError, "returned str"),
    ("none", lambda u: None, EvaluationError, "returned NoneType"),
    ("array", lambda u: np.array([u, u]), EvaluationError, "returned ndarray"),
    ("keyerror", _raises(KeyError), EvaluationError, "raised KeyError"),
    ("typeerror", _raises(TypeError), EvaluationError, "raised TypeError"),
    ("runtime", _raises(RuntimeError), EvaluationError, "raised RuntimeError"),
    ("valueerror", _raises(ValueError), DomainError, "undefined at this point"),
    ("zerodiv", _raises(ZeroDivisionError), DomainError, "undefined at this point"),
    ("overflow", _raises(OverflowError), EvaluationError, "overflows"),
    ("hugeint", lambda u: 10**400, EvaluationError, "overflows"),
]


@pytest.mark.parametrize(
    ("label", "impl", "error", "message"),
    BAD_IMPLEMENTATIONS,
    ids=[b[0] for b in BAD_IMPLEMENTATIONS],
)
def test_evaluate_names_the_failing_function(label, impl, error, message):
    with registered(("zz_bad", impl, None)):
        with pytest.raises(error, match=message) as caught:
            evaluate(parse("1 + zz_bad(x)"), x=2.0)
        assert "zz_bad" in str(caught.value)
        assert isinstance(caught.value, SymdiffError)


@pytest.mark.parametrize(
    ("label", "impl", "error", "message"),
    BAD_IMPLEMENTATIONS,
    ids=[b[0] for b in BAD_IMPLEMENTATIONS],
)
@pytest.mark.parametrize("backend", ["python", "numpy"])
def test_lambdify_names_the_failing_function(label, impl, error, message, backend):
    with registered(("zz_bad", impl, None)):
        f = lambdify(parse("1 + zz_bad(x)"), "x", backend=backend)
        with pytest.raises(error, match=message) as caught:
            f(2.0)
        assert "zz_bad" in str(caught.value)


def test_good_implementations_still_give_their_values():
    with registered(
        ("zz_sq", lambda u: u * u, [lambda u: 2 * u], None),
        ("zz_np", lambda u: np.float64(u) + 1, None),
        ("zz_int", lambda u: 3, None),
    ):
        assert evaluate(parse("zz_sq(x) + zz_np(x) + zz_int(x)"), x=1.5) == 2.25 + 2.5 + 3
        f = lambdify(parse("zz_sq(x)/x"), "x")
        assert f(3.0) == 3.0
        g = lambdify(parse("zz_sq(x)"), "x", backend="numpy")
        assert list(g(np.array([1.0, 2.0]))) == [1.0, 4.0]
        assert math.isclose(evaluate(parse("zz_sq(sin(x))"), x=0.3), math.sin(0.3) ** 2)


def test_a_guard_that_raises_names_its_rule():
    from symdiff import Rule, simplify

    rule = Rule("sin(a) -> a", name="broken", guard=lambda m: m["nope"])
    with pytest.raises(SymdiffError, match="guard of rule 'broken' raised KeyError"):
        simplify(parse("sin(x)"), rules=[rule])
