"""The users page: inviting a colleague by e-mail (through a real SMTP server), roles, removing, the audit trail.

The invitation goes out through the mail path every other mail takes (server/notify/mail.py)
to an aiosmtpd server on loopback; its one-time link is followed like a browser would.
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient
from playwright.sync_api import Page, expect

from server.app import create_app
from server.services.users import create_user, start_reset
from server.settings import Settings
from server.storage.db import connect
from tests.intake.conftest import BODY
from tests.notify.conftest import Inbox, free_port, smtp  # noqa: F401 - the SMTP server fixture
from tests.support.html import error_texts, parse, table_rows
from tests.web.conftest import PASSWORD, Office, csrf_of, two_dealer_settings
from tests.web.test_admin_roles import BERT, Member, add_member

SAM = "sam@demo.example"


@pytest.fixture
def mailed(tmp_path: Path, catalogs_dir: Path, smtp: tuple[Inbox, int]) -> Iterator[tuple[Office, Inbox]]:  # noqa: F811
    """Anna logged in, with mail going to the test's SMTP server."""
    inbox, port = smtp
    settings: Settings = two_dealer_settings(tmp_path, catalogs_dir, smtp_host="127.0.0.1", smtp_port=port,
                                             mail_dir=None, public_url="http://office.example")
    with TestClient(create_app(settings)) as client:
        office = Office(client, settings)
        office.login()
        yield office, inbox


def _wait_for(inbox: Inbox, to: str) -> EmailMessage:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for rcpt, message in inbox.messages:
            if to in rcpt:
                return message  # type: ignore[return-value]
        time.sleep(0.05)
    raise AssertionError(f"no mail to {to}: {[r for r, _ in inbox.messages]}")


def _parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def _db_value(office: Office, sql: str, params: list[object]) -> object:
    db = office.db()
    try:
        row = db.execute(sql, params).fetchone()
        return row[0] if row else None
    finally:
        db.conn.close()


def test_an_invited_colleague_sets_a_password_and_logs_in_with_the_invited_role(
        mailed: tuple[Office, Inbox]) -> None:
    anna, inbox = mailed
    sent = anna.post("/admin/users/invite", {"email": " Sam@Demo.example ", "name": "Sam <b>Smit</b>",
                                             "role": "staff", "lang": "de"})
    assert sent.status_code == 200 and sent.url.path == "/admin/users"
    assert "De uitnodiging is verstuurd." in sent.text
    rows = {r["E-mailadres"]: r for r in table_rows(sent.text, "s-users")}
    assert rows[SAM]["Status"] == "Uitgenodigd"  # until the link is used
    message = _wait_for(inbox, SAM)
    assert message["Subject"] == "Einladung in das Backoffice von Kozijnen Demo"
    assert message["From"].addresses[0].display_name == "Kozijnen Demo"  # from the dealer, like its other mails
    text, html = _parts(message)
    assert "Anna de Vries lädt Sie in das Backoffice von Kozijnen Demo mit der Rolle Mitarbeiter ein." in text
    assert "Hallo Sam <b>Smit</b>," in text  # plain text stays as typed
    assert "Sam &lt;b&gt;Smit&lt;/b&gt;" in html and "<b>Smit" not in html  # the HTML part escapes it
    link = re.search(r"http://office\.example(/admin/reset/[A-Za-z0-9_-]+)", text)
    assert link is not None and "7 Tage" in text
    path = link.group(1)

    sam = TestClient(anna.client.app, base_url="http://testserver.local")
    form = sam.get(path)
    assert form.status_code == 200 and SAM in form.text
    done = sam.post(path, data={"csrf": csrf_of(form.text), "password": "a new long password",
                                "password2": "a new long password"})
    assert done.url.path == "/admin/login"
    assert sam.get(path).status_code == 400  # the link works once
    login = sam.post("/admin/login", data={"csrf": csrf_of(sam.get("/admin/login").text), "email": SAM,
                                           "password": "a new long password"})
    assert login.url.path == "/admin/requests"
    assert 'lang="de"' in login.text  # the back office speaks the invited language
    assert sam.get("/admin/company").status_code == 403  # staff: no company details
    assert _db_value(anna, "SELECT role FROM users WHERE email = ?", [SAM]) == "staff"
    assert {r["E-mailadres"]: r for r in table_rows(anna.get("/admin/users").text, "s-users")}[SAM]["Status"] \
        == "Actief"


