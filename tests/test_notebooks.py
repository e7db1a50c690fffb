"""The notebooks run top to bottom in a real Jupyter kernel, without errors, each quickly.

They need the ``notebook`` extra (``pip install -e ".[dev,notebook]"``, which CI installs).
Without it the execution tests are skipped locally, and fail under CI (``CI`` set), so a CI
that lost the extra cannot pass silently.
"""

from __future__ import annotations

import importlib.util
import json
import os
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXTRA = ("nbclient", "nbformat", "ipykernel", "matplotlib")
MISSING = [name for name in EXTRA if importlib.util.find_spec(name) is None]
#: The whole notebook, kernel start included, must finish within this many seconds.
TIME_LIMIT = 60


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_readme_links_the_notebook(path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"(notebooks/{path.name})" in readme


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name} has outputs: clear them"
            assert cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_without_errors(path, monkeypatch):
    if MISSING:
        reason = f"the notebook extra is not installed (missing {', '.join(MISSING)})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must install .[dev,notebook]")
        pytest.skip(reason)
    import nbformat
    from nbclient import NotebookClient

    # The kernel imports this checkout's symdiff and draws off screen.
    paths = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=TIME_LIMIT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    elapsed = time.perf_counter() - start
    assert elapsed < TIME_LIMIT, f"{path.name} took {elapsed:.0f} s"
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", output
            if output["output_type"] == "stream":
                assert output["name"] != "stderr" or not output["text"].strip(), output["text"]
