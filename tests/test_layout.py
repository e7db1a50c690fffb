"""The package layout: one folder per pipeline stage, imports running one way.

core <- simplify <- diff <- program <- emit <- interop <- notebook <- cli (and the package itself).
A module imports, at import time, only from its own stage or earlier ones, and the modules
of one stage import each other without cycles. The few imports that reach a later stage
are made lazily inside a convenience method and are listed in ``LATER_STAGE_HOOKS``.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import networkx as nx
import pytest

import symdiff

PACKAGE = Path(symdiff.__file__).resolve().parent
STAGES = ["core", "simplify", "diff", "program", "emit", "interop", "notebook"]
TOP_LEVEL = {"symdiff", "symdiff.__main__"}
# The command line sits on top of every stage: a package of its own, outside the stage folders.
CLI = {
    "symdiff.cli",
    "symdiff.cli.__main__",
    "symdiff.cli.commands",
    "symdiff.cli.inputs",
    "symdiff.cli.output",
    "symdiff.cli.parser",
}

# Old flat paths that stay importable: each re-exports one module of a stage.
SHIMS = {
    "symdiff.display": "symdiff.notebook.display",
    "symdiff.errors": "symdiff.core.errors",
    "symdiff.numeric": "symdiff.diff.numeric",
    "symdiff.rules": "symdiff.simplify.rules",
}

# (importing module, enclosing class or function, imported module): imports of a later stage,
# allowed only lazily inside these methods (the convenience API of Expr, Program and
# differentiate(explain=True)).
LATER_STAGE_HOOKS = {
    ("symdiff.core.expr", "Expr", "symdiff.notebook.display"),
    ("symdiff.core.expr", "Expr", "symdiff.simplify.simplify"),
    ("symdiff.program.program", "Program", "symdiff.emit.dot"),
    ("symdiff.program.program", "Program", "symdiff.emit.latex"),
    ("symdiff.program.program", "Program", "symdiff.emit.python"),
    ("symdiff.program.program", "Program", "symdiff.notebook.display"),
    ("symdiff.diff.diff", "differentiate", "symdiff.notebook.explain"),
    ("symdiff.diff.diff", "<type checking>", "symdiff.notebook.explain"),
}


def module_name(path: Path) -> str:
    parts = ["symdiff", *path.relative_to(PACKAGE).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def rank(module: str) -> int:
    """The position of a module's stage in the pipeline (the package and cli come last)."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in STAGES:
        return STAGES.index(parts[1])
    return len(STAGES)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _targets(node: ast.Import | ast.ImportFrom) -> list[str]:
    """The symdiff modules an import statement loads (``from pkg import submodule`` too)."""
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    else:
        assert node.level == 0, "relative imports are not used in symdiff"
        base = node.module or ""
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
    return [n for n in names if n == "symdiff" or n.startswith("symdiff.")]


def imports(module: str) -> list[tuple[str, str | None]]:
    """``(imported module, None)`` at import time, ``(imported module, scope)`` lazily."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: list[tuple[str, str | None]] = []
    stack: list[tuple[ast.AST, str | None]] = [(tree, None)]
    while stack:
        node, scope = stack.pop()
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                inner = scope or child.name
            elif isinstance(child, ast.If) and _is_type_checking(child):
                inner = scope or "<type checking>"
            if isinstance(child, ast.Import | ast.ImportFrom):
                found += [(target, scope) for target in _targets(child)]
            stack.append((child, inner))
    return found


def test_every_module_is_in_a_stage_folder():
    loose = {m for m in MODULES if rank(m) == len(STAGES)} - TOP_LEVEL - CLI - set(SHIMS)
    assert not loose, f"put these modules in a stage folder ({', '.join(STAGES)}): {loose}"
    for stage in STAGES:
        assert f"symdiff.{stage}" in MODULES


def test_import_time_imports_follow_the_pipeline():
    wrong = [
        (module, target)
        for module in MODULES
        for target, scope in imports(module)
        if scope is None and rank(target) > rank(module) and module not in SHIMS
    ]
    assert not wrong, f"imports of a later stage at import time: {wrong}"


def test_later_stages_are_reached_only_from_the_listed_hooks():
    hooks = {
        (module, scope, target)
        for module in MODULES
        for target, scope in imports(module)
        if scope is not None and rank(target) > rank(module)
    }
    assert hooks == LATER_STAGE_HOOKS, f"changed: {hooks ^ LATER_STAGE_HOOKS}"


def test_no_import_time_cycles():
    graph = nx.DiGraph()
    for module, path in MODULES.items():
        if path.name == "__init__.py":
            continue  # a package imports its modules; they never import it (tested below)
        graph.add_node(module)
        for target, scope in imports(module):
            if scope is None and target in MODULES and MODULES[target].name != "__init__.py":
                graph.add_edge(module, target)
    assert list(nx.simple_cycles(graph)) == []


def test_nothing_in_a_stage_imports_an_old_path_or_the_package():
    for module in MODULES:
        if rank(module) == len(STAGES):
            continue
        own_package = ".".join(module.split(".")[:2])
        for target, _ in imports(module):
            assert target != "symdiff", f"{module} imports the package symdiff"
            if MODULES[module].name != "__init__.py":
                assert target != own_package, f"{module} imports its own package {target}"
            assert target not in SHIMS, f"{module} imports the old path {target}"


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_says_what_it_does_and_exports_its_entry_points(stage):
    package = importlib.import_module(f"symdiff.{stage}")
    doc = package.__doc__ or ""
    for word in ("takes", "returns", "guarantees"):
        assert word in doc.lower(), f"symdiff.{stage}'s docstring does not say what it {word}"
    assert package.__all__
    for name in package.__all__:
        assert getattr(package, name) is getattr(symdiff, name, getattr(package, name))


@pytest.mark.parametrize(("old", "new"), sorted(SHIMS.items()))
def test_old_paths_still_import(old, new):
    shim, module = importlib.import_module(old), importlib.import_module(new)
    assert shim.__all__ == module.__all__
    for name in module.__all__:
        assert getattr(shim, name) is getattr(module, name)


def test_function_names_and_stage_names_do_not_get_in_each_other_s_way():
    from symdiff import diff, simplify
    from symdiff.diff import differentiate, gradient
    from symdiff.simplify import simplify as simplify_again
    from symdiff.simplify import simplify_many

    assert callable(simplify) and simplify is simplify_again is symdiff.simplify
    assert simplify_many is symdiff.simplify_many
    assert diff.__name__ == "symdiff.diff" and differentiate is symdiff.differentiate
    assert gradient is symdiff.gradient
    stage = importlib.import_module("symdiff.simplify")
    assert stage.__name__ == "symdiff.simplify" and stage.simplify is simplify
    assert str(simplify(symdiff.parse("x + x"))) == "2*x"
    assert str(differentiate("x^3", "x")) == "3*x^2"
