"""Identifiers for emitted code: validated, and mangled where they would collide.

Takes the names a Program uses (inputs, temporaries, user functions) and the names a target
reserves (keywords, builtins, the module alias, helpers, the function's own name); returns a
one-to-one map from each program name to an identifier that is safe in that target. A safe
name is kept as it is; any other gets a trailing ``_`` (``lambda`` -> ``lambda_``), a number
if that is taken (``lambda_2``), a leading ``v`` if it starts with an underscore
(``__class__`` -> ``v__class__``), and, for ASCII-only targets, ``uXXXX`` for each non-ASCII
character (``θ`` -> ``u03b8``). Every emitted name passes ``str.isidentifier`` and is checked
again here, so no text from the input can reach the generated source except as a name.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Iterable, Iterator

from symdiff.core.errors import EmitError, describe

__all__ = ["C_RESERVED", "PYTHON_RESERVED", "assign_names", "check_identifier"]

PYTHON_RESERVED = (
    frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))
)

C_RESERVED = frozenset(
    """auto break case char const continue default do double else enum extern float for goto if
    inline int long register restrict return short signed sizeof static struct switch
    typedef union unsigned void volatile while bool true false alignas alignof nullptr
    static_assert thread_local typeof constexpr main errno math_errhandling acos acosh asin
    asinh atan atan2 atanh cbrt ceil copysign cos cosh erf erfc exp exp2 expm1 fabs fdim
    floor fma fmax fmin fmod frexp hypot ilogb ldexp lgamma llrint llround log log10 log1p
    log2 logb lrint lround modf nan nearbyint nextafter nexttoward pow remainder remquo rint
    round scalbln scalbn sin sinh sqrt tan tanh tgamma trunc j0 j1 jn y0 y1 yn gamma signbit
    isnan isinf isfinite isnormal fpclassify INFINITY NAN HUGE_VAL M_PI M_E double_t float_t
    FP_NAN FP_INFINITE FP_ZERO FP_NORMAL FP_SUBNORMAL""".split()  # noqa: SIM905
)

_ASCII_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def check_identifier(name: str, *, ascii_only: bool = False) -> str:
    """Return ``name`` if it is a plain identifier, else raise ``EmitError``.

    >>> check_identifier("x_1")
    'x_1'
    """
    ok = isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name)
    if ok and ascii_only:
        ok = bool(_ASCII_IDENTIFIER.match(name))
    if ok and not ascii_only:
        ok = unicodedata.normalize("NFKC", name) == name
    if not ok:
        raise EmitError(f"{_shown(name)} cannot be used as a name in generated code")
    return name


def _shown(name: object) -> str:
    return repr(name) if isinstance(name, str) else describe(name)


def _safe(name: str, reserved: frozenset[str] | set[str], ascii_only: bool) -> bool:
    if name in reserved or keyword.iskeyword(name) or name.startswith("_"):
        return False
    if ascii_only:
        return bool(_ASCII_IDENTIFIER.match(name))
    return name.isidentifier() and unicodedata.normalize("NFKC", name) == name


def _base(name: str, ascii_only: bool) -> str:
    if ascii_only or unicodedata.normalize("NFKC", name) != name:
        name = "".join(c if c.isascii() else f"u{ord(c):04x}" for c in name)
    return "v" + name if name.startswith("_") else name


def assign_names(
    names: Iterable[str], reserved: frozenset[str] | set[str], *, ascii_only: bool = False
) -> dict[str, str]:
    """Map each of ``names`` to a distinct identifier that is safe in the target.

    Args:
        names: the program's names, all distinct.
        reserved: names the target or the generated code already uses.
        ascii_only: the target accepts only ASCII identifiers (C).

    Returns:
        ``{name: emitted identifier}``; safe names map to themselves.

    >>> assign_names(["x", "lambda", "np", "np_"], {"np"})
    {'x': 'x', 'lambda': 'lambda_', 'np': 'np_2', 'np_': 'np_'}
    """
    names = list(names)
    mapping: dict[str, str] = {}
    taken = set(reserved)
    for name in names:
        if _safe(name, reserved, ascii_only):
            mapping[name] = name
            taken.add(name)
    for name in names:
        if name not in mapping:
            candidate = next(c for c in _candidates(name, ascii_only) if c not in taken)
            mapping[name] = check_identifier(candidate, ascii_only=ascii_only)
            taken.add(candidate)
    return {name: mapping[name] for name in names}


def _candidates(name: str, ascii_only: bool) -> Iterator[str]:
    base = _base(name, ascii_only)
    if base != name and not keyword.iskeyword(base):
        yield base
    yield f"{base}_"
    number = 2
    while True:
        yield f"{base}_{number}"
        number += 1
