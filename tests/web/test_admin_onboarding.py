"""The getting-started page of a dealer made by ``venster dealer init``: every step open, then closing one by one."""

from __future__ import annotations

import copy
import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.i18n.formats import format_datetime
from server.services.users import find_user, set_password
from server.settings import Settings
from server.storage.db import connect, migrate
from tests.intake.conftest import BODY
from tests.support.html import form_values, parse
from tests.web.conftest import PASSWORD, Office, two_dealer_settings

ROOT = Path(__file__).resolve().parent.parent.parent
PUBLIC = "http://venster.test"  # http: the test client sends no Secure cookies
SITE_ORIGIN = "https://www.kozijnen-fris.example"
EVA = "eva@fris.example"
STEPS = ["legal", "products", "branding", "origin", "privacy", "snippet", "test_request"]
_keys = itertools.count(1)


def dealer_init(db_path: Path, catalogs: Path, slug: str, email: str, *extra: str) -> str:
    """``venster dealer init`` as a dealer's administrator runs it; returns what it printed. The user gets
    PASSWORD (as if they had used the set-password link)."""
    env = {**os.environ, "VENSTER_DB": str(db_path), "VENSTER_CATALOGS": str(catalogs), "VENSTER_PUBLIC_URL": PUBLIC}
    done = subprocess.run([sys.executable, "-m", "server", "dealer", "init", slug, "--email", email, *extra],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    db = connect(db_path)
    try:
        migrate(db)
        user = find_user(db, email)
        assert user is not None
        set_password(db, user.id, PASSWORD)
    finally:
        db.conn.close()
    return done.stdout


def cli_snippet(printed: str) -> str:
    """The two snippet lines ``dealer init`` printed."""
    lines = printed.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("<script "))
    assert lines[start + 1].startswith("<venster-configurator "), printed
    return "\n".join(lines[start:start + 2])


@pytest.fixture
def fris_settings(tmp_path: Path, catalogs_dir: Path) -> tuple[Settings, str]:
    settings = two_dealer_settings(tmp_path, catalogs_dir, public_url=PUBLIC)
    printed = dealer_init(settings.db_path, catalogs_dir, "fris", EVA, "--country", "NL", "--name", "Kozijnen Fris")
    return settings, printed


@pytest.fixture
def eva(fris_settings: tuple[Settings, str]) -> Iterator[Office]:
    """Logged in as the fresh dealer's first user (Dutch, their country's first language)."""
    with TestClient(create_app(fris_settings[0])) as client:
        office = Office(client, fris_settings[0])
        office.login(EVA)
        yield office


def steps(office: Office) -> dict[str, str]:
    """Each step of the page and whether it is done (yes/no)."""
    page = office.get("/admin/getting-started")
    assert page.status_code == 200, page.text[:300]
    return {li.get("data-step"): li.get("data-done") for li in parse(page.text).xpath("//li[@data-step]")}


def send_request(office: Office, dealer: str, origin: str | None) -> str:
    """A real quote request through the public /v1 intake, from a browser at ``origin`` (None: a server)."""
    body = copy.deepcopy(BODY)
    body["form_token"] = office.client.get(f"/api/v1/dealers/{dealer}/form-token").json()["form_token"]
    headers = {"Idempotency-Key": f"onboard-{next(_keys)}", **({"Origin": origin} if origin else {})}
    answer = office.client.post(f"/api/v1/dealers/{dealer}/quote-requests", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["reference"])


def set_origin(office: Office, origin: str) -> None:
    """The settings form with the dealer's website and the privacy notice (needed before any request)."""
    form = form_values(office.get("/admin/settings").text, "/admin/settings")
    form.update(allowed_origins=origin, privacy_notice_url=BODY["privacy"]["notice_url"],
                privacy_notice_version=BODY["privacy"]["notice_version"])
    saved = office.post("/admin/settings", form)
    assert saved.status_code == 200 and "/admin/settings" in str(saved.url), saved.text[:300]


def test_a_fresh_dealer_sees_every_step_open_the_clis_snippet_and_a_link_from_the_dashboard(
        eva: Office, fris_settings: tuple[Settings, str]) -> None:
    assert steps(eva) == dict.fromkeys(STEPS, "no")
    page = eva.get("/admin/getting-started")
    doc = parse(page.text)
    assert doc.xpath("string(//pre[@id='embed-snippet'])") == cli_snippet(fris_settings[1])
    assert 'dealer="fris" lang="nl"' in cli_snippet(fris_settings[1])
    # Every step links to where it is done.
    hrefs = {li.get("data-step"): [a.get("href") for a in li.iter("a")] for li in doc.xpath("//li[@data-step]")}
    assert "/admin/company" in hrefs["legal"] and "/admin/settings#s-allowed_origins" in hrefs["origin"]
    assert hrefs["privacy"] == ["/admin/settings#s-privacy_notice_url"]
    assert "/admin/requests" in hrefs["test_request"] and hrefs["branding"] and hrefs["products"]
    missing = doc.xpath("//li[@data-step='legal']//li/@data-missing")
    assert missing == ["street", "postcode", "city", "vat_number", "coc_number", "iban"]
    assert doc.xpath("//*[@data-no-request]") and "Nog geen aanvraag vanaf uw website." in page.text
    # The copy button needs JavaScript: without it, hidden; the snippet stays selectable text.
    assert len(doc.xpath("//button[@data-copy='embed-snippet'][@hidden]")) == 1
    assert "script-src 'self'" in page.headers["content-security-policy"]
    dashboard = parse(eva.get("/admin/requests").text)
    assert dashboard.xpath("//*[@data-getting-started]//a/@href") == ["/admin/getting-started"]
    assert "0 van 7 stappen gedaan." in dashboard.xpath("string(//*[@data-getting-started])")
    assert "/admin/getting-started" in parse(page.text).xpath("//nav//a/@href")


