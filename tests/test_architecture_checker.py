"""The architecture checker itself, fed small fake trees under tmp_path: each broken rule is seen, a clean tree passes.

CLEAN is the older shape (import direction, cycles, SQL); LAYERED is the layout of issue 14,
for the boundaries between the faces, services, documents, notify and storage, the package
directories of server/ and the reads of the Host header.

Without these the real-project test could pass because its checker sees nothing.
"""

from __future__ import annotations

import graphlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.architecture import (
    DOCUMENTS_BELOW_SERVICES,
    FACES_APART,
    NOTIFY_BELOW_SERVICES,
    SERVICES_BELOW_FACES,
    SERVICES_WITHOUT_HTTP,
    STORAGE_AT_THE_BOTTOM,
    allowlist_drift,
    check,
    find_cycles,
    host_reads,
    module_imports,
    package_layout,
    project_modules,
)

# A small project shaped like venster: engine, storage, api, back office, documents, renderer.
CLEAN = {
    "server/__init__.py": "",
    "server/engine/__init__.py": "",
    "server/engine/money.py": (
        "from __future__ import annotations\nimport decimal\nfrom collections.abc import Mapping\n"
        "import msgspec\nfrom . import units\nfrom .units import MM\n"),
    "server/engine/units.py": "MM = 1\n",
    "server/storage/__init__.py": "",
    "server/storage/db.py": (
        'ONE = "SELECT id FROM quotes WHERE dealer = ?"\n'
        'TWO = "INSERT INTO quotes (id) VALUES (?)"\n'
        'def begin(db):\n    db.execute("BEGIN IMMEDIATE")\n'
        'def pragma(db, n):\n    db.execute(f"PRAGMA busy_timeout = {n}")\n'),
    "server/documents/__init__.py": "",
    "server/documents/pdf.py": "from server.engine.money import units\n",
    "server/backoffice/__init__.py": "",
    "server/backoffice/quotes.py": (
        '"""Reads quotes (the SQL, SELECT number FROM quotes, is in storage)."""\n'
        "import server.storage.db\nfrom ..documents import pdf\nfrom server.engine import money\n"
        'HELP = "select a colour from the list, then update the window set"\n'
        'METHODS = ("DELETE", "UPDATE", "PATCH")\n'),
    "server/api/__init__.py": "",
    "server/api/quotes.py": "import litestar\nfrom server.backoffice.quotes import HELP\n",
    "renderer/__init__.py": "from renderer.svg import draw\n",
    "renderer/svg.py": "import msgspec\nfrom . import colour\ndef draw():\n    return colour\n",
    "renderer/colour.py": "import cairosvg\n",
}


def tree(root: Path, changes: dict[str, str]) -> Path:
    """The CLEAN project with ``changes`` applied, written under ``root``."""
    for name, text in {**CLEAN, **changes}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_a_clean_tree_passes(tmp_path: Path) -> None:
    report = check(tree(tmp_path, {}))
    assert report.cycles == []
    assert report.renderer_imports_server == []
    assert report.engine_imports_foreign == []
    assert report.sql_outside_storage == {}


def test_imports_resolve_to_project_modules(tmp_path: Path) -> None:
    root = tree(tmp_path, {})
    modules = project_modules(root)
    known = set(modules)
    targets = {i.target for i in module_imports("server.backoffice.quotes", modules["server.backoffice.quotes"], known)}
    # import a.b.c -> a.b.c; from ..documents import pdf -> the submodule; from pkg import module -> the module.
    assert targets == {"server.storage.db", "server.documents.pdf", "server.engine.money"}
    money = module_imports("server.engine.money", modules["server.engine.money"], known)
    assert {(i.target, i.project) for i in money} == {
        ("decimal", False), ("collections.abc", False), ("msgspec", False), ("server.engine.units", True)}
    # from server.engine.money import units: "units" is a name in money, not a module -> the module money.
    assert [i.target for i in module_imports("server.documents.pdf", modules["server.documents.pdf"], known)] == [
        "server.engine.money"]


def test_a_two_module_cycle_through_import_and_from_import_is_reported(tmp_path: Path) -> None:
    report = check(tree(tmp_path, {"server/engine/units.py": "import server.engine.money\nMM = 1\n"}))
    assert report.cycles == [["server.engine.money", "server.engine.units", "server.engine.money"]]


def test_a_longer_cycle_is_reported_as_the_path_to_cut(tmp_path: Path) -> None:
    report = check(tree(tmp_path, {"server/documents/pdf.py": "from server.api import quotes\n"}))
    # api.quotes -> backoffice.quotes (from ... import name) -> documents.pdf (relative ..documents) -> api.quotes
    assert report.cycles == [
        ["server.api.quotes", "server.backoffice.quotes", "server.documents.pdf", "server.api.quotes"]]


