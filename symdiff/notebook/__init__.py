"""The notebook layer: display hooks, pictures, ``explain`` and ``trace``."""

from symdiff.notebook.explain import Derivation, explain
from symdiff.notebook.trace import trace

__all__ = ["Derivation", "explain", "trace"]
