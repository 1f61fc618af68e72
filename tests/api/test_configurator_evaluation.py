"""The configurator answer's optional ``evaluation``: the defaults evaluated, as ``evaluate`` answers them."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

CONFIGURATOR = "/api/v1/dealers/demo/configurator"
EVALUATE = "/api/v1/dealers/demo/evaluate"


@pytest.mark.parametrize("lang", ["nl", "en", "de"])
def test_evaluation_is_the_evaluate_answer_for_the_defaults_in_the_asked_language(client: TestClient,
                                                                                 lang: str) -> None:
    doc = client.get(f"{CONFIGURATOR}?lang={lang}&evaluation=true").json()
    first = doc["products"][0]["id"]
    asked = client.post(f"{EVALUATE}?lang={lang}", json={"product": first}).json()
    assert doc["evaluation"] == asked  # same shape, same words, same price and drawing URLs
    assert doc["evaluation"]["configuration"]["product"] == first
    assert doc["evaluation"]["drawing"]["svg"].endswith(f"&lang={lang}")


def test_evaluation_follows_the_dealers_language_when_none_is_asked(client: TestClient) -> None:
    doc = client.get(f"{CONFIGURATOR}?evaluation=true").json()
    lang = doc["dealer"]["lang"]
    asked = client.post(f"{EVALUATE}?lang={lang}", json={"product": doc["products"][0]["id"]}).json()
    assert doc["evaluation"] == asked


def test_evaluation_is_absent_unless_asked(client: TestClient) -> None:
    for query in ("", "?lang=en", "?evaluation=false"):
        assert "evaluation" not in client.get(CONFIGURATOR + query).json()


@pytest.mark.parametrize(("parameter", "field"), [("evaluation", "evaluation"), ("view", "drawing_svg")])
def test_the_first_loads_parameters_and_optional_fields_are_in_the_openapi_schema(
        client: TestClient, parameter: str, field: str) -> None:
    schema = client.get("/schema/openapi.json").json()
    operation = schema["paths"]["/api/v1/dealers/{dealer}/configurator"]["get"]
    assert parameter in {p["name"] for p in operation["parameters"]}
    docs = schema["components"]["schemas"]
    doc = next(v for k, v in docs.items() if k.endswith("ConfiguratorDoc"))
    assert field in doc["properties"] and field not in doc.get("required", [])
