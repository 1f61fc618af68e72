"""``venster dealer init --country``: each country's template, end to end from the command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from litestar.testing import TestClient
from playwright.sync_api import Page, expect

from server.app import create_app
from server.services.catalogs import load_catalog_file
from server.services.country_templates import TEMPLATES, template_of, vat_rate_of
from server.settings import Settings
from tests.browser.conftest import settle
from tests.conftest import CATALOGS, running_server

ROOT = Path(__file__).resolve().parent.parent.parent


def _venster(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VENSTER_DB": str(tmp / "v.db"), "VENSTER_CATALOGS": str(tmp / "catalogs")}
    return subprocess.run([sys.executable, "-m", "server", *args], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "catalogs").mkdir()
    shutil.copy(CATALOGS / "demo.toml", tmp_path / "catalogs" / "demo.toml")
    return tmp_path / "catalogs"


# country -> languages, standard VAT rate, currency, drawing convention, legal country (as the issue lists them).
EXPECTED = {
    "NL": (["nl", "en"], Decimal("21"), "EUR", "vkg"),
    "BE": (["nl", "en"], Decimal("21"), "EUR", "vkg"),
    "DE": (["de", "en"], Decimal("19"), "EUR", "din"),
    "AT": (["de", "en"], Decimal("20"), "EUR", "din"),
    "CH": (["de", "en"], Decimal("8.1"), "CHF", "din"),
}


@pytest.mark.parametrize("country", sorted(EXPECTED))
def test_init_starts_from_the_countrys_template_and_catalog_check_asks_for_the_legal_details(
        tmp_path: Path, country: str) -> None:
    catalogs = _folder(tmp_path)
    slug = f"dealer-{country.lower()}"
    done = _venster(tmp_path, "dealer", "init", slug, "--country", country.lower(), "--email", f"a@{slug}.example")
    assert done.returncode == 0, done.stderr
    languages, rate, currency, convention = EXPECTED[country]
    assert f'<venster-configurator dealer="{slug}" lang="{languages[0]}"></venster-configurator>' in done.stdout
    assert "/admin/reset/" in done.stdout and "vst_" in done.stdout
    assert f"Invoices in {country} need these company details, still missing: street, postcode, city" in done.stdout
    dealer = load_catalog_file(catalogs / f"{slug}.toml").catalog.dealer
    assert (dealer.languages, dealer.vat_rate, dealer.currency, dealer.drawing_convention, dealer.units) == (
        languages, rate, currency, convention, "metric")
    assert dealer.legal.country == country
    checked = _venster(tmp_path, "catalog", "check", str(catalogs / f"{slug}.toml"))
    assert checked.returncode == 0, checked.stdout
    assert "legal details an invoice must carry are missing" in checked.stdout
    # What the country's invoices need besides the common fields: the KvK / enterprise number in NL and BE.
    assert ("coc_number" in checked.stdout) is (country in ("NL", "BE"))


def test_a_rate_the_country_does_not_use_is_refused_with_the_rates_it_does(tmp_path: Path) -> None:
    catalogs = _folder(tmp_path)
    refused = _venster(tmp_path, "dealer", "init", "fenster-de", "--country", "DE", "--email", "a@de.example",
                       "--vat", "21")
    assert refused.returncode == 2
    assert "--vat 21 is not a VAT rate of DE; use one of 19, 7, 0" in refused.stderr
    assert not (catalogs / "fenster-de.toml").exists()
    reduced = _venster(tmp_path, "dealer", "init", "fenster-de", "--country", "DE", "--email", "a@de.example",
                       "--vat", "7")
    assert reduced.returncode == 0, reduced.stderr
    assert load_catalog_file(catalogs / "fenster-de.toml").catalog.dealer.vat_rate == Decimal("7")
    # The old spelling without --country is still a Dutch dealer.
    dutch = _venster(tmp_path, "dealer", "init", "kozijnen-nl", "--email", "a@nl.example", "--vat", "9")
    assert dutch.returncode == 0, dutch.stderr
    assert load_catalog_file(catalogs / "kozijnen-nl.toml").catalog.dealer.vat_rate == Decimal("9")


def test_the_rates_a_template_accepts_are_read_as_numbers() -> None:
    swiss = template_of("ch")
    assert swiss is not None and template_of("FR") is None
    assert [vat_rate_of(swiss, typed) for typed in (None, "", "8.10", "2,6", "0", "8", "21", "x")] == [
        Decimal("8.1"), Decimal("8.1"), Decimal("8.1"), Decimal("2.6"), Decimal("0"), None, None, None]
    # Every template's languages are ones venster has words for; its standard rate comes first.
    assert all(set(t.languages) <= {"nl", "en", "de"} and t.vat_rates[0] == max(t.vat_rates)
               for t in TEMPLATES.values())


def test_a_belgian_starter_range_fits_at_the_belgian_reduced_rate_and_a_german_one_at_the_standard(
        tmp_path: Path) -> None:
    """The demo's installation line is at the Dutch 9%; a Belgian dealer's is at 6%, a German one's at 19%."""
    catalogs = _folder(tmp_path)
    for country in ("BE", "DE"):
        assert _venster(tmp_path, "dealer", "init", f"d-{country.lower()}", "--country", country, "--email",
                        f"a@{country.lower()}.example").returncode == 0
    settings = Settings(db_path=tmp_path / "v.db", catalogs_dir=catalogs, outbox_worker=False)
    body = {"product": "pvc-window", "options": {"installation": "fitted"}}
    with TestClient(create_app(settings)) as client:
        rates = {country: {ln["code"]: ln["vat_rate"] for ln in client.post(
            f"/api/v1/dealers/d-{country.lower()}/evaluate?lang=en", json=body).json()["price"]["lines"]}
            for country in ("BE", "DE")}
    fitted = [code for code in rates["BE"] if "installation" in code]
    assert fitted and rates["BE"][fitted[0]] == "6" and rates["DE"][fitted[0]] == "19"


