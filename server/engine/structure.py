"""Every structural error of a catalog file at once, each at a path named by ids.

``decode_catalog`` stops at the first error msgspec meets, which hides the rest of the
file. This walks the TOML data beside the catalog types instead: each field is converted
on its own, so one run reports every wrong field, unknown field and missing field; a
table's cross-field checks (its ``__post_init__``) run once its fields are right. Lists
of tables are named by their ids (``products[pvc-window].layouts[two].parts[left]``)
rather than positions, since that is what a dealer sees in the file; enum errors list
the allowed values; ids used twice are errors at every level. Pure: data in, messages out.
"""

from __future__ import annotations

import re
import types
import typing
from collections import Counter
from typing import Annotated, Any, Literal, Union

import msgspec

from server.engine.catalog import Catalog, Condition, Layout, Node, Product

__all__ = ["item_key", "structural_errors", "structural_paths"]

_ID_KEYS = ("id", "code", "section")
_KEY_ERROR = re.compile(r"^(.*) - at `key` in `\$(.*)`$", re.S)


def _identity(struct: Any) -> str | None:
    """The field that names an item of this table type, if any (a condition's `section` does not)."""
    if not (isinstance(struct, type) and issubclass(struct, msgspec.Struct)) or struct is Condition:
        return None
    names = {f.encode_name for f in msgspec.structs.fields(struct)}
    return next((key for key in _ID_KEYS if key in names), None)


def item_key(item: Any, index: int, struct: Any = None) -> str:
    """How a list item is named in a path: its id (or code, or section), else its position.

    ``item`` is a table (dict) of type ``struct``, or a decoded Struct.
    """
    key = _identity(struct if struct is not None else type(item))
    value = (item.get(key) if isinstance(item, dict) else getattr(item, key, None)) if key else None
    return value if isinstance(value, str) and value else str(index)


def structural_errors(data: Any, source: str) -> list[str]:
    """Every structural problem of decoded TOML ``data`` as ``"file: message - at `path`"``."""
    return [f"{source}: {message} - at `{path or '$'}`" for path, message in structural_paths(data)]


def structural_paths(data: Any) -> list[tuple[str, str]]:
    """Every structural problem of ``data`` (TOML or JSON tables) as ``(path by ids, message)``; ``""`` is the root."""
    found: list[tuple[str, str]] = []
    _walk(data, Catalog, "", found)
    return found


def _strip(typ: Any) -> Any:
    """The type without ``Annotated`` and without ``| None`` (TOML has no null)."""
    while True:
        origin = typing.get_origin(typ)
        if origin is Annotated:
            typ = typing.get_args(typ)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(typ) if a is not type(None)]
            if len(args) != 1:
                return typ
            typ = args[0]
        else:
            return typ


def _literals(typ: Any) -> tuple[str, ...] | None:
    """The allowed values of a Literal type (also inside a list or an optional), if it is one."""
    base = _strip(typ)
    if typing.get_origin(base) is Literal:
        return typing.get_args(base)
    if typing.get_origin(base) is list:
        return _literals(typing.get_args(base)[0])
    return None


def _convert_error(value: Any, typ: Any) -> tuple[str, str] | None:
    """msgspec's message and inner path (``.a[0]``) when ``value`` is not a ``typ``."""
    try:
        msgspec.convert(value, typ, strict=True)
    except msgspec.ValidationError as exc:
        text = str(exc)
        key = _KEY_ERROR.match(text)
        if key:  # msgspec's way of saying a table's key is wrong: "... - at `key` in `$.a`"
            return f"a key: {key.group(1)}", key.group(2)
        head, sep, inner = text.rpartition(" - at `$")
        if not sep:
            return text, ""
        return head, inner.rstrip("`")
    return None


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _walk(value: Any, typ: Any, path: str, found: list[tuple[str, str]]) -> None:
    base = _strip(typ)
    if isinstance(base, type) and issubclass(base, msgspec.Struct) and isinstance(value, dict):
        _walk_struct(value, base, typ, path, found)
    elif typing.get_origin(base) is list and isinstance(value, list):
        (item_type,) = typing.get_args(base)
        struct = _strip(item_type)
        before = len(found)
        for i, item in enumerate(value):
            _walk(item, item_type, f"{path}[{item_key(item, i, struct)}]", found)
        _duplicates(value, _identity(struct), path, found)
        if len(found) == before:
            _leaf(value, typ, path, found)  # the list's own bounds (min_length)
    elif typing.get_origin(base) is dict and isinstance(value, dict):
        key_type, value_type = typing.get_args(base)
        allowed = _literals(key_type)
        before = len(found)
        for key, item in value.items():
            bad_key = _convert_error(key, key_type)
            if allowed is not None and key not in allowed:
                found.append((_join(path, str(key)), f"unknown key `{key}`; expected one of {', '.join(allowed)}"))
            elif bad_key is not None:
                found.append((_join(path, str(key)), f"invalid key `{key}`: {bad_key[0]}"))
            else:
                _walk(item, value_type, _join(path, str(key)), found)
        if len(found) == before:
            _leaf(value, typ, path, found)  # key patterns and the table's own bounds
    else:
        _leaf(value, typ, path, found)


