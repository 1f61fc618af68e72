"""The widget's server side: the bundle, per-dealer CORS and the hosted page, through real HTTP."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest
from litestar.testing import TestClient

from server.api.widget import WIDGET_JS, WidgetBundle, chosen_encoding, etag_matches
from server.app import create_app
from server.settings import Settings

EVALUATE = "/api/v1/dealers/demo/evaluate"
CONFIGURATOR = "/api/v1/dealers/demo/configurator"
DEALER_SITE = "http://127.0.0.1:8000"  # in catalogs/demo.toml's allowed_origins
OWN = "http://testserver.local"  # the test client's Host
EVIL = "https://evil.example"


def _preflight(client: TestClient, path: str, origin: str, method: str = "POST"):
    return client.options(path, headers={"Origin": origin, "Access-Control-Request-Method": method,
                                         "Access-Control-Request-Headers": "content-type, idempotency-key"})


def _vary(headers) -> list[str]:
    return [v.strip().lower() for v in headers.get("vary", "").split(",") if v.strip()]


def _assert_error_shape(answer, status: int) -> None:
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert set(body) == {"status", "detail", "errors"} and body["status"] == status


# --- GET /widget.js ---------------------------------------------------------------------------


def test_widget_js_is_served_with_a_strong_etag(client: TestClient) -> None:
    answer = client.get("/widget.js")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/javascript; charset=utf-8"
    assert answer.headers["cache-control"] == "public, max-age=300"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.content == WIDGET_JS.read_bytes()  # the committed esbuild bundle, as it is
    assert re.fullmatch(r'"[0-9a-f]{32}"', answer.headers["etag"])  # strong: no W/
    assert client.get("/widget.js").headers["etag"] == answer.headers["etag"]


@pytest.mark.parametrize("form", ["{etag}", "W/{etag}", '"other", {etag}', "*"])
def test_widget_js_answers_304_to_a_matching_if_none_match(client: TestClient, form: str) -> None:
    etag = client.get("/widget.js").headers["etag"]
    answer = client.get("/widget.js", headers={"If-None-Match": form.format(etag=etag)})
    assert answer.status_code == 304
    assert answer.content == b""
    assert answer.headers["etag"] == etag
    assert answer.headers["cache-control"] == "public, max-age=300"


def test_widget_js_answers_200_to_a_stale_etag(client: TestClient) -> None:
    answer = client.get("/widget.js", headers={"If-None-Match": '"0000"'})
    assert answer.status_code == 200 and answer.content.startswith(b"/*! venster")


def test_bundle_etag_follows_the_file(tmp_path: Path) -> None:
    path = tmp_path / "w.js"
    path.write_bytes(b"one;")
    bundle = WidgetBundle(path)
    body, first = bundle.current()
    assert body == b"one;"
    path.write_bytes(b"second;")
    body, second = bundle.current()
    assert body == b"second;" and second != first


def test_the_bundle_is_served_byte_for_byte(tmp_path: Path) -> None:
    """esbuild builds it; the server changes nothing (the old line-based compacting misread template literals)."""
    source = b'/*! banner */\n// a comment\nconst a = "`", b = `\n  // text\n`;\n'
    path = tmp_path / "w.js"
    path.write_bytes(source)
    assert WidgetBundle(path).current()[0] == source


def test_the_served_bundle_is_small(client: TestClient) -> None:
    # What a browser gets on the wire (Chromium, Firefox and Safari all accept brotli): at most 30 KB.
    _, wire = _raw(client, "gzip, deflate, br, zstd")
    assert len(wire) <= 30 * 1024


def test_etag_matching_is_exact() -> None:
    assert etag_matches('"abc"', '"abc"')
    assert not etag_matches('"abcd"', '"abc"')
    assert not etag_matches(None, '"abc"')
    assert not etag_matches("", '"abc"')


def _raw(client: TestClient, accept_encoding: str, **headers: str):
    """``/widget.js`` as sent on the wire (httpx would otherwise decode gzip for us)."""
    with client.stream("GET", "/widget.js", headers={"Accept-Encoding": accept_encoding, **headers}) as answer:
        return answer, b"".join(answer.iter_raw())


def test_widget_js_is_brotli_when_accepted_and_decompresses_to_dist(client: TestClient) -> None:
    answer, wire = _raw(client, "gzip, deflate, br")
    assert answer.status_code == 200
    assert answer.headers["content-encoding"] == "br"
    assert "accept-encoding" in _vary(answer.headers)
    assert brotli.decompress(wire) == WIDGET_JS.read_bytes()
    assert re.fullmatch(r'"[0-9a-f]{32}"', answer.headers["etag"])
    gzipped, packed = _raw(client, "gzip, deflate")
    assert gzipped.headers["content-encoding"] == "gzip" and gzip.decompress(packed) == WIDGET_JS.read_bytes()
    assert len(wire) < len(packed) and gzipped.headers["etag"] != answer.headers["etag"]


def test_widget_js_without_gzip_is_the_plain_bundle_with_its_own_etag(client: TestClient) -> None:
    plain, wire = _raw(client, "identity")
    packed, _ = _raw(client, "gzip")
    assert "content-encoding" not in plain.headers
    assert "accept-encoding" in _vary(plain.headers)
    assert wire == WIDGET_JS.read_bytes()
    assert plain.headers["etag"] != packed.headers["etag"]  # one strong ETag per encoding


def test_each_encoding_answers_304_only_to_its_own_etag(client: TestClient) -> None:
    packed, _ = _raw(client, "gzip")
    plain, _ = _raw(client, "identity")
    again, body = _raw(client, "gzip", **{"If-None-Match": packed.headers["etag"]})
    assert again.status_code == 304 and body == b""
    assert again.headers["etag"] == packed.headers["etag"]
    assert "accept-encoding" in _vary(again.headers)
    crossed, body = _raw(client, "gzip", **{"If-None-Match": plain.headers["etag"]})
    assert crossed.status_code == 200 and gzip.decompress(body) == WIDGET_JS.read_bytes()
    plain_again, _ = _raw(client, "identity", **{"If-None-Match": plain.headers["etag"]})
    assert plain_again.status_code == 304


@pytest.mark.parametrize(("header", "wanted"), [
    ("gzip", "gzip"), ("GZIP;q=0.5", "gzip"), ("br, gzip;q=1.0", "br"), ("*", "br"), ("x-gzip", "gzip"),
    ("identity", "identity"), ("gzip;q=0", "identity"), ("*, gzip;q=0", "br"), ("*;q=0.5, br;q=0", "gzip"),
    ("br", "br"), ("br;q=0.4, gzip;q=0.8", "gzip"), ("br;q=0, gzip;q=0", "identity"), ("", "identity"),
    (None, "identity"), ("gzip;q=junk", "identity"), ("BR;q=junk, gzip", "gzip"),
])
def test_accept_encoding_is_read_with_its_q_values(header: str | None, wanted: str) -> None:
    assert chosen_encoding(header) == wanted


def test_the_gzipped_bundle_follows_the_file(tmp_path: Path) -> None:
    path = tmp_path / "w.js"
    path.write_bytes(b"one;")
    bundle = WidgetBundle(path)
    packed, etag = bundle.encoded("gzip")
    assert gzip.decompress(packed) == b"one;" and etag != bundle.current()[1]
    assert brotli.decompress(bundle.encoded("br")[0]) == b"one;"
    path.write_bytes(b"second;")
    assert gzip.decompress(bundle.encoded("gzip")[0]) == b"second;" and bundle.encoded("gzip")[1] != etag
    assert brotli.decompress(bundle.encoded("br")[0]) == b"second;"

# --- CORS -------------------------------------------------------------------------------------


@pytest.mark.parametrize("origin", [DEALER_SITE, "http://localhost:8000", OWN])
@pytest.mark.parametrize("path", [EVALUATE, CONFIGURATOR, "/api/v1/dealers/demo/quote-requests"])
def test_preflight_from_an_allowed_origin(client: TestClient, origin: str, path: str) -> None:
    answer = _preflight(client, path, origin)
    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == origin
    assert answer.headers["access-control-allow-methods"] == "GET, POST"
    assert answer.headers["access-control-allow-headers"] == "Content-Type, Idempotency-Key"
    assert int(answer.headers["access-control-max-age"]) > 0
    assert "access-control-allow-credentials" not in answer.headers
    assert "origin" in _vary(answer.headers)


@pytest.mark.parametrize("origin", [EVIL, "null", "http://127.0.0.1:8001", "https://127.0.0.1:8000"])
def test_preflight_from_another_origin_is_403_in_the_error_shape(client: TestClient, origin: str) -> None:
    answer = _preflight(client, EVALUATE, origin)
    _assert_error_shape(answer, 403)
    assert "access-control-allow-origin" not in answer.headers


def test_preflight_for_an_unknown_dealer_is_404(client: TestClient) -> None:
    answer = _preflight(client, "/api/v1/dealers/nobody/evaluate", DEALER_SITE)
    _assert_error_shape(answer, 404)
    assert "access-control-allow-origin" not in answer.headers


def test_allowed_origin_gets_its_origin_back_never_a_star(client: TestClient) -> None:
    answer = client.post(EVALUATE, json={"product": "pvc-window"}, headers={"Origin": DEALER_SITE})
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == DEALER_SITE
    assert "retry-after" in answer.headers["access-control-expose-headers"].lower()
    assert "access-control-allow-credentials" not in answer.headers
    assert _vary(answer.headers).count("origin") == 1


def test_vary_origin_is_not_doubled_when_the_handler_sets_it(client: TestClient) -> None:
    answer = client.get(CONFIGURATOR, headers={"Origin": OWN})
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == OWN
    assert _vary(answer.headers).count("origin") == 1


def test_error_answers_carry_cors_headers_for_allowed_origins(client: TestClient) -> None:
    """The widget must be able to read why a request failed."""
    wrong_type = client.post(EVALUATE, json={"product": 5}, headers={"Origin": DEALER_SITE})
    _assert_error_shape(wrong_type, 422)
    assert wrong_type.headers["access-control-allow-origin"] == DEALER_SITE


def test_disallowed_origin_gets_a_readable_refusal_without_data(client: TestClient) -> None:
    # Issue 16: the refusal is readable (so the widget can say "not linked yet"); it holds no data.
    answer = client.get(CONFIGURATOR, headers={"Origin": EVIL})
    _assert_error_shape(answer, 403)
    assert "products" not in answer.json()
    assert answer.headers["access-control-allow-origin"] == EVIL
    assert "origin" in _vary(answer.headers)


def test_request_without_origin_is_untouched(client: TestClient) -> None:
    answer = client.post(EVALUATE, json={"product": "pvc-window"})
    assert answer.status_code == 200
    assert "access-control-allow-origin" not in answer.headers


def test_unknown_dealer_is_404_in_the_error_shape(client: TestClient) -> None:
    answer = client.get("/api/v1/dealers/nobody/configurator", headers={"Origin": DEALER_SITE})
    _assert_error_shape(answer, 404)
    # Issue 16: readable, so the widget can say the dealer is unknown.
    assert answer.headers["access-control-allow-origin"] == DEALER_SITE


def test_cors_leaves_other_paths_alone(client: TestClient) -> None:
    answer = client.get("/health", headers={"Origin": EVIL})
    assert "access-control-allow-origin" not in answer.headers
    assert "origin" not in _vary(answer.headers)


def test_public_url_setting_defines_the_own_origin(tmp_path: Path, catalogs_dir: Path) -> None:
    settings = Settings(db_path=tmp_path / "p.db", catalogs_dir=catalogs_dir, site_dir=None,
                        public_url="https://configurator.example/base", outbox_worker=False)
    with TestClient(create_app(settings)) as client:
        assert _preflight(client, EVALUATE, "https://configurator.example").status_code == 204
        assert _preflight(client, EVALUATE, OWN).status_code == 403


# --- GET /d/{dealer} --------------------------------------------------------------------------


def test_hosted_page_embeds_the_widget_under_a_strict_csp(client: TestClient) -> None:
    answer = client.get("/d/demo")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    html = answer.text
    assert '<script src="/widget.js" async></script>' in html
    assert '<venster-configurator dealer="demo"></venster-configurator>' in html
    assert "<title>Kozijnen Demo" in html and '<html lang="nl">' in html
    assert "--accent: #1f5f8b;" in html
    csp = answer.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp
    nonce = re.search(r"'nonce-([A-Za-z0-9_-]+)'", csp)
    assert nonce is not None and f'<style nonce="{nonce.group(1)}">' in html
    assert client.get("/d/demo").headers["content-security-policy"] != csp  # a fresh nonce each time


def test_hosted_page_passes_a_chosen_language(client: TestClient) -> None:
    html = client.get("/d/demo?lang=en").text
    assert '<html lang="en">' in html and 'dealer="demo" lang="en"' in html
    assert "Configure your window" in html


def test_hosted_page_for_an_unknown_dealer_is_the_homeowner_pages_html_404(client: TestClient) -> None:
    # A homeowner who mistypes the link reads a page in their language, the same page as a bad /q/ link.
    answer = client.get("/d/unknown")
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
    assert "Deze link werkt niet (meer)." in answer.text
    german = client.get("/d/unknown?lang=de")
    assert german.status_code == 404 and "Dieser Link funktioniert nicht (mehr)." in german.text
    bad_quote = client.get("/q/not-a-token?lang=de")
    assert bad_quote.status_code == 404 and "Dieser Link funktioniert nicht (mehr)." in bad_quote.text


def test_hosted_page_escapes_the_dealer_name(tmp_path: Path, catalogs_dir: Path) -> None:
    toml = catalogs_dir / "demo.toml"
    toml.write_text(toml.read_text().replace('name = "Kozijnen Demo"', 'name = "Kozijnen <b>&</b> Co"', 1))
    settings = Settings(db_path=tmp_path / "e.db", catalogs_dir=catalogs_dir, site_dir=None, outbox_worker=False)
    with TestClient(create_app(settings)) as client:
        html = client.get("/d/demo").text
    assert "Kozijnen &lt;b&gt;&amp;&lt;/b&gt; Co" in html and "<b>&</b>" not in html


@pytest.mark.parametrize(("logo", "shown", "img_src"), [
    ("https://cdn.dealer.example/logo.svg", True, "img-src 'self' data: https://cdn.dealer.example;"),
    ("/site/logo.png", True, "img-src 'self' data:;"),
    ("javascript:alert(1)", False, "img-src 'self' data:;"),
])
def test_hosted_page_shows_a_logo_the_csp_allows(tmp_path: Path, catalogs_dir: Path, logo: str, shown: bool,
                                                 img_src: str) -> None:
    toml = catalogs_dir / "demo.toml"
    accent = 'accent_colour = "#1f5f8b"'
    toml.write_text(toml.read_text().replace(accent, f'{accent}\nlogo_url = "{logo}"', 1))
    settings = Settings(db_path=tmp_path / "l.db", catalogs_dir=catalogs_dir, site_dir=None, outbox_worker=False)
    with TestClient(create_app(settings)) as client:
        answer = client.get("/d/demo")
    assert (f'<img class="logo" src="{logo}"' in answer.text) is shown
    assert img_src in answer.headers["content-security-policy"]