def test_an_invitation_is_refused_with_words_and_creates_nothing(anna: Office) -> None:
    for data, field, words, status in (
            ({"email": "anna@demo.example"}, "email", "Er is al een gebruiker met het e-mailadres anna@demo.example.",
             409),
            ({"email": "otto@other.example"}, "email", "Er is al een gebruiker met het e-mailadres otto@other.example.",
             409),
            ({"email": "not-an-address"}, "email", None, 422),
            ({"email": SAM, "role": "boss"}, "role", "Kies een van de rollen: read-only, staff, owner.", 422)):
        answer = anna.post("/admin/users/invite", {"name": "X", "role": "staff", "lang": "nl", **data})
        assert answer.status_code == status, data
        errors = error_texts(answer.text)
        assert field in errors, (data, errors)
        if words:
            assert errors[field] == words
        assert parse(answer.text).xpath('//input[@id="i-email"]/@value') == [data["email"]]  # kept as typed
    assert _db_value(anna, "SELECT COUNT(*) FROM users WHERE dealer = 'demo'", []) == 1


def test_removing_a_colleague_ends_their_session_and_links_and_keeps_the_history(anna: Office) -> None:
    add_member(anna, BERT, "staff")
    bert = Member(anna, BERT)
    ref = anna.submit()
    assert bert.post(f"/admin/requests/{ref}/status", {"status": "contacted", "note": "gebeld"}).status_code == 200
    db = anna.db()
    _user, link = start_reset(db, BERT, time.time()) or (None, "")
    db.conn.close()
    assert anna.get(f"/admin/reset/{link}").status_code == 200

    done = anna.post("/admin/users/remove", {"email": BERT}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/admin/users?done=user_removed"
    ended = bert.get("/admin/requests", follow_redirects=False)
    assert ended.status_code == 303 and ended.headers["location"].startswith("/admin/login")
    assert anna.get(f"/admin/reset/{link}").status_code == 400
    again = bert.client.post("/admin/login", data={"csrf": csrf_of(bert.get("/admin/login").text), "email": BERT,
                                                   "password": PASSWORD})
    assert again.status_code == 400
    assert BERT not in anna.get("/admin/users").text
    # The status history and the audit log still say who it was.
    assert BERT in anna.get(f"/admin/requests/{ref}").text
    audit = table_rows(anna.get("/admin/audit").text, "audit-rows")
    removed = [r for r in audit if "user.remove" in r["Wat"]]
    assert removed and removed[0]["Onderwerp"] == BERT and "Rol: Medewerker → —" in removed[0]["Voor → na"]


def test_the_last_active_owner_cannot_demote_disable_or_remove_themself(anna: Office) -> None:
    answer = anna.post("/admin/users/role", {"email": "anna@demo.example", "role": "staff"})
    assert answer.status_code == 409
    assert "Dit is de laatste actieve eigenaar; maak eerst een andere gebruiker eigenaar." in answer.text
    answer = anna.post("/admin/users/remove", {"email": "anna@demo.example"})
    assert answer.status_code == 409 and "U kunt uzelf niet verwijderen." in answer.text  # nobody removes themself
    assert _db_value(anna, "SELECT role FROM users WHERE email = 'anna@demo.example'", []) == "owner"
    # With a second active owner she may step down, and then the owner pages are closed to her.
    add_member(anna, BERT, "owner")
    stepped = anna.post("/admin/users/role", {"email": "anna@demo.example", "role": "staff"}, follow_redirects=False)
    assert stepped.status_code == 303
    assert anna.get("/admin/users").status_code == 403


def test_another_dealers_owner_cannot_see_or_touch_our_users(office: Office) -> None:
    office.login("otto@other.example")
    page = office.get("/admin/users").text
    assert "anna@demo.example" not in page and "otto@other.example" in page
    for path, data in (("/admin/users/role", {"email": "anna@demo.example", "role": "read-only"}),
                       ("/admin/users/disable", {"email": "anna@demo.example"}),
                       ("/admin/users/enable", {"email": "anna@demo.example"}),
                       ("/admin/users/remove", {"email": "anna@demo.example"})):
        answer = office.post(path, data)
        assert answer.status_code == 404, path
        assert "anna@demo.example" not in answer.text
    # An invitation always joins the inviter's own dealer.
    assert office.post("/admin/users/invite", {"email": SAM, "role": "owner", "lang": "en"}).status_code == 200
    assert _db_value(office, "SELECT dealer FROM users WHERE email = ?", [SAM]) == "other"
    assert _db_value(office, "SELECT role || disabled_at FROM users WHERE email = 'anna@demo.example'", []) is None
    assert _db_value(office, "SELECT role FROM users WHERE email = 'anna@demo.example'", []) == "owner"


@pytest.mark.parametrize("path", ["/admin/users/invite", "/admin/users/resend", "/admin/users/role",
                                  "/admin/users/remove"])
def test_the_new_forms_want_the_sessions_csrf_token(anna: Office, path: str) -> None:
    add_member(anna, BERT, "staff")
    data = {"email": BERT if path != "/admin/users/invite" else SAM, "role": "owner", "lang": "en"}
    for token in ("", "forged"):
        assert anna.post(path, data, csrf=token).status_code == 403
    assert _db_value(anna, "SELECT role FROM users WHERE email = ?", [BERT]) == "staff"
    assert _db_value(anna, "SELECT COUNT(*) FROM users WHERE email = ?", [SAM]) == 0


def test_the_audit_page_shows_each_change_before_and_after(anna: Office) -> None:
    assert anna.post("/admin/users/invite", {"email": SAM, "name": "Sam", "role": "staff", "lang": "en"}) \
        .status_code == 200
    anna.post("/admin/users/role", {"email": SAM, "role": "owner"})
    anna.post("/admin/users/disable", {"email": SAM})
    anna.post("/admin/users/enable", {"email": SAM})
    anna.post("/admin/company", {"bic": "ABNANL2A"})
    anna.post("/admin/settings", {"retention_days": "365"})
    rows = table_rows(anna.get("/admin/audit").text, "audit-rows")
    changes = [(r["Onderwerp"], r["Voor → na"]) for r in rows if r["Voor → na"]]
    assert ("Bewaartermijn (dagen)", "730 → 365") in changes  # each field as its own page names it
    assert ("BIC", "— → ABNANL2A") in changes
    assert (SAM, "Status: Uitgeschakeld → Actief") in changes
    assert (SAM, "Status: Actief → Uitgeschakeld") in changes
    assert (SAM, "Rol: Medewerker → Eigenaar") in changes
    invited = [c for s, c in changes if s == SAM and c.startswith("Rol: — → Medewerker")]
    assert invited, changes


def _link(message: EmailMessage) -> str:
    text, _html = _parts(message)
    found = re.search(r"http://office\.example(/admin/reset/[A-Za-z0-9_-]+)", text)
    assert found is not None, text
    return found.group(1)


def _mails_to(inbox: Inbox, to: str) -> list[EmailMessage]:
    return [m for rcpt, m in inbox.messages if to in rcpt]  # type: ignore[misc]


def _wait_for_nth(inbox: Inbox, to: str, n: int) -> EmailMessage:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        mails = _mails_to(inbox, to)
        if len(mails) >= n:
            return mails[n - 1]
        time.sleep(0.05)
    raise AssertionError(f"fewer than {n} mails to {to}")


def test_an_invitation_whose_mail_fails_says_so_and_offers_to_resend(tmp_path: Path, catalogs_dir: Path) -> None:
    # No SMTP server listens on this port: every delivery fails (as in tests/notify/test_failure_notice.py).
    settings = two_dealer_settings(tmp_path, catalogs_dir, smtp_host="127.0.0.1", smtp_port=free_port(),
                                   mail_dir=None, public_url="http://office.example")
    with TestClient(create_app(settings)) as client:
        anna = Office(client, settings)
        anna.login()
        sent = anna.post("/admin/users/invite", {"email": SAM, "name": "Sam", "role": "staff", "lang": "nl"})
        assert sent.status_code == 200
        assert "De uitnodiging kon niet worden verstuurd; probeer het opnieuw." in sent.text
        assert "De uitnodiging is verstuurd." not in sent.text
        page = parse(sent.text)
        assert page.xpath('//*[@role="alert" and @id="invite-not-sent"]')
        # The user exists, invited, with the action to send the invitation again.
        assert {r["E-mailadres"]: r for r in table_rows(sent.text, "s-users")}[SAM]["Status"] == "Uitgenodigd"
        assert page.xpath(f'//tr[@data-user="{SAM}"]//form[@action="/admin/users/resend"]')
        again = anna.post("/admin/users/resend", {"email": SAM})
        assert again.status_code == 200
        assert "De uitnodiging kon niet worden verstuurd; probeer het opnieuw." in again.text


def test_resending_an_invitation_mails_a_new_link_and_the_old_one_dies(mailed: tuple[Office, Inbox]) -> None:
    anna, inbox = mailed
    assert anna.post("/admin/users/invite", {"email": SAM, "name": "Sam", "role": "staff", "lang": "en"}) \
        .status_code == 200
    first = _link(_wait_for_nth(inbox, SAM, 1))
    assert anna.get(first).status_code == 200
    resent = anna.post("/admin/users/resend", {"email": SAM}, follow_redirects=False)
    assert resent.status_code == 303 and resent.headers["location"] == "/admin/users?done=user_invited"
    second = _link(_wait_for_nth(inbox, SAM, 2))
    assert second != first
    assert anna.get(first).status_code == 400  # voided
    assert anna.get(second).status_code == 200
    # Disabling and enabling voids the link too; resending gives a working one again.
    anna.post("/admin/users/disable", {"email": SAM})
    assert anna.get(second).status_code == 400
    assert anna.post("/admin/users/resend", {"email": SAM}).status_code == 409  # enable first
    anna.post("/admin/users/enable", {"email": SAM})
    assert anna.get(second).status_code == 400
    assert parse(anna.get("/admin/users").text).xpath(f'//tr[@data-user="{SAM}"]//form[@action="/admin/users/resend"]')
    anna.post("/admin/users/resend", {"email": SAM})
    third = _link(_wait_for_nth(inbox, SAM, 3))
    sam = TestClient(anna.client.app, base_url="http://testserver.local")
    form = sam.get(third)
    assert form.status_code == 200
    done = sam.post(third, data={"csrf": csrf_of(form.text), "password": "a new long password",
                                 "password2": "a new long password"})
    assert done.url.path == "/admin/login"
    # Once the password is set there is nothing to resend.
    assert not parse(anna.get("/admin/users").text).xpath('//form[@action="/admin/users/resend"]')
    refused = anna.post("/admin/users/resend", {"email": SAM})
    assert refused.status_code == 409 and f"{SAM} heeft al een wachtwoord" in refused.text
    audit = table_rows(anna.get("/admin/audit").text, "audit-rows")
    assert len([r for r in audit if "user.invite_resend" in r["Wat"] and r["Onderwerp"] == SAM]) == 2


def test_an_owner_cannot_remove_themself_even_with_another_owner(anna: Office) -> None:
    add_member(anna, BERT, "owner")
    answer = anna.post("/admin/users/remove", {"email": "anna@demo.example"})
    assert answer.status_code == 409
    assert "U kunt uzelf niet verwijderen." in answer.text
    assert _db_value(anna, "SELECT COUNT(*) FROM users WHERE email = 'anna@demo.example'", []) == 1


SHOTS = Path("/work/shots")


def _shot(page: Page, name: str) -> None:
    """A full-page screenshot for people to look at (the test's own checks do not read it)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"s18-R-{name}.png"), full_page=True)


def _browser_login(page: Page, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/admin/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("form[action='/admin/login'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/requests$"))


@pytest.mark.browser
def test_in_chromium_an_owner_invites_staff_who_then_cannot_open_the_company_details(
        live_server: str, tmp_path: Path, page: Page, browser: Any) -> None:
    db = connect(tmp_path / "live.db")
    try:
        create_user(db, "demo", "anna@demo.example", name="Anna de Vries", lang="nl", password=PASSWORD)
        create_user(db, "demo", "rita@demo.example", name="Rita", lang="en", password=PASSWORD, role="read-only")
    finally:
        db.conn.close()
    _browser_login(page, live_server, "anna@demo.example")
    page.goto(f"{live_server}/admin/users")
    page.fill("#i-email", SAM)
    page.fill("#i-name", "Sam Smit")
    page.select_option("#i-role", "staff")
    page.select_option("#i-lang", "en")
    _shot(page, "users-invite-form")
    page.locator("form[action='/admin/users/invite'] button[type=submit]").click()
    expect(page.locator(".notice")).to_have_text("De uitnodiging is verstuurd.")
    expect(page.locator(f"tr[data-user='{SAM}'] select")).to_have_value("staff")
    _shot(page, "users-after-invite")

    deadline = time.monotonic() + 10
    mails: list[Path] = []
    while not mails and time.monotonic() < deadline:
        mails = [m for m in (tmp_path / "mail").glob("*") if SAM in m.read_text(errors="replace")]
        time.sleep(0.1)
    assert mails, "no invitation mail"
    text = mails[0].read_text(errors="replace")
    path = re.search(r"(/admin/reset/[A-Za-z0-9_-]+)", text)
    assert path is not None

    sam_context = browser.new_context(viewport={"width": 1280, "height": 900})
    sam = sam_context.new_page()
    try:
        sam.goto(f"{live_server}{path.group(1)}")
        sam.fill("#password", "sams own long password")
        sam.fill("#password2", "sams own long password")
        sam.locator("form button[type=submit]").click()
        expect(sam).to_have_url(re.compile(r"/admin/login"))
        _browser_login(sam, live_server, SAM, "sams own long password")
        expect(sam.locator("nav.nav a")).to_have_count(5)  # no settings, company, users or audit
        _shot(sam, "staff-requests-menu")
        answer = sam.goto(f"{live_server}/admin/company")
        assert answer is not None and answer.status == 403
        expect(sam.locator("main")).to_contain_text("Your role (Staff) may not do this; it needs the role Owner.")
        _shot(sam, "staff-company-403")
    finally:
        sam_context.close()

    ref = _browser_submit(live_server)
    rita_context = browser.new_context(viewport={"width": 1280, "height": 900})
    rita = rita_context.new_page()
    try:
        _browser_login(rita, live_server, "rita@demo.example")
        rita.goto(f"{live_server}/admin/requests/{ref}")
        expect(rita.locator("form[method=post]:not([action='/admin/lang']):not([action='/admin/logout'])")) \
            .to_have_count(0)
        _shot(rita, "read-only-request")
    finally:
        rita_context.close()

    page.goto(f"{live_server}/admin/users")
    page.select_option(f"tr[data-user='{SAM}'] select", "owner")
    page.locator(f"tr[data-user='{SAM}'] form.role-form button").click()
    expect(page.locator(".notice")).to_have_text("De rol is gewijzigd.")
    page.goto(f"{live_server}/admin/audit")
    expect(page.locator("table.audit-rows")).to_contain_text("Rol: Medewerker → Eigenaar")
    _shot(page, "audit-before-after")
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server}/admin/users")
    _shot(page, "users-narrow")


def _browser_submit(base: str) -> str:
    body = copy.deepcopy(BODY)
    body["form_token"] = httpx.get(f"{base}/api/v1/dealers/demo/form-token", timeout=10).json()["form_token"]
    answer = httpx.post(f"{base}/api/v1/dealers/demo/quote-requests", json=body, timeout=30,
                        headers={"Idempotency-Key": "roles-browser-1"})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["reference"])
