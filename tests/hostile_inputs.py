"""Hostile inputs for the fuzz tests: random text, grammar-aware texts and their mutations,
and a driver that runs one input through every public entry point.

The driver's contract is the library's: a public entry point returns, or raises a
``SymdiffError`` subclass. Anything else (an internal exception, a ``RecursionError``, a
``MemoryError``, a hang) is a bug and propagates out of the driver.
"""

from __future__ import annotations

import contextlib
import io
import math
import numbers
import re
import signal
import sys
import warnings
from collections.abc import Callable, Iterator
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from symdiff import (
    Program,
    SymdiffError,
    cse,
    emit_c,
    emit_dot,
    emit_numpy,
    emit_python,
    evaluate,
    lambdify,
    latex,
    parse,
    postorder,
    simplify,
)
from symdiff.cli import main
from symdiff.core.errors import InputTooLargeError
from symdiff.core.expr import Expr
from symdiff.core.parse import MAX_LITERAL_DIGITS
from symdiff.diff.diff import check, differentiate, gradient, hessian, jacobian
from symdiff.notebook.display import dot_source, expr_dag_picture, expr_text, expr_tree_picture
from symdiff.notebook.explain import explain

# -- random text ----------------------------------------------------------------------------

#: Characters the grammar cares about, plus look-alikes and troublemakers.
SYNTAX_CHARS = "0123456789.eE+-*/^(),_ xyzpisnqrtloga\t\n\r"
TROUBLE_CHARS = "θα²½٣١𝑥ﬁℌ\u0301\u00a0\u2028\u200b\x00\x0b\x1b\ud800\ufeff$#@!~`'\"[]{};:<>=?&|\\%"

random_text = st.text(max_size=60)
syntax_soup = st.text(alphabet=SYNTAX_CHARS + TROUBLE_CHARS, max_size=60)

# -- grammar-aware texts ----------------------------------------------------------------------

NAMES = [
    "x",
    "y",
    "z",
    "theta",
    "θ",
    "x_1",
    "_",
    "__import__",
    "os",
    "exec",
    "eval",
    "lambda",
    "np",
    "math",
    "t1",
    "t2",
    "y0",
    "_t1",
    "self",
    "None",
    "True",
    "print",
    "open",
    "sys",
    "double",
    "int",
    "return",
    "main",
    "ﬁ",
    "fi",
    "ℌ",
    "H",
    "x" * 300,
]
FUNCTIONS = [
    "sin",
    "cos",
    "tan",
    "sec",
    "csc",
    "cot",
    "asin",
    "acos",
    "atan",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
    "exp",
    "log",
    "sqrt",
    "cbrt",
    "abs",
    "sign",
]
NUMBERS = [
    "0",
    "1",
    "2",
    "10",
    "3",
    "0.0",
    "1.5",
    ".5",
    "1e-3",
    "2.5E+4",
    "1e308",
    "1e999",
    "1e-400",
    "4.9e-324",
    "123456789012345678901234567890",
    "9" * 400,
    "9" * 4300,
    "1" + "0" * 4299,
]


def _wrap(template: str) -> Callable[[tuple[str, ...]], str]:
    return lambda parts: template.format(*parts)


def _extend_text(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(_wrap("{} + {}")),
        pair.map(_wrap("{} - {}")),
        pair.map(_wrap("{}*{}")),
        pair.map(_wrap("{}/{}")),
        pair.map(_wrap("({})^({})")),
        pair.map(_wrap("({})**({})")),
        st.tuples(children).map(_wrap("-({})")),
        st.tuples(children).map(_wrap("+{}")),
        st.tuples(children).map(_wrap("({})")),
        st.tuples(st.sampled_from(FUNCTIONS), children).map(_wrap("{}({})")),
        pair.map(_wrap("atan2({}, {})")),
        pair.map(_wrap("log({}, {})")),
        st.tuples(st.sampled_from(NUMBERS[:8]), children).map(_wrap("{}({})")),
        pair.map(_wrap("({})({})")),
        st.tuples(children, st.integers(-5, 100)).map(_wrap("({})^{}")),
    )


text_leaves = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(NUMBERS),
    st.sampled_from(["pi", "e", "2pi", "4x", "2x^2", "3sin(x)"]),
    st.integers(-(10**30), 10**30).map(str),
)
valid_texts = st.recursive(text_leaves, _extend_text, max_leaves=10)

