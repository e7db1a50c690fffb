"""Reading the Rubi test suite: its problems, and their Mathematica syntax as symdiff text.

A problem of RuleBasedIntegration/MathematicaSyntaxTestSuite is one line
``{integrand, x, steps, antiderivative}`` in Mathematica input form. ``rubi_problems`` lists
them; ``mathematica_to_text`` translates the elementary part of the syntax (numbers, ``x``,
``Pi``, ``E``, arithmetic, juxtaposition, the functions of ``FUNCTIONS``) and refuses the rest.
"""

from __future__ import annotations

import re
from pathlib import Path

# Mathematica name -> (symdiff text opening the call, text closing it)
FUNCTIONS = {
    "Sqrt": ("sqrt(", ")"),
    "Log": ("log(", ")"),
    "ArcTan": ("atan(", ")"),
    "ArcTanh": ("atanh(", ")"),
    "ArcSin": ("asin(", ")"),
    "ArcCos": ("acos(", ")"),
    "ArcSinh": ("asinh(", ")"),
    "ArcCosh": ("acosh(", ")"),
    "ArcCot": ("atan(1/(", "))"),
    "ArcCoth": ("atanh(1/(", "))"),
    "ArcCsc": ("asin(1/(", "))"),
    "ArcSec": ("acos(1/(", "))"),
    **{name: (name.lower() + "(", ")") for name in ("Sin", "Cos", "Tan", "Cot", "Sec", "Csc")},
    **{name: (name.lower() + "(", ")") for name in ("Sinh", "Cosh", "Tanh", "Exp")},
    "Coth": ("(1/tanh(", "))"),
    "Sech": ("(1/cosh(", "))"),
    "Csch": ("(1/sinh(", "))"),
}
CONSTANTS = {"Pi": "pi", "E": "e", "x": "x"}
TOKEN = re.compile(r"\s+|\d+\.?\d*|[A-Za-z]\w*|[][()^*/+\-,]")


def mathematica_to_text(source: str) -> str | None:
    """Mathematica input form -> symdiff text, or None when it uses anything else.

    >>> mathematica_to_text("ArcTanh[Sqrt[1 + x]/2]/Sqrt[3] - 2 x^(3/2)")
    'atanh(sqrt(1 + x)/2)/sqrt(3) - 2*x^(3/2)'
    """
    tokens = TOKEN.findall(source)
    if "".join(tokens) != source:
        return None
    out: list[str] = []
    closers: list[str] = []  # what closes each open call
    previous = ""  # the last non-space token
    for i, token in enumerate(tokens):
        following = next((t for t in tokens[i + 1 :] if not t.isspace()), "")
        if token.isspace():
            juxtaposed = _ends_operand(previous) and _starts_operand(following)
            out.append("*" if juxtaposed else " ")
            continue
        text = _translate(token, following, closers)
        if text is None:
            return None
        out.append(text)
        previous = token
    return "".join(out) if not closers else None


def _translate(token: str, following: str, closers: list[str]) -> str | None:
    """One token in symdiff syntax (a call's ``[`` is part of its name's translation)."""
    if token[0].isalpha():
        if following == "[":
            if token not in FUNCTIONS:
                return None
            opening, closing = FUNCTIONS[token]
            closers.append(closing)
            return opening
        return CONSTANTS.get(token)
    if token == "[":
        return ""  # written with the function's name
    if token == "]":
        return closers.pop() if closers else None
    return None if token == "," else token


def _ends_operand(token: str) -> bool:
    return bool(token) and (token[0].isalnum() or token in ")]")


def _starts_operand(token: str) -> bool:
    return bool(token) and (token[0].isalnum() or token == "(")


def rubi_problems(path: Path) -> list[tuple[int, str, str]]:
    """``(line, integrand, antiderivative)`` for every one-line problem of a Rubi file."""
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not (line.startswith("{") and line.endswith("}")):
            continue
        fields = _split_top(line[1:-1])
        if len(fields) >= 4 and fields[1].strip() == "x":
            problems.append((number, fields[0].strip(), fields[3].strip()))
    return problems


def _split_top(text: str) -> list[str]:
    fields, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            fields.append(text[start:i])
            start = i + 1
    fields.append(text[start:])
    return fields
