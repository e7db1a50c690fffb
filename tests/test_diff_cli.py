"""The diff, grad and check subcommands."""

from __future__ import annotations

import pytest

from symdiff.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def test_diff(capsys):
    code, out, err = run(capsys, "diff", "x^3 + 4x", "--wrt", "x")
    assert (code, out, err) == (0, "3*x^2 + 4", "")


def test_diff_default_variable_and_order(capsys):
    assert run(capsys, "diff", "x^4", "--order", "2")[:2] == (0, "12*x^2")


def test_diff_raw(capsys):
    assert run(capsys, "diff", "x*x + 3", "--raw")[:2] == (0, "(x*1 + 1*x) + 0")


def test_diff_mixed_partial(capsys):
    assert run(capsys, "diff", "x^2*y^3", "--wrt", "x,y")[:2] == (0, "6*x*y^2")


def test_diff_leading_minus_expression(capsys):
    assert run(capsys, "diff", "-x^2", "--wrt", "x")[:2] == (0, "-2*x")


def test_diff_needs_wrt_with_several_symbols(capsys):
    code, out, err = run(capsys, "diff", "x*y")
    assert code == 2 and out == ""
    assert "--wrt" in err and "x, y" in err


def test_diff_errors(capsys):
    assert run(capsys, "diff", "x +", "--wrt", "x")[0] == 2
    assert run(capsys, "diff", "x", "--wrt", ",")[0] == 2
    assert run(capsys, "diff", "x", "--wrt", "pi")[0] == 2
    with pytest.raises(SystemExit) as info:
        main(["diff", "x", "--order", "-1"])
    assert info.value.code == 2


def test_grad(capsys):
    code, out, _ = run(capsys, "grad", "x^2*y + y")
    assert (code, out.splitlines()) == (0, ["d/dx = 2*x*y", "d/dy = x^2 + 1"])
    code, out, _ = run(capsys, "grad", "x^2*y + y", "--trivial")
    assert (code, out.splitlines()) == (0, ["d/dx = 2*y*x", "d/dy = x^2 + 1"])
    code, out, _ = run(capsys, "grad", "x^2*y", "--wrt", "y")
    assert (code, out) == (0, "d/dy = x^2")


def test_check(capsys):
    code, out, _ = run(capsys, "check", "x^2*sin(x)", "--wrt", "x", "--at", "x=1.3")
    assert code == 0 and out.endswith(": OK") and out.startswith("d/dx of x^2*sin(x) at x=1.3")


def test_check_several_values(capsys):
    code, out, _ = run(capsys, "check", "x*y^2", "--wrt", "y", "--at", "x=2", "y=pi/4")
    assert code == 0 and "at x=2.0, y=0.785" in out


def test_check_domain_error(capsys):
    code, _, err = run(capsys, "check", "log(x)", "--wrt", "x", "--at", "x=-1")
    assert code == 1 and "log(x)" in err


def test_check_mismatch_exits_1(capsys):
    import math

    from symdiff import register_function, unregister_function

    register_function("badsin", math.sin, [lambda u: u], replace=True)
    try:
        code, out, _ = run(capsys, "check", "badsin(x)", "--wrt", "x", "--at", "x=0.5")
        assert code == 1 and out.endswith("MISMATCH")
    finally:
        unregister_function("badsin")
