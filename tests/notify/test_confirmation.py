"""The homeowner's confirmation is no relay: none of the sender's own text, a few per address a day."""

from __future__ import annotations

import hashlib
from pathlib import Path

import msgspec
import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.services.confirmations import may_confirm, normalise_address, recipient_hash
from server.settings import Settings
from server.storage.db import connect, migrate, write_transaction
from tests.intake.conftest import URL, fresh_body
from tests.notify.conftest import Inbox
from tests.notify.test_outbox import _drain, _setup

SPAM = {
    "message": "CHEAP PILLS at https://spam.example/buy — reply now",
    "note": "WIN A PRIZE: https://spam.example/prize",
    "name": "Visit https://spam.example today",
    "company": "Spam Corp https://spam.example/co",
    "street": "Claim-your-prize-lane",
    "city": "Spamtown",
}


def _post(client: TestClient, n: int, email: str, **contact: str) -> dict:
    body = fresh_body(client, lang="en", message=SPAM["message"])
    body["items"][0]["note"] = SPAM["note"]
    body["contact"].update(email=email, **contact)
    answer = client.post(URL, json=body, headers={"Idempotency-Key": f"relay-{n}"})
    assert answer.status_code == 201, answer.text
    return answer.json()


def _parts(message) -> str:  # noqa: ANN001 - email.message.EmailMessage
    return "".join(p.get_content() for p in message.walk() if p.get_content_type() in ("text/plain", "text/html"))


def test_the_confirmation_repeats_none_of_the_senders_text(tmp_path: Path, catalogs_dir: Path,
                                                           smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    settings = _setup(tmp_path, catalogs_dir, port)
    with TestClient(create_app(settings)) as client:
        out = _post(client, 1, "victim@example.org", name=SPAM["name"], company=SPAM["company"],
                    street=SPAM["street"], city=SPAM["city"])
    assert _drain(settings) == 2
    (_, dealer_mail), (home_to, home_mail) = inbox.messages
    assert home_to == ["victim@example.org"]
    confirmation = _parts(home_mail) + str(home_mail["Subject"])
    assert "spam.example" not in confirmation and "Spamtown" not in confirmation and "prize" not in confirmation
    assert out["reference"] in confirmation and "Thank you for your request" in confirmation  # still useful
    assert "€" in confirmation  # the server's own prices are still there
    # The dealer still reads everything the homeowner wrote.
    lead = _parts(dealer_mail)
    assert SPAM["message"] in lead and SPAM["note"] in lead and "Spamtown" in lead


def test_at_most_three_confirmations_per_address_a_day_and_the_requests_still_land(
        tmp_path: Path, catalogs_dir: Path, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    settings = _setup(tmp_path, catalogs_dir, port)
    # Case, spaces and a +tag reach the same inbox, so they count as one address.
    spellings = ["victim@example.org", "Victim@Example.ORG", " victim+1@example.org", "victim+x@EXAMPLE.org",
                 "victim@example.org"]
    with TestClient(create_app(settings)) as client:
        refs = [_post(client, n, email)["reference"] for n, email in enumerate(spellings)]
        other = _post(client, 99, "someone-else@example.org")["reference"]
    _drain(settings)
    to_victim = [m for to, m in inbox.messages if normalise_address(to[0]) == "victim@example.org"]
    assert len(to_victim) == 3
    assert {r for r in refs if any(r in str(m["Subject"]) for m in to_victim)} == set(refs[:3])
    leads = [m for to, m in inbox.messages if to == ["verkoop@kozijnen-demo.example"]]
    assert len(leads) == 6  # the dealer hears of every request, the three unconfirmed ones too
    assert any(other in str(m["Subject"]) for to, m in inbox.messages if to == ["someone-else@example.org"])
    db = connect(settings.db_path)
    try:
        assert db.execute("SELECT COUNT(*) FROM quote_requests").fetchone()[0] == 6
        rows = db.execute("SELECT recipient_hash, day, count FROM confirmation_counts ORDER BY count").fetchall()
    finally:
        db.conn.close()
    assert [r[2] for r in rows] == [1, 3]
    dump = msgspec.json.encode(rows).decode()
    assert "victim" not in dump and hashlib.sha256(b"victim@example.org").hexdigest() not in dump


def test_the_answer_says_where_the_confirmation_goes_and_none_once_the_address_had_its_share(
        tmp_path: Path, catalogs_dir: Path, smtp: tuple[Inbox, int]) -> None:
    _, port = smtp
    settings = _setup(tmp_path, catalogs_dir, port)
    with TestClient(create_app(settings)) as client:
        told = [_post(client, n, " anna@example.org")["confirmation_to"] for n in range(4)]
    # The widget's done screen promises a confirmation only when one is really sent.
    assert told == ["anna@example.org"] * 3 + [None]


def test_a_dealer_who_sends_no_confirmations_promises_none(tmp_path: Path, catalogs_dir: Path,
                                                           smtp: tuple[Inbox, int]) -> None:
    _, port = smtp
    demo = catalogs_dir / "demo.toml"
    demo.write_text(demo.read_text(encoding="utf-8").replace("[dealer]\n", "[dealer]\nsend_confirmation = false\n", 1),
                    encoding="utf-8")
    settings = _setup(tmp_path, catalogs_dir, port)
    with TestClient(create_app(settings)) as client:
        assert _post(client, 1, "anna@example.org")["confirmation_to"] is None


def test_the_count_is_per_utc_day_and_keyed(tmp_path: Path) -> None:
    db = connect(tmp_path / "c.db")
    migrate(db)
    day1 = 1_780_000_000.0
    with write_transaction(db):
        assert [may_confirm(db, "a@example.nl", 2, day1 + i) for i in range(3)] == [True, True, False]
        assert may_confirm(db, "a@example.nl", 2, day1 + 86_400)  # the next UTC day starts afresh
        assert may_confirm(db, "a@example.nl", 0, day1 + 86_400) is False  # 0 sends none
    assert db.execute("SELECT COUNT(*) FROM confirmation_counts").fetchone()[0] == 1  # yesterday's row is gone
    assert recipient_hash(db, "A@example.nl") == recipient_hash(db, "a+news@example.nl")
    other = connect(tmp_path / "other.db")  # another server: another secret, another hash
    migrate(other)
    assert recipient_hash(db, "a@example.nl") != recipient_hash(other, "a@example.nl")
    db.conn.close()
    other.conn.close()


@pytest.mark.parametrize("raw", ["-1", "x", "1001"])
def test_the_daily_limit_is_checked_where_it_enters(raw: str) -> None:
    from server.settings import SettingsError, settings_from_env

    with pytest.raises(SettingsError, match="VENSTER_CONFIRMATIONS_PER_DAY"):
        settings_from_env({"VENSTER_CONFIRMATIONS_PER_DAY": raw})
    assert settings_from_env({"VENSTER_CONFIRMATIONS_PER_DAY": "5"}).confirmations_per_day == 5
    assert Settings().confirmations_per_day == 3
