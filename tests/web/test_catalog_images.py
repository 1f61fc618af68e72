"""Value images: uploaded in the editor (checked like the logo), served with an ETag, named in the configurator.

A good file becomes the value's ``img:<id>`` in the draft and is served at
``/api/v1/dealers/{dealer}/images/{id}`` with a strong ETag, 304, nosniff (and for SVG a policy
that runs nothing); a bad, too large or scripted file is refused in words beside the file field,
and nothing changes. The configurator document gives the value its image path once published.
"""

from __future__ import annotations

import re

from server.services.catalog_versions import draft_of, publish
from server.services.logo_check import MAX_BYTES
from tests.support.html import parse
from tests.support.logos import image_bytes, svg_logo
from tests.web.conftest import Office

VALUE = "/admin/catalog/products/pvc-window/options/glazing/values/triple"


def upload(office: Office, name: str, data: bytes, kind: str):  # noqa: ANN201 - httpx.Response
    return office.client.post(f"{VALUE}/image", data={"csrf": office.csrf}, files={"image": (name, data, kind)})


def value_image(office: Office, slug: str = "demo") -> str | None:
    db = office.db()
    try:
        catalog = draft_of(db, slug, office.client.app.state.catalogs.get(slug)).catalog
    finally:
        db.conn.close()
    group = next(g for g in catalog.product("pvc-window").options if g.id == "glazing")
    return next(v for v in group.values if v.id == "triple").image


def test_an_uploaded_image_is_the_values_and_is_served_with_an_etag(anna: Office) -> None:
    answer = upload(anna, "triple.png", image_bytes("PNG", (64, 64)), "image/png")
    assert answer.status_code == 200 and answer.url.path == VALUE, answer.text[:300]
    reference = value_image(anna)
    assert reference is not None and re.fullmatch(r"img:[0-9a-f]{20}", reference)
    page = parse(answer.text)
    src = page.xpath("//img[@data-value-image]/@src")
    assert src == [f"/api/v1/dealers/demo/images/{reference[4:]}"]
    served = anna.client.get(src[0])
    assert served.status_code == 200 and served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.content.startswith(b"\x89PNG")
    again = anna.client.get(src[0], headers={"If-None-Match": served.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    # Another dealer has no such image, and an id never stored is not found either.
    assert anna.client.get(f"/api/v1/dealers/other/images/{reference[4:]}").status_code == 404
    assert anna.client.get("/api/v1/dealers/demo/images/0123456789abcdef0123").status_code == 404


def test_an_svg_is_cleaned_and_served_under_a_policy_that_runs_nothing(anna: Office) -> None:
    answer = upload(anna, "triple.svg", svg_logo('<script>alert(1)</script>'), "image/svg+xml")
    assert answer.status_code == 200
    image_id = value_image(anna)[4:]  # type: ignore[index]
    served = anna.client.get(f"/api/v1/dealers/demo/images/{image_id}")
    assert served.headers["content-type"].startswith("image/svg+xml")
    assert b"<script" not in served.content
    assert served.headers["content-security-policy"] == "default-src 'none'; style-src 'unsafe-inline'"


def test_a_bad_or_too_large_file_is_refused_beside_the_field_and_nothing_changes(anna: Office) -> None:
    for name, data, kind, words in (
            ("notes.txt", b"just some words", "text/plain", "Dit is geen PNG-, JPEG-, WebP- of SVG-afbeelding."),
            ("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (MAX_BYTES + 10), "image/png", "te groot"),
            ("photo.svg", image_bytes("PNG"), "image/svg+xml", "PNG")):
        answer = upload(anna, name, data, kind)
        assert answer.status_code == 422, name
        html = parse(answer.text)
        assert html.xpath('//input[@name="image"]/@aria-invalid') == ["true"], name
        said = html.xpath('string(//*[@id="e-image"])')
        assert said and (words in said or words.lower() in said.lower()), (name, said)
        assert value_image(anna) is None


def test_staff_cannot_upload(office: Office) -> None:
    from server.services.users import create_user
    from tests.web.conftest import PASSWORD

    db = office.db()
    try:
        create_user(db, "demo", "sam@demo.example", name="Sam", lang="en", password=PASSWORD, role="staff")
    finally:
        db.conn.close()
    office.login("sam@demo.example")
    assert upload(office, "a.png", image_bytes("PNG"), "image/png").status_code == 403


def test_the_configurator_names_the_published_image(anna: Office) -> None:
    assert upload(anna, "triple.png", image_bytes("PNG", (48, 48)), "image/png").status_code == 200
    reference = value_image(anna)
    before = anna.client.get("/api/v1/dealers/demo/configurator").json()
    values = next(g for g in before["products"][0]["options"] if g["id"] == "glazing")["values"]
    assert all("image" not in v for v in values)  # the draft never reaches the widget
    db = anna.db()
    try:
        publish(db, "demo", "anna")
    finally:
        db.conn.close()
    anna.client.app.state.catalogs.forget("demo")
    doc = anna.client.get("/api/v1/dealers/demo/configurator").json()
    values = next(g for g in doc["products"][0]["options"] if g["id"] == "glazing")["values"]
    triple = next(v for v in values if v["id"] == "triple")
    assert triple["image"] == f"/api/v1/dealers/demo/images/{reference[4:]}"  # type: ignore[index]


def test_the_live_preview_serves_the_drafts_images_under_its_alias(anna: Office) -> None:
    """The configurator under a preview alias names the draft's image, and that URL answers 200 with its bytes."""
    assert upload(anna, "triple.png", image_bytes("PNG", (64, 64)), "image/png").status_code == 200
    page = anna.get("/admin/catalog/preview").text
    found = re.search(r'dealer="(p_[^"]+)"', page)
    assert found is not None, page[:300]
    alias = found.group(1)
    doc = anna.get(f"/api/v1/dealers/{alias}/configurator").json()
    urls = [v["image"] for p in doc["products"] for g in p["options"] for v in g["values"] if v.get("image")]
    assert len(urls) == 1 and urls[0].startswith(f"/api/v1/dealers/{alias}/images/"), urls
    answer = anna.get(urls[0])
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
    assert anna.get(f"/api/v1/dealers/{alias}/images/0000000000").status_code == 404
