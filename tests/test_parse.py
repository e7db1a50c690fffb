"""Parser: precedence, implicit multiplication, numbers, names, errors, depth and size."""

from __future__ import annotations

from fractions import Fraction

import pytest

from symdiff import (
    Add,
    ArityError,
    Const,
    InputTooLargeError,
    Mul,
    Number,
    Pow,
    Symbol,
    SymdiffError,
    SymdiffSyntaxError,
    UnknownFunctionError,
    parse,
    sin,
    symbols,
)

x, y, z, a, b, c = symbols("x y z a b c")

PRECEDENCE = [
    ("-x^2", Mul(-1, Pow(x, 2))),
    ("2^3^2", Pow(2, Pow(3, 2))),
    ("a/b/c", Mul(a, Pow(b, -1), Pow(c, -1))),
    ("(a/b)/c", Mul(Mul(a, Pow(b, -1)), Pow(c, -1))),
    ("2^-1", Pow(2, -1)),
    ("x^-y", Pow(x, Mul(-1, y))),
    ("a - b - c", Add(a, Mul(-1, b), Mul(-1, c))),
    ("a - (b - c)", Add(a, Mul(-1, Add(b, Mul(-1, c))))),
    ("a + b*c", Add(a, Mul(b, c))),
    ("(a + b)*c", Mul(Add(a, b), c)),
    ("-a*b", Mul(-1, a, b)),
    ("a*-b", Mul(a, Mul(-1, b))),
    ("x**2", Pow(x, 2)),
    ("x**y**z", Pow(x, Pow(y, z))),
    ("(x^y)^z", Pow(Pow(x, y), z)),
    ("+x", x),
    ("--x", Mul(-1, Mul(-1, x))),
    ("-(x + y)", Mul(-1, Add(x, y))),
    ("x - 3", Add(x, -3)),
    ("a*b/c*x", Mul(a, b, Pow(c, -1), x)),
    ("1/x", Pow(x, -1)),
    ("1/x^2", Pow(x, -2)),
    ("2/x", Mul(2, Pow(x, -1))),
]

IMPLICIT = [
    ("4x", Mul(4, x)),
    ("2(x+1)", Mul(2, Add(x, 1))),
    ("(x+1)(x-1)", Mul(Add(x, 1), Add(x, -1))),
    ("2x^2", Mul(2, Pow(x, 2))),
    ("3sin(x)", Mul(3, sin(x))),
    ("2pi", Mul(2, Const("pi"))),
    ("1/2x", Pow(Mul(2, x), -1)),
    ("(a+b)c", Mul(Add(a, b), c)),
    ("-2x", Mul(-2, x)),
    ("2 x", Mul(2, x)),
    ("2.5e1x", Mul(25.0, x)),
]

NUMBERS = [
    ("3", 3),
    ("1.5", 1.5),
    ("1e-3", 1e-3),
    ("2.5E+4", 2.5e4),
    (".5", 0.5),
    ("3/4", Fraction(3, 4)),
    ("-3", -3),
    ("123456789012345678901234567890", 123456789012345678901234567890),
]


@pytest.mark.parametrize(("text", "expected"), PRECEDENCE, ids=[t for t, _ in PRECEDENCE])
def test_precedence(text, expected):
    assert parse(text) is expected


@pytest.mark.parametrize(("text", "expected"), IMPLICIT, ids=[t for t, _ in IMPLICIT])
def test_implicit_multiplication(text, expected):
    assert parse(text) is expected


@pytest.mark.parametrize(("text", "value"), NUMBERS, ids=[t for t, _ in NUMBERS])
def test_numbers(text, value):
    node = parse(text)
    assert node is Number(value)
    assert type(node.value) is type(value)


def test_exact_and_float_stay_distinct():
    assert parse("1") is not parse("1.0")
    assert parse("1/2") is Number(Fraction(1, 2))


@pytest.mark.parametrize("name", ["x", "x1", "x_1", "theta", "dx", "θ", "α_2", "_t"])
def test_identifiers(name):
    assert parse(name) is Symbol(name)


def test_constants_and_calls():
    assert parse("pi") is Const("pi")
    assert parse("e") is Const("e")
    assert str(parse("atan2(y, x)")) == "atan2(y, x)"
    assert str(parse("log(x, 2)")) == "log(x)/log(2)"


def test_python_operators_build_the_parsed_node():
    assert x**2 + sin(x) * y - 3 / x is parse("x^2 + sin(x)*y - 3/x")
    assert 2 * x - Fraction(1, 2) * y is parse("2x - 1/2*y")
    assert -(x**2) is parse("-x^2")
    assert x / 2 is parse("x/2")
    assert 1 / x is parse("1/x")
    assert x * 0.5 is parse("x*0.5")
    assert 2**x is parse("2^x")


