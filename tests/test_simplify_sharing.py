"""Simplifying several outputs as a program: never more operations than the trivial form.

``simplify_many`` (and so the default ``gradient``, ``jacobian`` and ``hessian``) cuts the DAG at
its shared nodes and simplifies each region once: its DAG never has more operations than the
input's, which is checked on random expressions and on the benchmark families, with values
compared in 60 digits and the result a fixed point.
"""

from __future__ import annotations

import random

import pytest
from exprgen import random_expr
from hypothesis import given, settings
from strategies import SYMBOLS, exprs, smooth_exprs
from test_simplify_many import assert_same_values, lists
from test_simplify_properties import POINTS, precise

from symdiff import Add, Mul, Number, Symbol, count_ops, cse, parse, simplify_many
from symdiff.core.expr import Op
from symdiff.core.traverse import postorder
from symdiff.diff.diff import gradient, hessian, jacobian
from symdiff.diff.levels import PROGRAM_FROM_OPS
from symdiff.simplify.pairs import share_pairs

NAMES = [s.value for s in SYMBOLS]


def ops(outputs) -> int:
    return count_ops(outputs, dag=True)


def flat(matrix):
    return [cell for row in matrix for cell in row]


def dense(n: int) -> str:
    """A dense Hessian: chained exponentials and triple products, and one product of all."""
    bumps = " + ".join(f"exp(-(x{i} - x{i + 1})^2)" for i in range(1, n))
    triples = " + ".join(f"x{i}*x{i + 1}*x{i + 2}" for i in range(1, n - 1))
    product = "*".join(f"(1 + x{i}^2/{n})" for i in range(1, n + 1))
    return f"{bumps} + {triples} + {product}"


def rosenbrock(n: int) -> str:
    return " + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(1, n))


def least_squares(n: int, rows: int = 6, seed: int = 5) -> str:
    rng = random.Random(seed)
    residuals = []
    for _ in range(rows):
        prediction = " + ".join(f"{rng.randint(-40, 40) / 8}*x{j}" for j in range(1, n + 1))
        residuals.append(f"({rng.randint(-80, 80) / 16} - ({prediction}))^2")
    return " + ".join(residuals)


# -- properties ----------------------------------------------------------------------------------


@settings(max_examples=150)
@given(inputs=lists)
def test_simplify_many_never_adds_operations(inputs):
    assert ops(simplify_many(inputs)) <= ops(inputs)


@settings(max_examples=60)
@given(f=exprs(10))
def test_gradient_has_at_most_the_trivial_forms_operations(f):
    assert ops(gradient(f, NAMES)) <= ops(gradient(f, NAMES, simplify="trivial"))


@settings(max_examples=40)
@given(f=exprs(8))
def test_hessian_has_at_most_the_trivial_forms_operations(f):
    standard = flat(hessian(f, NAMES))
    assert ops(standard) <= ops(flat(hessian(f, NAMES, simplify="trivial")))
    assert cse(standard).count_ops() <= cse(flat(hessian(f, NAMES, simplify="trivial"))).count_ops()


@settings(max_examples=40)
@given(a=exprs(8), b=exprs(8))
def test_jacobian_has_at_most_the_trivial_forms_operations(a, b):
    assert ops(flat(jacobian([a, b], NAMES))) <= ops(
        flat(jacobian([a, b], NAMES, simplify="trivial"))
    )


@settings(max_examples=40)
@given(f=smooth_exprs(), point=POINTS)
def test_gradient_of_random_expression_keeps_values(f, point):
    trivial = gradient(f, NAMES, simplify="trivial")
    assert_same_values(trivial, simplify_many(trivial), point)


def test_random_expressions_of_a_thousand_nodes():
    for seed in range(3):
        f = random_expr(random.Random(seed), 1000, "x y z")
        trivial = gradient(f, NAMES, simplify="trivial")
        standard = gradient(f, NAMES)
        assert ops(standard) <= ops(trivial)
        assert _fixed_point(standard, trivial)


# -- the benchmark families ----------------------------------------------------------------------


def _family(text: str, n: int, kind):
    names = [f"x{i}" for i in range(1, n + 1)]
    f = parse(text)
    standard, trivial = kind(f, names), kind(f, names, simplify="trivial")
    if kind is hessian:
        standard, trivial = flat(standard), flat(trivial)
    return standard, trivial


