"""Benchmark: directional derivatives (jvp, vjp, hvp) against the function they differentiate.

Workloads: the n-variable Rosenbrock function and a least-squares error with numeric data
(20 residuals, each a dense linear model), the same texts as ``bench_diff.py``, for
n = 100, 300, 1000. For each product it prints the operation count of the result after
``cse`` (``Program.count_ops()``), its ratio to the function's own count, and the time of
the symbolic pass (with the default simplification). ``hvp`` is compared with the dense
Hessian's Program too, where that is affordable (n <= 300).

Run: ``python benchmarks/bench_directional.py [--sizes 100 300 1000]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_diff import least_squares, rosenbrock, variables

from symdiff import cse, hessian, parse, symbols
from symdiff.diff.directional import hvp, jvp, vjp


def _timed(step):
    start = time.perf_counter()
    result = step()
    return result, time.perf_counter() - start


def run(name: str, text: str, names: list[str], dense_hessian: bool) -> None:
    f = parse(text)
    n = len(names)
    base = cse([f]).count_ops()
    ones = [1] * n
    direction = list(symbols(f"v:{n}"))
    steps = {
        "jvp (v = ones)": lambda: [jvp(f, names, ones)],
        "jvp (v symbolic)": lambda: [jvp(f, names, direction)],
        "vjp (w = 1)": lambda: vjp(f, names, 1),
        "hvp (v = ones)": lambda: hvp(f, names, ones),
        "hvp (v symbolic)": lambda: hvp(f, names, direction),
    }
    if dense_hessian:
        steps["hessian (dense)"] = lambda: [e for row in hessian(f, names) for e in row]
    for label, step in steps.items():
        result, seconds = _timed(step)
        ops = cse(result).count_ops()
        print(
            f"{name:14} n={n:5}  {label:18} f={base:7}  ops={ops:8}  ratio={ops / base:6.2f}"
            f"  time={seconds:8.3f}s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000])
    sizes = parser.parse_args().sizes
    for n in sizes:
        run("rosenbrock", rosenbrock(n), variables("x", n), n <= 300)
        run("least squares", least_squares(n), variables("w", n), n <= 100)


if __name__ == "__main__":
    main()
