"""A catalog written out as TOML or JSON, and read back from tables with every problem at once.

Written as a dealer would write it by hand: a field left at its default is left out, and so is
every empty value TOML has no way to say (None). Money stays Decimal (TOML: a decimal literal;
JSON: a string), so nothing passes through a binary float. Reading is loose first
(:func:`server.engine.structure.structural_paths` names every wrong field), strict second.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
import tomli_w

from server.engine.catalog import Catalog, CatalogError, catalog_from_data
from server.engine.structure import structural_paths
from server.services.errors import FieldProblem

__all__ = ["catalog_data", "catalog_to_json", "catalog_to_toml", "loose_decode"]


def _tidy(value: Any) -> Any:
    """Builtins for ``value``: Structs as tables without their defaults, None left out."""
    if isinstance(value, msgspec.Struct):
        out: dict[str, Any] = {}
        for field in msgspec.structs.fields(value):
            item = getattr(value, field.name)
            if item is None:
                continue
            default = field.default if field.default is not msgspec.NODEFAULT else (
                field.default_factory() if field.default_factory is not msgspec.NODEFAULT else msgspec.NODEFAULT)
            # Decimal("0.0") == Decimal("0") but reads back as the other: a default only when written alike.
            if default is not msgspec.NODEFAULT and item == default and str(item) == str(default):
                continue
            out[field.encode_name] = _tidy(item)
        return out
    if isinstance(value, list | tuple):
        return [_tidy(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _tidy(item) for key, item in value.items() if item is not None}
    if isinstance(value, Decimal) and value.is_finite() and int(value.as_tuple().exponent) >= 0:
        # tomli-w writes Decimal("270") as 270.0, which reads back as Decimal("270.0"): say 270.
        return int(value)
    return value


def catalog_data(catalog: Catalog) -> dict[str, Any]:
    """The catalog as plain tables (Decimal kept), as a TOML file would hold them."""
    data = _tidy(catalog)
    assert isinstance(data, dict)
    return data


def catalog_to_toml(catalog: Catalog) -> str:
    """The catalog as TOML text that :func:`server.engine.catalog.decode_catalog` reads back equal."""
    return tomli_w.dumps(catalog_data(catalog))


def catalog_to_json(catalog: Catalog) -> bytes:
    """The catalog as JSON (money as strings), the dealer API's draft body."""
    return msgspec.json.encode(catalog_data(catalog), enc_hook=_enc)


def _enc(obj: Any) -> Any:
    if isinstance(obj, Decimal):
        return str(obj)
    raise NotImplementedError(type(obj))


def loose_decode(data: Any, source: str = "draft") -> Catalog | list[FieldProblem]:
    """A :class:`Catalog` from ``data`` (TOML or JSON tables), or every structural problem in it.

    Each problem is ``FieldProblem(field=path by ids, code="catalog.structure", {"message"})``;
    the root is ``$``.
    """
    if not isinstance(data, dict):
        return [FieldProblem(field="$", code="catalog.structure", params={"message": "expected a table (object)"})]
    found = structural_paths(data)
    if not found:
        try:
            return catalog_from_data(data, source)
        except CatalogError as exc:  # a check the walk does not repeat; name what msgspec says
            found = [("", exc.message)]
    return [FieldProblem(field=path or "$", code="catalog.structure", params={"message": text})
            for path, text in found]