# the tokens of the surface syntax, for mutations
_TOKEN = re.compile(r"\s+|\*\*|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[^\W\d]\w*|.", re.S)
INSERTABLE = ["+", "-", "*", "/", "^", "**", "(", ")", ",", "x", "2", "sin", "1e999", " ", "."]


def tokens(text: str) -> list[str]:
    """Split text into tokens (whitespace kept), so that joining them gives the text back."""
    return [m.group(0) for m in _TOKEN.finditer(text)]


@st.composite
def mutated_texts(draw: st.DrawFn) -> str:
    """A valid expression with a few token-level edits: truncate, swap, duplicate, delete,
    insert."""
    parts = tokens(draw(valid_texts))
    for _ in range(draw(st.integers(1, 4))):
        if not parts:
            break
        i = draw(st.integers(0, len(parts) - 1))
        j = draw(st.integers(0, len(parts) - 1))
        edit = draw(st.sampled_from(["truncate", "swap", "duplicate", "delete", "insert"]))
        if edit == "truncate":
            parts = parts[:i]
        elif edit == "swap":
            parts[i], parts[j] = parts[j], parts[i]
        elif edit == "duplicate":
            parts[i:i] = parts[i : j + 1] or [parts[i]]
        elif edit == "delete":
            del parts[i]
        else:
            parts.insert(i, draw(st.sampled_from(INSERTABLE)))
    return "".join(parts)


hostile_texts = st.one_of(random_text, syntax_soup, valid_texts, mutated_texts())

#: Values for the symbols: ordinary, boundary and non-finite.
POINT_VALUES = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    2.0,
    -3.5,
    1e308,
    -1e308,
    1e-320,
    math.inf,
    -math.inf,
    math.nan,
]

# -- the driver -------------------------------------------------------------------------------


class Hang(Exception):
    """A public entry point ran past its time bound."""


