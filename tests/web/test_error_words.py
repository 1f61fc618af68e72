"""The back office words a domain error by its code, never by the API's English text.

Every English message is reworded here (``server.messages.MESSAGES`` replaced); the pages
must still show their Dutch words, while the API's words follow the table.
"""

from __future__ import annotations

import pytest

import server.messages
from server.errors import api_error
from server.services import contacts as cts
from server.services.errors import Conflict
from tests.web.conftest import Office


@pytest.fixture
def reworded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every English message replaced by other words."""
    monkeypatch.setattr(server.messages, "MESSAGES",
                        {code: f"Reworded {code}" for code in server.messages.MESSAGES})


@pytest.mark.usefixtures("reworded")
def test_the_contact_form_words_each_code_in_dutch_whatever_the_english_says(anna: Office) -> None:
    bad = anna.post("/admin/contacts/new", {"name": "", "email": "not-an-address", "country": "NLD",
                                            "postcode": "x" * 30})
    assert bad.status_code == 422
    assert "Vul een naam in (hoogstens 200 tekens)." in bad.text
    assert "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl." in bad.text
    assert "Gebruik de landcode van 2 letters, zoals NL." in bad.text
    assert "Dit is te lang (hoogstens 20 tekens)." in bad.text
    assert "Reworded" not in bad.text
    anna.post("/admin/contacts/new", {"name": "Jan Smit", "email": "jan@smit.example"})
    taken = anna.post("/admin/contacts/new", {"name": "Other", "email": "JAN@smit.example"})
    assert taken.status_code == 409 and "Dit e-mailadres hoort al bij een contact." in taken.text
    assert "Reworded" not in taken.text


@pytest.mark.usefixtures("reworded")
def test_the_api_takes_its_words_from_the_table_the_page_does_not(anna: Office) -> None:
    db = anna.db()
    try:
        cts.create_contact(db, "demo", cts.ContactIn(name="Jan", email="jan@smit.example"), "test")
        with pytest.raises(Conflict) as caught:
            cts.create_contact(db, "demo", cts.ContactIn(name="Jan", email="jan@smit.example"), "test")
    finally:
        db.conn.close()
    assert caught.value.code == "contact.email_taken"
    error = api_error(caught.value)
    assert (error.status, error.detail) == (409, "Reworded contact.email_taken")
    assert [(e.field, e.message) for e in error.errors] == [("email", "Reworded contact.email.taken")]


@pytest.mark.usefixtures("reworded")
def test_a_refused_status_change_is_worded_by_its_code(anna: Office) -> None:
    ref = anna.submit()
    refused = anna.post(f"/admin/requests/{ref}/status", {"status": "won"})  # not allowed from new
    assert refused.status_code == 409
    said = "Deze statuswijziging kan niet: van Nieuw kan de aanvraag naar: Gecontacteerd, Offerte gestuurd, Verloren"
    assert said in refused.text
    empty = anna.post(f"/admin/requests/{ref}/notes", {"note": "   "})
    assert empty.status_code == 422 and "Schrijf een notitie van 1 tot 2000 tekens." in empty.text
    assert "Reworded" not in refused.text + empty.text
