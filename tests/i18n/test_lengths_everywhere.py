"""An imperial dealer reads inches everywhere a size is shown; a metric one keeps its millimetres (issue 15).

The imperial test dealer is the demo dealer with ``[dealer] units = "imperial"`` (as the widget's browser
test makes it); lengths stay stored in mm. The request is the intake body's 1800 x 1400 mm two-light
window: 1800 mm = 70.866 in -> 1133.9 sixteenths -> 1134 = 70 14/16 = 70 7/8"; 1400 mm = 55.118 in ->
881.9 -> 882 = 55 2/16 = 55 1/8"; each 900 mm light = 35.433 in -> 566.9 -> 567 = 35 7/16".
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from lxml import etree
from pypdf import PdfReader

from server.app import create_app
from server.i18n.lengths import dimension_text, format_size
from server.settings import Settings
from tests.conftest import SITE
from tests.quotes.conftest import Shop
from tests.support.dealers import add_second_dealer
from tests.web.conftest import Office

NS = "{http://www.w3.org/2000/svg}"
WIDE, HIGH, LIGHT = '70 7/8"', '55 1/8"', '35 7/16"'
SIZE_IN = f"{WIDE} × {HIGH}"
SIZE_MM = "1.800 × 1.400 mm"
WINDOW = {"product": "pvc-window", "width_mm": 1800, "height_mm": 1400, "layout": "two-equal",
          "options": {"glazing": "triple"}}


class Both:
    """One app: the dealer API and outbox (``shop``) and the back office, logged in as Anna (``office``)."""

    def __init__(self, client: TestClient, settings: Settings) -> None:
        self.shop = Shop(client, settings)
        self.office = Office(client, settings)
        self.office.login()
        self.client = client


def _app(tmp_path: Path, catalogs_dir: Path, units: str, lengths: str = "inches") -> Iterator[Both]:
    toml = catalogs_dir / "demo.toml"
    text = toml.read_text()
    assert 'units = "metric"' in text
    toml.write_text(text.replace('units = "metric"', f'units = "{units}"\nimperial_lengths = "{lengths}"', 1))
    add_second_dealer(catalogs_dir)
    settings = Settings(db_path=tmp_path / "venster.db", catalogs_dir=catalogs_dir, site_dir=SITE, form_min_age_s=0,
                        outbox_worker=False, rate_limit=1000, key_rate_limit=10_000, mail_dir=tmp_path / "mail")
    with TestClient(create_app(settings)) as client:
        yield Both(client, settings)


@pytest.fixture
def imperial(tmp_path: Path, catalogs_dir: Path) -> Iterator[Both]:
    """The demo dealer in inches."""
    yield from _app(tmp_path, catalogs_dir, "imperial")


@pytest.fixture
def feet(tmp_path: Path, catalogs_dir: Path) -> Iterator[Both]:
    """The demo dealer in inches, written as feet-inches (``imperial_lengths = "feet-inches"``)."""
    yield from _app(tmp_path, catalogs_dir, "imperial", "feet-inches")


@pytest.fixture
def metric(tmp_path: Path, catalogs_dir: Path) -> Iterator[Both]:
    """The demo dealer as it ships, in millimetres."""
    yield from _app(tmp_path, catalogs_dir, "metric")


def _svg_texts(svg: bytes | str) -> tuple[list[str], str, str]:
    """The drawing's printed texts, its <title> and its <desc>."""
    root = etree.fromstring(svg.encode() if isinstance(svg, str) else svg)
    return ([t.text or "" for t in root.iter(f"{NS}text")], root.findtext(f"{NS}title") or "",
            root.findtext(f"{NS}desc") or "")


def _no_millimetres(text: str) -> None:
    """No size in mm: neither the numbers nor the unit (a catalog's own option label, "70 mm", aside)."""
    for mm in ("1800", "1.800", "1,800", "1400", "1.400", "1,400", " 900"):
        assert mm not in text, mm
    assert " mm" not in text.replace("Standaard 70 mm", "").replace("Standard 70 mm", ""), text


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _rendered(client: TestClient, lang: str, view: str | None = None) -> bytes:
    query = f"?lang={lang}" + (f"&view={view}" if view else "")
    answer = client.post(f"/api/v1/dealers/demo/render.svg{query}", json=WINDOW)
    assert answer.status_code == 200, answer.text
    return answer.content


# --- the drawing and its A4 sheet --------------------------------------------------------------------------


