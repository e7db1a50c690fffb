"""Benchmark: the whole symbolic pipeline, text to shared program, against SymPy and SymEngine.

One job = parse the text, differentiate (one derivative, a gradient by reverse mode, or a
Hessian), simplify (symdiff's default output is simplified) and run CSE on the result:

- symdiff: ``parse`` -> ``differentiate`` / ``gradient`` / ``hessian`` -> ``cse``;
- SymPy: ``parse_expr`` -> ``diff`` (each partial) / ``hessian`` -> ``cse``; run cold, in a
  fresh process per job with its cache cleared, under a time limit;
- SymEngine (when it is installed): ``sympify`` -> ``diff`` -> ``cse``, in a fresh process.

The workloads are those of ``bench_diff.py`` (same generators, same text). symdiff's time is
the median of three runs in this process. Ratios are SymPy (or SymEngine) time over symdiff's.

Run: ``python benchmarks/bench_pipeline.py [--quick] [--timeout SECONDS]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from bench_diff import least_squares, median_time, random_text, rosenbrock, variables  # noqa: E402
from jobs import run_job  # noqa: E402


def nested_text(depth: int) -> str:
    text = "x"
    for i in range(depth):
        text = f"{'sin' if i % 2 == 0 else 'cos'}({text})"
    return text


def squaring_text(levels: int) -> str:
    """``t_{k+1} = t_k * t_k`` written out would be 2^levels long: keep levels small here."""
    text = "x"
    for _ in range(levels):
        text = f"({text})*({text})"
    return text


def workloads(quick: bool) -> list[dict]:
    jobs = [
        {
            "name": f"d/dx random ~{size} nodes",
            "text": random_text(size, 1),
            "vars": ["x"],
            "kind": "diff",
        }
        for size in ((1000,) if quick else (1000, 10000))
    ]
    jobs.append(
        {
            "name": "d/dx squaring 12 levels (text)",
            "text": squaring_text(12),
            "vars": ["x"],
            "kind": "diff",
        }
    )
    jobs.append(
        {"name": "d/dx nested depth 1000", "text": nested_text(1000), "vars": ["x"], "kind": "diff"}
    )
    for n in (10, 100) if quick else (10, 100, 1000):
        jobs.append(
            {
                "name": f"grad rosenbrock n={n}",
                "text": rosenbrock(n),
                "vars": variables("x", n),
                "kind": "grad",
            }
        )
        jobs.append(
            {
                "name": f"grad least squares n={n}",
                "text": least_squares(n),
                "vars": variables("w", n),
                "kind": "grad",
            }
        )
    for n in (10, 50):
        jobs.append(
            {
                "name": f"hessian rosenbrock n={n}",
                "text": rosenbrock(n),
                "vars": variables("x", n),
                "kind": "hessian",
            }
        )
    return jobs


def symdiff_pipeline(job: dict) -> tuple[float, int]:
    from symdiff import cse, differentiate, gradient, hessian, parse

    def run():
        f = parse(job["text"])
        if job["kind"] == "diff":
            outputs = differentiate(f, job["vars"][0])
        elif job["kind"] == "grad":
            outputs = gradient(f, job["vars"])
        else:
            outputs = hessian(f, job["vars"])
        return cse(outputs)

    program, seconds = median_time(run)
    return seconds, program.count_ops()


def other_job(system: str, job: dict) -> dict:
    """Run in a fresh process: one cold pipeline in SymPy or SymEngine."""
    start = time.perf_counter()
    if system == "sympy":
        import sympy
        from sympy.core.cache import clear_cache

        clear_cache()
        local = {"e": sympy.E, "pi": sympy.pi, "abs": sympy.Abs, "sign": sympy.sign}
        local.update({v: sympy.Symbol(v) for v in job["vars"]})
        f = sympy.parse_expr(job["text"].replace("^", "**"), local_dict=local)
        symbols = [local[v] for v in job["vars"]]
        if job["kind"] == "hessian":
            outputs = list(sympy.hessian(f, symbols))
        else:
            outputs = [sympy.diff(f, s) for s in symbols]
        sympy.cse(outputs)
    else:
        import symengine

        f = symengine.sympify(job["text"].replace("^", "**"))
        symbols = [symengine.Symbol(v) for v in job["vars"]]
        if job["kind"] == "hessian":
            outputs = [f.diff(a).diff(b) for a in symbols for b in symbols]
        else:
            outputs = [f.diff(s) for s in symbols]
        symengine.cse(outputs)
    return {"seconds": time.perf_counter() - start}


def run_other(system: str, job: dict, timeout: float) -> str | float:
    answer = run_job(__file__, ["--job", system], job, timeout, width=40)
    return answer["error"] if "error" in answer else float(answer["seconds"])


def _cell(ours: float, theirs: str | float) -> str:
    if isinstance(theirs, str):
        return f"{theirs:>12} {'':>9}"
    return f"{theirs:11.4f}s {theirs / ours:8.1f}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes only")
    parser.add_argument("--timeout", type=float, default=120.0, help="per job, seconds")
    parser.add_argument("--job", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.job:
        sys.setrecursionlimit(100_000)
        print(json.dumps(other_job(args.job, json.loads(sys.stdin.read()))))
        return
    try:
        import symengine  # noqa: F401

        systems = ["sympy", "symengine"]
    except ImportError:
        systems = ["sympy"]
    print(
        f"{'pipeline (parse+diff+simplify+cse)':<36} {'symdiff':>10} {'ops':>7}  "
        + "  ".join(f"{s:>12} {'ratio':>9}" for s in systems)
    )
    for job in workloads(args.quick):
        ours, ops = symdiff_pipeline(job)
        cells = [_cell(ours, run_other(s, job, args.timeout)) for s in systems]
        print(f"{job['name']:<36} {ours:9.4f}s {ops:>7}  " + "  ".join(cells), flush=True)


if __name__ == "__main__":
    main()
