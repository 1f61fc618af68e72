"""The direction of imports from the design: engine and renderer stay independent."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0] if not node.module.startswith("server.")
                          else node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def test_engine_imports_only_the_standard_library_msgspec_and_itself() -> None:
    allowed_third_party = {"msgspec"}
    bad = {}
    for path, names in _imports(ROOT / "server" / "engine").items():
        wrong = {
            n for n in names
            if not (n in sys.stdlib_module_names or n in allowed_third_party
                    or n == "__future__" or n.startswith("server.engine"))
        }
        if wrong:
            bad[path] = sorted(wrong)
    assert bad == {}


def test_renderer_never_imports_the_server() -> None:
    bad = {path: sorted(n for n in names if n == "server" or n.startswith("server."))
           for path, names in _imports(ROOT / "renderer").items()}
    assert {p: n for p, n in bad.items() if n} == {}


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    # Guard against a walker that finds nothing: parse a known-bad snippet.
    tree = ast.parse("from server.api import x\nimport litestar\n")
    mods = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    mods |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert mods == {"server.api", "litestar"}
