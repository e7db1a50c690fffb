"""What each subcommand does: from parsed arguments to the text it prints.

Takes an ``argparse.Namespace`` whose expressions are already read in, returns the text to
print (and for ``check`` an exit code as well), and guarantees that every failure is a
``SymdiffError`` (a ``UsageError`` for a bad argument found after parsing).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable, Sequence

from symdiff.cli.inputs import UsageError
from symdiff.core.errors import SymdiffError, SymdiffSyntaxError
from symdiff.core.evaluate import evaluate
from symdiff.core.expr import Expr
from symdiff.core.parse import parse
from symdiff.core.traverse import free_symbols, natural_key
from symdiff.diff.diff import check, differentiate, gradient
from symdiff.emit import emit_c, emit_dot, emit_numpy, emit_python, latex
from symdiff.program.cse import Program, cse

__all__ = [
    "EMIT_TARGETS",
    "run_check",
    "run_cse",
    "run_diff",
    "run_eval",
    "run_grad",
    "run_parse",
    "run_simplify",
]

EMIT_TARGETS = ("python", "numpy", "c", "latex", "dot")
_SPECIAL_VALUES = {"nan": math.nan, "inf": math.inf, "+inf": math.inf, "-inf": -math.inf}


def _save_svg(args: argparse.Namespace, picture: object) -> None:
    """Write the picture of ``picture`` (an Expr or a Program) to ``--svg FILE``, if given."""
    if not getattr(args, "svg", None):
        return
    if not str(args.svg).lower().endswith(".svg"):
        raise UsageError(f"--svg writes SVG: the file name must end in .svg, not {args.svg!r}")
    from symdiff.notebook.display import save_svg

    try:
        save_svg(picture, args.svg)
    except OSError as error:
        raise SymdiffError(f"cannot write {args.svg}: {error.strerror or error}") from None


def run_parse(args: argparse.Namespace) -> str:
    """``symdiff parse``: the canonical form (or ``--repr``, the node structure)."""
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
            raise UsageError(f"{name} is given twice ({name}={text})")
        lowered = text.strip().lower().replace("infinity", "inf")
        special = _SPECIAL_VALUES.get(lowered)
        values[name] = special if special is not None else evaluate(parse(text))
    return values


def run_eval(args: argparse.Namespace) -> str:
    """``symdiff eval``: the value at a point."""
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


def run_cse(args: argparse.Namespace) -> str:
    """``symdiff cse``: one program for one or more expressions."""
    exprs = [parse(text.lstrip()) for text in args.exprs]
    program = cse(exprs[0] if len(exprs) == 1 else exprs, full=args.full)
    _save_svg(args, program)
    return _show_program(program, args.emit)


def run_simplify(args: argparse.Namespace) -> str:
    """``symdiff simplify``: the simplified form; a warning if no fixed point was reached."""
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
    """``--wrt x,y`` (or ``"x y"``) as a list of names."""
    if text is None:
        return None
    names = [name for name in re.split(r"[\s,]+", text) if name]
    if not names:
        raise SymdiffSyntaxError("expected variable names", text, 0, hint="for example --wrt x,y")
    for name in names:
        if not name.isidentifier() or name in ("e", "pi"):
            raise UsageError(f"--wrt: {name!r} is not a variable name")
    return names


def _level(args: argparse.Namespace) -> bool | str:
    """``simplify=`` from ``--raw`` / ``--trivial`` (default: the standard form)."""
    if getattr(args, "raw", False):
        return False
    return "trivial" if args.trivial else True


def _inputs(expr: Expr, names: list[str]) -> list[str]:
    """A program's inputs: the free symbols and the variables, in natural order."""
    return sorted({s.name for s in free_symbols(expr)} | set(names), key=natural_key)


def run_diff(args: argparse.Namespace) -> str:
    """``symdiff diff``: a derivative, its steps, or its program."""
    expr = parse(args.expr)
    names = _variables(args.wrt)
    if names is None:
        names = [s.name for s in free_symbols(expr)]
        if len(names) != 1:
            found = ", ".join(sorted(names, key=natural_key)) or "none"
            raise UsageError(f"say which variable with --wrt (free symbols: {found})")
    level = _level(args)
    if args.explain:
        return str(differentiate(expr, names, args.order, simplify=level, explain=True))
    derivative = differentiate(expr, names, n=args.order, simplify=level)
    _save_svg(args, derivative)
    if args.cse or args.emit:
        return _show_program(cse(derivative, inputs=_inputs(expr, names)), args.emit)
    return str(derivative)


def run_grad(args: argparse.Namespace) -> str:
    """``symdiff grad``: the partial derivatives, one line each, or their program."""
    expr = parse(args.expr)
    variables = _variables(args.wrt)
    if variables is None:
        variables = sorted((s.name for s in free_symbols(expr)), key=natural_key)
    partials = gradient(expr, variables, simplify=_level(args))
    inputs = _inputs(expr, variables)
    if getattr(args, "svg", None):
        _save_svg(args, cse(partials, inputs=inputs))
    if args.cse or args.emit:
        return _show_program(cse(partials, inputs=inputs), args.emit)
    return "\n".join(f"d/d{v} = {d}" for v, d in zip(variables, partials, strict=True))


def run_check(args: argparse.Namespace) -> tuple[str, int]:
    """``symdiff check``: the comparison, and exit code 1 if it fails."""
    for name in ("rtol", "atol"):
        value = getattr(args, name)
        if not (math.isfinite(value) and value >= 0):
            raise UsageError(f"--{name} must be a finite number >= 0, not {value}")
    result = check(parse(args.expr), args.wrt, _point(args.at), rtol=args.rtol, atol=args.atol)
    return str(result), 0 if result.ok else 1
