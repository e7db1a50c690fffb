"""Emitters: a Program to source text, one module per target.

``python`` (``math``), ``numpy`` (vectorized), ``c`` (``math.h``), ``latex`` (one formula or
an aligned Wengert list) and ``dot`` (the dependency graph, also as ``networkx``). Each takes
a Program (or expressions, which go through ``cse``) and returns deterministic text; the code
targets share the infix printer in ``code`` and the identifier rules in ``naming``.
"""

from symdiff.emit.c import emit_c
from symdiff.emit.dot import emit_dot, to_networkx
from symdiff.emit.lambdify import lambdify
from symdiff.emit.latex import latex
from symdiff.emit.numpy import emit_numpy
from symdiff.emit.python import emit_python

__all__ = ["emit_c", "emit_dot", "emit_numpy", "emit_python", "lambdify", "latex", "to_networkx"]
