"""Build ``tests/data/derivatives_cited.jsonl``, the cited derivative corpus, and refresh it.

``extract`` reads the algebraic chapter of the Rubi test suite (a checkout of
RuleBasedIntegration/MathematicaSyntaxTestSuite, MIT licence): every problem is
``{integrand, x, steps, antiderivative}``, so the derivative of the antiderivative must be the
integrand. Problems with numbers only (no symbolic parameters) whose antiderivative uses
elementary functions are translated into symdiff syntax, given a real interval where both
sides are real and finite, and kept when mpmath's derivative of the antiderivative equals the
integrand at 40 digits. ``table`` adds the hand-entered cases of ``corpus_cited_table.py``.
``sympy`` recomputes, for every case, the size of ``sympy.diff``'s derivative (counted as
``benchmarks/bench_simplify.py`` counts it), so the tests need no SymPy.

Run from the repository root:

    python benchmarks/corpus_cited.py extract --rubi PATH/TO/MathematicaSyntaxTestSuite
    python benchmarks/corpus_cited.py sympy      # refresh the recorded sympy.diff sizes
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

import mpmath

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from reference import Undefined, precise  # noqa: E402

from symdiff import evaluate, parse  # noqa: E402
from symdiff.core.errors import SymdiffError  # noqa: E402

OUT = ROOT / "tests" / "data" / "derivatives_cited.jsonl"
RUBI_REPO = "RuleBasedIntegration/MathematicaSyntaxTestSuite"
RUBI_COMMIT = "32b79cedb8a5a80e82e6db9f67e9cdf88cf11217"
CHAPTER = "1 Algebraic functions"
PER_FILE = 8  # problems kept per Rubi file, spread over the file
MAX_LENGTH = 220  # characters of the antiderivative, to keep the test fast
DIGITS = 40

# Mathematica name -> (symdiff text opening the call, text closing it)
FUNCTIONS = {
    "Sqrt": ("sqrt(", ")"),
    "Log": ("log(", ")"),
    "ArcTan": ("atan(", ")"),
    "ArcTanh": ("atanh(", ")"),
    "ArcSin": ("asin(", ")"),
    "ArcCos": ("acos(", ")"),
    "ArcSinh": ("asinh(", ")"),
    "ArcCosh": ("acosh(", ")"),
    "ArcCot": ("atan(1/(", "))"),
    "ArcCoth": ("atanh(1/(", "))"),
    "ArcCsc": ("asin(1/(", "))"),
    "ArcSec": ("acos(1/(", "))"),
}
CONSTANTS = {"Pi": "pi", "E": "e", "x": "x"}
DOMAINS = [
    (0.1, 0.9),
    (1.1, 3.0),
    (0.5, 2.0),
    (2.0, 5.0),
    (0.05, 0.45),
    (0.55, 0.95),
    (-0.9, -0.1),
    (-3.0, -1.1),
    (5.0, 10.0),
]
TOKEN = re.compile(r"\s+|\d+\.?\d*|[A-Za-z]\w*|[][()^*/+\-,]")


def mathematica_to_text(source: str) -> str | None:
    """Mathematica input form -> symdiff text, or None when it uses anything else.

    >>> mathematica_to_text("ArcTanh[Sqrt[1 + x]/2]/Sqrt[3] - 2 x^(3/2)")
    'atanh(sqrt(1 + x)/2)/sqrt(3) - 2*x^(3/2)'
    """
    tokens = TOKEN.findall(source)
    if "".join(tokens) != source:
        return None
    out: list[str] = []
    closers: list[str] = []  # what closes each open call
    previous = ""  # the last non-space token
    for i, token in enumerate(tokens):
        following = next((t for t in tokens[i + 1 :] if not t.isspace()), "")
        if token.isspace():
            juxtaposed = _ends_operand(previous) and _starts_operand(following)
            out.append("*" if juxtaposed else " ")
            continue
        text = _translate(token, following, closers)
        if text is None:
            return None
        out.append(text)
        previous = token
    return "".join(out) if not closers else None


def _translate(token: str, following: str, closers: list[str]) -> str | None:
    """One token in symdiff syntax (a call's ``[`` is part of its name's translation)."""
    if token[0].isalpha():
        if following == "[":
            if token not in FUNCTIONS:
                return None
            opening, closing = FUNCTIONS[token]
            closers.append(closing)
            return opening
        return CONSTANTS.get(token)
    if token == "[":
        return ""  # written with the function's name
    if token == "]":
        return closers.pop() if closers else None
    return None if token == "," else token


def _ends_operand(token: str) -> bool:
    return bool(token) and (token[0].isalnum() or token in ")]")


def _starts_operand(token: str) -> bool:
    return bool(token) and (token[0].isalnum() or token == "(")


def rubi_problems(path: Path) -> list[tuple[int, str, str]]:
    """``(line, integrand, antiderivative)`` for every one-line problem of a Rubi file."""
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not (line.startswith("{") and line.endswith("}")):
            continue
        fields = _split_top(line[1:-1])
        if len(fields) >= 4 and fields[1].strip() == "x":
            problems.append((number, fields[0].strip(), fields[3].strip()))
    return problems


def _split_top(text: str) -> list[str]:
    fields, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            fields.append(text[start:i])
            start = i + 1
    fields.append(text[start:])
    return fields


def find_domain(expr_text: str, expected_text: str, seed: str) -> dict | None:
    """An interval where both sides are real, finite and well conditioned, with five points
    in it where mpmath's derivative of ``expr`` equals ``expected``; None if there is none."""
    try:
        expr, expected = parse(expr_text), parse(expected_text)
    except SymdiffError:
        return None
    if {s.name for s in expr.free_symbols | expected.free_symbols} - {"x"}:
        return None
    for low, high in DOMAINS:
        grid = [low + (high - low) * k / 24 for k in range(25)]
        if not all(_well_defined(expr, expected, t) for t in grid):
            continue
        rng = random.Random(f"{seed}:{low}")
        points = sorted(round(rng.uniform(low, high), 6) for _ in range(5))
        if all(_derivative_matches(expr, expected, t) for t in points):
            return {"domain": [low, high], "points": points}
    return None


