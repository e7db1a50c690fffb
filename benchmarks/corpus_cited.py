"""Build ``tests/data/derivatives_cited.jsonl``, the cited derivative corpus, and refresh it.

``extract`` reads chapters 1-7 of the Rubi test suite (a checkout of
RuleBasedIntegration/MathematicaSyntaxTestSuite, MIT licence): every problem is
``{integrand, x, steps, antiderivative}``, so the derivative of the antiderivative must be the
integrand. Problems with numbers only (no symbolic parameters) whose antiderivative uses
elementary functions are translated into symdiff syntax, given a real interval where both
sides are real and finite, and kept when mpmath's derivative of the antiderivative equals the
integrand at 40 digits: up to 8 a file, taken evenly, from the algebraic chapter (a quotient,
radical or power of x in the integrand), and 1 a file from the others (a radical in the
antiderivative), with the few problems of ``ALSO``. It also adds the hand-entered cases of
``corpus_cited_table.py``.
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
import sys
from pathlib import Path

import mpmath

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus_cited_rubi import mathematica_to_text, rubi_problems  # noqa: E402
from reference import Undefined, precise  # noqa: E402

from symdiff import evaluate, parse  # noqa: E402
from symdiff.core.errors import SymdiffError  # noqa: E402

OUT = ROOT / "tests" / "data" / "derivatives_cited.jsonl"
RUBI_REPO = "RuleBasedIntegration/MathematicaSyntaxTestSuite"
RUBI_COMMIT = "32b79cedb8a5a80e82e6db9f67e9cdf88cf11217"
CHAPTERS = [
    "1 Algebraic functions",  # up to 8 cases a file
    "2 Exponentials",  # and 1 a file from the others, with a radical in the antiderivative
    "3 Logarithms",
    "4 Trig functions",
    "5 Inverse trig functions",
    "6 Hyperbolic functions",
    "7 Inverse hyperbolic functions",
]
# Problems taken as well: symdiff's derivative was more than 1.5x as large as sympy.diff's
# in a scan of chapters 2-7 (December 2026), so they measure what the simplifier misses.
ALSO = {
    "4 Trig functions/4.2 Cosine/4.2.10 (c+d x)^m (a+b cos)^n.m#L177",
    "6 Hyperbolic functions/6.1 Hyperbolic sine/6.1.7 hyper^m (a+b sinh^n)^p.m#L196",
    "6 Hyperbolic functions/6.2 Hyperbolic cosine/6.2.1 (c+d x)^m (a+b cosh)^n.m#L143",
    "6 Hyperbolic functions/6.2 Hyperbolic cosine/6.2.1 (c+d x)^m (a+b cosh)^n.m#L189",
    "6 Hyperbolic functions/6.2 Hyperbolic cosine/6.2.1 (c+d x)^m (a+b cosh)^n.m#L191",
}
MAX_LENGTH = 220  # characters of the antiderivative, to keep the test fast
DIGITS = 40

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
    """Cases from a Rubi test-suite checkout: the algebraic chapter, then the others."""
    cases = []
    for chapter in CHAPTERS:
        algebraic = chapter == CHAPTERS[0]
        group, per_file = ("rubi-algebraic", 8) if algebraic else ("rubi-functions", 1)
        for path in sorted((checkout / chapter).rglob("*.m")):
            relative = path.relative_to(checkout).as_posix()
            usable, also = [], []
            for line, expr, expected in _translated(path):
                if expr in known:
                    continue
                if f"{relative}#L{line}" in ALSO:
                    also.append((line, expr, expected))
                elif _worth_it(expected) if algebraic else _radical(expr):
                    usable.append((line, expr, expected))
            chosen = _verified(relative, group, also, len(also), known)
            cases += chosen + _verified(relative, group, _evenly(usable, per_file), per_file, known)
    return cases


def _translated(path: Path) -> list[tuple[int, str, str]]:
    """``(line, antiderivative, integrand)`` in symdiff syntax, for every problem that has one."""
    out = []
    for line, integrand, antiderivative in rubi_problems(path):
        expr = mathematica_to_text(antiderivative)
        expected = mathematica_to_text(integrand)
        if expr is not None and expected is not None and len(expr) <= MAX_LENGTH:
            out.append((line, expr, expected))
    return out


def _worth_it(integrand: str) -> bool:
    """A quotient, a radical or a power of x (the issue's emphasis), not a bare polynomial."""
    return "x" in integrand and any(mark in integrand for mark in ("/", "^(", "sqrt"))


def _radical(antiderivative: str) -> bool:
    """A square root or a non-integer power in the antiderivative."""
    return "sqrt(" in antiderivative or "^(" in antiderivative


def _evenly(usable: list, count: int) -> list:
    """Candidates taken evenly over the file (three per case wanted, for those that fail)."""
    return usable[:: max(1, len(usable) // (3 * count))]


def _verified(relative: str, group: str, candidates: list, count: int, known: set[str]) -> list:
    """Up to ``count`` of the candidates that have a domain where they check, as cases."""
    chosen: list[dict] = []
    for line, expr, expected in candidates:
        if len(chosen) == count:
            break
        found = find_domain(expr, expected, f"{relative}#{line}")
        if found is None or expr in known:
            continue
        known.add(expr)
        section = relative.split("/")[-1].split(" ")[0]
        chosen.append(
            {
                "id": f"rubi-{section}-L{line}",
                "group": group,
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