@contextlib.contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Raise ``Hang`` in the main thread if the block uses more than ``seconds`` of CPU time.

    CPU time (``ITIMER_PROF``), not wall-clock time: a hang is a loop that keeps computing,
    and a busy machine (other processes on the same cores) must not make a test fail.
    """

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s of CPU time")

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def allowed(call: Callable[[], object]) -> object | SymdiffError:
    """Run ``call``; a ``SymdiffError`` is a legitimate answer and is returned."""
    try:
        return call()
    except SymdiffError as error:
        assert str(error), "an error without a message"
        return error


def run_cli(argv: list[str]) -> int:
    """Run the command line on ``argv``, returning the exit code (usage errors included)."""
    out, err = io.StringIO(), io.StringIO()
    # "-" reads the expression from stdin: an empty one here (an error, not a wait)
    stdin, sys.stdin = sys.stdin, io.StringIO("")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as stop:  # argparse's own usage errors (e.g. the text "--")
                code = stop.code
    finally:
        sys.stdin = stdin
    assert code in (0, 1, 2), code
    if code:  # an error on stderr, or a report on stdout (a failed check)
        assert (err.getvalue() or out.getvalue()).strip(), "an error exit without a message"
    return code


def expression_stages(expr: Expr) -> None:
    """Every public entry point that takes an expression."""
    text = str(expr)
    back = allowed(lambda: parse(text))
    if isinstance(back, InputTooLargeError):  # only a number built in Python can be that long
        assert any(_digits(n) > MAX_LITERAL_DIGITS for n in postorder(expr) if n.is_number)
    else:
        assert back is expr, f"round trip: {text[:200]!r}"
    repr(expr)
    names = sorted(s.name for s in expr.free_symbols)
    for value in POINT_VALUES:
        result = allowed(lambda v=value: evaluate(expr, dict.fromkeys(names, v)))
        assert isinstance(result, (float, SymdiffError)), result
    derivative_stages(expr, names)
    simplify_stages(expr)
    program_stages(expr, names)
    display_stages(expr, names)


def simplify_stages(expr: Expr) -> None:
    """Both levels (idempotent), the positive-domain rules, and a user rule; the results
    print and read back."""
    for level in ("trivial", "standard"):
        simple = allowed(lambda lv=level: simplify(expr, lv))
        if isinstance(simple, Expr):
            allowed(lambda lv=level, e=simple: simplify(e, lv))  # idempotence: see regressions
            _reads_back(simple)
    allowed(lambda: simplify(expr, assume_positive=True))
    allowed(lambda: simplify(expr, rules=["sin(a)^2 + cos(a)^2 -> 1", "log(exp(a)) -> a"]))


def _reads_back(expr: Expr) -> None:
    text = allowed(lambda: str(expr))
    if isinstance(text, str):
        back = allowed(lambda: parse(text))
        assert back is expr or isinstance(back, InputTooLargeError), text[:200]


def program_stages(expr: Expr, names: list[str]) -> None:
    """cse (shared and full), the Program's views, every emitter, and lambdify for Python and
    NumPy at the boundary points (C is compiled in batches: see test_fuzz_pipeline)."""
    for full in (False, True):
        program = allowed(lambda f=full: cse([expr, expr], full=f))
        if isinstance(program, Program):
            for view in (str, latex, emit_python, emit_numpy, emit_c, emit_dot):
                allowed(lambda v=view, p=program: v(p))
            allowed(lambda p=program: p.to_networkx())
    allowed(lambda: latex(expr))
    for backend in ("python", "numpy"):
        function = allowed(lambda b=backend: lambdify(expr, names, b))
        if isinstance(function, SymdiffError):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # NumPy's IEEE 754 warnings
            for value in POINT_VALUES:
                result = allowed(lambda v=value, f=function: f(*[v] * len(names)))
                assert isinstance(result, numbers.Real | np.ndarray | SymdiffError), result


def display_stages(expr: Expr, names: list[str]) -> None:
    """The step-by-step derivation and the pictures."""
    derivation = allowed(lambda: explain(expr, names[0] if names else "x"))
    if not isinstance(derivation, SymdiffError):
        allowed(lambda: str(derivation))
    for view in (expr_text, expr_dag_picture, expr_tree_picture, dot_source):
        allowed(lambda v=view: v(expr))


def derivative_stages(expr: Expr, names: list[str]) -> None:
    """differentiate (simplified, raw, second order, mixed), gradient, jacobian, hessian and
    check; every derivative is printed and evaluated."""
    wrt = names[0] if names else "x"
    results = [
        allowed(lambda: differentiate(expr, wrt)),
        allowed(lambda: differentiate(expr, wrt, simplify=False)),
        allowed(lambda: differentiate(expr, wrt, 2)),
        allowed(lambda: differentiate(expr, [wrt, "y"])),
        allowed(lambda: gradient(expr)),
        allowed(lambda: jacobian([expr, expr], names or ["x"])),
        allowed(lambda: hessian(expr, names[:2] or None)),
    ]
    for item in _leaves(results):
        if isinstance(item, Expr):
            allowed(lambda i=item: str(i))
            point = {s.name: 0.7 for s in item.free_symbols}
            allowed(lambda i=item, p=point: evaluate(i, p))
    allowed(lambda: str(check(expr, wrt, dict.fromkeys(names or ["x"], 0.3))))


def _leaves(result: object) -> list:
    if isinstance(result, list):
        return [leaf for item in result for leaf in _leaves(item)]
    return [result]


def _digits(node: Expr) -> int:
    """Decimal digits of the longer of a number's numerator and denominator (about)."""
    if isinstance(node.value, float):
        return 0
    value = Fraction(node.value)
    bits = max(value.numerator.bit_length(), value.denominator.bit_length())
    return int(bits * math.log10(2)) + 1


def run_pipeline(text: str, seconds: float = 10.0) -> Expr | SymdiffError:
    """Parse ``text`` and run everything downstream; return the expression or the error."""
    with time_bound(seconds):
        parsed = allowed(lambda: parse(text))
        if isinstance(parsed, Expr):
            expression_stages(parsed)
        code = run_cli(["parse", text])
        if not text.startswith("-"):  # the command line strips leading white space
            assert (code == 0) == isinstance(allowed(lambda: parse(text.lstrip())), Expr)
        run_cli(["eval", text, "x=2", "y=0.5", "z=-1"])
        run_cli(["diff", text, "--wrt", "x"])
        run_cli(["diff", text, "--wrt", "x,y", "--raw"])
        run_cli(["grad", text])
        run_cli(["check", text, "--wrt", "x", "--at", "x=0.5", "y=2", "z=3"])
        run_cli(["cse", text, "--emit", "python"])
        run_cli(["simplify", text])
        run_cli(["diff", text, "--wrt", "x", "--cse", "--emit", "c"])
    return parsed
