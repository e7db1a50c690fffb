"""C over arrays of points (emit.c_points + emit.cache), raw ctypes calls, against
hand-written NumPy and SymEngine LLVM on the n = 100 Rosenbrock gradient and Hessian.

Run: PYTHONPATH=. python benchmarks/bench_eval_points.py
"""

import ctypes
import tempfile
import time

import numpy as np
import symengine

from symdiff import parse
from symdiff.diff.reverse import gradient, hessian
from symdiff.emit.c_points import emit_c_points
from symdiff.emit.cache import load_library
from symdiff.program.cse import cse
from symdiff.program.program import Program

n = 100
names = [f"x{i}" for i in range(n)]
f = parse(" + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(n - 1)))


def kernel(outs, label):
    p = cse(outs, inputs=names)
    pattern = [k for k, o in enumerate(p.outputs) if not (o.is_number and o.value == 0)]
    vp = Program(p.inputs, p.assignments, [p.outputs[k] for k in pattern])
    src = emit_c_points(vp, pattern, len(p.outputs))
    d = tempfile.mkdtemp()
    t = time.perf_counter()
    lib = load_library(src, vp.count_ops(), d)
    t1 = time.perf_counter() - t
    t = time.perf_counter()
    load_library(src, vp.count_ops(), d)
    t2 = time.perf_counter() - t
    print(
        f"{label}: nnz {len(pattern)} of {len(p.outputs)};",
        f"first build {t1:.3f} s, cached load {t2 * 1e3:.2f} ms",
    )
    return lib, len(p.outputs)


lib, size = kernel(gradient(f, names), "grad n=100")
fn = lib.f_dense
fn.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_longlong]
X = np.random.default_rng(1).uniform(-1, 1, (100_000, n))
out = np.empty((100_000, size))
best = min(
    (lambda t: (fn(X.ctypes.data, out.ctypes.data, 100_000), time.perf_counter() - t)[1])(
        time.perf_counter()
    )
    for _ in range(5)
)
print(f"C over 1e5 points: {best / 1e5 * 1e9:.1f} ns/point")
x = X[0].copy()
o = np.empty(size)
N = 20000
t = time.perf_counter()
for _ in range(N):
    fn(x.ctypes.data, o.ctypes.data, 1)
print(f"C one point, raw ctypes: {(time.perf_counter() - t) / N * 1e6:.2f} us")


def hand(x):
    g = np.zeros_like(x)
    d = x[1:] - x[:-1] ** 2
    g[:-1] = -400 * x[:-1] * d - 2 * (1 - x[:-1])
    g[1:] += 200 * d
    return g


XT = np.ascontiguousarray(X.T)
best = min(
    (lambda t: (hand(XT), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(5)
)
print(f"hand NumPy over 1e5 points: {best / 1e5 * 1e9:.1f} ns/point")
np.testing.assert_allclose(out.T, hand(XT), rtol=1e-9, atol=1e-9)
s = [symengine.Symbol(v) for v in names]
se = symengine.Lambdify(
    s,
    [symengine.sympify(str(e).replace("^", "**")) for e in gradient(f, names)],
    cse=True,
    backend="llvm",
)
t = time.perf_counter()
for _ in range(N):
    se(x)
print(f"symengine llvm single point: {(time.perf_counter() - t) / N * 1e6:.2f} us")
kernel(hessian(f, names), "hessian n=100")
