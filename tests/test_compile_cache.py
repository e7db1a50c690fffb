"""The on-disk cache of compiled C, pickling of compiled functions, C over arrays of points."""

import ctypes
import importlib
import pickle
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

from symdiff import parse
from symdiff.emit.c_points import emit_c_points
from symdiff.emit.cache import c_compiler, cache_directory, compile_flags, load_library
from symdiff.emit.lambdify import lambdify
from symdiff.program.cse import cse

cache_module = importlib.import_module("symdiff.emit.cache")
lambdify_module = importlib.import_module("symdiff.emit.lambdify")
needs_compiler = pytest.mark.skipif(c_compiler() is None, reason="no C compiler on this machine")


def test_cache_directory_order(monkeypatch, tmp_path):
    monkeypatch.setenv("SYMDIFF_CACHE_DIR", str(tmp_path / "a"))
    assert cache_directory() == tmp_path / "a"
    assert cache_directory(tmp_path / "b") == tmp_path / "b"
    monkeypatch.delenv("SYMDIFF_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_directory() == tmp_path / "xdg" / "symdiff"


def test_optimization_level_depends_on_size():
    assert [compile_flags(n)[0] for n in (1, 5_000, 5_001, 20_001)] == ["-O2", "-O2", "-O1", "-O0"]


@needs_compiler
def test_a_second_build_loads_from_disk_without_compiling(monkeypatch, tmp_path):
    source = "double twice(double x) { return 2.0*x; }\n"
    first = load_library(source, 1, tmp_path)
    built = list(tmp_path.glob("symdiff-*.so"))
    assert len(built) == 1 and not list(tmp_path.glob("build-*"))  # temp folder removed

    def no_compiler(*args):
        raise AssertionError("compiled again")

    monkeypatch.setattr(cache_module, "_compile", no_compiler)
    again = load_library(source, 1, tmp_path)
    for library in (first, again):
        library.twice.restype, library.twice.argtypes = ctypes.c_double, [ctypes.c_double]
        assert library.twice(1.5) == 3.0


@needs_compiler
def test_lambdify_c_uses_the_disk_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("SYMDIFF_CACHE_DIR", str(tmp_path))
    expr = parse("x^3*y + sin(x*y) + 17.25")
    f = lambdify(expr, "x y", "c")
    assert len(list(tmp_path.glob("symdiff-*.so"))) == 1
    monkeypatch.setattr(lambdify_module, "_LIBRARIES", type(lambdify_module._LIBRARIES)())
    monkeypatch.setattr(cache_module, "_compile", None)  # a call would fail
    g = lambdify(expr, "x y", "c")
    assert g(0.5, 2.0) == f(0.5, 2.0) == pytest.approx(0.25 + np.sin(1.0) + 17.25)


@pytest.mark.parametrize("backend", ["python", "numpy", pytest.param("c", marks=needs_compiler)])
def test_compiled_functions_pickle(backend):
    f = lambdify([parse("x*y"), parse("x - y")], "x y", backend)
    g = pickle.loads(pickle.dumps(f))
    assert np.allclose(g(2.0, 3.0), (6.0, -1.0)) and g.source == f.source
    assert repr(g) == f"<symdiff {backend} function f(x, y)>"


def _call(f, x):
    return f(x, 2.0)


@needs_compiler
def test_compiled_functions_run_in_other_processes():
    f = lambdify(parse("x^2 + y"), "x y", "c")
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(_call, [f, f], [1.0, 3.0])) == [3.0, 11.0]


@needs_compiler
def test_c_loops_over_points_and_writes_zeros_once(tmp_path):
    # the outputs (2*x*y, 0, x^2, 0) keep only the nonzeros (positions 0 and 2)
    program = cse([parse("2*x*y"), parse("x^2")], inputs=["x", "y"])
    source = emit_c_points(program, [0, 2], 4)
    assert source.count("memset") == 1 and "0.0;" not in source
    library = load_library(source, program.count_ops(), tmp_path)
    points = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
    for entry, width in (("f_values", 2), ("f_dense", 4)):
        function = getattr(library, entry)
        function.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_longlong]
        out = np.full((3, width), np.nan)
        function(points.ctypes.data, out.ctypes.data, 3)
        x, y = points.T
        values = np.stack([2 * x * y, x**2], axis=1)
        if width == 4:
            values = np.stack([2 * x * y, 0 * x, x**2, 0 * x], axis=1)
        np.testing.assert_allclose(out, values, rtol=1e-15)
