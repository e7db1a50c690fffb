"""Command line: input from stdin and files, leading minus, exit codes, pipes, eval and check."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time

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
    # about 1 MB of output, far beyond a pipe's 64 kB buffer: the producer is still writing
    # when the reader goes away (the old 55 kB fitted, and the producer could finish first)
    total = " + ".join(f"x{i}" for i in range(400))
    command = [sys.executable, "-m", "symdiff", "grad", f"({total})^2"]
    producer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert producer.stdout is not None
    producer.stdout.readline()
    producer.stdout.close()  # as `| head -1` does
    _, err = producer.communicate()
    assert producer.returncode == 141 and err == b""


def _unread_bytes(pipe) -> int:
    """Bytes written into ``pipe`` that its reader has not taken yet (Linux: FIONREAD)."""
    import fcntl
    import termios

    buffer = bytearray(4)
    fcntl.ioctl(pipe.fileno(), termios.FIONREAD, buffer)
    return int.from_bytes(buffer, sys.byteorder)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="FIONREAD on a pipe is Linux's")
@pytest.mark.parametrize("command", [["parse", "-"], ["diff", "--file", "-", "--wrt", "x"]])
def test_ctrl_c_while_reading_stdin_exits_130_quietly(command):
    child = subprocess.Popen(
        [sys.executable, "-m", "symdiff", *command],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdin is not None
    child.stdin.write(b"x^2 + ")  # a stream that never ends: the child waits in read()
    child.stdin.flush()
    for _ in range(6000):  # until the child has read what was sent (at most a minute)
        if _unread_bytes(child.stdin) == 0 or child.poll() is not None:
            break
        time.sleep(0.01)
    assert child.poll() is None, child.communicate()
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert (child.returncode, out, err) == (130, b"", b"")


def test_python_dash_m_symdiff():
    done = subprocess.run(
        [sys.executable, "-m", "symdiff", "diff", "-x^2"], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout.strip()) == (0, "-2*x")


def test_json_output(capsys):
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


def test_file_option_on_every_command(capsys, tmp_path):
    import symdiff

    path = tmp_path / "f.txt"
    path.write_text("x^2*y\n", encoding="utf-8")
    other = tmp_path / "g.txt"
    other.write_text("sin(x^2*y)", encoding="utf-8")
    f, at = ["--file", str(path)], f"@{path}"
    program = str(symdiff.cse([symdiff.parse("x^2*y"), symdiff.parse("sin(x^2*y)")]))
    cases = [  # (with --file, with @PATH, expected output)
        (["parse", *f], ["parse", at], "x^2*y"),
        (["eval", *f, "x=3", "y=2"], ["eval", at, "x=3", "y=2"], "18.0"),
        (["eval", "x=3", "y=2", *f], ["eval", at, "x=3", "y=2"], "18.0"),
        (["diff", *f, "--wrt", "x"], ["diff", at, "--wrt", "x"], "2*x*y"),
        (["grad", *f], ["grad", at], "d/dx = 2*x*y\nd/dy = x^2"),
        (["simplify", *f], ["simplify", at], "x^2*y"),
        (["cse", *f, "--file", str(other)], ["cse", at, f"@{other}"], program),
    ]
    for with_file, with_at, expected in cases:
        assert run(capsys, *with_file)[:2] == (0, expected), with_file
        assert run(capsys, *with_at)[:2] == (0, expected), with_at
    code, out, _ = run(capsys, "check", *f, "--wrt", "y", "--at", "x=1.5", "y=2")
    assert code == 0 and out.startswith("d/dy of x^2*y at")
    code, out, _ = run(capsys, "grad", *f, "--json")
    assert code == 0 and json.loads(out)["input"] == ["x^2*y"]


def test_file_option_refuses_an_expression_as_well(capsys, tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("x^2", encoding="utf-8")
    for argv in (
        ["parse", "x + 1", "--file", str(path)],
        ["diff", "--file", str(path), "x^3"],
        ["eval", "x + 1", "x=2", "--file", str(path)],
        ["cse", "x*y", "--file", str(path)],
        ["diff"],
        ["cse", "--full"],
    ):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2, argv
        err = capsys.readouterr().err
        assert "usage: symdiff" in err and ("not both" in err or "--file PATH" in err), argv
    code, _, err = run(capsys, "diff", "--file", str(tmp_path / "missing.txt"))
    assert code == 2 and "cannot read" in err and "missing.txt" in err
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe x")
    code, _, err = run(capsys, "parse", "--file", str(tmp_path / "bin.txt"))
    assert code == 2 and "not UTF-8" in err and "Traceback" not in err


def test_file_option_reads_stdin_for_dash(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("x^3 + x\n"))
    assert run(capsys, "diff", "--file", "-")[:2] == (0, "3*x^2 + 1")
