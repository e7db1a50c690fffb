"""Register user functions for one test only (the registry is global state)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from symdiff import register_function, unregister_function


@contextlib.contextmanager
def registered(*specs: tuple) -> Iterator[None]:
    """``register_function(*spec)`` for each spec, unregistered again on exit."""
    names = []
    try:
        for name, *rest, targets in specs:
            register_function(name, *rest, targets=targets)
            names.append(name)
        yield
    finally:
        for name in names:
            unregister_function(name)
