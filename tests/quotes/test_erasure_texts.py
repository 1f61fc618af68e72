"""Erasing a contact scrubs every copy of their data out of the dealer's texts, also in a quote PDF drawn later."""

from __future__ import annotations

import io
import json
import re

from pypdf import PdfReader

from server.services.audit import record
from server.services.users import create_user, set_disabled
from server.storage.db import connect
from tests.quotes.conftest import Shop

CONTACT = {"name": "Els de Vries", "email": "els.devries@example.nl", "phone": "+31 20 123 4567",
           "street": "Prinsengracht", "house_number": "12a", "postcode": "1016 BT"}
WINDOW = {"configuration": {"product": "pvc-window", "width_mm": 1800, "height_mm": 1400, "layout": "two-equal"},
          "note": "slaapkamer boven"}
# Every way the texts below write her: name parts in any casing, phone digits, address, postcode, e-mail, note.
# (The dealer's own chamber of commerce number, 12345678, is not her phone.)
LEFT_OVER = re.compile(r"vries|\bels\b|els\.devries|(?<!\d)1234567(?!\d)|123 4567|prinsengracht|1016 ?bt|slaapkamer",
                       re.IGNORECASE)


def _everything_but_invoices(shop: Shop) -> str:
    db = connect(shop.settings.db_path)
    try:
        return "\n".join(str(row) for table in db.table_names() if table != "invoices" for row in db[table].rows)
    finally:
        db.conn.close()


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_erasure_scrubs_quote_texts_lines_activity_and_payloads_and_the_pdf_drawn_after(shop: Shop) -> None:
    ref = shop.submit(items=[WINDOW], **CONTACT)
    quote = shop.quote(ref)
    number = quote["number"]
    assert "(slaapkamer boven)" in quote["lines"][0]["description"]  # the homeowner's note, copied by the prefill
    keep = ("kind", "description", "quantity", "unit_price", "vat_rate", "item_position")
    lines = [{k: line[k] for k in keep} for line in quote["lines"]] + [
        {"kind": "text", "description": "Levering bij mevrouw DE VRIES, Prinsengracht 12A, 1016BT", "vat_rate": "21"},
        {"kind": "other", "description": "Afvoer oude kozijnen", "unit_price": "40", "vat_rate": "21"}]
    intro = "Beste mevrouw De Vries,\nZoals besproken (bel 020-1234567 of ELS.DEVRIES@example.nl) hierbij."
    assert shop.send("PUT", f"/quotes/{number}", json={"lines": lines, "intro": intro}).status_code == 200
    shop.send("PATCH", f"/requests/{ref}", json={"note": "Els belt terug op 06 9876 5432"})
    _, link = shop.sent(number)
    accepted = shop.client.post(link + "/accept", data={"name": "E. de Vries", "agree": "yes"})
    assert accepted.status_code == 200
    invoice = shop.send("POST", f"/quotes/{number}/invoice").json()
    shop.deliver()  # mails and webhooks went out: their payloads and delivery log hold her data too
    before = _pdf_text(shop.get(f"/quotes/{number}/quote.pdf").content)
    assert "De Vries" in before and "slaapkamer boven" in before  # what erasure has to take out
    assert LEFT_OVER.search(_everything_but_invoices(shop))

    contact = shop.get(f"/requests/{ref}").json()["contact_id"]
    assert shop.send("DELETE", f"/contacts/{contact}").status_code == 204

    assert LEFT_OVER.findall(_everything_but_invoices(shop)) == []
    scrubbed = shop.get(f"/quotes/{number}").json()
    assert scrubbed["intro"] == "Beste mevrouw [erased],\nZoals besproken (bel [erased] of [erased]) hierbij."
    descriptions = [line["description"] for line in scrubbed["lines"]]
    assert descriptions[0] == quote["lines"][0]["description"].replace(" (slaapkamer boven)", "")
    assert descriptions[1:] == ["Levering bij mevrouw [erased], [erased], [erased]", "Afvoer oude kozijnen"]
    # The amounts of the dealer's record do not change.
    assert (scrubbed["subtotal"], scrubbed["vat"], scrubbed["total"]) == (invoice["subtotal"], invoice["vat"],
                                                                         invoice["total"])
    after = _pdf_text(shop.get(f"/quotes/{number}/quote.pdf").content)
    assert LEFT_OVER.findall(after) == [] and "[erased]" in after and number in after
    # The invoice stays as issued: the law requires the buyer's name and address on it.
    kept = shop.get(f"/invoices/{invoice['number']}").json()
    assert kept["buyer"]["name"] == "Els de Vries" and kept["buyer"]["street"] == "Prinsengracht"


