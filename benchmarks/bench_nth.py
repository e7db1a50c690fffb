"""Benchmark: the n-th derivative of ``exp(sin(x))``, symdiff against SymPy and SymEngine.

For n = 10, 20, 50, 100, 200, 500, 1000: symdiff at the trivial level (Taylor-mode
propagation, ``symdiff.diff.higher``) and at the standard level, the default (polynomials in
atoms, ``symdiff.diff.atoms``): time, operations in the DAG, and assignments after ``cse``;
SymPy's ``diff(exp(sin(x)), x, n)`` and SymEngine's ``n`` derivatives in a row as anchors.
Every job runs cold in a fresh process with a time limit (``jobs.run_job``); a refusal
(``InputTooLargeError``) is reported with the time it took. The machine's load is printed
with the table: compare ratios within one run, not times across runs.

Run: ``python benchmarks/bench_nth.py [--quick] [--timeout SECONDS]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jobs import run_job

ORDERS = [10, 20, 50, 100, 200, 500, 1000]
SYSTEMS = ["trivial", "standard", "sympy", "symengine"]


def _symdiff(n: int, level: str) -> dict:
    from symdiff import count_ops, cse, differentiate
    from symdiff.core.errors import InputTooLargeError

    start = time.perf_counter()
    try:
        result = differentiate("exp(sin(x))", "x", n, simplify=level)
    except InputTooLargeError:
        return {"time": time.perf_counter() - start, "refused": True}
    spent = time.perf_counter() - start
    program = cse([result])
    return {"time": spent, "ops": count_ops(result, dag=True), "cse": program.count_ops()}


def _sympy(n: int) -> dict:
    import sympy

    x = sympy.Symbol("x")
    start = time.perf_counter()
    result = sympy.diff(sympy.exp(sympy.sin(x)), x, n)
    spent = time.perf_counter() - start
    return {"time": spent, "terms": len(sympy.Add.make_args(sympy.expand(result)))}


def _symengine(n: int) -> dict:
    import symengine

    x = symengine.Symbol("x")
    result = symengine.exp(symengine.sin(x))
    start = time.perf_counter()
    for _ in range(n):
        result = result.diff(x)
    spent = time.perf_counter() - start
    return {"time": spent, "terms": len(symengine.Add.make_args(symengine.expand(result)))}


def job(task: dict) -> dict:
    """One measurement, in this (fresh) process."""
    system, n = task["system"], task["n"]
    if system == "sympy":
        return _sympy(n)
    if system == "symengine":
        return _symengine(n)
    return _symdiff(n, system)


def _cell(answer: dict) -> str:
    if "error" in answer:
        return answer["error"]
    if answer.get("refused"):
        return f"refused {answer['time']:.2f}s"
    size = answer.get("ops", answer.get("terms"))
    return f"{answer['time']:.2f}s/{size}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="orders up to 100 only")
    parser.add_argument("--timeout", type=float, default=60.0, help="per job, seconds")
    parser.add_argument("--job", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.job:
        print(json.dumps(job(json.loads(sys.stdin.read()))))
        return
    orders = [n for n in ORDERS if n <= 100] if options.quick else ORDERS
    print(f"load average {os.getloadavg()[0]:.2f} (1 min); time/size per cell, size is")
    print("DAG operations (symdiff; after cse in brackets) or terms (SymPy, SymEngine)")
    print(f"{'n':>5} " + " ".join(f"{s:>22}" for s in SYSTEMS) + "  standard/sympy")
    for n in orders:
        answers = {
            s: run_job(__file__, ["--job"], {"system": s, "n": n}, options.timeout) for s in SYSTEMS
        }
        cells = []
        for system in SYSTEMS:
            text = _cell(answers[system])
            if "cse" in answers[system]:
                text += f" [{answers[system]['cse']}]"
            cells.append(f"{text:>22}")
        ratio = "-"
        standard, sympy_answer = answers["standard"], answers["sympy"]
        if "ops" in standard and "time" in sympy_answer and "terms" in sympy_answer:
            ratio = f"{standard['time'] / sympy_answer['time']:.2f}"
        print(f"{n:>5} " + " ".join(cells) + f"  {ratio:>8}", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) at the end")


if __name__ == "__main__":
    main()
