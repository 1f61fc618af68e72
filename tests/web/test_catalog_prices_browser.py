"""The price pages in real Chromium: a price form, a pasted matrix previewed at once (matrix.js), applied.

Screenshots land in the run's ``screenshots`` folder as prices-*.png (1280 pixels wide).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.web.test_admin_browser import _log_in, _no_csp_violations, _user

pytestmark = pytest.mark.browser

PVC = "/admin/catalog/prices/pvc-window"


def _paste_text(bad: bool) -> str:
    rows = ["h\\b\t" + "\t".join(str(600 + 200 * c) for c in range(10))]
    for r in range(9):
        cells = [f"€ {300 + 10 * r + c},50" for c in range(10)]
        if bad and r == 5:
            cells[2] = "op aanvraag"
        rows.append("\t".join([str(600 + 200 * r), *cells]))
    return "\n".join(rows)


def _paste(page: Page, text: str) -> None:
    """What a paste from a spreadsheet does to the box: the text lands, then the paste event fires."""
    page.locator("textarea[data-paste]").evaluate(
        "(box, text) => { box.value = text; box.dispatchEvent(new Event('paste', {bubbles: true})); }", text)


def test_a_price_form_a_pasted_matrix_previewed_and_applied(live_server: str, tmp_path: Path, page: Page,
                                                            screenshots: Path) -> None:
    _user(tmp_path)
    page.set_viewport_size({"width": 1280, "height": 900})
    _log_in(page, live_server, "/admin/catalog/prices")
    expect(page.get_by_role("heading", name="Prijzen", exact=True)).to_be_visible()
    page.screenshot(path=str(screenshots / "prices-overview.png"), full_page=True)

    # A price form: choosing another kind shows its fields at once (matrix.js submits the kind).
    page.goto(f"{live_server}{PVC}/rules/sash-tilt-turn")
    expect(page.get_by_label("Bedrag (€, excl. btw)")).to_have_value("145")
    page.locator("#f-kind").select_option("per_m2")
    expect(page.get_by_label("Tarief (€, excl. btw)")).to_be_visible()
    expect(page.get_by_label("Minimale oppervlakte (m²)")).to_be_visible()
    page.get_by_label("Tarief (€, excl. btw)").fill("12,50")
    page.screenshot(path=str(screenshots / "prices-form.png"), full_page=True)
    page.get_by_role("button", name="Opslaan in concept").click()
    expect(page.locator("[data-saved]")).to_be_visible()

    # A paste previews at once; the failed cell is named by row and column; nothing is stored.
    page.goto(f"{live_server}{PVC}/import?target=rule:base")
    _paste(page, _paste_text(bad=True))
    expect(page.locator("[data-failed] li")).to_have_text("rij 7, kolom D: „op aanvraag” is geen getal")
    expect(page.locator("form[data-apply]")).to_have_count(0)
    page.screenshot(path=str(screenshots / "prices-import-failed.png"), full_page=True)

    _paste(page, _paste_text(bad=False))
    expect(page.locator("[data-summary]")).to_contain_text("10 breedtes × 9 hoogtes = 90 prijzen.")
    page.screenshot(path=str(screenshots / "prices-import-preview.png"), full_page=True)
    page.get_by_role("button", name="Toepassen in concept").click()
    expect(page).to_have_url(re.compile(re.escape(f"{PVC}/rules/base?saved=matrix") + "$"))
    expect(page.locator("#f-matrix")).to_contain_text("343.50")
    page.screenshot(path=str(screenshots / "prices-matrix-applied.png"), full_page=True)
    _no_csp_violations(page)
