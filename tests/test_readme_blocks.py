"""Every TOML and JSON block of the README is valid, and the examples do what the text says.

A TOML block with a `[dealer]` table is a catalog and must pass `catalog check`; a JSON
block with a `product` is a configuration and must evaluate as a valid window through
the HTTP API; any other JSON block (an API answer, a webhook envelope) must at least be
JSON. A block in another language is not checked here.
"""

from __future__ import annotations

import json
import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from litestar.testing import TestClient

from server.engine.check import check_catalog_text

README = Path(__file__).resolve().parent.parent / "README.md"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)


def _blocks(lang: str) -> list[tuple[int, str]]:
    text = README.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 1, m.group(2)) for m in _FENCE.finditer(text) if m.group(1) == lang]


def _ids(blocks: list[tuple[int, str]]) -> list[str]:
    return [f"README.md:{line}" for line, _ in blocks]


TOML = _blocks("toml")
JSON = _blocks("json")


def test_the_readme_has_the_examples_this_file_checks() -> None:
    assert len(TOML) >= 1
    assert any('"product"' in body for _, body in JSON)


@pytest.mark.parametrize(("line", "body"), TOML, ids=_ids(TOML))
def test_every_toml_block_is_valid_and_a_catalog_passes_the_check(line: int, body: str) -> None:
    try:
        data = tomllib.loads(body, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        pytest.fail(f"README.md:{line}: not valid TOML: {exc}")
    if "dealer" in data:
        report = check_catalog_text(body, f"README.md:{line}")
        assert report.ok, (report.problems, report.unreachable)
        assert report.unproven == [] and report.proven > 0


@pytest.mark.parametrize(("line", "body"), JSON, ids=_ids(JSON))
def test_every_json_block_is_json_and_a_configuration_evaluates(client: TestClient, line: int, body: str) -> None:
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        pytest.fail(f"README.md:{line}: not valid JSON: {exc}")
    if isinstance(data, dict) and "product" in data:
        answer = client.post("/api/v1/dealers/demo/evaluate?lang=en", json=data)
        assert answer.status_code == 200, answer.text
        ev = answer.json()
        assert ev["valid"] is True, ev["errors"]
        assert ev["price"]["total"] != "0.00"
