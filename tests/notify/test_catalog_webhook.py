"""A catalog file's webhook URL into our own network is refused at load and by ``venster catalog check``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from server.catalogs import CatalogStore
from server.engine.catalog import CatalogError
from tests.conftest import ROOT

MESSAGE = "is not a public internet address; internal, loopback and link-local addresses are refused"
_DEMO_MAIL = 'notification_emails = ["verkoop@kozijnen-demo.example"]'


def _catalog_with_webhook(catalogs_dir: Path, url: str) -> Path:
    path = catalogs_dir / "demo.toml"
    path.write_text(path.read_text().replace(_DEMO_MAIL, f'{_DEMO_MAIL}\nwebhook_url = "{url}"'))
    return path


def test_catalog_check_fails_on_an_internal_webhook(catalogs_dir: Path) -> None:
    path = _catalog_with_webhook(catalogs_dir, "http://169.254.169.254/latest/meta-data/")
    env = {"PATH": "/usr/bin:/bin", "VENSTER_WEBHOOK_ALLOW_PRIVATE": "0"}
    done = subprocess.run([sys.executable, "-m", "server", "catalog", "check", str(path)], capture_output=True,
                          text=True, cwd=ROOT, timeout=120, env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert (f"problem: {path}: dealer.webhook_url: The webhook address 169.254.169.254 {MESSAGE}") in done.stdout
    assert "FAILED — 1 problem(s)" in done.stdout
    allowed = subprocess.run([sys.executable, "-m", "server", "catalog", "check", str(path)], capture_output=True,
                             text=True, cwd=ROOT, timeout=120, env={**env, "VENSTER_WEBHOOK_ALLOW_PRIVATE": "1"})
    assert allowed.returncode == 0, allowed.stdout


def test_loading_refuses_an_internal_webhook_and_a_reload_keeps_the_last_good_catalog(catalogs_dir: Path) -> None:
    path = _catalog_with_webhook(catalogs_dir, "http://[::1]:8000/hook")
    with pytest.raises(CatalogError, match=r"dealer\.webhook_url: The webhook address ::1 is not a public"):
        CatalogStore(catalogs_dir).load_all()
    path.write_text(path.read_text().replace("http://[::1]:8000/hook", "https://93.184.216.34/hook"))
    store = CatalogStore(catalogs_dir)
    store.load_all()
    path.write_text(path.read_text().replace("https://93.184.216.34/hook", "http://10.0.0.8/hook") + "\n# edited\n")
    loaded = store.get_file("demo")
    assert loaded is not None and loaded.catalog.dealer.webhook_url == "https://93.184.216.34/hook"