def test_an_imperial_drawing_writes_inches_on_its_dimension_lines_and_caption(imperial: Both) -> None:
    texts, _, desc = _svg_texts(_rendered(imperial.client, "en"))
    assert {WIDE, HIGH, LIGHT} <= set(texts)
    assert "View from outside · White (RAL 9016) · Dimensions in inches" in texts
    assert not [t for t in texts if "mm" in t or t.isdigit()], texts  # no millimetre left on the drawing
    assert "mm" not in desc


def test_a_dealer_who_prefers_feet_reads_feet_and_inches_everywhere(feet: Both) -> None:
    # 1800 x 1400 mm = 70 7/8" x 55 1/8" = 5' 10 7/8" x 4' 7 1/8"; each light 35 7/16" = 2' 11 7/16".
    wide, high, light = "5' 10 7/8\"", "4' 7 1/8\"", "2' 11 7/16\""
    texts, _, desc = _svg_texts(_rendered(feet.client, "en"))
    assert {wide, high, light} <= set(texts) and f"{wide} × {high}" in desc
    too_wide = feet.client.post("/api/v1/dealers/demo/evaluate?lang=en", json={**WINDOW, "width_mm": 9000}).json()
    said = " ".join(e["message"] for e in too_wide["errors"])
    assert "'" in said and " mm" not in said, said
    ref = feet.shop.submit()
    html = feet.office.get(f"/admin/requests/{ref}").text
    assert f"{wide} × {high}".replace('"', "&#34;").replace("'", "&#39;") in html


def test_a_metric_drawing_keeps_its_millimetres(metric: Both) -> None:
    texts, _, _ = _svg_texts(_rendered(metric.client, "nl"))
    assert {"1800", "1400", "900"} <= set(texts)
    assert "Buitenaanzicht · Wit (RAL 9016) · Maten in mm" in texts and "vast" in texts
    assert not [t for t in texts if '"' in t]


def test_the_imperial_a4_sheet_shows_inches_in_its_rows_and_drawing(imperial: Both) -> None:
    ref = imperial.shop.submit()
    text = _pdf_text(imperial.shop.get(f"/requests/{ref}/items/1/drawing.pdf").content)
    assert SIZE_IN in text and "Maten in inch" in text and "Pagina 1 van 1" in text
    assert WIDE in text.replace(SIZE_IN, "") and LIGHT in text  # the dimension lines, besides the size row
    _no_millimetres(text)


def test_the_metric_a4_sheet_is_in_millimetres(metric: Both) -> None:
    ref = metric.shop.submit()
    text = _pdf_text(metric.shop.get(f"/requests/{ref}/items/1/drawing.pdf").content)
    assert SIZE_MM in text and "Maten in mm" in text and '"' not in text


# --- the accessible description -----------------------------------------------------------------------------

DESCRIPTIONS = {
    "nl": "Kozijn van 1.800 × 1.400 mm met 2 vakken: linkervak draaikiepraam links; rechtervak vast glas.",
    "en": "Window of 1,800 × 1,400 mm with 2 sections: left section tilt-turn, hinged left; right section fixed.",
    "de": "Fenster von 1.800 × 1.400 mm mit 2 Feldern: linkes Feld Dreh-Kipp links; rechtes Feld Festverglasung.",
}


@pytest.mark.parametrize("lang", sorted(DESCRIPTIONS))
def test_the_description_is_one_sentence_in_the_drawings_language_without_ids(client: TestClient,
                                                                              lang: str) -> None:
    svg = _rendered(client, lang)
    _, title, desc = _svg_texts(svg)
    assert desc == DESCRIPTIONS[lang]
    assert title and desc.endswith(".") and ". " not in desc  # one sentence
    for internal in ("s1", "s2", "left:", "tilt-turn-left", "fixed;", "(inward)"):
        assert internal not in desc
    assert etree.fromstring(svg).get("lang") == lang


def test_the_imperial_description_gives_the_size_in_inches(imperial: Both) -> None:
    _, _, desc = _svg_texts(_rendered(imperial.client, "de"))
    assert desc == f"Fenster von {SIZE_IN} mit 2 Feldern: linkes Feld Dreh-Kipp links; rechtes Feld Festverglasung."


# --- the drawing follows the language asked for ---------------------------------------------------------------


