"""Programs on the command line: ``symdiff cse``, and ``--cse``/``--emit`` on diff and grad."""

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
        ("python", "from math import sin"),
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
    section = readme.split("## Programs, code and callables")[1].split("\n## ")[0]
    commands = [line.split("#")[0] for line in section.splitlines() if line.startswith("symdiff ")]
    assert len(commands) == 5
    for command in commands:
        assert main(shlex.split(command)[1:]) == 0
        assert capsys.readouterr().out.strip()


def test_diff_and_grad_as_programs(capsys):
    code, out, _ = run(capsys, "diff", "x^2*sin(x^2)", "--wrt", "x", "--cse")
    assert code == 0 and out.startswith("t1 = x^2\n") and out.splitlines()[-1].startswith("out = ")
    code, out, _ = run(capsys, "grad", "x^2*y + sin(x*y)", "--cse")
    lines = out.splitlines()
    assert code == 0 and lines[:2] == ["t1 = x*y", "t2 = cos(t1)"], lines
    assert lines[-2].startswith("out[0] = ")
    code, out, _ = run(capsys, "grad", "x^2*y + sin(x*y)", "--emit", "c")
    assert code == 0 and "void f(double x, double y, double *out)" in out
    code, out, _ = run(capsys, "diff", "sin(x)*y", "--wrt", "x", "--emit", "python")
    assert code == 0 and "def f(x, y):" in out
