"""The ``symdiff`` argument parser: every subcommand, its options and its help.

Takes nothing, returns an ``argparse.ArgumentParser`` whose namespaces carry ``run`` (the
function of ``symdiff.cli.commands`` to call) and ``subparser`` (for usage errors), and
guarantees that an argument beginning with ``-`` that is no option (``-x^2``) is read as an
expression, without rewriting ``argv``.
"""

from __future__ import annotations

import argparse
from typing import Any

from symdiff.cli import commands
from symdiff.cli.commands import EMIT_TARGETS

__all__ = ["build_parser"]

_EPILOG = (
    "An EXPR may be - (read standard input) or @FILE (read a file); --file FILE is the same as"
    " @FILE. Exit codes: 0 success, 1 an error while computing, 2 a usage or syntax error, 130"
    " interrupted, 141 output pipe closed. --json prints one object: command, input (a list"
    " of expressions), result (the text printed without --json), ok, and for grad gradient"
    " [{wrt, expr}], for a program (cse, --cse) assignments and outputs [{name, expr}]."
)


class _Parser(argparse.ArgumentParser):
    """An argument that begins with ``-`` but is no option of this parser (``-x^2``) is an
    expression; known options and their abbreviations (``--ord 2``) stay options."""

    def _parse_optional(self, arg_string: str) -> Any:
        if arg_string.startswith("-") and arg_string not in ("-", "--"):
            name = arg_string.split("=", 1)[0]
            options = [o for a in self._actions for o in a.option_strings]
            known = name in options or (
                name.startswith("--") and any(o.startswith(name) for o in options)
            )
            if not known:
                return None
        return super()._parse_optional(arg_string)


def _order(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text!r}")
    return value


def _expression(sub: argparse.ArgumentParser, example: str = "") -> None:
    """The EXPR argument, optional so that ``--file`` may give it instead."""
    hint = f', e.g. "{example}"' if example else ""
    sub.add_argument("expr", nargs="?", metavar="EXPR", help=f"the expression{hint}")
    sub.add_argument("--file", metavar="FILE", help="read the expression from FILE (- for stdin)")


def _svg(sub: argparse.ArgumentParser, what: str) -> None:
    sub.add_argument("--svg", metavar="FILE", help=f"also save a picture of {what} as SVG")


def _program_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--cse", action="store_true", help="print the result as a Wengert list")
    sub.add_argument("--emit", choices=EMIT_TARGETS, help="print the result as code")


def _add_parse_and_eval(subcommands: argparse._SubParsersAction) -> None:
    sub = subcommands.add_parser("parse", help="print the canonical form of an expression")
    _expression(sub, "x^2*sin(x) + 4x")
    sub.add_argument("--repr", action="store_true", help="print the node structure")
    _svg(sub, "the expression's DAG")
    sub.set_defaults(run=commands.run_parse)

    sub = subcommands.add_parser("eval", help="evaluate an expression at a point")
    _expression(sub)
    sub.add_argument("values", nargs="*", metavar="NAME=VALUE", help="e.g. x=2 y=pi/4")
    sub.set_defaults(run=commands.run_eval)


def _add_differentiation(subcommands: argparse._SubParsersAction) -> None:
    sub = subcommands.add_parser("diff", help="differentiate an expression")
    _expression(sub, "x^2*sin(x) + 4x")
    sub.add_argument("--wrt", help="the variable; x,y for d/dy d/dx (default: the only one)")
    sub.add_argument(
        "--order", type=_order, default=1, help="the order of the derivative (0, 1, 2, ...)"
    )
    levels = sub.add_mutually_exclusive_group()
    levels.add_argument("--raw", action="store_true", help="print the raw rule output")
    levels.add_argument("--trivial", action="store_true", help="apply the trivial rules only")
    sub.add_argument("--explain", action="store_true", help="show the steps, textbook style")
    _svg(sub, "the derivative's DAG")
    _program_options(sub)
    sub.set_defaults(run=commands.run_diff)

    sub = subcommands.add_parser("grad", help="print the gradient (reverse mode), one line each")
    _expression(sub)
    sub.add_argument("--wrt", help="the variables, e.g. x,y (default: all, sorted)")
    sub.add_argument("--trivial", action="store_true", help="apply the trivial rules only")
    _program_options(sub)
    _svg(sub, "the gradient's program")
    sub.set_defaults(run=commands.run_grad)

    sub = subcommands.add_parser("check", help="compare a derivative with finite differences")
    _expression(sub)
    sub.add_argument("--wrt", required=True, help="the variable")
    sub.add_argument(
        "--at", nargs="+", required=True, metavar="NAME=VALUE", help="the point, e.g. x=1.3"
    )
    sub.add_argument("--rtol", type=float, default=1e-6, help="relative tolerance (1e-6)")
    sub.add_argument("--atol", type=float, default=1e-8, help="absolute tolerance (1e-8)")
    sub.set_defaults(run=commands.run_check)


def _add_programs(subcommands: argparse._SubParsersAction) -> None:
    sub = subcommands.add_parser("cse", help="share subexpressions: print the Wengert list or code")
    sub.add_argument("exprs", nargs="*", metavar="EXPR", help="one or more expressions")
    sub.add_argument(
        "--file",
        action="append",
        metavar="FILE",
        help="read an expression from FILE (may be repeated; - for stdin)",
    )
    sub.add_argument("--full", action="store_true", help="one temporary per operation")
    sub.add_argument("--emit", choices=EMIT_TARGETS, help="print code for this target instead")
    _svg(sub, "the program's DAG")
    sub.set_defaults(run=commands.run_cse)


def _add_simplification(subcommands: argparse._SubParsersAction) -> None:
    sub = subcommands.add_parser("simplify", help="simplify an expression")
    _expression(sub, "x*x + 2*x - x")
    sub.add_argument(
        "--level", choices=("trivial", "program", "standard", "full"), default="standard"
    )
    sub.add_argument(
        "--rule", action="append", default=[], help='an extra rule, e.g. "sin(a)/cos(a) -> tan(a)"'
    )
    sub.add_argument(
        "--assume-positive",
        action="store_true",
        help="also use rules that hold for positive arguments (log(x*y) -> log(x) + log(y))",
    )
    sub.set_defaults(run=commands.run_simplify)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand.

    >>> args = build_parser().parse_args(["diff", "-x^3", "--ord", "2"])
    >>> args.command, args.expr, args.order
    ('diff', '-x^3', 2)
    """
    parser = _Parser(
        prog="symdiff",
        epilog=_EPILOG,
        description="Symbolic differentiation: exact, readable, shareable, runnable derivatives.",
    )
    from symdiff import __version__

    parser.add_argument("--version", action="version", version=f"symdiff {__version__}")
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_parse_and_eval(subcommands)
    _add_differentiation(subcommands)
    _add_programs(subcommands)
    _add_simplification(subcommands)
    for sub in subcommands.choices.values():
        sub.add_argument("--json", action="store_true", help="print one JSON object (see README)")
        sub.set_defaults(subparser=sub)
    return parser