def test_a_cycle_hidden_in_a_function_or_under_type_checking_is_reported(tmp_path: Path) -> None:
    lazy = check(tree(tmp_path / "lazy", {"server/documents/pdf.py": (
        "def make():\n    from server.backoffice.quotes import HELP\n    return HELP\n")}))
    assert lazy.cycles == [["server.backoffice.quotes", "server.documents.pdf", "server.backoffice.quotes"]]

    # Today's shape before the fix: documents.invoice type-imported the back office's Invoice.
    typed_root = tree(tmp_path / "typed", {"server/documents/pdf.py": (
        "from __future__ import annotations\nfrom typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from ..backoffice.quotes import HELP\n")})
    assert check(typed_root).cycles == [
        ["server.backoffice.quotes", "server.documents.pdf", "server.backoffice.quotes"]]
    assert check(typed_root, type_checking_cycles=False).cycles == []


def test_the_renderer_importing_the_server_is_reported(tmp_path: Path) -> None:
    report = check(tree(tmp_path, {"renderer/colour.py": (
        "import cairosvg\nfrom server.engine.money import units\nimport server\n")}))
    assert [(i.importer, i.target, i.line) for i in report.renderer_imports_server] == [
        ("renderer.colour", "server.engine.money", 2), ("renderer.colour", "server", 3)]
    assert report.cycles == []


def test_the_engine_importing_a_third_party_or_upper_module_is_reported(tmp_path: Path) -> None:
    report = check(tree(tmp_path, {"server/engine/units.py": (
        "import litestar\nfrom sqlite_utils import Database\nfrom server.storage import db\n"
        "def f():\n    import httpx\nMM = 1\n")}))
    assert [(i.importer, i.target, i.line) for i in report.engine_imports_foreign] == [
        ("server.engine.units", "litestar", 1), ("server.engine.units", "sqlite_utils", 2),
        ("server.engine.units", "server.storage.db", 3), ("server.engine.units", "httpx", 5)]


def test_sql_outside_storage_is_reported_and_the_allowlist_stays_honest(tmp_path: Path) -> None:
    report = check(tree(tmp_path, {
        "server/api/quotes.py": (
            "import litestar\n"
            'def one(db, t):\n    return db.execute("SELECT id "\n        "FROM quotes WHERE id = ?")\n'
            'def two(db, t):\n    db.execute(f"UPDATE {t} SET status = ?")\n'),
        "server/backoffice/quotes.py": 'def gone(db):\n    db.execute("DELETE FROM quotes")\n',
    }))
    assert report.sql_outside_storage == {
        "server.api.quotes": [(3, "SELECT id FROM quotes WHERE id = ?"), (6, "UPDATE {} SET status = ?")],
        "server.backoffice.quotes": [(2, "DELETE FROM quotes")],
    }


graphs = st.dictionaries(st.sampled_from("abcdefg"), st.sets(st.sampled_from("abcdefg"), max_size=4), max_size=7)


@given(graphs)
def test_find_cycles_reports_a_real_loop_exactly_when_the_graph_has_one(graph: dict[str, set[str]]) -> None:
    cycles = find_cycles(graph)
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
        acyclic = True
    except graphlib.CycleError:
        acyclic = False
    assert (cycles == []) == acyclic
    for loop in cycles:
        assert loop[0] == loop[-1]
        assert all(b in graph.get(a, set()) for a, b in zip(loop, loop[1:], strict=False))


