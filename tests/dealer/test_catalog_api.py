"""The catalog in the dealer API: draft GET/PUT (JSON or TOML, ETag/If-Match), check, publish, versions, restore."""

from __future__ import annotations

import tomllib
from decimal import Decimal

import msgspec

from server.engine.catalog import decode_catalog
from server.services.catalog_toml import loose_decode
from server.services.catalog_versions import restore
from server.storage.db import connect
from tests.dealer.conftest import Dealers

TOML = "application/toml"


def _renamed(dealers: Dealers, name: str, key: str | None = None) -> bytes:
    """The dealer's current draft as JSON with its dealer name changed (products untouched: checks stay cached)."""
    draft = dealers.get("/catalog/draft", key).json()
    draft["dealer"]["name"] = name
    return msgspec.json.encode(draft)


def _put(dealers: Dealers, body: bytes, key: str | None = None, media: str = "application/json",
         **headers: str):  # noqa: ANN202 - httpx.Response
    return dealers.send("PUT", "/catalog/draft", key, headers={"Content-Type": media, **headers}, content=body)


def _configurator_name(dealers: Dealers, dealer: str = "demo") -> str:
    return str(dealers.client.get(f"/api/v1/dealers/{dealer}/configurator?lang=nl").json()["dealer"]["name"])


def test_put_of_exactly_what_get_returned_changes_nothing_as_json_and_as_toml(dealers: Dealers) -> None:
    got = dealers.get("/catalog/draft")
    assert got.status_code == 200 and got.headers["etag"]
    again = _put(dealers, got.content, **{"If-Match": got.headers["etag"]})
    assert again.status_code == 200, again.text
    assert again.json()["saved"] is False and again.headers["etag"] == got.headers["etag"]
    toml = dealers.send("GET", "/catalog/draft", headers={"Accept": TOML})
    assert toml.headers["content-type"].startswith(TOML) and toml.headers["etag"] == got.headers["etag"]
    assert _put(dealers, toml.content, media=TOML).json()["saved"] is False
    # GET's JSON is the same catalog as its TOML.
    as_json = loose_decode(msgspec.json.decode(got.content))
    as_toml = decode_catalog(toml.text, "x")
    assert msgspec.json.encode(as_json) == msgspec.json.encode(as_toml)


def test_a_saved_draft_never_reaches_the_widget_until_published(dealers: Dealers) -> None:
    saved = _put(dealers, _renamed(dealers, "Concept Ramen"))
    assert saved.status_code == 200 and saved.json()["saved"] is True
    assert dealers.get("/catalog/draft").json()["dealer"]["name"] == "Concept Ramen"
    assert _configurator_name(dealers) == "Kozijnen Demo"
    published = dealers.send("POST", "/catalog/publish", json={"note": "nieuwe naam"})
    assert published.status_code == 200, published.text
    assert (published.json()["number"], published.json()["origin"], published.json()["note"]) == (
        2, "api", "nieuwe naam")
    assert _configurator_name(dealers) == "Concept Ramen"


def test_every_structural_problem_at_once_and_nothing_stored(dealers: Dealers) -> None:
    draft = dealers.get("/catalog/draft").json()
    draft["dealer"]["colour"] = "red"
    draft["products"][0]["width"]["min"] = "narrow"
    del draft["products"][1]["label"]
    answer = _put(dealers, msgspec.json.encode(draft))
    assert answer.status_code == 422
    body = answer.json()
    assert body["status"] == 422 and "nothing was saved" in body["detail"]
    fields = {e["field"] for e in body["errors"]}
    pid0, pid1 = draft["products"][0]["id"], draft["products"][1]["id"]
    assert {"dealer", f"products[{pid0}].width.min", f"products[{pid1}]"} <= fields
    assert "colour" not in dealers.get("/catalog/draft").json()["dealer"]


def test_bad_toml_and_a_body_that_is_neither_json_nor_toml(dealers: Dealers) -> None:
    bad = _put(dealers, b"[dealer\nname = ", media=TOML)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "$"
    plain = _put(dealers, b"hello", media="text/plain")
    assert plain.status_code == 415 and plain.json()["status"] == 415


def test_a_stale_if_match_is_412_in_the_error_shape(dealers: Dealers) -> None:
    first = dealers.get("/catalog/draft").headers["etag"]
    assert _put(dealers, _renamed(dealers, "Een"), **{"If-Match": first}).status_code == 200
    stale = _put(dealers, _renamed(dealers, "Twee"), **{"If-Match": first})
    assert stale.status_code == 412
    assert stale.json()["status"] == 412 and stale.json()["detail"]
    assert dealers.get("/catalog/draft").json()["dealer"]["name"] == "Een"


