"""Quality and speed of simplified derivatives, against SymPy.

For every expression of a corpus (the shared derivative corpus, textbook functions, their
products, quotients and compositions, random expressions), differentiate it with symdiff in
standard form (``differentiate(e, x)``, the default) and with SymPy (``sympy.diff``, and
``sympy.simplify`` of that with a timeout), and compare sizes: the operation count of
``symdiff.count_ops`` (a k-ary sum or product counts k-1, a power or a call 1). Both sides are
counted on the same representation: SymPy's result is printed and read back with
``symdiff.parse``, so ``x - y``, ``x/2`` and ``1/(2*sqrt(x))`` cost the same on both sides.
SymPy is timed cold (its cache cleared before each timed run).

The strong level, ``simplify(differentiate(e, x), level="full")``, is compared with
``sympy.simplify(sympy.diff(f))`` (sizes counted the same way, the time of each: symdiff's
time includes differentiating) and with ``sympy.diff``; each comparison lists its worst cases.

Run from the repository root:

    python benchmarks/bench_simplify.py                 # everything (several minutes)
    python benchmarks/bench_simplify.py --limit 200     # the first 200 cases
    python benchmarks/bench_simplify.py --no-sympy-simplify --worst 20
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import signal
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import sympy
from sympy.core.cache import clear_cache

from symdiff import count_ops, differentiate, parse, simplify
from symdiff.core.errors import SymdiffError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "derivatives.jsonl"  # the shared corpus, with its licences
CITED = ROOT / "tests" / "data" / "derivatives_cited.jsonl"  # cited cases, licence per case

TEXTBOOK = [
    "x^2",
    "x^3",
    "x^7",
    "1/x",
    "1/x^2",
    "sqrt(x)",
    "x^(3/2)",
    "cbrt(x)",
    "x^n",
    "sin(x)",
    "cos(x)",
    "tan(x)",
    "sec(x)",
    "csc(x)",
    "cot(x)",
    "asin(x)",
    "acos(x)",
    "atan(x)",
    "sinh(x)",
    "cosh(x)",
    "tanh(x)",
    "asinh(x)",
    "acosh(x)",
    "atanh(x)",
    "exp(x)",
    "log(x)",
    "2^x",
    "x^x",
    "abs(x)",
    "log(x, 2)",
    "exp(-x^2)",
    "1/(1 + x^2)",
    "sqrt(1 - x^2)",
    "log(1 + x)",
    "x*exp(x)",
    "x^2*sin(x)",
    "sin(x)^2",
    "exp(sin(x))",
    "sin(x)/x",
]
PARTS = [
    "x^2",
    "sin(x)",
    "cos(x)",
    "exp(x)",
    "log(x)",
    "sqrt(x)",
    "tan(x)",
    "atan(x)",
    "x + 1",
    "1/x",
    "x^3 - 2*x",
    "exp(-x)",
]
OUTER = ["sin", "cos", "exp", "log", "sqrt", "tan", "atan", "tanh", "asinh", "cosh"]


def corpus(seed: int = 2024) -> list[tuple[str, str, str]]:
    """``(group, expression text, variable)`` for every case."""
    cases = []
    for line in CORPUS.read_text().splitlines():
        row = json.loads(line)
        cases.append((f"corpus-{row['group']}", row["expr"], row["var"]))
    cases += cited()
    cases += [("textbook", f, "x") for f in TEXTBOOK]
    pairs = [(a, b) for i, a in enumerate(PARTS) for b in PARTS[i + 1 :]]
    cases += [("product", f"({a})*({b})", "x") for a, b in pairs]
    cases += [("quotient", f"({a})/({b})", "x") for a, b in pairs[::2]]
    cases += [("composition", f"{f}({g})", "x") for f in OUTER for g in PARTS[::3]]
    rng = random.Random(seed)
    cases += [("random", _random_expr(rng, 4), "x") for _ in range(80)]
    return cases


def cited() -> list[tuple[str, str, str]]:
    """``(group, expression text, variable)`` for every case of the cited corpus."""
    rows = [json.loads(line) for line in CITED.read_text().splitlines()]
    return [(f"cited-{row['group']}", row["expr"], row["var"]) for row in rows]


def _random_expr(rng: random.Random, depth: int) -> str:
    if depth == 0 or rng.random() < 0.2:
        return rng.choice(["x", "x", "y", "2", "3", "1/2", "pi"])
    kind = rng.random()
    a = _random_expr(rng, depth - 1)
    if kind < 0.3:
        return f"{rng.choice(['sin', 'cos', 'exp', 'atan', 'tanh', 'sinh'])}({a})"
    b = _random_expr(rng, depth - 1)
    if kind < 0.55:
        return f"({a}) + ({b})"
    if kind < 0.8:
        return f"({a})*({b})"
    if kind < 0.9:
        return f"({a})^{rng.choice([2, 3, -1])}"
    return f"({a})/(({b})^2 + 1)"


# -- symdiff's side -------------------------------------------------------------------------------


def symdiff_derivative(expr, var: str):
    """The derivative as ``differentiate`` returns it by default (in standard form)."""
    return differentiate(expr, var)


# -- SymPy's side ---------------------------------------------------------------------------------

_NAMES = {"abs": sympy.Abs, "e": sympy.E, "sign": sympy.sign, "cbrt": sympy.real_root}


def to_sympy(text: str, names: set[str]):
    local = {n: sympy.Symbol(n, real=True) for n in names}
    local.update(_NAMES)
    local["cbrt"] = lambda u: sympy.real_root(u, 3)
    local["log"] = lambda u, b=None: sympy.log(u) if b is None else sympy.log(u) / sympy.log(b)
    return sympy.sympify(text.replace("^", "**"), locals=local)


def sympy_size(result) -> int | None:
    """SymPy's result counted like ours: printed, read back by symdiff, counted."""
    text = re.sub(r"\bE\b", "e", sympy.sstr(result)).replace("**", "^")
    try:
        return count_ops(parse(text.replace("Abs(", "abs(")))
    except SymdiffError:
        return None


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout


def with_timeout(seconds: float, function, *args):
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return function(*args)
    except Timeout:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


# -- the run --------------------------------------------------------------------------------------


@dataclass
class Case:
    group: str
    expr: str
    var: str
    ours: int | None = None
    sympy_diff: int | None = None
    sympy_simplify: int | None = None
    t_ours: float = 0.0
    t_ours_raw: float = 0.0
    full: int | None = None
    t_full: float = 0.0
    full_result: str = ""
    trivial: int | None = None
    t_sympy_diff: float = 0.0
    t_sympy_simplify: float | None = None
    result: str = ""
    theirs: str = ""
    error: str = ""


def run_case(group: str, text: str, var: str, timeout: float | None) -> Case:
    case = Case(group, text, var)
    try:
        expr = parse(text)
        names = {s.name for s in expr.free_symbols} | {var}
        start = time.perf_counter()
        derivative = symdiff_derivative(expr, var)
        case.t_ours = time.perf_counter() - start
        start = time.perf_counter()
        trivial = differentiate(expr, var, simplify="trivial")
        case.t_ours_raw = time.perf_counter() - start
        case.trivial = count_ops(trivial)
        case.ours = count_ops(derivative)
        case.result = str(derivative)
        start = time.perf_counter()
        strong = simplify(differentiate(expr, var), level="full")
        case.t_full = time.perf_counter() - start
        case.full = count_ops(strong)
        case.full_result = str(strong)
        theirs = to_sympy(text, names)
        symbol = sympy.Symbol(var, real=True)
        clear_cache()
        start = time.perf_counter()
        d = sympy.diff(theirs, symbol)
        case.t_sympy_diff = time.perf_counter() - start
        case.sympy_diff = sympy_size(d)
        case.theirs = sympy.sstr(d)
        if timeout:
            clear_cache()
            start = time.perf_counter()
            s = with_timeout(timeout, sympy.simplify, d)
            if s is not None:
                case.t_sympy_simplify = time.perf_counter() - start
                case.sympy_simplify = sympy_size(s)
    except Exception as error:  # a benchmark reports every failure and goes on
        case.error = f"{type(error).__name__}: {error}"[:200]
    return case


def ratios(cases: list[Case], field: str, mine: str = "ours") -> list[float]:
    """ours (or ``mine``) / theirs per case (0/0 is 1; n/0 is infinite)."""
    out = []
    for c in cases:
        theirs, ours = getattr(c, field), getattr(c, mine)
        if ours is None or theirs is None:
            continue
        out.append(ours / theirs if theirs else (1.0 if ours == 0 else math.inf))
    return out


def trivial_ratios(cases: list[Case]) -> list[float]:
    """The trivial-rule derivative (the differentiator's default) against sympy.diff."""
    return [
        c.trivial / c.sympy_diff if c.sympy_diff else 1.0
        for c in cases
        if c.trivial is not None and c.sympy_diff is not None
    ]