def test_benchmark_families_have_at_most_the_trivial_forms_operations():
    cases = [
        (dense(12), 12, hessian),
        (rosenbrock(20), 20, gradient),
        (rosenbrock(10), 10, hessian),
        (least_squares(20), 20, gradient),
    ]
    for text, n, kind in cases:
        standard, trivial = _family(text, n, kind)
        assert ops(standard) <= ops(trivial), text[:40]
        assert cse(standard).count_ops() <= cse(trivial).count_ops()
        assert _fixed_point(standard, trivial)


def _fixed_point(default: list, trivial: list) -> bool:
    """The default's outputs are a fixed point of the level it chose for them."""
    level = "program" if ops(trivial) > PROGRAM_FROM_OPS else "standard"
    return all(a is b for a, b in zip(simplify_many(default, level), default, strict=True))


def test_dense_hessian_finds_savings_the_trivial_form_misses():
    standard, trivial = _family(dense(20), 20, hessian)
    assert ops(trivial) == 1843
    assert ops(standard) <= 1500


def test_dense_hessian_keeps_values():
    standard, trivial = _family(dense(6), 6, hessian)
    point = {f"x{i}": 0.1 * i - 0.3 for i in range(1, 7)}
    for s, t in zip(standard, trivial, strict=True):
        expected = precise(t, point)
        assert abs(precise(s, point) - expected) <= 1e-40 * max(1, abs(expected)), str(t)


# -- the forms ------------------------------------------------------------------------------------


def test_a_shared_sum_is_simplified_once_and_kept_whole():
    shared = parse("(x + 1)*(x + 1) + (x + 1)")
    outputs = simplify_many([Mul(Number(2), shared), Mul(Number(3), shared)])
    assert [str(e) for e in outputs] == ["2*((x + 1)^2 + (x + 1))", "3*((x + 1)^2 + (x + 1))"]
    assert outputs[0].args[1] is outputs[1].args[1]


def test_a_small_shared_node_is_written_out_where_that_saves():
    neg_x = Mul(Symbol("x"), Number(-1))
    assert [str(e) for e in simplify_many([Mul(Number(-1), neg_x), neg_x])] == ["x", "-x"]


# -- pairs shared across sums and products ---------------------------------------------------------


def test_a_pair_two_products_share_is_built_once():
    outputs = share_pairs([parse("x*y*z"), parse("2*x*y*w")])
    assert [str(e) for e in outputs] == ["(x*y)*z", "2*(x*y)*w"]
    assert outputs[0].args[0] is outputs[1].args[1]
    assert ops(outputs) == ops([parse("x*y*z"), parse("2*x*y*w")]) - 1


def test_the_most_used_pair_is_taken_first():
    # (a, b) is in all three sums, (a, c) and (b, c) in two: once (a + b) is taken,
    # (a + b) and c are the pair of two sums
    outputs = share_pairs([parse("a + b + c"), parse("a + b + c + d"), parse("a + b + f")])
    assert [str(e) for e in outputs] == ["(a + b) + c", "((a + b) + c) + d", "(a + b) + f"]
    assert ops(outputs) == 4


def test_a_pair_used_by_one_pair_only_is_written_into_it():
    outputs = share_pairs([parse("a*b*c*d"), parse("a*b*c*f")])
    assert [str(e) for e in outputs] == ["(a*b*c)*d", "(a*b*c)*f"]
    assert ops(outputs) == 4


def test_an_existing_node_that_is_the_pair_is_used():
    xy = parse("x*y")
    outputs = share_pairs([xy, parse("x*y*z"), parse("sin(x*y*w)")])
    assert outputs[0] is xy
    assert outputs[1].args[0] is xy and outputs[2].args[0].args[0] is xy
    assert ops(outputs) == 4


def test_a_repeated_pair_is_taken_at_each_place():
    x = Symbol("x")
    outputs = share_pairs([Mul(x, x, x, x), Mul(x, x)])
    assert [str(e) for e in outputs] == ["(x*x)*(x*x)", "x*x"]
    assert outputs[0].args[0] is outputs[1] and outputs[0].args[1] is outputs[1]
    assert ops(outputs) == 2