def test_a_swiss_dealer_prices_in_francs_at_8_1_percent_in_the_api_and_the_widget(tmp_path: Path,
                                                                                   page: Page) -> None:
    catalogs = _folder(tmp_path)
    assert _venster(tmp_path, "dealer", "init", "fenster-ch", "--country", "CH", "--email",
                    "a@ch.example").returncode == 0
    settings = Settings(db_path=tmp_path / "v.db", catalogs_dir=catalogs, outbox_worker=False)
    with TestClient(create_app(settings)) as client:
        price = client.post("/api/v1/dealers/fenster-ch/evaluate?lang=de", json={"product": "pvc-window"}).json()[
            "price"]
    assert price["currency"] == "CHF"
    assert {ln["vat_rate"] for ln in price["lines"]} == {"8.1"}
    # VAT is 8.1% of the subtotal, rounded half up to the rappen once: exact, never through a float.
    subtotal = Decimal(price["subtotal"])
    assert Decimal(price["vat"]) == (subtotal * Decimal("0.081")).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    with running_server(tmp_path, catalogs) as (base, _):
        page.goto(f"{base}/d/fenster-ch?lang=de")
        widget = page.locator("venster-configurator")
        settle(page, widget)
        shown = widget.locator(".ph .big").inner_text()
        assert "CHF" in shown and "€" not in shown, shown
        expect(widget.locator(".ph .big")).to_contain_text(
            page.evaluate("t => new Intl.NumberFormat('de-DE', {style: 'currency', currency: 'CHF'}).format(t)",
                          float(price["total"])))


def test_the_catalog_takes_francs_and_a_decimal_rate_exactly_and_refuses_other_currencies() -> None:
    from server.engine.catalog import CatalogError, decode_catalog
    from server.resources import resource

    demo = resource("catalogs", "demo.toml").read_text(encoding="utf-8")
    swiss = decode_catalog(demo.replace('currency = "EUR"', 'currency = "CHF"').replace("vat_rate = 21\n",
                                                                                       "vat_rate = 8.1\n"), "ch")
    assert swiss.dealer.currency == "CHF" and swiss.dealer.vat_rate == Decimal("8.1")  # not 8.0999999...
    with pytest.raises(CatalogError, match=r"^us: Invalid enum value 'USD' - at `dealer.currency`$"):
        decode_catalog(demo.replace('currency = "EUR"', 'currency = "USD"'), "us")


@pytest.mark.parametrize("typed", ["sNaN", "NaN", "-nan", "inf", "Infinity", "-Infinity", "snan%"])
def test_a_rate_that_is_not_a_finite_number_is_no_rate(typed: str) -> None:
    swiss = template_of("CH")
    assert swiss is not None and vat_rate_of(swiss, typed) is None


def test_init_refuses_a_non_finite_vat_rate_like_any_unknown_one(tmp_path: Path) -> None:
    catalogs = _folder(tmp_path)
    refused = _venster(tmp_path, "dealer", "init", "fenster-ch", "--country", "CH", "--email", "a@ch.example",
                       "--vat", "sNaN")
    assert refused.returncode == 2, refused.stderr
    assert "--vat sNaN is not a VAT rate of CH; use one of 8.1, 2.6, 0" in refused.stderr
    assert "Traceback" not in refused.stderr and not (catalogs / "fenster-ch.toml").exists()
