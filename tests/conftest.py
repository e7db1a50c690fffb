"""Hypothesis profiles for the test suite.

- ``default`` (a local ``pytest``): random examples, no example database.
- ``ci`` (loaded when the environment has ``CI`` set, as ``.ci/run`` is run): derandomized, so
  every CI run tries the same examples, and no example database.
- ``dev``: as ``default``, but failing examples are saved under ``.hypothesis/`` (git-ignored)
  and replayed first on the next run; opt in while chasing a bug.

Choose one explicitly with ``SYMDIFF_HYPOTHESIS_PROFILE=ci|default|dev``. Without ``dev`` no
database is read, so an example saved in an old checkout can never fail a fresh run.
"""

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

sys.path.insert(0, str(Path(__file__).parent))

PROFILE_VARIABLE = "SYMDIFF_HYPOTHESIS_PROFILE"

settings.register_profile(
    "default",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    max_examples=100,
    database=None,
    print_blob=True,
)
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True)
settings.register_profile(
    "dev",
    parent=settings.get_profile("default"),
    database=DirectoryBasedExampleDatabase(str(Path(__file__).parent.parent / ".hypothesis")),
)


def chosen_profile(environ: dict | os._Environ = os.environ) -> str:
    """The profile named by ``SYMDIFF_HYPOTHESIS_PROFILE``, else ``ci`` under CI."""
    named = environ.get(PROFILE_VARIABLE, "").strip()
    if named:
        return named
    ci = environ.get("CI", "").strip().lower()
    return "ci" if ci not in ("", "0", "false", "no") else "default"


settings.load_profile(chosen_profile())

# compiled C libraries go to a per-session directory, never into the user's cache
if "SYMDIFF_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["SYMDIFF_CACHE_DIR"] = tempfile.mkdtemp(prefix="symdiff-test-cache-")
