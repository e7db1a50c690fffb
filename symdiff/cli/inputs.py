"""Where the command line's expressions come from: an argument, ``-``, ``@path`` or ``--file``.

Takes the parsed arguments, returns them with every expression read in, and guarantees
that an unreadable file or an expression given twice (as an argument and with ``--file``)
is a usage error (exit code 2), never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys

from symdiff.core.errors import SymdiffError

__all__ = ["UsageError", "read_input", "resolve_inputs"]

# ``eval --file f.txt x=2``: the first positional argument is an assignment, not an expression
_ASSIGNMENT = re.compile(r"\s*[A-Za-z_]\w*\s*=")


class UsageError(SymdiffError):
    """A bad argument found after parsing (exit code 2)."""


def read_input(text: str) -> str:
    """``-`` reads standard input, ``@path`` a file; anything else is the expression.

    >>> read_input("  x^2 + 1")
    'x^2 + 1'
    """
    if text == "-":
        return sys.stdin.read().strip()
    if text.startswith("@"):
        return _read_file(text[1:])
    return text.lstrip()


def _read_file(path: str) -> str:
    if path == "-":
        return sys.stdin.read().strip()
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read().strip()
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"cannot read {path}: not UTF-8 text ({error.reason})") from None


def resolve_inputs(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Fill in ``args.expr`` (or ``args.exprs`` for ``cse``) from the argument or ``--file``.

    Exactly one of the two must be given; anything else is a usage error reported by
    ``parser`` (usage line, exit code 2).
    """
    files = getattr(args, "file", None)
    if hasattr(args, "exprs"):
        if files and args.exprs:
            parser.error("give the expressions as arguments or with --file, not both")
        if not files and not args.exprs:
            parser.error("give at least one expression (or --file PATH)")
        texts = [f"@{path}" for path in files] if files else args.exprs
        args.exprs = [read_input(text) for text in texts]
        return
    if files is not None:
        if args.expr is not None and args.command == "eval" and _ASSIGNMENT.match(args.expr):
            args.values = [args.expr, *args.values]
            args.expr = None
        if args.expr is not None:
            parser.error("give the expression as an argument or with --file, not both")
        args.expr = f"@{files}"
    if args.expr is None:
        parser.error("give an expression (or --file PATH)")
    args.expr = read_input(args.expr)
