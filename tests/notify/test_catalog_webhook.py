"""A catalog file's webhook URL into our own network: ``venster catalog check`` fails; serving logs it and goes on.

Loading never looks up a name, so one dealer's DNS cannot stop the server for every dealer;
the send-time check refuses the webhook and the delivery log says why.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.services.catalogs import CatalogStore
from server.services.deliveries import list_deliveries
from server.services.outbox_worker import run_once
from server.settings import Settings
from server.storage.db import connect
from tests.conftest import ROOT
from tests.intake.conftest import URL, fresh_body

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


def test_loading_logs_an_internal_webhook_once_and_still_serves_and_reloads(
        catalogs_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    # A literal internal address is the author's mistake: said once, and the dealer's widget keeps working.
    path = _catalog_with_webhook(catalogs_dir, "http://[::1]:8000/hook")
    caplog.set_level(logging.ERROR, logger="venster.catalogs")
    store = CatalogStore(catalogs_dir)
    store.load_all()
    assert store.slugs() == ["demo"]
    assert store.get_file("demo") is not None
    refusals = [r.getMessage() for r in caplog.records if "webhook_url" in r.getMessage()]
    assert refusals == [f"{path}: dealer.webhook_url: The webhook address ::1 {MESSAGE}; "
                        "its webhooks are refused until it is fixed"]
    path.write_text(path.read_text().replace("http://[::1]:8000/hook", "https://93.184.216.34/hook"))
    loaded = store.get_file("demo")
    assert loaded is not None and loaded.catalog.dealer.webhook_url == "https://93.184.216.34/hook"
    path.write_text(path.read_text().replace("https://93.184.216.34/hook", "http://10.0.0.8/hook") + "\n# edited\n")
    loaded = store.get_file("demo")  # a reload is not refused for it either (the send-time check refuses)
    assert loaded is not None and loaded.catalog.dealer.webhook_url == "http://10.0.0.8/hook"


def test_a_webhook_name_resolving_inside_our_network_does_not_stop_the_server(
        tmp_path: Path, catalogs_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The dealer's DNS now answers 10.0.0.1 for its CRM: loading must not look, let alone refuse.
    import server.notify.destinations as destinations

    looked_up: list[str] = []

    def dealer_dns(host: str, port: int) -> list[str]:
        looked_up.append(host)
        return ["10.0.0.1"] if host == "crm.dealer.example" else ["93.184.216.34"]

    monkeypatch.setattr(destinations, "system_resolver", dealer_dns)
    _catalog_with_webhook(catalogs_dir, "https://crm.dealer.example/hook")
    settings = Settings(db_path=tmp_path / "w.db", catalogs_dir=catalogs_dir, form_min_age_s=0, outbox_worker=False,
                        webhook_secrets={"demo": "whsec"})
    with TestClient(create_app(settings)) as client:  # prepare() + load_all(): no exception
        assert looked_up == []
        assert client.get("/api/v1/dealers/demo/configurator").status_code == 200
        assert client.get("/widget.js").status_code == 200
        body = fresh_body(client)
        assert client.post(URL, json=body, headers={"Idempotency-Key": "dns-1"}).status_code == 201
        # A reload (the file edited) on a widget request does not look the name up either.
        path = catalogs_dir / "demo.toml"
        path.write_text(path.read_text().replace("crm.dealer.example", "crm2.dealer.example") + "\n# edited\n")
        assert client.post("/api/v1/dealers/demo/evaluate", json={"product": "pvc-window"}).status_code == 200
        assert looked_up == []
        path.write_text(path.read_text().replace("crm2.dealer.example", "crm.dealer.example"))
    store = CatalogStore(catalogs_dir)
    store.load_all()
    db = connect(settings.db_path)
    try:
        while run_once(db, store, settings, "w1") is not None:
            pass
        page = list_deliveries(db, "demo", channel="webhook")
    finally:
        db.conn.close()
    # The send-time check is the guard: the webhook is not sent, and the delivery log says why.
    [delivery] = page.deliveries
    assert delivery.status != "sent" and looked_up == ["crm.dealer.example"]
    assert delivery.attempts[0].detail == ("refused: The webhook host crm.dealer.example resolves to an address "
                                           f"that is not a public internet address; {MESSAGE.split('; ', 1)[1]}")


def test_catalog_check_still_fails_on_a_name_that_resolves_inside(catalogs_dir: Path) -> None:
    path = _catalog_with_webhook(catalogs_dir, "http://localhost:8000/hook")  # /etc/hosts: loopback
    done = subprocess.run([sys.executable, "-m", "server", "catalog", "check", str(path)], capture_output=True,
                          text=True, cwd=ROOT, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "VENSTER_WEBHOOK_ALLOW_PRIVATE": "0"})
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"problem: {path}: dealer.webhook_url: The webhook host localhost resolves to an address that" in done.stdout
