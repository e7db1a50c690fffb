"""The README's quick start runs (its Python tour is collected as a doctest by pytest)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from symdiff.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


def quick_start() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    lines = [line for line in block.splitlines() if line.strip()]
    if lines and lines[0].startswith("python3 -m venv "):  # make the environment first
        lines = lines[1:]
    return lines


def test_quick_start_is_two_commands():
    commands = quick_start()
    assert len(commands) == 2
    assert commands[1] == "python -m pytest"


def test_quick_start_main_job_runs(capsys):
    install, _, job = quick_start()[0].partition(" && ")
    assert install.startswith("pip install")
    argv = shlex.split(job)
    assert argv[0] == "symdiff"
    assert main(argv[1:]) == 0
    assert capsys.readouterr().out.strip()
