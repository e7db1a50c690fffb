"""Old path of ``symdiff.simplify.rules``, kept so that existing imports keep working."""

from symdiff.simplify.rules import *  # noqa: F403
from symdiff.simplify.rules import __all__ as __all__
