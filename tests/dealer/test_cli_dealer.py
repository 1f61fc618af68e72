"""``venster dealer ...`` and ``venster purge`` as a dealer's administrator runs them."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings
from tests.conftest import CATALOGS

ROOT = Path(__file__).resolve().parent.parent.parent


def _venster(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VENSTER_DB": str(tmp / "v.db"), "VENSTER_CATALOGS": str(tmp / "catalogs")}
    return subprocess.run([sys.executable, "-m", "server", *args], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)


def test_keys_are_printed_once_listed_by_prefix_and_revoked(tmp_path: Path) -> None:
    shutil.copytree(CATALOGS, tmp_path / "catalogs")
    made = _venster(tmp_path, "dealer", "add-key", "demo", "--read-only", "--label", "boekhouding")
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip()
    assert key.startswith("vst_") and "shown only now" in made.stderr
    listed = _venster(tmp_path, "dealer", "keys", "demo").stdout
    assert key[:12] in listed and key not in listed and "read-only" in listed and "boekhouding" in listed
    settings = Settings(db_path=tmp_path / "v.db", catalogs_dir=tmp_path / "catalogs", outbox_worker=False)
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/v1/dealer/requests", headers={"Authorization": f"Bearer {key}"}).status_code == 200
        revoked = _venster(tmp_path, "dealer", "revoke-key", key[:12])
        assert revoked.returncode == 0 and "revoked" in revoked.stdout
        assert client.get("/api/v1/dealer/requests", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert _venster(tmp_path, "dealer", "revoke-key", "vst_unknown").returncode == 1
    assert _venster(tmp_path, "dealer", "add-key", "nobody").returncode == 1


def test_init_makes_a_working_dealer_in_one_command(tmp_path: Path) -> None:
    (tmp_path / "catalogs").mkdir()
    shutil.copy(CATALOGS / "demo.toml", tmp_path / "catalogs" / "demo.toml")
    done = _venster(tmp_path, "dealer", "init", "kozijnen-jansen", "--name", "Kozijnen Jansen & Zn", "--email",
                    "jan@jansen.example", "--languages", "nl,en", "--origin", "https://www.jansen.example")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert '<venster-configurator dealer="kozijnen-jansen" lang="nl"></venster-configurator>' in out
    assert "/admin/reset/" in out and "vst_" in out
    catalog = tmp_path / "catalogs" / "kozijnen-jansen.toml"
    checked = _venster(tmp_path, "catalog", "check", str(catalog))
    assert checked.returncode == 0, checked.stdout
    key = next(word for word in out.split() if word.startswith("vst_") and len(word) > 20)
    settings = Settings(db_path=tmp_path / "v.db", catalogs_dir=tmp_path / "catalogs", outbox_worker=False)
    with TestClient(create_app(settings)) as client:
        doc = client.get("/api/v1/dealers/kozijnen-jansen/configurator").json()
        assert doc["dealer"]["name"] == "Kozijnen Jansen & Zn" and doc["dealer"]["lang"] == "nl"
        mine = client.get("/api/v1/dealer/settings", headers={"Authorization": f"Bearer {key}"}).json()
        assert mine["allowed_origins"] == ["https://www.jansen.example"]
        assert mine["notification_emails"] == ["jan@jansen.example"]
    again = _venster(tmp_path, "dealer", "init", "kozijnen-jansen", "--email", "x@jansen.example")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert _venster(tmp_path, "dealer", "init", "Bad Slug", "--email", "x@y.example").returncode == 2


def test_init_gives_the_first_user_the_dealers_first_language_and_asks_for_a_privacy_notice(tmp_path: Path) -> None:
    """A German dealer's first user read an English back office, and a fresh dealer's widget refused every
    request ("Required" on privacy.notice_url) with nothing said at init (tester, issue 15)."""
    (tmp_path / "catalogs").mkdir()
    shutil.copy(CATALOGS / "demo.toml", tmp_path / "catalogs" / "demo.toml")
    done = _venster(tmp_path, "dealer", "init", "fenster-haus", "--email", "anna@haus.example", "--languages", "de,nl")
    assert done.returncode == 0, done.stderr
    assert "privacy notice" in done.stdout and "Settings" in done.stdout
    db = sqlite3.connect(tmp_path / "v.db")
    try:
        assert db.execute("SELECT lang FROM users WHERE email = ?", ["anna@haus.example"]).fetchone() == ("de",)
    finally:
        db.close()


def test_purge_reports_per_dealer(tmp_path: Path) -> None:
    shutil.copytree(CATALOGS, tmp_path / "catalogs")
    done = _venster(tmp_path, "purge")
    assert done.returncode == 0 and "demo: 0 contact(s) anonymised" in done.stdout
