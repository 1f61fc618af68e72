"""Control characters in a dealer's quote texts and in a homeowner's acceptance name are refused."""

from __future__ import annotations

from tests.quotes.conftest import Shop


def _lines(quote: dict) -> list[dict]:
    keep = ("kind", "description", "quantity", "unit_price", "vat_rate", "item_position")
    return [{k: line[k] for k in keep} for line in quote["lines"]]


def test_control_characters_in_quote_texts_are_a_422_naming_each_field(shop: Shop) -> None:
    quote = shop.quote(shop.submit())
    number = quote["number"]
    lines = _lines(quote) + [
        {"kind": "text", "description": "Levering\tweek 12\nMontage in één dag", "vat_rate": "21"},
        {"kind": "installation", "description": "Montage\x07", "quantity": "1", "unit_price": "95", "vat_rate": "9"},
        {"kind": "other", "description": "Afvoer\x85oud kozijn", "unit_price": "20"},  # a C1 control (NEL)
        {"kind": "other", "description": "\x00", "unit_price": "1"},
    ]
    bad = shop.send("PUT", f"/quotes/{number}", json={"lines": lines, "intro": "Beste\x1b[31m klant",
                                                      "terms": "Zie\x0cvoorwaarden"})
    assert bad.status_code == 422
    body = bad.json()
    assert set(body) == {"status", "detail", "errors"} and body["status"] == 422
    errors = {e["field"]: e["message"] for e in body["errors"]}
    assert set(errors) == {"intro", "terms", "lines[2].description", "lines[3].description", "lines[4].description"}
    assert errors["lines[2].description"] == "Control characters are not allowed (U+0007 at character 8)"
    assert errors["lines[3].description"] == "Control characters are not allowed (U+0085 at character 7)"
    kept = shop.get(f"/quotes/{number}").json()  # nothing of the refused edit was written
    assert kept["lines"] == quote["lines"] and kept["intro"] == "" and kept["terms"] == quote["terms"]
    # Tab and newline are text, not controls, in multi-line fields; a browser's CRLF is a newline.
    good = shop.send("PUT", f"/quotes/{number}", json={"lines": lines[:2], "intro": "Beste klant,\r\nHierbij."})
    assert good.status_code == 200, good.text
    assert good.json()["lines"][1]["description"] == "Levering\tweek 12\nMontage in één dag"


def test_a_control_character_in_the_acceptance_name_is_refused_and_nothing_is_accepted(shop: Shop) -> None:
    quote = shop.quote(shop.submit())
    _, link = shop.sent(quote["number"])
    for name in ("Anna\x08 Jansen", "Anna\nJansen", "Anna\u009bJansen"):
        refused = shop.client.post(link + "/accept", data={"name": name, "agree": "yes", "lang": "en"})
        assert refused.status_code == 422, name
        assert "Your name holds an invisible control character; please type it again." in refused.text
        assert 'aria-invalid="true" aria-describedby="e-name"' in refused.text
    state = shop.get(f"/quotes/{quote['number']}").json()
    assert state["status"] == "sent" and state["accepted_name"] is None
    assert shop.outbox("quote.accepted") == []
    dutch = shop.client.post(link + "/accept", data={"name": "Anna\x1bJansen", "agree": "yes", "lang": "nl"})
    assert dutch.status_code == 422 and "Uw naam bevat een onzichtbaar stuurteken" in dutch.text
    accepted = shop.client.post(link + "/accept", data={"name": "Anna Jansen", "agree": "yes"})
    assert accepted.status_code == 200 and shop.get(f"/quotes/{quote['number']}").json()["accepted_name"] == \
        "Anna Jansen"


def test_a_decline_reason_may_span_lines_but_holds_no_control_characters(shop: Shop) -> None:
    quote = shop.quote(shop.submit())
    _, link = shop.sent(quote["number"])
    refused = shop.client.post(link + "/decline", data={"reason": "Te duur\x00", "lang": "en"})
    assert refused.status_code == 422
    assert "The reason holds an invisible control character; please type it again." in refused.text
    assert shop.get(f"/quotes/{quote['number']}").json()["status"] == "sent"
    declined = shop.client.post(link + "/decline", data={"reason": "Te duur.\r\nMisschien later."},
                                follow_redirects=False)
    assert declined.status_code == 303
    assert shop.get(f"/quotes/{quote['number']}").json()["decline_reason"] == "Te duur.\r\nMisschien later."
