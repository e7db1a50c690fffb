"""Benchmark: the cost of the n-ary product rule, doubling n, at each simplification level.

Families (n factors each):
- ``sin(x)*sin(2*x)*...*sin(n*x)``, one flat product;
- the division chain ``x/(x + 1)/(x + 2)/.../(x + n)``, which the parser builds as one flat
  product of ``x`` and the powers ``(x + k)^-1``;
- the same chain built as nested binary products, ``Mul(Mul(Mul(x, ...), ...), ...)``.

For each ``differentiate(..., simplify=level)`` it prints the DAG operation counts of the
input and of the derivative, their ratio, and the time. A level stops doubling once one run
takes longer than ``--budget`` seconds.

Run: ``python benchmarks/bench_product_rule.py [--start 125] [--stop 16000] [--budget 10]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from symdiff import differentiate, parse
from symdiff.core.expr import Expr, Mul, Number, Pow, Symbol
from symdiff.core.traverse import count_ops

LEVELS: tuple[bool | str, ...] = (False, "trivial", True)


def sines(n: int) -> Expr:
    return parse("*".join(f"sin({k}*x)" for k in range(1, n + 1)))


def division_chain(n: int) -> Expr:
    return parse("x" + "".join(f"/(x + {k})" for k in range(1, n + 1)))


def nested_chain(n: int) -> Expr:
    x = Symbol("x")
    node: Expr = x
    for k in range(1, n + 1):
        node = Mul(node, Pow(x + Number(k), Number(-1)))
    return node


FAMILIES: dict[str, Callable[[int], Expr]] = {
    "sin(k*x) product": sines,
    "division chain (flat)": division_chain,
    "division chain (nested)": nested_chain,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--start", type=int, default=125)
    parser.add_argument("--stop", type=int, default=16000)
    parser.add_argument("--budget", type=float, default=10.0)
    options = parser.parse_args()
    for name, build in FAMILIES.items():
        print(f"\n{name}")
        print(f"{'level':>9} {'n':>7} {'input ops':>10} {'d ops':>10} {'ratio':>6} {'seconds':>8}")
        for level in LEVELS:
            n = options.start
            while n <= options.stop:
                expr = build(n)
                began = time.perf_counter()
                result = differentiate(expr, "x", simplify=level)
                seconds = time.perf_counter() - began
                before, after = count_ops(expr, dag=True), count_ops(result, dag=True)
                label = "raw" if level is False else "standard" if level is True else str(level)
                print(
                    f"{label:>9} {n:>7} {before:>10} {after:>10} {after / before:>6.2f}"
                    f" {seconds:>8.3f}",
                    flush=True,
                )
                if seconds > options.budget:
                    break
                n *= 2


if __name__ == "__main__":
    main()
