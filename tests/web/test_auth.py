"""Logging in and out, sessions, CSRF, login limits, password reset by e-mail, headers."""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
import time
from pathlib import Path

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.services.sessions import IDLE_S, MAX_S
from server.services.users import hash_password, verify_password
from server.storage.keyed_hash import keyed_hash
from tests.support.html import parse, text_of
from tests.web.conftest import PASSWORD, Office, csrf_of, two_dealer_settings


def _cookie_header(answer, name: str) -> str:
    found = [v for k, v in answer.headers.multi_items() if k.lower() == "set-cookie" and v.startswith(f"{name}=")]
    assert found, f"no {name} cookie set"
    return found[0]


def test_pages_need_a_login_and_come_back_after_it(office: Office) -> None:
    answer = office.get("/admin/requests?status=new", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/admin/login?next=%2Fadmin%2Frequests%3Fstatus%3Dnew"
    page = office.get(answer.headers["location"])
    token = csrf_of(page.text)
    assert 'name="next" value="/admin/requests?status=new"' in page.text
    done = office.client.post("/admin/login", data={"csrf": token, "email": "ANNA@demo.example ", "password": PASSWORD,
                                                    "next": "/admin/requests?status=new"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/admin/requests?status=new"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/admin", "/admin/../x\\y", "/elsewhere"])
def test_next_never_leads_off_the_back_office(office: Office, target: str) -> None:
    token = office.login_page_token()
    done = office.client.post("/admin/login", data={"csrf": token, "email": "anna@demo.example", "password": PASSWORD,
                                                    "next": target}, follow_redirects=False)
    assert done.headers["location"] == "/admin/requests"


def test_login_sets_a_hardened_cookie_and_stores_only_its_hash(office: Office) -> None:
    token = office.login_page_token()
    done = office.client.post("/admin/login", data={"csrf": token, "email": "anna@demo.example",
                                                    "password": PASSWORD}, follow_redirects=False)
    cookie = _cookie_header(done, "venster_session")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/admin" in cookie
    assert "Secure" not in cookie  # plain http in tests
    value = cookie.split(";", 1)[0].split("=", 1)[1]
    assert len(value) >= 43  # 32 random bytes, base64url
    db = office.db()
    rows = db.execute("SELECT id_hash, expires_at - created_at FROM sessions").fetchall()
    db.conn.close()
    assert rows == [(hashlib.sha256(value.encode()).hexdigest(), pytest.approx(IDLE_S))]


def test_cookie_is_secure_when_the_public_url_is_https(tmp_path: Path, catalogs_dir: Path) -> None:
    settings = two_dealer_settings(tmp_path, catalogs_dir, public_url="https://venster.example")
    with TestClient(create_app(settings)) as client:
        office = Office(client, settings)
        page = client.get("/admin/login")
        assert "Secure" in _cookie_header(page, "venster_csrf")
        # httpx keeps Secure cookies for https only; the browser behind the https proxy would send it.
        client.cookies.set("venster_csrf", csrf_of(page.text), path="/admin")
        done = client.post("/admin/login", data={"csrf": csrf_of(page.text), "email": "anna@demo.example",
                                                 "password": PASSWORD}, follow_redirects=False)
        assert "Secure" in _cookie_header(done, "venster_session")
        assert office is not None


def test_wrong_password_and_unknown_address_get_the_same_answer(office: Office) -> None:
    token = office.login_page_token()
    wrong = office.client.post("/admin/login", data={"csrf": token, "email": "anna@demo.example", "password": "nope"})
    unknown = office.client.post("/admin/login", data={"csrf": token, "email": "nobody@demo.example",
                                                       "password": "nope"})
    assert wrong.status_code == unknown.status_code == 400
    message = "Dit e-mailadres en wachtwoord horen niet bij elkaar."
    assert message in wrong.text and message in unknown.text
    assert "venster_session" not in wrong.headers.get("set-cookie", "")


def test_twenty_failures_from_one_address_lock_it(office: Office) -> None:
    token = office.login_page_token()
    for i in range(20):
        office.client.post("/admin/login", data={"csrf": token, "email": f"guess{i}@demo.example", "password": "x"})
    limited = office.client.post("/admin/login", data={"csrf": token, "email": "anna@demo.example",
                                                       "password": PASSWORD})
    assert limited.status_code == 429


def test_login_form_needs_its_csrf_cookie_and_field(office: Office) -> None:
    token = office.login_page_token()
    data = {"email": "anna@demo.example", "password": PASSWORD}
    assert office.client.post("/admin/login", data=data).status_code == 403
    assert office.client.post("/admin/login", data={**data, "csrf": token + "x"}).status_code == 403
    office.client.cookies.clear()
    refused = office.client.post("/admin/login", data={**data, "csrf": token})
    assert refused.status_code == 403
    assert "Niet toegestaan" in refused.text and refused.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/admin/logout", "/admin/lang", "/admin/settings", "/admin/contacts/new",
                                  "/admin/requests/DEMO-2026-000001/status", "/admin/requests/DEMO-2026-000001/notes",
                                  "/admin/contacts/1/star", "/admin/contacts/1/erase", "/admin/deliveries/1/redeliver"])
