"""The legal-details service: numbers checked and stored compact, the catalog as the fallback, the invoice checklist."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from server.engine.catalog import Dealer
from server.services.catalogs import load_catalog_file
from server.services.errors import Invalid
from server.services.legal_details import (
    LegalDetails,
    checked,
    from_catalog,
    is_saved,
    legal_details,
    missing_for_invoice,
    save_details,
    seller_of,
    shown,
)
from server.services.legal_numbers import check_coc, check_iban, check_vat
from server.storage.db import Database, connect, migrate
from tests.conftest import CATALOGS


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = connect(tmp_path / "v.db")
    migrate(database)
    return database


@pytest.fixture
def demo() -> Dealer:
    return load_catalog_file(CATALOGS / "demo.toml").catalog.dealer


def _problems(details: LegalDetails) -> dict[str, str]:
    with pytest.raises(Invalid) as caught:
        checked(details)
    assert caught.value.code == "legal.invalid"
    return {p.field: p.code for p in caught.value.problems}


@pytest.mark.parametrize(("typed", "country", "compact"), [
    ("nl 0000.99.998.B57", "NL", "NL000099998B57"),
    ("BE 0403.019.261", "BE", "BE0403019261"),
    ("DE 136 695 976", "DE", "DE136695976"),
    ("ATU 13585627", "AT", "ATU13585627"),
    ("CHE-116.281.710 MWST", "CH", "CHE116281710MWST"),
])
def test_a_vat_number_of_the_dealers_country_is_stored_compact(typed: str, country: str, compact: str) -> None:
    assert check_vat(typed, country) == (compact, None)


def test_a_vat_number_is_refused_when_its_check_digit_or_its_country_is_wrong() -> None:
    wrong = check_vat("NL000099998B58", "NL")[1]
    assert wrong is not None and (wrong.field, wrong.code) == ("vat_number", "legal.vat.format")
    elsewhere = check_vat("DE136695976", "NL")[1]
    assert elsewhere is not None and (elsewhere.code, elsewhere.params) == ("legal.vat.country", {"prefix": "NL"})


def test_an_iban_is_checked_by_its_check_digits_and_its_shape() -> None:
    assert check_iban("nl91 abna 0417 1643 00") == ("NL91ABNA0417164300", None)
    one_digit_off = check_iban("NL91ABNA0417164301")[1]
    assert one_digit_off is not None and one_digit_off.code == "legal.iban.checksum"
    not_one = check_iban("1234")[1]
    assert not_one is not None and not_one.code == "legal.iban.format"


def test_a_kvk_number_is_eight_digits_and_a_belgian_one_the_enterprise_number() -> None:
    assert check_coc("1234 5678", "NL") == ("12345678", None)
    short = check_coc("1234567", "NL")[1]
    assert short is not None and short.code == "legal.coc.nl"
    assert check_coc("0403.019.261", "BE") == ("0403019261", None)
    assert check_coc("Amtsgericht Köln  HRB 12345", "DE") == ("Amtsgericht Köln HRB 12345", None)


def test_every_wrong_field_is_named_at_once(demo: Dealer) -> None:
    typed = msgspec.structs.replace(from_catalog(demo), iban="NL91ABNA0417164301", bic="ABN", vat_number="NL1",
                                    coc_number="12", email="no-at-sign", postcode="12345")
    assert _problems(typed) == {"iban": "legal.iban.checksum", "bic": "legal.bic.format",
                                "vat_number": "legal.vat.format", "coc_number": "legal.coc.nl",
                                "email": "legal.email.format", "postcode": "intake.postcode.format"}


def test_until_saved_the_catalog_counts_and_once_saved_the_database_wins_as_a_whole(db: Database,
                                                                                    demo: Dealer) -> None:
    assert not is_saved(db, "demo")
    assert legal_details(db, "demo", demo) == from_catalog(demo)
    assert legal_details(db, "demo", demo).iban == "NL91ABNA0417164300"  # catalogs/demo.toml's [dealer.legal]
    new = checked(msgspec.structs.replace(from_catalog(demo), iban="NL20 INGB 0001 2345 67", coc_number=""))
    save_details(db, "demo", from_catalog(demo), new, "user:1")
    stored = legal_details(db, "demo", demo)
    assert is_saved(db, "demo") and stored.iban == "NL20INGB0001234567"
    # An emptied field stays empty: the catalog's KvK number does not come back.
    assert stored.coc_number == "" and missing_for_invoice(stored) == ["coc_number"]
    assert legal_details(db, "other", demo) == from_catalog(demo), "another dealer's row is not this one's"


def test_each_changed_field_is_audited_with_before_and_after(db: Database, demo: Dealer) -> None:
    old = from_catalog(demo)
    changes = save_details(db, "demo", old, msgspec.structs.replace(old, bic="ABNANL2A"), "user:1")
    assert changes == [("bic", "", "ABNANL2A")]
    row = db.execute("SELECT action, subject, detail FROM audit_log WHERE dealer = 'demo'").fetchall()
    assert row == [("legal.change", "bic", '{"old":"","new":"ABNANL2A"}')]


def test_what_an_invoice_needs_depends_on_the_country(demo: Dealer) -> None:
    empty = LegalDetails()
    assert missing_for_invoice(empty) == ["company_name", "street", "postcode", "city", "vat_number", "coc_number",
                                          "iban"]
    # A German invoice names no chamber-of-commerce number; a Dutch or Belgian one does.
    assert "coc_number" not in missing_for_invoice(LegalDetails(country="DE"))
    assert "coc_number" in missing_for_invoice(LegalDetails(country="BE"))
    assert missing_for_invoice(from_catalog(demo)) == []


def test_numbers_are_shown_formatted_and_the_seller_carries_them_compact(demo: Dealer) -> None:
    details = msgspec.structs.replace(from_catalog(demo), bic="ABNANL2A", terms_version="2026-01")
    assert shown(details)["iban"] == "NL91 ABNA 0417 1643 00"
    seller = seller_of(details, demo)
    assert (seller.iban, seller.bic, seller.terms_version) == ("NL91ABNA0417164300", "ABNANL2A", "2026-01")
    assert seller.address == "Herengracht 1, 1015 BA Amsterdam" and seller.name == "Kozijnen Demo"