def test_the_steps_close_one_by_one_as_the_dealer_does_them(eva: Office, fris_settings: tuple[Settings, str],
                                                            catalogs_dir: Path) -> None:
    saved = eva.post("/admin/company", {"street": "Prinsengracht 10", "postcode": "1015DV", "city": "Amsterdam",
                                        "vat_number": "NL000099998B57", "coc_number": "12345678",
                                        "iban": "NL91ABNA0417164300"})
    assert saved.status_code == 200 and "/admin/company" in str(saved.url), saved.text[:500]
    assert steps(eva) == {**dict.fromkeys(STEPS, "no"), "legal": "yes"}

    set_origin(eva, SITE_ORIGIN)
    assert steps(eva) == {**dict.fromkeys(STEPS, "no"), "legal": "yes", "origin": "yes", "privacy": "yes"}

    # A request from no browser (a server) or from the dealer's own hosted page proves nothing about the site.
    send_request(eva, "fris", None)
    send_request(eva, "fris", PUBLIC)
    assert steps(eva)["test_request"] == "no"
    reference = send_request(eva, "fris", SITE_ORIGIN)
    assert steps(eva) == {**dict.fromkeys(STEPS, "no"), "legal": "yes", "origin": "yes", "privacy": "yes",
                          "snippet": "yes", "test_request": "yes"}
    db = eva.db()
    try:
        created = next(db.query("SELECT created_at FROM quote_requests WHERE reference = ?", [reference]))["created_at"]
    finally:
        db.conn.close()
    page = parse(eva.get("/admin/getting-started").text)
    shown = " ".join(page.xpath("string(//*[@data-first-request])").split())
    # The time as the dealer reads it: in the dealer's zone (Europe/Amsterdam, from the NL template), in Dutch.
    assert format_datetime(created, "nl", "Europe/Amsterdam", True) in shown and reference in shown
    assert page.xpath("//*[@data-first-request]//a/@href") == [f"/admin/requests/{reference}"]

    ticked = eva.post("/admin/getting-started/products", {"done": "1"})
    assert ticked.status_code == 200
    assert steps(eva)["products"] == "yes"
    assert eva.post("/admin/getting-started/products", {"done": "0"}).status_code == 200
    assert steps(eva)["products"] == "no"
    # A catalog that is no longer the starter range closes the step by itself; a colour of their own, branding.
    toml = catalogs_dir / "fris.toml"
    text = toml.read_text(encoding="utf-8").replace("minimum_price = 150", "minimum_price = 175", 1)
    toml.write_text(text.replace('units = "metric"', 'units = "metric"\naccent_colour = "#8b3a1f"', 1),
                    encoding="utf-8")
    assert steps(eva) == dict.fromkeys(STEPS, "yes")
    assert parse(eva.get("/admin/getting-started").text).xpath("//*[@data-changed]")
    # Done: the dashboard no longer points there.
    assert not parse(eva.get("/admin/requests").text).xpath("//*[@data-getting-started]")
    db = eva.db()
    try:
        actions = [r["action"] for r in db.query("SELECT action FROM audit_log WHERE dealer = 'fris'")]
        ticks = [(r["before"], r["after"]) for r in db.query(
            "SELECT before, after FROM audit_log WHERE dealer = 'fris' AND action = 'onboarding.products' ORDER BY id")]
    finally:
        db.conn.close()
    assert actions.count("onboarding.products") == 2
    assert ticks == [('{"products":false}', '{"products":true}'), ('{"products":true}', '{"products":false}')]


def test_each_dealer_sees_and_ticks_only_its_own_checklist(eva: Office) -> None:
    set_origin(eva, SITE_ORIGIN)
    assert eva.post("/admin/getting-started/products", {"done": "1"}).status_code == 200
    eva.client.cookies.clear()
    eva.login()  # Anna, of dealer demo
    page = eva.get("/admin/getting-started")
    doc = parse(page.text)
    assert 'dealer="demo"' in doc.xpath("string(//pre[@id='embed-snippet'])")
    assert "fris" not in page.text and SITE_ORIGIN not in page.text
    # demo's own catalog is no starter range; its legal details are the catalog's, its origins its own.
    assert steps(eva)["origin"] == "yes" and steps(eva)["legal"] == "yes"
    # Anna's tick changes demo's state, never fris'.
    assert eva.post("/admin/getting-started/products", {"done": "0"}).status_code == 200
    db = eva.db()
    try:
        rows = {r["dealer"]: r["state"] for r in db.query("SELECT dealer, state FROM dealer_onboarding")}
    finally:
        db.conn.close()
    assert rows == {"fris": '{"products":true}'}


def test_ticking_without_the_csrf_token_is_refused(eva: Office) -> None:
    refused = eva.post("/admin/getting-started/products", {"done": "1"}, csrf="wrong")
    assert refused.status_code == 403
    assert steps(eva)["products"] == "no"


def test_the_page_asks_for_a_login(fris_settings: tuple[Settings, str]) -> None:
    with TestClient(create_app(fris_settings[0])) as client:
        answer = client.get("/admin/getting-started", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/admin/login")
