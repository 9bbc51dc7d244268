"""No test without an assertion: a test that checks nothing passes whatever the code does.

Every test function under tests/ must contain an `assert`, a `pytest.raises` (or
`warns`, `fail`), a call of an assertion helper (`assert_*`, `assertEqual`,
`django_assert_num_queries`…) or a Playwright `expect(...)`.
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ASSERTING_NAMES = {"raises", "warns", "fail", "expect"}


def called_name(call):
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return ""


def checks_something(function):
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = called_name(node)
            if name in ASSERTING_NAMES or name.startswith("assert") or "_assert_" in name:
                return True
    return False


def unchecked_tests(folder=TESTS):
    found = []
    for path in sorted(folder.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and node.name.startswith("test")
                and not checks_something(node)
            ):
                found.append(f"{path.relative_to(folder.parent)}:{node.lineno} {node.name}")
    return found


def test_every_test_checks_something():
    assert unchecked_tests() == []


def test_the_check_sees_a_test_without_assertion(tmp_path):
    (tmp_path / "test_sample.py").write_text(
        "import pytest\n"
        "def test_checks_nothing(client):\n"
        "    client.get('/')\n"
        "def test_asserts():\n"
        "    assert 1\n"
        "def test_raises():\n"
        "    with pytest.raises(ValueError):\n"
        "        int('x')\n"
        "def test_helper(page):\n"
        "    assert_no_axe_violations(page)\n"
        "def test_playwright(page):\n"
        "    expect(page).to_have_title('EMI')\n",
        encoding="utf-8",
    )
    assert unchecked_tests(tmp_path) == [f"{tmp_path.name}/test_sample.py:2 test_checks_nothing"]
