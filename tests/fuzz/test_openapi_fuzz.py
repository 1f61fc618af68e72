"""Schemathesis fuzzes every operation of the OpenAPI document the server serves.

Every operation listed at ``/schema/openapi.json`` is a test of its own; nothing is filtered
out. Each gets ``VENSTER_FUZZ_EXAMPLES`` cases that fit the schema and as many that do not
(default 25 each; ``make fuzz`` runs 500), seeded by ``VENSTER_FUZZ_SEED`` so a run repeats,
half of them aimed at records that exist (a request and its item, a contact, a delivery, a
sent and accepted quote, a draft quote, an invoice), the dealer API with a real read-write
key. Every answer must not be a 5xx, must have a documented status and content type, must
match the documented schema, must refuse what the schema forbids (including a missing or
wrong key), and a 4xx must be the error shape ``{"status", "detail", "errors": [{"field",
"message"}]}`` with ``status`` the HTTP status.

One built-in check is left out, on purpose: ``positive_data_acceptance`` (a request that
fits the schema must be accepted). venster validates beyond what a schema can say (known
product and option ids, a supported language, a genuine form token, a plausible e-mail
address, a postcode for the country), so a schema-valid request is often, and rightly, a
422 or 400. Those answers are still checked for status, shape and documentation.

Not in the document, so not fuzzed here: the HTML pages (``/admin``, the quote page ``/q``,
the hosted page ``/d``, the sample site ``/site``) and the document itself. Their path
parameters are attacked in ``tests/hostile/test_paths.py``, their forms in ``tests/web``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from litestar.testing import TestClient
from schemathesis.checks import load_all_checks
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode
from schemathesis.schemas import BaseSchema

from server.app import create_app
from server.settings import Settings
from tests.conftest import CATALOGS
from tests.fuzz.conftest import World

EXAMPLES = int(os.environ.get("VENSTER_FUZZ_EXAMPLES", "25"))
SEED = int(os.environ.get("VENSTER_FUZZ_SEED", "20261129"))


def _operations() -> list[tuple[str, str]]:
    """Every (method, path) of the served document, read at collection so each is a test of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        plain = Settings(db_path=Path(tmp) / "schema.db", catalogs_dir=CATALOGS, outbox_worker=False)
        with TestClient(create_app(plain)) as client:
            document = client.get("/schema/openapi.json").json()
    return [(method.upper(), path) for path, item in document["paths"].items() for method in item
            if method in ("get", "put", "post", "delete", "patch")]


OPERATIONS = _operations()


@pytest.fixture(scope="module")
def api_schema(fuzz_world: World) -> BaseSchema:
    """The document served by the app under test; the fuzzed calls and the checks' probes go to that app."""
    config = SchemathesisConfig.from_dict({
        "seed": SEED,
        "generation": {"database": "none", "allow-extra-parameters": False},
        "auth": {"openapi": {"ApiKey": {"bearer": fuzz_world.key}}},
    })
    return schemathesis.openapi.from_asgi("/schema/openapi.json", fuzz_world.app, config=config)


def _real_ids(path: str, world: World) -> dict[str, Any]:
    ids: dict[str, Any] = {"dealer": "demo", "reference": world.reference, "contact_id": world.contact_id,
                           "delivery_id": world.delivery_id, "n": 1,
                           "number": world.invoice_number if "/invoices/" in path else world.quote_number}
    return {name: value for name, value in ids.items() if "{" + name + "}" in path}


def _cases(schema: BaseSchema, method: str, path: str, world: World) -> st.SearchStrategy[Any]:
    """Schema-valid and schema-invalid cases, with generated ids and with ids that exist."""
    operation = schema[path][method]
    generated = {"dealer": "demo"} if "{dealer}" in path else {}
    return st.one_of([operation.as_strategy(mode, path_parameters=ids)
                      for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
                      for ids in (generated, _real_ids(path, world))])


def assert_error_shape(status: int, content_type: str, body: Any) -> None:
    """A 4xx is JSON ``{"status", "detail", "errors": [{"field", "message"}]}`` and names its own status."""
    assert content_type.split(";")[0].strip() == "application/json", content_type
    assert isinstance(body, dict) and set(body) == {"status", "detail", "errors"}, body
    assert body["status"] == status and isinstance(body["detail"], str) and body["detail"], body
    assert isinstance(body["errors"], list), body
    for error in body["errors"]:
        assert set(error) == {"field", "message"} and all(isinstance(v, str) for v in error.values()), body


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_operation_answers_as_documented(method: str, path: str, api_schema: BaseSchema,
                                               fuzz_world: World) -> None:
    load_all_checks()
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    seen: set[int] = set()

    @seed(SEED)
    @settings(max_examples=EXAMPLES * 2, database=None, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(case=_cases(api_schema, method, path, fuzz_world))
    def fuzz(case: Any) -> None:
        response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
        seen.add(response.status_code)
        if 400 <= response.status_code < 500:
            assert_error_shape(response.status_code, response.headers.get("content-type", [""])[0],
                               response.json())

    fuzz()
    # The run reached the handlers: not every answer was "no key" or "no such record".
    assert seen - {401, 404}, seen
