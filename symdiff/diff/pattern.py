"""The sparsity pattern: which entries of a matrix are structural nonzeros.

Takes index pairs (or one bit set of columns per row); returns an immutable
``SparsityPattern`` with the views a user needs: ``rows``/``cols`` in row-major order,
``shape``, ``nnz``, CSR ``indptr``, ``lower()``, a SciPy matrix of ones and a NumPy boolean
array. Guarantees: each pair once, sorted by row then column; numpy and scipy are imported only
by the views that need them (``MissingDependencyError`` naming the extra otherwise).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from symdiff.core.errors import ArgumentValueError
from symdiff.core.optional import require

__all__ = ["SparsityPattern", "set_bits"]


@dataclass(frozen=True)
class SparsityPattern:
    """The structural nonzeros of a matrix: index pairs in row-major order, each once.

    Attributes:
        rows: the row of each nonzero (ascending).
        cols: the column of each nonzero (ascending within a row).
        shape: ``(rows, columns)`` of the matrix.

    >>> p = SparsityPattern((0, 1, 1), (0, 0, 1), (2, 2))
    >>> p.nnz, (1, 0) in p, (0, 1) in p, p.indptr
    (3, True, False, (0, 1, 3))
    >>> p.lower() == p, p.to_scipy("coo").toarray().tolist()
    (True, [[1.0, 0.0], [1.0, 1.0]])
    """

    rows: tuple[int, ...]
    cols: tuple[int, ...]
    shape: tuple[int, int]

    @classmethod
    def from_row_sets(cls, masks: Sequence[int], width: int) -> SparsityPattern:
        """The pattern whose row ``r`` has the columns set in the bit set ``masks[r]``."""
        rows: list[int] = []
        cols: list[int] = []
        for row, mask in enumerate(masks):
            found = set_bits(mask)
            rows += [row] * len(found)
            cols += found
        return cls(tuple(rows), tuple(cols), (len(masks), width))

    @property
    def nnz(self) -> int:
        """The number of structural nonzeros."""
        return len(self.rows)

    @property
    def indptr(self) -> tuple[int, ...]:
        """CSR row pointers: row ``r`` holds the entries ``indptr[r]:indptr[r + 1]``."""
        counts = [0] * (self.shape[0] + 1)
        for row in self.rows:
            counts[row + 1] += 1
        for r in range(self.shape[0]):
            counts[r + 1] += counts[r]
        return tuple(counts)

    def __contains__(self, position: object) -> bool:
        return position in self._positions

    @functools.cached_property
    def _positions(self) -> frozenset[tuple[int, int]]:
        return frozenset(zip(self.rows, self.cols, strict=True))

    def __iter__(self) -> Any:
        return iter(zip(self.rows, self.cols, strict=True))

    def lower(self) -> SparsityPattern:
        """The entries on and below the diagonal (``row >= col``)."""
        kept = [(r, c) for r, c in self if r >= c]
        return SparsityPattern(tuple(r for r, _ in kept), tuple(c for _, c in kept), self.shape)

    def to_dense(self) -> Any:
        """A NumPy boolean array, ``True`` at the nonzeros (needs numpy)."""
        np = require("numpy", purpose="SparsityPattern.to_dense")
        dense = np.zeros(self.shape, dtype=bool)
        dense[list(self.rows), list(self.cols)] = True
        return dense

    def to_scipy(self, format: str = "csr") -> Any:
        """A ``scipy.sparse`` matrix (``"csr"`` or ``"coo"``) with a 1.0 at each nonzero."""
        sparse = require("scipy.sparse", "scipy", purpose="SparsityPattern.to_scipy")
        np = require("numpy")
        ones = np.ones(self.nnz)
        if format == "coo":
            return sparse.coo_matrix((ones, (list(self.rows), list(self.cols))), self.shape)
        if format == "csr":
            return sparse.csr_matrix((ones, list(self.cols), list(self.indptr)), self.shape)
        raise ArgumentValueError(f"format must be 'csr' or 'coo', not {format!r}")

    def __str__(self) -> str:
        lines = [["."] * self.shape[1] for _ in range(self.shape[0])]
        for r, c in self:
            lines[r][c] = "x"
        return "\n".join(" ".join(line) for line in lines)

    def __repr__(self) -> str:
        return f"<SparsityPattern {self.shape[0]}x{self.shape[1]}, nnz={self.nnz}>"


def set_bits(mask: int) -> list[int]:
    """The positions of the set bits of ``mask``, ascending."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out
