"""`make test` (what `.ci/run` calls) runs the gates first: ruff, then mypy, then pytest, and stops
at the first that fails. mypy is strict on `server/engine` and `renderer`, default on the rest.

Each test breaks a scratch copy of the tree (never this one) and runs the real `make` and `mypy`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.prefix) / "bin"
# If a broken gate let make reach pytest, only this small file is collected (not the whole suite).
_PYTEST_ARGS = "PYTEST_ARGS=--collect-only -q -p no:cacheprovider tests/test_blank_lines.py"


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of what the gates read: the code, the tests, the Makefile and pyproject.toml."""
    root = tmp_path_factory.mktemp("tree")
    for name in ("server", "renderer", "tests", "benchmarks"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, root / name)
    return root


@contextmanager
def appended(path: Path, text: str) -> Iterator[None]:
    """``text`` added to the end of ``path`` for the duration, then the file as it was."""
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    try:
        yield
    finally:
        path.write_text(before, encoding="utf-8")


def make_test(tree: Path) -> subprocess.CompletedProcess[str]:
    """`make test` in ``tree`` with this venv; nothing installed (``-o``: the stamp and the
    browser step count as done)."""
    venv = Path(sys.prefix)
    return subprocess.run(
        ["make", "--no-print-directory", "test", f"VENV={venv}", _PYTEST_ARGS,
         "-o", str(venv / ".installed"), "-o", "browser"],
        cwd=tree, capture_output=True, text=True, timeout=300)


def test_make_test_stops_at_a_lint_error_before_mypy_and_pytest(tree: Path) -> None:
    with appended(tree / "server" / "admin" / "texts.py", "\nimport os\n"):
        run = make_test(tree)
    out = run.stdout + run.stderr
    assert run.returncode != 0, out
    assert "F401" in out and "server/admin/texts.py" in out, out
    assert f"{BIN}/mypy" not in out, "make went on to mypy after ruff failed"
    assert "-m pytest" not in out, "make went on to pytest after ruff failed"


def test_make_test_stops_at_a_type_error_before_pytest(tree: Path) -> None:
    with appended(tree / "server" / "engine" / "i18n.py", '\n_BROKEN: int = "not a number"\n'):
        run = make_test(tree)
    out = run.stdout + run.stderr
    assert run.returncode != 0, out
    assert f"{BIN}/ruff check server renderer tests benchmarks" in out, "ruff did not run first"
    assert 'server/engine/i18n.py' in out and "[assignment]" in out, out
    assert "-m pytest" not in out, "make went on to pytest after mypy failed"


def test_mypy_is_strict_on_the_engine_and_renderer_and_default_on_the_rest(tree: Path) -> None:
    untyped = "\n\ndef _untyped(value):\n    return value\n"
    files = {name: tree / name for name in ("server/engine/money.py", "renderer/svg.py", "server/admin/texts.py")}
    with appended(files["server/engine/money.py"], untyped), appended(files["renderer/svg.py"], untyped), \
            appended(files["server/admin/texts.py"], untyped):
        run = subprocess.run([str(BIN / "mypy")], cwd=tree, capture_output=True, text=True, timeout=300)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    flagged = {line.split(":", 1)[0] for line in out.splitlines() if "[no-untyped-def]" in line}
    assert flagged == {"server/engine/money.py", "renderer/svg.py"}, out


def test_the_tree_as_committed_passes_both_gates() -> None:
    # The same commands make test runs, on this tree: a green suite means green gates.
    for command in ([str(BIN / "ruff"), "check", "server", "renderer", "tests", "benchmarks"], [str(BIN / "mypy")]):
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stdout + run.stderr
