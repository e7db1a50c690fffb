"""The natural order of variable names (``x2`` before ``x10``)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from symdiff import (
    ArgumentError,
    Symbol,
    natural_key,
    parse,
)


def natural(names):
    return sorted(names, key=natural_key)


def shuffled(names, seed=3):
    names = list(names)
    random.Random(seed).shuffle(names)
    return names


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([f"x{i}" for i in range(1, 13)], [f"x{i}" for i in range(1, 13)]),
        (["x_10", "x_9"], ["x_9", "x_10"]),
        (["a10", "b2", "a2"], ["a2", "a10", "b2"]),
        (["x1", "x", "x_1", "x10", "xa"], ["x", "x1", "x10", "x_1", "xa"]),
        (["b", "a", "B"], ["B", "a", "b"]),
        (["x1", "x01", "x001", "x2", "x02"], ["x001", "x01", "x1", "x02", "x2"]),
        (["θ10", "θ2", "θ", "α1"], ["α1", "θ", "θ2", "θ10"]),
        (["x١٠", "x٣", "x2", "x10"], ["x2", "x٣", "x10", "x١٠"]),  # Arabic-Indic digits
        (["x2y10", "x2y9", "x10y1"], ["x2y9", "x2y10", "x10y1"]),
        (["x" + "9" * 5000, "x1" + "0" * 5000], ["x" + "9" * 5000, "x1" + "0" * 5000]),
    ],
    ids=["x1-x12", "x_9-x_10", "mixed", "prefixes", "case", "leading-zeros", "unicode",
         "unicode-digits", "several-runs", "long-runs"],
)  # fmt: skip
def test_exact_orders(names, expected):
    assert natural(shuffled(names)) == expected
    assert natural(names) == expected


def test_the_key_takes_a_symbol_or_its_name():
    assert natural_key(Symbol("x10")) == natural_key("x10")
    with pytest.raises(ArgumentError, match="a symbol or a name"):
        natural_key(parse("x + 1"))
    with pytest.raises(ArgumentError):
        natural_key(10)  # type: ignore[arg-type]


NAME_PARTS = st.sampled_from(["x", "y", "X", "_", "θ", "é", "0", "1", "2", "9", "٣", "٠", "10"])
NAMES = st.one_of(st.text(), st.lists(NAME_PARTS, max_size=6).map("".join))


@given(NAMES, NAMES, NAMES)
def test_the_key_is_a_total_order_consistent_with_equality(a, b, c):
    ka, kb, kc = natural_key(a), natural_key(b), natural_key(c)
    assert (ka == kb) == (a == b)
    assert [ka < kb, ka == kb, ka > kb].count(True) == 1  # comparable, exactly one holds
    if ka <= kb and kb <= kc:
        assert ka <= kc
    assert natural([a, b, c]) == natural([c, a, b]) == natural([b, c, a])


@given(st.integers(0, 10**30), st.integers(0, 10**30), st.sampled_from(["x", "x_", "w"]))
def test_digit_runs_compare_by_value(i, j, stem):
    assert (natural_key(f"{stem}{i}") < natural_key(f"{stem}{j}")) == (i < j)
