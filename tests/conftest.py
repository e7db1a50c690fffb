import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from symdiff.functions import REGISTRY

sys.path.insert(0, str(Path(__file__).parent))

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=100
)
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True)
settings.load_profile("default")


@pytest.fixture(autouse=True)
def _restore_function_registry():
    """Functions a test registers are gone after it (the registry is global)."""
    saved = dict(REGISTRY)
    yield
    REGISTRY.clear()
    REGISTRY.update(saved)
