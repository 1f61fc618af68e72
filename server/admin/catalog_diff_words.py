"""A catalog change (:mod:`server.engine.catalog_diff`) in the back office's words.

"Triple glas (Ug 0,6): € 42,00/m² → € 44,50/m²": money with :func:`server.i18n.format_money` and
the unit of the price's kind, lengths in the dealer's units, labels in the reader's language. The
thing's parents (product, group) come apart as ``context`` so the history page can show them in
their own column.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from server.admin.texts import texts
from server.engine.catalog_diff import Change
from server.engine.i18n import pick
from server.i18n import format_money, format_number
from server.i18n.lengths import Units, format_size

__all__ = ["Worded", "word_change"]

# The thing an id in a path names, by the list it is in.
_THINGS = ("products", "layouts", "options", "values", "rules", "prices", "openings")
_SHORT = 80  # a value without words of its own (a condition, a tree) is shown cut to this


class Worded(msgspec.Struct, frozen=True, kw_only=True):
    """One change as the history page shows it: the sentence and where in the catalog it is."""

    text: str
    context: str
    action: str
    path: str


def _unit(kind: str | None, lang: str) -> str:
    t = texts(lang)
    return t.get(f"history_unit_{kind}", "") if kind else ""


def _money(value: Any, kind: str | None, lang: str, currency: str) -> str:
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return format_money(Decimal(value), lang, currency) + _unit(kind, lang)
    if isinstance(value, list) and all(isinstance(tier, dict) for tier in value):
        return "; ".join(_tier(tier, kind, lang, currency) for tier in value)
    return _plain(value, lang)


def _tier(tier: dict[str, Any], kind: str | None, lang: str, currency: str) -> str:
    rate = _money(tier.get("rate"), kind, lang, currency)
    up_to = tier.get("up_to")
    return rate if up_to is None else texts(lang)["history_up_to"].format(rate=rate, up_to=format_number(up_to, lang))


def _plain(value: Any, lang: str) -> str:
    t = texts(lang)
    if value is None or value == {} or value == []:
        return t["history_none"]
    if isinstance(value, bool):
        return t["yes"] if value else t["no"]
    if isinstance(value, Decimal | int):
        return format_number(value, lang)
    if isinstance(value, dict) and value and set(value) <= {"nl", "en", "de"}:
        return f"“{pick(value, lang)}”"
    if isinstance(value, str):
        return f"“{value}”" if value else "“”"
    text = msgspec.json.encode(value).decode()
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def _thing(path: str, lang: str) -> str:
    """The kind of thing the last id of ``path`` names (a value, a rule, ...)."""
    last = path.rpartition("]")[0].rpartition("[")[0].rpartition(".")[2]
    return texts(lang).get(f"history_thing_{last}", "") if last in _THINGS else ""


def _field(field: str, lang: str) -> str:
    t = texts(lang)
    last = field.rpartition(".")[2]
    return t.get(f"history_field_{last}", field)


def word_change(change: Change, lang: str, currency: str = "EUR", units: Units = "metric") -> Worded:
    """``change`` in words in ``lang``; money in ``currency``, matrix breakpoints in ``units``."""
    t = texts(lang)
    names = [pick(labels, lang) for labels in change.subject]
    subject = names[-1] if names else t["history_subject_catalog"]
    context = " › ".join(names[:-1])
    if change.action in ("added", "removed"):
        key = "history_added" if change.action == "added" else "history_removed"
        text = t[key].format(thing=_thing(change.path, lang) or t["history_thing_other"], subject=subject)
    elif change.cell is not None:
        text = t["history_changed_cell"].format(
            subject=subject, size=format_size(change.cell[0], change.cell[1], lang, units),
            before=_money(change.before, change.price_kind, lang, currency),
            after=_money(change.after, change.price_kind, lang, currency))
    elif change.price_kind is not None or change.field.rpartition(".")[2] == "minimum_price":
        before = _money(change.before, change.price_kind, lang, currency) if change.before is not None \
            else t["history_none"]
        after = _money(change.after, change.price_kind, lang, currency) if change.after is not None \
            else t["history_none"]
        # A price's main amount needs no field name: "Triple glas: € 42,00/m² → € 44,50/m²".
        if change.field.rpartition(".")[2] in ("rate", "amount"):
            text = t["history_changed_price"].format(subject=subject, before=before, after=after)
        else:
            text = t["history_changed"].format(subject=subject, field=_field(change.field, lang),
                                               before=before, after=after)
    else:
        text = t["history_changed"].format(subject=subject, field=_field(change.field, lang),
                                           before=_plain(change.before, lang), after=_plain(change.after, lang))
    return Worded(text=text, context=context, action=change.action, path=change.path)
