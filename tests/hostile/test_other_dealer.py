"""Another dealer's tokens, keys, references and search terms reach nothing.

Direct access by id is covered elsewhere (``tests/dealer/test_access.py`` for the dealer API,
``tests/web/test_isolation.py`` and ``tests/web/test_quotes_pages.py`` for the back office,
``tests/quotes/test_invoices.py`` for quotes and invoices): here the ways around it.
"""

from __future__ import annotations

import json

from tests.hostile.conftest import Hostile, body_with


def test_a_form_token_of_another_dealer_is_refused(hostile: Hostile) -> None:
    theirs = hostile.client.get("/api/v1/dealers/other/form-token").json()["form_token"]
    answer = hostile.quote_request(json.dumps(body_with(form_token=theirs)).encode())
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["form_token"]
    assert hostile.get("/requests").json()["total_count"] == 0


def test_an_idempotency_key_used_at_another_dealer_never_replays_its_answer(hostile: Hostile) -> None:
    mine = hostile.quote_request(body_with(name="Anna Demo"), headers={"Idempotency-Key": "shared-key"})
    theirs = hostile.quote_request(body_with(name="Otto Other"), dealer="other",
                                   headers={"Idempotency-Key": "shared-key"})
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["reference"].startswith("DEMO-") and theirs.json()["reference"].startswith("OTHER-")
    again = hostile.quote_request(body_with(name="Otto Other"), dealer="other",
                                  headers={"Idempotency-Key": "shared-key"})
    assert again.status_code == 409  # their own key, with a new form token: another body


def test_searches_and_filters_never_find_another_dealers_records(hostile: Hostile) -> None:
    ref = hostile.submit(name="Geheim Persoon", email="secret@demo.example", company="Geheime BV")
    number = hostile.quote(ref)["number"]
    for path in (f"/requests?q={ref}", "/requests?q=Geheim", "/requests?q=secret@demo.example",
                 "/contacts?q=Geheim", "/contacts?q=secret", f"/quotes?reference={ref}", "/quotes?status=draft"):
        answer = hostile.get(path, hostile.other)
        assert answer.status_code == 200 and answer.json()["total_count"] == 0, (path, answer.text)
    for path in (f"/requests.csv?q={ref}", "/requests.csv?q=Geheim", f"/requests.json?q={ref}"):
        answer = hostile.get(path, hostile.other)
        assert answer.status_code == 200 and ref not in answer.text and "Geheim" not in answer.text, path
    # The same searches find them for their own dealer, so the searches themselves work.
    assert hostile.get(f"/requests?q={ref}").json()["total_count"] == 1
    assert hostile.get(f"/quotes?reference={ref}").json()["quotes"][0]["number"] == number


def test_a_quote_link_shows_only_the_windows_of_its_own_quote(hostile: Hostile) -> None:
    first = hostile.submit()
    second = hostile.submit(items=[body_with()["items"][0], body_with()["items"][0]])
    _, link = hostile.sent(hostile.quote(first)["number"])
    assert hostile.client.get(link + "/items/1/drawing.svg").status_code == 200
    assert hostile.client.get(link + "/items/2/drawing.svg").status_code == 404  # item 2 is of another request
    assert second.startswith("DEMO-")
