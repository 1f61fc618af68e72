"""Roles in the back office: every route's minimum role, and owners, staff and read-only users driving the pages.

THE ROLES CONTRACT (server/services/roles.py): read-only users change nothing; staff work
requests, contacts, quotes and invoices but not the company details, settings or users;
owners do everything. The gate refuses a user below a route's role with a translated 403
page before anything is read or changed.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient

from server.admin import admin_router
from server.services.keys import create_key
from server.services.roles import minimum_for
from server.services.users import create_user
from tests.support.html import parse
from tests.web.conftest import PASSWORD, Office, csrf_of

BERT = "bert@demo.example"  # staff, English
RITA = "rita@demo.example"  # read-only, English

# Every back-office route and the role it needs: a new route fails test_every_route_is_in_the_table
# until someone decides, here, who may use it. "anonymous" routes need no login at all.
ROUTE_ROLES: dict[tuple[str, str], str] = {
    ("GET", "/admin/static/admin.css"): "anonymous",
    ("GET", "/admin/theme/{name:str}"): "anonymous",
    ("GET", "/admin/{rest:path}"): "read-only",
    ("GET", "/admin"): "read-only",
    ("POST", "/admin/login"): "anonymous",
    ("GET", "/admin/login"): "anonymous",
    ("POST", "/admin/logout"): "read-only",
    ("POST", "/admin/lang"): "read-only",
    ("POST", "/admin/reset"): "anonymous",
    ("GET", "/admin/reset"): "anonymous",
    ("POST", "/admin/reset/{token:str}"): "anonymous",
    ("GET", "/admin/reset/{token:str}"): "anonymous",
    ("GET", "/admin/requests"): "read-only",
    ("GET", "/admin/requests.csv"): "read-only",
    ("GET", "/admin/requests.json"): "read-only",
    ("GET", "/admin/requests/{reference:str}"): "read-only",
    ("POST", "/admin/requests/{reference:str}/status"): "staff",
    ("POST", "/admin/requests/{reference:str}/notes"): "staff",
    ("GET", "/admin/requests/{reference:str}/items/{n:int}/drawing.svg"): "read-only",
    ("GET", "/admin/requests/{reference:str}/items/{n:int}/drawing.png"): "read-only",
    ("GET", "/admin/requests/{reference:str}/items/{n:int}/drawing.pdf"): "read-only",
    ("GET", "/admin/requests/{reference:str}/drawings.pdf"): "read-only",
    ("GET", "/admin/requests/{reference:str}/drawings.zip"): "read-only",
    ("GET", "/admin/contacts"): "read-only",
    ("POST", "/admin/contacts/{contact_id:int}/star"): "staff",
    ("POST", "/admin/contacts/new"): "staff",
    ("GET", "/admin/contacts/new"): "staff",
    ("GET", "/admin/contacts/{contact_id:int}"): "read-only",
    ("POST", "/admin/contacts/{contact_id:int}/edit"): "staff",
    ("GET", "/admin/contacts/{contact_id:int}/edit"): "staff",
    ("POST", "/admin/contacts/{contact_id:int}/notes"): "staff",
    ("GET", "/admin/contacts/{contact_id:int}/export"): "read-only",
    ("POST", "/admin/contacts/{contact_id:int}/erase"): "staff",
    ("GET", "/admin/contacts/{contact_id:int}/erase"): "staff",
    ("GET", "/admin/deliveries"): "read-only",
    ("POST", "/admin/deliveries/acknowledge"): "staff",
    ("POST", "/admin/deliveries/{delivery_id:int}/redeliver"): "staff",
    ("POST", "/admin/settings"): "owner",
    ("GET", "/admin/settings"): "owner",
    ("GET", "/admin/audit"): "owner",
    ("GET", "/admin/quotes"): "read-only",
    ("POST", "/admin/requests/{reference:str}/quotes"): "staff",
    ("POST", "/admin/quotes/{number:str}"): "staff",
    ("GET", "/admin/quotes/{number:str}"): "read-only",
    ("POST", "/admin/quotes/{number:str}/send"): "staff",
    ("GET", "/admin/quotes/{number:str}/quote.pdf"): "read-only",
    ("POST", "/admin/quotes/{number:str}/invoice"): "staff",
    ("GET", "/admin/invoices"): "read-only",
    ("GET", "/admin/invoices/{number:str}"): "read-only",
    ("GET", "/admin/invoices/{number:str}/invoice.pdf"): "read-only",
    ("GET", "/admin/invoices/{number:str}/invoice.xml"): "read-only",
    ("GET", "/admin/users"): "owner",
    ("POST", "/admin/users/invite"): "owner",
    ("POST", "/admin/users/resend"): "owner",
    ("POST", "/admin/users/role"): "owner",
    ("POST", "/admin/users/disable"): "owner",
    ("POST", "/admin/users/enable"): "owner",
    ("POST", "/admin/users/remove"): "owner",
    ("POST", "/admin/company"): "owner",
    ("GET", "/admin/company"): "owner",
    ("GET", "/admin/branding"): "owner",
    ("POST", "/admin/branding"): "owner",
    ("POST", "/admin/branding/logo"): "owner",
    ("POST", "/admin/branding/logo/remove"): "owner",
    ("GET", "/admin/keys"): "owner",
    ("POST", "/admin/keys"): "owner",
    ("GET", "/admin/keys/{prefix:str}/revoke"): "owner",
    ("POST", "/admin/keys/{prefix:str}/revoke"): "owner",
    ("GET", "/admin/getting-started"): "owner",
    ("POST", "/admin/getting-started/products"): "owner",
    ("GET", "/admin/static/copy.js"): "anonymous",
}
# The catalog pages bring their own rows: each tests/support/catalog_roles_<slice>.py holds an ADMIN_ROLES
# dict like this one (so the slices that build them never edit this table at the same time).
for _table in sorted((Path(__file__).resolve().parent.parent / "support").glob("catalog_roles_*.py")):
    ROUTE_ROLES.update(getattr(importlib.import_module(f"tests.support.{_table.stem}"), "ADMIN_ROLES", {}))
# The owner-only pages and actions: each must say so itself (opt={"role": "owner"}), GET included.
OWNER_ONLY = {route for route, role in ROUTE_ROLES.items() if role == "owner"}
# The user's own account (logging out, the language switch) stays open to every role, said explicitly.
OWN_ACCOUNT = {("POST", "/admin/logout"), ("POST", "/admin/lang")}


def _routes() -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, opt) of every back-office handler, as the app mounts them (OPTIONS is Litestar's own)."""
    return [(method, route.path, dict(handler.opt)) for route in admin_router().routes
            for handler in route.route_handlers for method in sorted(handler.http_methods) if method != "OPTIONS"]


