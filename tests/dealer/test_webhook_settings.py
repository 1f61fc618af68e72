"""The dealer API refuses a webhook URL that points into our own network (an SSRF), with a 422 naming it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from litestar.testing import TestClient

from server.app import create_app
from tests.dealer.conftest import Dealers
from tests.web.conftest import two_dealer_settings

INTERNAL = ["http://127.0.0.1:9/hook", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8000/",
            "https://10.1.2.3/hook", "http://[::ffff:127.0.0.1]/", "http://[fd00::5]/", "http://100.64.1.1/",
            "http://0.0.0.0:8000/", "http://localhost:8000/admin"]
MESSAGE = "is not a public internet address; internal, loopback and link-local addresses are refused"


@pytest.mark.parametrize("url", INTERNAL)
def test_the_dealer_api_refuses_an_internal_webhook_with_a_422_naming_the_field(dealers: Dealers, url: str) -> None:
    before = dealers.get("/settings").json()
    answer = dealers.send("PUT", "/settings", json={**before, "webhook_url": url})
    assert answer.status_code == 422
    body = answer.json()
    assert body["status"] == 422 and body["detail"] == "The settings have errors"
    [error] = body["errors"]
    assert error["field"] == "webhook_url" and error["message"].endswith(MESSAGE)
    assert dealers.get("/settings").json() == before  # nothing of the refused change was kept


def test_the_dealer_api_takes_a_public_webhook(dealers: Dealers) -> None:
    before = dealers.get("/settings").json()
    answer = dealers.send("PUT", "/settings", json={**before, "webhook_url": "https://93.184.216.34/hooks/venster"})
    assert answer.status_code == 200 and answer.json()["webhook_url"] == "https://93.184.216.34/hooks/venster"


def test_the_development_switch_allows_loopback(tmp_path: Path, catalogs_dir: Path) -> None:
    settings = two_dealer_settings(tmp_path, catalogs_dir, webhook_allow_private=True)
    with TestClient(create_app(settings)) as client:
        dealers = Dealers(client, settings)
        before = dealers.get("/settings").json()
        answer = dealers.send("PUT", "/settings", json={**before, "webhook_url": "http://127.0.0.1:9/hook"})
        assert answer.status_code == 200


def test_a_slow_name_lookup_while_saving_does_not_hold_up_the_public_widget(
        dealers: Dealers, monkeypatch: pytest.MonkeyPatch) -> None:
    # The dealer's name servers take their time; meanwhile a homeowner's evaluate must be answered.
    import server.notify.destinations as destinations

    looking_up, release, answered = threading.Event(), threading.Event(), threading.Event()

    def slow(host: str, port: int) -> list[str]:
        looking_up.set()
        release.wait(10)  # on the event loop this would stall every request for up to 10 s
        answered.set()
        return ["93.184.216.34"]

    monkeypatch.setattr(destinations, "system_resolver", slow)
    monkeypatch.setattr(destinations, "LOOKUP_TIMEOUT_S", 30.0)  # the lookup ends when released, not before
    saved: list[int] = []
    saving = threading.Thread(target=lambda: saved.append(dealers.send(
        "PATCH", "/settings", json={"webhook_url": "https://hooks.crm.example/in"}).status_code))
    saving.start()
    try:
        assert looking_up.wait(10)
        evaluate = dealers.client.post("/api/v1/dealers/demo/evaluate", json={"product": "pvc-window"})
        assert evaluate.status_code == 200 and evaluate.json()["configuration"]["product"] == "pvc-window"
        assert not answered.is_set() and saved == []  # answered while the PATCH was still resolving
    finally:
        release.set()
        saving.join(15)
    assert saved == [200]
    assert dealers.get("/settings").json()["webhook_url"] == "https://hooks.crm.example/in"
