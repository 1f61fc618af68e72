"""Contacts through the pages: search, stars, detail with activity, add and edit, notes, GDPR export and erase."""

from __future__ import annotations

import json

from tests.support.html import form_values, table_rows
from tests.web.conftest import Office


def _names(html: str) -> list[str]:
    """The list's "Naam" column, top to bottom."""
    return [row["Naam"] for row in table_rows(html)]


def _contact_id(office: Office, email: str) -> int:
    db = office.db()
    found = db.execute("SELECT id FROM contacts WHERE email = ?", [email]).fetchone()[0]
    db.conn.close()
    return int(found)


def test_search_by_name_email_or_company_and_stars(anna: Office) -> None:
    anna.submit(name="Anna Jansen", email="anna@example.nl")
    anna.submit(name="Pieter Bakker", email="pieter@bouw.example", company="Bakker Bouw BV")
    anna.submit(name="Sophie de Jong", email="sophie@example.com")
    page = anna.get("/admin/contacts")
    assert page.status_code == 200 and _names(page.text) == ["Sophie de Jong", "Pieter Bakker", "Anna Jansen"]
    assert _names(anna.get("/admin/contacts?q=jansen").text) == ["Anna Jansen"]
    assert _names(anna.get("/admin/contacts?q=bouw.example").text) == ["Pieter Bakker"]
    assert _names(anna.get("/admin/contacts?q=BAKKER+BOUW").text) == ["Pieter Bakker"]
    assert _names(anna.get("/admin/contacts?q=nobody").text) == []
    pieter = _contact_id(anna, "pieter@bouw.example")
    done = anna.post(f"/admin/contacts/{pieter}/star", {"star": "1", "next": "/admin/contacts?q=b"},
                     follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/admin/contacts?q=b"
    assert _names(anna.get("/admin/contacts?starred=1").text) == ["Pieter Bakker"]
    assert 'aria-pressed="true"' in anna.get("/admin/contacts?starred=1").text
    anna.post(f"/admin/contacts/{pieter}/star", {"star": "0"})
    assert _names(anna.get("/admin/contacts?starred=1").text) == []


def test_detail_with_requests_activity_and_a_recorded_view(anna: Office) -> None:
    first = anna.submit(email="anna@example.nl")
    second = anna.submit(email="anna@example.nl", message="Tweede aanvraag")
    anna.post(f"/admin/requests/{first}/status", {"status": "contacted"})
    anna.post(f"/admin/requests/{second}/notes", {"note": "Terugbellen maandag"})
    contact = _contact_id(anna, "anna@example.nl")
    page = anna.get(f"/admin/contacts/{contact}")
    assert page.status_code == 200
    html = page.text
    assert f'href="/admin/requests/{first}"' in html and f'href="/admin/requests/{second}"' in html
    assert "Terugbellen maandag" in html and f"{first}: new → contacted" in html
    assert "anna@example.nl" in html and "Herengracht 244" in html
    db = anna.db()
    assert ("contact.view", f"contact {contact}") in db.execute("SELECT action, subject FROM audit_log").fetchall()
    db.conn.close()


def test_add_a_contact_by_hand_with_every_error_at_once(anna: Office) -> None:
    assert anna.get("/admin/contacts/new").status_code == 200
    bad = anna.post("/admin/contacts/new", {"name": "", "email": "not-an-address", "country": "NLD",
                                            "postcode": "x" * 30})
    assert bad.status_code == 422
    assert "Vul een naam in" in bad.text and "Vul een geldig e-mailadres in" in bad.text
    assert "landcode van 2 letters" in bad.text and "hoogstens 20 tekens" in bad.text
    assert 'value="not-an-address"' in bad.text  # what was typed stays
    done = anna.post("/admin/contacts/new", {"name": "Jan <Smit>", "email": "Jan@Smit.example", "phone": "0612345678",
                                             "city": "Delft", "country": "nl"}, follow_redirects=False)
    assert done.status_code == 303
    page = anna.get(done.headers["location"])
    assert "Het contact is toegevoegd." in page.text and "Jan &lt;Smit&gt;" in page.text
    assert "jan@smit.example" in page.text and "handmatig" in page.text
    taken = anna.post("/admin/contacts/new", {"name": "Other", "email": "jan@smit.example"})
    assert taken.status_code == 409 and "Dit e-mailadres hoort al bij een contact." in taken.text


def test_edit_and_notes(anna: Office) -> None:
    anna.submit(email="anna@example.nl")
    contact = _contact_id(anna, "anna@example.nl")
    form = anna.get(f"/admin/contacts/{contact}/edit")
    assert form.status_code == 200 and 'value="Anna Jansen"' in form.text
    fields = form_values(form.text, f"/admin/contacts/{contact}/edit")
    assert fields["email"] == "anna@example.nl"
    fields.update(name="Anna Jansen-de Boer", phone="+31 6 1234 5678")
    done = anna.post(f"/admin/contacts/{contact}/edit", fields, follow_redirects=False)
    assert done.status_code == 303
    page = anna.get(f"/admin/contacts/{contact}").text
    assert "Anna Jansen-de Boer" in page and "+31 6 1234 5678" in page and "name, phone" in page
    notes = anna.post(f"/admin/contacts/{contact}/notes", {"notes": "Voorkeur: bellen na 17 uur"},
                      follow_redirects=False)
    assert notes.headers["location"] == f"/admin/contacts/{contact}?done=contact_saved#notes"
    page = anna.get(f"/admin/contacts/{contact}").text
    assert "Voorkeur: bellen na 17 uur" in page and "Anna Jansen-de Boer" in page
    bad = anna.post(f"/admin/contacts/{contact}/edit", {**fields, "email": "nope"})
    assert bad.status_code == 422 and "Vul een geldig e-mailadres in" in bad.text


def test_export_everything_about_a_contact(anna: Office) -> None:
    ref = anna.submit(email="anna@example.nl")
    contact = _contact_id(anna, "anna@example.nl")
    answer = anna.get(f"/admin/contacts/{contact}/export")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    assert answer.headers["content-disposition"] == f'attachment; filename="demo-contact-{contact}.json"'
    data = json.loads(answer.content)
    assert data["contact"]["email"] == "anna@example.nl"
    assert [r["reference"] for r in data["requests"]] == [ref]
    db = anna.db()
    assert ("contact.export", f"contact {contact}") in db.execute("SELECT action, subject FROM audit_log").fetchall()
    db.conn.close()


def test_erase_asks_for_confirmation_then_erases_everywhere(anna: Office) -> None:
    ref = anna.submit(email="anna@example.nl", name="Anna Jansen", message="Bel me op 0612345678")
    contact = _contact_id(anna, "anna@example.nl")
    confirm = anna.get(f"/admin/contacts/{contact}/erase")
    assert confirm.status_code == 200 and "Typ WISSEN om te bevestigen" in confirm.text
    wrong = anna.post(f"/admin/contacts/{contact}/erase", {"confirm": "ja"})
    assert wrong.status_code == 400 and "Typ precies WISSEN" in wrong.text
    db = anna.db()
    assert db.execute("SELECT erased_at FROM contacts WHERE id = ?", [contact]).fetchone()[0] is None
    db.conn.close()
    done = anna.post(f"/admin/contacts/{contact}/erase", {"confirm": "wissen"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/admin/contacts/{contact}?done=erased_done"
    page = anna.get(done.headers["location"]).text
    assert "De gegevens zijn gewist." in page and "zijn gewist. De aanvragen blijven" in page
    assert "Anna Jansen" not in page and "anna@example.nl" not in page
    assert "/edit" not in page and "/erase" not in page
    request_page = anna.get(f"/admin/requests/{ref}").text
    assert "Anna Jansen" not in request_page and "0612345678" not in request_page
    assert "anna@example.nl" not in anna.get("/admin/requests.csv").content.decode()
    assert anna.get(f"/admin/contacts/{contact}/edit").status_code == 409
    db = anna.db()
    assert ("contact.erase", f"contact {contact}") in db.execute("SELECT action, subject FROM audit_log").fetchall()
    db.conn.close()
