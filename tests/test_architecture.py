"""The rules of the layout (docs/architecture.md), checked on the source itself.

- dependencies flow one way: cms ← projects ← news ← alumni ← home;
- no Python module over 600 lines (migrations and demo data files apart);
- imports sit at the top of modules: a function-level import is allowed only in
  `AppConfig.ready()`, in a management command, or with a comment saying why, and there
  are at most a handful of those.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["cms", "projects", "news", "alumni", "home"]  # in dependency order
MAX_LINES = 600
MAX_FUNCTION_IMPORTS = 10
REASON_MARK = "Imported here:"


def python_files(*folders):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node, node.module


def relative(path):
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("app", APPS)
def test_apps_import_only_the_apps_on_their_left(app):
    above = APPS[APPS.index(app) + 1 :]
    wrong = []
    for path in python_files(app):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node, module in imported_modules(tree):
            if module.split(".")[0] in above:
                wrong.append(f"{relative(path)}:{node.lineno} imports {module}")
    assert wrong == []


def test_no_module_over_the_size_limit():
    too_long = [
        f"{relative(path)} ({count} lines)"
        for path in python_files(*APPS, "tests")
        if (count := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert too_long == []


def _function_level_imports(path):
    """(line, has_reason) of the imports inside functions, `ready()` apart."""
    source = path.read_text()
    lines = source.splitlines()
    found = {}
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name == "ready":
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Import | ast.ImportFrom):
                around = lines[max(inner.lineno - 3, 0) : inner.lineno]
                found[inner.lineno] = any(REASON_MARK in line for line in around)
    return sorted(found.items())


def _application_modules():
    for path in python_files(*APPS):
        if "commands" in path.parts:
            continue
        yield path


def test_function_level_imports_are_few_and_explained():
    imports = [
        (relative(path), line, has_reason)
        for path in _application_modules()
        for line, has_reason in _function_level_imports(path)
    ]
    unexplained = [f"{path}:{line}" for path, line, has_reason in imports if not has_reason]
    assert unexplained == []
    assert len(imports) <= MAX_FUNCTION_IMPORTS, imports
