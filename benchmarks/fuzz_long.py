"""A long fuzz run of the hostile-input properties (the test suite runs a bounded sample).

Usage: ``python benchmarks/fuzz_long.py [EXAMPLES]`` (default 5000 per strategy). Runs every
text strategy of ``tests/hostile_inputs.py`` through every public entry point and prints, per
strategy, how many inputs parsed, how many were refused with a ``SymdiffError``, and the time.
Exits with status 1 and the shrunk failing input if anything else escapes.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hostile_inputs import (
    mutated_texts,
    random_text,
    run_pipeline,
    syntax_soup,
    valid_texts,
)
from hypothesis import HealthCheck, given, settings

from symdiff import Expr

STRATEGIES = {
    "random text": random_text,
    "syntax soup": syntax_soup,
    "valid expressions": valid_texts,
    "mutated expressions": mutated_texts(),
}


def run(name: str, strategy, examples: int) -> Counter:
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
        outcomes["parsed" if isinstance(result, Expr) else type(result).__name__] += 1

    start = time.perf_counter()
    fuzz()
    outcomes["seconds"] = round(time.perf_counter() - start)
    return outcomes


def main() -> int:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    for name, strategy in STRATEGIES.items():
        print(f"{name:22s}", dict(run(name, strategy, examples)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
