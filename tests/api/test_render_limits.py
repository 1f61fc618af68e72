"""The cost limit of public drawings: a width cap, a cache by ETag, and renders per client address a minute."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from litestar.testing import TestClient
from PIL import Image

from server.app import create_app
from server.render_cache import RenderCache
from server.settings import Settings, SettingsError, settings_from_env
from tests.api.test_drawings_api import TWO, _c
from tests.conftest import SITE, running_server
from tests.serve.conftest import client_from

API = "/api/v1/dealers/demo"


def _sized(width_mm: int) -> str:
    """A distinct valid window per width, so each is a new render."""
    return _c({**TWO, "width_mm": width_mm, "divisions": {}})


@pytest.fixture
def limited(tmp_path: Path, catalogs_dir: Path) -> Iterator[TestClient]:
    """Two renders a minute per client address."""
    settings = Settings(db_path=tmp_path / "r.db", catalogs_dir=catalogs_dir, site_dir=SITE, outbox_worker=False,
                        render_rate_limit=2)
    with TestClient(create_app(settings)) as client:
        yield client


def test_a_public_png_wider_than_2000_px_is_refused_naming_width(client: TestClient) -> None:
    c = _c(TWO)
    wide = client.get(f"{API}/drawing.png?c={c}&width=4000")
    assert wide.status_code == 400
    body = wide.json()
    assert body["status"] == 400 and [e["field"] for e in body["errors"]] == ["width"]
    assert client.post(f"{API}/render.png?width=2001", json=TWO).status_code == 400
    at_cap = client.get(f"{API}/drawing.png?c={c}&width=2000")
    assert at_cap.status_code == 200 and Image.open(io.BytesIO(at_cap.content)).width == 2000


def test_the_openapi_document_states_the_maximum_width(client: TestClient) -> None:
    doc = client.get("/schema/openapi.json").json()
    for path in (f"{API.replace('demo', '{dealer}')}/drawing.png", f"{API.replace('demo', '{dealer}')}/render.png"):
        op = doc["paths"][path]["get" if path.endswith("drawing.png") else "post"]
        (width,) = [p for p in op["parameters"] if p["name"] == "width"]
        assert width["schema"]["maximum"] == 2000, path
        assert "429" in op["responses"]


def test_renders_beyond_the_limit_get_429_and_cached_answers_do_not_count(limited: TestClient) -> None:
    first, second, third = (f"{API}/drawing.png?c={_sized(w)}&width=400" for w in (1200, 1300, 1400))
    a = limited.get(first)
    assert a.status_code == 200
    assert limited.post(f"{API}/render.svg", json={**TWO, "width_mm": 1300, "divisions": {}}).status_code == 200
    refused = limited.get(third)
    assert refused.status_code == 429
    body = refused.json()
    assert body["status"] == 429 and body["errors"] == [] and "try again" in body["detail"]
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    # The same drawing again is answered from the cache, byte for byte, and costs nothing:
    again = limited.get(first)
    assert again.status_code == 200 and again.content == a.content and again.headers["etag"] == a.headers["etag"]
    assert limited.get(first, headers={"If-None-Match": a.headers["etag"]}).status_code == 304
    assert limited.get(second).status_code == 429  # a PNG of the SVG's window is another render


def test_an_invalid_window_is_a_422_not_a_render(limited: TestClient) -> None:
    for _ in range(3):
        bad = limited.get(f"{API}/drawing.svg?c={_c({**TWO, 'width_mm': 50})}")
        assert bad.status_code == 422
    assert limited.get(f"{API}/drawing.svg?c={_sized(1200)}").status_code == 200


def test_the_limit_is_per_client_address_across_a_live_server(tmp_path: Path, catalogs_dir: Path) -> None:
    env = {"VENSTER_RENDER_RATE_LIMIT": "1", "VENSTER_OUTBOX": "0"}
    with running_server(tmp_path, catalogs_dir, env) as (base, _):
        with client_from("127.0.0.2", base) as anna, client_from("127.0.0.3", base) as bob:
            assert anna.get(f"{API}/drawing.svg?c={_sized(1200)}").status_code == 200
            assert anna.get(f"{API}/drawing.svg?c={_sized(1300)}").status_code == 429
            assert bob.get(f"{API}/drawing.svg?c={_sized(1400)}").status_code == 200


def test_the_setting_is_bounded() -> None:
    assert settings_from_env({"VENSTER_RENDER_RATE_LIMIT": "1000000"}).render_rate_limit == 1_000_000
    for bad in ("0", "1000001", "many"):
        with pytest.raises(SettingsError, match="VENSTER_RENDER_RATE_LIMIT"):
            settings_from_env({"VENSTER_RENDER_RATE_LIMIT": bad})


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 400)), max_size=200))
def test_the_cache_stays_within_its_bytes_and_keeps_the_newest(puts: list[tuple[int, int]]) -> None:
    cache = RenderCache(max_bytes=1000)
    for key, size in puts:
        cache.put(f"e{key}", bytes(size))
        total = sum(len(cache.get(f"e{k}") or b"") for k in range(31))
        assert total <= 1000
        if size <= 250:  # at most a quarter of the cache: what was just stored is there, with its bytes
            assert cache.get(f"e{key}") == bytes(size)
