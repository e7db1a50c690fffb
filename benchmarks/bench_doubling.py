"""Benchmark: the growth of every stage under doubling input sizes (no hidden quadratic work).

Each stage (parse, print, simplify at each level, differentiate, gradient, Hessian, n-th
derivative, cse, each emitter, lambdify, evaluate) runs on input sizes n, 2n, 4n, 8n of each
family in ``doubling_inputs.py`` (deep sums, products, divisions and calls, wide sums and
products, random DAGs, repeated squaring), each measurement in a fresh forked process under a
time limit. It prints the times and the ratios t(2n)/t(n): about 2 is linear, about 4
quadratic. Where the geometric mean of the last two ratios is above 2.8 the line is flagged
with ``!`` (one spike on a loaded machine is not growth).

Run: ``python benchmarks/bench_doubling.py [--quick] [--start N] [--timeout S]
[--stage NAME ...] [--family NAME ...]``. ``--quick`` (about two minutes) starts at n = 1000 for
the chosen families; the full run starts at n = 12,500 (so it reaches 100,000) and takes a
long while on a loaded machine.

Measured on 2 cores shared with other jobs (load average 7-11 throughout, so single ratios
jitter between about 1 and 4; what counts is the trend over the doubling):

- ``--quick`` (n = 500 ... 4000; 7.7 minutes wall clock at load 8-10, 72 s of CPU time):
  every stage on every quick family has ratios near 2, except three lines whose last ratio
  spiked (evaluate / deep-sum 2.63 2.12 3.71, subs / wide-product 3.12 4.23 at 0.08 s and
  0.35 s, d/dx-raw / random-dag 2.50 2.63 3.84); re-run in one process at 8,000-64,000 they
  are linear (d/dx-raw deep-powers 1.68, 3.98, 7.39, 16.2 s; subs 0.90, 1.90, 5.08, 8.14 s).
- full mode, n = 12,500 ... 100,000 (inputs of 10^5 to 3*10^5 operations): print, latex,
  evaluate, subs, simplify trivial, cse and emit-python stay between 1.0 and 3.5 per doubling
  with no upward trend (trivial simplification of the 100,000-deep sum: 2.4, 5.0, 8.7, 8.9 s;
  standard simplification of it, in one process: 11.6, 21.1, 54.5 s at 25k, 50k, 100k).
- full mode at the largest doubling (100,000 levels, load 9-11): emit-python / wide-product
  1.6, 2.2, 6.7, 24.7 s and emit-numpy / deep-calls 0.7, 1.5, 2.8, 11.9 s are flagged once
  (not re-measured; the other emitter and family lines in the same run stay near 2). Emitters
  after emit-numpy were not run in full mode for lack of time.
- fixed: the gradient of ``squaring`` copied each shared adjoint product into its users
  once the gradient has more than ``MAX_HEAD_LEVELS`` nested heads: 1.4 s and 1,126
  operations at 125 levels, then 7.7 s and 64,752 at 250, 33 s at 500. ``Canon._group`` now
  merges only the number of a shared product: 1.1 s and 2,254 operations at 250, 2.5 s and
  4,504 at 500 (``tests/test_growth.py``).
- the n-th derivative (order 125 ... 1000, one process): ``sin(x)*exp(x)`` 0.51, 0.98, 2.1,
  4.1 s; ``x^2*log(x)`` 0.16, 0.33, 0.86, 1.7 s.
- quadratic: the gradient (and so the Hessian) of the nested conditional ``deep-where``:
  3.7 s at n = 250, 10.6 s at 500, 38.2 s at 1000 (ratios 2.8, 3.6); the profile puts the time
  in the AC matching of ``symdiff.simplify.patterns`` (``_candidates`` scans the whole
  operand pool for every pattern operand) run once per region of the shared simplification.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from doubling_inputs import FAMILIES, ORDER_FAMILIES, STAGES, prepare  # noqa: E402

#: Ratio t(2n)/t(n) above which growth is flagged (2 is linear, 4 quadratic).
FLAG = 2.8
#: Times below this are too short for a ratio to mean anything.
MIN_SECONDS = 0.01
#: Calls faster than this are repeated (the least time counts).
REPEAT_BELOW = 0.3
#: Stages whose second call is a cache hit (measured once).
CACHED = frozenset({"lambdify-c"})
QUICK_FAMILIES = ("deep-sum", "wide-product", "random-dag", "squaring")


def _size(result: Any) -> int | str:
    from symdiff import Expr, count_ops

    if isinstance(result, str):
        return len(result)
    if isinstance(result, Expr):
        return count_ops(result, dag=True)
    if isinstance(result, list) and all(isinstance(r, Expr) for r in result):
        return count_ops(result, dag=True)
    if isinstance(result, list):
        return count_ops([e for row in result for e in row], dag=True)
    return ""


def _timed(call: Any, repeat: bool) -> tuple[float, Any]:
    """The least time of up to three calls (a call under ``REPEAT_BELOW`` seconds is
    repeated: short times are noisy on a loaded machine)."""
    best, result = float("inf"), None
    for _ in range(3):
        began = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - began)
        if best >= REPEAT_BELOW or not repeat:
            break
    return best, result


def _child(stage: str, family: str, n: int, pipe: Any) -> None:
    sys.setrecursionlimit(10_000)
    try:
        call, ops = prepare(stage, family, n)
        seconds, result = _timed(call, stage not in CACHED)
        pipe.send({"seconds": seconds, "ops": ops, "out": _size(result)})
    except BaseException as error:  # report every failure, RecursionError included
        pipe.send({"error": f"{type(error).__name__}: {error}"[:70]})


def measure(stage: str, family: str, n: int, timeout: float) -> dict:
    """One measurement in a fresh forked process: seconds, input and output sizes, or an
    error (``>Ts`` when it ran out of time)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(stage, family, n, send))
    process.start()
    answer = receive.recv() if receive.poll(timeout) else {"error": f">{timeout:.0f}s"}
    if process.is_alive():
        process.kill()
    process.join()
    return answer


