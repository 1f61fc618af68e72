"""Drawings over HTTP: the evaluate answer's URLs, ETag and 304, PNG sizes, views, and bad input."""

from __future__ import annotations

import base64
import io
import json
import os
from pathlib import Path

from litestar.testing import TestClient
from lxml import etree
from PIL import Image

EVALUATE = "/api/v1/dealers/demo/evaluate"
TWO = {"product": "pvc-window", "width_mm": 1800, "height_mm": 1200, "layout": "two-equal",
       "divisions": {"d1": 600}, "sections": {"left": {"opening": "tilt-turn-left"}, "right": {"opening": "fixed"}},
       "options": {"outside-colour": "ral-7016"}}


def _c(config: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(config).encode()).rstrip(b"=").decode()


def _section_x(svg: str, section: str) -> float:
    """Left edge (in the drawing's mm) of a section's first rectangle."""
    groups = etree.fromstring(svg.encode()).xpath("//*[@data-section=$s]", s=section)
    assert len(groups) == 1, f"section {section} drawn {len(groups)} times"
    first = groups[0][0]
    assert etree.QName(first).localname == "rect", etree.tostring(groups[0])[:200]
    return float(first.get("x"))


def test_the_evaluate_answer_links_to_drawings_of_that_window(client: TestClient) -> None:
    urls = client.post(EVALUATE, json=TWO).json()["drawing"]
    svg = client.get(urls["svg"])
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert sorted(etree.fromstring(svg.content).xpath("//@data-section")) == ["left", "right"]
    assert 'data-opening="tilt-turn-left"' in svg.text and 'fill="#383e42"' in svg.text  # anthracite outside
    assert "<script" not in svg.text and "style=" not in svg.text and "href" not in svg.text
    png = client.get(urls["png"])
    image = Image.open(io.BytesIO(png.content))
    assert png.headers["content-type"] == "image/png" and image.width == 800


def test_the_drawing_is_labelled_in_the_language_the_window_was_evaluated_in(client: TestClient) -> None:
    # The hosted page in German drew "Kunststof raam" (the dealer's first language) under German controls.
    german = client.get(client.post(EVALUATE + "?lang=de", json=TWO).json()["drawing"]["svg"]).text
    assert "Kunststofffenster" in german and "Kunststof raam" not in german
    dutch = client.get(client.post(EVALUATE, json=TWO).json()["drawing"]["svg"]).text
    assert "Kunststof raam" in dutch


def test_the_default_view_follows_the_dealers_convention_and_view_mirrors_it(client: TestClient) -> None:
    c = _c(TWO)
    outside = client.get(f"/api/v1/dealers/demo/drawing.svg?c={c}").text  # demo draws vkg: from outside
    inside = client.get(f"/api/v1/dealers/demo/drawing.svg?c={c}&view=inside").text
    # The homeowner's left section (600 mm, seen from inside) is on the right seen from outside.
    assert _section_x(outside, "left") > _section_x(outside, "right")
    assert _section_x(inside, "left") < _section_x(inside, "right")
    assert client.get(f"/api/v1/dealers/demo/drawing.svg?c={c}&view=outside").text == outside


def test_etag_and_304_and_a_new_etag_when_the_catalog_changes(client: TestClient, catalogs_dir: Path) -> None:
    url = f"/api/v1/dealers/demo/drawing.svg?c={_c(TWO)}"
    first = client.get(url)
    etag = first.headers["etag"]
    assert "public" in first.headers["cache-control"] and first.headers["x-content-type-options"] == "nosniff"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get(url).content == first.content  # deterministic
    toml = catalogs_dir / "demo.toml"
    toml.write_text(toml.read_text().replace('swatch = "#383e42"', 'swatch = "#2b3036"'))
    later = os.stat(toml).st_mtime + 5
    os.utime(toml, (later, later))
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert 'fill="#2b3036"' in changed.text


