"""Old path of ``symdiff.notebook.display``, kept so that existing imports keep working."""

from symdiff.notebook.display import *  # noqa: F403
from symdiff.notebook.display import __all__ as __all__