def test_every_route_is_in_the_table(office: Office) -> None:
    mounted = {(m, p) for m, p, _ in _routes()}
    assert mounted == set(ROUTE_ROLES), "a back-office route was added or removed: give it a role in ROUTE_ROLES"
    # The router the test walks is the one the app serves.
    app_paths = {route.path for route in office.client.app.routes if route.path.startswith("/admin")}
    assert {p for _, p in mounted} <= app_paths


@pytest.mark.parametrize(("method", "path", "opt"), _routes(), ids=lambda v: v if isinstance(v, str) else "")
def test_each_route_has_the_role_it_should(method: str, path: str, opt: dict[str, Any]) -> None:
    expected = ROUTE_ROLES[(method, path)]
    if expected == "anonymous":
        assert opt.get("anonymous") is True and "role" not in opt
        return
    assert not opt.get("anonymous")
    assert minimum_for(opt, method) == expected
    if (method, path) in OWNER_ONLY | OWN_ACCOUNT:
        assert opt.get("role") == expected, "owner-only and own-account routes declare their role themselves"


class Member:
    """Another user of the demo dealer in a browser of their own."""

    def __init__(self, office: Office, email: str) -> None:
        self.client = TestClient(office.client.app, base_url="http://testserver.local")
        token = csrf_of(self.client.get("/admin/login").text)
        answer = self.client.post("/admin/login", data={"csrf": token, "email": email, "password": PASSWORD})
        assert answer.url.path == "/admin/requests", answer.text[:300]
        self.csrf = csrf_of(answer.text)

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.client.get(path, **kw)

    def post(self, path: str, data: dict[str, str] | None = None, **kw: Any) -> httpx.Response:
        return self.client.post(path, data={"csrf": self.csrf, **(data or {})}, **kw)


def add_member(office: Office, email: str, role: str, lang: str = "en") -> None:
    """A user of the demo dealer with ``role`` and the tests' password."""
    db = office.db()
    try:
        create_user(db, "demo", email, name=email.split("@")[0].title(), lang=lang, password=PASSWORD, role=role)
    finally:
        db.conn.close()


@pytest.fixture
def bert(anna: Office) -> Member:
    add_member(anna, BERT, "staff")
    return Member(anna, BERT)


@pytest.fixture
def rita(anna: Office) -> Member:
    add_member(anna, RITA, "read-only")
    return Member(anna, RITA)


def _menu(html: str) -> list[str]:
    return [a.get("href") for a in parse(html).xpath('//nav[@class="nav"]//a')]


