"""Code generation is injection-proof: names that collide with keywords, builtins, modules,
the generated code's own names or each other (after NFKC normalization) still give the
right numbers in every backend, and running the generated function does nothing else.

"Nothing else" is checked with an audit hook (PEP 578): while a generated function runs, the
only audited event allowed is the foreign call of the C backend.
"""

from __future__ import annotations

import builtins
import keyword
import math
import sys
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symdiff import REGISTRY, Add, Mul, Pow, Symbol, evaluate, lambdify
from symdiff.emit.lambdify import c_compiler

BACKENDS = [
    "python",
    "numpy",
    pytest.param("c", marks=pytest.mark.skipif(c_compiler() is None, reason="no C compiler")),
]

HOSTILE_NAMES = [
    "__import__",
    "os",
    "exec",
    "eval",
    "lambda",
    "np",
    "math",
    "t1",
    "t2",
    "t3",
    "f",
    "out",
    "args",
    "result",
    "_",
    "__builtins__",
    "__class__",
    "self",
    "None",
    "True",
    "print",
    "open",
    "sys",
    "subprocess",
    "def",
    "return",
    "double",
    "int",
    "main",
    "M_PI",
    "errno",
    "exp",
    "sin",
    "numpy",
    "lambda_",
    "lambda_2",
    "v__import__",
    "ﬁ",
    "fi",
    "ℌ",
    "H",
    "θ",
    "u03b8",
    "x",
    "y",
]

_EVENTS: list[tuple[str, tuple]] = []
_RECORDING = False


def _hook(event: str, args: tuple) -> None:
    if _RECORDING:
        _EVENTS.append((event, args))


sys.addaudithook(_hook)  # hooks cannot be removed; this one records only inside `watch()`


@contextmanager
def watch():
    """Record every audited event (imports, exec, open, subprocess, ...) in the block."""
    global _RECORDING
    _EVENTS.clear()
    _RECORDING = True
    try:
        yield _EVENTS
    finally:
        _RECORDING = False


def build(names: list[str]):
    """An expression using every name, with calls, powers and shared subexpressions."""
    sin, exp, atan = REGISTRY["sin"], REGISTRY["exp"], REGISTRY["atan"]
    symbols = [Symbol(n) for n in names]
    terms = []
    for i, s in enumerate(symbols):
        other = symbols[(i + 1) % len(symbols)]
        terms.append(Mul(i + 1, s, sin(other)))
        terms.append(Pow(Add(s, 2), -1))
    shared = atan(Add(*symbols, 1)) if len(symbols) > 1 else atan(symbols[0])
    return Add(*terms, Mul(shared, shared), exp(Mul(shared, -1)))


def run_watched(function, values):
    with watch() as events:
        result = function(*values)
    unexpected = [e for e, _ in events if e not in ("ctypes.call_function", "ctypes.addressof")]
    assert not unexpected, f"the generated function did more than compute: {unexpected}"
    return float(result)


@pytest.mark.parametrize("backend", BACKENDS)
def test_hostile_names_compute_the_right_numbers_and_nothing_else(backend):
    names = HOSTILE_NAMES
    expr = build(names)
    values = [0.1 + 0.05 * i for i in range(len(names))]
    expected = evaluate(expr, dict(zip(names, values, strict=True)))
    function = lambdify(expr, names, backend)
    assert run_watched(function, values) == pytest.approx(expected, rel=1e-12)
    for name in ("__import__", "exec", "os", "sys", "subprocess", "open"):
        assert f"{name}(" not in function.source.replace(f"{name}_(", "")


def test_generated_python_imports_only_math_and_numpy():
    expr = build(HOSTILE_NAMES)
    with watch() as events:
        lambdify(expr, HOSTILE_NAMES, "python")
        lambdify(expr, HOSTILE_NAMES, "numpy")
    imports = {args[0] for event, args in events if event == "import"}
    assert imports <= {"math", "numpy"}
    assert not [e for e, _ in events if e in ("os.system", "subprocess.Popen", "open")]


identifier = st.sampled_from(HOSTILE_NAMES) | st.from_regex(
    r"[A-Za-z_θℌﬁ][A-Za-z0-9_]{0,6}", fullmatch=True
)
usable = identifier.filter(lambda n: n.isidentifier() and n not in ("pi", "e"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(usable, min_size=1, max_size=6, unique=True), st.sampled_from(["python", "numpy"]))
def test_random_names(names, backend):
    expr = build(names)
    values = [0.3 + 0.1 * i for i in range(len(names))]
    expected = evaluate(expr, dict(zip(names, values, strict=True)))
    function = lambdify(expr, names, backend)
    assert run_watched(function, values) == pytest.approx(expected, rel=1e-12)


def test_the_hostile_names_are_what_they_say():
    assert {"lambda", "def", "return", "None", "True"} <= set(keyword.kwlist)
    assert {"__import__", "exec", "eval", "open", "print"} <= set(dir(builtins))
    assert math.isfinite(evaluate(build(["x"]), x=0.5))


def test_the_watch_sees_what_injected_code_would_do():
    def injected(value):
        __import__("os").listdir(".")
        return value

    with pytest.raises(AssertionError, match="did more than compute"):
        run_watched(injected, [1.0])
    with pytest.raises(AssertionError, match="did more than compute"):
        run_watched(lambda value: exec("value") or value, [1.0])
