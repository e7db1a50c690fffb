"""The ``symdiff`` command line.

Takes arguments, prints results on stdout and errors on stderr. Exit codes: 0 success,
2 usage or syntax error (with the caret message), 1 any other error (for example a domain
error while evaluating).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from symdiff.cse import Program, cse
from symdiff.emit import emit_c, emit_dot, emit_numpy, emit_python, latex
from symdiff.errors import SymdiffError, SymdiffSyntaxError
from symdiff.evaluate import evaluate
from symdiff.parse import parse

__all__ = ["main"]

EMIT_TARGETS = ("python", "numpy", "c", "latex", "dot")


def _cmd_parse(args: argparse.Namespace) -> str:
    expr = parse(args.expr)
    return repr(expr) if args.repr else str(expr)


def _point(assignments: Sequence[str]) -> dict[str, float]:
    values: dict[str, float] = {}
    for item in assignments:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise SymdiffSyntaxError(
                f"expected NAME=VALUE, got {item!r}", item, 0, hint="for example x=2 y=pi/4"
            )
        values[name.strip()] = evaluate(parse(text))
    return values


def _cmd_eval(args: argparse.Namespace) -> str:
    return repr(evaluate(parse(args.expr), _point(args.values)))


def _show_program(program: Program, target: str | None) -> str:
    """The Wengert list, or the program emitted for ``target`` (``--emit``)."""
    if target is None:
        return str(program)
    emitters = {"python": emit_python, "numpy": emit_numpy, "c": emit_c, "latex": latex}
    text = emit_dot(program) if target == "dot" else emitters[target](program)
    return text.rstrip("\n")


def _cmd_cse(args: argparse.Namespace) -> str:
    exprs = [parse(text.lstrip()) for text in args.exprs]
    program = cse(exprs[0] if len(exprs) == 1 else exprs, full=args.full)
    return _show_program(program, args.emit)


def _add_programs(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser("cse", help="share subexpressions: print the Wengert list or code")
    sub.add_argument("exprs", nargs="+", metavar="EXPR", help="one or more expressions")
    sub.add_argument("--full", action="store_true", help="one temporary per operation")
    sub.add_argument("--emit", choices=EMIT_TARGETS, help="print code for this target instead")
    sub.set_defaults(run=_cmd_cse)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="symdiff",
        description="Symbolic differentiation: exact, readable, shareable, runnable derivatives.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub = commands.add_parser("parse", help="print the canonical form of an expression")
    sub.add_argument("expr", help='the expression, e.g. "x^2*sin(x) + 4x"')
    sub.add_argument("--repr", action="store_true", help="print the node structure")
    sub.set_defaults(run=_cmd_parse)

    sub = commands.add_parser("eval", help="evaluate an expression at a point")
    sub.add_argument("expr", help="the expression")
    sub.add_argument("values", nargs="*", metavar="NAME=VALUE", help="e.g. x=2 y=pi/4")
    sub.set_defaults(run=_cmd_eval)
    _add_programs(commands)
    return parser


def _protect_expressions(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """Keep ``-x^2`` an expression, not an unknown option (a leading space is harmless)."""
    options = set()
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        for sub in action.choices.values():
            for sub_action in sub._actions:
                options.update(sub_action.option_strings)
    options.update({"-h", "--help"})
    return [
        " " + arg if arg.startswith("-") and arg.split("=")[0] not in options else arg
        for arg in argv
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    >>> main(["parse", "4x + 2(x+1)"])
    4*x + 2*(x + 1)
    0
    """
    parser = build_parser()
    arguments = _protect_expressions(parser, list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(arguments)
    if isinstance(getattr(args, "expr", None), str):
        args.expr = args.expr.lstrip()
    try:
        print(args.run(args))
    except SymdiffSyntaxError as error:
        print(f"symdiff: error: {error}", file=sys.stderr)
        return 2
    except SymdiffError as error:
        print(f"symdiff: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
