"""The back office's request page shows the fees once per order and the VAT per rate the homeowner was shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.notify.mail import format_money
from tests.support.order_fees import add_delivery_fee
from tests.web.conftest import Office, two_dealer_settings


@pytest.fixture
def fee_office(tmp_path: Path, catalogs_dir: Path) -> Iterator[Office]:
    add_delivery_fee(catalogs_dir)
    with TestClient(create_app(two_dealer_settings(tmp_path, catalogs_dir))) as client:
        office = Office(client, client.app.state.settings)
        office.login()
        yield office


def test_the_request_page_shows_one_delivery_and_vat_per_rate(fee_office: Office) -> None:
    windows = [{"configuration": {"product": "pvc-window", "width_mm": w, "height_mm": 1400,
                                  "options": {"glazing": "triple", "installation": "fitted"}}, "note": ""}
               for w in (600, 610)]
    ref = fee_office.submit(items=windows)
    html = fee_office.get(f"/admin/requests/{ref}").text
    # Delivery 75 x 1.10 = 82.50 once; 21 % on 603.11 + 652.15 + 82.50 = 1337.76 -> 280.93; 9 % on 363.00 -> 32.67.
    assert html.count(format_money("82.50", "nl")) == 1
    assert f"21% ({format_money('1337.76', 'nl')})" in html and format_money("280.93", "nl") in html
    assert f"9% ({format_money('363.00', 'nl')})" in html and format_money("32.67", "nl") in html
    assert format_money("2014.36", "nl") in html
