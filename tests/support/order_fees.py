"""A demo catalog with a delivery fee once per order (price kind ``per_order``) on both products."""

from __future__ import annotations

from pathlib import Path

__all__ = ["add_delivery_fee"]


def _rule(amount: str, vat_rate: str | None) -> str:
    rate = f"vat_rate = {vat_rate}\n" if vat_rate else ""
    return ("\n[[products.prices]]\ncode = \"delivery\"\n"
            "label = { nl = \"Bezorging\", en = \"Delivery\", de = \"Lieferung\" }\n"
            f"kind = \"per_order\"\namount = {amount}\n{rate}sort = 990\n\n")


def add_delivery_fee(catalogs_dir: Path, window: str = "75", door: str = "75", vat_rate: str | None = None) -> None:
    """Give ``pvc-window`` and ``alu-sliding-door`` in ``catalogs_dir/demo.toml`` the same delivery code."""
    toml = catalogs_dir / "demo.toml"
    text = toml.read_text()
    head, sep, tail = text.partition("\n[[products]]\nid = \"alu-sliding-door\"")
    assert sep, "the demo catalog's door product moved"
    toml.write_text(head + _rule(window, vat_rate) + sep + tail.rstrip("\n") + "\n" + _rule(door, vat_rate))
