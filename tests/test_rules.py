"""Rules written in the expression language: parsing, variables, guards, matching semantics."""

from __future__ import annotations

import pytest

from symdiff import Rule, parse, simplify, simplify_report
from symdiff.core.errors import ArgumentError, SymdiffError, SymdiffSyntaxError
from symdiff.core.expr import Op
from symdiff.simplify.canonical import Canon
from symdiff.simplify.patterns import Pattern
from symdiff.simplify.rules import RuleError


def s(text: str, *rules, **options) -> str:
    return str(simplify(parse(text), rules=rules, **options))


def test_rule_text_and_defaults():
    rule = Rule("sin(a)^2 + cos(a)^2 -> 1")
    assert rule.name == "sin(a)^2 + cos(a)^2 -> 1"
    assert {v.name for v in rule.variables} == {"a"}
    assert repr(rule) == "Rule('sin(a)^2 + cos(a)^2 -> 1', name='sin(a)^2 + cos(a)^2 -> 1')"


def test_single_letters_are_variables_longer_names_are_literal():
    rule = Rule("f1*a -> g1")
    assert {v.name for v in rule.variables} == {"a"}
    assert s("f1*x*y", rule) == "g1*y"  # a takes one factor, the rest of the product stays
    assert s("f2*x", rule) == "f2*x"
    assert s("e*x", Rule("e*a -> a")) == "x"  # e is the constant, never a variable


def test_explicit_variables():
    rule = Rule("theta + x -> 0", variables="theta")
    assert {v.name for v in rule.variables} == {"theta"}
    assert s("y + x", rule) == "0"
    assert s("y + z", rule) == "y + z"


def test_guard_sees_bindings_by_name():
    seen = []

    def small(m):
        seen.append(m["n"])
        return m["n"].op is Op.NUM and m["n"].value < 3

    rule = Rule("f1^n -> g1", guard=small)
    assert s("f1^2", rule) == "g1"
    assert s("f1^5", rule) == "f1^5"
    assert [str(v) for v in seen] == ["2", "5"]


def test_sum_patterns_match_among_other_terms_and_multiples():
    rule = Rule("sin(a)^2 + cos(a)^2 -> 1")
    assert s("x + sin(y)^2 + 7 + cos(y)^2", rule) == "x + 8"
    assert s("-2*sin(y)^2 - 2*cos(y)^2", rule) == "-2"
    # different arguments or unequal multiples: no match
    assert s("sin(y)^2 + cos(x)^2", rule) == "cos(x)^2 + sin(y)^2"
    assert s("2*sin(y)^2 + cos(y)^2", rule) == "cos(y)^2 + 2*sin(y)^2"


def test_all_matches_in_a_sum_at_once():
    parts = [f"sin(x{i})^2 + cos(x{i})^2" for i in range(50)]
    report = simplify_report(parse(" + ".join(parts)))
    assert str(report.expr) == "50"
    assert report.rewrites["pythagoras"] == 1  # one application took all 50 pairs


def test_number_in_a_sum_pattern_takes_part_of_the_subject_number():
    rule = Rule("1 + f1 -> g1")
    assert s("f1 + 5", rule) == "g1 + 4"
    assert s("f1 - 5", rule) == "f1 - 5"  # never makes a number grow (no loops through constants)
    assert s("f1", rule) == "f1"


def test_product_patterns_leave_the_rest_of_the_product():
    assert s("3*x*sin(y)/cos(y)") == "3*x*tan(y)"
    rule = Rule("2*f1*g1 -> h1")
    assert s("f1*g1", rule) == "h1/2"
    assert s("-6*f1*g1*x", rule) == "-3*h1*x"


def test_negated_variable_matches_negative_coefficients_only():
    rule = Rule("acos(-a) -> pi - acos(a)")
    assert s("acos(-3*x)", rule) == "pi - acos(3*x)"
    assert s("acos(-x/2)", rule) == "pi - acos(x/2)"
    assert s("acos(-1/4)", rule) == "pi - acos(1/4)"
    assert s("acos(x)", rule) == "acos(x)"
    assert s("acos(3*x)", rule) == "acos(3*x)"


def test_last_variable_takes_the_rest_of_a_product_or_sum():
    assert s("log(2*x*y)", assume_positive=True) == "log(2) + log(x) + log(y)"
    rule = Rule("exp(log(a) + b) -> a*exp(b)")
    assert s("exp(log(x) + y + z)", rule) == "x*exp(y + z)"


def test_no_matching_modulo_identities():
    rule = Rule("a^n -> f1", guard=lambda m: True)
    assert s("x", rule) == "x"  # x is not x^1
    assert s("x^3", rule) == "f1"
    rule = Rule("sin(a*b) -> f1")
    assert s("sin(x)", rule) == "sin(x)"  # x is not x*1


def test_rule_errors():
    with pytest.raises(RuleError, match="one '->'"):
        Rule("a + b")
    with pytest.raises(RuleError, match="one '->'"):
        Rule("a -> b -> c")
    with pytest.raises(RuleError, match="empty side"):
        Rule("sin(a) -> ")
    with pytest.raises(RuleError, match="does not bind"):
        Rule("sin(a) -> b")
    with pytest.raises(RuleError, match="does not bind"):
        Rule("sin(a*0 + b) -> a")
    assert str(Rule("sin(a) -> b1").rhs) == "b1"  # longer names are literal symbols
    with pytest.raises(RuleError, match="matches anything"):
        Rule("a -> 1")
    with pytest.raises(RuleError, match="standard form"):
        Rule("exp(0) -> 2")
    with pytest.raises(ArgumentError, match=r"rules\[0\] must be a Rule or rule text"):
        simplify(parse("x"), rules=[42])
    assert issubclass(RuleError, SymdiffError)


def test_syntax_error_points_into_the_whole_rule():
    with pytest.raises(SymdiffSyntaxError) as info:
        Rule("sin(a) -> cos(a) +")
    assert info.value.text == "sin(a) -> cos(a) +"
    assert info.value.column == 19


def test_pattern_is_standard_form():
    rule = Rule("sqrt(a) -> f1")
    assert str(rule.lhs) == "a^(1/2)"
    assert s("sqrt(x + 1)", rule) == "f1"
    assert s("(x + 1)^(1/2)", rule) == "f1"


def test_pattern_matches_directly():
    canon = Canon()
    rule = Rule("sin(a)*cos(a) -> f1")
    pattern = Pattern(rule.lhs, set(rule.variables), canon)
    (match,) = list(pattern.matches(parse("sin(x)*cos(x)*y")))
    assert {k.name: str(v) for k, v in match.bindings.items()} == {"a": "x"}
    assert [str(r) for r in match.rest] == ["y"]
