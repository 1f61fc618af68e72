"""The price playground: saved samples, generated windows and open requests priced on live and on draft."""

from __future__ import annotations

import argparse
import hashlib
from decimal import Decimal
from pathlib import Path

import msgspec
import pytest

from server.cli.catalog import price
from server.engine.catalog import decode_catalog
from server.engine.compiled import compile_catalog
from server.engine.configuration import Configuration, canonical_json
from server.engine.evaluate import evaluate_detailed
from server.i18n.engine_words import say
from server.loaded_catalog import LoadedCatalog
from server.services import playground
from server.services.errors import Invalid, NotFound
from tests.web.conftest import Office

TRIPLE_PRICE = 'price = { kind = "per_m2", rate = 42, min_area_m2 = 0.5 }'
RAISED = TRIPLE_PRICE.replace("rate = 42", "rate = 50")
TRIPLE = {"product": "pvc-window", "width_mm": 1800, "height_mm": 1400, "layout": "two-equal",
          "options": {"glazing": "triple"}}


def loaded(text: str, slug: str = "demo") -> LoadedCatalog:
    catalog = decode_catalog(text, f"{slug}.toml")
    return LoadedCatalog(slug=slug, path=f"{slug}.toml", catalog=catalog, compiled=compile_catalog(catalog),
                         version=hashlib.sha256(text.encode()).hexdigest(), source=text, mtime_ns=0)


def live_and_draft(office: Office) -> tuple[LoadedCatalog, LoadedCatalog]:
    text = (office.settings.catalogs_dir / "demo.toml").read_text()
    assert TRIPLE_PRICE in text
    return loaded(text), loaded(text.replace(TRIPLE_PRICE, RAISED, 1))


def test_a_rate_change_shows_on_a_sample_a_breakpoint_window_and_an_open_request(office: Office) -> None:
    reference = office.submit(items=[{"configuration": TRIPLE, "note": "kitchen"}])
    live, draft = live_and_draft(office)
    db = office.db()
    playground.save_sample(db, "demo", "Keuken triple", msgspec.json.encode(TRIPLE).decode(), "anna@demo.example")
    found = playground.rows(db, "demo", live, draft, "nl", budget_s=60)
    by_source = {}
    for row in found.rows:
        by_source.setdefault(row.candidate.source, []).append(row)
    sample = by_source["sample"][0]
    request = by_source["request"][0]
    assert request.candidate.name == reference and request.candidate.position == 1
    # Triple glass 1.8 x 1.4 m = 2.52 m², demo's markup is 10%: the line was 42 x 2.52 x 1.1 = 116.42
    # and becomes 50 x 2.52 x 1.1 = 138.60, 22.18 more excl. VAT; with 21% VAT, 22.18 x 1.21 = 26.84.
    assert sample.difference == request.difference == Decimal("26.84")
    assert request.live.total == request.candidate.stored_total  # nothing changed live since it was sent
    assert request.draft.total == request.live.total + Decimal("26.84")
    # Generated windows: the default, the smallest and largest size, the matrix breakpoints...
    generated = [r for r in by_source["generated"] if r.candidate.configuration.product == "pvc-window"]
    assert {r.candidate.kind for r in generated} >= {"default", "min", "max"}
    # ...but not a window with double glazing (the default): the difference is nothing there.
    assert all(r.difference == 0 for r in generated)
    # Sorted by the size of the difference: the two triple windows come first.
    assert {found.rows[0].candidate.source, found.rows[1].candidate.source} == {"sample", "request"}
    assert found.cut == 0


def test_breakpoints_of_a_matrix_are_generated_and_capped() -> None:
    from tests.engine.conftest import FULL
    catalog = decode_catalog(FULL.read_text(), "full.toml")
    product = next(p for p in catalog.products if any(r.kind == "matrix" for r in p.prices))
    matrix = next(r for r in product.prices if r.kind == "matrix")
    assert matrix.widths is not None and matrix.heights is not None
    windows = playground.generated([product])
    points = {(c.configuration.width_mm, c.configuration.height_mm) for c in windows if c.kind == "breakpoint"}
    inside = {(x, y) for x in matrix.widths for y in matrix.heights
              if product.width.min <= x <= product.width.max and product.height.min <= y <= product.height.max}
    assert points and points <= inside
    capped = playground.generated([product], cap=3)
    assert len([c for c in capped if c.kind == "breakpoint"]) == min(3, len(inside))


