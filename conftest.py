"""Test isolation shared by tests/, module doctests and README doctests."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_registry():
    """Functions a test registers do not leak into later tests (``lambda``, ``sq``, ...)."""
    from symdiff.core.functions import REGISTRY

    saved = dict(REGISTRY)
    yield
    REGISTRY.clear()
    REGISTRY.update(saved)