def _action_forms(html: str) -> list[str]:
    """The actions of the forms that change something, without the user's own (language, logout)."""
    return [f.get("action") for f in parse(html).forms if (f.get("method") or "get").lower() == "post"
            and f.get("action") not in ("/admin/lang", "/admin/logout")]


def _status(office: Office, ref: str) -> str:
    db = office.db()
    try:
        return str(db.execute("SELECT status FROM quote_requests WHERE reference = ?", [ref]).fetchone()[0])
    finally:
        db.conn.close()


def test_staff_cannot_open_the_owner_pages_and_sees_no_link_to_them(anna: Office, bert: Member) -> None:
    for path in ("/admin/company", "/admin/settings", "/admin/users", "/admin/audit"):
        answer = bert.get(path)
        assert answer.status_code == 403, path
        assert "Your role (Staff) may not do this; it needs the role Owner." in answer.text
        assert "Not allowed" in answer.text
    assert _menu(bert.get("/admin/requests").text) == ["/admin/requests", "/admin/quotes", "/admin/invoices",
                                                       "/admin/contacts", "/admin/deliveries"]
    assert _menu(anna.get("/admin/requests").text)[-1] == "/admin/settings"  # the account's entry
    account = parse(anna.get("/admin/settings").text).xpath('//nav[contains(@class, "subnav")]//a')
    assert {a.get("href") for a in account} >= {"/admin/settings", "/admin/company", "/admin/users", "/admin/audit"}


def test_staff_cannot_change_the_owner_things_and_nothing_changes(anna: Office, bert: Member) -> None:
    refused = bert.post("/admin/company", {"iban": "NL91ABNA0417164300", "company_name": "Overgenomen BV"})
    assert refused.status_code == 403
    refused = bert.post("/admin/users/role", {"email": BERT, "role": "owner"})
    assert refused.status_code == 403
    refused = bert.post("/admin/users/invite", {"email": "friend@demo.example", "role": "owner", "lang": "en"})
    assert refused.status_code == 403
    db = anna.db()
    try:
        assert db.execute("SELECT role FROM users WHERE email = ?", [BERT]).fetchone()[0] == "staff"
        assert db.execute("SELECT COUNT(*) FROM users WHERE email = 'friend@demo.example'").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM dealer_legal").fetchone()[0] == 0
    finally:
        db.conn.close()


def test_staff_work_a_request_change_its_status_and_make_a_quote(anna: Office, bert: Member) -> None:
    ref = anna.submit()
    page = bert.get(f"/admin/requests/{ref}").text
    assert {f"/admin/requests/{ref}/status", f"/admin/requests/{ref}/quotes"} <= set(_action_forms(page))
    done = bert.post(f"/admin/requests/{ref}/status", {"status": "contacted", "note": "gebeld"})
    assert done.status_code == 200 and _status(anna, ref) == "contacted"
    made = bert.post(f"/admin/requests/{ref}/quotes", follow_redirects=False)
    assert made.status_code == 303 and re.match(r"/admin/quotes/Q-\d{4}-\d{4}", made.headers["location"])


def _ids(anna: Office) -> dict[str, str]:
    """Real records to aim at: a request, its contact, a quote, a delivery, an API key."""
    ref = anna.submit()
    made = anna.post(f"/admin/requests/{ref}/quotes", follow_redirects=False)
    number = re.match(r"/admin/quotes/(Q-\d{4}-\d{4})", made.headers["location"]).group(1)  # type: ignore[union-attr]
    db = anna.db()
    try:
        contact = db.execute("SELECT contact_id FROM quote_requests WHERE reference = ?", [ref]).fetchone()[0]
        delivery = db.execute("SELECT MIN(id) FROM outbox").fetchone()[0] or 1
        prefix = create_key(db, "demo", label="accounting").info.prefix
    finally:
        db.conn.close()
    ids = {"reference": ref, "contact_id": str(contact), "number": number, "delivery_id": str(delivery),
           "prefix": prefix}
    # The catalog pages' path parameters (pid, gid, ...) come with their role tables (PATH_IDS).
    for table in sorted((Path(__file__).resolve().parent.parent / "support").glob("catalog_roles_*.py")):
        ids |= getattr(importlib.import_module(f"tests.support.{table.stem}"), "PATH_IDS", {})
    return ids


def _filled(path: str, ids: dict[str, str]) -> str:
    # An id no record here gives (a catalog page's product or rule) is refused by the gate before any lookup.
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: ids.get(m.group(1), "x"), path)


