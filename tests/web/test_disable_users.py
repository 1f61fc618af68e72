"""Disabling a back-office user: from the users page and the CLI; sessions end at once; no login, no reset."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from litestar.testing import TestClient

from server.services.users import create_user, start_reset
from tests.conftest import ROOT
from tests.web.conftest import PASSWORD, Office, csrf_of

BERT = "bert@demo.example"


def _login(client: TestClient, email: str, password: str = PASSWORD):  # noqa: ANN202 - httpx.Response
    token = csrf_of(client.get("/admin/login").text)
    return client.post("/admin/login", data={"csrf": token, "email": email, "password": password})


def _add_bert(office: Office) -> None:
    db = office.db()
    try:
        create_user(db, "demo", BERT, name="Bert", lang="en", password=PASSWORD)
    finally:
        db.conn.close()


def test_a_disabled_user_is_logged_out_at_once_and_cannot_log_in_or_reset(anna: Office) -> None:
    _add_bert(anna)
    bert = TestClient(anna.client.app, base_url="http://testserver.local")
    assert _login(bert, BERT).url.path == "/admin/requests"
    assert bert.get("/admin/requests", follow_redirects=False).status_code == 200
    db = anna.db()
    _user, old_link = start_reset(db, BERT, time.time()) or (None, "")
    db.conn.close()
    assert anna.get(f"/admin/reset/{old_link}").status_code == 200  # the link works while bert is enabled

    page = anna.get("/admin/users")
    assert page.status_code == 200 and BERT in page.text and 'action="/admin/users/disable"' in page.text
    assert "otto@other.example" not in page.text  # another dealer's users are not listed
    done = anna.post("/admin/users/disable", {"email": BERT}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/admin/users?done=user_disabled"

    ended = bert.get("/admin/requests", follow_redirects=False)
    assert ended.status_code == 303 and ended.headers["location"].startswith("/admin/login")
    refused = _login(bert, BERT)
    assert refused.status_code == 400 and refused.url.path == "/admin/login"
    assert anna.get(f"/admin/reset/{old_link}").status_code == 400  # a link sent before is dead too
    bert.post("/admin/reset", data={"csrf": csrf_of(bert.get("/admin/reset").text), "email": BERT})
    mails = list(Path(anna.settings.mail_dir).glob("*"))
    assert not [m for m in mails if BERT in m.read_text(errors="replace")]  # no reset mail for a disabled user

    db = anna.db()
    logged = db.execute("SELECT actor, action, subject FROM audit_log WHERE action LIKE 'user.%'").fetchall()
    db.conn.close()
    assert logged == [("user:anna@demo.example", "user.disable", BERT)]

    again = anna.post("/admin/users/enable", {"email": BERT}, follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/admin/users?done=user_enabled"
    assert _login(bert, BERT).url.path == "/admin/requests"
    stranger = TestClient(anna.client.app, base_url="http://testserver.local")
    stranger.post("/admin/reset", data={"csrf": csrf_of(stranger.get("/admin/reset").text), "email": BERT})
    mails = list(Path(anna.settings.mail_dir).glob("*"))
    assert [m for m in mails if BERT in m.read_text(errors="replace")]  # enabled again: the reset mail goes out


def test_nobody_disables_themself_or_another_dealers_user(anna: Office) -> None:
    _add_bert(anna)
    myself = anna.post("/admin/users/disable", {"email": "anna@demo.example"})
    assert myself.status_code == 409 and "uzelf" in myself.text
    assert anna.get("/admin/requests", follow_redirects=False).status_code == 200  # still logged in
    other = anna.post("/admin/users/disable", {"email": "otto@other.example"})
    assert other.status_code == 404
    otto = TestClient(anna.client.app, base_url="http://testserver.local")
    assert _login(otto, "otto@other.example").url.path == "/admin/requests"


def test_the_users_page_needs_the_csrf_token(anna: Office) -> None:
    _add_bert(anna)
    forged = anna.post("/admin/users/disable", {"email": BERT}, csrf="forged")
    assert forged.status_code == 403
    bert = TestClient(anna.client.app, base_url="http://testserver.local")
    assert _login(bert, BERT).url.path == "/admin/requests"


def _venster(tmp_path: Path, catalogs_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VENSTER_DB": str(tmp_path / "venster.db"), "VENSTER_CATALOGS": str(catalogs_dir)}
    return subprocess.run([sys.executable, "-m", "server", "dealer", *args], env=env, capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


def test_the_cli_disables_and_enables_but_never_the_last_active_owner(anna: Office, tmp_path: Path,
                                                                     catalogs_dir: Path) -> None:
    _add_bert(anna)
    bert = TestClient(anna.client.app, base_url="http://testserver.local")
    assert _login(bert, BERT).url.path == "/admin/requests"
    done = _venster(tmp_path, catalogs_dir, "disable-user", "demo", "Bert@Demo.example")
    assert done.returncode == 0, done.stderr
    assert "disabled" in done.stdout
    assert bert.get("/admin/requests", follow_redirects=False).status_code == 303
    last = _venster(tmp_path, catalogs_dir, "disable-user", "demo", "anna@demo.example")
    assert last.returncode == 1 and "last active owner" in last.stderr
    assert anna.get("/admin/requests", follow_redirects=False).status_code == 200
    unknown = _venster(tmp_path, catalogs_dir, "disable-user", "other", BERT)
    assert unknown.returncode == 1 and "No user" in unknown.stderr
    back = _venster(tmp_path, catalogs_dir, "enable-user", "demo", BERT)
    assert back.returncode == 0, back.stderr
    assert _login(bert, BERT).url.path == "/admin/requests"
    db = anna.db()
    logged = db.execute("SELECT actor, action, subject FROM audit_log WHERE action LIKE 'user.%'").fetchall()
    db.conn.close()
    assert logged == [("cli", "user.disable", BERT), ("cli", "user.enable", BERT)]
