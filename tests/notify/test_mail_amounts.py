"""Amounts in the request e-mails are written the way the widget showed them, and say which way."""

from __future__ import annotations

from pathlib import Path

from litestar.testing import TestClient

from server.app import create_app
from tests.intake.conftest import URL, fresh_body
from tests.notify.conftest import Inbox
from tests.notify.test_confirmation import _parts
from tests.notify.test_outbox import _drain, _setup
from tests.support.order_fees import add_delivery_fee

WINDOW = {"product": "pvc-window", "width_mm": 1000, "height_mm": 1200, "layout": "single"}


def _send(tmp_path: Path, catalogs_dir: Path, smtp: tuple[Inbox, int], lang: str = "nl") -> tuple[dict, str, str]:
    inbox, port = smtp
    add_delivery_fee(catalogs_dir)
    settings = _setup(tmp_path, catalogs_dir, port)
    with TestClient(create_app(settings)) as client:
        body = fresh_body(client, lang=lang)
        body["items"] = [{"configuration": WINDOW}, {"configuration": dict(WINDOW, quantity=2)}]
        answer = client.post(URL, json=body, headers={"Idempotency-Key": "amounts-1"})
        assert answer.status_code == 201, answer.text
    assert _drain(settings) == 2
    (_, lead), (_, confirmation) = inbox.messages
    return answer.json(), _parts(lead), _parts(confirmation)


def test_the_confirmation_shows_amounts_incl_vat_like_the_widget(tmp_path: Path, catalogs_dir: Path,
                                                                 smtp: tuple[Inbox, int]) -> None:
    out, lead, mail = _send(tmp_path, catalogs_dir, smtp)
    assert "Bedragen incl. btw" in mail
    # Kozijn met glas 463.10 + 21 % (97.251 -> 97.25) = 560.35; twice 926.20 + 194.50 (194.502) = 1120.70.
    assert "Kozijn met glas: €\xa0560,35" in mail and "Kozijn met glas × 2: €\xa01.120,70" in mail
    # Delivery 82.50 + 17.33 (17.325, half up) = 99.83, once.
    assert "Bezorging: €\xa099,83" in mail
    assert "€\xa0463,10" not in mail  # the excl. amount nowhere without saying so
    # Each window at its stored total, and the document's stored totals.
    assert f"Prijs: €\xa0{out['items'][0]['price']['total'].replace('.', ',')}" in mail
    assert "Prijs: €\xa0753,35" in mail and "Prijs: €\xa01.506,69" in mail
    # The stored totals, not a sum of the rows: 622.60 + 1245.20 + 82.50 = 1950.30; 21 % = 409.563 -> 409.56;
    # 2359.86 (the rows add up to 2359.87: VAT is per rate over the whole document).
    assert out["totals"]["total"] == "2359.86"
    assert "Subtotaal (excl. btw): €\xa01.950,30" in mail and "Totaal (incl. btw): €\xa02.359,86" in mail
    # The dealer's lead shows the same amounts the same way.
    assert "Bedragen incl. btw" in lead and "Kozijn met glas: €\xa0560,35" in lead


def test_a_dealer_showing_prices_excl_vat_mails_them_excl_and_says_so(tmp_path: Path, catalogs_dir: Path,
                                                                      smtp: tuple[Inbox, int]) -> None:
    toml = catalogs_dir / "demo.toml"
    toml.write_text(toml.read_text().replace("prices_include_vat = true", "prices_include_vat = false", 1))
    _, lead, mail = _send(tmp_path, catalogs_dir, smtp, lang="en")
    assert "Amounts excl. VAT" in mail and "Bedragen excl. btw" in lead
    assert ": 1 x €463.10 = €463.10" in mail
    assert "Price: €622.60" in mail  # 463.10 + 159.50, the stored subtotal of the window
    assert "€560.35" not in mail
