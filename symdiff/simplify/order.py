"""Canonical order: structural sort keys for the arguments of sums and products.

Takes ``Expr`` nodes, returns sort keys. The order depends only on the structure of the nodes
(never on ``id()`` or Python's randomized ``hash``), so the same input always prints the same
way. A key is computed once per unique node and cached in an ``Ordering`` (one per
simplification), iteratively, so depth is unlimited; keys stay shallow tuples, so comparing
two keys never recurses deeply.

- A node's key is its first ``PREFIX`` pre-order tokens (kind, name, number), then a 64-bit
  structural digest that breaks the rare ties between nodes that differ only deep down.
- Factors of a product are ordered by base: numbers, constants, symbols (``x`` and ``x^2``
  sort together), functions and exponentials (alphabetically), then sums: ``2*pi*x*y*sin(x)``.
- Terms of a sum are ordered by decreasing polynomial degree, then by their factors:
  ``x^3 + x^2*y + x*y + y + sin(x)``.
"""

from __future__ import annotations

import functools
import hashlib
from fractions import Fraction

from symdiff.core.expr import Const, Expr, Op

__all__ = ["PREFIX", "Ordering"]

#: Number of pre-order tokens kept in a node's key.
PREFIX = 12

_RANK = {Op.NUM: 0, Op.CONST: 1, Op.SYM: 2, Op.POW: 3, Op.CALL: 4, Op.MUL: 5, Op.ADD: 6}
_MASK = (1 << 64) - 1
_PRIME = 0x100000001B3

Key = tuple
_E = Const("e")


@functools.lru_cache(maxsize=4096)
def _leaf_digest(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def _text(value: object) -> str:
    """Exact text of a leaf's value (hexadecimal for numbers: no size limit applies)."""
    if isinstance(value, float):
        return value.hex()
    if isinstance(value, int):
        return format(value, "x")
    if isinstance(value, Fraction):
        return f"{value.numerator:x}/{value.denominator:x}"
    return str(value)


def _token(node: Expr) -> tuple:
    op = node.op
    if op is Op.NUM:
        return (0, "", node.value)
    if op is Op.CALL:
        return (4, node.value.name, 0)
    if op in (Op.SYM, Op.CONST):
        return (_RANK[op], node.value, 0)
    return (_RANK[op], "", 0)


class Ordering:
    """Sort keys for one simplification run (a cache of per-node keys).

    >>> from symdiff.core.expr import symbols
    >>> x, y = symbols("x y")
    >>> o = Ordering()
    >>> sorted([y, x**2, x], key=o.term_key) == [x**2, x, y]
    True
    """

    def __init__(self) -> None:
        self._keys: dict[Expr, tuple[tuple, int]] = {}
        self._terms: dict[Expr, Key] = {}
        self._factors: dict[Expr, Key] = {}
        self._degrees: dict[Expr, Fraction | int | float] = {}

    # -- node keys -------------------------------------------------------------------------
    def key(self, node: Expr) -> tuple[tuple, int]:
        """``(prefix tokens, digest)`` of ``node``."""
        found = self._keys.get(node)
        if found is None:
            self._fill(node)
            found = self._keys[node]
        return found

    def _fill(self, root: Expr) -> None:
        keys = self._keys
        stack: list[tuple[Expr, bool]] = [(root, False)]
        while stack:
            node, ready = stack.pop()
            if node in keys:
                continue
            if not ready:
                stack.append((node, True))
                stack.extend((a, False) for a in node.args if a not in keys)
                continue
            keys[node] = self._compose(node)

    def _compose(self, node: Expr) -> tuple[tuple, int]:
        keys = self._keys
        token = _token(node)
        if not node.args:
            return (token,), _leaf_digest(f"{node.op.value}:{_text(node.value)}")
        tokens = [token]
        digest = _leaf_digest(f"{node.op.value}:{node.value.name if node.value else ''}")
        for arg in node.args:
            prefix, child = keys[arg]
            if len(tokens) < PREFIX:
                tokens.extend(prefix[: PREFIX - len(tokens)])
            digest = ((digest ^ child) * _PRIME) & _MASK
        return tuple(tokens), digest

    # -- factors of a product ----------------------------------------------------------------
    def factor_key(self, factor: Expr) -> Key:
        """Order of a factor in a product: by base class, base, then exponent."""
        found = self._factors.get(factor)
        if found is None:
            found = self._factors[factor] = self._factor_key(factor)
        return found

    def _factor_key(self, factor: Expr) -> Key:
        base, exponent = factor.args if factor.op is Op.POW else (factor, None)
        if base is _E and exponent is not None and exponent.op is not Op.NUM:
            prefix, digest = self.key(exponent)  # exp(u) sorts among the functions, as "exp"
            return (3, (((4, "exp", 0), *prefix[: PREFIX - 1]), digest), (0, 1))
        return (_factor_class(base), self.key(base), self._exponent_key(exponent))

    def _exponent_key(self, exponent: Expr | None) -> tuple:
        if exponent is None:
            return (0, 1)
        if exponent.op is Op.NUM:
            return (0, exponent.value)
        return (1, self.key(exponent))

    # -- terms of a sum ------------------------------------------------------------------------
    def term_key(self, monomial: Expr) -> Key:
        """Order of a term (given without its numeric coefficient) in a sum."""
        found = self._terms.get(monomial)
        if found is None:
            factors = monomial.args if monomial.op is Op.MUL else (monomial,)
            parts = []
            for factor in factors:
                cls, base, (kind, power) = self.factor_key(factor)
                parts.append((cls, base, (kind, -power) if kind == 0 else (kind, power)))
            found = (-self.degree(monomial), tuple(parts))
            self._terms[monomial] = found
        return found

    def degree(self, monomial: Expr) -> Fraction | int | float:
        """Total degree in the symbols (``x^2*y*sin(x)`` has degree 3)."""
        found = self._degrees.get(monomial)
        if found is None:
            found = 0
            for factor in monomial.args if monomial.op is Op.MUL else (monomial,):
                if factor.op is Op.SYM:
                    found += 1
                elif (
                    factor.op is Op.POW
                    and factor.args[0].op is Op.SYM
                    and factor.args[1].op is Op.NUM
                ):
                    found += factor.args[1].value
            self._degrees[monomial] = found
        return found


def _factor_class(base: Expr) -> int:
    op = base.op
    if op is Op.NUM:
        return 0
    if op in (Op.CONST, Op.SYM):
        return 1 if op is Op.CONST else 2
    if op is Op.CALL:
        return 3
    return 4 if op is Op.ADD else 5