def test_a_row_is_priced_as_the_widget_prices_one_window_with_the_formulas_of_venster_price(
        office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    live, draft = live_and_draft(office)
    config = msgspec.convert(TRIPLE, Configuration)
    [row] = playground.price_rows([playground.Candidate(source="extra", configuration=config)], live, draft, "en").rows
    evaluated = evaluate_detailed(draft.compiled, config, "en")
    assert evaluated.evaluation.price is not None and evaluated.item_price is not None
    # The widget's total for one window (its fees once per order included) is the evaluate answer's.
    assert row.draft.total == Decimal(evaluated.evaluation.price.total)
    # The formulas are the ones `venster price` prints, line by line.
    assert [say(ln.formula, "en") for ln in row.draft.lines] == \
        [say(ln.formula, "en") for ln in evaluated.item_price.lines + evaluated.fees]
    # And `venster price` over the draft as a file prints each of them.
    (tmp_path / "demo.toml").write_text(draft.source)
    (tmp_path / "config.json").write_bytes(msgspec.json.encode(TRIPLE))
    assert price(argparse.Namespace(catalog=tmp_path / "demo.toml", config=tmp_path / "config.json", lang="en")) == 0
    printed = capsys.readouterr().out
    for line in row.draft.lines:
        assert f"[{line.code}] {say(line.formula, 'en')}" in printed


def test_the_time_budget_cuts_rows_and_says_how_many(office: Office) -> None:
    live, draft = live_and_draft(office)
    ticks = iter(range(100))
    found = playground.price_rows(playground.generated(draft.catalog.products), live, draft, "nl",
                                  budget_s=2.5, clock=lambda: float(next(ticks)))
    total = len(playground.generated(draft.catalog.products))
    # The clock reads 0 at the start, then 1, 2, 3, ... before each row: rows at 1 s and 2 s fit in 2.5 s.
    assert len(found.rows) == 2 and found.cut == total - 2


def test_an_invalid_window_on_the_draft_is_shown_first(office: Office) -> None:
    text = (office.settings.catalogs_dir / "demo.toml").read_text()
    live = loaded(text)
    rule = 'require = { figure = "area_m2", le = 4.5 }'
    draft = loaded(text.replace(rule, rule.replace("4.5", "2"), 1))
    config = msgspec.convert(TRIPLE, Configuration)
    small = msgspec.structs.replace(config, options={"glazing": "double"})
    found = playground.price_rows([playground.Candidate(source="extra", configuration=small),
                                   playground.Candidate(source="extra", configuration=config)], live, draft, "nl")
    first = found.rows[0]
    assert first.live.valid and not first.draft.valid and first.difference is None and first.changed
    assert first.draft.errors


def test_a_sample_needs_a_name_and_a_configuration_and_stores_nothing_otherwise(office: Office) -> None:
    db = office.db()
    with pytest.raises(Invalid) as caught:
        playground.save_sample(db, "demo", "  ", "{not json", "anna@demo.example")
    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("name", "playground.sample.name_required"), ("configuration", "playground.sample.configuration_invalid")]
    with pytest.raises(Invalid):
        playground.save_sample(db, "demo", "x" * 81, canonical_json(Configuration(product="pvc-window")).decode(), "a")
    assert playground.samples(db, "demo") == []


def test_samples_are_the_dealers_own(office: Office) -> None:
    db = office.db()
    sample_id = playground.save_sample(db, "demo", "Mine", '{"product": "pvc-window"}', "anna@demo.example")
    assert [s.name for s in playground.samples(db, "demo")] == ["Mine"]
    assert playground.samples(db, "other") == []
    with pytest.raises(NotFound):
        playground.delete_sample(db, "other", sample_id)
    playground.delete_sample(db, "demo", sample_id)
    assert playground.samples(db, "demo") == []


