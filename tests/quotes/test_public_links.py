"""Links in e-mails never come from the request's Host header (a stranger could set it to their own site)."""

from __future__ import annotations

from collections.abc import Iterator

import msgspec
import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.links import public_base
from server.settings import Settings, SettingsError, settings_from_env
from tests.quotes.conftest import Shop
from tests.quotes.test_quotes import TWO

ATTACKER = {"Host": "attacker.example"}


def _send_with_forged_host(shop: Shop) -> tuple[str, str]:
    """(the link the API answered, the homeowner's mail text) for a quote sent with ``Host: attacker.example``."""
    ref = shop.submit(items=TWO)
    quote = shop.quote(ref)
    answer = shop.send("POST", f"/quotes/{quote['number']}/send", headers=ATTACKER)
    assert answer.status_code == 200, answer.text
    shop.deliver()
    mail = next(m for m in shop.mails() if m["Subject"].startswith(f"Offerte {quote['number']}"))
    return answer.json()["link"], mail.get_body(("plain",)).get_content()


def test_without_a_public_url_the_quote_link_uses_the_configured_host_and_port(shop: Shop) -> None:
    link, text = _send_with_forged_host(shop)
    assert link.startswith("http://127.0.0.1:8000/q/")  # the Settings defaults, where the server listens
    assert link in text and "attacker.example" not in text


@pytest.fixture
def public_shop(shop_settings: Settings) -> Iterator[Shop]:
    settings = msgspec.structs.replace(shop_settings, public_url="https://configurator.example.nl")
    with TestClient(create_app(settings)) as client:
        yield Shop(client, settings)


def test_with_a_public_url_every_mailed_link_starts_with_it(public_shop: Shop) -> None:
    link, text = _send_with_forged_host(public_shop)
    assert link.startswith("https://configurator.example.nl/q/") and link in text
    assert "attacker.example" not in text
    # The dealer's notification of the new request links to the back office on the same base.
    lead = next(m for m in public_shop.mails() if m["To"] == "verkoop@kozijnen-demo.example")
    assert "https://configurator.example.nl/admin/requests/DEMO-" in lead.get_body(("plain",)).get_content()


def test_an_ipv6_listen_address_is_bracketed() -> None:
    assert public_base(Settings(host="::1", port=8080)) == "http://[::1]:8080"
    assert public_base(Settings(host="::1", public_url="https://v.example")) == "https://v.example"


def test_the_public_url_must_be_an_http_url() -> None:
    assert settings_from_env({"VENSTER_PUBLIC_URL": " https://v.example/ "}).public_url == "https://v.example"
    for bad in ("v.example", "ftp://v.example", "https://"):
        with pytest.raises(SettingsError, match="VENSTER_PUBLIC_URL: expected an http:// or https:// URL"):
            settings_from_env({"VENSTER_PUBLIC_URL": bad})