def test_publish_is_refused_with_every_problem_listed(dealers: Dealers) -> None:
    draft = dealers.get("/catalog/draft").json()
    for product in draft["products"]:
        product["label"] = {"nl": product["label"]["nl"]}  # en and de missing in every product
    saved = _put(dealers, msgspec.json.encode(draft))
    assert saved.status_code == 200
    assert {f["path"] for f in saved.json()["findings"] if f["kind"] == "problem"} >= {
        f"products[{p['id']}].label" for p in draft["products"]}
    refused = dealers.send("POST", "/catalog/publish", json={})
    assert refused.status_code == 422
    fields = [e["field"] for e in refused.json()["errors"]]
    assert set(fields) >= {f"products[{p['id']}].label" for p in draft["products"]}
    assert [v["number"] for v in dealers.get("/catalog/versions").json()] == [1]


def test_publish_without_a_draft_is_409(dealers: Dealers) -> None:
    assert dealers.send("POST", "/catalog/publish", json={}).status_code == 409


def test_check_answers_every_finding_and_ok(dealers: Dealers) -> None:
    answer = dealers.send("POST", "/catalog/check")
    assert answer.status_code == 200, answer.text
    assert answer.json()["ok"] is True and answer.json()["proven"] > 0


def test_versions_and_restore_make_a_new_number_with_the_old_hash(dealers: Dealers) -> None:
    _put(dealers, _renamed(dealers, "Tweede"))
    assert dealers.send("POST", "/catalog/publish", json={}).status_code == 200
    restored = dealers.send("POST", "/catalog/versions/1/restore")
    assert restored.status_code == 200, restored.text
    listed = dealers.get("/catalog/versions").json()
    assert [(v["number"], v["origin"]) for v in listed] == [(3, "restore"), (2, "api"), (1, "file")]
    assert listed[0]["hash"] == listed[2]["hash"] and listed[0]["restored_from"] == 1
    assert _configurator_name(dealers) == "Kozijnen Demo"
    assert dealers.send("POST", "/catalog/versions/9/restore").status_code == 404


def test_a_request_keeps_the_version_it_was_priced_with(dealers: Dealers) -> None:
    before = dealers.submit()
    _put(dealers, _renamed(dealers, "Na Publicatie"))
    assert dealers.send("POST", "/catalog/publish", json={}).status_code == 200
    after = dealers.submit()
    db = connect(dealers.settings.db_path)
    try:
        rows = {r[0]: (r[1], r[2]) for r in db.execute(
            "SELECT q.reference, q.catalog_version, v.source FROM quote_requests q "
            "JOIN catalog_versions v ON v.hash = q.catalog_version WHERE q.reference IN (?, ?)", [before, after])}
    finally:
        db.conn.close()
    assert rows[before][0] != rows[after][0]
    assert tomllib.loads(rows[before][1], parse_float=Decimal)["dealer"]["name"] == "Kozijnen Demo"
    assert tomllib.loads(rows[after][1], parse_float=Decimal)["dealer"]["name"] == "Na Publicatie"


def test_each_dealer_sees_and_changes_only_its_own_catalog(dealers: Dealers) -> None:
    other_name = dealers.get("/catalog/draft", dealers.other).json()["dealer"]["name"]
    assert _put(dealers, _renamed(dealers, "Alleen Demo")).status_code == 200
    assert dealers.get("/catalog/draft", dealers.other).json()["dealer"]["name"] == other_name
    assert dealers.send("POST", "/catalog/publish", dealers.other, json={}).status_code == 409  # other has no draft
    assert [v["number"] for v in dealers.get("/catalog/versions", dealers.other).json()] == [1]
    assert _configurator_name(dealers, "other") == other_name


def test_a_read_only_key_is_refused(dealers: Dealers) -> None:
    for method, path in (("GET", "/catalog/draft"), ("PUT", "/catalog/draft"), ("POST", "/catalog/publish"),
                         ("GET", "/catalog/versions"), ("POST", "/catalog/versions/1/restore"),
                         ("POST", "/catalog/check")):
        answer = dealers.send(method, path, dealers.demo_ro, json={})
        assert answer.status_code == 403, (method, path)


def test_changes_are_audit_logged(dealers: Dealers) -> None:
    _put(dealers, _renamed(dealers, "Gelogd"))
    dealers.send("POST", "/catalog/publish", json={})
    actions = [e["action"] for e in dealers.get("/audit").json()]
    assert "catalog.draft_save" in actions and "catalog.publish" in actions