def describe(values: list[float]) -> str:
    if not values:
        return "no data"
    values = sorted(values)
    p90 = values[min(len(values) - 1, math.ceil(0.9 * len(values)) - 1)]
    over = sum(v > 2 for v in values)
    better = sum(v < 1 for v in values)
    same = sum(v == 1 for v in values)
    return (
        f"n={len(values)} median={statistics.median(values):.3f} p90={p90:.3f}"
        f" max={values[-1]:.3f} >2x={over} smaller={better} equal={same}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=float, default=5.0, help="sympy.simplify seconds")
    parser.add_argument("--no-sympy-simplify", action="store_true")
    parser.add_argument("--limit", type=int, default=None, help="first N cases only")
    parser.add_argument("--worst", type=int, default=10, help="show the N worst cases")
    parser.add_argument("--json", type=Path, default=None, help="write every case here")
    args = parser.parse_args(argv)
    timeout = None if args.no_sympy_simplify else args.timeout
    sys.setrecursionlimit(10_000)  # SymPy recurses
    cases = [run_case(*c, timeout) for c in corpus()[: args.limit]]
    failed = [c for c in cases if c.error]
    done = [c for c in cases if not c.error]
    print(f"cases: {len(cases)} ({len(failed)} failed)")
    print("size ratio symdiff/sympy.diff    ", describe(ratios(done, "sympy_diff")))
    print("  trivial rules only, for scale:  ", describe(trivial_ratios(done)))
    print("full level/sympy.diff             ", describe(ratios(done, "sympy_diff", "full")))
    if timeout:
        print("size ratio symdiff/sympy.simplify", describe(ratios(done, "sympy_simplify")))
        print(
            "full level/sympy.simplify         ",
            describe(ratios(done, "sympy_simplify", "full")),
        )
        finished = [c for c in done if c.t_sympy_simplify is not None]
        print(f"sympy.simplify finished within {timeout}s: {len(finished)}/{len(done)}")
    _times(done, timeout)
    _worst(done, args.worst)
    _worst(done, args.worst, "full", "sympy_diff")
    if timeout:
        _worst(done, args.worst, "full", "sympy_simplify")
    for c in failed[:10]:
        print(f"  failed [{c.group}] {c.expr[:60]}: {c.error}")
    if args.json:
        args.json.write_text(json.dumps([asdict(c) for c in cases], indent=1))
    return 0


def _times(done: list[Case], timeout: float | None) -> None:
    ours = [c.t_ours for c in done]
    theirs = [c.t_sympy_diff for c in done]
    print(
        f"time symdiff (diff+simplify): total {sum(ours):.2f}s median"
        f" {statistics.median(ours) * 1e3:.2f}ms"
        f" (the derivative with the trivial rules alone: {sum(c.t_ours_raw for c in done):.2f}s)"
    )
    print(
        f"time sympy.diff (cold):       total {sum(theirs):.2f}s median"
        f" {statistics.median(theirs) * 1e3:.2f}ms"
    )
    speed = [t / o for o, t in zip(ours, theirs, strict=True) if o > 0]
    print(
        f"speed-up vs sympy.diff: median {statistics.median(speed):.2f}x,"
        f" symdiff faster in {sum(s > 1 for s in speed)}/{len(speed)}"
    )
    full = [c.t_full for c in done]
    print(
        f"time symdiff full level (diff+simplify): total {sum(full):.2f}s median"
        f" {statistics.median(full) * 1e3:.2f}ms"
    )
    if timeout:
        finished = [c for c in done if c.t_sympy_simplify is not None]
        simp = [c.t_sympy_simplify for c in finished]
        print(f"time sympy.simplify (cold): total {sum(simp):.2f}s (finished cases only)")
        pairs = [(c.t_sympy_diff + c.t_sympy_simplify, c.t_full) for c in finished]
        speed = [t / o for t, o in pairs if o > 0]
        total = sum(t for t, _ in pairs) / max(sum(o for _, o in pairs), 1e-12)
        print(
            f"speed-up full level vs sympy.diff+sympy.simplify: median"
            f" {statistics.median(speed):.1f}x, total {total:.1f}x (finished cases;"
            f" cases over {timeout}s, which would add to SymPy's time, left out)"
        )


def _worst(done: list[Case], count: int, mine: str = "ours", field: str = "sympy_diff") -> None:
    ranked = sorted(
        (c for c in done if getattr(c, field) is not None and getattr(c, mine) is not None),
        key=lambda c: ratios([c], field, mine)[0],
        reverse=True,
    )
    label = "default" if mine == "ours" else "full level"
    print(f"worst {count}, {label} against {field.replace('_', '.')} (ours/theirs ops):")
    for c in ranked[:count]:
        print(f"  [{c.group}] d/d{c.var} {c.expr[:70]}: {getattr(c, mine)}/{getattr(c, field)}")
        print(f"      symdiff: {(c.result if mine == 'ours' else c.full_result)[:150]}")
        if field == "sympy_diff":
            print(f"      sympy:   {c.theirs[:150]}")


if __name__ == "__main__":
    sys.exit(main())
