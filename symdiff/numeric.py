"""Old path of ``symdiff.diff.numeric``, kept so that existing imports keep working."""

from symdiff.diff.numeric import *  # noqa: F403
from symdiff.diff.numeric import __all__ as __all__
