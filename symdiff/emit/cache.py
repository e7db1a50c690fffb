"""Compiling C source to a shared library, cached on disk.

Takes C source and its operation count; returns a loaded ``ctypes.CDLL``. The library is
compiled with the system compiler (``$CC``, else ``cc``, ``gcc`` or ``clang``) at an
optimization level chosen by size (``-O2`` up to ``MAX_O2_OPS`` operations, ``-O1`` up to
``MAX_OPTIMIZED_OPS``, ``-O0`` beyond: compilers are superlinear on huge straight-line
functions), and stored under a name that is the SHA-256 of the source, the compiler's
identity (its command and ``--version``) and the flags, in the cache directory:
the ``cache_dir`` argument, else ``$SYMDIFF_CACHE_DIR``, else ``$XDG_CACHE_HOME/symdiff``,
else ``~/.cache/symdiff``. A later build of the same source, in this process or another,
loads that file without compiling.

Guarantees: concurrent processes are safe (each compiles into its own temporary file and
moves it into place with ``os.replace``, which is atomic; a reader sees the whole library or
none); a library that fails to load is compiled again; if the directory cannot be written,
the library is compiled in a temporary directory instead (and not cached).
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from symdiff.core.errors import EmitError

__all__ = [
    "CACHE_VARIABLE",
    "MAX_O2_OPS",
    "MAX_OPTIMIZED_OPS",
    "c_compiler",
    "cache_directory",
    "compile_flags",
    "load_library",
]

#: The environment variable naming the cache directory.
CACHE_VARIABLE = "SYMDIFF_CACHE_DIR"
#: Programs with at most this many operations are compiled with ``-O2``.
MAX_O2_OPS = 5_000
#: Programs with more operations are compiled without optimization (``-O0``).
MAX_OPTIMIZED_OPS = 20_000


def c_compiler() -> list[str] | None:
    """The C compiler command: ``$CC`` if set, else the first of cc, gcc, clang on PATH."""
    if os.environ.get("CC"):
        return shlex.split(os.environ["CC"])
    for candidate in ("cc", "gcc", "clang"):
        path = shutil.which(candidate)
        if path:
            return [path]
    return None


def cache_directory(override: str | os.PathLike[str] | None = None) -> Path:
    """Where compiled libraries are kept.

    >>> str(cache_directory("/tmp/mine"))
    '/tmp/mine'
    """
    if override is not None:
        return Path(override)
    if os.environ.get(CACHE_VARIABLE):
        return Path(os.environ[CACHE_VARIABLE])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "symdiff"


def compile_flags(operations: int) -> list[str]:
    """The compiler flags for a program of ``operations`` operations.

    >>> compile_flags(10)[0], compile_flags(10_000)[0], compile_flags(10**6)[0]
    ('-O2', '-O1', '-O0')
    """
    if operations <= MAX_O2_OPS:
        level = "-O2"
    elif operations <= MAX_OPTIMIZED_OPS:
        level = "-O1"
    else:
        level = "-O0"
    # no semantic interposition: the per-point kernel may be inlined into the loop over points
    return [level, "-std=c99", "-shared", "-fPIC", "-fno-semantic-interposition"]


@functools.lru_cache(maxsize=8)
def _identity(compiler: tuple[str, ...]) -> str:
    """The compiler's command and version text (part of the cache key)."""
    try:
        done = subprocess.run(
            [*compiler, "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise EmitError(f"could not run the C compiler {compiler[0]}: {error}") from None
    return " ".join(compiler) + "\n" + done.stdout.strip()


def load_library(
    source: str, operations: int, cache_dir: str | os.PathLike[str] | None = None
) -> ctypes.CDLL:
    """The library compiled from ``source``: loaded from the cache, or compiled into it.

    Args:
        source: C source text.
        operations: its operation count (chooses the optimization level).
        cache_dir: the cache directory (default: see the module docstring).

    Returns:
        The loaded library.
    """
    compiler = c_compiler()
    if compiler is None:
        raise EmitError("no C compiler found (set CC, or install cc, gcc or clang)")
    flags = compile_flags(operations)
    key = "\n".join([_identity(tuple(compiler)), " ".join(flags), source])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]
    folder = cache_directory(cache_dir)
    path = folder / f"symdiff-{digest}.so"
    if path.is_file():
        try:
            return ctypes.CDLL(str(path))
        except OSError:  # a damaged file: build it again
            pass
    try:
        folder.mkdir(parents=True, exist_ok=True)
        work = tempfile.mkdtemp(prefix="build-", dir=folder)
    except OSError:  # an unwritable cache: compile without keeping the result
        with tempfile.TemporaryDirectory(prefix="symdiff-") as scratch:
            built = _compile(compiler, flags, source, Path(scratch))
            return ctypes.CDLL(str(built))
    try:
        built = _compile(compiler, flags, source, Path(work))
        os.replace(built, path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return ctypes.CDLL(str(path))


def _compile(compiler: list[str], flags: list[str], source: str, folder: Path) -> Path:
    c_file, library = folder / "program.c", folder / "program.so"
    c_file.write_text(source, encoding="utf-8")
    command = [*compiler, *flags, "-o", str(library), str(c_file), "-lm"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise EmitError(f"could not run the C compiler {compiler[0]}: {error}") from None
    if done.returncode != 0:
        raise EmitError(f"the C compiler failed:\n{done.stderr.strip()[:2000]}")
    return library
