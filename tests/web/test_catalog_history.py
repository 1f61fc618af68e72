"""The version history and publishing pages: who and when, what changed in words, restore, refusals."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import msgspec
import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.engine.catalog import decode_catalog
from server.services.catalog_versions import draft_of, import_text, publish, releases, save_draft
from server.services.users import create_user
from server.settings import Settings
from tests.support.dealers import add_dealer
from tests.support.html import parse
from tests.web.conftest import PASSWORD, Office, settings_form, two_dealer_settings

FULL = (Path(__file__).resolve().parents[1] / "catalogs" / "full.toml").read_text()  # checks in a fraction of a second
BLACK = 'price = { kind = "per_m_frame", rate = 10 }'
OWNER = "olga@shop.example"


@pytest.fixture
def shop(tmp_path: Path, catalogs_dir: Path) -> Iterator[Office]:
    """Dealer ``shop`` (tests/catalogs/full.toml, English and German) beside demo and other; its owner logged in."""
    assert BLACK in FULL
    add_dealer(catalogs_dir, "shop", FULL)
    settings: Settings = two_dealer_settings(tmp_path, catalogs_dir)
    with TestClient(create_app(settings)) as client:
        office = Office(client, settings)
        db = office.db()
        try:
            create_user(db, "shop", OWNER, name="Olga", lang="en", password=PASSWORD)
        finally:
            db.conn.close()
        office.login(OWNER)
        yield office


def _draft(office: Office, text: str) -> None:
    db = office.db()
    try:
        save_draft(db, "shop", decode_catalog(text, "draft"), OWNER)
    finally:
        db.conn.close()


def test_publishing_from_the_page_lists_who_and_when_and_the_diff_in_words(shop: Office) -> None:
    _draft(shop, FULL.replace(BLACK, BLACK.replace("rate = 10", "rate = 12.5"), 1))
    page = shop.get("/admin/catalog/publish")
    assert page.status_code == 200
    text = page.text.replace("\xa0", " ")
    # What publishing changes, in words: the rate per metre of frame, money as the widget writes it.
    assert "Black: €10.00/m → €12.50/m" in text
    answer = shop.post("/admin/catalog/publish", {"note": "Black costs more"})
    assert answer.status_code == 200 and answer.url.path == "/admin/catalog/versions"
    assert "Version 2 is published and live." in answer.text
    [row] = parse(answer.text).xpath('//tr[@data-number="2"]')
    cells = [c.text_content().strip() for c in row.xpath("./td")]
    assert cells[0].startswith("Version 2") and "live" in cells[0]
    assert cells[2] == OWNER and cells[3] == "back office" and cells[4] == "Black costs more"
    assert cells[1] != "—"  # when, in the dealer's time zone
    diff = shop.get("/admin/catalog/versions/2?against=1")
    assert diff.status_code == 200
    changes = [" ".join(li.text_content().split()) for li in parse(diff.text).xpath('//ul[@data-changes]/li')]
    assert changes == ["Black: €10.00/m → €12.50/m (Test window › Outside colour)"]
    # The widget prices with the new release at once.
    assert shop.client.get("/api/v1/dealers/shop/configurator").status_code == 200


def test_restore_from_the_page_makes_a_new_version_with_the_old_catalog(shop: Office) -> None:
    _draft(shop, FULL.replace(BLACK, BLACK.replace("rate = 10", "rate = 12.5"), 1))
    db = shop.db()
    publish(db, "shop", OWNER, "dearer")
    answer = shop.post("/admin/catalog/versions/1/restore")
    assert answer.status_code == 200 and "Restored as version 3; it is live now." in answer.text
    made = releases(db, "shop")
    assert [(r.number, r.origin, r.restored_from) for r in made][:1] == [(3, "restore", 1)]
    assert made[0].hash == made[-1].hash
    diff = shop.get("/admin/catalog/versions/3").text.replace("\xa0", " ")
    assert "Black: €12.50/m → €10.00/m" in diff
    # A version that does not exist, on the page or restored, is 404; so is another dealer's.
    assert shop.get("/admin/catalog/versions/99").status_code == 404
    assert shop.post("/admin/catalog/versions/99/restore").status_code == 404


def test_a_refused_publish_shows_every_problem_and_publishes_nothing(shop: Office) -> None:
    catalog = decode_catalog(FULL, "x")
    products = [msgspec.structs.replace(p, label={}, description={}) for p in catalog.products]
    db = shop.db()
    save_draft(db, "shop", msgspec.structs.replace(catalog, products=products), OWNER)
    answer = shop.post("/admin/catalog/publish", {"note": "broken"})
    assert answer.status_code == 422
    [summary] = parse(answer.text).xpath('//*[@data-refusal]')
    listed = summary.xpath(".//li/@data-path")
    assert {f"products[{p.id}].label" for p in products} <= set(listed)
    # full.toml has one product: one problem, said in the singular.
    assert listed == ["products[test-window].label"]
    assert "Not published: one problem must be solved first." in summary.text_content()
    assert [r.number for r in releases(db, "shop")] == [1]


def test_publishing_without_a_draft_says_so(shop: Office) -> None:
    answer = shop.post("/admin/catalog/publish", {"note": ""})
    assert answer.status_code == 409
    assert 'data-error="form"' in answer.text


def test_another_dealer_sees_only_its_own_versions(shop: Office) -> None:
    _draft(shop, FULL.replace(BLACK, BLACK.replace("rate = 10", "rate = 12.5"), 1))
    publish(shop.db(), "shop", OWNER, "secret note")
    shop.client.cookies.clear()
    shop.login("otto@other.example")
    page = shop.get("/admin/catalog/versions")
    assert page.status_code == 200 and "secret note" not in page.text
    assert shop.get("/admin/catalog/versions/2").status_code == 404  # other has release 1 only
    assert shop.post("/admin/catalog/versions/2/restore").status_code == 404
    assert [r.number for r in releases(shop.db(), "shop")] == [2, 1]


def test_a_version_that_is_not_a_number_is_404(shop: Office) -> None:
    assert shop.get("/admin/catalog/versions/abc").status_code == 404
    assert shop.post("/admin/catalog/versions/0/restore").status_code == 404
    assert shop.get("/admin/catalog/versions/1").status_code == 200  # the first: nothing to compare with


def test_another_dealers_publish_page_shows_only_its_own_draft(shop: Office) -> None:
    _draft(shop, FULL.replace(BLACK, BLACK.replace("rate = 10", "rate = 12.5"), 1))
    shop.client.cookies.clear()
    shop.login("otto@other.example")
    page = shop.get("/admin/catalog/publish")
    assert page.status_code == 200
    assert "Black" not in page.text and 'data-no-draft' in page.text  # other has no draft of its own
    assert shop.post("/admin/catalog/publish", {"note": "not mine"}).status_code == 409
    assert [r.number for r in releases(shop.db(), "shop")] == [1]  # shop's draft stays a draft


def test_the_saved_settings_are_no_change_on_the_publish_page(shop: Office) -> None:
    """The settings page's privacy notice wins over the catalog's, live and after publishing: it is not a change."""
    form = settings_form(shop)
    form |= {"privacy_notice_url": "https://www.shop.example/privacy", "privacy_notice_version": "2026-12"}
    assert shop.post("/admin/settings", form).status_code == 200
    _draft(shop, FULL.replace(BLACK, BLACK.replace("rate = 10", "rate = 12.5"), 1))
    page = shop.get("/admin/catalog/publish")
    assert page.status_code == 200
    text = " ".join(" ".join(li.text_content().split()) for li in parse(page.text).xpath('//ul[@data-changes]/li'))
    assert "Black: €10.00/m → €12.50/m" in text
    assert "privacy" not in text, text


def _publish_form(office: Office) -> dict[str, str]:
    """The publish form's hidden fields as the page wrote them (csrf and the draft's ETag)."""
    form = parse(office.get("/admin/catalog/publish").text).xpath('//form[@action="/admin/catalog/publish"]')[0]
    return {i.get("name"): i.get("value") for i in form.xpath('.//input[@type="hidden"]') if i.get("name") != "csrf"}


def test_a_draft_changed_after_the_page_was_shown_is_not_published(shop: Office) -> None:
    _draft(shop, FULL.replace(BLACK, BLACK.replace("rate = 10", "rate = 12.5"), 1))
    shown = _publish_form(shop)
    assert shown["etag"].startswith('"')
    _draft(shop, FULL.replace(BLACK, BLACK.replace("rate = 10", "rate = 99"), 1))  # a colleague saves meanwhile
    answer = shop.post("/admin/catalog/publish", {**shown, "note": "the one I saw"})
    assert answer.status_code == 412
    [error] = parse(answer.text).xpath('//*[@data-error="form"]')
    assert "The draft was changed since you opened it." in error.text_content()
    db = shop.db()
    assert [r.number for r in releases(db, "shop")] == [1]
    again = shop.post("/admin/catalog/publish", {**_publish_form(shop), "note": "the newer one"})
    assert again.status_code == 200 and [r.number for r in releases(db, "shop")] == [2, 1]


def test_a_draft_started_on_an_older_version_warns_and_publishes_only_when_confirmed(shop: Office) -> None:
    _draft(shop, FULL.replace(BLACK, BLACK.replace("rate = 10", "rate = 12.5"), 1))  # started on version 1
    db = shop.db()
    import_text(db, "shop", FULL.replace('name = "Test Dealer"', 'name = "Imported"'), "cli", "cli")  # version 2
    shop.client.app.state.catalogs.forget("shop")  # this worker reads the new head now, not at its next poll
    page = parse(shop.get("/admin/catalog/publish").text)
    [warning] = page.xpath('//*[@data-base-moved="2"]')
    assert ("The live version moved to 2 since this draft was started on version 1."
            in warning.text_content())
    assert page.xpath('//h2[@id="what-h"]')[0].text_content() == "What changes against version 2"
    # Publishing the draft would undo version 2's name: the words say so.
    assert any("Imported" in li.text_content() for li in page.xpath('//ul[@data-changes]/li'))
    refused = shop.post("/admin/catalog/publish", {**_publish_form(shop), "note": ""})
    assert refused.status_code == 409
    assert "moved to 2" in parse(refused.text).xpath('//*[@data-error="form"]')[0].text_content()
    assert [r.number for r in releases(db, "shop")] == [2, 1]
    done = shop.post("/admin/catalog/publish", {**_publish_form(shop), "confirm_base": "2", "note": ""})
    assert done.status_code == 200 and [r.number for r in releases(db, "shop")] == [3, 2, 1]


def test_the_publish_page_does_not_claim_publishing_reverts_settings(anna: Office) -> None:
    form = settings_form(anna)
    form.pop("csrf", None)
    form.update(price_note_nl="Prijs onder voorbehoud.", retention_days="365")
    assert anna.post("/admin/settings", form).status_code == 200
    db = anna.db()
    live = anna.client.app.state.catalogs.get("demo")
    draft = draft_of(db, "demo", live)
    product = draft.catalog.products[0]
    save_draft(db, "demo", msgspec.structs.replace(draft.catalog, products=[
        msgspec.structs.replace(product, minimum_price=product.minimum_price + 7), *draft.catalog.products[1:]]),
        "anna@demo.example")
    page = parse(anna.get("/admin/catalog/publish").text)
    changes = [" ".join(li.text_content().split()) for li in page.xpath('//ul[@data-changes]/li')]
    assert len(changes) == 1 and "Prijs onder voorbehoud" not in changes[0] and "365" not in changes[0]


def test_huge_or_foreign_numbers_in_a_versions_address_are_404(shop: Office) -> None:
    assert shop.get("/admin/catalog/versions/1?against=99999999999999999999999").status_code == 404
    assert shop.get("/admin/catalog/versions/1?against=2147483649").status_code == 404
    assert shop.get("/admin/catalog/versions/%D9%A3").status_code == 404  # an Arabic-Indic three


def test_a_draft_with_an_amount_too_large_shows_its_problem_and_no_page_500s(shop: Office) -> None:
    catalog = decode_catalog(FULL, "x")
    product = catalog.products[0]
    db = shop.db()
    # As a PUT through the API can save it (the back office's forms bound their figures).
    save_draft(db, "shop", msgspec.structs.replace(catalog, products=[
        msgspec.structs.replace(product, minimum_price=Decimal("9" * 29)), *catalog.products[1:]]), OWNER)
    page = shop.get("/admin/catalog/publish")
    assert page.status_code == 200
    [finding] = parse(page.text).xpath('//ul[@class="findings"]/li[@data-kind="problem"]')
    assert "products[test-window].minimum_price" in finding.text_content()
    assert "too large" in finding.text_content()
    assert shop.get("/admin/catalog/playground").status_code == 200
    refused = shop.post("/admin/catalog/publish", {**_publish_form(shop), "note": ""})
    assert refused.status_code == 422 and [r.number for r in releases(db, "shop")] == [1]
