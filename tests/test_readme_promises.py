"""Every test the README names as proof exists: a renamed or removed test leaves no promise proved by nothing.

The promises table (and the prose around it) names tests as ``tests/x.py::test_name`` or as
``tests/x.py`` followed by their names in parentheses; each file must exist and each name
must be a test function or class in it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
_QUALIFIED = re.compile(r"`(tests/[\w/]+\.py)::(\w+)")
_LISTED = re.compile(r"`(tests/[\w/]+\.py)`[^|`]{0,40}\(([^)]*)\)")


def _defined(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def test_every_test_the_readme_names_exists() -> None:
    text = README.read_text(encoding="utf-8")
    named = set(_QUALIFIED.findall(text))
    named |= {(path, name) for path, names in _LISTED.findall(text)
              for name in re.findall(r"`(test_\w+)`", names)}
    assert named, "the README names tests as proof"
    missing = sorted(f"{path}::{name}" for path, name in named
                     if not (ROOT / path).is_file() or name not in _defined(ROOT / path))
    assert missing == [], "the README names tests that do not exist: name the test that proves it now"


def test_every_test_file_the_readme_names_exists() -> None:
    text = README.read_text(encoding="utf-8")
    files = set(re.findall(r"`(tests/[\w/]+\.py)", text))
    assert files
    assert sorted(f for f in files if not (ROOT / f).is_file()) == []
