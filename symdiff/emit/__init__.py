"""Emitters: a Program to source text or a callable, one module per target.

Takes a ``Program`` (or expressions, which go through ``cse``); returns ``python`` (``math``),
``numpy`` (vectorized), ``c`` (``math.h``), ``latex`` (one formula or an aligned Wengert list)
or ``dot`` (the dependency graph, also as ``networkx``) text, and ``lambdify`` compiles one of
the code targets into a Python callable. The code targets share the infix printer in
``code`` and the identifier rules in ``naming``.

Guarantees: the text is deterministic; emitted code is built from validated identifiers
only (input text never reaches ``eval`` or ``exec``); a function without a form in the
target raises ``EmitError``.

>>> from symdiff.emit import emit_python, lambdify
>>> from symdiff import parse
>>> lambdify(parse("x^2 + 1"), "x")(3.0)
10.0
"""

from symdiff.emit.array import emit_array
from symdiff.emit.c import emit_c
from symdiff.emit.dot import emit_dot, to_networkx
from symdiff.emit.lambdify import lambdify
from symdiff.emit.latex import latex
from symdiff.emit.numpy import emit_numpy
from symdiff.emit.python import emit_python
from symdiff.emit.sparse import lambdify_sparse

__all__ = [
    "emit_array",
    "emit_c",
    "emit_dot",
    "emit_numpy",
    "emit_python",
    "lambdify",
    "lambdify_sparse",
    "latex",
    "to_networkx",
]
