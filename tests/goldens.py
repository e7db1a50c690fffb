"""Golden files (tests/golden/): emitted text reviewed like code.

Run ``SYMDIFF_UPDATE_GOLDEN=1 python -m pytest tests/test_emit_*.py`` to rewrite them after a
deliberate change, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

from symdiff import cse, parse

GOLDEN = Path(__file__).parent / "golden"

# The seed talk's raw derivative of (1 + x)/(2x^2), its Wengert list y_1 ... y_9.
SEED_DERIVATIVE = "(2*x^2 - (1 + x)*(2*(2x)))/(2*x^2)^2"

# A 2x2 Jacobian-shaped program: shared subexpressions, functions without a direct form in
# some targets (sec, cbrt, abs, sign), exact rationals, constants, a negative power.
MIXED = [
    [
        "2x*sin(theta) + y*exp(x*y)/3 - sign(x - y)*abs(y)",
        "x^2*cos(theta) + sec(theta)*tan(theta)*cbrt(y)",
    ],
    [
        "x*exp(x*y)/3 + 1/(3*cbrt(y)^2)*sec(theta) - pi*e^x",
        "-(1 + theta^2)^-2*2theta + atan2(y, x)",
    ],
]


def seed_program():
    return cse(parse(SEED_DERIVATIVE), full=True)


def mixed_program():
    return cse([[parse(t) for t in row] for row in MIXED])


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` with ``tests/golden/name`` (or rewrite it when asked to)."""
    path = GOLDEN / name
    if os.environ.get("SYMDIFF_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from the golden file (see goldens.py)"
