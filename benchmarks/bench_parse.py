"""Benchmark: parse throughput (MB/s) on the seed talk's swell texts, 64 kB and 1 MB.

The swell text is repeated squaring ``t_{k+1} = t_k * t_k`` printed: 14 levels (65,531
characters) and 18 levels (1,048,571). Measured in one run:

- symdiff's ``parse`` (this checkout);
- the parse of another checkout (``--main``, run in a subprocess with its PYTHONPATH), e.g.
  the version before a change;
- a reference pure-Python iterative parser of the same grammar building the same nodes;
- SymEngine's ``sympify`` and SymPy's ``parse_expr`` as anchors (when installed);
- a doubling check (time for 2n over time for n) and a 100,000-deep nesting.

Each time is the best of three runs (wall clock) and the last column its ratio to symdiff's
``parse``; the load average is printed with each table, so compare ratios within one run.

Run: ``python benchmarks/bench_parse.py [--main /work/main] [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from symdiff import Mul, Symbol, parse  # noqa: E402
from symdiff.core.expr import Pow, negate, product_chain  # noqa: E402


def swell_text(levels: int) -> str:
    t = Symbol("x")
    for _ in range(levels):
        t = Mul(t, t)
    return str(t)


_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+)|([^\W\d]\w*)|(\*\*|[-+*/^(),]))")


def reference_parse(text: str):
    """Shunting-yard over sums, products and powers of names, numbers and parentheses."""
    from symdiff import Add, Number

    values: list = []
    ops: list = []
    prec = {"+": 1, "-": 1, "*": 2, "/": 2, "^": 4, "**": 4}

    def reduce_top() -> None:
        op = ops.pop()
        right, left = values.pop(), values.pop()
        if op == "+":
            values.append(Add(left, right))
        elif op == "-":
            values.append(Add(left, negate(right)))
        elif op == "*":
            values.append(product_chain([left, right]))
        elif op == "/":
            values.append(Mul(left, Pow(right, -1)))
        else:
            values.append(Pow(left, right))

    for number, name, op in _TOKEN.findall(text):
        if number:
            values.append(Number(int(number)))
        elif name:
            values.append(Symbol(name))
        elif op == "(":
            ops.append(op)
        elif op == ")":
            while ops[-1] != "(":
                reduce_top()
            ops.pop()
        else:
            while ops and ops[-1] != "(" and prec[ops[-1]] >= prec[op] and op not in "^**":
                reduce_top()
            ops.append(op)
    while ops:
        reduce_top()
    return values[0]


def best(step, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times)


def main_parse_seconds(main: str, levels: int) -> float | None:
    code = (
        "import time\nfrom symdiff import Mul, Symbol, parse\nt = Symbol('x')\n"
        f"for _ in range({levels}):\n    t = Mul(t, t)\ntext = str(t); parse('x')\n"
        "times = []\nfor _ in range(3):\n    s = time.perf_counter()\n"
        "    parse(text, max_length=10**8)\n    times.append(time.perf_counter() - s)\n"
        "print(min(times))"
    )
    env = dict(os.environ, PYTHONPATH=main)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=main, capture_output=True, text=True
    )
    return float(done.stdout.split()[-1]) if done.returncode == 0 else None


def anchors(text: str) -> dict[str, float]:
    found = {}
    try:
        import symengine

        found["symengine sympify"] = best(lambda: symengine.sympify(text), 1)
    except ImportError:
        pass
    try:
        from sympy.parsing.sympy_parser import parse_expr

        if len(text) < 100_000:
            found["sympy parse_expr"] = best(lambda: parse_expr(text, evaluate=False), 1)
    except ImportError:
        pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--main", default="/work/main")
    parser.add_argument("--quick", action="store_true")
    options = parser.parse_args()
    parse("x")
    rows = {}
    for levels in (14,) if options.quick else (14, 18):
        text = swell_text(levels)
        mb = len(text) / 1e6
        assert reference_parse(text) is parse(text)
        row = {
            "symdiff parse": best(lambda text=text: parse(text)),
            "reference iterative parser": best(lambda text=text: reference_parse(text)),
        }
        old = main_parse_seconds(options.main, levels)
        if old is not None:
            row["parse of --main"] = old
        row.update(anchors(text))
        rows[len(text)] = row
        print(f"\n## swell text, {levels} levels, {len(text):,} characters (load {_load()})")
        ours = row["symdiff parse"]
        for name, seconds in row.items():
            print(f"{name:<30} {seconds:9.3f} s {mb / seconds:8.3f} MB/s {seconds / ours:7.2f}x")
    n = swell_text(15)
    t1, t2 = best(lambda: parse(n)), best(lambda: parse(swell_text(16)))
    print(f"\ndoubling: 16 levels / 15 levels = {t2 / t1:.2f} (2.0 is linear)")
    deep = "(" * 100_000 + "x" + ")" * 100_000
    print(f"100,000-deep parentheses: {best(lambda: parse(deep), 1):.3f} s (load {_load()})")
    print(json.dumps({str(k): v for k, v in rows.items()}))


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
