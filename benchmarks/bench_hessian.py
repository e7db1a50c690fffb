"""Size and time of the dense Hessian family, trivial against standard simplification.

Run from the repository root (not collected by pytest)::

    python benchmarks/bench_hessian.py 20 50

The function is ``sum exp(-(x_i - x_{i+1})^2) + sum x_i x_{i+1} x_{i+2} + prod (1 + x_i^2/n)``;
for each n it prints the operations after ``cse`` of ``hessian(f, simplify="trivial")`` and of
the default (standard) ``hessian``, and the time of each (differentiate, simplify, cse).
"""

from __future__ import annotations

import sys
import time
from itertools import pairwise

from symdiff import cse, hessian, parse


def family_text(n: int) -> tuple[str, list[str]]:
    """The function's text and its variables ``x0 ... x(n-1)``."""
    xs = [f"x{i}" for i in range(n)]
    t1 = " + ".join(f"exp(-({a} - {b})^2)" for a, b in pairwise(xs))
    t2 = " + ".join(f"{a}*{b}*{c}" for a, b, c in zip(xs, xs[1:], xs[2:], strict=False))
    t3 = "*".join(f"(1 + {a}^2/{n})" for a in xs)
    return f"{t1} + {t2} + {t3}", xs


def family(n: int) -> object:
    text, xs = family_text(n)
    return parse(text), xs


def main() -> None:
    for n in map(int, sys.argv[1:] or ["20", "50"]):
        f, xs = family(n)
        for level in ("trivial", "standard"):
            start = time.perf_counter()
            program = cse(hessian(f, xs, simplify="trivial" if level == "trivial" else True))
            seconds = time.perf_counter() - start
            print(f"n={n:4d} {level:9s} {program.count_ops():7d} operations  {seconds:6.2f} s")


if __name__ == "__main__":
    main()