def test_a_negated_leaf_is_not_a_pair():
    inputs = [parse("-x*y"), parse("-x*z")]
    assert share_pairs(inputs) == inputs


def test_sums_and_products_of_many_operands_keep_them():
    many = [parse(" + ".join(f"x{i}" for i in range(30)) + f" + y{k}") for k in range(3)]
    assert share_pairs(many) == many


@settings(max_examples=150)
@given(inputs=lists, point=POINTS)
def test_shared_pairs_keep_values_and_save_operations(inputs, point):
    outputs = share_pairs(inputs)
    assert ops(outputs) <= ops(inputs)
    if any(a is not b for a, b in zip(outputs, inputs, strict=True)):
        assert ops(outputs) < ops(inputs)
    assert_same_values(inputs, outputs, point)


def test_dense_hessian_operations_after_cse():
    """The n = 20 dense Hessian: the pairs its entries share (products of the factors
    ``1 + x_i^2/20``) are built once; by default (the program level: 1,843 operations are
    more than ``PROGRAM_FROM_OPS``) and at the standard level."""
    default, trivial = _family(dense(20), 20, hessian)
    assert cse(trivial).count_ops() == 1843
    assert cse(default).count_ops() == 880
    names = [f"x{i}" for i in range(1, 21)]
    assert cse(flat(hessian(parse(dense(20)), names, simplify="standard"))).count_ops() == 842


def test_a_round_that_saves_too_little_is_refused(monkeypatch):
    """The n = 50 dense Hessian: the program level's first round takes 9,538 operations to
    3,405; the next would save 2 (fewer than one in ``MIN_GAIN``), so it is refused and the
    result is still a fixed point."""
    import importlib

    local = importlib.import_module("symdiff.simplify.local")
    names = [f"x{i}" for i in range(1, 51)]
    trivial = flat(hessian(parse(dense(50)), names, simplify="trivial"))
    kept = local.local_many(trivial)
    assert (ops(trivial), ops(kept)) == (9538, 3405)
    assert all(a is b for a, b in zip(local.local_many(kept), kept, strict=True))
    monkeypatch.setattr(local, "MIN_GAIN", 10**9)  # every round that saves is kept
    assert ops(local.local_many(trivial)) == 3403


def _random_program(rng: random.Random) -> list:
    """Products and sums (mostly small products) of a few symbols and numbers, nested and
    shared at random: many pairs to take, some used once, some existing nodes."""
    names = "abcdfgh"[: rng.randint(3, 7)]
    nodes = [Symbol(n) for n in names] + [Number(-1), Number(2), Number(3)]
    first = len(nodes)
    for _ in range(rng.randint(5, 50)):
        args = [
            rng.choice(nodes[-25:] if rng.random() < 0.5 else nodes)
            for _ in range(rng.choice([2, 2, 2, 3, 3, 4, 5]))
        ]
        nodes.append(Mul(*args) if rng.random() < 0.7 else Add(*args))
    return rng.sample(nodes[first:], min(len(nodes) - first, rng.randint(1, 12)))


def test_a_settled_result_has_no_pair_to_take():
    """``shared_pairs`` says its result is settled only if taking pairs from it again finds
    none: the program level then skips that pass."""
    from symdiff.core.traverse import postorder
    from symdiff.simplify.pairs import shared_pairs

    rng = random.Random(17)
    settled_after_taking = 0
    for _ in range(600):
        roots = _random_program(rng)
        results, taken, settled = shared_pairs(roots, postorder(*roots))
        if settled:
            settled_after_taking += taken
            assert not shared_pairs(results, postorder(*results))[1]
    assert settled_after_taking > 100


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x - x", "0"),
        ("-x + x", "0"),
        ("x^2 - x^2", "0"),
        ("2*x*y - 2*x*y", "0"),
        ("(x - x)*y + 3", "3"),
    ],
)
def test_terms_that_all_cancel_leave_zero_at_the_program_level(text, expected):
    """A sum whose terms all cancel is the number 0, not a sum of no terms (which no printer
    or emitter can write)."""
    out = simplify_many([parse(text), parse(f"sin({text})")], "program")
    assert str(out[0]) == expected
    assert all(node.args or node.op is not Op.ADD for node in postorder(*out))
    assert [str(e) for e in gradient(f"{text} + x*w", "x w", simplify="program")] == ["w", "x"]
