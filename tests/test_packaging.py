"""The grammar ships inside the wheel and is found from an installed package."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_grammar_found():
    from symdiff.core.parse import grammar_path

    assert grammar_path().read_text(encoding="utf-8").startswith("// symdiff surface syntax")


@pytest.mark.skipif(
    importlib.util.find_spec("hatchling") is None, reason="needs the hatchling build backend"
)
def test_wheel_contains_grammar(tmp_path):
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = tmp_path.glob("symdiff-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "symdiff/grammar/symdiff.lark" in names
    assert "symdiff/core/parse.py" in names
    assert "symdiff/py.typed" in names and "symdiff/__main__.py" in names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Project-URL: Homepage, https://github.com/symdiff/symdiff" in text
    for extra in ("numpy", "scipy", "sympy", "array", "dask", "all"):
        assert f"Provides-Extra: {extra}" in text
    # Installed from the wheel alone (no repository beside it), the grammar is found.
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    check = subprocess.run(
        [sys.executable, "-c", "import symdiff, sys; print(symdiff.parse('2x*(1+y)^2'))"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": ""},
        check=False,
    )
    assert check.stdout.strip() == "2*x*(1 + y)^2", check.stderr