def row(stage: str, family: str, start: int, steps: int, timeout: float) -> list[dict]:
    """Measurements at start, 2*start, ... until one fails or runs out of time."""
    out = []
    for k in range(steps):
        n = start * 2**k
        answer = {"n": n, **measure(stage, family, n, timeout)}
        out.append(answer)
        if "error" in answer:
            break
    return out


def ratios(runs: list[dict]) -> list[float | None]:
    """t(2n)/t(n) for consecutive runs (``None`` where a time is too short or missing)."""
    out: list[float | None] = []
    for a, b in itertools.pairwise(runs):
        ok = "seconds" in a and "seconds" in b and a["seconds"] >= MIN_SECONDS
        out.append(b["seconds"] / a["seconds"] if ok else None)
    return out


def show(stage: str, family: str, runs: list[dict]) -> bool:
    """Print one line; whether a ratio at the larger sizes is flagged."""
    times = " ".join(
        f"{r['seconds']:8.3f}" if "seconds" in r else f"{r['error'][:8]:>8}" for r in runs
    )
    found = ratios(runs)
    # one spike on a loaded machine is not growth: flag the mean of the last two ratios
    tail = [q for q in found[-2:] if q is not None]
    flagged = len(tail) == 2 and tail[0] * tail[1] > FLAG**2
    text = " ".join("    -" if q is None else f"{q:5.2f}" for q in found)
    last = runs[-1]
    tail = f"in {last.get('ops', '')} out {last.get('out', '')}" if "seconds" in last else ""
    mark = "!" if flagged else " "
    print(f"{mark} {stage:18} {family:14} n={runs[0]['n']:<7} {times:36} | {text:24} {tail}")
    if "error" in last and not last["error"].startswith(">"):
        print(f"    {last['error']}")
    return flagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--start", type=int, default=None)
    parser.add_argument("--steps", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=None)
    parser.add_argument("--stage", nargs="*", default=None)
    parser.add_argument("--family", nargs="*", default=None)
    options = parser.parse_args()
    start = options.start or (500 if options.quick else 12_500)
    timeout = options.timeout or (4.0 if options.quick else 120.0)
    families = options.family or (QUICK_FAMILIES if options.quick else tuple(FAMILIES))
    stages = options.stage or [*STAGES, "nth"]
    os.environ.setdefault("SYMDIFF_CACHE_DIR", tempfile.mkdtemp(prefix="doubling-"))
    print(f"load {os.getloadavg()[0]:.2f}; times in seconds; ratios t(2n)/t(n); ! > {FLAG}")
    flagged = []
    for stage in stages:
        if stage == "nth":
            order = 8 if options.quick else 16
            chosen: list[tuple[str, int]] = [(f, order) for f in ORDER_FAMILIES]
        else:
            scale = STAGES[stage][2]
            chosen = [(f, max(1, int(start * scale))) for f in families]
        for family, first in chosen:
            if show(stage, family, row(stage, family, first, options.steps, timeout)):
                flagged.append(f"{stage} / {family}")
    print(f"load {os.getloadavg()[0]:.2f}; flagged: {', '.join(flagged) or 'none'}")


if __name__ == "__main__":
    main()
