"""The branding page (Huisstijl): the accent refused with its ratio, the logo uploaded through the real form, CSRF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.services.users import create_user
from tests.support.html import error_texts, form_values, parse, text_of
from tests.support.logos import SVG_LOGO, image_bytes, svg_logo
from tests.web.conftest import PASSWORD, Office, two_dealer_settings


def _form(office: Office) -> dict[str, str]:
    return form_values(office.get("/admin/branding").text, "/admin/branding")


def _upload(office: Office, data: bytes, name: str, media_type: str, csrf: str | None = None):  # noqa: ANN202
    form = {"csrf": office.csrf if csrf is None else csrf}
    return office.client.post("/admin/branding/logo", data=form, files={"logo": (name, data, media_type)})


def _stored_logo(office: Office, dealer: str = "demo") -> tuple[str, int] | None:
    db = office.db()
    try:
        row = db.execute("SELECT logo_type, length(logo) FROM dealer_branding WHERE dealer = ?", [dealer]).fetchone()
    finally:
        db.conn.close()
    return None if row is None or row[0] in ("", "none") else (row[0], row[1])


def test_the_page_starts_from_the_catalog_and_is_in_the_menu(anna: Office) -> None:
    page = anna.get("/admin/branding")
    assert page.status_code == 200
    assert _form(anna) == {"accent_colour": "#1f5f8b", "sender_name": ""}
    assert parse(page.text).xpath('//*[@data-source="catalog"]') and parse(page.text).xpath("//*[@data-no-logo]")
    menu = parse(page.text).xpath('//nav[contains(@class, "subnav")]//a[@href="/admin/branding"]')
    assert [(text_of(a), a.get("aria-current")) for a in menu] == [("Huisstijl", "page")]
    upload_form = parse(page.text).xpath('//form[@action="/admin/branding/logo"]')[0]
    assert upload_form.get("enctype") == "multipart/form-data" and upload_form.xpath('.//input[@type="file"]')


@pytest.mark.parametrize(("lang", "email", "words"), [
    ("nl", "anna@demo.example", "Deze accentkleur is op wit te slecht te zien: contrast 1,5:1, "
                                "nodig is minstens 4,5:1."),
    ("en", "eve@demo.example", "This accent colour is too hard to see on white: contrast 1.5:1, "
                               "at least 4.5:1 is needed."),
    ("de", "dora@demo.example", "Diese Akzentfarbe ist auf Weiß zu schlecht zu sehen: Kontrast 1,5:1, "
                                "nötig ist mindestens 4,5:1."),
])
def test_a_light_accent_is_refused_with_its_ratio_in_the_users_language_and_nothing_is_stored(
        office: Office, lang: str, email: str, words: str) -> None:
    if lang != "nl":
        db = office.db()
        try:
            create_user(db, "demo", email, name="Colleague", lang=lang, password=PASSWORD)
        finally:
            db.conn.close()
    office.login(email)
    refused = office.post("/admin/branding", {"accent_colour": "#ffcc00", "sender_name": "Kozijnen Jansen"})
    assert refused.status_code == 422
    errors = error_texts(refused.text)
    assert list(errors) == ["accent_colour"] and errors["accent_colour"].startswith(words)
    assert form_values(refused.text, "/admin/branding") == {"accent_colour": "#ffcc00",
                                                             "sender_name": "Kozijnen Jansen"}, "kept as typed"
    assert _form(office) == {"accent_colour": "#1f5f8b", "sender_name": ""}, "nothing stored"


def test_a_sender_name_with_a_line_break_is_refused(anna: Office) -> None:
    refused = anna.post("/admin/branding", {"accent_colour": "#1f5f8b", "sender_name": "Jansen\r\nBcc: x@example.com"})
    assert refused.status_code == 422
    assert error_texts(refused.text)["sender_name"] == (
        "De afzendernaam mag geen regeleinden of andere stuurtekens bevatten.")


def test_the_branding_is_saved_applied_to_the_back_office_and_audited(anna: Office) -> None:
    saved = anna.post("/admin/branding", {"accent_colour": "#2B7A3D", "sender_name": "Kozijnen Jansen"})
    assert saved.status_code == 200 and saved.url.path == "/admin/branding"
    assert text_of(parse(saved.text).xpath('//p[@class="notice"]')[0]) == "De huisstijl is opgeslagen."
    assert _form(anna) == {"accent_colour": "#2b7a3d", "sender_name": "Kozijnen Jansen"}
    assert not parse(saved.text).xpath('//*[@data-source="catalog"]')
    theme = parse(saved.text).xpath('//link[@rel="stylesheet"]/@href')
    assert "/admin/theme/2b7a3d.css" in theme, "the back office itself takes the new accent"
    audit = anna.get("/admin/audit").text
    assert "Huisstijl gewijzigd" in audit and "Afzendernaam van e-mails" in audit  # the field as the page names it


@pytest.mark.parametrize(("data", "name", "media_type", "stored_type"), [
    (image_bytes("PNG"), "logo.png", "image/png", "image/png"),
    (image_bytes("JPEG"), "logo.jpeg", "image/jpeg", "image/jpeg"),
    (image_bytes("WEBP"), "logo.webp", "image/webp", "image/webp"),
    (SVG_LOGO, "logo.svg", "image/svg+xml", "image/svg+xml"),
])
def test_a_logo_uploaded_through_the_form_is_stored_and_shown(
        anna: Office, data: bytes, name: str, media_type: str, stored_type: str) -> None:
    answer = _upload(anna, data, name, media_type)
    assert answer.status_code == 200 and answer.url.path == "/admin/branding"
    assert text_of(parse(answer.text).xpath('//p[@class="notice"]')[0]) == "Het logo is opgeslagen."
    stored = _stored_logo(anna)
    assert stored is not None and stored[0] == stored_type
    [src] = parse(answer.text).xpath("//img[@data-logo]/@src")
    assert src.startswith("/api/v1/dealers/demo/logo?v=")
    served = anna.get(src)
    assert served.status_code == 200 and served.headers["content-type"].startswith(stored_type)


@pytest.mark.parametrize(("data", "name", "media_type", "words"), [
    (image_bytes("PNG"), "logo.svg", "image/svg+xml",
     "De naam of het type van dit bestand zegt SVG, maar het bevat een PNG-afbeelding."),
    (b"<html><body><script>alert(1)</script></body></html>", "logo.png", "image/png",
     "Dit is geen PNG-, JPEG-, WebP- of SVG-afbeelding."),
    (image_bytes("PNG") + b"\0" * 530_000, "big.png", "image/png", "Dit bestand is te groot (hoogstens 512 KB)."),
    (b"", "", "application/octet-stream", "Kies eerst een bestand."),
])
def test_a_bad_file_is_refused_with_a_translated_message_and_nothing_is_stored(
        anna: Office, data: bytes, name: str, media_type: str, words: str) -> None:
    refused = _upload(anna, data, name, media_type)
    assert refused.status_code == 422
    assert error_texts(refused.text)["logo"].startswith(words) and list(error_texts(refused.text)) == ["logo"]
    assert _stored_logo(anna) is None
    assert anna.get("/api/v1/dealers/demo/logo").status_code == 404


def test_the_upload_and_the_forms_need_the_csrf_token(anna: Office) -> None:
    assert _upload(anna, image_bytes("PNG"), "logo.png", "image/png", csrf="wrong").status_code == 403
    assert anna.post("/admin/branding", {"accent_colour": "#2b7a3d", "sender_name": ""}, csrf="").status_code == 403
    assert anna.post("/admin/branding/logo/remove", {}, csrf="nope").status_code == 403
    assert _stored_logo(anna) is None and _form(anna)["accent_colour"] == "#1f5f8b"


def test_the_logo_is_removed_everywhere(anna: Office) -> None:
    _upload(anna, image_bytes("PNG"), "logo.png", "image/png")
    assert anna.get("/api/v1/dealers/demo/logo").status_code == 200
    removed = anna.post("/admin/branding/logo/remove", {})
    assert removed.status_code == 200 and text_of(parse(removed.text).xpath('//p[@class="notice"]')[0]) == (
        "Het logo is verwijderd.")
    assert _stored_logo(anna) is None and anna.get("/api/v1/dealers/demo/logo").status_code == 404
    assert parse(removed.text).xpath("//*[@data-no-logo]")


def test_each_dealer_brands_only_itself(office: Office) -> None:
    office.login()
    _upload(office, image_bytes("PNG"), "logo.png", "image/png")
    office.post("/admin/branding", {"accent_colour": "#2b7a3d", "sender_name": "Kozijnen Jansen"})
    office.post("/admin/logout", {})
    office.login("otto@other.example")
    assert _form(office) == {"accent_colour": "#1f5f8b", "sender_name": ""}, "other sees its own (the catalog's)"
    assert parse(office.get("/admin/branding").text).xpath("//*[@data-no-logo]")
    assert _stored_logo(office, "other") is None
    _upload(office, SVG_LOGO, "other.svg", "image/svg+xml")
    assert _stored_logo(office, "other") == ("image/svg+xml", _stored_logo(office, "other")[1])  # type: ignore[index]
    assert _stored_logo(office, "demo") is not None and _stored_logo(office, "demo")[0] == "image/png"  # type: ignore[index]


def test_without_logging_in_the_page_sends_to_the_login(office: Office) -> None:
    answer = office.client.get("/admin/branding", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/admin/login")


def test_white_text_refused_at_its_ratio_with_the_needed_one_in_dutch_numbers(anna: Office) -> None:
    refused = anna.post("/admin/branding", {"accent_colour": "#888888", "sender_name": ""})
    assert error_texts(refused.text)["accent_colour"] == (
        "Witte tekst op deze accentkleur is te slecht leesbaar: contrast 3,5:1, knoppen hebben minstens 4,5:1 "
        "nodig. Kies een donkerder kleur.")


@pytest.mark.parametrize("extra", [
    "<g>" * 5000 + "</g>" * 5000,
    '<defs><rect id="a0" width="1" height="1"/>'
    + "".join(f'<g id="a{i}">' + f'<use href="#a{i - 1}"/>' * 10 + "</g>" for i in range(1, 5))
    + '</defs><use href="#a4"/>',
], ids=["5000 nested groups", "use bomb"])
def test_an_svg_too_complex_to_draw_is_refused_in_words_not_a_500_and_nothing_is_stored(
        anna: Office, extra: str) -> None:
    refused = _upload(anna, svg_logo(extra), "logo.svg", "image/svg+xml")
    assert refused.status_code == 422
    assert error_texts(refused.text) == {"logo": (
        "Deze SVG is te ingewikkeld om te tekenen: meer dan 64 niveaus diep, meer dan 2000 getekende delen, "
        "of een <use> die naar zichzelf verwijst. Vereenvoudig hem of upload een PNG.")}
    assert _stored_logo(anna) is None and anna.get("/api/v1/dealers/demo/logo").status_code == 404


@pytest.fixture
def branded_anna(tmp_path: Path, catalogs_dir: Path) -> Iterator[Office]:
    """Anna, whose catalog has a logo URL and an accent from before the contrast rule (#4a90d9, 3.3:1)."""
    demo = catalogs_dir / "demo.toml"
    demo.write_text(demo.read_text(encoding="utf-8").replace(
        'accent_colour = "#1f5f8b"\n', 'accent_colour = "#4a90d9"\nlogo_url = "https://cdn.example/logo.png"\n'),
        encoding="utf-8")
    settings = two_dealer_settings(tmp_path, catalogs_dir)
    with TestClient(create_app(settings)) as client:
        office = Office(client, settings)
        office.login()
        yield office


def _audit(office: Office, action: str) -> list[tuple[str, object, object]]:
    db = office.db()
    try:
        rows = db.execute("SELECT subject, before, after FROM audit_log WHERE dealer = 'demo' AND action = ? "
                          "ORDER BY id", [action]).fetchall()
    finally:
        db.conn.close()
    return [(subject, msgspec.json.decode(before), msgspec.json.decode(after)) for subject, before, after in rows]


def test_changing_only_the_sender_name_keeps_the_catalogs_accent_and_logo(branded_anna: Office) -> None:
    form = _form(branded_anna)
    assert form == {"accent_colour": "#4a90d9", "sender_name": ""}
    saved = branded_anna.post("/admin/branding", {**form, "sender_name": "Kozijnen X"})
    assert saved.status_code == 200 and saved.url.path == "/admin/branding", error_texts(saved.text)
    assert _form(branded_anna) == {"accent_colour": "#4a90d9", "sender_name": "Kozijnen X"}
    assert parse(saved.text).xpath('//img[@data-logo]/@src') == ["https://cdn.example/logo.png"]
    public = branded_anna.client.get("/api/v1/dealers/demo/configurator").json()["dealer"]
    assert (public["logo_url"], public["accent_colour"]) == ("https://cdn.example/logo.png", "#4a90d9")
    assert _audit(branded_anna, "branding.change") == [("sender_name", "", "Kozijnen X")]
    # A changed accent is still checked.
    refused = branded_anna.post("/admin/branding", {"accent_colour": "#5a9ae0", "sender_name": "Kozijnen X"})
    assert refused.status_code == 422 and list(error_texts(refused.text)) == ["accent_colour"]


def test_a_removed_catalog_logo_stays_removed_after_saving_again(branded_anna: Office) -> None:
    removed = branded_anna.post("/admin/branding/logo/remove", {})
    assert parse(removed.text).xpath("//*[@data-no-logo]")
    branded_anna.post("/admin/branding", {**_form(branded_anna), "sender_name": "Kozijnen X"})
    page = branded_anna.get("/admin/branding")
    assert parse(page.text).xpath("//*[@data-no-logo]") and not parse(page.text).xpath("//img[@data-logo]")
    assert branded_anna.client.get("/api/v1/dealers/demo/configurator").json()["dealer"]["logo_url"] == ""
    assert _audit(branded_anna, "branding.logo_removed") == [
        ("logo", {"type": "catalog", "url": "https://cdn.example/logo.png"}, {"type": "none"})]
