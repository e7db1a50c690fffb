"""A test that registers a function must not leak it into later tests.

Found by the parse fuzz: after tests/test_emit_python.py registered a user function named
``lambda``, the text ``lambda`` no longer parsed as a symbol in any later test.
"""

from __future__ import annotations

from symdiff import REGISTRY, register_function


def test_a_test_registers_a_function():
    register_function("zz_leaked", lambda u: u, [lambda u: 1], replace=True)
    assert "zz_leaked" in REGISTRY


def test_the_next_test_does_not_see_it():
    assert "zz_leaked" not in REGISTRY
