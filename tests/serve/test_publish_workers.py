"""A publish through the dealer API serves in every worker of ``venster serve --workers 2`` within a second."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import msgspec

from server.services.keys import create_key
from server.storage.db import connect
from tests.conftest import running_server

FULL = (Path(__file__).resolve().parent.parent / "catalogs" / "full.toml").read_text()


def test_a_publish_reaches_every_worker_within_a_second(tmp_path: Path) -> None:
    folder = tmp_path / "catalogs"
    folder.mkdir()
    (folder / "demo.toml").write_text(FULL)  # checks in a fraction of a second, so publish is quick
    with running_server(tmp_path, folder, {"VENSTER_WORKERS": "2"}) as (base, _):
        db = connect(tmp_path / "live.db")
        try:
            key = create_key(db, "demo").key
        finally:
            db.conn.close()
        auth = {"Authorization": f"Bearer {key}"}
        with httpx.Client(base_url=base, timeout=30, headers=auth) as api:
            draft = api.get("/api/v1/dealer/catalog/draft").json()
            product = {**draft["products"][0], "id": "second-window"}
            draft["products"].append(product)
            saved = api.put("/api/v1/dealer/catalog/draft", content=msgspec.json.encode(draft),
                            headers={"Content-Type": "application/json"})
            assert saved.status_code == 200, saved.text
            published = api.post("/api/v1/dealer/catalog/publish", json={})
            assert published.status_code == 200, published.text
        done = time.monotonic()
        time.sleep(0.5)  # each worker re-reads the live head at its first request after HEAD_POLL_S (0.5 s)
        started, seen = [], []
        for _ in range(20):
            # A new connection each time, so the requests spread over both workers.
            started.append(time.monotonic() - done)
            answer = httpx.get(f"{base}/api/v1/dealers/demo/configurator?lang=en", timeout=5,
                               headers={"Connection": "close"})
            seen.append([p["id"] for p in answer.json()["products"]])
        # Every request from half a second after the publish on shows it, whichever worker answers.
        assert started[0] < 1.0
        assert all("second-window" in ids for ids in seen), seen
