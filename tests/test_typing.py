"""Static types: ``mypy`` (configured in pyproject.toml) passes on the package, and the public
API's types say what it returns."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mypy", reason="mypy is installed with the dev extra")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("mypy_cache")


def run_mypy(cache_dir: Path, *paths: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mypy", "--cache-dir", str(cache_dir), *paths]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_mypy_passes_on_the_package(cache_dir):
    result = run_mypy(cache_dir)  # the files and options come from [tool.mypy]
    assert result.returncode == 0, result.stdout + result.stderr
    checked = re.search(r"Success: no issues found in (\d+) source files", result.stdout)
    assert checked, result.stdout
    assert int(checked.group(1)) == len(list((ROOT / "symdiff").rglob("*.py")))


def test_differentiate_result_type_follows_explain(cache_dir, tmp_path):
    use = tmp_path / "use_symdiff.py"
    use.write_text(
        "from symdiff import differentiate\n"
        "reveal_type(differentiate('x^2', 'x'))\n"
        "reveal_type(differentiate('x^2', 'x', explain=True))\n"
        "differentiate('x^2', 'x').steps\n",
        encoding="utf-8",
    )
    result = run_mypy(cache_dir, str(use))
    revealed = re.findall(r'Revealed type is "([^"]+)"', result.stdout)
    assert revealed == ["symdiff.core.expr.Expr", "symdiff.notebook.explain.Derivation"], (
        result.stdout
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and '"Expr" has no attribute "steps"' in errors[0], result.stdout
