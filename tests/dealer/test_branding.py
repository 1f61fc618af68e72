"""The branding service: the accent's contrast refused with its ratio, a header-safe sender name, the fallback."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from server.colours import contrast_ratio
from server.engine.catalog import Dealer
from server.services.branding import (
    Branding,
    BrandingPatch,
    branding_of,
    checked,
    merged,
    remove_logo,
    save_branding,
    save_logo,
    with_branding,
)
from server.services.catalogs import load_catalog_file
from server.services.errors import Invalid
from server.services.logo_check import check_logo
from server.storage.branding import branding_row, logo_png
from server.storage.db import Database, connect, migrate
from tests.conftest import CATALOGS
from tests.support.logos import image_bytes


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = connect(tmp_path / "v.db")
    migrate(database)
    return database


@pytest.fixture
def demo() -> Dealer:
    return load_catalog_file(CATALOGS / "demo.toml").catalog.dealer


def _problems(exc: pytest.ExceptionInfo[Invalid]) -> list[tuple[str, str, dict[str, object]]]:
    return [(p.field, p.code, p.params) for p in exc.value.problems]


def test_contrast_ratio_is_wcags() -> None:
    # Black on white is 21:1 by definition; #767676 is the well-known lightest grey passing 4.5:1.
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#ffffff", "#777777") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(("colour", "code", "ratio", "needed"), [
    ("#ffcc00", "branding.accent.contrast_ui", "1.5", "4.5"),  # yellow on white: 1.51:1
    ("#888888", "branding.accent.contrast_text", "3.5", "4.5"),  # 3.54:1: a border passes, white text does not
    ("#777777", "branding.accent.contrast_text", "4.4", "4.5"),  # 4.48:1, shown rounded down, never as 4.5
])
def test_an_accent_too_light_is_refused_naming_the_field_and_the_measured_ratio(
        colour: str, code: str, ratio: str, needed: str) -> None:
    with pytest.raises(Invalid) as refused:
        checked(Branding(accent_colour=colour))
    assert _problems(refused) == [("accent_colour", code, {"ratio": ratio, "needed": needed})]


@pytest.mark.parametrize("colour", ["#1f5f8b", "#767676", "#2B7A3D"])
def test_an_accent_that_carries_white_text_is_kept_lower_case(colour: str) -> None:
    assert checked(Branding(accent_colour=colour)).accent_colour == colour.lower()


@pytest.mark.parametrize("colour", ["1f5f8b", "#fff", "#12345g", "red", "", "#1f5f8b; x"])
def test_an_accent_that_is_not_a_hex_colour_is_refused(colour: str) -> None:
    with pytest.raises(Invalid) as refused:
        checked(Branding(accent_colour=colour))
    assert _problems(refused) == [("accent_colour", "branding.accent.format", {})]


@pytest.mark.parametrize("name", ["Kozijnen Jansen\r\nBcc: victim@example.com", "Jansen\nX", "Jansen\rX",
                                  "Jansen\x00", "Jansen\u2028Bcc: x"])
def test_a_sender_name_with_a_line_break_or_control_character_is_refused(name: str) -> None:
    with pytest.raises(Invalid) as refused:
        checked(Branding(accent_colour="#1f5f8b", sender_name=name))
    assert _problems(refused) == [("sender_name", "branding.sender.control", {})]


def test_a_sender_name_too_long_is_refused_and_every_field_error_comes_at_once() -> None:
    with pytest.raises(Invalid) as refused:
        checked(Branding(accent_colour="#ffff00", sender_name="K" * 71))
    assert [(f, c) for f, c, _ in _problems(refused)] == [
        ("accent_colour", "branding.accent.contrast_ui"), ("sender_name", "branding.sender.too_long")]
    assert checked(Branding(accent_colour="#1f5f8b", sender_name="Kozijnen Jänsen & Zn.")).sender_name == (
        "Kozijnen Jänsen & Zn.")


def test_without_a_saved_branding_the_catalogs_counts(db: Database, demo: Dealer) -> None:
    current = branding_of(db, "demo", demo)
    assert current == Branding(accent_colour=demo.accent_colour, sender_name="", logo_url=demo.logo_url)
    assert with_branding(demo, "demo", branding_row(db, "demo")) is demo


def test_a_saved_branding_keeps_the_catalogs_logo_until_one_is_uploaded_and_each_change_is_audited(
        db: Database, demo: Dealer) -> None:
    with_url = msgspec.structs.replace(demo, logo_url="https://cdn.example/logo.png")
    current = branding_of(db, "demo", with_url)
    new = checked(merged(current, BrandingPatch(sender_name="Kozijnen Jansen")), current)
    changes = save_branding(db, "demo", current, new, "anna@demo.example")
    assert changes == [("sender_name", "", "Kozijnen Jansen")]
    saved = branding_of(db, "demo", with_url)
    assert saved.saved and saved.sender_name == "Kozijnen Jansen"
    assert saved.logo_url == "https://cdn.example/logo.png", "saving the sender name does not take the catalog's logo"
    dealer = with_branding(with_url, "demo", branding_row(db, "demo"))
    assert dealer.sender_name == "Kozijnen Jansen" and dealer.logo_url == "https://cdn.example/logo.png"
    assert dealer.accent_colour == "#1f5f8b"
    audit = list(db.query("SELECT action, subject, before, after FROM audit_log WHERE dealer = 'demo'"))
    assert [(a["action"], a["subject"], a["before"], a["after"]) for a in audit] == [
        ("branding.change", "sender_name", '""', '"Kozijnen Jansen"')]


def test_an_uploaded_logo_wins_over_the_catalogs_and_a_removed_one_does_not_come_back(
        db: Database, demo: Dealer) -> None:
    with_url = msgspec.structs.replace(demo, logo_url="https://cdn.example/logo.png")
    logo = check_logo(image_bytes("PNG"), "logo.png", "image/png")
    save_logo(db, "demo", branding_of(db, "demo", with_url), logo, "anna")
    uploaded = f"/api/v1/dealers/demo/logo?v={logo.etag[:12]}"
    assert branding_of(db, "demo", with_url).logo_url == uploaded
    assert with_branding(with_url, "demo", branding_row(db, "demo")).logo_url == uploaded
    remove_logo(db, "demo", branding_of(db, "demo", with_url), "anna")
    assert branding_of(db, "demo", with_url).logo_url == ""
    assert with_branding(with_url, "demo", branding_row(db, "demo")).logo_url == ""
    # Saving the colours afterwards keeps the removal: the file's logo stays away.
    current = branding_of(db, "demo", with_url)
    save_branding(db, "demo", current, checked(merged(current, BrandingPatch(accent_colour="#2b7a3d")), current),
                  "anna")
    assert branding_of(db, "demo", with_url).logo_url == ""
    assert with_branding(with_url, "demo", branding_row(db, "demo")).logo_url == ""
    save_logo(db, "demo", branding_of(db, "demo", with_url), logo, "anna")
    assert branding_of(db, "demo", with_url).logo_url == uploaded, "uploading again undoes the removal"


def test_the_logo_changes_are_audited_with_type_and_hash_before_and_after(db: Database, demo: Dealer) -> None:
    with_url = msgspec.structs.replace(demo, logo_url="https://cdn.example/logo.png")
    png = check_logo(image_bytes("PNG"), "logo.png", "image/png")
    webp = check_logo(image_bytes("WEBP"), "logo.webp", "image/webp")
    save_logo(db, "demo", branding_of(db, "demo", with_url), png, "anna")
    save_logo(db, "demo", branding_of(db, "demo", with_url), webp, "anna")
    remove_logo(db, "demo", branding_of(db, "demo", with_url), "anna")
    audit = [(a["action"], msgspec.json.decode(a["before"]), msgspec.json.decode(a["after"]))
             for a in db.query("SELECT action, before, after FROM audit_log WHERE dealer = 'demo' ORDER BY id")]
    assert audit == [
        ("branding.logo", {"type": "catalog", "url": "https://cdn.example/logo.png"},
         {"type": "image/png", "sha256": png.etag[:12]}),
        ("branding.logo", {"type": "image/png", "sha256": png.etag[:12]},
         {"type": "image/webp", "sha256": webp.etag[:12]}),
        ("branding.logo_removed", {"type": "image/webp", "sha256": webp.etag[:12]}, {"type": "none"}),
    ]


def test_an_unchanged_accent_is_taken_as_it_is_and_only_changed_fields_are_checked(demo: Dealer) -> None:
    current = Branding(accent_colour="#4A90D9", sender_name="")  # 3.3:1, from a catalog before the rule
    new = checked(merged(current, BrandingPatch(sender_name="Kozijnen X")), current)
    assert (new.accent_colour, new.sender_name) == ("#4A90D9", "Kozijnen X")
    assert checked(merged(current, BrandingPatch(accent_colour=" #4a90d9 ", sender_name="Y")), current).accent_colour \
        == "#4A90D9", "sent as it was: unchanged"
    with pytest.raises(Invalid) as refused:
        checked(merged(current, BrandingPatch(accent_colour="#5a9ae0")), current)
    assert [field for field, _, _ in _problems(refused)] == ["accent_colour"], "a changed accent is checked"
    with pytest.raises(Invalid):
        checked(merged(current, BrandingPatch(sender_name="Kozijnen X")))  # without the old one: all is checked


def test_a_logo_is_stored_with_its_rendition_and_removed(db: Database, demo: Dealer) -> None:
    current = branding_of(db, "demo", demo)
    logo = check_logo(image_bytes("PNG"), "logo.png", "image/png")
    save_logo(db, "demo", current, logo, "anna@demo.example")
    after = branding_of(db, "demo", demo)
    assert after.logo_type == "image/png" and after.logo_url == f"/api/v1/dealers/demo/logo?v={logo.etag[:12]}"
    assert logo_png(db, "demo") == logo.png
    # Saving the colours again keeps the logo.
    save_branding(db, "demo", after, checked(merged(after, BrandingPatch(accent_colour="#2b7a3d"))), "anna")
    assert branding_of(db, "demo", demo).logo_type == "image/png"
    remove_logo(db, "demo", branding_of(db, "demo", demo), "anna")
    gone = branding_of(db, "demo", demo)
    assert gone.logo_url == "" and gone.accent_colour == "#2b7a3d" and logo_png(db, "demo") is None
    assert branding_row(db, "other") is None, "another dealer's branding is untouched"