def _leaf(value: Any, typ: Any, path: str, found: list[tuple[str, str]]) -> None:
    error = _convert_error(value, typ)
    if error is None:
        return
    message, inner = error
    allowed = _literals(typ)
    if allowed is not None and message.startswith("Invalid enum value"):
        message = f"{message}; expected one of {', '.join(allowed)}"
    found.append((f"{path}{inner}", message))


def _walk_struct(value: dict[str, Any], struct: type[msgspec.Struct], typ: Any, path: str,
                 found: list[tuple[str, str]]) -> None:
    before = len(found)
    fields = {f.encode_name: f for f in msgspec.structs.fields(struct)}
    for key in value:
        if key not in fields:
            found.append((path, f"Object contains unknown field `{key}`"))
    for name, info in fields.items():
        if name not in value:
            if info.required:
                found.append((path, f"Object missing required field `{name}`"))
            continue
        # A layout's tree is written as `layouts[two].parts[left]`: the root adds nothing.
        child = path if struct is Layout and name == "root" else _join(path, name)
        _walk(value[name], info.type, child, found)
    if struct is Layout:
        _layout_ids(value, path, found)
    if struct is Product:
        _tier_duplicates(value, path, found)
    if len(found) == before:
        _leaf(value, typ, path, found)  # cross-field checks, once every field is right


def _duplicates(items: list[Any], key: str | None, path: str, found: list[tuple[str, str]]) -> None:
    """Ids used twice in one list of tables, and a string listed twice in a list of strings."""
    if key is not None:
        ids = [item[key] for item in items if isinstance(item, dict) and isinstance(item.get(key), str)]
        for dup in sorted(k for k, n in Counter(ids).items() if n > 1):
            found.append((f"{path}[{dup}]", f"{key} `{dup}` is used {ids.count(dup)} times in this list"))
    if items and all(isinstance(item, str) for item in items):
        for dup in sorted(k for k, n in Counter(items).items() if n > 1):
            found.append((path, f"`{dup}` is listed twice"))


def _layout_ids(layout: dict[str, Any], path: str, found: list[tuple[str, str]]) -> None:
    """Section and division ids must be unique in the whole tree of one layout, not only per split."""
    sections: list[tuple[str, str]] = []
    divisions: list[tuple[str, str]] = []

    def walk(node: Any, at: str) -> None:
        if not isinstance(node, dict):
            return
        if isinstance(node.get("section"), str):
            sections.append((node["section"], at))
        for division in node.get("divisions") or []:
            if isinstance(division, dict) and isinstance(division.get("id"), str):
                divisions.append((division["id"], f"{at}.divisions[{division['id']}]"))
        for i, part in enumerate(node.get("parts") or []):
            walk(part, f"{at}.parts[{item_key(part, i, Node)}]")

    walk(layout.get("root"), path)
    for what, entries in (("section", sections), ("division", divisions)):
        seen: dict[str, str] = {}
        for ident, at in entries:
            if ident in seen:
                # Siblings are already reported by the list check; name cousins here.
                if at.rsplit("[", 1)[0] != seen[ident].rsplit("[", 1)[0]:
                    found.append((at, f"{what} id `{ident}` is used twice in this layout (also at {seen[ident]})"))
            else:
                seen[ident] = at


def _tier_duplicates(value: dict[str, Any], path: str, found: list[tuple[str, str]]) -> None:
    tiers = value.get("quantity_tiers")
    if not isinstance(tiers, list):
        return
    counts = Counter(t.get("min_quantity") for t in tiers if isinstance(t, dict))
    for quantity, n in counts.items():
        if n > 1 and quantity is not None:
            found.append((_join(path, "quantity_tiers"), f"min_quantity {quantity} is used {n} times"))