# A small project in the layout of issue 14: each face, services, storage with a root helper,
# documents, notify; every boundary kept.
LAYERED = {
    "server/__init__.py": "",
    "server/settings.py": "import os\nfrom server.storage import db\n",
    "server/errors.py": "import litestar\nfrom server.services.errors import NotFound\n",
    "server/web_shared.py": "from litestar import Request\nfrom server.storage import db\n",
    "server/links.py": (
        "from server.settings import os\n"
        "def public_base(request, settings):\n    return request.base_url or request.headers.get('host')\n"),
    "server/engine/__init__.py": "",
    "server/engine/money.py": "import decimal\n",
    "server/storage/__init__.py": "",
    "server/storage/db.py": "import sqlite3\nfrom . import rows\n",
    "server/storage/rows.py": "import msgspec\n",
    "server/services/__init__.py": "",
    "server/services/errors.py": "class NotFound(Exception):\n    pass\n",
    "server/services/quotes.py": (
        "from server.storage import db\nfrom server.engine import money\nfrom server import settings\n"
        "from server.documents import pdf\nfrom server.notify import mail\nfrom .errors import NotFound\n"),
    "server/documents/__init__.py": "",
    "server/documents/pdf.py": "from server.engine import money\nimport server.settings\n",
    "server/notify/mail.py": "from server.storage import db\nfrom server import settings\n",
    "server/notify/templates/quote.txt": "Dear {name}\n",
    "server/api/__init__.py": "",
    "server/api/quotes.py": "import litestar\nfrom server.services import quotes\nfrom server.errors import NotFound\n",
    "server/admin/__init__.py": "",
    "server/admin/quotes.py": "from server.services import quotes\nfrom server.web_shared import Request\n",
    "server/admin/templates/quotes.html": "<p>{{ q }}</p>\n",
    "server/admin/static/admin.css": "p {}\n",
    "server/pages/__init__.py": "",
    "server/pages/quote.py": "from server.services.quotes import NotFound\nfrom server import links\n",
    "server/pages/templates/quote/page.html": "<p></p>\n",
    "server/cli/__init__.py": "",
    "server/cli/users.py": "from server.services import quotes\nfrom server.storage import db\n",
    "renderer/__init__.py": "",
}


def layered(root: Path, changes: dict[str, str]) -> Path:
    """The LAYERED project with ``changes`` applied, written under ``root``."""
    for name, text in {**LAYERED, **changes}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def breaks(root: Path) -> list[tuple[str, str, str, int]]:
    return [(b.rule, b.importer, b.target, b.line) for b in check(root).boundary_breaks]


def test_a_tree_in_the_designed_layout_breaks_no_boundary(tmp_path: Path) -> None:
    root = layered(tmp_path, {})
    report = check(root)
    assert report.boundary_breaks == [] and report.cycles == []
    assert package_layout(root) == ([], [])
    assert host_reads(root) == {}


@pytest.mark.parametrize(("importer", "text", "target"), [
    ("server/api/quotes.py", "from server.admin import quotes\n", "server.admin.quotes"),
    ("server/admin/quotes.py", "def f():\n    from server.cli.users import db\n", "server.cli.users"),
    ("server/pages/quote.py", "from ..api import quotes\n", "server.api.quotes"),
    ("server/cli/users.py", "import server.pages.quote\n", "server.pages.quote"),
])
def test_a_face_importing_another_face_is_reported(tmp_path: Path, importer: str, text: str, target: str) -> None:
    # (a lazy import inside a function counts; a relative one too)
    module = importer.removesuffix(".py").replace("/", ".")
    found = breaks(layered(tmp_path, {importer: LAYERED[importer] + text}))
    assert [(rule, imp, to) for rule, imp, to, _ in found] == [(FACES_APART, module, target)]


def test_services_importing_a_face_or_http_are_reported(tmp_path: Path) -> None:
    root = layered(tmp_path, {"server/services/quotes.py": (
        "from server.api import quotes\n"  # a face
        "from litestar import Request\n"  # HTTP itself
        "from server.errors import NotFound\n"  # a root module that is HTTP's side
        "from server.web_shared import Request\n"  # likewise
        "from server import settings\n"  # a root helper without HTTP: fine
        "from .errors import NotFound\n")})  # its own errors: fine
    assert breaks(root) == [
        (SERVICES_BELOW_FACES, "server.services.quotes", "server.api.quotes", 1),
        (SERVICES_WITHOUT_HTTP, "server.services.quotes", "litestar", 2),
        (SERVICES_WITHOUT_HTTP, "server.services.quotes", "server.errors", 3),
        (SERVICES_WITHOUT_HTTP, "server.services.quotes", "server.web_shared", 4),
    ]


def test_a_root_module_that_reaches_http_only_indirectly_still_counts(tmp_path: Path) -> None:
    # text_rules -> errors -> litestar: a service importing text_rules is on HTTP's side too.
    root = layered(tmp_path, {"server/text_rules.py": "from server.errors import NotFound\n",
                              "server/services/rules.py": "from server import text_rules\n"})
    assert breaks(root) == [(SERVICES_WITHOUT_HTTP, "server.services.rules", "server.text_rules", 1)]


def test_documents_importing_services_or_a_face_are_reported(tmp_path: Path) -> None:
    root = layered(tmp_path, {"server/documents/pdf.py": (
        "from __future__ import annotations\nfrom typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from server.services.quotes import NotFound\n"
        "from server.admin import quotes\n")})
    found = breaks(root)
    assert [(r, i, t, n) for r, i, t, n in found if r == DOCUMENTS_BELOW_SERVICES] == [
        (DOCUMENTS_BELOW_SERVICES, "server.documents.pdf", "server.services.quotes", 4),
        (DOCUMENTS_BELOW_SERVICES, "server.documents.pdf", "server.admin.quotes", 5),
    ]