ERRORS = [
    ("x +", "line 1, column 4: expected an operand after '+'\n  x +\n     ^"),
    (
        "x y",
        "line 1, column 3: 'x' and 'y' stand side by side\n  x y\n    ^\n"
        "hint: write x*y to multiply (or xy for one name)",
    ),
    ("(x+1", "line 1, column 5: missing ')' to close the '(' at column 1\n  (x+1\n      ^"),
    ("x+1)", "line 1, column 4: unmatched ')'\n  x+1)\n     ^\nhint: remove it or add a '('"),
    (
        "2 * $x",
        "line 1, column 5: unexpected character '$'\n  2 * $x\n      ^\n"
        "hint: operators are + - * / ^ (or **); names use letters, digits and _",
    ),
    (
        "sn(x)",
        "line 1, column 1: 'sn' is not a function\n  sn(x)\n  ^\n"
        "hint: did you mean sin(...)? to multiply, write sn*(...)",
    ),
    ("sin(x, y)", "line 1, column 1: sin() takes 1 argument, got 2\n  sin(x, y)\n  ^"),
    (
        "x = 1",
        "line 1, column 3: unexpected character '='\n  x = 1\n    ^\n"
        "hint: an expression has no =: for x == 1 write eq(x, 1); for a value of x,"
        " evaluate(..., x=1)",
    ),
    (
        "a = b",
        "line 1, column 3: unexpected character '='\n  a = b\n    ^\n"
        "hint: an expression has no =: for a == b write eq(a, b); for a value of a,"
        " evaluate(..., a=b)",
    ),
]

# an equation, an assignment or a comparison spelled with = or !: (text, column, hint)
EQUALS = [
    ("x == 1", 3, "for x == 1 write eq(x, 1)"),
    ("sin(x) != y", 8, "for sin(x) != y write ne(sin(x), y)"),
    ("x =< 1", 3, "comparisons are < <= > >=: write <= for =<"),
    ("x => 1", 3, "comparisons are < <= > >=: write >= for =>"),
    ("f(x, y) = 2", 9, "an expression has no =: for f(x, y) == 2 write eq(f(x, y), 2)"),
    ("= x", 1, "an expression has no =: for a == x write eq(a, x)"),
    ("x^2 +\n  y = 3", 5, "an expression has no =: for y == 3 write eq(y, 3); for a value of y"),
]


@pytest.mark.parametrize(("text", "column", "hint"), EQUALS, ids=[t for t, _, _ in EQUALS])
def test_equals_sign_hints(text, column, hint):
    with pytest.raises(SymdiffSyntaxError) as info:
        parse(text)
    assert info.value.column == column
    assert info.value.hint.startswith(hint)
    assert info.value.line == text.count("\n", 0, text.index("=")) + 1


@pytest.mark.parametrize(("text", "message"), ERRORS, ids=[t for t, _ in ERRORS])
def test_error_messages(text, message):
    with pytest.raises(SymdiffSyntaxError) as info:
        parse(text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("x(1+x)", UnknownFunctionError),
        ("foo(x)", UnknownFunctionError),
        ("atan2(x)", ArityError),
        ("log(x, 2, 3)", ArityError),
        ("sin", SymdiffSyntaxError),
        ("2 3", SymdiffSyntaxError),
        ("x 2", SymdiffSyntaxError),
        ("2^3x", SymdiffSyntaxError),
        ("2^-3x", SymdiffSyntaxError),
        ("", SymdiffSyntaxError),
        ("   ", SymdiffSyntaxError),
        ("()", SymdiffSyntaxError),
        ("f(x,)", SymdiffSyntaxError),
        ("x^^2", SymdiffSyntaxError),
        ("*x", SymdiffSyntaxError),
        ("x = 2", SymdiffSyntaxError),
        ("1" * 10_001, InputTooLargeError),
    ],
)
def test_errors_are_symdiff_errors(text, kind):
    with pytest.raises(kind) as info:
        parse(text)
    assert isinstance(info.value, SymdiffError)
    assert "Lark" not in str(info.value) and "Token" not in str(info.value)


def test_multiline_position():
    with pytest.raises(SymdiffSyntaxError) as info:
        parse("x +\n  * y")
    assert (info.value.line, info.value.column) == (2, 3)


def test_deep_parentheses():
    depth = 100_000
    node = parse("(" * depth + "x" + ")" * depth)
    assert node is x
    node = parse("-(" * 2000 + "x" + ")" * 2000)
    assert node.op.name == "MUL"


def test_deep_nested_calls_and_powers():
    depth = 100_000
    text = "sin(" * depth + "x" + ")" * depth
    node = parse(text)
    assert node.name == "sin"
    chain = parse("^".join(["x"] * 20_000))
    assert chain.op.name == "POW"


def test_big_input():
    terms = [f"{i}*x^{i % 7}*sin(y + {i})" for i in range(30_000)]
    text = " + ".join(terms)
    assert len(text) > 500_000
    node = parse(text)
    assert len(node.args) == 30_000


def test_max_length():
    with pytest.raises(InputTooLargeError):
        parse("x + 1", max_length=3)


def test_parse_rejects_non_text():
    with pytest.raises(SymdiffError):
        parse(3)  # type: ignore[arg-type]
