"""Evaluation speed of emitted code against SymPy, SymEngine and hand-written NumPy.

Run from the repository root (not collected by pytest)::

    env -u OPENBLAS_CORETYPE python benchmarks/bench_eval.py [--points 100000] [--quick]

Workloads: the gradient of the n-variable Rosenbrock function (n = 10, 100), a random
expression of about 1,000 nodes in three variables, and the derivative of a textbook function.
The derivatives come from ``symdiff.diff.diff`` when it is installed, else from SymPy (the same
expressions are then given to every contender). For each workload it prints

- NumPy over ``--points`` points: symdiff's ``lambdify(..., backend="numpy")`` (one array of
  shape ``(outputs, points)``) against ``sympy.lambdify(..., modules="numpy", cse=True)`` (a
  list of arrays; also timed with ``np.array`` around it), hand-written NumPy and SymEngine's
  ``Lambdify(..., cse=True)`` (LLVM backend) when ``symengine`` is installed;
- call latency at one point: symdiff's Python and C callables against
  ``sympy.lambdify(..., modules="math", cse=True)`` and SymEngine.

Times are the best of several rounds in which the contenders take turns (so a busy machine
slows them alike); ratios are symdiff's time divided by the other's (below 1: symdiff is
faster). Benchmark-only dependencies: sympy, numpy, optionally symengine.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
import timeit
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import sympy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from symdiff import REGISTRY, Add, Mul, Number, Pow, Symbol, lambdify, parse
from symdiff.core.expr import Expr
from symdiff.emit.lambdify import c_compiler

try:
    import symengine
except ImportError:  # benchmark-only, optional
    symengine = None


@dataclass
class Workload:
    name: str
    args: list[str]
    exprs: list[Expr]
    sympy_exprs: list
    hand: Callable | None  # hand-written NumPy over arrays, returning (outputs, points)
    domain: tuple[float, float] = (-1.0, 1.0)
    other_hands: dict[str, Callable] = field(default_factory=dict)

    def output(self) -> Expr | list[Expr]:
        """One expression alone (a single array back), several as a list."""
        return self.exprs[0] if len(self.exprs) == 1 else self.exprs


# -- building the workloads --------------------------------------------------------------------


def to_sympy(expr: Expr, names: list[str]):
    """The same expression built in SymPy over the DAG (text would write out the tree),
    unevaluated (SymPy's automatic evaluation walks shared subtrees again and again)."""
    from symdiff.core.expr import Op
    from symdiff.core.traverse import postorder

    built: dict[Expr, object] = {}
    for node in postorder(expr):
        args = [built[a] for a in node.args]
        if node.op is Op.NUM:
            exact = not isinstance(node.value, float)
            built[node] = sympy.Rational(node.value) if exact else sympy.Float(node.value)
        elif node.op is Op.SYM:
            built[node] = sympy.Symbol(node.value)
        elif node.op is Op.CONST:
            built[node] = sympy.pi if node.value == "pi" else sympy.E
        elif node.op is Op.ADD:
            built[node] = sympy.Add(*args, evaluate=False)
        elif node.op is Op.MUL:
            built[node] = sympy.Mul(*args, evaluate=False)
        elif node.op is Op.POW:
            built[node] = sympy.Pow(*args, evaluate=False)
        else:
            name = {"abs": "Abs"}.get(node.value.name, node.value.name)
            built[node] = getattr(sympy, name)(*args, evaluate=False)
    return built[expr]


def from_sympy(expr) -> Expr:
    return parse(sympy.sstr(expr))


def derivatives(function_text: str, names: list[str]) -> tuple[list[Expr], str]:
    """The gradient, from symdiff's reverse mode when available, else from SymPy."""
    f = parse(function_text)
    try:
        from symdiff.diff.diff import gradient

        return gradient(f, names), "symdiff.diff.diff.gradient"
    except ImportError:
        symbols = [sympy.Symbol(n) for n in names]
        g = to_sympy(f, names)
        return [
            from_sympy(sympy.diff(g, s)) for s in symbols
        ], "sympy.diff (symdiff.diff.diff absent)"


def rosenbrock(n: int) -> tuple[Workload, str]:
    names = [f"x{i}" for i in range(n)]
    terms = [f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(n - 1)]
    exprs, source = derivatives(" + ".join(terms), names)

    def hand(*xs):  # the textbook vectorization: slices of one 2-D array
        x = np.asarray(xs)
        g = np.zeros_like(x)
        d = x[1:] - x[:-1] ** 2
        g[:-1] = -400 * x[:-1] * d - 2 * (1 - x[:-1])
        g[1:] += 200 * d
        return g

    def by_rows(*x):  # one variable at a time, as the emitted code does
        g = np.empty((len(x), *np.shape(x[0])))
        d = None
        for i in range(len(x)):
            gi = 200 * d if d is not None else 0.0
            if i + 1 < len(x):
                d = x[i + 1] - x[i] ** 2
                gi = gi - 400 * x[i] * d - 2 * (1 - x[i])
            g[i] = gi
        return g

    sym = [to_sympy(e, names) for e in exprs]
    work = Workload(f"grad rosenbrock n={n}", names, exprs, sym, hand)
    work.other_hands["hand-written NumPy, by rows"] = by_rows
    return work, source


def textbook() -> tuple[Workload, str]:
    text = "exp(-x^2/2)*sin(3x)/(1 + x^2) + sqrt(1 + x^2)*atan(x)"
    exprs, source = derivatives(text, ["x"])

    def hand(x):
        q = 1 + x**2
        g = np.exp(-(x**2) / 2)
        s, c = np.sin(3 * x), np.cos(3 * x)
        r = np.sqrt(q)
        return (-x * g * s + 3 * g * c) / q - 2 * x * g * s / q**2 + x * np.arctan(x) / r + r / q

    return Workload("d/dx textbook f(x)", ["x"], exprs, [to_sympy(exprs[0], ["x"])], hand), source


def random_expression(size: int, seed: int = 7) -> Workload:
    """A random DAG of about ``size`` operations over x, y, z with bounded values. Every
    shared node is a call or a power, so SymPy's flattening of sums and products cannot
    turn the sharing into an exponentially large tree."""
    rng = random.Random(seed)
    names = ["x", "y", "z"]
    pool: list[Expr] = [Symbol(n) for n in names]
    functions = [REGISTRY[n] for n in ("sin", "cos", "tanh", "atan")]
    operations = 0
    while operations < size:
        a, b = rng.choice(pool[-40:]), rng.choice(pool)
        function = rng.choice(functions)
        kind = rng.random()
        if kind < 0.4:
            node = function(Add(Mul(Number(rng.randint(1, 9)), a), b))
        elif kind < 0.8:
            node = function(Mul(a, b))
        else:
            node = Pow(function(a), Number(rng.randint(2, 3)))
        operations += 2
        pool.append(node)
    root = Add(*pool[-20:])
    return Workload(
        f"random expression (~{size} ops)", names, [root], [to_sympy(root, names)], None
    )


# -- timing --------------------------------------------------------------------------------------


def compare(contenders: dict[str, Callable[[], object]], rounds: int = 7) -> dict[str, float]:
    """Best time of one call of each contender, in seconds. The contenders take turns, round
    after round, so that a busy machine slows them alike and the ratios stay meaningful."""
    numbers = {}
    for label, function in contenders.items():
        function()
        start = time.perf_counter()
        function()
        once = time.perf_counter() - start
        numbers[label] = max(1, int(0.05 / max(once, 1e-9)))
    times = dict.fromkeys(contenders, math.inf)
    for _ in range(rounds):
        for label, function in contenders.items():
            spent = timeit.timeit(function, number=numbers[label]) / numbers[label]
            times[label] = min(times[label], spent)
    return times


def report(title: str, times: dict[str, float]) -> None:
    print(f"  {title}")
    mine = next(iter(times.values()))
    for k, (label, seconds) in enumerate(times.items()):
        unit = f"{seconds * 1e3:10.3f} ms" if seconds >= 1e-4 else f"{seconds * 1e6:10.3f} us"
        ratio = f"   symdiff/this = {mine / seconds:5.2f}" if k else ""
        print(f"    {label:<34}{unit}{ratio}")


def _engine(work: Workload) -> Callable | None:
    if symengine is None:
        return None
    se_symbols = [symengine.Symbol(n) for n in work.args]
    se_exprs = [symengine.sympify(e) for e in work.sympy_exprs]
    return symengine.Lambdify(se_symbols, se_exprs, cse=True, backend="llvm")


def _sympy(work: Workload, module: str) -> Callable:
    symbols = [sympy.Symbol(n) for n in work.args]
    output = work.sympy_exprs[0] if len(work.sympy_exprs) == 1 else work.sympy_exprs
    return sympy.lambdify(symbols, output, modules=module, cse=True)


def bench_numpy(work: Workload, points: int) -> None:
    rng = np.random.default_rng(1)
    data = rng.uniform(*work.domain, size=(len(work.args), points))
    args = list(data)
    ours, theirs = lambdify(work.output(), work.args, "numpy"), _sympy(work, "numpy")
    contenders = {
        "symdiff numpy": lambda: ours(*args),
        "sympy.lambdify(cse=True)": lambda: theirs(*args),
    }
    if len(work.exprs) > 1:  # SymPy returns a list of arrays; symdiff one broadcast array
        contenders["sympy.lambdify(cse=True), as array"] = lambda: np.array(theirs(*args))
    if work.hand is not None:
        expected = work.hand(*args)
        np.testing.assert_allclose(ours(*args).reshape(np.shape(expected)), expected, rtol=1e-8)
        contenders["hand-written NumPy"] = lambda: work.hand(*args)
    for label, other in work.other_hands.items():
        np.testing.assert_allclose(other(*args), work.hand(*args), rtol=1e-8)
        contenders[label] = lambda other=other: other(*args)
    engine = _engine(work)
    if engine is not None:
        rows = np.ascontiguousarray(data.T)
        contenders["symengine Lambdify(llvm, cse)"] = lambda: engine(rows)
    report(f"NumPy, {points} points", compare(contenders))


def bench_latency(work: Workload) -> None:
    point = [0.3 + 0.01 * i for i in range(len(work.args))]
    python, theirs = lambdify(work.output(), work.args), _sympy(work, "math")
    contenders = {"symdiff python": lambda: python(*point)}
    if c_compiler() is not None:
        compiled = lambdify(work.output(), work.args, "c")
        contenders["symdiff c (ctypes)"] = lambda: compiled(*point)
    contenders["sympy.lambdify(math, cse=True)"] = lambda: theirs(*point)
    engine = _engine(work)
    if engine is not None:
        contenders["symengine Lambdify(llvm, cse)"] = lambda: engine(point)
    report("latency, one point", compare(contenders))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="skip Rosenbrock n=100")
    options = parser.parse_args()
    print(f"numpy {np.__version__}, sympy {sympy.__version__},", end=" ")
    print(f"symengine {symengine.__version__ if symengine else 'not installed'}")
    built = [rosenbrock(10), textbook()]
    if not options.quick:
        built.insert(1, rosenbrock(100))
    workloads = [w for w, _ in built] + [random_expression(1000)]
    print(f"derivatives from: {built[0][1]}\n")
    for work in workloads:
        print(f"{work.name}: {len(work.exprs)} output(s), {len(work.args)} input(s)")
        bench_numpy(work, options.points)
        bench_latency(work)
        print()


if __name__ == "__main__":
    main()