def test_open_requests_of_another_dealer_are_not_shown(office: Office) -> None:
    office.submit(dealer="other", items=[{"configuration": TRIPLE, "note": ""}])
    live, draft = live_and_draft(office)
    found = playground.rows(office.db(), "demo", live, draft, "nl", budget_s=60)
    assert not [r for r in found.rows if r.candidate.source == "request"]


# --- The pages: /admin/catalog/playground, /publish, /versions (the draft saved with slice A's service) ---

def _save_draft(office: Office, text: str) -> None:
    from server.services.catalog_versions import save_draft
    db = office.db()
    try:
        save_draft(db, "demo", decode_catalog(text, "draft"), "anna@demo.example")
    finally:
        db.conn.close()


def _raise_triple(office: Office) -> None:
    text = (office.settings.catalogs_dir / "demo.toml").read_text()
    _save_draft(office, text.replace(TRIPLE_PRICE, RAISED, 1))


def _public_total(office: Office) -> Decimal:
    answer = office.client.post("/api/v1/dealers/demo/evaluate", json=TRIPLE)
    return Decimal(answer.json()["price"]["total"])


def test_the_page_shows_live_draft_and_difference_largest_first_and_nothing_goes_live(anna: Office) -> None:
    from tests.support.html import parse
    reference = anna.submit(items=[{"configuration": TRIPLE, "note": "kitchen"}])
    before = _public_total(anna)
    saved = anna.post("/admin/catalog/playground/samples",
                      {"name": "Keuken triple", "configuration": msgspec.json.encode(TRIPLE).decode()})
    assert saved.status_code == 200 and "Het voorbeeld is bewaard." in saved.text
    _raise_triple(anna)
    page = anna.get("/admin/catalog/playground")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    doc = parse(page.text)
    rows = doc.xpath('//table[contains(@class, "playground")]/tbody/tr')
    first_two = rows[:2]
    assert {r.get("data-source") for r in first_two} == {"sample", "request"}
    for row in first_two:
        assert row.get("data-difference") == "26.84"
        cells = [c.text_content().strip() for c in row.xpath("./td")]
        assert cells[3].replace("\xa0", " ") == "+ € 26,84"
    text = page.text.replace("\xa0", " ")
    assert f"Aanvraag {reference}, raam 1" in text and "Voorbeeld “Keuken triple”" in text
    # Each row opens its lines with the formulas, without JavaScript.
    details = first_two[0].xpath(".//details//table//tr[@data-code]")
    assert details and any(r.get("class") == "moved" for r in details)
    # The windows whose price stays the same are folded away below, each with its lines too.
    [same] = doc.xpath("//details[@data-unchanged]")
    assert int(same.get("data-unchanged")) == len(same.xpath("./div/table/tbody/tr")) > 10
    assert all(r.get("data-difference") == "0.00" for r in same.xpath("./div/table/tbody/tr"))
    # The draft's real widget, under a preview alias.
    [widget] = doc.xpath("//venster-configurator")
    assert widget.get("dealer").startswith("p_")
    # Nothing went live.
    assert _public_total(anna) == before


def test_a_sample_without_a_name_is_refused_naming_the_field_and_stores_nothing(anna: Office) -> None:
    answer = anna.post("/admin/catalog/playground/samples", {"name": "", "configuration": "{oops"})
    assert answer.status_code == 422
    assert "Geef het voorbeeld een naam." in answer.text
    assert "Dit is geen geldige raamconfiguratie (JSON)." in answer.text
    assert playground.samples(anna.db(), "demo") == []
    no_csrf = anna.post("/admin/catalog/playground/samples", {"name": "x", "configuration": "{}"}, csrf="nope")
    assert no_csrf.status_code == 403