def test_every_form_refuses_a_missing_or_wrong_csrf_token(anna: Office, path: str) -> None:
    anna.submit()
    assert anna.post(path, {"status": "contacted", "note": "x"}, csrf="").status_code == 403
    assert anna.post(path, {"status": "contacted", "note": "x"}, csrf=anna.csrf[:-2] + "zz").status_code == 403
    # No field at all.
    assert anna.client.post(path, data={"status": "contacted"}).status_code == 403
    # Nothing happened.
    db = anna.db()
    assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 1
    assert db.execute("SELECT status FROM quote_requests").fetchone()[0] == "new"
    db.conn.close()


def test_the_api_is_not_csrf_checked(anna: Office) -> None:
    answer = anna.client.post("/api/v1/dealers/demo/evaluate", json={"product": "pvc-window"})
    assert answer.status_code == 200


def test_an_idle_session_ends(anna: Office) -> None:
    db = anna.db()
    db.conn.execute("UPDATE sessions SET expires_at = ?", (time.time() - 1,))
    db.conn.close()
    answer = anna.get("/admin/contacts", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/admin/login?next=%2Fadmin%2Fcontacts")
    assert "done=session_ended" in answer.headers["location"]
    page = anna.get(answer.headers["location"])
    assert "Uw sessie is verlopen" in page.text
    db = anna.db()
    assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
    db.conn.close()


def test_a_session_ends_after_seven_days_even_when_used(anna: Office) -> None:
    db = anna.db()
    db.conn.execute("UPDATE sessions SET created_at = ?, expires_at = ?", (time.time() - MAX_S - 1,
                                                                          time.time() + 3600))
    db.conn.close()
    assert anna.get("/admin/requests", follow_redirects=False).status_code == 303


def test_a_post_without_a_session_goes_to_the_login(office: Office) -> None:
    answer = office.client.post("/admin/settings", data={"csrf": "x"}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/admin/login")


def test_logout_ends_the_session_for_good(anna: Office) -> None:
    old = anna.client.cookies.get("venster_session")
    answer = anna.post("/admin/logout", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/admin/login?done=logged_out"
    assert "Max-Age=0" in _cookie_header(answer, "venster_session")
    db = anna.db()
    assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
    db.conn.close()
    anna.client.cookies.set("venster_session", old, path="/admin")
    assert anna.get("/admin/requests", follow_redirects=False).status_code == 303


def _mail(folder: Path) -> email.message.EmailMessage:
    files = sorted(folder.glob("*.eml"))
    assert len(files) == 1, files
    return email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)  # type: ignore[return-value]


def test_password_reset_by_mailed_link(office: Office, web_settings) -> None:  # noqa: ANN001
    other_browser = office.login()  # a session that the reset must end
    assert other_browser.status_code == 200
    office.client.cookies.clear()
    token = office.login_page_token()
    known = office.client.post("/admin/reset", data={"csrf": token, "email": "Anna@demo.example"})
    unknown = office.client.post("/admin/reset", data={"csrf": token, "email": "nobody@demo.example"})
    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text
    assert "Als dit adres bij ons bekend is" in known.text
    mail = _mail(web_settings.mail_dir)
    assert mail["To"] == "anna@demo.example"
    assert "Kozijnen Demo" in mail["Subject"]
    link = re.search(r"https?://\S+/admin/reset/(\S+)", mail.get_content())
    assert link, mail.get_content()
    path = "/admin/reset/" + link.group(1)
    db = office.db()
    stored = db.execute("SELECT token_hash FROM password_resets").fetchone()[0]
    assert stored == hashlib.sha256(link.group(1).encode()).hexdigest()
    db.conn.close()

    form = office.get(path)
    assert form.status_code == 200 and "anna@demo.example" in form.text
    token = csrf_of(form.text)
    short = office.client.post(path, data={"csrf": token, "password": "short", "password2": "short"})
    assert short.status_code == 400 and "minstens 10 tekens" in short.text
    mismatch = office.client.post(path, data={"csrf": token, "password": "a new password 1",
                                              "password2": "a new password 2"})
    assert mismatch.status_code == 400 and "niet gelijk" in mismatch.text
    done = office.client.post(path, data={"csrf": token, "password": "a new password 1",
                                          "password2": "a new password 1"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/admin/login?done=password_set"
    db = office.db()
    assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
    db.conn.close()
    again = office.get(path)
    assert again.status_code == 400 and "verlopen of al gebruikt" in again.text
    assert office.client.post(path, data={"csrf": token, "password": "x" * 12, "password2": "x" * 12}).status_code \
        == 400
    office.login(password="a new password 1")


def test_a_reset_link_expires_after_an_hour(office: Office, web_settings) -> None:  # noqa: ANN001
    token = office.login_page_token()
    office.client.post("/admin/reset", data={"csrf": token, "email": "anna@demo.example"})
    link = re.search(r"/admin/reset/(\S+)", _mail(web_settings.mail_dir).get_content())
    assert link
    db = office.db()
    (expires,) = db.execute("SELECT expires_at FROM password_resets").fetchone()
    assert expires == pytest.approx(time.time() + 3600, abs=30)
    db.conn.execute("UPDATE password_resets SET expires_at = ?", (time.time() - 1,))
    db.conn.close()
    assert office.get(link.group(0)).status_code == 400


def test_reset_mails_are_limited_per_address(office: Office, web_settings) -> None:  # noqa: ANN001
    token = office.login_page_token()
    for _ in range(5):
        answer = office.client.post("/admin/reset", data={"csrf": token, "email": "anna@demo.example"})
        assert answer.status_code == 200
    assert len(list(web_settings.mail_dir.glob("*.eml"))) == 3


def test_reset_counters_hold_a_keyed_hash_of_the_email_and_expire(office: Office, web_settings) -> None:  # noqa: ANN001
    token = office.login_page_token()
    for _ in range(4):
        assert office.client.post("/admin/reset", data={"csrf": token, "email": "anna@demo.example"}).status_code == 200
    assert len(list(web_settings.mail_dir.glob("*.eml"))) == 3  # the fourth is not sent
    db = office.db()
    rows = db.execute("SELECT bucket, expires_at FROM rate_limits WHERE bucket LIKE 'reset-email:%'").fetchall()
    keyed = keyed_hash(db, "reset-email", "anna@demo.example")[:32]
    db.conn.close()
    # Not a plain SHA-256, which anyone could match to a guessed e-mail; and the row expires.
    plain = hashlib.sha256(b"anna@demo.example").hexdigest()[:32]
    assert [bucket for bucket, _ in rows] == [f"reset-email:{keyed}"] and plain not in rows[0][0]
    assert time.time() < rows[0][1] <= time.time() + 3600


def test_passwords_are_scrypt_with_salt_and_parameters() -> None:
    one, two = hash_password("same password"), hash_password("same password")
    assert one != two
    scheme, n, r, p, _salt, _digest = one.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert verify_password("same password", one) and not verify_password("same passwore", one)
    assert not verify_password("x", "md5$abc") and not verify_password("x", "")


def test_language_is_kept_on_the_user_and_switchable(anna: Office) -> None:
    page = anna.get("/admin/requests")
    assert '<html lang="nl">' in page.text and "Aanvragen" in page.text
    answer = anna.post("/admin/lang", {"lang": "en", "next": "/admin/contacts?q=x"}, follow_redirects=False)
    assert answer.headers["location"] == "/admin/contacts?q=x"
    page = anna.get("/admin/contacts")
    assert '<html lang="en">' in page.text and "Contacts" in page.text and "Add contact" in page.text
    db = anna.db()
    assert db.execute("SELECT lang FROM users WHERE email = 'anna@demo.example'").fetchone()[0] == "en"
    db.conn.close()
    anna.post("/admin/lang", {"lang": "xx"})
    assert '<html lang="en">' in anna.get("/admin/contacts").text


def test_the_back_office_speaks_german_and_offers_the_two_other_languages(anna: Office) -> None:
    anna.post("/admin/lang", {"lang": "de", "next": "/admin/requests"})
    page = anna.get("/admin/requests")
    assert '<html lang="de">' in page.text and "Anfragen" in page.text and "Abmelden" in page.text
    switches = parse(page.text).xpath('//form[@action="/admin/lang"]')
    offered = [(f.xpath('.//input[@name="lang"]/@value')[0], text_of(f.xpath(".//button")[0])) for f in switches]
    assert offered == [("nl", "Nederlands"), ("en", "English")]


def test_login_page_speaks_german_when_asked(office: Office) -> None:
    assert "Melden Sie sich im Backoffice" in office.get("/admin/login?lang=de").text
    assert "Melden Sie sich im Backoffice" in office.get("/admin/login", headers={"Accept-Language": "de-DE"}).text


def test_login_page_speaks_english_when_asked(office: Office) -> None:
    assert "Log in to the back office" in office.get("/admin/login?lang=en").text
    assert "Log in to the back office" in office.get("/admin/login", headers={"Accept-Language": "en-GB"}).text
    assert "Log in op de backoffice" in office.get("/admin/login").text


@pytest.mark.parametrize("path", ["/admin/login", "/admin/requests", "/admin/requests/NOPE-1", "/admin/settings"])
def test_security_headers_on_pages_and_error_pages(anna: Office, path: str) -> None:
    answer = anna.get(path)
    policy = answer.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "default-src 'none'" in policy and "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert ("script-src 'self'" in policy) == (path == "/admin/settings")
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["referrer-policy"] == "same-origin"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert "<style" not in answer.text and " style=" not in answer.text
    assert "<script" not in answer.text or path == "/admin/settings"


def test_stylesheets_are_files_with_the_dealers_accent(anna: Office) -> None:
    page = anna.get("/admin/requests").text
    sheets = [link.get("href") for link in parse(page).xpath('//head/link[@rel="stylesheet"]')]
    (css,) = [href for href in sheets if href.startswith("/admin/static/admin.css?v=")]
    assert sheets.count("/admin/theme/1f5f8b.css") == 1  # the demo's accent names its theme file
    answer = anna.get(css)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/css")
    assert ":focus-visible" in answer.text
    assert anna.get("/admin/theme/1f5f8b.css").text.startswith(":root { --accent: #1f5f8b; --accent-ink: #ffffff;")
    assert anna.get("/admin/theme/zzzzzz.css").status_code == 404


def test_unknown_back_office_pages_are_html_404s_after_the_login(office: Office) -> None:
    assert office.get("/admin/no/such/page", follow_redirects=False).status_code == 303
    office.login()
    answer = office.get("/admin/no/such/page")
    assert answer.status_code == 404 and "Niet gevonden" in answer.text
    assert answer.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(("lang", "offered"), [("nl", [("en", "English"), ("de", "Deutsch")]),
                                               ("en", [("nl", "Nederlands"), ("de", "Deutsch")]),
                                               ("de", [("nl", "Nederlands"), ("en", "English")])])
def test_login_page_offers_the_two_other_languages_in_their_own_names(office: Office, lang: str,
                                                                     offered: list[tuple[str, str]]) -> None:
    page = office.get(f"/admin/login?lang={lang}&next=/admin/contacts").text
    switches = parse(page).xpath('//a[starts-with(@href, "?lang=")]')
    assert [a.get("href") for a in switches] == [f"?lang={code}&next=/admin/contacts" for code, _ in offered]
    assert [(a.get("lang"), text_of(a)) for a in switches] == offered
