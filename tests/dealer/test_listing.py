"""Lists of the dealer API: paging past the end, incremental sync, unknown parameters, drawing views."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pypdf
import pytest

from server.storage.db import connect
from tests.dealer.conftest import Dealers


def _backdate(dealers: Dealers, hours: int) -> None:
    """Everything stored so far happened ``hours`` ago (timestamps are whole UTC seconds, so sync tests need room)."""
    then = (datetime.now(UTC) - timedelta(hours=hours)).isoformat(timespec="seconds")
    db = connect(dealers.settings.db_path)
    try:
        with db.conn:
            for table, column in (("quote_requests", "created_at"), ("status_history", "at"),
                                  ("request_notes", "at"), ("contacts", "updated_at"), ("activity", "at")):
                db.conn.execute(f"UPDATE {table} SET {column} = ?", (then,))  # noqa: S608 - fixed names
    finally:
        db.conn.close()


def test_a_page_past_the_end_is_empty_with_the_total(dealers: Dealers) -> None:
    refs = [dealers.submit(email=f"klant{i}@example.nl") for i in range(3)]
    last = dealers.get("/requests", params={"per_page": 2, "page": 2}).json()
    assert [r["reference"] for r in last["requests"]] == [refs[0]]
    past = dealers.get("/requests", params={"per_page": 2, "page": 3}).json()
    assert past["requests"] == [] and past["total_count"] == 3 and past["page"] == 3 and past["pages"] == 2
    far = dealers.get("/requests", params={"page": 99}).json()
    assert far["requests"] == [] and far["total_count"] == 3 and far["page"] == 99
    contacts = dealers.get("/contacts", params={"page": 99}).json()
    assert contacts["contacts"] == [] and contacts["total_count"] == 3 and contacts["page"] == 99
    deliveries = dealers.get("/deliveries", params={"page": 99}).json()
    assert deliveries["deliveries"] == [] and deliveries["total_count"] >= 3 and deliveries["page"] == 99
    quotes = dealers.get("/quotes", params={"page": 99}).json()
    assert quotes["quotes"] == [] and quotes["page"] == 99
    invoices = dealers.get("/invoices", params={"page": 99}).json()
    assert invoices["invoices"] == [] and invoices["page"] == 99


def test_updated_since_finds_new_requests_status_changes_and_notes(dealers: Dealers) -> None:
    changed, noted, untouched = (dealers.submit(email=f"sync{i}@example.nl") for i in range(3))
    _backdate(dealers, hours=2)
    since = (datetime.now(UTC) - timedelta(hours=1)).astimezone().isoformat(timespec="seconds")  # local offset
    assert dealers.get("/requests", params={"updated_since": since}).json()["requests"] == []
    assert dealers.send("PATCH", f"/requests/{changed}", json={"status": "contacted"}).status_code == 200
    assert dealers.send("PATCH", f"/requests/{noted}", json={"note": "belt terug"}).status_code == 200
    fresh = dealers.submit(email="nieuw@example.nl")
    page = dealers.get("/requests", params={"updated_since": since}).json()
    assert {r["reference"] for r in page["requests"]} == {changed, noted, fresh}
    assert page["total_count"] == 3 and untouched not in str(page)
    assert all(r["updated_at"] >= datetime.fromisoformat(since).astimezone(UTC).isoformat() for r in page["requests"])
    contacts = dealers.get("/contacts", params={"updated_since": since}).json()["contacts"]
    assert {c["email"] for c in contacts} == {"sync0@example.nl", "sync1@example.nl", "nieuw@example.nl"}


def test_updated_since_finds_the_requests_of_an_erased_contact(dealers: Dealers) -> None:
    first, second = (dealers.submit(email="wis@example.nl") for _ in range(2))  # one contact, two requests
    untouched = dealers.submit(email="blijft@example.nl")
    _backdate(dealers, hours=2)
    since = (datetime.now(UTC) - timedelta(hours=1)).isoformat(timespec="seconds")
    assert dealers.get("/requests", params={"updated_since": since}).json()["requests"] == []
    contact = dealers.get(f"/requests/{first}").json()["contact_id"]
    assert dealers.send("DELETE", f"/contacts/{contact}").status_code == 204
    page = dealers.get("/requests", params={"updated_since": since}).json()
    # A syncing client learns that both requests lost their contact's data, and picks up the anonymised rows.
    assert {r["reference"] for r in page["requests"]} == {first, second} and untouched not in str(page)
    assert {r["name"] for r in page["requests"]} == {"[erased]"} and "wis@example.nl" not in str(page)
    assert all(r["updated_at"] >= since for r in page["requests"])


@pytest.mark.parametrize("value", ["yesterday", "2026-11-24", "2026-11-24T10:00:00", "2026-13-01T00:00:00Z"])
def test_a_bad_updated_since_is_a_422_naming_it(dealers: Dealers, value: str) -> None:
    for path in ("/requests", "/contacts"):
        answer = dealers.get(path, params={"updated_since": value})
        assert answer.status_code == 422, (path, value)
        body = answer.json()
        assert body["status"] == 422 and [e["field"] for e in body["errors"]] == ["updated_since"]


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00"])
def test_an_updated_since_that_leaves_the_calendar_in_utc_is_a_422_not_a_500(dealers: Dealers, value: str) -> None:
    # Both are valid ISO 8601 but have no UTC equivalent within year 1..9999 (astimezone overflows).
    for path in ("/requests", "/contacts"):
        answer = dealers.get(path, params={"updated_since": value})
        assert answer.status_code == 422, (path, value, answer.text)
        body = answer.json()
        assert body["status"] == 422 and [e["field"] for e in body["errors"]] == ["updated_since"]
        assert value in body["errors"][0]["message"]


def test_updated_since_takes_z_and_offsets(dealers: Dealers) -> None:
    for value in ("2026-11-24T09:00:00Z", "2026-11-24T10:00:00+01:00", "2026-11-24T10:00:00.123-05:30"):
        assert dealers.get("/requests", params={"updated_since": value}).status_code == 200, value


def test_unknown_query_parameters_are_a_422_naming_them(dealers: Dealers) -> None:
    answer = dealers.get("/requests", params={"stauts": "won", "updated_after": "2026-01-01T00:00:00Z"})
    assert answer.status_code == 422
    body = answer.json()
    assert body["status"] == 422 and {e["field"] for e in body["errors"]} == {"stauts", "updated_after"}
    assert "status" in body["errors"][0]["message"]  # it says what the route does take
    for path in ("/settings", "/audit", "/contacts", "/deliveries", "/quotes", "/invoices"):
        assert dealers.get(path, params={"nope": "1"}).status_code == 422, path
    public = dealers.client.get("/api/v1/dealers/demo/configurator", params={"lnag": "en"})
    assert public.status_code == 422 and public.json()["errors"][0]["field"] == "lnag"
    token = dealers.client.get("/api/v1/dealers/demo/form-token", params={"x": "1"})
    assert token.status_code == 422 and token.json()["errors"] == [
        {"field": "x", "message": "Unknown query parameter; this operation takes none"}]


def test_the_widgets_own_parameters_stay_accepted(dealers: Dealers) -> None:
    assert dealers.client.get("/api/v1/dealers/demo/configurator", params={"lang": "en"}).status_code == 200
    ev = dealers.client.post("/api/v1/dealers/demo/evaluate", params={"lang": "en"},
                             json={"product": "pvc-window"}).json()
    svg = dealers.client.get(ev["drawing"]["svg"])
    assert svg.status_code == 200
    c = base64.urlsafe_b64encode(json.dumps(ev["configuration"]).encode()).rstrip(b"=").decode()
    png = dealers.client.get("/api/v1/dealers/demo/drawing.png",
                             params={"c": c, "width": 200, "view": "inside", "lang": "nl", "background": "transparent"})
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert dealers.client.get("/widget.js", params={"v": "2"}).status_code == 200  # not an API route


def test_dealer_drawings_honour_view_inside(dealers: Dealers) -> None:
    ref = dealers.submit()
    default = dealers.get(f"/requests/{ref}/items/1/drawing.svg").text
    inside = dealers.get(f"/requests/{ref}/items/1/drawing.svg", params={"view": "inside"}).text
    outside = dealers.get(f"/requests/{ref}/items/1/drawing.svg", params={"view": "outside"}).text
    # The demo dealer draws by the Dutch convention (from outside); the caption says which side is shown.
    assert "Buitenaanzicht" in default and "Buitenaanzicht" in outside
    assert "Binnenaanzicht" in inside and "Buitenaanzicht" not in inside
    # A PNG is deterministic for one view (same bytes twice), so other bytes mean another view.
    png = f"/requests/{ref}/items/1/drawing.png"
    a, b = dealers.get(png, params={"view": "inside"}), dealers.get(png, params={"view": "outside"})
    assert a.status_code == b.status_code == 200
    assert a.content != b.content and b.content == dealers.get(png).content
    # A PDF carries the time it was made, so its pages are read instead: the caption names the side.
    for path in (f"/requests/{ref}/items/1/drawing.pdf", f"/requests/{ref}/drawings.pdf"):
        texts = {view: _pdf_text(dealers.get(path, params={"view": view} if view else None).content)
                 for view in ("inside", "outside", "")}
        assert "Binnenaanzicht" in texts["inside"] and "Buitenaanzicht" not in texts["inside"], path
        assert "Buitenaanzicht" in texts["outside"] and "Buitenaanzicht" in texts[""], path
    zipped = dealers.get(f"/requests/{ref}/drawings.zip", params={"view": "inside"}).content
    archive = zipfile.ZipFile(io.BytesIO(zipped))
    assert "Binnenaanzicht" in archive.read(f"{ref}-1.svg").decode()
    bad = dealers.get(f"/requests/{ref}/items/1/drawing.svg", params={"view": "sideways"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "view"


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
