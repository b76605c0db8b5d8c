"""The layer contract in .importlinter holds, and it does fail when an import breaks it.

`make lint` runs lint-imports too; these tests make CI (`make test`) fail on a broken contract.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _root_packages():
    lines = (ROOT / ".importlinter").read_text().split("root_packages =", 1)[1].splitlines()[1:]
    packages = []
    for line in lines:
        if not line.startswith((" ", "\t")) or not line.strip():
            break
        packages.append(line.strip())
    return packages


def _lint_imports(cwd):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_code_keeps_the_layer_contract():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.fixture
def tree_copy(tmp_path):
    """The project's Python packages and contract, copied so a test can add a module."""
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    for package in _root_packages():
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=lambda directory, names: [
                n for n in names if not n.endswith(".py") and not (Path(directory) / n).is_dir()
            ],
        )
    return tmp_path


def test_an_upward_import_breaks_the_contract(tree_copy):
    breach = tree_copy / "ouderbetrokkenheid" / "school" / "layer_breach.py"
    breach.write_text("from reach import selectors  # school must not read an aggregator\n")

    result = _lint_imports(tree_copy)

    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "ouderbetrokkenheid.school.layer_breach -> reach.selectors" in result.stdout


def test_siblings_in_one_layer_may_not_import_each_other(tree_copy):
    breach = tree_copy / "meetings" / "layer_breach.py"
    breach.write_text("import conversations.models  # meetings and conversations are independent\n")

    result = _lint_imports(tree_copy)

    assert result.returncode != 0
    assert "meetings.layer_breach -> conversations.models" in result.stdout
