"""The direction of imports from the design, checked over the real project by tests/support/architecture.py.

No import cycle among project modules; the renderer never imports the server; the engine
imports only the standard library, msgspec and itself; SQL lives in server/storage and
nowhere else. The layout of server/
("Inside server/" in the design): the faces (api, admin, pages, cli) never import each other,
services import no face and no HTTP, documents import no service and no face, notify imports
no face, storage imports nothing above it; server/ holds exactly the designed packages; only
server/links.py reads the client's idea of our address (the two modules that read it for
another reason are listed below, with the reason). How the checker reads imports (relative,
``from a import submodule``, ``import a.b.c``, ``if TYPE_CHECKING:``) is in its docstring and
proved on fake trees in tests/test_architecture_checker.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.architecture import (
    BOUNDARIES,
    Report,
    allowlist_drift,
    check,
    host_reads,
    package_layout,
    project_modules,
    sql_strings,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def report() -> Report:
    """One run of the checker over the project's own server/ and renderer/."""
    return check(ROOT)


def test_the_checker_reads_the_whole_project() -> None:
    # Guard against a walker that finds nothing: the packages the rules are about are all seen.
    modules = project_modules(ROOT)
    for name in ("server.engine.money", "server.storage.db", "server.services.invoices",
                 "server.documents.invoice", "renderer.svg", "renderer"):
        assert name in modules
    assert sql_strings(ROOT / "server" / "storage" / "outbox.py"), "the SQL finder sees storage's own SQL"


def test_the_checker_sees_every_part_of_the_layout() -> None:
    # The boundary rules are about these packages: a checker that missed one would pass it by.
    modules = project_modules(ROOT)
    for name in ("server.api.intake", "server.admin.core", "server.pages.quote", "server.cli",
                 "server.services.quotes", "server.services.outbox_worker", "server.documents.quote", "server.links"):
        assert name in modules


def test_no_import_cycle_among_project_modules(report: Report) -> None:
    assert report.cycles == []


def test_renderer_never_imports_the_server(report: Report) -> None:
    assert [(i.importer, i.target, i.line) for i in report.renderer_imports_server] == []


def test_engine_imports_only_the_standard_library_msgspec_and_itself(report: Report) -> None:
    assert [(i.importer, i.target, i.line) for i in report.engine_imports_foreign] == []


def test_no_module_outside_storage_holds_sql(report: Report) -> None:
    where = {module: [line for line, _ in found] for module, found in report.sql_outside_storage.items()}
    assert where == {}, "put this SQL in server/storage and call it from there"


# Modules that read the Host header or request.base_url and legitimately are not building a
# public link; a module that stops reading it must leave the list.
HOST_READS_ALLOWED: dict[str, str] = {
    # The same-origin check compares the browser's Origin with the address the browser itself
    # used; nothing is handed out from it.
    "server.origins": "same-origin check of a browser request, no link",
    # The embed snippet on the settings page, without VENSTER_PUBLIC_URL (development only),
    # shows the dealer the address their own browser used (README, "Embedding the widget").
    "server.admin.dealer": "embed snippet fallback shown to the signed-in dealer only",
}


@pytest.mark.parametrize("rule", BOUNDARIES)
def test_no_import_crosses_a_boundary_of_the_layout(report: Report, rule: str) -> None:
    where = [f"{b.importer}:{b.line} -> {b.target}" for b in report.boundary_breaks if b.rule == rule]
    assert where == [], f"{rule}: move what is shared down into services (or a root module) instead"


def test_server_holds_exactly_the_designed_packages() -> None:
    stray, missing = package_layout(ROOT)
    assert stray == [], "a module belongs in one of the designed packages (design.md, 'Inside server/')"
    assert missing == []


def test_only_the_links_module_reads_the_clients_idea_of_our_address() -> None:
    found = host_reads(ROOT)
    gained, gone = allowlist_drift(found, HOST_READS_ALLOWED)
    assert {name: found[name] for name in gained} == {}, "build a public link with server.links.public_base"
    assert gone == [], "these modules no longer read the Host header: take them off HOST_READS_ALLOWED"


def test_storage_reads_rows_by_column_name_not_position() -> None:
    # A row of several columns read as row[3] breaks silently when a SELECT gains a column; a
    # single value (row[0] of "SELECT count(*)") is the one position that cannot be misread.
    by_position = []
    for path in sorted((ROOT / "server" / "storage").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
                    and isinstance(node.slice.value, int) and not isinstance(node.slice.value, bool)
                    and node.slice.value >= 1):
                by_position.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert by_position == [], "read the row by column name (server/storage/rows.py: decoded, named)"


def _engine_trees() -> list[tuple[str, ast.Module]]:
    return [(path.name, ast.parse(path.read_text(encoding="utf-8")))
            for path in sorted((ROOT / "server" / "engine").glob("*.py"))]


def test_the_engine_never_imports_the_words_layer() -> None:
    """The engine says codes; server.i18n writes them (issue 15): never the other way round.

    The rule above already refuses every import outside the standard library, msgspec and the
    engine; this one names the words layer, so relaxing that rule cannot let it in unseen.
    """
    found = []
    for name, tree in _engine_trees():
        for node in ast.walk(tree):
            targets = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                       [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{name}:{node.lineno} {t}" for t in targets if t == "server.i18n" or
                      t.startswith("server.i18n.")]
    assert found == []


def test_the_engine_holds_no_sentences_in_nl_en_or_de() -> None:
    """No table keyed by the languages in server/engine: its messages are codes (issue 15)."""
    found = []
    for name, tree in _engine_trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
                if {"nl", "en", "de"} <= keys:
                    found.append(f"{name}:{node.lineno}")
    assert found == [], "move the words to server/i18n and return a Message code"
