"""Memory: the intern table holds nodes weakly, and no cache keeps expressions alive without
bound. Expressions built and dropped leave the table at its size before."""

from __future__ import annotations

import importlib

import pytest

from symdiff import lambdify, parse
from symdiff.lambdify import c_compiler

lambdify_module = importlib.import_module("symdiff.lambdify")  # the package's name is the function
needs_compiler = pytest.mark.skipif(c_compiler() is None, reason="no C compiler on this machine")


@needs_compiler
def test_compiled_c_libraries_are_kept_only_up_to_the_bound(monkeypatch):
    monkeypatch.setattr(lambdify_module, "MAX_CACHED_LIBRARIES", 2)
    monkeypatch.setattr(lambdify_module, "_LIBRARIES", type(lambdify_module._LIBRARIES)())
    functions = [lambdify(parse(f"x^2 + {i}*x"), "x", backend="c") for i in range(3)]
    assert list(lambdify_module._LIBRARIES) == [f.source for f in functions[1:]]
    # a callable whose library left the cache still works
    assert [f(2.0) for f in functions] == [4.0, 6.0, 8.0]
    again = lambdify(parse("x^2 + 2*x"), "x", backend="c")
    assert again.library is functions[2].library  # reused from the cache
    assert again(1.0) == 3.0
