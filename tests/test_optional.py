"""A missing optional dependency is a SymdiffError naming the extra, never a bare import error."""

from __future__ import annotations

import sys

import pytest

from symdiff import SymdiffError, lambdify, parse
from symdiff.core.optional import MissingDependencyError, require


@pytest.mark.parametrize(
    ("module", "extra"),
    [("numpy", "numpy"), ("scipy", "scipy"), ("sympy", "sympy"), ("dask", "dask")],
)
def test_require_names_the_extra(monkeypatch, module, extra):
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(MissingDependencyError) as info:
        require(module, purpose="this")
    assert isinstance(info.value, SymdiffError) and isinstance(info.value, ImportError)
    assert str(info.value) == (
        f'{module} is needed for this but is not installed\nhint: pip install "symdiff[{extra}]"'
    )


def test_numpy_backend_without_numpy(monkeypatch):
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(SymdiffError, match=r'pip install "symdiff\[numpy\]"'):
        lambdify(parse("sin(x)*y"), "x y", backend="numpy")
    assert lambdify(parse("x*y"), "x y")(2.0, 3.0) == 6.0  # the math backend needs nothing
