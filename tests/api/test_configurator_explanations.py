"""The configurator answer carries a value's explanation in the asked language, or leaves it out."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

CONFIGURATOR = "/api/v1/dealers/demo/configurator"


@pytest.mark.parametrize(("lang", "tilt", "triple"), [
    ("nl", "Kantelt aan de bovenkant naar binnen: veilig ventileren.",
     "Drie glasbladen: warmer en stiller, maar zwaarder."),
    ("en", "Tilts in at the top: safe airing, but it does not open fully.",
     "Three panes: warmer and quieter, but heavier."),
    ("de", "Kippt oben nach innen: sicher lüften, öffnet nicht ganz.",
     "Drei Scheiben: wärmer und leiser, aber schwerer."),
])
def test_openings_and_values_carry_their_explanation_in_the_asked_language(client: TestClient, lang: str,
                                                                          tilt: str, triple: str) -> None:
    product = client.get(f"{CONFIGURATOR}?lang={lang}").json()["products"][0]
    openings = {o["id"]: o for o in product["openings"]}
    assert openings["tilt"]["explanation"] == tilt
    assert "explanation" not in openings["fixed"]  # none in the catalog: the field is left out
    glazing = next(g for g in product["options"] if g["id"] == "glazing")
    values = {v["id"]: v for v in glazing["values"]}
    assert values["triple"]["explanation"] == triple


def test_explanation_is_in_the_openapi_schema(client: TestClient) -> None:
    docs = client.get("/schema/openapi.json").json()["components"]["schemas"]
    for name in ("ValueDoc", "OpeningDoc"):
        doc = next(v for k, v in docs.items() if k.endswith(name))
        assert "explanation" in doc["properties"] and "explanation" not in doc.get("required", [])
