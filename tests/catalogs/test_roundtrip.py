"""export(import(f)) is f: a catalog written out as TOML or JSON reads back as the same catalog.

Compared after decoding (``msgspec.json.encode(decode_catalog(...))``): an imperial dealer's
``step`` is rewritten on decode, and a written file needs not keep the author's layout or comments.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.cli import main
from server.engine.catalog import Catalog, decode_catalog
from server.services.catalog_toml import catalog_to_json, catalog_to_toml, loose_decode
from server.services.country_templates import TEMPLATES, starter_catalog

ROOT = Path(__file__).resolve().parent.parent.parent
DEMO = (ROOT / "catalogs" / "demo.toml").read_text()
FULL = (ROOT / "tests" / "catalogs" / "full.toml").read_text()


def _starters() -> dict[str, str]:
    return {code: starter_catalog(DEMO, template, name=f"Dealer {code}", languages=list(template.languages),
                                  vat=template.vat_rates[0], email="owner@dealer.example",
                                  origins=["https://www.dealer.example"])
            for code, template in TEMPLATES.items()}


CATALOGS = {"demo": DEMO, "full": FULL, "imperial": DEMO.replace('units = "metric"', 'units = "imperial"', 1),
            **{f"starter-{code}": text for code, text in _starters().items()}}


def _same(a: Catalog, b: Catalog) -> bool:
    return msgspec.json.encode(a) == msgspec.json.encode(b)


@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_toml_and_json_read_back_as_the_same_catalog(name: str) -> None:
    catalog = decode_catalog(CATALOGS[name], name)
    assert _same(decode_catalog(catalog_to_toml(catalog), "written"), catalog)
    from_json = loose_decode(msgspec.json.decode(catalog_to_json(catalog)))
    assert isinstance(from_json, Catalog) and _same(from_json, catalog)


def test_the_written_toml_leaves_out_defaults_and_keeps_money_exact() -> None:
    text = catalog_to_toml(decode_catalog(DEMO, "demo"))
    assert "unreachable_ok = false" not in text  # a default is not written
    assert "38.5" not in text or "38.50" in text  # no float rounding of money
    assert decode_catalog(text, "x").dealer.vat_rate == Decimal("21")


_label = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)
_money = st.decimals(min_value=Decimal("0"), max_value=Decimal("99999.99"), places=2, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(name=_label, label=_label, amount=_money, markup=st.decimals(min_value=0, max_value=100, places=1))
def test_a_mutated_demo_reads_back_the_same(name: str, label: str, amount: Decimal, markup: Decimal) -> None:
    catalog = decode_catalog(DEMO, "demo")
    product = catalog.products[0]
    group = product.options[0]
    values = [msgspec.structs.replace(group.values[0], label={**group.values[0].label, "nl": label}),
              *group.values[1:]]
    prices = [msgspec.structs.replace(p, amount=amount) if p.amount is not None else p for p in product.prices]
    product = msgspec.structs.replace(product, prices=prices, options=[
        msgspec.structs.replace(group, values=values), *product.options[1:]])
    mutated = msgspec.structs.replace(catalog, dealer=msgspec.structs.replace(
        catalog.dealer, name=name.strip() or "x", markup_percent=markup), products=[product, *catalog.products[1:]])
    assert _same(decode_catalog(catalog_to_toml(mutated), "written"), mutated)


def test_the_cli_imports_and_exports_the_exact_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("VENSTER_DB", str(tmp_path / "cli.db"))
    monkeypatch.setenv("VENSTER_CATALOGS", str(tmp_path))
    source = tmp_path / "in.toml"
    source.write_text(FULL)
    assert main(["catalog", "import", "shop", str(source)]) == 0
    assert "version 1 published" in capsys.readouterr().out
    edited = tmp_path / "edited.toml"
    edited.write_text(FULL.replace('name = "Test Dealer"', 'name = "Second"'))
    assert main(["catalog", "import", "shop", str(edited)]) == 0
    assert main(["catalog", "export", "shop", "--version", "1", "-o", str(tmp_path / "out.toml")]) == 0
    assert (tmp_path / "out.toml").read_text() == FULL
    capsys.readouterr()
    assert main(["catalog", "export", "shop"]) == 0
    assert capsys.readouterr().out == edited.read_text()
    # --draft publishes nothing.
    draft = tmp_path / "draft.toml"
    draft.write_text(FULL.replace('name = "Test Dealer"', 'name = "Draft Only"'))
    assert main(["catalog", "import", "shop", str(draft), "--draft"]) == 0
    assert "nothing published" in capsys.readouterr().out
    assert main(["catalog", "export", "shop"]) == 0
    assert "Second" in capsys.readouterr().out


def test_the_cli_refuses_a_catalog_with_problems_listing_them_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("VENSTER_DB", str(tmp_path / "cli.db"))
    monkeypatch.setenv("VENSTER_CATALOGS", str(tmp_path))
    bad = tmp_path / "bad.toml"
    bad.write_text(FULL.replace('label = { en = "Test window", de = "Testfenster" }', 'label = { en = "Test window" }')
                   .replace("max = 3000, step = 1", 'max = "wide", step = 1'))
    assert main(["catalog", "import", "shop", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "products[test-window].width.max" in err and "nothing was saved" in err
    untranslated = tmp_path / "untranslated.toml"
    untranslated.write_text(FULL.replace('label = { en = "Test window", de = "Testfenster" }',
                                         'label = { en = "Test window" }'))
    assert main(["catalog", "import", "shop", str(untranslated)]) == 1
    err = capsys.readouterr().err
    assert "problem: products[test-window].label: missing translation(s) de" in err
    assert "cannot be published" in err
    assert main(["catalog", "export", "shop", "--version", "1"]) == 1  # nothing was published
