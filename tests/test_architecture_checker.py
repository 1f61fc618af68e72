"""The architecture checker itself, fed small fake trees under tmp_path: each broken rule is seen, a clean tree passes.

Without these the real-project test could pass because its checker sees nothing.
"""

from __future__ import annotations

import graphlib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.support.architecture import check, find_cycles, module_imports, project_modules, sql_allowlist_drift

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
    gained, emptied = sql_allowlist_drift(report, frozenset({"server.backoffice.quotes", "server.web.old"}))
    assert list(gained) == ["server.api.quotes"]
    assert emptied == ["server.web.old"]
    assert sql_allowlist_drift(report, frozenset({"server.api.quotes", "server.backoffice.quotes"})) == ({}, [])


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
