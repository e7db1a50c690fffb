"""Command line: output, exit codes, caret messages on stderr."""

from __future__ import annotations

import subprocess
import sys

import pytest

from symdiff.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def test_parse_prints_canonical_form(capsys):
    assert run(capsys, "parse", "x^2*sin(x) + 4x") == (0, "x^2*sin(x) + 4*x", "")


def test_parse_repr(capsys):
    code, out, _ = run(capsys, "parse", "x+1", "--repr")
    assert (code, out) == (0, "Add(Symbol('x'), Number(1))")


def test_leading_minus_is_an_expression_not_an_option(capsys):
    assert run(capsys, "parse", "-x^2")[:2] == (0, "-x^2")


def test_eval(capsys):
    assert run(capsys, "eval", "x^2 + y", "x=2", "y=pi/2")[:2] == (0, "5.570796326794897")


def test_syntax_error_exit_2_with_caret(capsys):
    code, out, err = run(capsys, "parse", "x +")
    assert code == 2 and out == ""
    assert err == "symdiff: error: line 1, column 4: expected an operand after '+'\n  x +\n     ^"


def test_domain_error_exit_1(capsys):
    code, _, err = run(capsys, "eval", "log(x)", "x=-1")
    assert code == 1 and "log(x)" in err


def test_missing_value_and_bad_assignment(capsys):
    assert run(capsys, "eval", "x*y", "x=1")[0] == 1
    assert run(capsys, "eval", "x", "x2")[0] == 2


def test_usage_error_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2


def test_console_script_module_entry():
    done = subprocess.run(
        [sys.executable, "-m", "symdiff.cli", "parse", "2(x+1)"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "2*(x + 1)")
