"""Hand-entered cases of the cited corpus: SymPy's tests of elementary derivatives.

Each row is an assertion ``f(x).diff(x) == g`` of SymPy's test suite (sympy/sympy,
BSD-3-Clause), at the commit and line given in ``source``. Functions symdiff does not have are
written with the ones it has, as they are equal on a real interval (``acot(x)`` is
``atan(1/x)`` for x > 0, ``asec(x)`` is ``acos(1/x)``, ``csch(x)`` is ``1/sinh(x)``, ...);
``corpus_cited.py`` finds the interval and checks every row with mpmath before writing it.
"""

from __future__ import annotations

_REPO = "sympy/sympy"
COMMIT = "e950d313a932bc6cccbc95376b3821cd2f8b5af4"
_TRIG = f"{_REPO}:sympy/functions/elementary/tests/test_trigonometric.py"
_HYPER = f"{_REPO}:sympy/functions/elementary/tests/test_hyperbolic.py"

# (source file, line, function in SymPy, expr in symdiff syntax, the derivative SymPy asserts)
_ROWS = [
    (_TRIG, 879, "sinc", "sin(x)/x", "cos(x)/x - sin(x)/x^2"),
    (_TRIG, 944, "asin", "asin(x)", "1/sqrt(1 - x^2)"),
    (_TRIG, 1027, "acos", "acos(x)", "-1/sqrt(1 - x^2)"),
    (_TRIG, 1116, "atan", "atan(x)", "1/(1 + x^2)"),
    (_TRIG, 1277, "acot", "atan(1/x)", "-1/(1 + x^2)"),
    (_TRIG, 1732, "sec", "sec(x)", "tan(x)*sec(x)"),
    (_TRIG, 1827, "csc", "csc(x)", "-cot(x)*csc(x)"),
    (_TRIG, 1863, "asec", "acos(1/x)", "1/(x^2*sqrt(1 - 1/x^2))"),
    (_TRIG, 1937, "acsc", "asin(1/x)", "-1/(x^2*sqrt(1 - 1/x^2))"),
    (_HYPER, 1463, "coth", "cosh(x)/sinh(x)", "-sinh(x)^(-2)"),
    (_HYPER, 1464, "sinh", "sinh(x)", "cosh(x)"),
    (_HYPER, 1465, "cosh", "cosh(x)", "sinh(x)"),
    (_HYPER, 1466, "tanh", "tanh(x)", "-tanh(x)^2 + 1"),
    (_HYPER, 1467, "csch", "1/sinh(x)", "-(cosh(x)/sinh(x))*(1/sinh(x))"),
    (_HYPER, 1468, "sech", "1/cosh(x)", "-tanh(x)*(1/cosh(x))"),
    (_HYPER, 1469, "acoth", "atanh(1/x)", "1/(-x^2 + 1)"),
    (_HYPER, 1470, "asinh", "asinh(x)", "1/sqrt(x^2 + 1)"),
    (_HYPER, 1471, "acosh", "acosh(x)", "1/(sqrt(x - 1)*sqrt(x + 1))"),
    (_HYPER, 1473, "atanh", "atanh(x)", "1/(-x^2 + 1)"),
    (_HYPER, 1474, "asech", "acosh(1/x)", "-1/(x*sqrt(1 - x^2))"),
    (_HYPER, 1475, "acsch", "asinh(1/x)", "-1/(x^2*sqrt(1 + x^(-2)))"),
]

CASES = [
    {
        "id": f"sympy-functions-{name}-L{line}",
        "group": "sympy-functions",
        "source": f"{path}#L{line}",
        "licence": "BSD-3-Clause",
        "commit": COMMIT,
        "kind": "derivative",
        "expr": expr,
        "expected": expected,
    }
    for path, line, name, expr, expected in _ROWS
]
