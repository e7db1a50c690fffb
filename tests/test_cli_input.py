"""Command line: input from stdin and files, leading minus, exit codes, pipes, eval and check."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from symdiff.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def test_expression_from_stdin_and_from_a_file(capsys, monkeypatch, tmp_path):
    big = " + ".join(["x*y"] * 25_000)  # 150 kB: beyond Linux's 128 kB for one argument
    path = tmp_path / "expr.txt"
    path.write_text(big + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "parse", f"@{path}")
    assert (code, out) == (0, big)
    monkeypatch.setattr(sys, "stdin", io.StringIO("x^3\n"))
    assert run(capsys, "diff", "-", "--wrt", "x")[:2] == (0, "3*x^2")
    code, _, err = run(capsys, "parse", f"@{tmp_path / 'missing.txt'}")
    assert code == 2 and "cannot read" in err


def test_leading_minus_expressions_and_abbreviated_options(capsys):
    assert run(capsys, "diff", "-x^3", "--ord", "2")[:2] == (0, "-6*x")
    assert run(capsys, "cse", "x*y + 1", "-x*y")[0] == 0
    assert run(capsys, "eval", "-x", "x=-2")[:2] == (0, "2.0")
    with pytest.raises(SystemExit) as info:
        main(["--versio"])
    assert info.value.code == 0


def test_version(capsys):
    from symdiff import __version__

    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out.strip() == f"symdiff {__version__}"


def test_usage_errors_exit_2(capsys):
    assert run(capsys, "diff", "x", "--wrt", "2x")[0] == 2
    assert run(capsys, "eval", "x", "x=1", "x=2")[0] == 2
    assert run(capsys, "diff", "x^2", "--svg", "d.png")[0] == 2
    assert run(capsys, "check", "x^2", "--wrt", "x", "--at", "x=1", "--rtol", "-1")[0] == 2
    for bad in (["diff", "x", "--order", "two"], ["cse", "x", "--emit", "fortran"]):
        with pytest.raises(SystemExit) as info:
            main(bad)
        assert info.value.code == 2


def test_eval_takes_nan_and_inf(capsys):
    assert run(capsys, "eval", "x + 1", "x=nan")[:2] == (0, "nan")
    assert run(capsys, "eval", "x + 1", "x=-inf")[:2] == (0, "-inf")
    assert run(capsys, "eval", "atan(x)", "x=inf")[:2] == (0, "1.5707963267948966")


def test_check_tolerances(capsys):
    argv = ["check", "x^3", "--wrt", "x", "--at", "x=1.1"]
    assert run(capsys, *argv)[0] == 0
    assert run(capsys, *argv, "--rtol", "0", "--atol", "0")[0] in (0, 1)
    assert run(capsys, *argv, "--rtol", "1e-3")[0] == 0


def test_closed_pipe_is_quiet():
    command = [sys.executable, "-m", "symdiff", "grad", " + ".join(f"x{i}^2" for i in range(3000))]
    producer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert producer.stdout is not None
    producer.stdout.readline()
    producer.stdout.close()  # as `| head -1` does
    _, err = producer.communicate()
    assert producer.returncode == 141 and err == b""


def test_python_dash_m_symdiff():
    done = subprocess.run(
        [sys.executable, "-m", "symdiff", "diff", "-x^2"], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout.strip()) == (0, "-2*x")


def test_json_output(capsys):
    import json

    code, out, _ = run(capsys, "grad", "x^2*y", "--json")
    assert code == 0 and json.loads(out) == {
        "command": "grad",
        "input": ["x^2*y"],
        "result": "d/dx = 2*x*y\nd/dy = x^2",
        "ok": True,
        "gradient": [{"wrt": "x", "expr": "2*x*y"}, {"wrt": "y", "expr": "x^2"}],
    }
    code, out, _ = run(capsys, "cse", "sin(x^2) + x^2", "--json")
    data = json.loads(out)
    assert data["assignments"] == [{"name": "t1", "expr": "x^2"}]
    assert data["outputs"] == [{"name": "out", "expr": "sin(t1) + t1"}]
    for argv in (["parse", "x+1"], ["eval", "x", "x=2"], ["simplify", "x+x"]):
        code, out, _ = run(capsys, *argv, "--json")
        assert json.loads(out)["result"] == {"parse": "x + 1", "eval": "2.0"}.get(argv[0], "2*x")
