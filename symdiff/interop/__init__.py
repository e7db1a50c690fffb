"""Exchange with other systems: SymPy expressions in and out.

Takes symdiff expressions or SymPy objects; returns the other side of the same value.
Guarantees: every node kind, both constants (``e`` is ``sympy.E``) and every registered
function convert, exact numbers stay exact, conversion never recurses (100,000-deep
expressions convert), SymPy is imported only when a conversion runs (``pip install
"symdiff[sympy]"``), and whatever has no counterpart raises ``SymdiffError`` naming it.
``from_sympy(to_sympy(e, evaluate=False))`` is ``e`` up to the rewrites ``from_sympy``
documents (``u^(1/2)`` comes back as ``sqrt(u)``, ``-0.0`` as ``0.0``).
"""

from symdiff.interop.from_sympy import from_sympy
from symdiff.interop.to_sympy import to_sympy

__all__ = ["from_sympy", "to_sympy"]
