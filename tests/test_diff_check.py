"""check(): a symbolic derivative against Richardson-extrapolated finite differences."""

from __future__ import annotations

import math

import pytest

from symdiff import (
    DomainError,
    SymdiffError,
    parse,
    register_function,
    symbols,
    unregister_function,
)
from symdiff.diff.check import CheckResult, check


def test_agreeing_derivative():
    result = check("x^2*sin(x)", "x", {"x": 1.3})
    assert isinstance(result, CheckResult) and result.ok and bool(result)
    assert result.symbolic == pytest.approx(2 * 1.3 * math.sin(1.3) + 1.3**2 * math.cos(1.3))
    assert result.difference < 1e-10
    assert result.at == {"x": 1.3}


def test_report_text():
    lines = str(check("x^3", "x", 2)).splitlines()
    assert lines[0] == "d/dx of x^3 at x=2.0"
    assert lines[1].startswith("  symbolic   12.0") and lines[1].endswith("= 3*x^2")
    assert lines[2].startswith("  numeric    12.0")
    assert "Richardson" in lines[2]
    assert lines[3].startswith("  difference ") and lines[3].endswith(": OK")


def test_a_wrong_derivative_rule_is_caught():
    register_function(
        "wrong", math.sin, [lambda u: parse("0.999") * symbols("x") ** 0], replace=True
    )
    try:
        result = check("wrong(x)", "x", {"x": 0.2})
        assert not result.ok
        assert str(result).endswith("MISMATCH")
    finally:
        unregister_function("wrong")


def test_other_variables_and_symbol_keys():
    x, y = symbols("x y")
    result = check(x * y**2 + parse("sin(x*y)"), y, {x: 0.5, "y": -1.5})
    assert result.ok and result.wrt == "y"


def test_near_a_domain_boundary_the_step_shrinks():
    assert check("sqrt(x)", "x", 0.001, rtol=1e-7)
    assert check("log(x)", "x", 0.01, rtol=1e-7)


def test_errors():
    with pytest.raises(DomainError):
        check("log(x)", "x", -1.0)
    with pytest.raises(SymdiffError, match="no value given for x"):
        check("x*y", "x", {"y": 1.0})
    with pytest.raises(SymdiffError, match="not a real number"):
        check("x", "x", {"x": "abc"})
    with pytest.raises(SymdiffError, match="no value given for y"):
        check("x*y", "x", {"x": 1.0})