ANNA = {"name": "Anna Jansen", "email": "anna.jansen@example.nl", "phone": "+31 20 123 4567"}


def test_erasure_leaves_other_peoples_text_and_unrelated_audit_entries_intact(shop: Shop) -> None:
    """The reviewer's examples: a colleague's address, a disabled user and a quote number survive her erasure."""
    colleague = "anna.smit@kozijnen-demo.example"
    for emails in ([colleague], ["verkoop@kozijnen-demo.example"]):  # the second change has her as "old"
        assert shop.send("PATCH", "/settings", json={"notification_emails": emails}).status_code == 200
    db = connect(shop.settings.db_path)
    try:
        create_user(db, "demo", "bert@dealer.nl", password="bert his long password")  # the active owner
        create_user(db, "demo", "anna.smit@dealer.nl")
        set_disabled(db, "demo", "anna.smit@dealer.nl", True, "bert@dealer.nl")
    finally:
        db.conn.close()
    ref = shop.submit(**ANNA)
    db = connect(shop.settings.db_path)
    try:  # an entry about her request that quotes her (as a future action might): it is hers, so it is scrubbed
        with db.conn:
            record(db, "demo", "bert@dealer.nl", "request.call", ref, "Anna Jansen (anna.jansen@example.nl, "
                   "+31 20 123 4567)")
    finally:
        db.conn.close()
    quote = shop.quote(ref)
    number = quote["number"]
    keep = ("kind", "description", "quantity", "unit_price", "vat_rate", "item_position")
    lines = [{k: line[k] for k in keep} for line in quote["lines"]]
    intro = (f"Beste Anna,\nOfferte 2026-1234567 volgt; vragen aan {colleague}. "
             "Wij bellen u op 123 4567 of 020-123 4567.")
    assert shop.send("PUT", f"/quotes/{number}", json={"lines": lines, "intro": intro}).status_code == 200
    audit_before = shop.get("/audit").json()
    unrelated = [e for e in audit_before if e["action"] in ("settings.change", "user.disable")]
    assert [e["subject"] for e in unrelated] == ["anna.smit@dealer.nl", "notification_emails", "notification_emails"]
    assert json.loads(unrelated[1]["detail"]) == {"old": [colleague], "new": ["verkoop@kozijnen-demo.example"]}

    contact = shop.get(f"/requests/{ref}").json()["contact_id"]
    assert shop.send("DELETE", f"/contacts/{contact}").status_code == 204

    # Her own quote loses her first name and both ways of writing her phone; the colleague and the number stay.
    assert shop.get(f"/quotes/{number}").json()["intro"] == (
        f"Beste [erased],\nOfferte 2026-1234567 volgt; vragen aan {colleague}. Wij bellen u op [erased] of [erased].")
    audit_after = shop.get("/audit").json()
    assert [e for e in audit_after if e["action"] in ("settings.change", "user.disable")] == unrelated
    hers = [e for e in audit_after if e["action"] == "request.call"]
    assert [(e["subject"], e["detail"]) for e in hers] == [(ref, "[erased] ([erased], [erased])")]
    others = [e for e in audit_before if e["action"] != "request.call"]
    assert [e for e in audit_after[len(audit_after) - len(audit_before):] if e["action"] != "request.call"] == others
    left = re.compile(r"anna\.jansen|(?<![\w@.])anna(?![\w.@])|jansen|123 ?4567(?!\d)", re.IGNORECASE)
    found = left.findall(_everything_but_invoices(shop).replace("2026-1234567", ""))
    assert found == []
