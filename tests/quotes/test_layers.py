"""The quote and invoice modules keep to the layers: documents below services, services free of HTTP."""

from __future__ import annotations

from pathlib import Path

from tests.support.architecture import module_imports, project_modules

ROOT = Path(__file__).resolve().parent.parent.parent
MODULES = project_modules(ROOT)
OWN_SERVICES = ("server.services.quotes", "server.services.invoices", "server.services.quote_document",
                "server.services.drawings", "server.services.exports")


def _targets(name: str) -> list[tuple[str, int]]:
    return [(i.target, i.line) for i in module_imports(name, MODULES[name], set(MODULES))]


def test_documents_never_import_the_services() -> None:
    documents = [name for name in MODULES if name.startswith("server.documents.")]
    assert "server.documents.quote" in documents and "server.documents.invoice" in documents
    upward = {name: [(t, line) for t, line in _targets(name) if t.startswith("server.services")]
              for name in documents}
    assert {name: found for name, found in upward.items() if found} == {}


def test_the_quote_services_import_neither_http_nor_the_apis_errors() -> None:
    for name in OWN_SERVICES:
        bad = [(t, line) for t, line in _targets(name)
               if t == "server.errors" or t.startswith(("litestar", "server.api", "server.admin", "server.pages"))]
        assert bad == [], name
