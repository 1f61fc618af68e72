"""The homeowner's quote page answers every domain error with HTML in the homeowner's language, over real HTTP.

An unknown link (the page, its PDF, a drawing, the accept and decline forms) is the same
not-found page as ``/d/<typo>``; an incomplete form is the page again with words next to
the fields; a refused answer is the page again with its banner. The statuses are the API's
for the same errors (404, 422, 409); never the JSON error shape to a browser.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from server.services.keys import create_key
from server.storage.db import connect
from tests.intake.conftest import BODY

UNKNOWN = "/q/" + "x" * 43  # shaped like a link, opening nothing


@pytest.fixture(scope="module")
def http(module_live_server: tuple[str, Path]) -> Iterator[httpx.Client]:
    """A client of one real ``venster serve`` for the module."""
    with httpx.Client(base_url=module_live_server[0], timeout=30) as client:
        yield client


def _sent_link(http: httpx.Client, folder: Path) -> str:
    """A quote made and sent through the dealer API; the path of the homeowner's link."""
    db = connect(folder / "live.db")
    try:
        auth = {"Authorization": f"Bearer {create_key(db, 'demo').key}"}
    finally:
        db.conn.close()
    body = copy.deepcopy(BODY)
    body["form_token"] = http.get("/api/v1/dealers/demo/form-token").json()["form_token"]
    made = http.post("/api/v1/dealers/demo/quote-requests", json=body,
                     headers={"Idempotency-Key": f"quote-page-errors-{uuid.uuid4()}"})
    assert made.status_code == 201, made.text
    number = http.post(f"/api/v1/dealer/requests/{made.json()['reference']}/quotes", headers=auth).json()["number"]
    sent = http.post(f"/api/v1/dealer/quotes/{number}/send", headers=auth)
    assert sent.status_code == 200, sent.text
    return httpx.URL(sent.json()["link"]).path


def _html(answer: httpx.Response, status: int) -> str:
    assert answer.status_code == status, answer.text[:300]
    assert answer.headers["content-type"].startswith("text/html"), answer.headers["content-type"]
    assert not answer.text.lstrip().startswith("{")
    return answer.text


@pytest.mark.parametrize(("method", "path"), [
    ("GET", ""), ("GET", "/quote.pdf"), ("GET", "/items/1/drawing.svg"), ("POST", "/accept"), ("POST", "/decline")])
def test_an_unknown_link_is_the_not_found_page_in_the_asked_language(http: httpx.Client, method: str,
                                                                    path: str) -> None:
    data = {"name": "Anna Jansen", "agree": "yes"} if method == "POST" else None
    dutch = _html(http.request(method, UNKNOWN + path, data=data), 404)
    assert "Deze link werkt niet (meer)." in dutch and '<html lang="nl">' in dutch
    english = _html(http.request(method, UNKNOWN + path + "?lang=en", data=data), 404)
    assert "This link does not work (any more)." in english and '<html lang="en">' in english


def test_a_window_the_quote_does_not_cover_is_the_not_found_page(http: httpx.Client,
                                                                 module_live_server: tuple[str, Path]) -> None:
    link = _sent_link(http, module_live_server[1])
    assert http.get(link + "/items/1/drawing.svg").headers["content-type"].startswith("image/svg+xml")
    page = _html(http.get(link + "/items/7/drawing.svg?lang=de"), 404)
    assert "Dieser Link funktioniert nicht (mehr)." in page


def test_an_incomplete_form_and_a_refused_answer_are_the_page_in_the_homeowners_language(
        http: httpx.Client, module_live_server: tuple[str, Path]) -> None:
    link = _sent_link(http, module_live_server[1])
    incomplete = _html(http.post(link + "/accept", data={"name": " ", "lang": "de"}), 422)
    assert "Geben Sie Ihren vollständigen Namen ein." in incomplete
    assert "Setzen Sie das Häkchen, um anzunehmen." in incomplete
    too_long = _html(http.post(link + "/decline", data={"reason": "x" * 2001, "lang": "en"}), 422)
    assert "Use at most 2000 characters." in too_long
    accepted = http.post(link + "/accept", data={"name": "Anna Jansen", "agree": "yes", "lang": "en"})
    assert accepted.status_code == 303
    refused = _html(http.post(link + "/decline", data={"reason": "", "lang": "en"}), 409)
    assert "You accepted this quote on" in refused
