"""The back office through Litestar's test client: two dealers, a user each, real quote requests."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.services.users import create_user
from server.settings import Settings
from server.storage.db import connect
from tests.conftest import SITE
from tests.intake.conftest import BODY
from tests.support.dealers import add_second_dealer
from tests.support.html import form_values, parse

PASSWORD = "correct horse battery"
_keys = itertools.count(1)


def csrf_of(html: str) -> str:
    """The CSRF token in a page's forms."""
    tokens = {i.get("value") for i in parse(html).xpath('//form//input[@name="csrf"]')}
    assert len(tokens) == 1, f"CSRF tokens on the page: {tokens}"
    return tokens.pop()


def settings_form(office: Office) -> dict[str, str]:
    """The back office settings form as it stands, ready to change a field and post back."""
    return form_values(office.get("/admin/settings").text, "/admin/settings")


class Office:
    """A test client with helpers: log in as a dealer's user, send forms, submit real quote requests."""

    def __init__(self, client: TestClient, settings: Settings) -> None:
        self.client = client
        self.settings = settings
        self.csrf = ""
        db = connect(settings.db_path)
        try:
            create_user(db, "demo", "anna@demo.example", name="Anna de Vries", lang="nl", password=PASSWORD)
            create_user(db, "other", "otto@other.example", name="Otto", lang="en", password=PASSWORD)
        finally:
            db.conn.close()

    def db(self):  # noqa: ANN201 - sqlite_utils.Database
        return connect(self.settings.db_path)

    def submit(self, dealer: str = "demo", items: list[dict[str, Any]] | None = None, **changes: Any) -> str:
        """A real quote request through the public API; returns its reference."""
        body = copy.deepcopy(BODY)
        if items is not None:
            body["items"] = items
        body["form_token"] = self.client.get(f"/api/v1/dealers/{dealer}/form-token").json()["form_token"]
        for key, value in changes.items():
            if key in body["contact"]:
                body["contact"][key] = value
            else:
                body[key] = value
        answer = self.client.post(f"/api/v1/dealers/{dealer}/quote-requests", json=body,
                                  headers={"Idempotency-Key": f"web-{next(_keys)}"})
        assert answer.status_code == 201, answer.text
        return str(answer.json()["reference"])

    def login_page_token(self) -> str:
        return csrf_of(self.client.get("/admin/login").text)

    def login(self, email: str = "anna@demo.example", password: str = PASSWORD) -> httpx.Response:
        """Log in through the form; keeps the session's CSRF token for later forms."""
        token = self.login_page_token()
        answer = self.client.post("/admin/login", data={"csrf": token, "email": email, "password": password})
        assert answer.status_code == 200 and answer.url.path == "/admin/requests", answer.text[:500]
        self.csrf = csrf_of(answer.text)
        return answer

    def post(self, path: str, data: dict[str, str] | None = None, csrf: str | None = None,
             **kw: Any) -> httpx.Response:
        """A form post with the session's CSRF token (or the one given)."""
        form = {"csrf": self.csrf if csrf is None else csrf, **(data or {})}
        return self.client.post(path, data=form, **kw)

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.client.get(path, **kw)


def two_dealer_settings(tmp_path: Path, catalogs_dir: Path, **changes: Any) -> Settings:
    """``demo`` and a second dealer ``other``; mails to a folder; no worker; no minimum form age."""
    add_second_dealer(catalogs_dir)
    values: dict[str, Any] = {"db_path": tmp_path / "venster.db", "catalogs_dir": catalogs_dir, "site_dir": SITE,
                              "form_min_age_s": 0, "outbox_worker": False, "rate_limit": 1000,
                              "mail_dir": tmp_path / "mail"}
    return Settings(**{**values, **changes})


@pytest.fixture
def web_settings(tmp_path: Path, catalogs_dir: Path) -> Settings:
    return two_dealer_settings(tmp_path, catalogs_dir)


@pytest.fixture
def office(web_settings: Settings) -> Iterator[Office]:
    """Not logged in yet: call ``office.login()``."""
    with TestClient(create_app(web_settings)) as client:
        yield Office(client, web_settings)


@pytest.fixture
def anna(office: Office) -> Office:
    """Logged in as the demo dealer's user (Dutch)."""
    office.login()
    return office
