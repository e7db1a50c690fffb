"""Benchmark: the whole symbolic pipeline, text to shared program, against SymPy, SymEngine
and CasADi.

One job = parse the text, differentiate (one derivative, a gradient by reverse mode, or a
Hessian), simplify (symdiff's default output is simplified) and run CSE on the result:

- symdiff: ``parse`` -> ``differentiate`` / ``gradient`` / ``hessian`` -> ``cse``, timed stage by
  stage: the derivative built with the trivial rules, then the default's simplification
  (``symdiff.diff.levels.finish``, exactly what the default runs), then ``cse``; the table
  shows the stages' times and the share of simplification;
- SymPy: ``parse_expr`` -> ``diff`` (each partial) / ``hessian`` -> ``cse``; run cold, in a
  fresh process per job with its cache cleared, under a time limit;
- SymEngine (when it is installed): ``sympify`` -> ``diff`` -> ``cse``, in a fresh process;
- CasADi (when it is installed): SX symbols, the expression built with CasADi's operations
  from symdiff's parse of the same text (the parse is not timed: CasADi has no parser), then
  ``casadi.gradient`` / ``casadi.hessian`` and ``casadi.Function`` (its own CSE), in a fresh
  process; its op count is ``Function.n_instructions()`` (which also counts the inputs'
  and outputs' moves).

The workloads are those of ``bench_diff.py`` (same generators, same text), the dense Hessian of
``bench_hessian.py`` and the logistic map's swell. symdiff's time is the median of three runs
in this process. Ratios are the other system's time over symdiff's (below 1: symdiff slower).

Run: ``python benchmarks/bench_pipeline.py [--quick] [--timeout SECONDS] [--only TEXT]``
(``--only "n=1000"``: the jobs whose name contains the text).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from bench_diff import least_squares, median_time, random_text, rosenbrock, variables  # noqa: E402
from bench_hessian import family_text  # noqa: E402
from jobs import run_job  # noqa: E402

#: CasADi's counterparts of symdiff's functions (the rest are written with these).
CASADI_NAMES = [
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "atan2",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
    "exp",
    "log",
    "sqrt",
    "fabs",
]


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


def logistic_text(steps: int) -> str:
    """The logistic map ``x -> 4x(1 - x)`` ``steps`` times, written out (2^steps copies)."""
    text = "x"
    for _ in range(steps):
        text = f"4*({text})*(1 - ({text}))"
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
    jobs.append(
        {"name": "d/dx logistic swell k=8", "text": logistic_text(8), "vars": ["x"], "kind": "diff"}
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
    for n in (20, 50):
        text, names = family_text(n)
        jobs.append(
            {"name": f"hessian dense n={n}", "text": text, "vars": names, "kind": "hessian"}
        )
    return jobs


def symdiff_pipeline(job: dict) -> tuple[dict[str, float], int]:
    """Median times of the stages (and their total) and the program's op count."""
    from symdiff import cse, differentiate, gradient, hessian, parse
    from symdiff.diff.levels import finish

    def stages() -> dict:
        times, start = {}, time.perf_counter()
        f = parse(job["text"])
        times["parse"], start = time.perf_counter() - start, time.perf_counter()
        if job["kind"] == "diff":
            cells = [differentiate(f, job["vars"][0], simplify="trivial")]
        elif job["kind"] == "grad":
            cells = gradient(f, job["vars"], simplify="trivial")
        else:
            cells = [e for row in hessian(f, job["vars"], simplify="trivial") for e in row]
        times["diff"], start = time.perf_counter() - start, time.perf_counter()
        cells = finish(cells, True, shared=job["kind"] != "diff")
        times["simplify"], start = time.perf_counter() - start, time.perf_counter()
        program = cse(cells)
        times["cse"] = time.perf_counter() - start
        times["total"] = sum(times.values())
        return {"times": times, "ops": program.count_ops()}

    runs = [median_time(stages, runs=1)[0] for _ in range(3)]
    median = sorted(runs, key=lambda r: r["times"]["total"])[1]
    return median["times"], median["ops"]


