"""The notebook layer: showing expressions, programs and derivations to a person.

Takes ``Expr`` and ``Program`` values, Python functions of numbers (``trace``) and
derivative requests (``explain``); returns what a person reads: LaTeX, HTML tables and SVG
pictures for Jupyter's display hooks (``display``, ``display_program``, ``picture``),
textbook derivations (``explain``, written by ``textbook`` and ``explain_render``), and the
``Expr`` a traced function computes (``trace``).

Guarantees: nothing here can freeze a kernel (pictures, tables and formulas of big inputs
are cut, with a summary); every walk is iterative; no notebook dependency (IPython,
matplotlib) is needed to import or use it.

>>> from symdiff.notebook import explain, trace
>>> print(explain("x^2", "x").result)
2*x
>>> print(trace(lambda x: 3 * x + 1))
3*x + 1
"""

from symdiff.notebook.display import save_svg, svg
from symdiff.notebook.explain import Derivation, explain
from symdiff.notebook.trace import trace

__all__ = ["Derivation", "explain", "save_svg", "svg", "trace"]
