"""The ``symdiff cse`` subcommand: Wengert lists and emitted code on the command line."""

from __future__ import annotations

import pytest

from symdiff.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.rstrip("\n"), err.strip()


def test_wengert_list(capsys):
    code, out, _ = run(capsys, "cse", "sin(x^2) + x^2*y")
    assert (code, out) == (0, "t1 = x^2\nout = sin(t1) + t1*y")


def test_full_ssa_and_several_expressions(capsys):
    code, out, _ = run(capsys, "cse", "x*y + 1", "-x*y", "--full")
    assert (code, out) == (0, "t1 = x*y\nt2 = t1 + 1\nt3 = -x*y\nout[0] = t2\nout[1] = t3")


@pytest.mark.parametrize(
    ("target", "first_line"),
    [
        ("python", "import math"),
        ("numpy", "import numpy as np"),
        ("c", "#include <math.h>"),
        ("latex", r"\begin{aligned}"),
        ("dot", 'digraph "program" {'),
    ],
)
def test_emit(capsys, target, first_line):
    code, out, _ = run(capsys, "cse", "sin(x*y) + x*y", "--emit", target)
    assert code == 0 and out.splitlines()[0] == first_line


def test_errors(capsys):
    code, out, err = run(capsys, "cse", "x +")
    assert (code, out) == (2, "") and "expected an operand" in err
    with pytest.raises(SystemExit):
        main(["cse", "x", "--emit", "fortran"])


def test_readme_cse_commands_run(capsys):
    import shlex
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    commands = [
        line.split("#")[0] for line in readme.splitlines() if line.startswith("symdiff cse")
    ]
    assert len(commands) == 3
    for command in commands:
        assert main(shlex.split(command)[1:]) == 0
        assert capsys.readouterr().out.strip()
