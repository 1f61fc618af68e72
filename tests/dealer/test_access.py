"""Every dealer endpoint: no key, a wrong or revoked key, a read-only key, another dealer's key."""

from __future__ import annotations

import pytest

from tests.dealer.conftest import Dealers

REF = "{ref}"
READS = [
    "/requests", f"/requests/{REF}", f"/requests/{REF}/items/1/drawing.svg", f"/requests/{REF}/items/1/drawing.png",
    f"/requests/{REF}/items/1/drawing.pdf", f"/requests/{REF}/drawings.pdf", f"/requests/{REF}/drawings.zip",
    "/requests.csv", "/requests.json", "/contacts", "/contacts/{contact}", "/contacts/{contact}/export",
    "/deliveries", "/settings", "/audit",
]
# The account's own reads are an owner's (a read-write key), as in the back office (tests/dealer/test_key_roles.py).
OWNER_READS = {"/settings", "/audit"}
WRITES = [
    ("PATCH", f"/requests/{REF}", {"status": "contacted"}),
    ("POST", "/contacts", {"name": "Piet", "email": "piet@example.nl"}),
    ("PUT", "/contacts/{contact}", {"name": "Anna J", "email": "anna@example.nl"}),
    ("DELETE", "/contacts/{contact}", None),
    ("POST", "/deliveries/{delivery}/redeliver", None),
    ("PATCH", "/settings", {"retention_days": 365}),
]
# What only exists for one dealer: another dealer's key must get the answer a missing one gets.
OWNED = [p for p in READS if "{" in p] + [(m, p, b) for m, p, b in WRITES if "{" in p]


def _ids(dealers: Dealers) -> dict[str, str]:
    ref = dealers.submit()
    detail = dealers.get(f"/requests/{ref}").json()
    delivery = dealers.get("/deliveries").json()["deliveries"][0]["id"]
    return {"ref": ref, "contact": str(detail["contact_id"]), "delivery": str(delivery)}


def _fill(path: str, ids: dict[str, str]) -> str:
    return path.format(**ids)


def test_every_endpoint_wants_a_valid_key(dealers: Dealers) -> None:
    ids = _ids(dealers)
    calls = [("GET", p, None) for p in READS] + WRITES
    for method, path, body in calls:
        url = "/api/v1/dealer" + _fill(path, ids)
        for headers in ({}, {"Authorization": "Bearer vst_not-a-key"}, {"Authorization": f"Bearer {dealers.revoked}"},
                        {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer "}):
            answer = dealers.client.request(method, url, headers=headers, json=body)
            assert answer.status_code == 401, (method, path, headers, answer.text)
            assert answer.headers["www-authenticate"].startswith("Bearer")
            assert answer.json()["errors"][0]["field"] == "Authorization"


def test_a_read_only_key_reads_and_cannot_write(dealers: Dealers) -> None:
    ids = _ids(dealers)
    for path in READS:
        answer = dealers.get(_fill(path, ids), dealers.demo_ro)
        assert answer.status_code == (403 if path in OWNER_READS else 200), (path, answer.text)
    for method, path, body in WRITES:
        answer = dealers.send(method, _fill(path, ids), dealers.demo_ro, json=body)
        assert answer.status_code == 403, (method, path, answer.text)
        assert answer.json()["detail"] == "This API key is read-only"
    # Nothing changed: the request is still new and the contact still there.
    assert dealers.get(f"/requests/{ids['ref']}").json()["status"] == "new"
    assert dealers.get(f"/contacts/{ids['contact']}").json()["erased_at"] is None


def test_another_dealers_records_answer_exactly_like_missing_ones(dealers: Dealers) -> None:
    ids = _ids(dealers)
    missing = {"ref": "DEMO-2026-999999", "contact": "999999", "delivery": "999999"}
    for item in OWNED:
        method, path, body = ("GET", item, None) if isinstance(item, str) else item
        theirs = dealers.send(method, _fill(path, ids), dealers.other, json=body)
        nothing = dealers.send(method, _fill(path, missing), dealers.other, json=body)
        assert theirs.status_code == 404, (method, path, theirs.text)
        assert nothing.status_code == 404
        assert theirs.json()["detail"].replace(ids["ref"], "X").replace(ids["contact"], "N").replace(
            ids["delivery"], "N") == nothing.json()["detail"].replace(missing["ref"], "X").replace("999999", "N")
    # And their lists and exports hold none of demo's data.
    assert dealers.get("/requests", dealers.other).json()["total_count"] == 0
    assert dealers.get("/contacts", dealers.other).json()["total_count"] == 0
    assert dealers.get("/deliveries", dealers.other).json()["total_count"] == 0
    assert ids["ref"] not in dealers.get("/requests.csv", dealers.other).text
    assert dealers.get("/requests.json", dealers.other).json() == []
    their_audit = dealers.get("/audit", dealers.other).json()
    assert {e["action"] for e in their_audit} <= {"key.create", "requests.export"}  # only their own doings
    # The demo request is untouched by all of that.
    detail = dealers.get(f"/requests/{ids['ref']}").json()
    assert detail["status"] == "new" and detail["contact"]["name"] == "Anna Jansen"


@pytest.mark.parametrize("count", [10])
def test_at_most_ten_active_keys_and_keys_are_stored_hashed(dealers: Dealers, count: int) -> None:
    from server.services.errors import Conflict
    from server.services.keys import create_key, list_keys
    from server.storage.db import connect

    db = connect(dealers.settings.db_path)
    try:
        active = sum(1 for k in list_keys(db, "demo") if k.revoked_at is None)
        made = [create_key(db, "demo") for _ in range(count - active)]
        with pytest.raises(Conflict) as refused:
            create_key(db, "demo")
        assert refused.value.code == "key.limit"
        everything = "\n".join(str(row) for table in db.table_names() for row in db[table].rows)
        assert made and all(new.key not in everything and new.key.startswith("vst_") for new in made)
        assert all(len(new.key) >= 4 + 27 for new in made)  # at least 160 bits of urlsafe base64
    finally:
        db.conn.close()


def test_a_key_over_its_rate_gets_429(dealer_settings, tmp_path) -> None:  # noqa: ANN001
    import msgspec
    from litestar.testing import TestClient

    from server.app import create_app
    from server.services.keys import create_key
    from server.storage.db import connect

    settings = msgspec.structs.replace(dealer_settings, key_rate_limit=3)
    with TestClient(create_app(settings)) as client:
        db = connect(settings.db_path)
        key, other = create_key(db, "demo").key, create_key(db, "demo").key
        db.conn.close()
        answers = [client.get("/api/v1/dealer/requests", headers={"Authorization": f"Bearer {key}"})
                   for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert 1 <= int(answers[-1].headers["retry-after"]) <= 60
        assert client.get("/api/v1/dealer/requests", headers={"Authorization": f"Bearer {other}"}).status_code == 200