def test_png_width_background_and_tall_windows_stay_bounded(client: TestClient) -> None:
    c = _c(TWO)
    small = Image.open(io.BytesIO(client.get(f"/api/v1/dealers/demo/drawing.png?c={c}&width=320").content))
    assert small.width == 320
    clear = Image.open(io.BytesIO(client.get(
        f"/api/v1/dealers/demo/drawing.png?c={c}&width=400&background=transparent").content)).convert("RGBA")
    assert clear.getpixel((0, 0))[3] == 0 and clear.getpixel((clear.width // 2, clear.height // 2))[3] == 255
    door = _c({"product": "alu-sliding-door", "width_mm": 1500, "height_mm": 2600})
    tall = client.get(f"/api/v1/dealers/demo/drawing.png?c={door}&width=2000")  # the public maximum
    assert tall.status_code == 200
    image = Image.open(io.BytesIO(tall.content))
    assert image.height <= 4000 and image.width <= 2000


def test_bad_drawing_requests_name_the_field(client: TestClient) -> None:
    c = _c(TWO)
    cases = [
        (f"/api/v1/dealers/demo/drawing.png?c={c}&width=100000", 400, "width"),
        (f"/api/v1/dealers/demo/drawing.png?c={c}&width=0", 400, "width"),
        ("/api/v1/dealers/demo/drawing.svg?c=***", 400, "c"),
        ("/api/v1/dealers/demo/drawing.svg?c=" + "A" * 9000, 400, "c"),
        ("/api/v1/dealers/demo/drawing.svg", 400, "c"),
        (f"/api/v1/dealers/demo/drawing.svg?c={_c([1, 2])}", 422, "c"),
        (f"/api/v1/dealers/demo/drawing.svg?c={_c({'product': 'pvc-window', 'width_mm': 'wide'})}", 422,
         "c.width_mm"),
        (f"/api/v1/dealers/demo/drawing.svg?c={_c({'product': 'pvc-window', 'width_mm': 50})}", 422, "c.width_mm"),
        (f"/api/v1/dealers/demo/drawing.svg?c={c}&view=sideways", 400, "view"),
    ]
    for url, status, field in cases:
        answer = client.get(url)
        assert answer.status_code == status, url
        assert field in [e["field"] for e in answer.json()["errors"]], (url, answer.json())
    assert client.get(f"/api/v1/dealers/nobody/drawing.svg?c={c}").status_code == 404


def test_render_takes_the_configuration_as_a_body(client: TestClient) -> None:
    svg = client.post("/api/v1/dealers/demo/render.svg?lang=en", json=TWO)
    assert svg.status_code == 200 and svg.headers["cache-control"] == "no-store"
    assert svg.text == client.get(f"/api/v1/dealers/demo/drawing.svg?c={_c(TWO)}&lang=en").text
    png = client.post("/api/v1/dealers/demo/render.png?width=500", json=TWO)
    assert Image.open(io.BytesIO(png.content)).size[0] == 500
    wrong_type = client.post("/api/v1/dealers/demo/render.svg", content=json.dumps(TWO),
                             headers={"Content-Type": "text/plain"})
    assert wrong_type.status_code == 415
    unknown = client.post("/api/v1/dealers/demo/render.svg", json={**TWO, "colour": "red"})
    assert unknown.status_code == 422 and "colour" in unknown.text
    impossible = client.post("/api/v1/dealers/demo/render.svg", json={**TWO, "height_mm": 9000})
    assert impossible.status_code == 422
    assert "height_mm" in [e["field"] for e in impossible.json()["errors"]]


def test_a_dealer_site_may_fetch_drawings_across_origins(client: TestClient) -> None:
    url = f"/api/v1/dealers/demo/drawing.svg?c={_c(TWO)}"
    allowed = client.get(url, headers={"Origin": "http://localhost:8000"})
    assert allowed.headers.get("access-control-allow-origin") == "http://localhost:8000"
    refused = client.get(url, headers={"Origin": "https://evil.example"})
    # Issue 16: a readable 403 in the error shape, never the drawing.
    assert refused.status_code == 403 and "<svg" not in refused.text


def test_the_drawing_etag_covers_every_compiled_catalog_and_the_i18n_code() -> None:
    # A reworded caption or a changed length format is a new drawing: no 304 for the old one.
    from server.drawing import fingerprint_sources
    from server.i18n.words import LOCALE_DIR

    covered = set(fingerprint_sources())
    catalogs = set(LOCALE_DIR.glob("*/LC_MESSAGES/*.mo"))
    i18n = set(LOCALE_DIR.parent.glob("*.py"))
    assert len(catalogs) == 4 and catalogs <= covered
    assert {p.name for p in i18n} >= {"lengths.py", "formats.py", "words.py", "engine_words.py"} and i18n <= covered


def test_the_sheets_section_rows_name_each_place_as_a_label_in_its_language() -> None:
    import msgspec

    from server.drawing import sheet_spec
    from server.engine.catalog import decode_catalog
    from server.engine.configuration import Configuration

    catalog = decode_catalog((Path(__file__).resolve().parents[2] / "catalogs" / "demo.toml").read_text(), "demo")
    config = msgspec.convert({"product": "pvc-window", "width_mm": 1800, "height_mm": 1400, "layout": "two-equal",
                              "sections": {"left": {"opening": "fixed"}, "right": {"opening": "fixed"}}},
                             Configuration)
    labels = {lang: [label for label, _ in sheet_spec(catalog, config, lang).rows][3:5] for lang in ("nl", "en", "de")}
    # German declines the adjective without its article: "Linkes Feld", never "Linke Feld".
    assert labels == {"nl": ["Linkervak", "Rechtervak"], "en": ["Left section", "Right section"],
                      "de": ["Linkes Feld", "Rechtes Feld"]}
