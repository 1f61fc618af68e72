"""The direction of imports from the design, checked over the real project by tests/support/architecture.py.

No import cycle among project modules; the renderer never imports the server; the engine
imports only the standard library, msgspec and itself; SQL lives in server/storage (apart
from the modules listed below, which the services issue empties). How the checker reads
imports (relative, ``from a import submodule``, ``import a.b.c``, ``if TYPE_CHECKING:``) is
in its docstring and proved on fake trees in tests/test_architecture_checker.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.architecture import Report, check, project_modules, sql_allowlist_drift, sql_strings

ROOT = Path(__file__).resolve().parent.parent

# Modules outside server/storage that still hold SQL today. Issue 14 (services) moves their SQL
# into server/storage; this list may only shrink: a module that gains SQL fails the test, and so
# does a listed module that no longer has any (take it off the list then).
SQL_NOT_YET_IN_STORAGE = frozenset({
    "server.services.invoices",
    "server.services.keys",
    "server.services.quotes",
    "server.services.sessions",
    "server.services.users",
    "server.cli.backup",
    "server.admin.quotes",
})


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


def test_no_import_cycle_among_project_modules(report: Report) -> None:
    assert report.cycles == []


def test_renderer_never_imports_the_server(report: Report) -> None:
    assert [(i.importer, i.target, i.line) for i in report.renderer_imports_server] == []


def test_engine_imports_only_the_standard_library_msgspec_and_itself(report: Report) -> None:
    assert [(i.importer, i.target, i.line) for i in report.engine_imports_foreign] == []


def test_no_module_outside_storage_gains_sql(report: Report) -> None:
    gained, _ = sql_allowlist_drift(report, SQL_NOT_YET_IN_STORAGE)
    assert gained == {}, "put this SQL in server/storage and call it from there"


def test_every_module_on_the_sql_list_still_holds_sql(report: Report) -> None:
    _, emptied = sql_allowlist_drift(report, SQL_NOT_YET_IN_STORAGE)
    assert emptied == [], "these modules hold no SQL any more: take them off SQL_NOT_YET_IN_STORAGE"
