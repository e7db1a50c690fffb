"""Run one benchmark job in a fresh Python process (cold caches, a hard time limit).

Used by ``bench_diff.py`` and ``bench_pipeline.py``: the script is started again with its own
job flag, reads the job as JSON on standard input and prints its answer as JSON.
"""

from __future__ import annotations

import json
import subprocess
import sys


def run_job(script: str, flags: list[str], job: dict, timeout: float, width: int = 60) -> dict:
    """The job's JSON answer, or ``{"error": ...}`` (``>Ns`` on timeout, else the last line
    of its error output, cut to ``width`` characters)."""
    try:
        done = subprocess.run(
            [sys.executable, script, *flags],
            input=json.dumps(job),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f">{timeout:.0f}s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["failed"])[-1]
        return {"error": last[:width]}
    return json.loads(done.stdout)