def test_the_widget_drawing_follows_its_lang(client: TestClient) -> None:
    for lang, caption in (("nl", "Buitenaanzicht"), ("en", "View from outside"), ("de", "Ansicht von außen")):
        evaluated = client.post(f"/api/v1/dealers/demo/evaluate?lang={lang}", json=WINDOW).json()
        texts, _, desc = _svg_texts(client.get(evaluated["drawing"]["svg"]).content)
        assert any(t.startswith(caption) for t in texts) and desc == DESCRIPTIONS[lang]


def test_the_hosted_page_hands_its_language_to_the_widget(client: TestClient) -> None:
    # The widget then asks for the drawing in that language (test_the_widget_drawing_follows_its_lang).
    page = client.get("/d/demo?lang=de").text
    assert '<venster-configurator dealer="demo" lang="de">' in page


def test_the_dealers_mail_draws_in_the_dealers_language_and_the_confirmation_carries_no_drawing(
        imperial: Both, monkeypatch: pytest.MonkeyPatch) -> None:
    import server.notify.mail as mail

    drawn: list[str] = []
    real = mail.render_drawing

    def spy(compiled: Any, config: Any, lang: str, fmt: Any, **kw: Any) -> bytes:
        drawn.append(lang)
        return real(compiled, config, lang, fmt, **kw)
    monkeypatch.setattr(mail, "render_drawing", spy)
    imperial.shop.submit(lang="de")  # the homeowner reads German; the dealer's first language is Dutch
    imperial.shop.deliver()
    assert drawn == ["nl"]
    attachments = [m for m in imperial.shop.mails() if any(p.get_content_type() == "image/png" for p in m.walk())]
    assert len(attachments) == 1 and "verkoop@kozijnen-demo.example" in attachments[0]["To"]


def test_the_quote_page_and_quote_pdf_draw_in_their_language(imperial: Both) -> None:
    ref = imperial.shop.submit(lang="de")
    quote = imperial.shop.quote(ref)
    _, link = imperial.shop.sent(quote["number"])
    page = imperial.client.get(link + "?lang=nl").text
    assert '/items/1/drawing.svg?lang=nl"' in page
    _, _, dutch = _svg_texts(imperial.client.get(link + "/items/1/drawing.svg?lang=nl").content)
    _, _, german = _svg_texts(imperial.client.get(link + "/items/1/drawing.svg").content)  # the quote's language
    assert dutch.startswith("Kozijn van") and german.startswith("Fenster von")
    pdf = _pdf_text(imperial.shop.get(f"/quotes/{quote['number']}/quote.pdf").content)
    assert "Maße in Zoll" in pdf and "Maten in" not in pdf


# --- sizes elsewhere ------------------------------------------------------------------------------------------


def test_the_request_mails_give_sizes_in_inches(imperial: Both) -> None:
    imperial.shop.submit(lang="en")
    imperial.shop.deliver()
    bodies = ["".join(p.get_content() for p in m.walk() if p.get_content_type() in ("text/plain", "text/html"))
              for m in imperial.shop.mails()]
    assert len(bodies) == 2
    for body in bodies:  # the dealer's (nl) and the homeowner's confirmation (en)
        assert SIZE_IN.replace('"', "&#34;") in body  # the HTML part (Jinja escapes the inch mark)
        assert SIZE_IN in body  # the plain-text part
        assert "1800" not in body and " mm" not in body


def test_the_metric_request_mails_keep_millimetres(metric: Both) -> None:
    metric.shop.submit()
    metric.shop.deliver()
    for message in metric.shop.mails():
        body = "".join(p.get_content() for p in message.walk() if p.get_content_type() == "text/plain")
        assert SIZE_MM in body and WIDE not in body


def test_the_back_office_request_and_quote_pages_show_inches(imperial: Both) -> None:
    ref = imperial.shop.submit()
    html = imperial.office.get(f"/admin/requests/{ref}").text
    assert SIZE_IN.replace('"', "&#34;") in html and "1800 x 1400" not in html and "1.800" not in html
    made = imperial.office.post(f"/admin/requests/{ref}/quotes", follow_redirects=True)
    assert made.status_code == 200, made.text[:300]
    assert f"Raam 1 · {SIZE_IN}".replace('"', "&#34;") in made.text  # the "linked window" choice
    assert f"Kunststof raam, {SIZE_IN}".replace('"', "&#34;") in made.text  # the prefilled line
    assert "1.800" not in made.text and "1800 ×" not in made.text


