"""Old path of ``symdiff.core.errors``, kept so that existing imports keep working."""

from symdiff.core.errors import *  # noqa: F403
from symdiff.core.errors import __all__ as __all__
