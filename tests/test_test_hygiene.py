"""The suite's own habits, checked: one second-dealer fixture, tmp paths, parsed HTML, state-based waits.

Each rule once had copies or exceptions across tests/; this file keeps them from coming back.
"""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

from litestar.testing import TestClient

from tests.support.dealers import SECOND_DEALER_NAME

TESTS = Path(__file__).resolve().parent
_THIS = Path(__file__).resolve()
# Markup in a regular expression means HTML is being matched as text (an SVG attribute is not HTML).
_MARKUP = re.compile(r"<[a-z]|\b(?:href|src|class|action|name|value|id|type|for|lang|content|data-[\w-]+|aria-[\w-]+)"
                     r"=\\?[\"']")
_RE_CALLS = {"search", "match", "fullmatch", "findall", "finditer", "sub", "compile"}


def _sources() -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in sorted(TESTS.rglob("*.py")) if p.resolve() != _THIS}


def _rel(path: Path) -> str:
    return str(path.relative_to(TESTS.parent))


def test_the_second_dealer_is_written_in_one_place() -> None:
    # A catalog file other than demo's written by a test: a plain name, "other.toml", or an
    # f-string name (f"{slug}.toml") written there or on the next line.
    other_catalog = re.compile(r"""["'](?!demo\.toml)[\w-]+\.toml["']\)\.write_text|other\.toml"""
                               r"""|f["'][^"']*\}\.toml["']\)?\s*(?:\n\s*\w+)?\.write_text""")
    writers = [_rel(p) for p, text in _sources().items() if other_catalog.search(text)]
    assert writers == ["tests/support/dealers.py"], "use the second_dealer fixture or add_second_dealer there"


def test_the_second_dealer_fixture_serves_a_dealer_of_its_own(second_dealer: str, client: TestClient) -> None:
    assert second_dealer == "other"
    names = {slug: client.get(f"/api/v1/dealers/{slug}/configurator").json()["dealer"]["name"]
             for slug in ("demo", second_dealer)}
    assert names == {"demo": "Kozijnen Demo", "other": SECOND_DEALER_NAME}


def test_no_test_writes_to_a_fixed_tmp_path() -> None:
    found = [f"{_rel(p)}:{n}" for p, text in _sources().items()
             for n, line in enumerate(text.splitlines(), 1) if re.search(r"""["']/tmp\b""", line)]
    assert found == [], "use tmp_path, tmp_path_factory or the `screenshots` fixture"


def _literal_text(node: ast.expr) -> str:
    """The literal text of a string or f-string argument (its fixed parts); "" for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return ""


def test_html_is_read_through_a_parser_not_matched_with_regular_expressions() -> None:
    found = []
    for path, text in _sources().items():
        for node in ast.walk(ast.parse(text)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _RE_CALLS
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args
                    and _MARKUP.search(_literal_text(node.args[0]))):
                found.append(f"{_rel(path)}:{node.lineno}")
    assert found == [], "use tests/support/html.py (lxml)"


def test_browser_waits_are_on_state_the_widget_exposes_not_on_class_strings() -> None:
    text = (TESTS / "browser" / "conftest.py").read_text(encoding="utf-8")
    assert re.findall(r"to_have_class\(|class=\"|\.className", text) == []
    assert 'to_have_attribute("aria-busy", "false"' in text  # what settle waits on instead


def test_browser_modules_that_change_nothing_share_one_server() -> None:
    """A module of two or more live-server tests that touches no catalog or setting uses one server."""
    alone = []
    # tests/web/test_admin_browser.py drives Chromium too, but each of its tests makes its own user
    # and counts rows from an empty database: it keeps a server per test.
    for path in sorted((TESTS / "browser").glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        tests = re.findall(r"^def test_\w+\((.*?)\)", text, re.M | re.S)
        if sum("live_server" in args for args in tests) < 2 or "catalogs_dir" in text or "live_env" in text:
            continue
        if "one_server_per_module()" not in text:
            alone.append(_rel(path))
    assert alone == []


def test_no_file_holds_a_merge_conflict_marker() -> None:
    # A merge resolved in haste once left <<<<<<< in the README; every tracked text file is read.
    root = Path(__file__).resolve().parents[1]
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    marker = re.compile(r"^(<{7} |>{7} |={7}$)", re.M)
    found = []
    for name in tracked:
        path = root / name
        if path.suffix in (".mo", ".png", ".pdf", ".ico", ".woff2") or not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="ignore")
        found += [f"{name}:{text.count(chr(10), 0, m.start()) + 1}" for m in marker.finditer(text)]
    assert found == []
