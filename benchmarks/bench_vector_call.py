"""Single-call latency of the vector convention and of plain-float calls (Rosenbrock, n = 100).

Run: ``PYTHONPATH=$PWD python benchmarks/bench_vector_call.py``

Prints microseconds per call and ratios against anchors measured in the same run: the C
backend's ``f(x)`` against SymEngine's ``Lambdify(backend="llvm")`` (target: at most 2x),
and the NumPy backend called with plain floats against the Python backend (target: at most 2x).
"""

from __future__ import annotations

import timeit

import numpy as np

from symdiff import gradient, lambdify, parse


def rosenbrock(n: int) -> str:
    return " + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(n - 1))


def per_call(function, *args, number: int = 2000) -> float:
    best = min(timeit.repeat(lambda: function(*args), number=number, repeat=5))
    return best / number * 1e6


def main(n: int = 100) -> None:
    f = parse(rosenbrock(n))
    g = gradient(f)
    x = np.linspace(-1.0, 1.0, n)
    floats = [float(v) for v in x]
    results = {}
    results["c vector"] = per_call(lambdify(g, backend="c", signature="vector"), x)
    results["numpy vector"] = per_call(lambdify(g, backend="numpy", signature="vector"), x)
    results["c floats"] = per_call(lambdify(g, backend="c"), *floats)
    results["python floats"] = per_call(lambdify(g, backend="python"), *floats)
    results["numpy floats"] = per_call(lambdify(g, backend="numpy"), *floats)
    try:
        import symengine as se
        import sympy

        names = [f"x{i}" for i in range(n)]
        sf = sympy.sympify(rosenbrock(n).replace("^", "**"))
        sg = [sf.diff(sympy.Symbol(v)) for v in names]
        llvm = se.Lambdify([se.Symbol(v) for v in names], sg, backend="llvm")
        results["symengine llvm"] = per_call(llvm, x)
    except Exception as error:
        print(f"symengine llvm unavailable: {error}")
    for label, micro in results.items():
        print(f"{label:>16}: {micro:8.2f} us/call")
    if "symengine llvm" in results:
        ratio = results["c vector"] / results["symengine llvm"]
        print(f"c vector / symengine llvm = {ratio:.2f} (target <= 2)")
    ratio = results["numpy floats"] / results["python floats"]
    print(f"numpy floats / python floats = {ratio:.2f} (target <= 2)")


if __name__ == "__main__":
    main()