def test_another_dealer_sees_none_of_it(office: Office) -> None:
    office.login()
    office.submit(items=[{"configuration": TRIPLE, "note": ""}])
    sample_id = playground.save_sample(office.db(), "demo", "Geheim voorbeeld", msgspec.json.encode(TRIPLE).decode(),
                                       "anna@demo.example")
    _raise_triple(office)
    office.client.cookies.clear()
    office.login("otto@other.example")
    page = office.get("/admin/catalog/playground")
    assert page.status_code == 200
    assert "Geheim voorbeeld" not in page.text and "DEMO-" not in page.text
    assert 'data-difference="26.84"' not in page.text  # demo's draft is not other's
    assert office.post("/admin/catalog/playground/samples/delete", {"sample": str(sample_id)}).status_code == 404
    assert [s.id for s in playground.samples(office.db(), "demo")] == [sample_id]


def test_the_api_playground_prices_extra_windows_for_an_owners_key(office: Office) -> None:
    from server.services.keys import create_key
    db = office.db()
    key = create_key(db, "demo").key
    read_only = create_key(db, "demo", read_only=True).key
    other = create_key(db, "other").key
    _raise_triple(office)
    url = "/api/v1/dealer/catalog/playground?lang=en"
    answer = office.client.post(url, json={"configurations": [TRIPLE]}, headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    extra = next(r for r in body["rows"] if r["source"] == "extra")
    assert extra["difference"] == "26.84" and body["rows"][0]["difference"] == "26.84"
    glazing = next(ln for ln in extra["draft"]["lines"] if ln["code"] == "glazing")
    assert glazing["amount"] == "138.60" and "50.00" in glazing["formula"]  # 2.52 m² x 50.00 x 1.1
    assert body["live_version"] != body["draft_version"]
    # Without a body, the samples, requests and generated windows alone.
    assert office.client.post(url, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    refused = office.client.post(url, json={}, headers={"Authorization": f"Bearer {read_only}"})
    assert refused.status_code == 403
    # Another dealer's key prices its own catalog: no draft, so nothing differs.
    theirs = office.client.post(url, json={"configurations": [TRIPLE]}, headers={"Authorization": f"Bearer {other}"})
    assert theirs.status_code == 200 and theirs.json()["changed"] == 0
    bad = office.client.post(url, json={"configurations": [{"product": 5}]}, headers={"Authorization": f"Bearer {key}"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"].startswith("configurations[0]")


def test_a_sample_is_deleted_from_the_page(anna: Office) -> None:
    sample_id = playground.save_sample(anna.db(), "demo", "Weg ermee", '{"product": "pvc-window"}', "anna@demo.example")
    page = anna.get("/admin/catalog/playground")
    assert f'name="sample" value="{sample_id}"' in page.text
    answer = anna.post("/admin/catalog/playground/samples/delete", {"sample": str(sample_id)})
    assert answer.status_code == 200 and "Het voorbeeld is verwijderd." in answer.text
    assert playground.samples(anna.db(), "demo") == []
    assert anna.post("/admin/catalog/playground/samples/delete", {"sample": "x"}).status_code == 404


def test_the_preview_page_embeds_the_widget_on_a_fresh_alias(anna: Office) -> None:
    page = anna.get("/admin/catalog/preview")
    assert page.status_code == 200 and "script-src 'self'" in page.headers["content-security-policy"]
    from tests.support.html import parse
    [widget] = parse(page.text).xpath("//venster-configurator")
    alias = widget.get("dealer")
    assert alias.startswith("p_") and widget.get("lang") == "nl"
    assert anna.get(f"/api/v1/dealers/{alias}/configurator").status_code == 200


def test_a_huge_or_foreign_sample_number_is_404_not_an_overflow(anna: Office) -> None:
    delete = "/admin/catalog/playground/samples/delete"
    assert anna.post(delete, {"sample": "99999999999999999999"}).status_code == 404  # past SQLite's 2**63
    assert anna.post(delete, {"sample": "0"}).status_code == 404
    assert anna.post(delete, {"sample": "٣"}).status_code == 404