def casadi_job(job: dict) -> dict:
    """CasADi: the expression built from symdiff's parse (not timed), AD, a Function."""
    import casadi

    from symdiff import parse
    from symdiff.core.expr import Op
    from symdiff.core.traverse import postorder

    root = parse(job["text"])
    order = postorder(root)
    start = time.perf_counter()
    xs = {v: casadi.SX.sym(v) for v in job["vars"]}
    free = sorted({n.value for n in order if n.op is Op.SYM} - set(xs))
    others = {v: casadi.SX.sym(v) for v in free}
    value: dict = {}
    for node in order:
        value[node] = _casadi_node(casadi, node, [value[a] for a in node.args], xs | others, Op)
    f = value[root]
    x = casadi.vertcat(*xs.values())
    outputs = casadi.hessian(f, x)[0] if job["kind"] == "hessian" else casadi.gradient(f, x)
    inputs = [x, *others.values()]
    function = casadi.Function("d", inputs, [outputs])
    return {"seconds": time.perf_counter() - start, "ops": function.n_instructions()}


def _casadi_node(casadi, node, args: list, xs: dict, Op) -> object:
    if node.op is Op.NUM:
        return float(node.value)
    if node.op is Op.CONST:
        return {"pi": casadi.pi, "e": casadi.exp(1)}[node.value]
    if node.op is Op.SYM:
        return xs[node.value]
    if node.op is Op.ADD:
        return casadi.sum1(casadi.vertcat(*args)) if len(args) > 8 else _fold(args, "+")
    if node.op is Op.MUL:
        return _fold(args, "*")
    if node.op is Op.POW:
        return args[0] ** args[1]
    name = node.value.name
    if name in CASADI_NAMES:
        return getattr(casadi, name)(*args)
    written = {"cot": lambda u: 1 / casadi.tan(u), "sec": lambda u: 1 / casadi.cos(u)}
    written |= {"csc": lambda u: 1 / casadi.sin(u), "cbrt": lambda u: casadi.power(u, 1 / 3)}
    written["abs"] = casadi.fabs
    if name not in written:
        raise ValueError(f"no CasADi counterpart for {name}")
    return written[name](*args)


def _fold(args: list, op: str) -> object:
    result = args[0]
    for a in args[1:]:
        result = result + a if op == "+" else result * a
    return result


def other_job(system: str, job: dict) -> dict:
    """Run in a fresh process: one cold pipeline in SymPy or SymEngine."""
    if system == "casadi":
        return casadi_job(job)
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
    if "error" in answer:
        return str(answer["error"])
    if "ops" in answer:
        job.setdefault("their_ops", {})[system] = answer["ops"]
    return float(answer["seconds"])


def _cell(ours: float, theirs: str | float) -> str:
    if isinstance(theirs, str):
        return f"{theirs[:12]:>12} {'':>7}"
    return f"{theirs:11.4f}s {theirs / ours:6.2f}x"


def _systems() -> list[str]:
    systems = ["sympy"]
    for name in ("symengine", "casadi"):
        try:
            __import__(name)
            systems.append(name)
        except ImportError:
            pass
    return systems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes only")
    parser.add_argument("--timeout", type=float, default=120.0, help="per job, seconds")
    parser.add_argument("--only", default="", help="jobs whose name contains this text")
    parser.add_argument("--job", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.job:
        sys.setrecursionlimit(100_000)
        print(json.dumps(other_job(args.job, json.loads(sys.stdin.read()))))
        return
    systems = _systems()
    stages = ("parse", "diff", "simplify", "cse")
    print(
        f"{'pipeline (parse+diff+simplify+cse)':<34} {'symdiff':>9} {'ops':>6} "
        + " ".join(f"{s:>8}" for s in stages)
        + f" {'simp%':>5}  "
        + "  ".join(f"{s:>12} {'ratio':>7}" for s in systems)
        + "  casadi ops"
    )
    for job in workloads(args.quick):
        if args.only not in job["name"]:
            continue
        times, ops = symdiff_pipeline(job)
        ours = times["total"]
        cells = [_cell(ours, run_other(s, job, args.timeout)) for s in systems]
        split = " ".join(f"{times[s]:8.4f}" for s in stages)
        share = 100 * times["simplify"] / ours
        their = job.get("their_ops", {}).get("casadi", "")
        print(
            f"{job['name']:<34} {ours:8.4f}s {ops:>6} {split} {share:4.0f}%  "
            + "  ".join(cells)
            + f"  {their:>10}",
            flush=True,
        )


if __name__ == "__main__":
    main()
