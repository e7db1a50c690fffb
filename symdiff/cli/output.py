"""The ``--json`` form of a subcommand's result (the schema is documented in the README).

Takes the parsed arguments, the text the command prints without ``--json`` and its exit
code; returns one JSON object as text, and guarantees the same keys for every command
(``command``, ``input``, ``result``, ``ok``) plus ``gradient`` for ``grad`` and
``assignments`` / ``outputs`` for a program.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

__all__ = ["as_json"]


def _rows(text: str) -> list[tuple[str, str]]:
    """``NAME = EXPR`` lines as pairs."""
    return [(name, expr) for name, _, expr in (line.partition(" = ") for line in text.splitlines())]


def as_json(args: argparse.Namespace, text: str, code: int) -> str:
    """The JSON form of a result: the command, its input, the text printed without
    ``--json``, and for a gradient or a program the ``NAME = EXPR`` lines as a list.

    >>> args = argparse.Namespace(command="parse", expr="x + 1")
    >>> as_json(args, "x + 1", 0)
    '{"command": "parse", "input": ["x + 1"], "result": "x + 1", "ok": true}'
    """
    inputs = args.exprs if getattr(args, "exprs", None) else [args.expr]
    result: dict[str, Any] = {"command": args.command, "input": inputs, "result": text}
    result["ok"] = code == 0
    program = args.command == "cse" or getattr(args, "cse", False)
    if args.command == "grad" and not (args.cse or args.emit):
        result["gradient"] = [{"wrt": w.removeprefix("d/d"), "expr": d} for w, d in _rows(text)]
    elif program and not args.emit:
        steps = [{"name": name, "expr": expr} for name, expr in _rows(text)]
        result["assignments"] = [row for row in steps if not row["name"].startswith("out")]
        result["outputs"] = [row for row in steps if row["name"].startswith("out")]
    return json.dumps(result)
