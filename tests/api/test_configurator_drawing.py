"""The configurator answer's inline first drawing, ``drawing_svg``: the very text its drawing URL answers.

The widget shows it as the first picture instead of asking ``drawing.svg`` (one round trip fewer
before the first drawing), so it must be that URL's answer byte for byte, in every language and
view, and drawing it once must serve both (one render cache entry, one ETag).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from server.api import drawing_cache, drawings
from server.api.drawings import drawing_svg
from server.api.public import configurator
from server.api.query_check import accepted_query

CONFIGURATOR = "/api/v1/dealers/demo/configurator"
_REAL_RENDER = drawing_cache.render_drawing  # hypothesis examples share one monkeypatch: wrap the real one


@pytest.mark.parametrize("lang", ["nl", "en", "de"])
@pytest.mark.parametrize("view", [None, "inside", "outside"])
def test_drawing_svg_is_what_the_evaluations_drawing_url_answers(client: TestClient, lang: str,
                                                                 view: str | None) -> None:
    extra = f"&view={view}" if view else ""
    doc = client.get(f"{CONFIGURATOR}?lang={lang}&evaluation=true{extra}").json()
    assert doc["evaluation"]["valid"]
    answer = client.get(doc["evaluation"]["drawing"]["svg"] + extra)
    assert answer.status_code == 200
    assert doc["drawing_svg"] == answer.text  # byte for byte
    assert doc["drawing_svg"].startswith("<svg") and "data-section" in doc["drawing_svg"]


def test_the_views_are_different_drawings(client: TestClient) -> None:
    inside = client.get(f"{CONFIGURATOR}?evaluation=true&view=inside").json()["drawing_svg"]
    outside = client.get(f"{CONFIGURATOR}?evaluation=true&view=outside").json()["drawing_svg"]
    assert inside != outside


def test_drawing_svg_is_absent_without_evaluation(client: TestClient) -> None:
    for query in ("", "?lang=en", "?evaluation=false", "?view=inside"):
        assert "drawing_svg" not in client.get(CONFIGURATOR + query).json()


def test_a_bad_view_is_a_422_naming_it(client: TestClient) -> None:
    answer = client.get(f"{CONFIGURATOR}?evaluation=true&view=sideways")
    assert answer.status_code in (400, 422)
    assert "view" in answer.text


def test_one_drawing_serves_both_the_answer_and_the_url(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Drawn for the configurator answer, the URL answers from the render cache: no second render."""
    drawn: list[str] = []
    real = drawing_cache.render_drawing

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - passes everything through
        drawn.append(args[3])
        return real(*args, **kwargs)

    monkeypatch.setattr(drawing_cache, "render_drawing", counting)
    monkeypatch.setattr(drawings, "render_drawing", counting)
    doc = client.get(f"{CONFIGURATOR}?lang=de&evaluation=true").json()
    assert drawn == ["svg"]
    again = client.get(f"{CONFIGURATOR}?lang=de&evaluation=true").json()
    url = client.get(doc["evaluation"]["drawing"]["svg"])
    assert drawn == ["svg"]  # the second answer and the URL both came from the cache
    assert again["drawing_svg"] == url.text == doc["drawing_svg"]


def test_the_url_drawn_first_serves_the_answer(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = client.get(f"{CONFIGURATOR}?lang=en&evaluation=true&view=outside").json()
    client.app.state.render_cache = type(client.app.state.render_cache)()  # forget it: the URL draws first
    url = client.get(doc["evaluation"]["drawing"]["svg"] + "&view=outside")
    monkeypatch.setattr(drawing_cache, "render_drawing", lambda *a, **k: pytest.fail("drawn twice"))
    assert client.get(f"{CONFIGURATOR}?lang=en&evaluation=true&view=outside").json()["drawing_svg"] == url.text


def test_the_configurator_takes_every_parameter_of_the_drawing_but_its_shown_size() -> None:
    """The widget asks its first drawing with the configurator answer, with the drawing's own parameters
    (view, and any added later); a drawing parameter the configurator does not take would be a 422
    there and no widget would start. The shown size (``w``, ``h``) is the one exception: the first
    drawing is asked before the widget is laid out, so it is the unsized one, and the picture asks
    it again for its box (a size per box would also let a client draw without its render limit)."""
    drawing_own = accepted_query(drawing_svg) - {"c", "w", "h"}
    assert drawing_own <= accepted_query(configurator)
    assert {"w", "h"} <= accepted_query(drawing_svg) and not {"w", "h"} & accepted_query(configurator)


# The configurator's `view` parameter and `drawing_svg` field in the OpenAPI schema: one test with
# `evaluation`'s, in tests/api/test_configurator_evaluation.py.


_ASK = st.tuples(st.sampled_from(["configurator", "drawing"]), st.sampled_from(["nl", "en", "de"]),
                 st.sampled_from([None, "inside", "outside"]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(asks=st.lists(_ASK, min_size=1, max_size=6))
def test_in_any_order_each_drawing_is_drawn_once_and_both_answers_agree(
        client: TestClient, monkeypatch: pytest.MonkeyPatch, asks: list[tuple[str, str, str | None]]) -> None:
    """Whichever of the configurator answer and the drawing URL comes first draws; the other reads the cache."""
    client.app.state.render_cache = type(client.app.state.render_cache)()
    drawn: list[tuple[str, str | None]] = []

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - passes everything through
        drawn.append((args[2], kwargs.get("view")))
        return _REAL_RENDER(*args, **kwargs)

    monkeypatch.setattr(drawing_cache, "render_drawing", counting)
    monkeypatch.setattr(drawings, "render_drawing", counting)
    seen: dict[tuple[str, str | None], str] = {}
    for what, lang, view in asks:
        extra = f"&view={view}" if view else ""
        doc_url = f"{CONFIGURATOR}?lang={lang}&evaluation=true{extra}"
        if what == "configurator":
            text = client.get(doc_url).json()["drawing_svg"]
        else:
            text = client.get(_link(client, lang) + extra).text
        assert seen.setdefault((lang, view), text) == text
    assert sorted(drawn, key=str) == sorted(set(drawn), key=str)  # none drawn twice
    assert set(drawn) == {(lang, view) for _, lang, view in asks}


def _link(client: TestClient, lang: str) -> str:
    """The evaluation's drawing URL in ``lang``, from an evaluate request (which draws nothing)."""
    first = client.get(f"{CONFIGURATOR}?lang={lang}").json()["products"][0]["id"]
    return client.post(f"/api/v1/dealers/demo/evaluate?lang={lang}", json={"product": first}).json()["drawing"]["svg"]
