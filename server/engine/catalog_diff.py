"""What changed between two catalogs, as a list of changes a person can read once worded.

Pure: two :class:`~server.engine.catalog.Catalog` values in, a list of :class:`Change` out. Lists
of things with an id (products, layouts, option groups, values, rules, price rules) are matched by
their id, not their position, so moving a value up is no change and removing one is one change,
not a cascade of shifted ones. Each change carries the labels of what it is about (product, group,
value) and, for money, the price kind whose unit it is quoted in; the words are the back office's
(``server/admin/catalog_history.py``), so the engine holds none.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

import msgspec

from server.engine.catalog import Catalog

__all__ = ["MONEY_FIELDS", "Change", "diff_catalogs"]

Action = Literal["added", "removed", "changed"]

# Keys that name an item in a list of things, tried in this order (price rules have a `code`).
_ID_KEYS = ("id", "code")
# Fields of a price (Calc) that hold an amount of money; the rest (mode, of, min_area_m2) are not.
MONEY_FIELDS = frozenset({"amount", "rate", "prices", "tiers", "minimum_price"})
_LANG_KEYS = frozenset({"nl", "en", "de"})


class Change(msgspec.Struct, frozen=True, kw_only=True):
    """One difference between the old and the new catalog.

    ``path`` names the place by id (``products[pvc-window].options[glazing].values[triple].price.rate``);
    ``subject`` holds the labels of what it is about, outermost first (the product, the group, the
    value); ``field`` is the path inside the innermost labelled thing (``price.rate``; ``""`` when the
    whole thing was added or removed). ``before``/``after`` are plain values (Decimal for numbers), None
    where there was nothing. ``price_kind`` is the kind of the price a money field belongs to
    (``per_m2``), so the words can give its unit.
    """

    action: Action
    path: str
    subject: list[dict[str, str]]
    field: str
    before: Any = None
    after: Any = None
    price_kind: str | None = None
    # For a matrix cell: the width and height (mm) of the breakpoint it prices.
    cell: tuple[int, int] | None = None


def _plain(catalog: Catalog) -> dict[str, Any]:
    # Decimals stay Decimal so a rate of 41 and 41.00 compare equal and are worded as money.
    data = msgspec.to_builtins(catalog, builtin_types=(Decimal,))
    assert isinstance(data, dict)
    return data


def diff_catalogs(old: Catalog, new: Catalog) -> list[Change]:
    """Every difference from ``old`` to ``new`` in catalog order (the new one's, removals where they were)."""
    out: list[Change] = []
    _walk(_plain(old), _plain(new), "", [], "", None, out)
    return out


def _is_labels(value: object) -> bool:
    return isinstance(value, Mapping) and bool(value) and set(value) <= _LANG_KEYS


def _key_of(item: object) -> str | None:
    if isinstance(item, Mapping):
        for key in _ID_KEYS:
            if isinstance(item.get(key), str):
                return str(item[key])
    return None


def _keyed(items: list[Any]) -> dict[str, Any] | None:
    """``items`` by their id, or None when they are not all things with distinct ids."""
    keys = [_key_of(item) for item in items]
    if any(k is None for k in keys) or len(set(keys)) != len(keys):
        return None
    return {str(k): item for k, item in zip(keys, items, strict=True)}


def _join(path: str, part: str) -> str:
    return f"{path}.{part}" if path else part


def _subject_of(value: Any) -> dict[str, str] | None:
    label = value.get("label") if isinstance(value, Mapping) else None
    return {str(k): str(v) for k, v in label.items()} if isinstance(label, Mapping) and _is_labels(label) else None


def _walk(old: Any, new: Any, path: str, subject: list[dict[str, str]], field: str,
          price_kind: str | None, out: list[Change]) -> None:
    if old == new:
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping) and not (_is_labels(old) or _is_labels(new)):
        _walk_mapping(old, new, path, subject, field, price_kind, out)
        return
    if isinstance(old, list) and isinstance(new, list):
        if _walk_list(old, new, path, subject, field, price_kind, out):
            return
    out.append(Change(action="changed", path=path, subject=subject, field=field, before=old, after=new,
                      price_kind=price_kind if _money(field) else None))


def _money(field: str) -> bool:
    return field.rpartition(".")[2] in MONEY_FIELDS


def _walk_mapping(old: Mapping[str, Any], new: Mapping[str, Any], path: str, subject: list[dict[str, str]],
                  field: str, price_kind: str | None, out: list[Change]) -> None:
    # A price's kind is known on both sides; the new one's unit words a changed rate.
    kind = new.get("kind") if isinstance(new.get("kind"), str) else price_kind
    if "kind" in old and "kind" in new and old.get("kind") != new.get("kind"):
        kind = new["kind"]
    for key in [*new.keys(), *(k for k in old if k not in new)]:
        before, after = old.get(key), new.get(key)
        if before is None and after is None:
            continue
        here = _join(path, key)
        if before is None or after is None:
            out.append(Change(action="changed", path=here, subject=subject, field=_join(field, key),
                              before=before, after=after, price_kind=kind if key in MONEY_FIELDS else None))
            continue
        if key == "prices" and _is_matrix(old, new):
            _walk_matrix(old, new, here, subject, _join(field, key), kind, out)
            continue
        _walk(before, after, here, subject, _join(field, key), kind, out)


def _is_matrix(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Both sides are matrices on the same breakpoints, so cells can be compared one by one."""
    return (old.get("kind") == new.get("kind") == "matrix" and old.get("widths") == new.get("widths")
            and old.get("heights") == new.get("heights"))


def _walk_matrix(old: Mapping[str, Any], new: Mapping[str, Any], path: str, subject: list[dict[str, str]],
                 field: str, kind: str | None, out: list[Change]) -> None:
    widths, heights = new["widths"], new["heights"]
    for i, (row_old, row_new) in enumerate(zip(old["prices"], new["prices"], strict=True)):
        for j, (a, b) in enumerate(zip(row_old, row_new, strict=True)):
            if a != b:
                out.append(Change(action="changed", path=f"{path}[{i}][{j}]", subject=subject, field=field,
                                  before=a, after=b, price_kind=kind, cell=(widths[j], heights[i])))


def _walk_list(old: list[Any], new: list[Any], path: str, subject: list[dict[str, str]], field: str,
               price_kind: str | None, out: list[Change]) -> bool:
    """Compare two lists of things by id; False when they are plain lists (compared as one value)."""
    before, after = _keyed(old), _keyed(new)
    if before is None or after is None or not (before or after):
        return False
    for key in [*after, *(k for k in before if k not in after)]:
        here = f"{path}[{key}]"
        a, b = before.get(key), after.get(key)
        if a is None or b is None:
            thing = b if a is None else a
            label = _subject_of(thing)
            out.append(Change(action="added" if a is None else "removed", path=here,
                              subject=[*subject, label] if label else subject, field="" if label else field,
                              before=None if a is None else key, after=key if a is None else None))
            continue
        # A thing is named as it is called now; one whose name was wiped, as it was called.
        label = _subject_of(b) or _subject_of(a)
        if label is not None:
            _walk(a, b, here, [*subject, label], "", price_kind, out)
        else:
            _walk(a, b, here, subject, _join(field, key), price_kind, out)
    return True
