"""The API-keys page: a key made in the back office is shown once, works on the dealer API, and is revoked there."""

from __future__ import annotations

import sqlite3

import msgspec

from server.services.keys import MAX_ACTIVE_KEYS, create_key
from tests.support.html import form_values, parse
from tests.web.conftest import Office


def _make(office: Office, name: str, kind: str = "read-write") -> tuple[int, str, str]:
    """Post the form; returns the status, the key shown on the answer page ("" if none) and the page."""
    once = form_values(office.get("/admin/keys").text, "/admin/keys")["once"]
    answer = office.post("/admin/keys", {"name": name, "kind": kind, "once": once})
    return answer.status_code, parse(answer.text).xpath("string(//pre[@id='new-key'])"), answer.text


def _rows(office: Office) -> dict[str, dict[str, str]]:
    page = parse(office.get("/admin/keys").text)
    return {tr.get("data-prefix"): {td_i: " ".join(td.text_content().split()) for td_i, td in
                                    enumerate(tr.xpath("td"))} for tr in page.xpath("//tr[@data-prefix]")}


def _api(office: Office, key: str, method: str = "GET", path: str = "/api/v1/dealer/settings",
         json: dict | None = None) -> int:
    return office.client.request(method, path, json=json, headers={"Authorization": f"Bearer {key}"}).status_code


def test_a_new_key_is_shown_once_and_the_database_holds_only_its_hash(anna: Office) -> None:
    status, key, page = _make(anna, "Boekhouding", "read-only")
    assert status == 201 and key.startswith("vst_") and len(key) > 30
    assert "alleen hier en alleen nu" in page
    listed = anna.get("/admin/keys").text
    assert key not in listed and key[:12] in listed and "Boekhouding" in listed and "Alleen lezen" in listed
    assert not parse(listed).xpath("//pre[@id='new-key']")
    db = sqlite3.connect(anna.settings.db_path)
    try:
        dump = "\n".join(db.iterdump())
    finally:
        db.close()
    assert key not in dump and key[:12] in dump


def test_the_new_keys_work_on_the_dealer_api_by_their_kind_and_show_when_last_used(anna: Office) -> None:
    _, reader, _ = _make(anna, "CRM", "read-only")
    _, writer, _ = _make(anna, "Koppeling", "read-write")
    assert _rows(anna)[reader[:12]][4] == "Nog niet"
    change = {"retention_days": 400}
    assert _api(anna, reader, path="/api/v1/dealer/requests") == 200
    assert _api(anna, reader) == 403  # the settings are an owner's, read too
    assert _api(anna, reader, "PATCH", json=change) == 403
    assert _api(anna, writer, "PATCH", json=change) == 200
    rows = _rows(anna)
    assert rows[reader[:12]][4] != "Nog niet" and rows[writer[:12]][4] != "Nog niet"


def test_revoking_asks_first_and_stops_the_key_at_once_audit_logged(anna: Office) -> None:
    _, key, _ = _make(anna, "Oud systeem")
    prefix = key[:12]
    assert _api(anna, key) == 200
    confirm = anna.get(f"/admin/keys/{prefix}/revoke")
    assert confirm.status_code == 200 and prefix in confirm.text and "Ja, sleutel intrekken" in confirm.text
    assert _api(anna, key) == 200  # opening the confirmation changes nothing
    done = anna.post(f"/admin/keys/{prefix}/revoke")
    assert done.status_code == 200 and done.url.path == "/admin/keys"
    assert f"Sleutel {prefix}… is ingetrokken" in done.text
    assert _api(anna, key) == 401
    assert "Ingetrokken" in _rows(anna)[prefix][5]
    assert not parse(done.text).xpath(f"//a[@href='/admin/keys/{prefix}/revoke']")
    db = anna.db()
    try:
        audit = [(r["action"], r["subject"], r["actor"]) for r in
                 db.query("SELECT action, subject, actor FROM audit_log WHERE dealer = 'demo' AND action LIKE 'key.%'")]
        changes = [(r["before"], r["after"]) for r in
                   db.query("SELECT before, after FROM audit_log WHERE dealer = 'demo' AND action LIKE 'key.%' "
                            "ORDER BY id")]
        [revoked_at] = [r["revoked_at"] for r in db.query("SELECT revoked_at FROM api_keys WHERE prefix = ?",
                                                          [prefix])]
    finally:
        db.conn.close()
    assert [a[:2] for a in audit] == [("key.create", prefix), ("key.revoke", prefix)]
    assert all("anna@demo.example" in a[2] for a in audit)
    # What each did, before and after: the new key's name and kind; the revocation's time.
    assert [(b and msgspec.json.decode(b), msgspec.json.decode(a)) for b, a in changes] == [
        (None, {"name": "Oud systeem", "kind": "read-write"}),
        ({"revoked_at": None}, {"revoked_at": revoked_at})]
    assert revoked_at
    # The audit page words them as the keys page does, the moment in the dealer's time zone (not UTC).
    lines = [" ".join(d.text_content().split()) for d in parse(anna.get("/admin/audit").text).xpath(
        "//td[contains(@class, 'audit-change')]/div")]
    assert "Soort: — → Lezen en schrijven" in lines and "Naam: — → Oud systeem" in lines
    revoked_line = next(line for line in lines if line.startswith("Intrekken: — → "))
    assert "T" not in revoked_line.removeprefix("Intrekken: — → ") and "+00:00" not in revoked_line