def _well_defined(expr, expected, t: float) -> bool:
    try:
        values = [precise(e, {"x": t}, DIGITS) for e in (expr, expected)]
        floats = [evaluate(e, {"x": t}) for e in (expr, expected)]
    except (Undefined, SymdiffError, ZeroDivisionError, OverflowError, ValueError):
        return False
    for value, approx in zip(values, floats, strict=True):
        if not mpmath.isfinite(value) or abs(value) > 1e8:
            return False
        if abs(approx - value) > 1e-9 * max(1, abs(value)):
            return False
    return True


def _derivative_matches(expr, expected, t: float) -> bool:
    with mpmath.workdps(DIGITS):
        slope = mpmath.diff(lambda u: precise(expr, {"x": u}, None), mpmath.mpf(t))
        target = precise(expected, {"x": t}, DIGITS)
        return abs(slope - target) <= mpmath.mpf(10) ** -25 * max(1, abs(target))


def extract_rubi(checkout: Path, known: set[str]) -> list[dict]:
    """Cases from the algebraic chapter of a Rubi test-suite checkout."""
    cases = []
    for path in sorted((checkout / CHAPTER).rglob("*.m")):
        relative = path.relative_to(checkout).as_posix()
        usable = []
        for line, integrand, antiderivative in rubi_problems(path):
            expr = mathematica_to_text(antiderivative)
            expected = mathematica_to_text(integrand)
            if expr is None or expected is None or len(expr) > MAX_LENGTH:
                continue
            if expr in known or not _worth_it(expected):
                continue
            usable.append((line, expr, expected))
        cases += _spread(relative, usable, known)
    return cases


def _worth_it(integrand: str) -> bool:
    """A quotient, a radical or a power of x (the issue's emphasis), not a bare polynomial."""
    return "x" in integrand and any(mark in integrand for mark in ("/", "^(", "sqrt"))


def _spread(relative: str, usable: list, known: set[str]) -> list[dict]:
    """Up to ``PER_FILE`` verified cases, taken evenly over the file's usable problems."""
    chosen: list[dict] = []
    step = max(1, len(usable) // (3 * PER_FILE))
    for line, expr, expected in usable[::step]:
        if len(chosen) == PER_FILE:
            break
        found = find_domain(expr, expected, f"{relative}#{line}")
        if found is None or expr in known:
            continue
        known.add(expr)
        section = relative.split("/")[-1].split(" ")[0]
        chosen.append(
            {
                "id": f"rubi-{section}-L{line}",
                "group": "rubi-algebraic",
                "source": f"{RUBI_REPO}:{relative}#L{line}",
                "licence": "MIT",
                "commit": RUBI_COMMIT,
                "kind": "antiderivative",
                "expr": expr,
                "var": "x",
                "expected": expected,
                **found,
            }
        )
    return chosen


def table_cases(known: set[str]) -> list[dict]:
    """The hand-entered cases (``corpus_cited_table.py``), verified like the others."""
    from corpus_cited_table import CASES

    cases = []
    for row in CASES:
        if row["expr"] in known:
            continue
        found = find_domain(row["expr"], row["expected"], row["id"])
        if found is None:
            raise SystemExit(f"{row['id']}: no domain where it checks")
        known.add(row["expr"])
        cases.append({**row, "var": "x", **found})
    return cases


def sympy_sizes(cases: list[dict]) -> None:
    """Record ``sympy_diff_ops``: the size of ``sympy.diff`` as bench_simplify counts it."""
    import sympy
    from bench_simplify import sympy_size, to_sympy

    sys.setrecursionlimit(10_000)
    for case in cases:
        theirs = to_sympy(case["expr"], {case["var"]})
        symbol = sympy.Symbol(case["var"], real=True)
        case["sympy_diff_ops"] = sympy_size(sympy.diff(theirs, symbol))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["extract", "sympy"])
    parser.add_argument("--rubi", type=Path, help="a MathematicaSyntaxTestSuite checkout")
    args = parser.parse_args(argv)
    if args.command == "extract":
        if args.rubi is None:
            parser.error("extract needs --rubi")
        corpus = ROOT / "tests" / "data" / "derivatives.jsonl"
        known = {json.loads(line)["expr"] for line in corpus.read_text().splitlines()}
        cases = table_cases(known) + extract_rubi(args.rubi, known)
    else:
        cases = [json.loads(line) for line in OUT.read_text().splitlines()]
    sympy_sizes(cases)
    OUT.write_text("".join(json.dumps(case) + "\n" for case in cases), encoding="utf-8")
    print(f"{len(cases)} cases written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