def test_the_openapi_document_declares_the_catalog_bodies(dealers: Dealers) -> None:
    schema = dealers.client.get("/schema/openapi.json").json()
    put = schema["paths"]["/api/v1/dealer/catalog/draft"]["put"]
    assert {"application/json", TOML} <= set(put["requestBody"]["content"])
    assert "412" in put["responses"]
    assert "requestBody" in schema["paths"]["/api/v1/dealer/catalog/publish"]["post"]


def test_a_draft_over_the_routes_size_limit_is_413_and_nothing_is_stored(dealers: Dealers) -> None:
    from server.api.dealer_catalog import MAX_CATALOG_BYTES

    huge = b'{"dealer": {"name": "' + b"x" * MAX_CATALOG_BYTES + b'"}}'
    answer = _put(dealers, huge)
    assert answer.status_code == 413 and answer.json()["status"] == 413
    assert dealers.get("/catalog/draft").json()["dealer"]["name"] == "Kozijnen Demo"


def test_a_catalog_larger_than_the_apps_body_limit_is_still_taken(dealers: Dealers) -> None:
    # The app's limit (VENSTER_MAX_BODY_BYTES, 256 KB) is for homeowners' bodies; a catalog may be larger.
    draft = dealers.get("/catalog/draft").json()
    draft["products"][0]["description"] = {"nl": "x" * 300_000}
    answer = _put(dealers, msgspec.json.encode(draft))
    assert answer.status_code == 422  # read and judged (a description that long is refused), not a 413
    where = f"products[{draft['products'][0]['id']}].description"
    assert any(e["field"].startswith(where) for e in answer.json()["errors"])


def test_publish_with_a_stale_if_match_is_412_and_publishes_nothing(dealers: Dealers) -> None:
    shown = _put(dealers, _renamed(dealers, "Gezien")).headers["etag"]
    _put(dealers, _renamed(dealers, "Nieuwer"))  # a colleague saves meanwhile
    stale = dealers.send("POST", "/catalog/publish", json={}, headers={"If-Match": shown})
    assert stale.status_code == 412 and stale.json()["status"] == 412
    assert [v["number"] for v in dealers.get("/catalog/versions").json()] == [1]
    current = dealers.get("/catalog/draft").headers["etag"]
    assert dealers.send("POST", "/catalog/publish", json={}, headers={"If-Match": current}).status_code == 200


def test_publish_over_a_live_version_newer_than_the_drafts_base_needs_confirm_base(dealers: Dealers) -> None:
    _put(dealers, _renamed(dealers, "Op versie 1"))  # the draft starts on version 1
    db = connect(dealers.settings.db_path)
    try:
        restore(db, "demo", 1, "owner")  # version 2: the live version moves on after the draft was started
    finally:
        db.conn.close()
    refused = dealers.send("POST", "/catalog/publish", json={})
    assert refused.status_code == 409
    assert refused.json()["detail"] == ("The live version moved to 2 since this draft was started on version 1; "
                                        "review the differences and publish again with confirm_base 2")
    assert dealers.send("POST", "/catalog/publish", json={"confirm_base": 1}).status_code == 409
    assert dealers.send("POST", "/catalog/publish", json={"confirm_base": 2**40}).status_code == 422
    done = dealers.send("POST", "/catalog/publish", json={"confirm_base": 2})
    assert done.status_code == 200 and done.json()["number"] == 3


def test_a_put_nested_too_deeply_is_422_and_money_too_large_is_a_finding_never_a_500(dealers: Dealers) -> None:
    for body, media, where in ((b"[" * 50_000 + b"]" * 50_000, "application/json", "$"),
                               (b"a = " + b"[" * 50_000 + b"]" * 50_000, TOML, "$"),
                               (b'{"dealer": ' + b'{"a": ' * 900 + b"1" + b"}" * 901, "application/json", "dealer")):
        answer = _put(dealers, body, media=media)
        assert answer.status_code == 422, answer.text
        assert answer.json()["errors"][0]["field"] == where
    draft = dealers.get("/catalog/draft").json()
    draft["products"][0]["minimum_price"] = "9" * 29
    saved = _put(dealers, msgspec.json.encode(draft))
    assert saved.status_code == 200, saved.text
    assert [f["path"] for f in saved.json()["findings"] if f["kind"] == "problem"] == [
        f"products[{draft['products'][0]['id']}].minimum_price"]
    assert dealers.send("POST", "/catalog/check").json()["ok"] is False
    assert dealers.send("POST", "/catalog/publish", json={}).status_code == 422
