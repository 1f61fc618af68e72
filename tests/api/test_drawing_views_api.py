"""The drawing endpoint names the panes as the words do, in both views, and sizes its text for the
width (``w``) and height limit (``h``) it is shown at (issue 16)."""

from __future__ import annotations

import base64
import json

import pytest
from litestar.testing import TestClient
from lxml import etree

from renderer import MIN_TEXT_PX

DRAWING = "/api/v1/dealers/demo/drawing.svg"
TWO = {"product": "pvc-window", "width_mm": 1800, "height_mm": 1200, "layout": "two-equal",
       "divisions": {"d1": 600}, "sections": {"left": {"opening": "tilt-turn-left"}, "right": {"opening": "fixed"}}}
SINGLE = {"product": "pvc-window", "width_mm": 1000, "height_mm": 1200, "layout": "single"}
NS = {"s": "http://www.w3.org/2000/svg"}


def _c(config: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(config).encode()).rstrip(b"=").decode()


def _names(svg: bytes) -> dict[str, tuple[str, float]]:
    root = etree.fromstring(svg)
    found = {}
    for g in root.xpath("//*[@data-section]"):
        lines = g.xpath(".//s:text[@data-part='pane-name']", namespaces=NS)
        if lines:
            found[g.get("data-section")] = (" ".join(t.text for t in lines), float(g[0].get("x")))
    return found


@pytest.mark.parametrize(("view", "lang", "left", "right"), [
    ("inside", "nl", "Linkervak", "Rechtervak"), ("outside", "nl", "Linkervak", "Rechtervak"),
    ("inside", "en", "Left section", "Right section"), ("outside", "de", "Linkes Feld", "Rechtes Feld"),
])
def test_the_panes_carry_the_names_the_words_use_in_either_view(client: TestClient, view: str, lang: str,
                                                               left: str, right: str) -> None:
    svg = client.get(DRAWING, params={"c": _c(TWO), "lang": lang, "view": view})
    assert svg.status_code == 200
    names = _names(svg.content)
    assert names["left"][0] == left and names["right"][0] == right
    # The homeowner's left (from inside) is left in the inside view and right from outside.
    assert (names["left"][1] < names["right"][1]) == (view == "inside")
    caption = {"inside": {"nl": "Binnenaanzicht", "en": "View from inside"},
               "outside": {"nl": "Buitenaanzicht", "de": "Ansicht von außen"}}[view][lang]
    assert caption in svg.text


def test_a_single_section_window_needs_no_pane_name(client: TestClient) -> None:
    svg = client.get(DRAWING, params={"c": _c(SINGLE), "view": "inside"})
    assert svg.status_code == 200 and b"pane-name" not in svg.content


@pytest.mark.parametrize(("w", "h"), [(360, None), (400, 320), (1000, 380), (160, 160)])
def test_the_text_reads_at_the_size_asked_for(client: TestClient, w: int, h: int | None) -> None:
    params: dict[str, str | int] = {"c": _c(TWO), "w": w, "view": "inside"}
    if h:
        params["h"] = h
    svg = client.get(DRAWING, params=params)
    assert svg.status_code == 200
    root = etree.fromstring(svg.content)
    _, _, vb_w, vb_h = (float(v) for v in root.get("viewBox").split())
    scale = min(w / vb_w, h / vb_h) if h else w / vb_w
    sizes = [float(t.get("font-size")) for t in root.xpath("//s:text", namespaces=NS)]
    assert min(sizes) * scale >= MIN_TEXT_PX


def test_the_shown_size_is_part_of_the_etag_and_bounded(client: TestClient) -> None:
    c = _c(TWO)
    plain = client.get(DRAWING, params={"c": c})
    sized = client.get(DRAWING, params={"c": c, "w": 400})
    tall = client.get(DRAWING, params={"c": c, "w": 400, "h": 320})
    assert len({plain.headers["etag"], sized.headers["etag"], tall.headers["etag"]}) == 3
    assert plain.content != sized.content
    for bad in ({"w": 100}, {"w": 5000}, {"w": 400, "h": 10}):
        answer = client.get(DRAWING, params={"c": c, **bad})
        assert answer.status_code == 400, (bad, answer.text)