def test_the_eleventh_active_key_is_refused_in_the_users_language(anna: Office) -> None:
    db = anna.db()
    try:
        for n in range(MAX_ACTIVE_KEYS):
            create_key(db, "demo", label=f"k{n}")
    finally:
        db.conn.close()
    status, key, page = _make(anna, "Eén te veel")
    assert status == 409 and key == ""
    assert "Er zijn al 10 actieve API-sleutels; trek er eerst een in." in parse(page).xpath(
        "string(//*[@data-error='form'])")
    assert 'value="Eén te veel"' in page  # what was typed is kept


def test_a_key_needs_a_name_and_a_kind(anna: Office) -> None:
    status, key, page = _make(anna, "  ", "read-write")
    assert status == 422 and key == "" and "Geef de sleutel een naam." in page
    status, key, page = _make(anna, "Ok", "admin")
    assert status == 422 and key == "" and "Kies alleen lezen of lezen en schrijven." in page
    assert _rows(anna) == {}


def test_another_dealer_cannot_list_or_revoke_the_keys(anna: Office) -> None:
    _, key, _ = _make(anna, "Van demo")
    prefix = key[:12]
    anna.client.cookies.clear()
    anna.login("otto@other.example")
    listed = anna.get("/admin/keys").text
    assert prefix not in listed and "Van demo" not in listed
    assert "No API keys yet." in listed and not _rows(anna)  # Otto reads English
    assert anna.get(f"/admin/keys/{prefix}/revoke").status_code == 404
    assert anna.post(f"/admin/keys/{prefix}/revoke").status_code == 404
    assert _api(anna, key) == 200  # still works: Otto could not touch it


def test_every_key_form_needs_the_csrf_token(anna: Office) -> None:
    _, key, _ = _make(anna, "Echt")
    assert anna.post("/admin/keys", {"name": "Zonder token", "kind": "read-only"}, csrf="").status_code == 403
    assert anna.post(f"/admin/keys/{key[:12]}/revoke", csrf="wrong").status_code == 403
    assert _api(anna, key) == 200 and len(_rows(anna)) == 1


def test_the_keys_and_getting_started_routes_declare_owners_only() -> None:
    """The roles gate (issue 17, colleagues) reads ``opt["role"]``; these pages show or change account configuration."""
    from server.admin.keys import ROUTES as KEYS
    from server.admin.onboarding import ROUTES as ONBOARDING

    declared = {(method, path): h.opt.get("role") for h in [*KEYS, *ONBOARDING] if not h.opt.get("anonymous")
                for path in h.paths for method in h.http_methods}
    assert declared == dict.fromkeys([("GET", "/keys"), ("POST", "/keys"), ("GET", "/keys/{prefix:str}/revoke"),
                                      ("POST", "/keys/{prefix:str}/revoke"), ("GET", "/getting-started"),
                                      ("POST", "/getting-started/products")], "owner")


def test_a_reload_of_the_answer_page_makes_no_second_key(anna: Office) -> None:
    once = form_values(anna.get("/admin/keys").text, "/admin/keys")["once"]
    first = anna.post("/admin/keys", {"name": "Boekhouding", "kind": "read-write", "once": once})
    assert first.status_code == 201 and parse(first.text).xpath("string(//pre[@id='new-key'])")
    again = anna.post("/admin/keys", {"name": "Boekhouding", "kind": "read-write", "once": once})  # the reload
    assert again.status_code == 409 and not parse(again.text).xpath("//pre[@id='new-key']")
    assert "Dit formulier is al verstuurd" in again.text
    assert len(_rows(anna)) == 1
    # A form without its token, or with a made-up one used twice, makes nothing twice either.
    assert anna.post("/admin/keys", {"name": "Zonder", "kind": "read-write"}).status_code == 409
    assert len(_rows(anna)) == 1
