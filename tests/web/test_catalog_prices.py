"""The price pages: every price kind at each level saved into the draft, priced as `venster price` prices it.

The pages edit the draft only: the live catalog (what the widget and every request are priced
with) changes when the draft is published, not before. Owners only; each dealer sees its own.
"""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from server.cli import main as cli
from server.services import catalog_versions
from server.services.price_sheets import MAX_FILE_BYTES, parse_number
from tests.support.html import form_values, parse, text_of
from tests.web.conftest import Office

P = "/admin/catalog/prices"
PVC = f"{P}/pvc-window"
# 1200 x 1400 mm: 1.68 m2, 16 800 cm2, 5.2 m of frame; one tilt-turn sash; a 1 x 1 bar grid is 4 panes.
CONFIG = {"product": "pvc-window", "width_mm": 1200, "height_mm": 1400, "layout": "single",
          "sections": {"main": {"opening": "tilt-turn-left", "bars": {"rows": 1, "columns": 1}}}}
LABELS = {"label_nl": "Extra", "label_en": "Extra", "label_de": "Extra"}


def _draft(office: Office, slug: str = "demo") -> catalog_versions.Draft:
    db = office.db()
    try:
        return catalog_versions.draft_of(db, slug, office.client.app.state.catalogs.get(slug))
    finally:
        db.conn.close()


def _etag(office: Office) -> str:
    return _draft(office).etag


def _no_markup(office: Office) -> None:
    """Markup 0 in the draft, so each line below is its calculation as written (demo adds 10%)."""
    answer = office.post(f"{P}/dealer", {"markup_percent": "0", "vat_rate": "21", "prices_include_vat": "1",
                                         "etag": _etag(office)})
    assert answer.status_code == 200 and answer.url.path == P, answer.text[:300]


