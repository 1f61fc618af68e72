"""One dealer's user can never read, change or even detect another dealer's data through the back office."""

from __future__ import annotations

import pytest

from tests.support.html import same_page
from tests.web.conftest import Office

GETS = ["/admin/requests/{ref}", "/admin/requests/{ref}/items/1/drawing.svg",
        "/admin/requests/{ref}/items/1/drawing.png?width=800", "/admin/requests/{ref}/items/1/drawing.pdf",
        "/admin/requests/{ref}/drawings.pdf", "/admin/requests/{ref}/drawings.zip", "/admin/contacts/{cid}",
        "/admin/contacts/{cid}/edit", "/admin/contacts/{cid}/export", "/admin/contacts/{cid}/erase"]
POSTS = [("/admin/requests/{ref}/status", {"status": "contacted"}), ("/admin/requests/{ref}/notes", {"note": "x"}),
         ("/admin/contacts/{cid}/edit", {"name": "Mallory", "email": "m@example.nl"}),
         ("/admin/contacts/{cid}/notes", {"notes": "x"}), ("/admin/contacts/{cid}/star", {"star": "1"}),
         ("/admin/contacts/{cid}/erase", {"confirm": "WISSEN"}), ("/admin/deliveries/{did}/redeliver", {})]


@pytest.fixture
def theirs(anna: Office) -> dict[str, str]:
    """A request, contact and delivery of dealer ``other``, and ids of the same shape that exist nowhere."""
    anna.submit()  # demo has data too, so ids are not trivially 1
    ref = anna.submit("other", email="secret@other.example", name="Geheim Persoon")
    db = anna.db()
    cid = db.execute("SELECT id FROM contacts WHERE dealer = 'other'").fetchone()[0]
    did = db.execute("SELECT id FROM outbox WHERE dealer = 'other' ORDER BY id").fetchone()[0]
    top = db.execute("SELECT MAX(id) FROM outbox").fetchone()[0]
    db.conn.close()
    assert ref.startswith("OTHER-")
    return {"ref": ref, "cid": str(cid), "did": str(did), "missing_ref": ref[:-6] + "999999",
            "missing_cid": "99999", "missing_did": str(top + 1000)}


def _snapshot(office: Office) -> list:
    db = office.db()
    try:
        return [db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in (
            "quote_requests", "contacts", "request_notes", "status_history", "outbox", "activity")] + [
            db.execute("SELECT * FROM audit_log WHERE dealer = 'other'").fetchall()]
    finally:
        db.conn.close()


@pytest.mark.parametrize("template", GETS)
def test_pages_of_another_dealer_answer_exactly_like_missing_ones(anna: Office, theirs: dict[str, str],
                                                                  template: str) -> None:
    before = _snapshot(anna)
    real = anna.get(template.format(ref=theirs["ref"], cid=theirs["cid"]))
    missing = anna.get(template.format(ref=theirs["missing_ref"], cid=theirs["missing_cid"]))
    assert real.status_code == missing.status_code == 404
    assert same_page(real.text, missing.text)
    assert "Geheim" not in real.text and "secret@other" not in real.text
    assert _snapshot(anna) == before


@pytest.mark.parametrize(("template", "data"), POSTS)
def test_forms_on_another_dealers_data_change_nothing_and_say_not_found(anna: Office, theirs: dict[str, str],
                                                                        template: str, data: dict[str, str]) -> None:
    before = _snapshot(anna)
    real = anna.post(template.format(ref=theirs["ref"], cid=theirs["cid"], did=theirs["did"]), data)
    missing = anna.post(template.format(ref=theirs["missing_ref"], cid=theirs["missing_cid"],
                                        did=theirs["missing_did"]), data)
    assert real.status_code == missing.status_code == 404
    assert same_page(real.text, missing.text)
    assert _snapshot(anna) == before


def test_lists_and_exports_show_only_the_own_dealers_data(anna: Office, theirs: dict[str, str]) -> None:
    for path in ("/admin/requests", "/admin/requests?q=secret", "/admin/contacts", "/admin/contacts?q=geheim",
                 "/admin/deliveries", "/admin/audit", "/admin/requests.csv", "/admin/requests.json"):
        answer = anna.get(path)
        assert answer.status_code == 200, path
        body = answer.content.decode()
        assert theirs["ref"] not in body and "secret@other.example" not in body and "Geheim" not in body, path
    assert "1 gevonden" in anna.get("/admin/requests").text


def test_the_other_dealers_user_sees_their_own(anna: Office, theirs: dict[str, str]) -> None:
    anna.client.cookies.clear()
    anna.login("otto@other.example")
    page = anna.get(f"/admin/requests/{theirs['ref']}")
    assert page.status_code == 200 and "Geheim Persoon" in page.text and '<html lang="en">' in page.text
    assert "Andere Ramen" in page.text
    listed = anna.get("/admin/requests").text
    assert theirs["ref"] in listed and "DEMO-" not in listed
