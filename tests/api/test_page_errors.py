"""The homeowner pages (/d/, /q/) never answer a browser with JSON: malformed links, wrong methods, our faults."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

import server.pages.quote as quote_page


def _html(answer, status: int) -> str:
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    return answer.text


def test_a_malformed_link_is_the_not_found_page_not_a_json_400(client: TestClient) -> None:
    # Parts of the link that do not validate (Litestar refuses them before our handler runs).
    assert "Deze link werkt niet (meer)." in _html(client.get("/d/" + "a" * 300), 404)
    assert "Dieser Link funktioniert nicht (mehr)." in _html(client.get("/d/" + "a" * 300 + "?lang=de"), 404)
    assert "Deze link werkt niet (meer)." in _html(client.get("/q/sometoken?lang=" + "x" * 500), 404)
    assert "Deze link werkt niet (meer)." in _html(client.get("/q/" + "t" * 300), 404)


def test_a_wrong_method_on_a_quote_link_keeps_its_status_on_an_html_page(client: TestClient) -> None:
    text = _html(client.get("/q/sometoken/accept?lang=en"), 405)
    assert "This did not work" in text


def test_a_fault_of_ours_on_a_quote_page_is_a_500_page_in_the_homeowners_language(
        client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(quote_page, "_find", broken)
    text = _html(client.get("/q/sometoken?lang=de"), 500)
    assert "Das hat nicht geklappt" in text and "a bug" not in text
    assert any("unhandled error" in r.getMessage() for r in caplog.records), "the fault is logged"