def _venster_price(draft_source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                   config: dict[str, Any] | None = None) -> dict[str, Decimal]:
    """`venster price` on the draft's own text: each line's code -> amount."""
    catalog = tmp_path / "draft.toml"
    catalog.write_text(draft_source, encoding="utf-8")
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config or CONFIG), encoding="utf-8")
    capsys.readouterr()
    assert cli(["price", str(catalog), str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    return {m.group(2): Decimal(m.group(1)) for m in re.finditer(r"=\s+(-?[\d.]+)\s+VAT [\d.]+%\s+\[([\w-]+)\]", out)}


# kind -> the form's fields and the amount by hand at 1200 x 1400 mm, markup 0.
KINDS: dict[str, tuple[dict[str, str], str]] = {
    "fixed": ({"amount": "25"}, "25.00"),
    "per_m2": ({"rate": "10", "min_area_m2": "2"}, "20.00"),             # billed at least 2 m2: 2 x 10
    "per_cm2": ({"rate": "0,001"}, "16.80"),                             # 16 800 cm2 x 0.001
    "tiered_area": ({"tiers": "1 10\n20"}, "23.60"),                     # 1 m2 x 10 + 0.68 m2 x 20
    "per_m_perimeter": ({"rate": "5"}, "26.00"),                         # 5.2 m x 5
    "per_m_frame": ({"rate": "5"}, "26.00"),                             # 5.2 m x 5
    "per_m": ({"rate": "5"}, "26.00"),                                   # a rule's metres are the perimeter
    "per_sash": ({"amount": "7"}, "7.00"),                               # one sash
    "per_unit": ({"amount": "9"}, "9.00"),                               # one window
    "percent": ({"percent": "10", "of": "base"}, "49.80"),               # 10% of base 498 (1200 x 1400)
    "per_order": ({"amount": "€ 50,00"}, "50.00"),                       # once per order
    "united_inches": ({"rate": "2"}, "208.00"),                          # 47 1/4 -> 48 in, 55 1/8 -> 56 in: 104 x 2
    "matrix": ({"matrix": "\t1200\t2400\n1400\t100\t200\n2200\t300\t400", "mode": "round_up"}, "100.00"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_saves_decodes_and_prices_as_venster_price_says(anna: Office, kind: str, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _no_markup(anna)
    fields, expected = KINDS[kind]
    form = {"code": "extra", "kind": kind, **LABELS, **fields, "level": "product", "etag": _etag(anna)}
    answer = anna.post(f"{PVC}/rules", form)
    assert answer.status_code == 200 and answer.url.path == f"{PVC}/rules/extra", answer.text[:500]
    assert parse(answer.text).xpath('//*[@data-saved="1"]')
    rule = next(p for p in _draft(anna).catalog.products[0].prices if p.code == "extra")
    assert rule.kind == kind
    assert _venster_price(_draft(anna).source, tmp_path, capsys)["extra"] == Decimal(expected)
    # The form shows the saved values again, in the fields of its kind.
    shown = form_values(answer.text, f"{PVC}/rules/extra")
    for name, value in fields.items():
        if name in ("amount", "rate", "percent", "min_area_m2"):
            assert parse_number(shown[name]) == parse_number(value)
        elif name != "matrix":
            assert shown[name] == value


def test_a_per_section_rule_counts_the_sections_it_names(anna: Office, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    _no_markup(anna)
    form = {"code": "bars-extra", "kind": "per_bar_field", **LABELS, "amount": "3", "level": "component",
            "etag": _etag(anna)}
    assert anna.post(f"{PVC}/rules", form).status_code == 200
    form = {"code": "turn-extra", "kind": "fixed", **LABELS, "amount": "11", "level": "component",
            "etag": _etag(anna)}
    anna.client.post(f"{PVC}/rules", data={"csrf": anna.csrf, **form, "openings": ["turn-left", "turn-right"]})
    rule = next(p for p in _draft(anna).catalog.products[0].prices if p.code == "turn-extra")
    assert rule.level == "component" and rule.openings == ["turn-left", "turn-right"]
    lines = _venster_price(_draft(anna).source, tmp_path, capsys)
    assert lines["bars-extra"] == Decimal("12.00")  # 4 panes x 3
    assert "turn-extra" not in lines                  # the window's sash is tilt-turn: no turn sash to count
    turn = {**CONFIG, "width_mm": 1000, "sections": {"main": {"opening": "turn-left"}}}  # a turn sash: <= 1000 mm
    assert _venster_price(_draft(anna).source, tmp_path, capsys, turn)["turn-extra"] == Decimal("11.00")


def test_an_option_value_price_relative_to_the_default(anna: Office, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    _no_markup(anna)
    page = anna.get(f"{PVC}/values/glazing/triple")
    assert page.status_code == 200
    form = form_values(page.text, f"{PVC}/values/glazing/triple")
    form.update(kind="fixed", amount="60", relative_to_default="")
    form.pop("action", None)
    answer = anna.post(f"{PVC}/values/glazing/triple", form)
    assert answer.status_code == 200 and "saved=1" in str(answer.url), answer.text[:400]
    glazing = next(g for g in _draft(anna).catalog.products[0].options if g.id == "glazing")
    triple = next(v for v in glazing.values if v.id == "triple")
    assert triple.price is not None and triple.price.kind == "fixed" and triple.price.amount == 60
    config = {**CONFIG, "options": {"glazing": "triple"}}
    assert _venster_price(_draft(anna).source, tmp_path, capsys, config)["glazing"] == Decimal("60.00")


# kind -> the value form's fields and the line by hand for the triple glazing at 1200 x 1400 mm, markup 0.
VALUE_KINDS: dict[str, tuple[dict[str, str], str]] = {
    "per_m2": ({"rate": "10"}, "16.80"),                                  # 1.68 m2 x 10
    "per_m": ({"rate": "10"}, "12.00"),                                   # a choice's metres: the width, 1.2 m x 10
    "per_sash": ({"amount": "5"}, "5.00"),                                # one sash
    "percent": ({"percent": "10", "of": "base"}, "49.80"),                # 10% of base 498
    "matrix": ({"matrix": "\t1200\t2400\n1400\t70\t80\n2200\t90\t95"}, "70.00"),
}


@pytest.mark.parametrize("kind", sorted(VALUE_KINDS))
def test_each_kind_on_an_option_value_prices_as_venster_price_says(anna: Office, kind: str, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    _no_markup(anna)
    fields, expected = VALUE_KINDS[kind]
    answer = anna.post(f"{PVC}/values/glazing/triple", {"kind": kind, **fields, "factor_on": "base",
                                                         "etag": _etag(anna)})
    assert answer.status_code == 200 and "saved=1" in str(answer.url), answer.text[:400]
    config = {**CONFIG, "options": {"glazing": "triple"}}
    assert _venster_price(_draft(anna).source, tmp_path, capsys, config)["glazing"] == Decimal(expected)


def test_choosing_another_kind_shows_its_fields_and_saves_nothing(anna: Office) -> None:
    before = _etag(anna)
    answer = anna.post(f"{PVC}/rules/base", {"kind": "per_m2", "action": "kind", **LABELS, "etag": before})
    assert answer.status_code == 200
    names = {i.get("name") for i in parse(answer.text).xpath('//form[@class="card stack price-form"]//*[@name]')}
    assert {"rate", "min_area_m2"} <= names and "matrix" not in names and "amount" not in names
    assert _etag(anna) == before


def test_markup_and_vat_change_the_draft_not_the_live_prices(anna: Office) -> None:
    live = anna.client.post("/api/v1/dealers/demo/evaluate?lang=en", json=CONFIG).json()["price"]
    answer = anna.post(f"{P}/dealer", {"markup_percent": "25", "vat_rate": "9", "etag": _etag(anna)})
    assert answer.status_code == 200
    dealer = _draft(anna).catalog.dealer
    assert (dealer.markup_percent, dealer.vat_rate, dealer.prices_include_vat) == (Decimal(25), Decimal(9), False)
    again = anna.client.post("/api/v1/dealers/demo/evaluate?lang=en", json=CONFIG).json()["price"]
    assert again == live and anna.client.app.state.catalogs.get("demo").catalog.dealer.markup_percent == 10


def test_minimum_price_and_quantity_tiers(anna: Office) -> None:
    form = {"minimum_price": "199,50", "quantity_tiers": "5 3\n10 5,5%", "etag": _etag(anna)}
    answer = anna.post(f"{PVC}/product", form)
    assert answer.status_code == 200
    product = _draft(anna).catalog.products[0]
    assert product.minimum_price == Decimal("199.50")
    assert [(t.min_quantity, t.discount_percent) for t in product.quantity_tiers] == [(5, 3), (10, Decimal("5.5"))]
    bad = anna.post(f"{PVC}/product", {"minimum_price": "veel", "quantity_tiers": "10 5\n5 3", "etag": _etag(anna)})
    assert bad.status_code == 422
    errors = [text_of(e) for e in parse(bad.text).xpath('//*[@class="error-text"]')]
    assert "„veel” is geen getal." in errors
    assert "Regel 2: de aantallen moeten oplopen." in errors
    assert _draft(anna).catalog.products[0].minimum_price == Decimal("199.50")


@pytest.mark.parametrize(("typed", "words"), [
    ("-50", "Kies een getal van 0 tot"),
    ("0,001", "meer dan twee decimalen"),
    ("9" * 29, "te veel cijfers"),
    ("9" * 13, "te veel cijfers"),
])
def test_an_impossible_minimum_price_is_refused_beside_its_field(anna: Office, typed: str, words: str) -> None:
    """Money beyond the cent, below zero or beyond any window's price is the field's problem, never a 500."""
    answer = anna.post(f"{PVC}/product", {"minimum_price": typed, "etag": _etag(anna)})
    assert answer.status_code == 422
    errors = " ".join(text_of(e) for e in parse(answer.text).xpath('//*[@class="error-text"]'))
    assert words in errors, errors


@pytest.mark.parametrize(("typed", "kwargs", "value", "code"), [
    ("1.250", {"money": True}, Decimal("1250.00"), None),
    ("1.234,50", {"money": True}, Decimal("1234.50"), None),
    ("12,-", {"money": True}, Decimal("12.00"), None),
    ("0,001", {"money": True}, None, "prices.field.cents"),
    ("1e3", {}, Decimal("1E+3"), None),
    ("1" * 13, {}, None, "prices.field.too_long"),
    ("1e999999", {}, None, "prices.field.too_long"),
    ("2,5", {"whole": True}, None, "prices.field.not_whole"),
    ("-1", {"low": Decimal(0)}, None, "prices.field.range"),
    ("veel", {}, None, "prices.field.not_a_number"),
    ("", {"required": True}, None, "prices.field.required"),
    ("", {}, None, None),
])
def test_the_one_number_parser_of_the_editor_and_price_pages(typed: str, kwargs: dict[str, Any],
                                                             value: Decimal | None, code: str | None) -> None:
    from server.services.price_forms import read_number

    got, problem = read_number(typed, "f", **kwargs)
    assert got == value and (problem.code if problem else None) == code


def test_bad_input_is_named_at_its_field_and_nothing_is_stored(anna: Office) -> None:
    before = _etag(anna)
    form = {"code": "Extra Kosten", "kind": "tiered_area", "label_nl": "", "label_en": "x", "label_de": "x",
            "tiers": "1 10\nveel", "vat_rate": "140", "level": "product", "etag": before}
    answer = anna.post(f"{PVC}/rules", form)
    assert answer.status_code == 422
    doc = parse(answer.text)
    errors = {e.get("id"): text_of(e) for e in doc.xpath('//*[@class="error-text"]')}
    assert errors["e-code"].startswith("„Extra Kosten” is geen geldige code")
    assert errors["e-label_nl"] == "Vul dit in."
    assert errors["e-tiers"].startswith("Regel 2:")
    assert errors["e-vat_rate"] == "Kies een getal van 0 tot 100."
    assert doc.xpath('//input[@name="code"]')[0].get("value") == "Extra Kosten"  # kept as typed
    assert _etag(anna) == before


def test_a_draft_changed_meanwhile_is_refused_not_overwritten(anna: Office) -> None:
    """As in the editor: 409, the form again with what was typed, and the notice that the draft changed."""
    stale = _etag(anna)
    assert anna.post(f"{PVC}/product", {"minimum_price": "160", "etag": stale}).status_code == 200
    answer = anna.post(f"{PVC}/product", {"minimum_price": "170", "quantity_tiers": "5 3", "etag": stale})
    assert answer.status_code == 409
    doc = parse(answer.text)
    assert "intussen gewijzigd" in doc.xpath('string(//*[@data-changed])')
    assert doc.xpath('//input[@id="p-pvc-window-minimum_price"]/@value') == ["170"]
    assert doc.xpath('string(//textarea[@id="p-pvc-window-quantity_tiers"])') == "5 3"
    assert _draft(anna).catalog.products[0].minimum_price == 160


def test_deleting_a_rule(anna: Office) -> None:
    assert anna.post(f"{PVC}/rules/glazing-bars/delete", {"etag": _etag(anna)}).status_code == 200
    assert "glazing-bars" not in [p.code for p in _draft(anna).catalog.products[0].prices]
    assert anna.post(f"{PVC}/rules/glazing-bars/delete", {"etag": _etag(anna)}).status_code == 404


def test_matrix_findings_are_shown_at_the_matrix_field(anna: Office) -> None:
    # Breakpoints that stop at 2000 mm do not cover the product's 2400 mm: the check says so at the matrix.
    form = form_values(anna.get(f"{PVC}/rules/base").text, f"{PVC}/rules/base")
    form.update(matrix="\t1000\t2000\n1000\t100\t200\n2200\t300\t400", action="save")
    answer = anna.post(f"{PVC}/rules/base", form)
    assert answer.status_code == 200
    findings = parse(answer.text).xpath('//*[@data-matrix-finding]')
    assert findings and "2400" in text_of(findings[0])


# ---------------------------------------------------------------------------------------------- matrix import

def _sheet(failed_cell: bool = False) -> str:
    rows = ["h\\b\t" + "\t".join(str(600 + 200 * c) for c in range(10))]
    for r in range(9):
        cells = [f"{300 + 10 * r + c},50" for c in range(10)]
        if failed_cell and r == 5:
            cells[2] = "op aanvraag"
        rows.append("\t".join([str(600 + 200 * r), *cells]))
    return "\n".join(rows)


def test_a_paste_previews_without_storing_and_names_failed_cells(anna: Office) -> None:
    before = _etag(anna)
    answer = anna.post(f"{PVC}/import", {"target": "rule:base", "paste": _sheet(failed_cell=True),
                                         "layout": "widths_across", "unit": "mm"})
    assert answer.status_code == 422
    doc = parse(answer.text)
    # Row 7 of the paste is the sixth height; column D the third width.
    assert [text_of(li) for li in doc.xpath('//*[@data-failed]//li')] == ["rij 7, kolom D: „op aanvraag” is geen getal"]
    assert not doc.xpath('//form[@data-apply]')
    # In the table the unread price is marked, not shown as a price: the sixth height's third width.
    rows = doc.xpath('//table[@data-matrix]//tbody/tr')
    assert [len(r.xpath('./td[@data-unread]')) for r in rows] == [0, 0, 0, 0, 0, 1, 0, 0, 0]
    assert rows[5].xpath('./td')[2].get("data-unread") is not None
    assert text_of(rows[0].xpath('./td')[0]) == "300,50"
    assert _etag(anna) == before


def test_a_paste_applied_to_the_base_matrix(anna: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _etag(anna)
    preview = anna.post(f"{PVC}/import", {"target": "rule:base", "paste": _sheet(), "layout": "widths_across",
                                          "unit": "mm"})
    assert preview.status_code == 200
    doc = parse(preview.text)
    assert "10 breedtes × 9 hoogtes = 90 prijzen." in text_of(doc.xpath('//*[@data-summary]')[0])
    assert len(doc.xpath('//table[@data-matrix]//tbody/tr')) == 9
    assert _etag(anna) == before  # the preview stored nothing
    apply = form_values(preview.text, f"{PVC}/import/apply")
    answer = anna.post(f"{PVC}/import/apply", apply)
    assert answer.status_code == 200 and answer.url.path == f"{PVC}/rules/base", answer.text[:300]
    assert parse(answer.text).xpath('//*[@data-saved="matrix"]')
    base = _draft(anna).catalog.products[0].prices[0]
    assert base.widths == [600 + 200 * c for c in range(10)] and base.heights == [600 + 200 * r for r in range(9)]
    assert base.prices is not None and base.prices[4][3] == Decimal("343.50")
    _no_markup(anna)
    # 1200 x 1400 rounds up to width 1200 (column 4) and height 1400 (row 5): 300 + 40 + 3 + 0.50.
    assert _venster_price(_draft(anna).source, tmp_path, capsys)["base"] == Decimal("343.50")


def test_an_xlsx_upload_applied_to_an_option_value(anna: Office) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["hoogte \\ breedte (cm)", *(60 + 10 * c for c in range(20))])
    for r in range(25):
        ws.append([40 + 10 * r, *(round(20 + 0.5 * c + 0.25 * r, 2) for c in range(20))])
    out = io.BytesIO()
    book.save(out)
    answer = anna.client.post(f"{PVC}/import", data={"csrf": anna.csrf, "target": "value:glazing/triple",
                                                     "layout": "widths_across", "unit": "cm", "paste": "",
                                                     "sheet": ""},
                              files={"file": ("leverancier.xlsx", out.getvalue(),
                                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")})
    assert answer.status_code == 200, answer.text[:400]
    assert "20 breedtes × 25 hoogtes = 500 prijzen." in answer.text
    applied = anna.post(f"{PVC}/import/apply", form_values(answer.text, f"{PVC}/import/apply"))
    assert applied.url.path == f"{PVC}/values/glazing/triple"
    glazing = next(g for g in _draft(anna).catalog.products[0].options if g.id == "glazing")
    price = next(v for v in glazing.values if v.id == "triple").price
    assert price is not None and price.kind == "matrix" and price.widths is not None and price.heights is not None
    assert price.widths[0] == 600 and price.heights[-1] == 2800 and price.prices is not None
    assert price.prices[24][19] == Decimal("35.50")  # 20 + 0.5 x 19 + 0.25 x 24


@pytest.mark.parametrize(("name", "data", "code_words"), [
    ("prijzen.xlsx", b"PK\x03\x04 this is no workbook", "geen Excel-werkmap"),
    ("prijzen.png", b"\x89PNG\r\n\x1a\n\x00\x00", "geen CSV-tekst"),
])
def test_a_refused_file_is_said_in_words(anna: Office, name: str, data: bytes, code_words: str) -> None:
    before = _etag(anna)
    answer = anna.client.post(f"{PVC}/import", data={"csrf": anna.csrf, "target": "rule:base", "paste": ""},
                              files={"file": (name, data, "application/octet-stream")})
    assert answer.status_code == 422
    assert code_words in text_of(parse(answer.text).xpath('//*[@id="e-file"]')[0])
    assert _etag(anna) == before


def test_a_file_over_the_limit_is_refused_in_words_and_one_far_over_it_by_the_body_limit(anna: Office) -> None:
    big = b"1;2\n" * (MAX_FILE_BYTES // 4 + 100)
    answer = anna.client.post(f"{PVC}/import", data={"csrf": anna.csrf, "target": "rule:base", "paste": ""},
                              files={"file": ("groot.csv", big, "text/csv")})
    assert answer.status_code == 422
    assert "Het bestand is groter dan 2048 KB." in text_of(parse(answer.text).xpath('//*[@id="e-file"]')[0])
    huge = b"1" * (3 * MAX_FILE_BYTES)
    answer = anna.client.post(f"{PVC}/import", data={"csrf": anna.csrf, "target": "rule:base", "paste": ""},
                              files={"file": ("groter.csv", huge, "text/csv")})
    assert answer.status_code == 413


def test_an_import_without_cells_or_a_file(anna: Office) -> None:
    answer = anna.post(f"{PVC}/import", {"target": "rule:base", "paste": "  "})
    assert answer.status_code == 422 and "Plak cellen of kies een bestand." in answer.text


def test_the_pages_work_without_javascript_and_carry_the_csrf_token(anna: Office) -> None:
    for path in (P, f"{PVC}/rules/base", f"{PVC}/rules/new?kind=percent", f"{PVC}/values/glazing/triple",
                 f"{PVC}/import?target=rule:base"):
        page = anna.get(path)
        assert page.status_code == 200, path
        for form in parse(page.text).forms:
            if form.method.upper() == "POST":
                assert form.xpath('.//input[@name="csrf"]'), (path, form.get("action"))
    assert anna.post(f"{P}/dealer", {"markup_percent": "5", "vat_rate": "21"}, csrf="wrong").status_code == 403
    script = anna.get("/admin/static/matrix.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")


def test_each_dealer_sees_and_changes_only_its_own_prices(office: Office) -> None:
    office.login("otto@other.example")
    answer = office.post(f"{P}/dealer", {"markup_percent": "33", "vat_rate": "21",
                                         "etag": _draft(office, "other").etag})
    assert answer.status_code == 200
    assert _draft(office, "other").catalog.dealer.markup_percent == 33
    assert _draft(office, "demo").catalog.dealer.markup_percent == 10
    assert "Andere Ramen" in office.get(P).text


def test_an_option_value_without_a_price_of_its_own_keeps_its_colour_factor(anna: Office) -> None:
    answer = anna.post(f"{PVC}/values/glazing/triple", {"kind": "none", "factor": "1,15", "factor_on": "base, profile",
                                                         "etag": _etag(anna)})
    assert answer.status_code == 200
    glazing = next(g for g in _draft(anna).catalog.products[0].options if g.id == "glazing")
    triple = next(v for v in glazing.values if v.id == "triple")
    assert (triple.price, triple.factor, triple.factor_on) == (None, Decimal("1.15"), ["base", "profile"])
    bad = anna.post(f"{PVC}/values/glazing/triple", {"kind": "per_order", "amount": "5", "etag": _etag(anna)})
    assert bad.status_code == 422 and "hoort bij het hele raam" in bad.text
