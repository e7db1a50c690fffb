"""Optional dependencies: imported only when a feature needs them.

Takes a module name and the extra that installs it; returns the imported module. Guarantees
that a missing optional dependency is a ``MissingDependencyError`` (a ``SymdiffError``) naming
the extra to install, never a bare ``ModuleNotFoundError``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from symdiff.core.errors import SymdiffError

__all__ = ["EXTRAS", "MissingDependencyError", "require"]

#: The optional dependencies and the extra of ``pyproject.toml`` that installs each.
EXTRAS = {
    "numpy": "numpy",
    "scipy": "scipy",
    "sympy": "sympy",
    "dask": "dask",
    "mpmath": "sympy",
}


class MissingDependencyError(SymdiffError, ImportError):
    """An optional dependency that is not installed; the message names the extra.

    Also an ``ImportError``, so code that guards an import with ``except ImportError`` keeps
    working.
    """


def require(module: str, extra: str | None = None, *, purpose: str | None = None) -> ModuleType:
    """Import ``module`` (a top-level name such as ``"numpy"``, or a submodule), or raise.

    Args:
        module: the module to import.
        extra: the extra that installs it (default: from ``EXTRAS``, else the module name).
        purpose: what needs it, for the message (``'backend="numpy"'``).

    Raises:
        MissingDependencyError: naming the module and ``pip install "symdiff[extra]"``.

    >>> require("math").sqrt(4.0)
    2.0
    """
    top = module.partition(".")[0]
    try:
        return importlib.import_module(module)
    except ImportError as error:
        if error.name not in (None, module, top) and not module.startswith(f"{error.name}."):
            raise  # the module is there but one of its own imports failed: a real bug
        chosen = extra or EXTRAS.get(top, top)
        needed = f" for {purpose}" if purpose else ""
        raise MissingDependencyError(
            f'{top} is needed{needed} but is not installed\nhint: pip install "symdiff[{chosen}]"'
        ) from None
