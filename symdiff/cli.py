"""The ``symdiff`` command line.

Takes arguments, prints results on stdout and errors on stderr. Exit codes: 0 success,
2 usage or syntax error (with the caret message), 1 any other error (for example a domain
error while evaluating).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from symdiff.core.errors import SymdiffError, SymdiffSyntaxError
from symdiff.core.evaluate import evaluate
from symdiff.core.parse import parse
from symdiff.core.traverse import free_symbols, natural_key
from symdiff.diff.diff import check, differentiate, gradient
from symdiff.emit import emit_c, emit_dot, emit_numpy, emit_python, latex
from symdiff.program.cse import Program, cse

__all__ = ["main"]

EMIT_TARGETS = ("python", "numpy", "c", "latex", "dot")


def _save_svg(args: argparse.Namespace, picture: object) -> None:
    """Write the picture of ``picture`` (an Expr or a Program) to ``--svg FILE``, if given."""
    if not getattr(args, "svg", None):
        return
    if not str(args.svg).lower().endswith(".svg"):
        raise _UsageError(f"--svg writes SVG: the file name must end in .svg, not {args.svg!r}")
    from symdiff.notebook.display import save_svg

    try:
        save_svg(picture, args.svg)
    except OSError as error:
        raise SymdiffError(f"cannot write {args.svg}: {error.strerror or error}") from None


def _add_svg_option(sub: argparse.ArgumentParser, what: str) -> None:
    sub.add_argument("--svg", metavar="FILE", help=f"also save a picture of {what} as SVG")


def _cmd_parse(args: argparse.Namespace) -> str:
    expr = parse(args.expr)
    _save_svg(args, expr)
    return repr(expr) if args.repr else str(expr)


def _point(assignments: Sequence[str]) -> dict[str, float]:
    values: dict[str, float] = {}
    for item in assignments:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise SymdiffSyntaxError(
                f"expected NAME=VALUE, got {item!r}", item, 0, hint="for example x=2 y=pi/4"
            )
        name = name.strip()
        if name in values:
            raise _UsageError(f"{name} is given twice ({name}={text})")
        special = {"nan": math.nan, "inf": math.inf, "+inf": math.inf, "-inf": -math.inf}
        lowered = text.strip().lower().replace("infinity", "inf")
        values[name] = special[lowered] if lowered in special else evaluate(parse(text))
    return values


def _cmd_eval(args: argparse.Namespace) -> str:
    return repr(evaluate(parse(args.expr), _point(args.values)))


def _show_program(program: Program, target: str | None) -> str:
    """The Wengert list, or the program emitted for ``target`` (``--emit``)."""
    if target is None:
        return str(program)
    emitters: dict[str, Callable[[Program], str]] = {
        "python": emit_python,
        "numpy": emit_numpy,
        "c": emit_c,
        "latex": latex,
    }
    text = emit_dot(program) if target == "dot" else emitters[target](program)
    return text.rstrip("\n")


def _cmd_cse(args: argparse.Namespace) -> str:
    exprs = [parse(text.lstrip()) for text in args.exprs]
    program = cse(exprs[0] if len(exprs) == 1 else exprs, full=args.full)
    _save_svg(args, program)
    return _show_program(program, args.emit)


def _add_programs(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser("cse", help="share subexpressions: print the Wengert list or code")
    sub.add_argument("exprs", nargs="+", metavar="EXPR", help="one or more expressions")
    sub.add_argument("--full", action="store_true", help="one temporary per operation")
    sub.add_argument("--emit", choices=EMIT_TARGETS, help="print code for this target instead")
    _add_svg_option(sub, "the program's DAG")
    sub.set_defaults(run=_cmd_cse)


def _add_program_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--cse", action="store_true", help="print the result as a Wengert list")
    sub.add_argument("--emit", choices=EMIT_TARGETS, help="print the result as code")


def _cmd_simplify(args: argparse.Namespace) -> str:
    from symdiff.simplify.simplify import simplify_report

    report = simplify_report(
        parse(args.expr), args.level, args.rule, assume_positive=args.assume_positive
    )
    if report.stop_reason != "fixed-point":
        print(
            f"symdiff: warning: stopped before a fixed point ({report.stop_reason})",
            file=sys.stderr,
        )
    return str(report.expr)


def _variables(text: str | None) -> list[str] | None:
    if text is None:
        return None
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise SymdiffSyntaxError("expected variable names", text, 0, hint="for example --wrt x,y")
    for name in names:
        if not name.isidentifier() or name in ("e", "pi"):
            raise _UsageError(f"--wrt: {name!r} is not a variable name")
    return names


def _cmd_diff(args: argparse.Namespace) -> str:
    expr = parse(args.expr)
    names = _variables(args.wrt)
    if names is None:
        names = [s.name for s in free_symbols(expr)]
        if len(names) != 1:
            found = ", ".join(sorted(names, key=natural_key)) or "none"
            raise _UsageError(f"say which variable with --wrt (free symbols: {found})")
    level = _level(args)
    if args.explain:
        return str(differentiate(expr, names, args.order, simplify=level, explain=True))
    derivative = differentiate(expr, names, n=args.order, simplify=level)
    _save_svg(args, derivative)
    if args.cse or args.emit:
        inputs = sorted({s.name for s in free_symbols(expr)} | set(names), key=natural_key)
        return _show_program(cse(derivative, inputs=inputs), args.emit)
    return str(derivative)


def _cmd_grad(args: argparse.Namespace) -> str:
    expr = parse(args.expr)
    names = _variables(args.wrt)
    variables = names
    if variables is None:
        variables = sorted((s.name for s in free_symbols(expr)), key=natural_key)
    partials = gradient(expr, variables, simplify=_level(args))
    inputs = sorted({s.name for s in free_symbols(expr)} | set(variables), key=natural_key)
    if getattr(args, "svg", None):
        _save_svg(args, cse(partials, inputs=inputs))
    if args.cse or args.emit:
        return _show_program(cse(partials, inputs=inputs), args.emit)
    return "\n".join(f"d/d{v} = {d}" for v, d in zip(variables, partials, strict=True))


def _level(args: argparse.Namespace) -> bool | str:
    """``simplify=`` from ``--raw`` / ``--trivial`` (default: the standard form)."""
    if getattr(args, "raw", False):
        return False
    return "trivial" if args.trivial else True


def _cmd_check(args: argparse.Namespace) -> tuple[str, int]:
    for name in ("rtol", "atol"):
        value = getattr(args, name)
        if not (math.isfinite(value) and value >= 0):
            raise _UsageError(f"--{name} must be a finite number >= 0, not {value}")
    result = check(parse(args.expr), args.wrt, _point(args.at), rtol=args.rtol, atol=args.atol)
    return str(result), 0 if result.ok else 1


def _order(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text!r}")
    return value


def _add_differentiation(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser("diff", help="differentiate an expression")
    sub.add_argument("expr", help='the expression, e.g. "x^2*sin(x) + 4x"')
    sub.add_argument("--wrt", help="the variable; x,y for d/dy d/dx (default: the only one)")
    sub.add_argument(
        "--order", type=_order, default=1, help="the order of the derivative (0, 1, 2, ...)"
    )
    levels = sub.add_mutually_exclusive_group()
    levels.add_argument("--raw", action="store_true", help="print the raw rule output")
    levels.add_argument("--trivial", action="store_true", help="apply the trivial rules only")
    sub.add_argument("--explain", action="store_true", help="show the steps, textbook style")
    _add_svg_option(sub, "the derivative's DAG")
    _add_program_options(sub)
    sub.set_defaults(run=_cmd_diff)

    sub = commands.add_parser("grad", help="print the gradient (reverse mode), one line each")
    sub.add_argument("expr", help="the expression")
    sub.add_argument("--wrt", help="the variables, e.g. x,y (default: all, sorted)")
    sub.add_argument("--trivial", action="store_true", help="apply the trivial rules only")
    _add_program_options(sub)
    _add_svg_option(sub, "the gradient's program")
    sub.set_defaults(run=_cmd_grad)

    sub = commands.add_parser("check", help="compare a derivative with finite differences")
    sub.add_argument("expr", help="the expression")
    sub.add_argument("--wrt", required=True, help="the variable")
    sub.add_argument(
        "--at", nargs="+", required=True, metavar="NAME=VALUE", help="the point, e.g. x=1.3"
    )
    sub.add_argument("--rtol", type=float, default=1e-6, help="relative tolerance (1e-6)")
    sub.add_argument("--atol", type=float, default=1e-8, help="absolute tolerance (1e-8)")
    sub.set_defaults(run=_cmd_check)


def _add_simplification(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser("simplify", help="simplify an expression")
    sub.add_argument("expr", help='the expression, e.g. "x*x + 2*x - x"')
    sub.add_argument("--level", choices=("trivial", "standard", "full"), default="standard")
    sub.add_argument(
        "--rule", action="append", default=[], help='an extra rule, e.g. "sin(a)/cos(a) -> tan(a)"'
    )
    sub.add_argument(
        "--assume-positive",
        action="store_true",
        help="also use rules that hold for positive arguments (log(x*y) -> log(x) + log(y))",
    )
    sub.set_defaults(run=_cmd_simplify)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = _Parser(
        prog="symdiff",
        epilog="An EXPR may be - (read standard input) or @FILE (read a file). Exit codes: 0"
        " success, 1 an error while computing, 2 a usage or syntax error, 130 interrupted,"
        " 141 output pipe closed. --json prints one object: command, input (a list of"
        " expressions), result (the text printed without --json), ok, and for grad"
        " gradient [{wrt, expr}], for a program (cse, --cse) assignments and outputs"
        " [{name, expr}].",
        description="Symbolic differentiation: exact, readable, shareable, runnable derivatives.",
    )
    from symdiff import __version__

    parser.add_argument("--version", action="version", version=f"symdiff {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub = commands.add_parser("parse", help="print the canonical form of an expression")
    sub.add_argument("expr", help='the expression, e.g. "x^2*sin(x) + 4x"')
    sub.add_argument("--repr", action="store_true", help="print the node structure")
    _add_svg_option(sub, "the expression's DAG")
    sub.set_defaults(run=_cmd_parse)

    sub = commands.add_parser("eval", help="evaluate an expression at a point")
    sub.add_argument("expr", help="the expression")
    sub.add_argument("values", nargs="*", metavar="NAME=VALUE", help="e.g. x=2 y=pi/4")
    sub.set_defaults(run=_cmd_eval)
    _add_differentiation(commands)
    _add_programs(commands)
    _add_simplification(commands)
    for sub in commands.choices.values():
        sub.add_argument("--json", action="store_true", help="print one JSON object (see README)")
    return parser


def _as_json(args: argparse.Namespace, text: str, code: int) -> str:
    """The JSON form of a result: the command, its input, the text printed without
    ``--json``, and for a gradient or a program the ``NAME = EXPR`` lines as a list."""
    import json

    inputs = args.exprs if getattr(args, "exprs", None) else [args.expr]
    result: dict[str, Any] = {"command": args.command, "input": inputs, "result": text}
    result["ok"] = code == 0
    if args.command == "grad" and not (args.cse or args.emit):
        rows = [line.partition(" = ") for line in text.splitlines()]
        result["gradient"] = [{"wrt": w.removeprefix("d/d"), "expr": d} for w, _, d in rows]
    elif (args.command == "cse" or getattr(args, "cse", False)) and not args.emit:
        rows = [line.partition(" = ") for line in text.splitlines()]
        steps = [{"name": n, "expr": d} for n, _, d in rows]
        result["assignments"] = [row for row in steps if not row["name"].startswith("out")]
        result["outputs"] = [row for row in steps if row["name"].startswith("out")]
    return json.dumps(result)


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


class _UsageError(SymdiffError):
    """A bad argument found after parsing (exit code 2)."""


def _read_input(text: str) -> str:
    """``-`` reads standard input, ``@path`` a file; anything else is the expression."""
    if text == "-":
        return sys.stdin.read().strip()
    if text.startswith("@"):
        try:
            with open(text[1:], encoding="utf-8") as handle:
                return handle.read().strip()
        except OSError as error:
            raise _UsageError(f"cannot read {text[1:]}: {error.strerror or error}") from None
    return text.lstrip()


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
        if isinstance(getattr(args, "expr", None), str):
            args.expr = _read_input(args.expr)
        if getattr(args, "exprs", None):
            args.exprs = [_read_input(text) for text in args.exprs]
        output = args.run(args)
        text, code = output if isinstance(output, tuple) else (output, 0)
        print(_as_json(args, text, code) if args.json else text)
        sys.stdout.flush()
    except (SymdiffSyntaxError, _UsageError) as error:
        print(f"symdiff: error: {error}", file=sys.stderr)
        return 2
    except SymdiffError as error:
        print(f"symdiff: error: {error}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
