"""Evaluating derivatives: symdiff's callables against SymEngine, SymPy, CasADi, JAX and NumPy.

Run from the repository root (not collected by pytest)::

    python benchmarks/bench_eval.py [--points 100000] [--rounds 5] [--only NAME] [--skip-sympy]

Workloads (issue #12): the gradients of the n = 100 Rosenbrock and least-squares functions,
and the dense Hessian (n = 50) of ``sum exp(-(x_i - x_{i+1})^2) + sum x_i x_{i+1} x_{i+2} +
prod (1 + x_i^2/n)``. symdiff's derivatives are given, as expressions, to SymEngine and SymPy;
CasADi and JAX differentiate the same function themselves (their own AD), as their users would.

For each workload three tables:

- **per point** over ``--points`` points (best of the rounds, in ns per point);
- **latency**: one call at one point, as ``scipy.optimize`` makes it (us per call);
- **build**: from the derivative expressions to a callable; symdiff's C backend first with an
  empty compile cache and then in a fresh process that finds the library in the cache.

Ratios are the contender's time divided by symdiff C's (above 1: symdiff is faster). The
contenders take turns round after round, so a busy machine slows them alike. Anchors missing
from the environment are reported as such. Benchmark-only installs: sympy, numpy, symengine,
casadi, jax.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from symdiff import gradient, hessian, lambdify, parse  # noqa: E402
from symdiff.core.expr import Expr  # noqa: E402


def optional(name: str):
    try:
        return __import__(name)
    except ImportError:
        return None


sympy = optional("sympy")
symengine = optional("symengine")
casadi = optional("casadi")
jax = optional("jax")
if jax is not None:
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp


# -- workloads ---------------------------------------------------------------------------------


@dataclass
class Workload:
    name: str
    names: list[str]
    text: str
    outputs: Any  # the symdiff derivative: a list (gradient) or rows (Hessian)
    flat: list[Expr]
    shape: tuple[int, ...]
    jax_f: Callable | None = None  # the function in jax.numpy, of one vector
    casadi_f: Callable | None = None  # the function of a casadi SX vector
    hand: Callable | None = None  # hand-written NumPy: (n, P) -> (m, P)
    domain: tuple[float, float] = (-1.0, 1.0)
    extra: dict = field(default_factory=dict)


def rosenbrock(n: int) -> Workload:
    names = [f"x{i}" for i in range(n)]
    text = " + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(n - 1))
    g = gradient(parse(text), names)

    def casadi_f(x):
        return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(n - 1))

    def jax_f(x):
        return jnp.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)

    def hand(x):
        out = np.zeros_like(x)
        d = x[1:] - x[:-1] ** 2
        out[:-1] = -400 * x[:-1] * d - 2 * (1 - x[:-1])
        out[1:] += 200 * d
        return out

    return Workload(f"grad rosenbrock n={n}", names, text, g, list(g), (n,), jax_f, casadi_f, hand)


def least_squares(n: int, rows: int = 20, seed: int = 5) -> Workload:
    rng = random.Random(seed)
    a = [[rng.randint(-40, 40) / 8 for _ in range(n)] for _ in range(rows)]
    b = [rng.randint(-80, 80) / 16 for _ in range(rows)]
    names = [f"w{j}" for j in range(n)]
    text = " + ".join(
        f"({b[r]} - ({' + '.join(f'{a[r][j]}*w{j}' for j in range(n))}))^2" for r in range(rows)
    )
    g = gradient(parse(text), names)
    A, B = np.array(a), np.array(b)

    def casadi_f(x):
        return sum((b[r] - sum(a[r][j] * x[j] for j in range(n))) ** 2 for r in range(rows))

    def jax_f(x):
        return jnp.sum((jnp.asarray(B) - jnp.asarray(A) @ x) ** 2)

    def hand(x):  # x: (n, P)
        return -2 * A.T @ (B[:, None] - A @ x)

    return Workload(
        f"grad least squares n={n}", names, text, g, list(g), (n,), jax_f, casadi_f, hand
    )


def hessian_family(n: int) -> Workload:
    names = [f"x{i}" for i in range(n)]
    t1 = " + ".join(f"exp(-({a} - {b})^2)" for a, b in pairwise(names))
    t2 = " + ".join(f"{a}*{b}*{c}" for a, b, c in zip(names, names[1:], names[2:], strict=False))
    t3 = "*".join(f"(1 + {a}^2/{n})" for a in names)
    text = f"{t1} + {t2} + {t3}"
    h = hessian(parse(text), names)

    def casadi_f(x):
        p = 1
        for i in range(n):
            p = p * (1 + x[i] ** 2 / n)
        return (
            sum(casadi.exp(-((x[i] - x[i + 1]) ** 2)) for i in range(n - 1))
            + sum(x[i] * x[i + 1] * x[i + 2] for i in range(n - 2))
            + p
        )

    def jax_f(x):
        return (
            jnp.sum(jnp.exp(-((x[:-1] - x[1:]) ** 2)))
            + jnp.sum(x[:-2] * x[1:-1] * x[2:])
            + jnp.prod(1 + x**2 / n)
        )

    flat = [e for row in h for e in row]
    return Workload(f"dense hessian n={n}", names, text, h, flat, (n, n), jax_f, casadi_f, None)


# -- contenders --------------------------------------------------------------------------------


@dataclass
class Contender:
    """One way of evaluating a workload: ``points(X)`` with X of shape (n, P) returning
    something of shape (m..., P) or (P, m...), and ``one(x)`` at a single point."""

    label: str
    points: Callable | None
    one: Callable | None
    build: float  # seconds from the expressions (or function) to a callable
    check: Callable | None = None  # X -> array (P, m) to compare with symdiff's


def symdiff_contender(work: Workload, backend: str) -> Contender:
    """symdiff's ``lambdify(..., signature="vector")``; the Python backend at one point only
    (over points it loops in Python)."""
    start = time.perf_counter()
    f = lambdify(work.outputs, work.names, backend=backend, signature="vector")
    build = time.perf_counter() - start
    over_points = backend != "python"
    return Contender(
        f"symdiff {backend} (vector)",
        (lambda X: f(X)) if over_points else None,
        lambda x: f(x),
        build,
        (lambda X: np.asarray(f(X)).reshape(len(work.flat), -1).T) if over_points else None,
    )


def _engine_exprs(work: Workload) -> tuple[list, list]:
    from symdiff.interop import to_sympy

    syms = [symengine.Symbol(n) for n in work.names]
    return syms, [symengine.sympify(to_sympy(e, evaluate=False)) for e in work.flat]


def symengine_contender(work: Workload, backend: str) -> Contender | None:
    if symengine is None or sympy is None:
        return None
    syms, exprs = _engine_exprs(work)
    start = time.perf_counter()
    f = symengine.Lambdify(syms, exprs, cse=True, backend=backend)
    build = time.perf_counter() - start
    return Contender(
        f"symengine Lambdify({backend}, cse)",
        lambda X: f(X.T),  # symengine takes points as rows
        lambda x: f(x),
        build,
        lambda X: np.asarray(f(np.ascontiguousarray(X.T))).reshape(X.shape[1], -1),
    )


def sympy_contender(work: Workload) -> Contender | None:
    if sympy is None:
        return None
    from symdiff.interop import to_sympy

    syms = [sympy.Symbol(n) for n in work.names]
    exprs = [to_sympy(e, evaluate=False) for e in work.flat]
    start = time.perf_counter()
    vec = sympy.lambdify([syms], exprs, modules="numpy", cse=True)
    scalar = sympy.lambdify([syms], exprs, modules="math", cse=True)
    build = time.perf_counter() - start

    def points(X):  # constant entries come back as scalars: broadcast them
        return np.array(np.broadcast_arrays(*vec(X)))

    return Contender(
        "sympy.lambdify(cse=True)",
        points,
        scalar,
        build,
        lambda X: points(X).reshape(-1, X.shape[1]).T,
    )


def casadi_contender(work: Workload, points: int) -> Contender | None:
    if casadi is None or work.casadi_f is None:
        return None
    start = time.perf_counter()
    x = casadi.SX.sym("x", len(work.names))
    f = work.casadi_f([x[i] for i in range(len(work.names))])
    d = casadi.hessian(f, x)[0] if len(work.shape) == 2 else casadi.gradient(f, x)
    function = casadi.Function("d", [x], [casadi.reshape(d, -1, 1)])
    mapped = function.map(points, "serial")
    build = time.perf_counter() - start
    return Contender(
        "casadi Function (SX, own AD)",
        lambda X: mapped(X),
        lambda v: function(v),
        build,
        lambda X: np.asarray(mapped(X)).T,
    )


def jax_contender(work: Workload) -> Contender | None:
    if jax is None or work.jax_f is None:
        return None
    start = time.perf_counter()
    d = jax.hessian(work.jax_f) if len(work.shape) == 2 else jax.grad(work.jax_f)
    one = jax.jit(d)
    many = jax.jit(jax.vmap(d, in_axes=1, out_axes=-1))
    n = len(work.names)
    one(jnp.zeros(n)).block_until_ready()  # compiling is part of the build
    build_one = time.perf_counter() - start
    return Contender(
        "jax jit (own AD; vmap)",
        lambda X: many(X).block_until_ready(),
        lambda x: one(x).block_until_ready(),
        build_one,
        lambda X: np.asarray(many(jnp.asarray(X))).reshape(-1, X.shape[1]).T,
    )


def hand_contender(work: Workload) -> Contender | None:
    if work.hand is None:
        return None
    return Contender(
        "hand-written NumPy",
        work.hand,
        lambda x: work.hand(x[:, None]),
        0.0,
        lambda X: work.hand(X).T,
    )


# -- timing ------------------------------------------------------------------------------------


def best_times(calls: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Best time of one call of each, in seconds; the calls take turns, round after round."""
    repeat = {}
    for label, call in calls.items():
        call()
        start = time.perf_counter()
        call()
        repeat[label] = max(1, int(0.05 / max(time.perf_counter() - start, 1e-9)))
    best = dict.fromkeys(calls, math.inf)
    for _ in range(rounds):
        for label, call in calls.items():
            k = repeat[label]
            start = time.perf_counter()
            for _ in range(k):
                call()
            best[label] = min(best[label], (time.perf_counter() - start) / k)
    return best