def test_the_metric_back_office_keeps_millimetres(metric: Both) -> None:
    ref = metric.shop.submit()
    assert SIZE_MM in metric.office.get(f"/admin/requests/{ref}").text
    made = metric.office.post(f"/admin/requests/{ref}/quotes", follow_redirects=True)
    assert f"Raam 1 · {SIZE_MM}" in made.text and f"Kunststof raam, {SIZE_MM}" in made.text


def test_the_homeowner_quote_page_quote_pdf_and_invoice_pdf_show_inches(imperial: Both) -> None:
    ref = imperial.shop.submit(lang="en")
    quote = imperial.shop.quote(ref)
    assert quote["lines"][0]["description"] == f"PVC window, {SIZE_IN} (kitchen)"
    _, link = imperial.shop.sent(quote["number"])
    page = imperial.client.get(link).text
    assert SIZE_IN.replace('"', "&#34;") in page and "1,800" not in page
    pdf = _pdf_text(imperial.shop.get(f"/quotes/{quote['number']}/quote.pdf").content)
    assert SIZE_IN in pdf
    _no_millimetres(pdf)
    imperial.client.post(link + "/accept", data={"name": "Anna Jansen", "agree": "yes"})
    invoice = imperial.shop.send("POST", f"/quotes/{quote['number']}/invoice").json()
    text = _pdf_text(imperial.shop.get(f"/invoices/{invoice['number']}/invoice.pdf").content)
    assert SIZE_IN in text
    _no_millimetres(text)


def test_the_metric_quote_keeps_millimetres(metric: Both) -> None:
    quote = metric.shop.quote(metric.shop.submit(lang="en"))
    assert quote["lines"][0]["description"] == "PVC window, 1,800 × 1,400 mm (kitchen)"


def test_exports_keep_mm_columns_and_add_a_size_in_inches(imperial: Both) -> None:
    ref = imperial.shop.submit()
    for get in (imperial.shop.get, lambda path: imperial.office.get("/admin" + path)):
        rows = list(csv.DictReader(io.StringIO(get("/requests.csv").content.decode("utf-8-sig"))))
        assert rows[0]["reference"] == ref and rows[0]["sizes"] == SIZE_IN
        (exported,) = json.loads(get("/requests.json").content)
        item = exported["items"][0]
        assert item["size"] == SIZE_IN
        assert item["configuration"]["width_mm"] == 1800 and item["configuration"]["height_mm"] == 1400


def test_metric_exports_size_in_millimetres(metric: Both) -> None:
    metric.shop.submit()
    rows = list(csv.DictReader(io.StringIO(metric.shop.get("/requests.csv").content.decode("utf-8-sig"))))
    assert rows[0]["sizes"] == SIZE_MM
    assert json.loads(metric.shop.get("/requests.json").content)[0]["items"][0]["size"] == SIZE_MM


# --- the helpers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "units", "expected"), [
    ("nl", "metric", "1.230 × 1.480 mm"), ("de", "metric", "1.230 × 1.480 mm"), ("en", "metric", "1,230 × 1,480 mm"),
    # 1230 mm = 48.425 in -> 774.8 sixteenths -> 775 = 48 7/16; 1480 mm = 58.268 in -> 932.3 -> 932 = 58 1/4.
    ("nl", "imperial", '48 7/16" × 58 1/4"'), ("en", "imperial", '48 7/16" × 58 1/4"'),
])
def test_format_size_writes_the_unit_once(lang: str, units: str, expected: str) -> None:
    assert format_size(1230, 1480, lang, units) == expected  # type: ignore[arg-type]


def test_dimension_text_is_a_bare_mm_number_or_inches_with_their_mark() -> None:
    assert dimension_text(1230) == "1230" and dimension_text(1230, "imperial") == '48 7/16"'
    assert dimension_text(927, "imperial") == '36 1/2"'  # 927 mm = 36.496 in -> 583.9 -> 584 = 36 8/16


def test_the_back_office_thumbnail_draws_in_the_users_language(imperial: Both) -> None:
    ref = imperial.shop.submit(lang="de")
    html = imperial.office.get(f"/admin/requests/{ref}").text  # Anna reads Dutch
    assert f"/admin/requests/{ref}/items/1/drawing.svg?lang=nl" in html
    _, _, dutch = _svg_texts(imperial.office.get(f"/admin/requests/{ref}/items/1/drawing.svg?lang=nl").content)
    _, _, german = _svg_texts(imperial.office.get(f"/admin/requests/{ref}/items/1/drawing.svg").content)
    assert dutch.startswith("Kozijn van 70 7/8\"") and german.startswith("Fenster von")  # downloads: the request's