def test_a_read_only_user_gets_403_on_every_post_and_nothing_changes(anna: Office, rita: Member) -> None:
    ids = _ids(anna)
    posts = [p for (m, p), role in ROUTE_ROLES.items() if m == "POST" and role not in ("anonymous", "read-only")]
    assert len(posts) > 15
    for path in posts:
        answer = rita.post(_filled(path, ids), {"status": "contacted", "note": "x", "email": RITA, "role": "owner",
                                                "star": "1", "notes": "x", "name": "X", "confirm": "WISSEN"})
        assert answer.status_code == 403, path
        assert "Your role (Read-only) may not do this" in answer.text, path
    assert _status(anna, ids["reference"]) == "new"
    db = anna.db()
    try:
        assert db.execute("SELECT role FROM users WHERE email = ?", [RITA]).fetchone()[0] == "read-only"
        assert db.execute("SELECT COUNT(*) FROM request_notes").fetchone()[0] == 0
    finally:
        db.conn.close()
    # Their own account stays theirs: the language switch and logging out.
    assert rita.post("/admin/lang", {"lang": "de", "next": "/admin/requests"}).status_code == 200
    assert rita.post("/admin/logout").url.path == "/admin/login"


def test_a_read_only_user_reads_everything_but_sees_no_action_forms(anna: Office, rita: Member) -> None:
    ids = _ids(anna)
    for path in ("/admin/requests", f"/admin/requests/{ids['reference']}", "/admin/contacts",
                 f"/admin/contacts/{ids['contact_id']}", "/admin/quotes", f"/admin/quotes/{ids['number']}",
                 "/admin/deliveries", "/admin/invoices"):
        answer = rita.get(path)
        assert answer.status_code == 200, path
        assert _action_forms(answer.text) == [], path
    contact = rita.get(f"/admin/contacts/{ids['contact_id']}").text
    assert "/edit" not in contact and "/erase" not in contact and 'href="/admin/contacts/new"' not in \
        rita.get("/admin/contacts").text
    for path in ("/admin/contacts/new", f"/admin/contacts/{ids['contact_id']}/edit",
                 f"/admin/contacts/{ids['contact_id']}/erase"):
        assert rita.get(path).status_code == 403, path
    # The same pages show the forms to staff and owners.
    assert f"/admin/requests/{ids['reference']}/status" in _action_forms(anna.get(
        f"/admin/requests/{ids['reference']}").text)
    assert f"/admin/quotes/{ids['number']}" in _action_forms(anna.get(f"/admin/quotes/{ids['number']}").text)


def test_an_owner_opens_and_changes_everything(anna: Office, bert: Member) -> None:
    for path in ("/admin/company", "/admin/settings", "/admin/users", "/admin/audit", "/admin/requests"):
        assert anna.get(path).status_code == 200, path
    assert anna.post("/admin/users/role", {"email": BERT, "role": "owner"}).url.path == "/admin/users"
    # Bert's open session reads the new role on its next page: now he may open the company details.
    assert bert.get("/admin/company").status_code == 200


def test_a_demoted_users_open_session_loses_the_owner_pages_at_once(anna: Office) -> None:
    add_member(anna, BERT, "owner")
    bert = Member(anna, BERT)
    assert bert.get("/admin/settings").status_code == 200
    assert anna.post("/admin/users/role", {"email": BERT, "role": "read-only"}).status_code == 200
    assert bert.get("/admin/settings").status_code == 403
    assert bert.post(f"/admin/requests/{anna.submit()}/status", {"status": "contacted"}).status_code == 403


def test_the_refusal_is_in_the_users_language(anna: Office) -> None:
    add_member(anna, "gerd@demo.example", "staff", lang="de")
    gerd = Member(anna, "gerd@demo.example")
    answer = gerd.get("/admin/company")
    assert answer.status_code == 403
    assert "Ihre Rolle (Mitarbeiter) darf das nicht; dafür ist die Rolle Inhaber nötig." in answer.text


@pytest.mark.parametrize("who", ["staff", "read-only"])
def test_the_requests_page_links_staff_and_read_only_users_only_to_pages_they_may_open(
        anna: Office, who: str) -> None:
    email = BERT if who == "staff" else RITA
    add_member(anna, email, who)
    member = Member(anna, email)
    anna.submit()
    # The owner sees the getting-started card (its link is an owner page) ...
    assert parse(anna.get("/admin/requests").text).xpath('//a[@href="/admin/getting-started"]')
    # ... a colleague below the owner role sees neither, and no link on the page answers 403.
    hrefs = {href.split("#")[0] for href in parse(member.get("/admin/requests").text).xpath("//a/@href")
             if href.startswith("/admin")}
    assert "/admin/requests" in hrefs and not hrefs & {"/admin/getting-started", "/admin/company"}
    refused = [href for href in sorted(hrefs) if member.get(href).status_code == 403]
    assert refused == []
