from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings
from tests.conftest import SITE

BODY: dict[str, Any] = {
    "items": [{"configuration": {"product": "pvc-window", "width_mm": 1800, "height_mm": 1400, "layout": "two-equal",
                                 "options": {"glazing": "triple"}}, "note": "kitchen"}],
    "contact": {"name": "Anna Jansen", "email": "anna@example.nl", "phone": "+31 20 123 4567", "company": None,
                "street": "Herengracht", "house_number": "244", "postcode": "1016 BT", "city": "Amsterdam",
                "country": "NL"},
    "message": "Graag voor maart.", "lang": "nl",
    "privacy": {"notice_url": "https://dealer.example/privacy", "notice_version": "2026-01",
                "marketing_opt_in": False},
    "form_token": "", "website": "",
}
URL = "/api/v1/dealers/demo/quote-requests"


@pytest.fixture
def intake_settings(tmp_path: Path, catalogs_dir: Path) -> Settings:
    """No background worker (tests drive the outbox themselves), no minimum token age."""
    return Settings(db_path=tmp_path / "venster.db", catalogs_dir=catalogs_dir, site_dir=SITE, form_min_age_s=0,
                    outbox_worker=False, rate_limit=1000)


@pytest.fixture
def intake(intake_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(intake_settings)) as client:
        yield client


def fresh_body(client: TestClient, **changes: Any) -> dict[str, Any]:
    """The design's example body with a valid form token and ``changes`` applied."""
    body = copy.deepcopy(BODY)
    body["form_token"] = client.get("/api/v1/dealers/demo/form-token").json()["form_token"]
    body.update(changes)
    return body
