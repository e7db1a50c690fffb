"""The long fuzz run: the differential properties (tests/fuzz_properties.py) and the hostile
text strategies (tests/hostile_inputs.py), far beyond the test suite's bounded sample.

Usage::

    python benchmarks/fuzz_long.py [--cases N] [--seconds S] [--seed K] [--only NAME ...]

Each property runs in a fresh process, on seeded random inputs (tests/fuzzgen.py), until it has
tried ``N`` inputs (default 100000) or run ``S`` seconds (default: no limit). It prints, per
property: inputs tried, checked and skipped, inputs per second, and every failure class (the
exception, or the assertion's first words) with how often it was seen and a shrunk minimal
input. Failures listed in tests/known_issues.py are counted apart as known. The exit status
is 1 if any failure that is not known was found. ``--text`` also runs the hostile text
strategies through Hypothesis (``--text-examples``, default 5000 each).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import fuzz_properties as fp
import fuzzgen
import known_issues
import misuse
from hostile_inputs import time_bound
from jobs import run_job

from symdiff import REGISTRY

PROPERTIES = [
    "no-other-exception",
    "misuse-refused",
    "simplify-keeps-value",
    "derivatives-agree",
    "backends-agree",
    "simplify-idempotent",
    "text-round-trip",
    "cse-round-trip",
]
C_BATCH = 40  # expressions per C compilation
TIME_BOUND = 30  # seconds per input: beyond it, a Hang failure


def failure_class(name: str, error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else ""
    if isinstance(error, AssertionError):
        text = re.split(r"[:(]", text, maxsplit=1)[0]
    text = re.sub(r"\d+(\.\d+)?(e[-+]?\d+)?", "#", text)[:90]
    return f"{type(error).__name__}: {text}"


class Run:
    """One property's tally: outcomes, failure classes and their smallest inputs."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.outcomes: Counter = Counter()
        self.failures: Counter = Counter()
        self.examples: dict[str, str] = {}

    def attempt(self, call, subject, shrinkable=None) -> None:
        try:
            with time_bound(TIME_BOUND):
                outcome = call(subject)
        except Exception as error:
            issue = known_issues.known(self.name, subject, error)
            if issue is not None:
                self.outcomes[f"known: {issue}"] += 1
                return
            key = failure_class(self.name, error)
            self.failures[key] += 1
            self.outcomes["FAILED"] += 1
            if key not in self.examples:
                self.examples[key] = self._minimal(call, subject, key, shrinkable, error)
            return
        self.outcomes["checked" if outcome == "checked" else "skipped"] += 1

    def _minimal(self, call, subject, key, shrinkable, error) -> str:
        if shrinkable is None:
            return f"{subject!r}"
        expr, rebuild = shrinkable

        def fails(candidate) -> bool:
            try:
                with time_bound(TIME_BOUND):
                    call(rebuild(candidate))
            except Exception as again:
                return failure_class(self.name, again) == key
            return False

        small = fuzzgen.shrink(expr, fails)
        where = rebuild(small)[1]
        try:
            with time_bound(TIME_BOUND):
                call(rebuild(small))
        except Exception as again:
            error = again
        message = str(error).splitlines()[0][:300] if str(error) else ""
        return f"{small!r} at {where}: {message}"


def run_property(name: str, cases: int, seconds: float | None, seed: int) -> dict:
    rng = random.Random(f"{seed}:{name}")
    run = Run(name)
    start = time.perf_counter()
    tried = 0
    saved = dict(REGISTRY)
    while tried < cases and (seconds is None or time.perf_counter() - start < seconds):
        if name == "misuse-refused":
            run.attempt(fp.misuse_is_refused, misuse.misuse(rng.randrange))
            REGISTRY.clear()
            REGISTRY.update(saved)
            tried += 1
        elif name == "backends-agree":
            tried += _backends_batch(run, rng)
        else:
            prop = fp.EXPR_PROPERTIES[name]
            expr, point = fuzzgen.random_case(rng)
            run.attempt(lambda s, f=prop: f(*s), (expr, point), (expr, lambda e, p=point: (e, p)))
            tried += 1
    elapsed = time.perf_counter() - start
    return {
        "property": name,
        "tried": tried,
        "seconds": round(elapsed, 1),
        "per_second": round(tried / elapsed, 1),
        "outcomes": dict(run.outcomes),
        "failures": {k: [n, run.examples[k]] for k, n in run.failures.items()},
    }


def _backends_batch(run: Run, rng: random.Random) -> int:
    """A batch through Python and NumPy per expression, and through C in one compilation."""
    cases = [fuzzgen.random_case(rng) for _ in range(C_BATCH)]
    points = [p for _, p in cases[:3]]
    for expr, _ in cases:
        for backend in ("python", "numpy"):
            run.attempt(
                lambda s, b=backend: fp.backends_agree([s[0]], s[1], [b]),
                (expr, points),
                (expr, lambda e: (e, points)),
            )
    run.attempt(lambda s: fp.backends_agree(s, points, ["c"]), [e for e, _ in cases])
    return len(cases)


def run_texts(examples: int) -> None:
    """The hostile text strategies through every entry point (``run_pipeline``)."""
    from hostile_inputs import mutated_texts, random_text, run_pipeline, syntax_soup, valid_texts
    from hypothesis import HealthCheck, given, settings

    strategies = {
        "random text": random_text,
        "syntax soup": syntax_soup,
        "valid expressions": valid_texts,
        "mutated expressions": mutated_texts(),
    }
    for name, strategy in strategies.items():
        outcomes: Counter = Counter()

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def fuzz(text: str) -> None:
            result = run_pipeline(text)
            outcomes["parsed" if not isinstance(result, Exception) else "refused"] += 1  # noqa: B023

        start = time.perf_counter()
        fuzz()
        elapsed = time.perf_counter() - start
        print(f"{name:22s} {examples} in {elapsed:.1f} s {dict(outcomes)}", flush=True)


def report(result: dict) -> None:
    print(
        f"{result['property']:22s} {result['tried']:>8d} inputs in {result['seconds']:>7.1f} s"
        f" = {result['per_second']:>8.1f}/s  {result['outcomes']}",
        flush=True,
    )
    for key, (count, example) in result["failures"].items():
        print(f"    FAILURE x{count}: {key}\n        minimal: {example}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", nargs="*", default=PROPERTIES, choices=PROPERTIES)
    parser.add_argument("--text", action="store_true", help="also the hostile text strategies")
    parser.add_argument("--text-examples", type=int, default=5000)
    parser.add_argument("--job", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.job:  # one property, in this fresh process
        job = json.load(sys.stdin)
        print(json.dumps(run_property(job["name"], job["cases"], job["seconds"], job["seed"])))
        return 0
    unknown = False
    for name in options.only:
        job = {"name": name, "cases": options.cases, "seconds": options.seconds}
        job["seed"] = options.seed
        limit = (options.seconds or 36_000) * 3 + 600
        result = run_job(__file__, ["--job"], job, timeout=limit, width=300)
        if "error" in result:
            print(f"{name:22s} CRASHED: {result['error']}", flush=True)
            unknown = True
            continue
        report(result)
        unknown = unknown or bool(result["failures"])
    if options.text:
        run_texts(options.text_examples)
    return 1 if unknown else 0


if __name__ == "__main__":
    sys.exit(main())
