"""The ``symdiff`` command line (``symdiff ...`` or ``python -m symdiff``).

Takes the arguments, prints results on stdout and errors on stderr, and returns the exit
code. Guarantees: 0 success; 2 a usage or syntax error (with the caret message for text);
1 any other error (for example a domain error while evaluating); 130 interrupted (Ctrl-C);
141 the output pipe was closed. None of these prints a traceback.

``parser`` builds the argument parser, ``inputs`` reads expressions from arguments, ``-``,
``@FILE`` and ``--file``, ``commands`` runs each subcommand and ``output`` writes ``--json``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from symdiff.cli.inputs import UsageError, resolve_inputs
from symdiff.cli.output import as_json
from symdiff.cli.parser import build_parser
from symdiff.core.errors import SymdiffError, SymdiffSyntaxError

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    >>> main(["parse", "4x + 2(x+1)"])
    4*x + 2*(x + 1)
    0
    """
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 141


def _silence_stdout() -> None:
    """After the reader went away, send what is left to /dev/null (no error at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        resolve_inputs(args.subparser, args)
        output = args.run(args)
        text, code = output if isinstance(output, tuple) else (output, 0)
        print(as_json(args, text, code) if args.json else text)
        sys.stdout.flush()
    except (SymdiffSyntaxError, UsageError) as error:
        print(f"symdiff: error: {error}", file=sys.stderr)
        return 2
    except SymdiffError as error:
        print(f"symdiff: error: {error}", file=sys.stderr)
        return 1
    return code