def test_notify_importing_services_or_a_face_is_reported(tmp_path: Path) -> None:
    # Services hand notify what to send; notify calling back into a service is the wrong way up.
    root = layered(tmp_path, {"server/notify/mail.py": (
        "from server.storage import db\nfrom server.pages import quote\nfrom server.services import quotes\n")})
    assert breaks(root) == [(NOTIFY_BELOW_SERVICES, "server.notify.mail", "server.pages.quote", 2),
                            (NOTIFY_BELOW_SERVICES, "server.notify.mail", "server.services.quotes", 3)]


def test_storage_importing_anything_above_it_is_reported(tmp_path: Path) -> None:
    root = layered(tmp_path, {
        # a root helper that stays below storage is fine; one that reaches above is not
        "server/clock.py": "import time\nfrom server.storage import rows\n",
        "server/storage/db.py": (
            "import sqlite3\nfrom . import rows\nfrom server import clock\n"
            "from server.services.errors import NotFound\n"  # services
            "from server import errors\n"  # a root module above storage
            "from server.engine import money\n"  # the engine is not storage's to import either
            "from server.settings import os\n")})  # settings imports only storage: a helper
    # (storage reaching server.errors also puts everything importing storage on HTTP's side;
    # only storage's own breaks are this test's)
    assert [b for b in breaks(root) if b[0] == STORAGE_AT_THE_BOTTOM] == [
        (STORAGE_AT_THE_BOTTOM, "server.storage.db", "server.services.errors", 4),
        (STORAGE_AT_THE_BOTTOM, "server.storage.db", "server.errors", 5),
        (STORAGE_AT_THE_BOTTOM, "server.storage.db", "server.engine.money", 6),
    ]


def test_a_root_helper_that_imports_a_service_is_no_helper_for_storage(tmp_path: Path) -> None:
    root = layered(tmp_path, {"server/settings.py": "import os\nfrom server.services import errors\n",
                              "server/storage/db.py": "from server.settings import os\n"})
    assert breaks(root) == [(STORAGE_AT_THE_BOTTOM, "server.storage.db", "server.settings", 1)]


def test_a_stray_package_or_a_missing_designed_one_is_reported(tmp_path: Path) -> None:
    root = layered(tmp_path, {
        "server/backoffice/__init__.py": "",  # a package the design does not name
        "server/templates/email.txt": "Hi\n",  # data directly in server/, outside any package
        "server/services/intake/__init__.py": "",  # a package nested in a designed one
        "server/i18n/__init__.py": "",  # designed, optional: fine
        "server/api/__pycache__/quotes.cpython-311.pyc": "",  # never counted
    })
    (root / "server" / "cli" / "users.py").unlink()
    (root / "server" / "cli" / "__init__.py").unlink()
    stray, missing = package_layout(root)
    assert stray == ["server/backoffice", "server/services/intake", "server/templates"]
    assert missing == ["cli"]


def test_a_namespace_package_counts_as_present(tmp_path: Path) -> None:
    # server/notify has no __init__.py in the real tree (and in LAYERED)
    assert package_layout(layered(tmp_path, {})) == ([], [])
    assert not (tmp_path / "server" / "notify" / "__init__.py").exists()


def test_reading_the_host_header_or_base_url_outside_links_is_reported(tmp_path: Path) -> None:
    root = layered(tmp_path, {"server/admin/quotes.py": (
        "def link(request):\n"
        "    a = request.base_url\n"
        "    b = request.headers.get('Host', '')\n"
        "    c = request.headers['host']\n"
        "    d = headers.getone('X-Forwarded-Host')\n"
        "    e = request.headers.get('origin')\n"  # not our address: fine
        "    f = base_url = 'x'\n"  # a name, not the request's attribute: fine
        "    return request.url.scheme\n")})
    assert host_reads(root) == {"server.admin.quotes": [
        (2, "request.base_url"), (3, "request.headers.get('Host', '')"), (4, "request.headers['host']"),
        (5, "headers.getone('X-Forwarded-Host')")]}
    # links.py itself reads both in LAYERED and is never reported
    assert "server.links" not in host_reads(root)


def test_the_two_sided_allowlist_check() -> None:
    gained, gone = allowlist_drift({("a", "b"), ("c", "d")}, {("c", "d"), ("e", "f")})
    assert gained == [("a", "b")] and gone == [("e", "f")]
    assert allowlist_drift({"x"}, {"x"}) == ([], [])
