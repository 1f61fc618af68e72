"""The playground, the preview, publishing and the history in real Chromium against a real ``venster serve``.

The preview runs the real widget on the draft under its alias; the pages run under their strict CSP
without a violation. Screenshots land in the run's ``screenshots`` folder as catalog-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import msgspec
import pytest
from playwright.sync_api import Page, expect

from server.engine.catalog import decode_catalog
from server.services.catalog_versions import save_draft
from server.services.playground import save_sample
from server.services.users import create_user
from server.storage.db import connect
from tests.support.dealers import add_dealer
from tests.web.conftest import PASSWORD
from tests.web.test_admin_browser import CSP_RECORDER, _no_csp_violations, _submit

pytestmark = pytest.mark.browser

EMAIL = "anna@demo.example"
SHOP = "olga@shop.example"
TRIPLE_PRICE = 'price = { kind = "per_m2", rate = 42, min_area_m2 = 0.5 }'
LABEL = 'label = { nl = "Kunststof raam", en = "PVC window", de = "Kunststofffenster" }'
WINDOW = {"product": "pvc-window", "width_mm": 1800, "height_mm": 1400, "layout": "two-equal",
          "options": {"glazing": "triple"}}
FULL = (Path(__file__).resolve().parents[1] / "catalogs" / "full.toml").read_text()
BLACK = 'price = { kind = "per_m_frame", rate = 10 }'


@pytest.fixture
def catalogs_dir(catalogs_dir: Path) -> Path:
    add_dealer(catalogs_dir, "shop", FULL)  # a catalog the full check proves in a fraction of a second
    return catalogs_dir


def _log_in(page: Page, base: str, email: str, path: str) -> None:
    page.add_init_script(CSP_RECORDER)
    page.goto(f"{base}{path}")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def _prepare(tmp_path: Path, catalogs_dir: Path) -> None:
    db = connect(tmp_path / "live.db")
    try:
        create_user(db, "demo", EMAIL, name="Anna de Vries", lang="nl", password=PASSWORD)
        create_user(db, "shop", SHOP, name="Olga", lang="en", password=PASSWORD)
        text = (catalogs_dir / "demo.toml").read_text()
        draft = text.replace(TRIPLE_PRICE, TRIPLE_PRICE.replace("rate = 42", "rate = 50"), 1)
        draft = draft.replace(LABEL, LABEL.replace("Kunststof raam", "Kunststof raam (nieuw)"), 1)
        save_draft(db, "demo", decode_catalog(draft, "draft"), EMAIL)
        save_sample(db, "demo", "Keuken triple", msgspec.json.encode(WINDOW).decode(), EMAIL)
    finally:
        db.conn.close()


def test_playground_and_the_preview_of_the_draft(live_server: str, tmp_path: Path, catalogs_dir: Path,
                                                 page: Page, screenshots: Path) -> None:
    _prepare(tmp_path, catalogs_dir)
    reference = _submit(live_server, items=[{"configuration": WINDOW, "note": "keuken"}])
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    _log_in(page, live_server, EMAIL, "/admin/catalog/playground")
    table = page.locator("table.playground").first  # the windows whose price moves; the rest are folded below
    rows = table.locator(":scope > tbody > tr")
    expect(rows.first).to_have_attribute("data-difference", "26.84")
    expect(table).to_contain_text(f"Aanvraag {reference}, raam 1")
    rows.first.locator("summary").click()
    expect(rows.first.locator("table.lines tr.moved")).to_contain_text("50,00")
    # The real widget on the draft: its new label, and the draft's price for the default window.
    widget = page.locator("venster-configurator")
    expect(widget).to_contain_text("Kunststof raam (nieuw)", timeout=15_000)
    page.screenshot(path=str(screenshots / "catalog-playground.png"), full_page=True)
    page.goto(f"{live_server}/admin/catalog/preview")
    expect(page.locator("venster-configurator")).to_contain_text("Kunststof raam (nieuw)", timeout=15_000)
    page.screenshot(path=str(screenshots / "catalog-preview.png"), full_page=True)
    _no_csp_violations(page)
    assert errors == []


def test_a_refused_publish_then_a_published_one_and_its_diff(live_server: str, tmp_path: Path, catalogs_dir: Path,
                                                             page: Page, screenshots: Path) -> None:
    _prepare(tmp_path, catalogs_dir)
    db = connect(tmp_path / "live.db")
    try:
        catalog = decode_catalog(FULL, "x")
        # Two problems: the product's name and its first option group's name are gone.
        broken = [msgspec.structs.replace(p, label={}, description={}, options=[
            msgspec.structs.replace(p.options[0], label={}), *p.options[1:]]) for p in catalog.products]
        save_draft(db, "shop", msgspec.structs.replace(catalog, products=broken), SHOP)
    finally:
        db.conn.close()
    _log_in(page, live_server, SHOP, "/admin/catalog/publish")
    page.get_by_label("Note").fill("First try")
    page.get_by_role("button", name="Publish", exact=True).click()
    refusal = page.locator("[data-refusal]")
    expect(refusal).to_contain_text("2 problems must be solved first")
    expect(refusal.locator("li")).to_have_count(2)
    page.screenshot(path=str(screenshots / "catalog-publish-refused.png"), full_page=True)
    db = connect(tmp_path / "live.db")
    try:
        save_draft(db, "shop", decode_catalog(FULL.replace(BLACK, BLACK.replace("rate = 10", "rate = 12.5"), 1), "d"),
                   SHOP)
    finally:
        db.conn.close()
    page.goto(f"{live_server}/admin/catalog/publish")
    page.get_by_label("Note").fill("Black costs more")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".notice")).to_have_text("Version 2 is published and live.")
    page.get_by_role("link", name="Version 2").click()
    expect(page.locator("[data-changes]")).to_contain_text("Black: €10.00/m → €12.50/m")
    page.screenshot(path=str(screenshots / "catalog-version-diff.png"), full_page=True)
    page.goto(f"{live_server}/admin/catalog/versions")
    page.screenshot(path=str(screenshots / "catalog-versions.png"), full_page=True)
    _no_csp_violations(page)
