"""Benchmark: symdiff's differentiation against SymPy's ``diff``, in the same run, as ratios.

Workloads (the same input for both systems; text where the input can be written as text):
- random expressions with shared subtrees of about 10^3 and 10^4 tree nodes (tests/exprgen.py);
- the seed talk's repeated squaring ``t_{k+1} = t_k * t_k``, 30 levels (SymPy: fewer levels
  when it cannot cope; it rewrites ``t*t`` as ``t^2`` unless told not to evaluate);
- nested compositions ``sin(cos(sin(...x)))``;
- gradients (reverse mode) and Hessians of the n-variable Rosenbrock function and of a
  least-squares linear-regression error with numeric data, against SymPy differentiating the
  n partials one by one and then running ``cse`` on them.

SymPy runs cold, in a fresh process per job (its cache cleared before each timed step), with
a time limit. symdiff's time is the median of three runs. Operation counts use one
convention for both (a k-ary sum or product counts k-1, a power or a call 1), once per use
("tree") and once per unique node ("dag"). symdiff's simplify step is timed on its own.

Run: ``python benchmarks/bench_diff.py [--quick] [--timeout SECONDS]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from jobs import run_job  # noqa: E402

# -- workloads --------------------------------------------------------------------------------


def rosenbrock(n: int) -> str:
    return " + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(1, n))


def least_squares(n: int, rows: int = 20, seed: int = 5) -> str:
    rng = random.Random(seed)
    residuals = []
    for _ in range(rows):
        prediction = " + ".join(f"{rng.randint(-40, 40) / 8}*w{j}" for j in range(1, n + 1))
        residuals.append(f"({rng.randint(-80, 80) / 16} - ({prediction}))^2")
    return " + ".join(residuals)


def variables(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(1, n + 1)]


def random_text(size: int, seed: int) -> str:
    from exprgen import random_expr

    return str(random_expr(random.Random(seed), size))


# -- SymPy side: one job per fresh process -------------------------------------------------------


def sympy_ops(exprs: list, dag: bool) -> int:
    """Operations in SymPy expressions, counted as symdiff counts them (no recursion)."""
    import sympy

    def own(node: sympy.Basic) -> int:
        if node.is_Add or node.is_Mul:
            return len(node.args) - 1
        return 1 if (node.is_Pow or isinstance(node, sympy.Function)) else 0

    order, seen, stack = [], set(), [(e, False) for e in exprs]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            stack.extend((a, False) for a in node.args if a not in seen)
    if dag:
        return sum(own(n) for n in order)
    counts: dict = {}
    for node in order:
        counts[node] = own(node) + sum(counts[a] for a in node.args)
    return sum(counts[e] for e in exprs)


def _timed(step):
    from sympy.core.cache import clear_cache

    clear_cache()
    start = time.perf_counter()
    result = step()
    return result, time.perf_counter() - start


def _sympy_parse(text: str, names: list[str]):
    import sympy

    local = {"e": sympy.E, "pi": sympy.pi, "abs": sympy.Abs, "sign": sympy.sign}
    local.update({name: sympy.Symbol(name) for name in names})
    return sympy.parse_expr(text.replace("^", "**"), local_dict=local)


def sympy_job(job: dict) -> dict:
    import sympy

    kind, out = job["kind"], {}
    if kind in ("random", "gradient", "hessian"):
        f, out["parse"] = _timed(lambda: _sympy_parse(job["text"], job["vars"]))
        symbols = [sympy.Symbol(v) for v in job["vars"]]
    if kind == "random":
        d, out["diff"] = _timed(lambda: sympy.diff(f, symbols[0]))
        outputs = [d]
    elif kind == "squaring":
        x, t = sympy.Symbol("x"), sympy.Symbol("x")
        for _ in range(job["levels"]):
            t = sympy.Mul(t, t, evaluate=job["evaluate"])
        d, out["diff"] = _timed(lambda: sympy.diff(t, x))
        outputs = [d]
    elif kind == "nested":
        x = t = sympy.Symbol("x")
        for i in range(job["depth"]):
            t = sympy.sin(t) if i % 2 == 0 else sympy.cos(t)
        d, out["diff"] = _timed(lambda: sympy.diff(t, x))
        outputs = [d]
    elif kind == "gradient":
        outputs, out["diff"] = _timed(lambda: [sympy.diff(f, s) for s in symbols])
        (replacements, reduced), out["cse"] = _timed(lambda: sympy.cse(outputs))
        out["cse_ops"] = sum(sympy_ops([r], False) for _, r in replacements) + sympy_ops(
            reduced, False
        )
    else:
        matrix, out["diff"] = _timed(lambda: sympy.hessian(f, symbols))
        outputs = list(matrix)
    out["tree"], out["dag"] = sympy_ops(outputs, False), sympy_ops(outputs, True)
    return out


def run_sympy(job: dict, timeout: float) -> dict:
    return run_job(__file__, ["--sympy-job"], job, timeout)


# -- symdiff side ----------------------------------------------------------------------------------


def median_time(step, runs: int = 3):
    times, result = [], None
    for _ in range(runs):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def symdiff_derivative(expr, wrt: str) -> dict:
    from symdiff import Symbol, count_ops
    from symdiff.diff.forward import TRIVIAL, derive
    from symdiff.diff.levels import finish

    d, t_rules = median_time(lambda: derive(expr, Symbol(wrt), TRIVIAL))
    s, t_simplify = median_time(lambda: finish([d], True, shared=False)[0])
    return {
        "diff": t_rules + t_simplify,
        "rules": t_rules,
        "simplify": t_simplify,
        "tree": count_ops(s),
        "dag": count_ops(s, dag=True),
        "raw_dag": count_ops(d, dag=True),
    }


# -- report ---------------------------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}s"


def _ratio(sympy_time: float | None, ours: float) -> str:
    return f"{sympy_time / ours:9.1f}x" if sympy_time else "         -"


def report(name: str, ours: dict, theirs: dict, extra: str = "") -> None:
    their_time = None if "error" in theirs else theirs["diff"] + theirs.get("cse", 0.0)
    shown = theirs["error"] if their_time is None else f"{their_time:9.4f}s"
    sizes = f"{ours['tree']:>11}/{ours['dag']:<8}"
    their_sizes = "-" if "error" in theirs else f"{theirs['tree']:>11}/{theirs['dag']:<8}"
    print(
        f"{name:<30} {ours['diff']:9.4f}s {shown:>10} {_ratio(their_time, ours['diff'])}"
        f"  {sizes} {their_sizes:>20}  {extra}",
        flush=True,
    )


def header(title: str) -> None:
    print(f"\n## {title}")
    print(
        f"{'workload':<30} {'symdiff':>10} {'sympy':>10} {'speedup':>10}"
        f"  {'ops tree/dag (symdiff)':>20} {'(sympy)':>20}"
    )


def bench_random(quick: bool, timeout: float) -> None:
    from symdiff import count_ops, parse, tree_size

    header("d/dx of random expressions (from text; times exclude parsing)")
    for size in (1000,) if quick else (1000, 10000):
        for seed in (1, 2, 3):
            text = random_text(size, seed)
            expr, t_parse = median_time(lambda text=text: parse(text))
            ours = symdiff_derivative(expr, "x")
            theirs = run_sympy({"kind": "random", "text": text, "vars": ["x", "y"]}, timeout)
            name = f"random {tree_size(expr)} nodes (seed {seed})"
            extra = (
                f"input ops {count_ops(expr)}/{count_ops(expr, dag=True)}; parse "
                f"{t_parse:.4f}s vs {_seconds(theirs.get('parse'))};"
                f" simplify step {ours['simplify']:.4f}s"
            )
            report(name, ours, theirs, extra)


def bench_squaring(quick: bool, timeout: float) -> None:
    from symdiff import Mul, Symbol

    header("repeated squaring t_{k+1} = t_k*t_k (SymPy: evaluate=False keeps the products)")
    x = Symbol("x")
    for levels in (10, 15, 20, 30):
        t = x
        for _ in range(levels):
            t = Mul(t, t)
        ours = symdiff_derivative(t, "x")
        job = {"kind": "squaring", "levels": levels, "evaluate": False}
        theirs = run_sympy(job, timeout) if levels <= 20 else {"error": "not run"}
        report(f"{levels} levels", ours, theirs, f"simplify step {ours['simplify']:.4f}s")
    theirs = run_sympy({"kind": "squaring", "levels": 30, "evaluate": True}, timeout)
    print(f"{'  (SymPy, 30 levels as x^(2^30))':<30} {'':>10} {theirs.get('diff', 0):9.4f}s")


def bench_nested(quick: bool, timeout: float) -> None:
    from symdiff import REGISTRY, Symbol

    header("nested compositions sin(cos(sin(...x)))")
    for depth in (100, 1000) if quick else (100, 1000, 10000):
        t = Symbol("x")
        for i in range(depth):
            t = REGISTRY["sin" if i % 2 == 0 else "cos"](t)
        ours = symdiff_derivative(t, "x")
        theirs = run_sympy({"kind": "nested", "depth": depth}, timeout)
        report(f"depth {depth}", ours, theirs, f"simplify step {ours['simplify']:.4f}s")


def bench_gradients(quick: bool, timeout: float) -> None:
    from symdiff import count_ops, parse
    from symdiff.diff.diff import gradient, hessian

    header("gradients (reverse mode) vs SymPy n partials + cse; hessians vs sympy.hessian")
    sizes = (10, 100) if quick else (10, 100, 1000)
    functions = (("rosenbrock", rosenbrock, "x"), ("least squares", least_squares, "w"))
    for label, make, prefix in functions:
        for n in sizes:
            text, names = make(n), variables(prefix, n)
            f = parse(text)
            g, t_grad = median_time(lambda f=f, names=names: gradient(f, names))
            ours = {"diff": t_grad, "tree": count_ops(g), "dag": count_ops(g, dag=True)}
            theirs = run_sympy({"kind": "gradient", "text": text, "vars": names}, timeout)
            ratio = ours["dag"] / count_ops(f, dag=True)
            extra = f"f dag {count_ops(f, dag=True)}; grad/f = {ratio:.2f}"
            if "cse_ops" in theirs:
                extra += f"; sympy cse ops {theirs['cse_ops']} ({theirs['cse']:.3f}s)"
            report(f"grad {label} n={n}", ours, theirs, extra)
            if n <= 100 or label == "rosenbrock":
                h, t_hess = median_time(lambda f=f, names=names: hessian(f, names), runs=1)
                cells = [e for row in h for e in row]
                ours = {"diff": t_hess, "tree": count_ops(cells), "dag": count_ops(cells, dag=True)}
                job = {"kind": "hessian", "text": text, "vars": names}
                theirs = run_sympy(job, timeout) if n <= 100 else {"error": "not run"}
                report(f"hessian {label} n={n}", ours, theirs)


SECTIONS = {
    "random": bench_random,
    "squaring": bench_squaring,
    "nested": bench_nested,
    "gradients": bench_gradients,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes only")
    parser.add_argument("--timeout", type=float, default=120.0, help="per SymPy job, seconds")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"sections to run, of {','.join(SECTIONS)}"
    )
    parser.add_argument("--sympy-job", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sympy_job:
        sys.setrecursionlimit(100_000)
        print(json.dumps(sympy_job(json.loads(sys.stdin.read()))))
        return
    import sympy

    python = sys.version.split()[0]
    print(f"symdiff default output: standard form; sympy {sympy.__version__}; python {python}")
    for section in args.only.split(","):
        SECTIONS[section.strip()](args.quick, args.timeout)


if __name__ == "__main__":
    main()
