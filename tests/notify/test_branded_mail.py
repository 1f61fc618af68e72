"""The e-mails carry the branding: the sender name in From: (RFC 2047, no header injection), the logo inline."""

from __future__ import annotations

import io
from email.headerregistry import Address
from pathlib import Path

import pytest
from litestar.testing import TestClient
from PIL import Image

from server.app import create_app
from server.notify.mail import sender
from server.services.branding import Branding, branding_of, checked, save_branding, save_logo
from server.services.catalogs import CatalogStore
from server.services.logo_check import check_logo
from server.services.outbox_worker import run_once
from server.settings import Settings
from server.storage.db import connect
from tests.intake.conftest import URL, fresh_body
from tests.notify.conftest import Inbox
from tests.notify.test_outbox import _setup
from tests.support.logos import LOGO_RGB, image_bytes


def _brand(settings: Settings, sender_name: str, logo: bool = True) -> None:
    store = CatalogStore(settings.catalogs_dir, db_path=settings.db_path)
    store.load_all()
    dealer = store.get_file("demo").catalog.dealer  # type: ignore[union-attr]
    db = connect(settings.db_path)
    try:
        current = branding_of(db, "demo", dealer)
        save_branding(db, "demo", current, checked(Branding(accent_colour="#2b7a3d", sender_name=sender_name)),
                      "test")
        if logo:
            save_logo(db, "demo", branding_of(db, "demo", dealer), check_logo(image_bytes("PNG"), "l.png"), "test")
    finally:
        db.conn.close()


def _drain(settings: Settings) -> int:
    # The worker's store reads the back-office overrides, as the app's does.
    store = CatalogStore(settings.catalogs_dir, db_path=settings.db_path, allow_private_webhooks=True)
    store.load_all()
    db = connect(settings.db_path)
    count = 0
    while run_once(db, store, settings, "w1") is not None:
        count += 1
    db.conn.close()
    return count


def _request(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        answer = client.post(URL, json=fresh_body(client, lang="en"), headers={"Idempotency-Key": "brand-1"})
        assert answer.status_code == 201, answer.text


def test_both_mails_come_from_the_dealers_sender_name_with_the_logo_inline(
        tmp_path: Path, catalogs_dir: Path, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    settings = _setup(tmp_path, catalogs_dir, port)
    with TestClient(create_app(settings)):
        pass  # migrates
    _brand(settings, "Kozijnen Jänsen")
    _request(settings)
    assert _drain(settings) == 2
    assert len(inbox.messages) == 2
    for _, message in inbox.messages:
        [sender] = message["From"].addresses
        assert sender == Address(display_name="Kozijnen Jänsen", addr_spec="offertes@kozijnen-demo.example")
        html = message.get_body(("html",))
        assert html is not None and message.get_body(("plain",)) is not None, "the text part stays"
        related = next(p for p in message.walk() if p.get_content_type() == "multipart/related")
        [image] = [p for p in related.iter_parts() if p.get_content_type() == "image/png"]
        cid = image["Content-ID"].strip("<>")
        assert f'src="cid:{cid}"' in html.get_content() and 'alt="Kozijnen Demo"' in html.get_content()
        with Image.open(io.BytesIO(image.get_content())) as logo:
            assert logo.convert("RGB").getpixel((10, 10)) == LOGO_RGB
        assert "#2b7a3d" in html.get_content(), "the saved accent colours the mail's head"


def test_the_sender_name_is_encoded_by_rfc_2047_on_the_wire(tmp_path: Path, catalogs_dir: Path,
                                                            smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    settings = _setup(tmp_path, catalogs_dir, port)
    with TestClient(create_app(settings)):
        pass
    _brand(settings, "Kozijnen Jänsen", logo=False)
    _request(settings)
    _drain(settings)
    raw = inbox.messages[0][1].as_bytes()
    from_line = next(line for line in raw.split(b"\n") if line.lower().startswith(b"from:"))
    assert b"=?utf-8?" in from_line.lower() and b"<offertes@kozijnen-demo.example>" in from_line
    assert not any(p.get_content_type() == "multipart/related" for p in inbox.messages[0][1].walk()), (
        "no logo stored, no inline image")


@pytest.mark.parametrize("name", ["Jansen\r\nBcc: victim@example.com", "Jansen\nX-Evil: 1"])
def test_a_sender_name_with_a_line_break_never_adds_a_header(name: str, tmp_path: Path, catalogs_dir: Path) -> None:
    # The back office refuses it (tests/dealer/test_branding.py); a catalog or an old row still cannot inject.
    settings = Settings(db_path=tmp_path / "x.db", catalogs_dir=catalogs_dir, mail_from="offertes@example.nl")
    header = str(sender(settings, name))
    assert "\r" not in header and "\n" not in header and header.endswith("<offertes@example.nl>")
