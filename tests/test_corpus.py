"""The derivative corpus (tests/data, see its README for sources and licences): 504 cases.

Each case's ``expr`` is differentiated and compared at its five points with the source's
``expected`` derivative (where it has one) and with a Richardson-extrapolated central
difference of ``expr``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from symdiff import evaluate, parse
from symdiff.diff.diff import differentiate
from symdiff.diff.numeric import richardson

CORPUS = Path(__file__).parent / "data" / "derivatives.jsonl"
CASES = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]

RTOL = 1e-7


def close(value: float, reference: float, scale: float, rtol: float = RTOL) -> bool:
    """Relative agreement, with an absolute floor set by the size of the terms involved."""
    return abs(value - reference) <= rtol * max(abs(reference), scale, 1e-3)


def test_corpus_is_complete():
    assert len(CASES) == 504
    assert len({case["id"] for case in CASES}) == 504


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(case):
    f = parse(case["expr"])
    name = case["var"]
    derivative = differentiate(f, name)
    expected = None if case["expected"] is None else parse(case["expected"])
    for point in case["points"]:
        got = evaluate(derivative, {name: point})
        if expected is not None:
            reference = evaluate(expected, {name: point})
            assert close(got, reference, abs(reference)), (point, got, reference)
        estimate = richardson(lambda t: evaluate(f, {name: t}), point, h=_step(case, point))
        scale = abs(evaluate(f, {name: point})) + estimate.error
        assert close(got, estimate.value, scale * 1e-3, rtol=1e-6), (point, got, estimate)


def _step(case: dict, point: float) -> float:
    """A starting step that stays inside the case's domain."""
    low, high = case["domain"]
    return min(0.05 * max(1.0, abs(point)), (point - low) / 2, (high - point) / 2)