def table(title: str, times: dict[str, float], scale: float, unit: str) -> None:
    print(f"  {title}")
    mine = times.get("symdiff c (vector)")
    for label, seconds in times.items():
        mine_too = mine and label != "symdiff c (vector)"
        ratio = f"   x{seconds / mine:7.2f} of symdiff c" if mine_too else ""
        print(f"    {label:<36}{seconds * scale:12.2f} {unit}{ratio}")


def cached_build(work_name: str, cache: str) -> float:
    """The build time of symdiff's C callable in a fresh process with a warm cache."""
    code = (
        "import sys, time; sys.path.insert(0, 'benchmarks'); sys.path.insert(0, '.');"
        f"import bench_eval as b; w = b.WORKLOADS[{work_name!r}](); t = time.perf_counter();"
        "b.lambdify(w.outputs, w.names, backend='c', signature='vector');"
        "print(time.perf_counter() - t)"
    )
    env = dict(os.environ, SYMDIFF_CACHE_DIR=cache)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


WORKLOADS: dict[str, Callable[[], Workload]] = {
    "rosenbrock": lambda: rosenbrock(100),
    "least_squares": lambda: least_squares(100),
    "hessian": lambda: hessian_family(50),
}


def run(key: str, points: int, rounds: int, with_sympy: bool) -> None:
    work = WORKLOADS[key]()
    print(f"{work.name}: {len(work.flat)} outputs, {len(work.names)} inputs")
    cache = tempfile.mkdtemp(prefix="symdiff-bench-cache-")
    os.environ["SYMDIFF_CACHE_DIR"] = cache
    makers = [
        lambda w: symdiff_contender(w, "c"),
        lambda w: symdiff_contender(w, "numpy"),
        lambda w: symdiff_contender(w, "python"),
        lambda w: symengine_contender(w, "llvm"),
        lambda w: symengine_contender(w, "lambda"),
        sympy_contender if with_sympy else (lambda w: None),
        lambda w: casadi_contender(w, points),
        jax_contender,
        hand_contender,
    ]
    contenders = [c for c in (make(work) for make in makers) if c is not None]
    rng = np.random.default_rng(1)
    X = np.ascontiguousarray(rng.uniform(*work.domain, size=(len(work.names), points)))
    x = np.ascontiguousarray(X[:, 0])
    reference = contenders[0].check(X[:, :200])
    for c in contenders[1:]:
        if c.check is not None:
            np.testing.assert_allclose(
                c.check(X[:, :200]) if "casadi" not in c.label else c.check(X)[:200],
                reference,
                rtol=1e-8,
                atol=1e-8,
                err_msg=c.label,
            )
    per_point = best_times(
        {c.label: (lambda c=c: c.points(X)) for c in contenders if c.points}, rounds
    )
    table(f"per point, {points} points", per_point, 1e9 / points, "ns/point")
    latency = best_times({c.label: (lambda c=c: c.one(x)) for c in contenders if c.one}, rounds)
    table("latency, one point", latency, 1e6, "us")
    builds = {c.label: c.build for c in contenders if c.label != "hand-written NumPy"}
    builds["symdiff c (vector), cached, new process"] = cached_build(key, cache)
    table("build (from the expressions; CasADi and JAX: from the function)", builds, 1e3, "ms")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=sorted(WORKLOADS))
    parser.add_argument(
        "--skip-sympy",
        action="store_true",
        help="leave out sympy.lambdify (its cse takes minutes on the least-squares gradient)",
    )
    options = parser.parse_args()
    versions = {
        m.__name__: getattr(m, "__version__", "?") for m in (np, sympy, symengine, casadi, jax) if m
    }
    print("versions:", ", ".join(f"{k} {v}" for k, v in versions.items()))
    for key in [options.only] if options.only else WORKLOADS:
        run(key, options.points, options.rounds, not options.skip_sympy)


if __name__ == "__main__":
    main()
